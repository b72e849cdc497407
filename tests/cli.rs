//! The CLI as a user runs it: rendered diagnostics (golden files), the
//! sample records, `rules`, `--upcoming` and exit codes.

mod common;

use common::{Tree, golden, sample_records, zerenzhi};

/// A tree with several kinds of mistakes, for the rendered diagnostics.
fn broken_tree() -> Tree {
    Tree::new()
        .record(
            "2026/leadership/2026-03-02-专题会议.md",
            "kind = \"special_meeting\"\ntitle = \"第一次党风廉政专题会议\"\ndate = 2026-03-32\nchair = \"dir\"",
        )
        .record(
            "2026/s1/2026-06-18-民主生活会.md",
            "kind = \"民主生活会\"\ntitel = \"一科民主生活会\"\ndate = 2026-06-18\nattendees = [\"c1\", \"王五\"]",
        )
        .record(
            "2026/s1/2026-07-01-问题.md",
            "kind = \"finding\"\ntitle = \"考核发现的问题\"\ndate = 2026-07-01\nstatus = \"rectified\"\ndeadline = 2026-08-31",
        )
        .file("2026/s1/notes.txt", "备忘")
}

fn normalize(text: &str, tree: &Tree) -> String {
    text.replace(&tree.path().to_string_lossy().to_string(), "<records>")
}

#[test]
fn rendered_diagnostics_zh() {
    let tree = broken_tree();
    let out = tree.run_check(&["--as-of", "2026-12-31", "--year", "2026"]);
    assert_eq!(out.status.code(), Some(1));
    golden(
        "diagnostics.zh.txt",
        &normalize(&String::from_utf8_lossy(&out.stderr), &tree),
    );
}

#[test]
fn rendered_diagnostics_en() {
    let tree = broken_tree();
    let out = tree.run_check(&["--as-of", "2026-12-31", "--year", "2026", "--lang", "en"]);
    golden(
        "diagnostics.en.txt",
        &normalize(&String::from_utf8_lossy(&out.stderr), &tree),
    );
}

fn sample_check(args: &[&str]) -> std::process::Output {
    let records = sample_records();
    let records = records.to_string_lossy();
    zerenzhi(&[&["check", "--records", records.as_ref()], args].concat())
}

#[test]
fn sample_records_have_no_data_errors_and_a_believable_mix() {
    let out = sample_check(&["--format", "json", "--as-of", "2026-11-26"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["errors"], serde_json::json!([]), "{}", json["errors"]);
    assert_eq!(json["warnings"], serde_json::json!([]), "{}", json["warnings"]);
    assert_eq!(json["years"], serde_json::json!([2025, 2026]));
    let count = |status: &str, year: &str| {
        json["rules"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["status"] == status && r["period"].as_str().unwrap().starts_with(year))
            .count()
    };
    // 2026 as of late November: mostly met, some pending, a few violated
    let (met, pending, violated) = (
        count("met", "2026"),
        count("pending", "2026"),
        count("violated", "2026"),
    );
    assert!(
        met > pending + violated && (3..=10).contains(&violated),
        "{met} {pending} {violated}"
    );
    // a required rule is violated in the sample, so check fails
    assert_eq!(out.status.code(), Some(1));
    golden("sample-check.json", &String::from_utf8_lossy(&out.stdout));
}

#[test]
fn loading_twice_gives_identical_results() {
    let a = sample_check(&["--format", "json", "--as-of", "2026-11-26"]);
    let b = sample_check(&["--format", "json", "--as-of", "2026-11-26"]);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn sample_human_output() {
    let out = sample_check(&["--as-of", "2026-11-26", "--year", "2026", "--upcoming", "45"]);
    let text = String::from_utf8_lossy(&out.stdout);
    golden("sample-check.zh.txt", &text);
    assert!(text.contains("即将到期"));
}

#[test]
fn as_of_comes_from_source_date_epoch() {
    let records = sample_records();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zerenzhi"))
        .args(["check", "--format", "json", "--records"])
        .arg(&records)
        // 2027-02-01T00:00:00Z
        .env("SOURCE_DATE_EPOCH", "1801440000")
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["as_of"], "2027-02-01");
}

#[test]
fn upcoming_lists_only_what_falls_due_soon() {
    let out = sample_check(&["--format", "json", "--as-of", "2026-12-20", "--upcoming", "10"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let upcoming = json["upcoming"].as_array().unwrap();
    assert!(!upcoming.is_empty());
    for o in upcoming {
        assert_eq!(o["status"], "pending");
        let due = o["due"].as_str().unwrap();
        assert!(
            ("2026-12-20".."2026-12-31").contains(&due) || due == "2026-12-30" || due == "2026-12-31",
            "{due}"
        );
    }
    // the open petition of October 28 passes 60 days on December 27
    assert!(
        upcoming
            .iter()
            .any(|o| o["rule"] == "petition.handled" && o["due"] == "2026-12-27")
    );
}

#[test]
fn exit_codes() {
    // clean records and no violated required rule: 0
    let tree = Tree::new();
    assert_eq!(tree.run_check(&["--as-of", "2026-01-05"]).status.code(), Some(0));
    // an advisory violation fails only with --deny warnings
    let tree = Tree::new().record(
        "2026/leadership/m.md",
        "kind = \"special_meeting\"\ntitle = \"x\"\ndate = 2026-01-02\nchair = \"dep\"",
    );
    assert_eq!(tree.run_check(&["--as-of", "2026-01-05"]).status.code(), Some(0));
    assert_eq!(
        tree.run_check(&["--as-of", "2026-01-05", "--deny", "warnings"])
            .status
            .code(),
        Some(1)
    );
    // a required violation: 1
    assert_eq!(
        Tree::new()
            .run_check(&["--as-of", "2026-04-01", "--year", "2026"])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn rules_command_lists_effective_rules_with_article_text() {
    let tree = Tree::new().file(
        "rules.toml",
        "[[rule]]\nid = \"meeting.special-twice\"\nmin = 4\n\n[[rule]]\nid = \"education.yearly\"\nenabled = false\n",
    );
    let records = tree.path().to_string_lossy().to_string();
    let out = zerenzhi(&["rules", "--records", &records, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules = json.as_array().unwrap();
    assert_eq!(rules.len(), 27);
    assert!(rules.iter().all(|r| r["id"] != "education.yearly"));
    let meeting = rules.iter().find(|r| r["id"] == "meeting.special-twice").unwrap();
    assert_eq!(meeting["min"], 4);
    assert_eq!(meeting["article"], "第七条（一）");
    assert!(meeting["article_text"].as_str().unwrap().contains("每年至少召开两次"));

    let out = zerenzhi(&["rules", "--records", &records]);
    golden("rules.txt", &String::from_utf8_lossy(&out.stdout));
}

#[test]
fn help_is_in_chinese() {
    let out = zerenzhi(&["check", "--help"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("记录目录") && text.contains("--as-of"), "{text}");
}
