//! Search: every year has an index of its records (title, labels, text),
//! and its search page finds records by Chinese words in a real browser.
//! The browser test needs Chromium, so it is ignored by a plain
//! `cargo test`; `.ci/run` runs it.

mod common;

use std::path::Path;
use std::process::Command;

use common::{sample_records, zerenzhi};
use serde_json::Value;

fn build(out: &Path, extra: &[&str]) {
    let records = sample_records();
    let mut args = vec![
        "build",
        "--no-history",
        "--as-of",
        "2026-11-26",
        "--records",
        records.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    let result = zerenzhi(&args);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
}

/// The entries of a year's index script.
fn index(site: &Path, year: i32) -> Vec<Value> {
    let script = std::fs::read_to_string(site.join(format!("{year}/search-index.js"))).unwrap();
    let prefix = format!("(window.ZERENZHI_SEARCH = window.ZERENZHI_SEARCH || {{}})[\"{year}\"] = ");
    let json = script.strip_prefix(&prefix).unwrap().trim_end().trim_end_matches(';');
    serde_json::from_str::<Vec<Value>>(json).unwrap()
}

#[test]
fn every_year_has_an_index_of_its_records_text() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build(&site, &[]);
    for year in [2025, 2026] {
        let entries = index(&site, year);
        let pages = std::fs::read_dir(site.join(format!("records/{year}")))
            .unwrap()
            .map(|d| std::fs::read_dir(d.unwrap().path()).unwrap().count())
            .sum::<usize>();
        assert_eq!(entries.len(), pages, "{year}: one entry a record page");
        for e in &entries {
            assert!(site.join(e["u"].as_str().unwrap()).is_file(), "{e}");
            let text = e["x"].as_str().unwrap();
            assert!(!text.contains('<') || !text.contains("</"), "text, not markup: {text}");
        }
        assert!(site.join(format!("{year}/search.html")).is_file());
    }
    let plan = index(&site, 2026)
        .into_iter()
        .find(|e| e["u"] == "records/2026/leadership/2026-01-15-annual-plan.html")
        .unwrap();
    assert_eq!(plan["k"], "工作部署");
    assert_eq!(plan["s"], "领导班子");
    // the people its fields name, so that a search for a name finds it
    let people = plan["p"].as_str().unwrap();
    assert!(people.contains("陈静") && people.contains("李华"), "{plan}");
    assert!(
        plan["x"]
            .as_str()
            .unwrap()
            .starts_with("2026年1月15日，办公室党支部召开会议"),
        "{plan}"
    );
    // every page has the search box, pointing at its year's search page
    let dashboard = std::fs::read_to_string(site.join("2026/index.html")).unwrap();
    assert!(dashboard.contains("<form class=\"search-box\" role=\"search\" action=\"../2026/search.html\">"));

    // a public build indexes only what it publishes
    let public = out.path().join("public");
    build(&public, &["--public"]);
    let restricted = index(&site, 2026).len() - index(&public, 2026).len();
    assert!(restricted > 0);
}

#[test]
#[ignore = "needs Chromium; run by .ci/run"]
fn the_search_page_finds_records_by_chinese_words_in_a_browser() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build(&site, &[]);
    let profile = tempfile::tempdir().unwrap();
    let search = |query: &str| -> String {
        let url = format!("file://{}/2026/search.html?{query}", site.display());
        let dom = Command::new("chromium")
            .args(zerenzhi::print::HEADLESS)
            .args(["--virtual-time-budget=3000", "--dump-dom"])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(url)
            .output()
            .expect("run chromium");
        String::from_utf8_lossy(&dom.stdout).to_string()
    };
    // two words, both required; Chinese matched as written
    let dom = search("q=民主生活会%20综合科");
    // the section's own meetings, and the office's records that name the
    // section in their fields (the inspection of 综合科 mentions its
    // 民主生活会)
    assert!(dom.contains("找到 4 份记录"), "{dom}");
    assert!(
        dom.contains("href=\"../records/2026/leadership/2026-09-22-inspection.html\""),
        "{dom}"
    );
    assert!(dom.contains("<mark>民主生活会</mark>"));
    assert!(dom.contains("href=\"../records/2026/zonghe/"));
    // a word from the text only, and all years
    let dom = search("q=公务接待&scope=all");
    assert!(dom.contains("份记录"), "{dom}");
    assert!(dom.contains("records/2025/"), "{dom}");
    // nothing found says so
    let dom = search("q=不存在的词语");
    assert!(dom.contains("没有找到包含“不存在的词语”的记录"), "{dom}");
}
