//! `zerenzhi schema`: the JSON Schemas accept every file of the sample
//! office and reject wrong ones, checked by an independent validator.

mod common;

use std::path::Path;

use common::zerenzhi;
use serde_json::Value;

/// A TOML document as editors validate it: dates become ISO strings.
fn to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(to_json).collect()),
        toml::Value::Table(t) => Value::Object(t.into_iter().map(|(k, v)| (k, to_json(v))).collect()),
    }
}

fn parse(text: &str) -> Value {
    to_json(toml::from_str::<toml::Value>(text).unwrap())
}

/// The front matter of a `.md` record, or the whole `.toml` record.
fn front_matter(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    if path.extension().is_some_and(|e| e == "toml") {
        return parse(&text);
    }
    let rest = text.strip_prefix("+++\n").unwrap();
    let end = rest.find("\n+++").unwrap();
    parse(&rest[..end])
}

struct Schemas {
    _dir: tempfile::TempDir,
    org: jsonschema::Validator,
    rules: jsonschema::Validator,
    record: jsonschema::Validator,
}

fn schemas() -> Schemas {
    let dir = tempfile::tempdir().unwrap();
    let out = zerenzhi(&["schema", "--out", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let load = |name: &str| {
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(dir.path().join(name)).unwrap()).unwrap();
        assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#", "{name}");
        jsonschema::validator_for(&schema).unwrap()
    };
    Schemas {
        org: load("org.schema.json"),
        rules: load("rules.schema.json"),
        record: load("record.schema.json"),
        _dir: dir,
    }
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator.iter_errors(instance).map(|e| e.to_string()).collect()
}

#[test]
fn the_schemas_accept_every_sample_file() {
    let s = schemas();
    let records = Path::new(env!("CARGO_MANIFEST_DIR")).join("records");
    let org = parse(&std::fs::read_to_string(records.join("org.toml")).unwrap());
    assert_eq!(errors(&s.org, &org), Vec::<String>::new());
    let builtin = parse(include_str!("../src/rules/builtin.toml"));
    assert_eq!(errors(&s.rules, &builtin), Vec::<String>::new());
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&records) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(&records)
            .unwrap()
            .to_string_lossy()
            .to_string();
        let is_record = rel.starts_with("20")
            && !rel.contains("attachments/")
            && !rel.ends_with("/report.md")
            && (rel.ends_with(".md") || rel.ends_with(".toml"));
        if is_record {
            let fm = front_matter(entry.path());
            assert_eq!(errors(&s.record, &fm), Vec::<String>::new(), "{rel}");
            checked += 1;
        }
    }
    assert!(checked > 80, "{checked}");
}

#[test]
fn the_schemas_reject_wrong_files() {
    let s = schemas();
    let good = r#"
        kind = "talk"
        title = "谈话"
        date = 2026-03-02
        person = "a"
        by = "b"
    "#;
    assert!(s.record.is_valid(&parse(good)));
    // the Chinese name of a kind is accepted as well
    assert!(s.record.is_valid(&parse(&good.replace("\"talk\"", "\"谈话诫勉\""))));
    let wrong = [
        // unknown kind
        good.replace("\"talk\"", "\"meeting\""),
        // a required key of the kind missing
        good.replace("by = \"b\"", ""),
        // a key no record has
        format!("{good}\nchairman = \"a\""),
        // a key of another kind
        format!("{good}\ndeadline = 2026-04-01"),
        // a wrong type
        good.replace("date = 2026-03-02", "date = 20260302"),
        good.replace("date = 2026-03-02", "date = \"3月2日\""),
        // title missing
        good.replace("title = \"谈话\"", ""),
    ];
    for text in wrong {
        assert!(!s.record.is_valid(&parse(&text)), "accepted:\n{text}");
    }
    let org = r#"
        [unit]
        name = "单位"
        [[section]]
        id = "s1"
        name = "一科"
        [[person]]
        id = "p"
        name = "甲"
        roles = ["director"]
    "#;
    assert!(s.org.is_valid(&parse(org)));
    for text in [
        org.replace("\"director\"", "\"boss\""),
        org.replace("id = \"s1\"", "id = \"leadership\""),
        org.replace("id = \"s1\"", "id = \"a/b\""),
        org.replace("name = \"单位\"", ""),
        format!("{org}\n[extra]\nx = 1"),
    ] {
        assert!(!s.org.is_valid(&parse(&text)), "accepted:\n{text}");
    }
    assert!(!s.rules.is_valid(&parse("[[rule]]\nid = \"x\"\nminimum = 2")));
    assert!(
        s.rules
            .is_valid(&parse("[[rule]]\nid = \"education.yearly\"\nlevel = \"required\""))
    );
}

#[test]
fn the_schemas_describe_keys_in_chinese() {
    let record: Value = serde_json::from_str(&zerenzhi::schemas::all()[2].1).unwrap();
    assert_eq!(
        record["properties"]["chair"]["description"],
        "主持人或带队人（人员编号）"
    );
    assert_eq!(record["additionalProperties"], false);
}
