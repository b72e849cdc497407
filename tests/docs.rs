//! The project's own user documentation is kept true to the code: the
//! tables in `docs/*.md` between `<!-- 核对：NAME -->` and `<!-- /核对 -->`
//! are what the code says (keys, kinds, values, error codes, rules), and the
//! prose names every field of `check --format json`. A mismatch prints a
//! diff; `UPDATE_GOLDEN=1 cargo test --test docs` rewrites the tables
//! (refused when `CI` is set).

mod common;

use std::path::{Path, PathBuf};

use zerenzhi::load::schema::RECORD_KEYS;
use zerenzhi::model::{
    Clause, FindingStatus, Issuer, Kind, PetitionStatus, Responsibility, Role, Sanction, Severity, Visibility,
};
use zerenzhi::rules::RuleSet;

fn doc(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs").join(name)
}

/// Every record key: name, Chinese label, type.
fn keys() -> String {
    let mut out = String::from("| 键 | 中文名 | 写法 |\n|---|---|---|\n");
    for k in RECORD_KEYS {
        out.push_str(&format!("| `{}` | {} | {} |\n", k.name, k.zh, k.ty.zh()));
    }
    out
}

/// The keys of org.toml's tables.
fn org_keys() -> String {
    use zerenzhi::load::schema::{PERSON_KEYS, SECTION_KEYS, UNIT_KEYS};
    let mut out = String::from("| 段 | 键 | 中文名 | 写法 |\n|---|---|---|---|\n");
    for (table, keys) in [
        ("[unit]", UNIT_KEYS),
        ("[[section]]", SECTION_KEYS),
        ("[[person]]", PERSON_KEYS),
    ] {
        for k in keys {
            out.push_str(&format!("| `{table}` | `{}` | {} | {} |\n", k.name, k.zh, k.ty.zh()));
        }
    }
    out
}

/// Every kind: Chinese name, id, its own keys, the ones it must have.
fn kinds() -> String {
    let mut out = String::from("| 类型 | `kind` 的值 | 本类型另有的键 | 其中必填 |\n|---|---|---|---|\n");
    let list = |keys: &[&str]| {
        if keys.is_empty() {
            "—".to_string()
        } else {
            keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join("、")
        }
    };
    for k in Kind::ALL {
        out.push_str(&format!(
            "| {} | `{}` | {} | {} |\n",
            k.zh(),
            k.id(),
            list(k.extra_keys()),
            list(k.required_keys())
        ));
    }
    out
}

/// The values of each vocabulary, as `id`（中文）.
fn values() -> String {
    fn line<T: Copy>(key: &str, all: &[T], id: fn(T) -> &'static str, zh: fn(T) -> &'static str) -> String {
        let items: Vec<String> = all.iter().map(|v| format!("`{}`（{}）", id(*v), zh(*v))).collect();
        format!("- `{key}`：{}\n", items.join("、"))
    }
    [
        line("roles", Role::ALL, Role::id, Role::zh),
        line("visibility", Visibility::ALL, Visibility::id, Visibility::zh),
        line(
            "status（来信来访）",
            PetitionStatus::ALL,
            PetitionStatus::id,
            PetitionStatus::zh,
        ),
        line(
            "status（问题整改）",
            FindingStatus::ALL,
            FindingStatus::id,
            FindingStatus::zh,
        ),
        line("clause", Clause::ALL, Clause::id, Clause::zh),
        line("severity", Severity::ALL, Severity::id, Severity::zh),
        line("issuer", Issuer::ALL, Issuer::id, Issuer::zh),
        line(
            "responsibility",
            Responsibility::ALL,
            Responsibility::id,
            Responsibility::zh,
        ),
        line("sanction", Sanction::ALL, Sanction::id, Sanction::zh),
    ]
    .concat()
}

/// Every diagnostic code, as the code of `Message` gives them.
fn codes() -> Vec<String> {
    let source = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/diag/message.rs")).unwrap();
    let start = source.find("pub fn code(&self)").unwrap();
    let body = &source[start..start + source[start..].find("\n    }\n").unwrap()];
    let mut codes: Vec<String> = body
        .split('"')
        .filter(|s| (s.starts_with("E-") || s.starts_with("W-")) && s.len() > 2)
        .map(str::to_string)
        .collect();
    codes.sort();
    codes.dedup();
    codes
}

/// Every built-in rule: id, article, level, title.
fn rules() -> String {
    let mut out = String::from("| 规则编号 | 条文 | 要求 | 内容 |\n|---|---|---|---|\n");
    for r in RuleSet::builtin().rules {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            r.id,
            r.article,
            r.level.zh(),
            r.title
        ));
    }
    out
}

/// The built-in 考核细则: each item with whom it scores, its category,
/// points and form, and the rules it is scored by.
fn scoring() -> String {
    let set = RuleSet::builtin();
    let s = &set.scoring;
    let mut out = String::from(
        "| 项目编号 | 对象 | 类别 | 考核项目 | 分值 | 计分方式 | 依据的规则 |\n|---|---|---|---|---|---|---|\n",
    );
    for i in &s.items {
        let category = i
            .category
            .as_ref()
            .and_then(|c| s.categories.iter().find(|k| &k.id == c))
            .map_or("加分或扣分".to_string(), |c| {
                format!("{}（{}）", c.name, zerenzhi::score::points(c.weight))
            });
        let scope = match i.scope {
            zerenzhi::score::ItemScope::Unit => "办公室",
            zerenzhi::score::ItemScope::Section => "科室",
            zerenzhi::score::ItemScope::Leader => "领导干部",
        };
        let rules: Vec<String> = i.rules.iter().map(|r| format!("`{r}`")).collect();
        out.push_str(&format!(
            "| `{}` | {scope} | {category} | {} | {} | {} | {} |\n",
            i.id,
            i.title,
            zerenzhi::score::points(i.points),
            i.form.zh(),
            if rules.is_empty() {
                "责任追究、表彰奖励记录".to_string()
            } else {
                rules.join("、")
            }
        ));
    }
    let grades: Vec<String> = s
        .grades
        .iter()
        .map(|g| match g.quota {
            Some(q) => format!(
                "{}（{}分以上，不超过{}%）",
                g.name,
                zerenzhi::score::points(g.min),
                zerenzhi::score::points(q)
            ),
            None => format!("{}（{}分以上）", g.name, zerenzhi::score::points(g.min)),
        })
        .collect();
    out.push_str(&format!("\n等次：{}。\n", grades.join("、")));
    out
}

/// Checks (or, with `UPDATE_GOLDEN`, rewrites) the block `name` of `file`.
fn block(file: &Path, name: &str, expected: &str) {
    let text = std::fs::read_to_string(file).unwrap_or_else(|_| panic!("missing {}", file.display()));
    let open = format!("<!-- 核对：{name} -->\n");
    let close = "<!-- /核对 -->";
    let start = text
        .find(&open)
        .unwrap_or_else(|| panic!("{} has no block {name}", file.display()))
        + open.len();
    let end = start + text[start..].find(close).unwrap();
    let actual = &text[start..end];
    if actual == expected {
        return;
    }
    if std::env::var_os("UPDATE_GOLDEN").is_some() && std::env::var_os("CI").is_none() {
        std::fs::write(file, format!("{}{expected}{}", &text[..start], &text[end..])).unwrap();
        return;
    }
    let diff = similar::TextDiff::from_lines(actual, expected)
        .unified_diff()
        .header("docs", "code")
        .to_string();
    panic!("{} block {name} differs from the code:\n{diff}", file.display());
}

#[test]
fn the_format_guide_is_what_the_loader_reads() {
    let file = doc("记录格式.md");
    block(&file, "org.toml", &org_keys());
    block(&file, "键", &keys());
    block(&file, "类型", &kinds());
    block(&file, "取值", &values());
    let text = std::fs::read_to_string(&file).unwrap();
    for code in codes() {
        assert!(
            text.contains(&format!("`{code}`")),
            "docs/记录格式.md does not explain {code}"
        );
    }
}

#[test]
fn the_rules_guide_is_what_check_judges_and_says() {
    let file = doc("规则与检查.md");
    block(&file, "规则", &rules());
    block(&file, "考核细则", &scoring());
    let text = std::fs::read_to_string(&file).unwrap();
    // every field of `check --format json`, as the sample gives them
    let (json, _) = common::Tree::new()
        .record(
            "2026/s1/a.md",
            "kind = \"finding\"\ntitle = \"问题\"\ndate = 2026-03-02\ndeadline = 2026-04-01\nstatus = \"open\"",
        )
        .record("2026/s1/b.md", "kind = \"plan\"\ntitle = \"计划\"\ndate = 2026-13-01")
        .file("2026/s1/x.txt", "stray")
        .check_json("2026-06-30");
    let mut fields: Vec<String> = json.as_object().unwrap().keys().cloned().collect();
    for list in ["rules", "errors", "warnings"] {
        let first = &json[list][0];
        assert!(first.is_object(), "{list} is empty in {json}");
        fields.extend(first.as_object().unwrap().keys().cloned());
    }
    // and of its `scores`: a year, a score, a category, an item, a reason
    let year = &json["scores"][0];
    let unit = &year["unit"];
    let reason = unit["items"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|i| i["reasons"].get(0))
        .expect("a reason");
    for part in [year, unit, &unit["categories"][0], &unit["items"][0], reason] {
        fields.extend(part.as_object().expect("an object").keys().cloned());
    }
    for field in fields {
        assert!(
            text.contains(&format!("`{field}`")),
            "docs/规则与检查.md does not explain `{field}`"
        );
    }
    for status in ["met", "pending", "violated", "required", "advisory"] {
        assert!(
            text.contains(&format!("`{status}`")),
            "docs/规则与检查.md does not explain `{status}`"
        );
    }
}
