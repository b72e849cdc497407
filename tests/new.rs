//! `zerenzhi new` and `zerenzhi completions`.

mod common;

use common::{Tree, diags, zerenzhi};
use zerenzhi::model::Kind;

#[test]
fn new_writes_a_record_of_every_kind_that_checks_clean() {
    let tree = Tree::new();
    let records = tree.path().to_string_lossy().to_string();
    for (i, kind) in Kind::ALL.iter().enumerate() {
        let section = if i % 2 == 0 { "leadership" } else { "s1" };
        let date = format!("2026-05-{:02}", i + 1);
        // by id for some kinds, by Chinese name for others
        let name = if i % 3 == 0 { kind.zh() } else { kind.id() };
        let out = zerenzhi(&[
            "new",
            name,
            "--records",
            &records,
            "--section",
            section,
            "--date",
            &date,
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{kind:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let path = tree.path().join(format!("2026/{section}/{date}-{}.md", kind.zh()));
        assert!(path.is_file(), "{kind:?}: {}", String::from_utf8_lossy(&out.stdout));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(&format!("kind = \"{}\"", kind.id())) && text.contains("zerenzhi check"));
        // what must be filled is marked
        for key in kind.required_keys() {
            assert!(
                text.contains(&format!("{key} = ")) && text.contains("# 必填"),
                "{kind:?} {key}: {text}"
            );
        }
    }
    // untouched, each is a draft: no error, one warning, and no rule counts
    // it (a template never makes a rule met or violated)
    let (json, _) = tree.check_json("2026-12-31");
    assert_eq!(diags(&json["errors"]), [], "{}", json["errors"]);
    let warnings = diags(&json["warnings"]);
    assert_eq!(warnings.len(), Kind::ALL.len(), "{warnings:?}");
    assert!(warnings.iter().all(|w| w.3 == "W-DRAFT"), "{warnings:?}");
    let findings = |json: &serde_json::Value| {
        json["rules"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["rule"] == "finding.deadline")
            .count()
    };
    assert_eq!(findings(&json), 0);
    // filled in, they check clean and count
    for entry in walkdir::WalkDir::new(tree.path().join("2026")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            std::fs::write(entry.path(), text.replace("（待填写）", "已按要求办理。")).unwrap();
        }
    }
    let (json, _) = tree.check_json("2026-12-31");
    assert_eq!(diags(&json["errors"]), [], "{}", json["errors"]);
    assert_eq!(diags(&json["warnings"]), [], "{}", json["warnings"]);
    assert_eq!(findings(&json), 1);
}

#[test]
fn new_takes_a_kind_loosely_and_lists_the_kinds() {
    let tree = Tree::new();
    let records = tree.path().to_string_lossy().to_string();
    let out = zerenzhi(&[
        "new",
        "生活会",
        "--records",
        &records,
        "--section",
        "s1",
        "--date",
        "2026-05-01",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(tree.path().join("2026/s1/2026-05-01-民主生活会.md")).unwrap();
    assert!(text.contains("kind = \"life_meeting\""), "{text}");
    // the outline of its kind, each part to be filled in
    assert!(text.contains("## 对照检查\n\n（待填写）"), "{text}");
    assert!(!text.contains("deadline"), "{text}");
    let out = zerenzhi(&["new", "life-meeting", "--records", &records, "--date", "2026-05-02"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    // a part of several kinds' names says which they are
    let out = zerenzhi(&["new", "检查", "--records", &records]);
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("可能是：年中检查、巡视检查"), "{said}");
    let help = String::from_utf8_lossy(&zerenzhi(&["new", "--help"]).stdout).to_string();
    for kind in Kind::ALL {
        assert!(
            help.contains(&format!("{}（{}）", kind.zh(), kind.id())),
            "{kind:?}: {help}"
        );
    }
}

#[test]
fn new_uses_the_title_and_never_overwrites() {
    let tree = Tree::new();
    let records = tree.path().to_string_lossy().to_string();
    let args = [
        "new",
        "民主生活会",
        "--records",
        &records,
        "--section",
        "s1",
        "--date",
        "2026-06-18",
        "--title",
        "一科 上半年/民主生活会",
    ];
    let first = zerenzhi(&args);
    assert_eq!(first.status.code(), Some(0));
    let path = tree.path().join("2026/s1/2026-06-18-一科-上半年-民主生活会.md");
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("title = \"一科 上半年/民主生活会\"")
    );
    std::fs::write(&path, "staff edits").unwrap();
    let again = zerenzhi(&args);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("不会覆盖"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "staff edits");
}

#[test]
fn new_explains_unknown_kinds_and_sections() {
    let tree = Tree::new();
    let records = tree.path().to_string_lossy().to_string();
    let out = zerenzhi(&["new", "life_meting", "--records", &records]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("是否想写 `life_meeting`"));
    let out = zerenzhi(&["new", "plan", "--records", &records, "--section", "s3"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有科室 `s3`"));
}

#[test]
fn completions_for_common_shells() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = zerenzhi(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(
            script.contains("zerenzhi") && script.contains("check") && script.contains("as-of"),
            "{shell}"
        );
    }
}

#[test]
fn help_and_usage_errors_are_in_chinese() {
    let out = zerenzhi(&["--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0));
    for words in [
        "用法：zerenzhi <命令>",
        "命令:",
        "init ",
        "serve ",
        "schema ",
        "显示帮助",
    ] {
        assert!(help.contains(words), "{words}: {help}");
    }
    let out = zerenzhi(&["check", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("（可选：human、json；默认：human）"), "{help}");
    assert!(help.contains("用法：zerenzhi check [选项]"), "{help}");
    assert!(!help.contains("[default"), "{help}");
    for (args, says) in [
        (&["chek"][..], "没有 `chek` 这个命令，是否想写"),
        (
            &["check", "--recrods", "x"][..],
            "不认识的选项 `--recrods`，是否想写 `--records`？",
        ),
        (
            &["check", "--lang", "fr"][..],
            "的值 `fr` 不在可选范围内（可选：zh、en）",
        ),
        (
            &["check", "--as-of", "2026-13-01"][..],
            "--as-of <YYYY-MM-DD> 的值 `2026-13-01` 无效",
        ),
        (&["new"][..], "缺少 <KIND>"),
    ] {
        let out = zerenzhi(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(err.contains("--help"), "{err}");
    }
}
