//! Names where ids are expected: a clerk writes 一科 for the section `s1`
//! and 主任甲 for the person `dir`. Each gets the id meant, with the name,
//! and the commands take a section's name wherever they take its id.

mod common;

use common::{Tree, zerenzhi};

/// The message of each error of `check --format json`, by file.
fn messages(tree: &Tree) -> Vec<(String, String, String)> {
    let (json, _) = tree.check_json("2026-12-31");
    json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let text = |k: &str| e[k].as_str().map(str::to_string).unwrap_or_default();
            (text("file"), text("code"), text("message"))
        })
        .collect()
}

fn meeting(extra: &str) -> String {
    format!("kind = \"special_meeting\"\ntitle = \"专题会议\"\ndate = 2026-03-02\n{extra}")
}

#[test]
fn a_folder_named_after_a_section_is_told_its_id() {
    let tree = Tree::new().record("2026/一科/a.md", &meeting(""));
    let found = messages(&tree);
    assert_eq!(found.len(), 1, "{found:?}");
    let (file, code, message) = &found[0];
    assert_eq!((file.as_str(), code.as_str()), ("2026/一科", "E-FOLDER"));
    assert!(message.contains("是否想写 `s1`（一科）？"), "{message}");
}

#[test]
fn a_section_named_where_its_id_belongs_is_told_its_id() {
    let tree = Tree::new()
        .record(
            "2026/leadership/check.md",
            "kind = \"inspection\"\ntitle = \"检查\"\ndate = 2026-03-02\ntargets = [\"二科\"]",
        )
        .record("2026/s1/b.md", &meeting("section = \"一科\""));
    let found = messages(&tree);
    assert_eq!(found.len(), 2, "{found:?}");
    let target = found.iter().find(|(f, ..)| f == "2026/leadership/check.md").unwrap();
    assert_eq!(target.1, "E-SECTION-UNKNOWN");
    assert!(target.2.contains("是否想写 `s2`（二科）？"), "{}", target.2);
    let own = found.iter().find(|(f, ..)| f == "2026/s1/b.md").unwrap();
    assert_eq!(own.1, "E-SECTION");
    assert!(own.2.contains("是科室的名称，编号是 `s1`"), "{}", own.2);
}

#[test]
fn a_person_named_where_an_id_belongs_is_told_the_id() {
    let tree = Tree::new().record("2026/leadership/a.md", &meeting("chair = \"主任甲\""));
    let found = messages(&tree);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "E-PERSON");
    assert!(found[0].2.contains("是否想写 `dir`"), "{}", found[0].2);
}

#[test]
fn new_takes_a_section_by_its_name() {
    let tree = Tree::new();
    let records = tree.path().to_string_lossy().to_string();
    let out = zerenzhi(&[
        "new",
        "special_meeting",
        "--records",
        &records,
        "--section",
        "一科",
        "--title",
        "专题会议",
        "--date",
        "2026-03-02",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let made: Vec<_> = std::fs::read_dir(tree.path().join("2026/s1")).unwrap().collect();
    assert_eq!(made.len(), 1);
    // and a name that is no section's is still an error
    let out = zerenzhi(&["new", "special_meeting", "--records", &records, "--section", "三科"]);
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("没有科室 `三科`"), "{said}");
}
