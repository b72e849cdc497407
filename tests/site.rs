//! `zerenzhi build`: golden pages, links, atomic replacement, determinism,
//! public builds and template overrides.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{Tree, check_links, golden, sample_records, zerenzhi};

/// A small unit with a bit of everything.
fn small_tree() -> Tree {
    Tree::new()
        .record(
            "2026/leadership/2026-01-10-plan.md",
            "kind = \"plan\"\ntitle = \"2026年工作要点\"\ndate = 2026-01-10\nchair = \"dir\"\ntargets = [\"leadership\", \"s1\", \"s2\"]",
        )
        .file(
            "2026/leadership/2026-03-02-meeting.md",
            "+++\nkind = \"special_meeting\"\ntitle = \"第一次专题会议\"\ndate = 2026-03-02\nchair = \"dir\"\nattendees = [\"dir\", \"dep\"]\nattachments = [\"attachments/纪要 1.pdf\"]\n+++\n\n## 议程\n\n1. 传达精神；\n2. 研究部署。\n\n| 事项 | 责任人 |\n|---|---|\n| 警示教育 | 副主任乙 |\n\n<script>alert('x')</script>\n",
        )
        .file("2026/leadership/attachments/纪要 1.pdf", "%PDF-1.4 test")
        .record(
            "2026/leadership/2026-06-20-assessment.md",
            "kind = \"assessment\"\ntitle = \"上半年考核\"\ndate = 2026-06-20\ntargets = [\"s1\", \"s2\"]",
        )
        .record(
            "2026/s1/2026-07-01-finding.md",
            "kind = \"finding\"\ntitle = \"台账不全\"\ndate = 2026-07-01\ndeadline = 2026-08-31\nstatus = \"open\"\nowner = \"c1\"\nsource = \"2026/leadership/2026-06-20-assessment\"",
        )
        .record(
            "2026/s1/2026-05-10-life.md",
            "kind = \"life_meeting\"\ntitle = \"一科民主生活会\"\ndate = 2026-05-10\nchair = \"c1\"\nattendees = [\"c1\", \"st\", \"dep\"]",
        )
        .record(
            "2026/s2/2026-04-02-petition.md",
            "kind = \"petition\"\ntitle = \"反映噪音问题\"\ndate = 2026-04-02\nstatus = \"closed\"\nclosed_on = 2026-05-01\npetitioner = \"赵小明\"",
        )
        .record(
            "2026/s2/2026-09-09-talk.md",
            "kind = \"talk\"\ntitle = \"机密谈话CANARY\"\ndate = 2026-09-09\nperson = \"c2\"\nby = \"dep\"\nvisibility = \"restricted\"",
        )
        .record("2025/leadership/2025-12-20-summary.md", "kind = \"year_summary\"\ntitle = \"2025年总结\"\ndate = 2025-12-20")
}

fn build(records: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let records = records.to_string_lossy().to_string();
    let out = out.to_string_lossy().to_string();
    let mut args = vec![
        "build",
        "--records",
        records.as_str(),
        "--out",
        out.as_str(),
        "--as-of",
        "2026-11-26",
    ];
    args.extend_from_slice(extra);
    zerenzhi(&args)
}

/// Every file of a folder: relative path → bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().to_string();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn golden_pages_of_a_small_tree() {
    let tree = small_tree();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let result = build(tree.path(), &site, &[]);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    for (page, name) in [
        ("2026/index.html", "site-dashboard.html"),
        ("2026/sections/s1.html", "site-section.html"),
        ("2026/people/dep.html", "site-person.html"),
        ("records/2026/leadership/2026-03-02-meeting.html", "site-record.html"),
        ("2026/findings.html", "site-findings.html"),
        ("2026/timeline.html", "site-timeline.html"),
        ("index.html", "site-index.html"),
    ] {
        let html = std::fs::read_to_string(site.join(page)).unwrap_or_else(|_| panic!("{page}"));
        golden(name, &html);
    }
}

#[test]
fn every_internal_link_resolves_in_the_sample_site() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let result = build(&sample_records(), &site, &[]);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let checked = check_links(&site);
    assert!(checked > 1000, "{checked}");
    // attachments are copied
    assert!(
        site.join("files/2026/leadership/attachments/2026-02-26-会议纪要.pdf")
            .is_file()
    );
}

#[test]
fn every_internal_link_resolves_in_the_small_site() {
    let tree = small_tree();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    assert_eq!(build(tree.path(), &site, &[]).status.code(), Some(0));
    check_links(&site);
    // a name with a space is copied under a safe one
    assert!(site.join("files/_/0/2026/leadership/attachments/纪要_1.pdf").is_file());
}

#[test]
fn a_failed_build_leaves_the_previous_site_intact() {
    let tree = small_tree();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    assert_eq!(build(tree.path(), &site, &[]).status.code(), Some(0));
    let before = snapshot(&site);
    let records_before = snapshot(tree.path());

    let tree = tree.record("2026/s1/bad.md", "kind = \"plan\"\ntitle = \"x\"\ndate = 2026-02-30");
    let result = build(tree.path(), &site, &[]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("E-DATE") && stderr.contains("未生成网站"), "{stderr}");
    assert_eq!(snapshot(&site), before);
    // no temporary folder is left beside it (only the empty lock file the
    // builds into it share)
    let mut names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert_eq!(names, [".site.lock", "site"]);
    assert_eq!(std::fs::metadata(out.path().join(".site.lock")).unwrap().len(), 0);
    // the records were only read
    let mut records_after = snapshot(tree.path());
    records_after.remove("2026/s1/bad.md");
    assert_eq!(records_after, records_before);
}

#[test]
fn a_template_error_leaves_the_previous_site_intact() {
    let tree = small_tree();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    assert_eq!(build(tree.path(), &site, &[]).status.code(), Some(0));
    let before = snapshot(&site);
    let theme = tempfile::tempdir().unwrap();
    std::fs::write(
        theme.path().join("record.html"),
        "{% extends \"base.html\" %}{% block main %}{{ nope.missing }}{% endblock main %}",
    )
    .unwrap();
    let result = build(tree.path(), &site, &["--templates", &theme.path().to_string_lossy()]);
    assert_eq!(result.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&result.stderr).contains("record.html"));
    assert_eq!(snapshot(&site), before);
}

#[test]
fn building_twice_gives_identical_bytes() {
    let out = tempfile::tempdir().unwrap();
    let (a, b) = (out.path().join("a"), out.path().join("b"));
    assert_eq!(build(&sample_records(), &a, &[]).status.code(), Some(0));
    assert_eq!(build(&sample_records(), &b, &[]).status.code(), Some(0));
    let (a, b) = (snapshot(&a), snapshot(&b));
    assert!(a.len() > 100);
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(b[path] == *bytes, "{path} differs");
    }
}

#[test]
fn restricted_records_leave_no_trace_in_a_public_build() {
    let tree = small_tree();
    let out = tempfile::tempdir().unwrap();
    let internal = out.path().join("internal");
    let public = out.path().join("public");
    assert_eq!(build(tree.path(), &internal, &[]).status.code(), Some(0));
    assert_eq!(build(tree.path(), &public, &["--public"]).status.code(), Some(0));
    let grep = |dir: &Path, needle: &str| {
        snapshot(dir)
            .into_iter()
            .filter(|(path, bytes)| path.contains(needle) || String::from_utf8_lossy(bytes).contains(needle))
            .map(|(p, _)| p)
            .collect::<Vec<_>>()
    };
    assert!(!grep(&internal, "CANARY").is_empty());
    assert_eq!(grep(&public, "CANARY"), Vec::<String>::new());
    assert_eq!(grep(&public, "2026-09-09-talk"), Vec::<String>::new());
    // petitioners are masked everywhere, and absent from a public build
    assert!(grep(&internal, "赵小明").is_empty());
    assert!(!grep(&internal, "赵**").is_empty());
    assert!(grep(&public, "赵**").is_empty());
    let personal = out.path().join("personal");
    assert_eq!(
        build(tree.path(), &personal, &["--include-personal"]).status.code(),
        Some(0)
    );
    assert!(!grep(&personal, "赵小明").is_empty());
}

#[test]
fn markdown_is_rendered_and_raw_script_removed() {
    let tree = small_tree();
    let out = tempfile::tempdir().unwrap();
    assert_eq!(build(tree.path(), out.path(), &[]).status.code(), Some(0));
    let page = std::fs::read_to_string(out.path().join("records/2026/leadership/2026-03-02-meeting.html")).unwrap();
    assert!(page.contains("<table>") && page.contains("<h2>议程</h2>") && page.contains("<ol>"));
    assert!(!page.contains("<script"));
}

#[test]
fn templates_can_be_overridden_by_name() {
    let tree = small_tree();
    let theme = tempfile::tempdir().unwrap();
    std::fs::write(
        theme.path().join("timeline.html"),
        "{% extends \"base.html\" %}{% block main %}<p>自定义时间线 {{ months | length }}</p>{% endblock main %}",
    )
    .unwrap();
    std::fs::write(theme.path().join("style.css"), "body { color: black }").unwrap();
    std::fs::create_dir(theme.path().join("assets")).unwrap();
    std::fs::write(theme.path().join("assets/fangsong.woff2"), "font").unwrap();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let result = build(tree.path(), &site, &["--templates", &theme.path().to_string_lossy()]);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let timeline = std::fs::read_to_string(site.join("2026/timeline.html")).unwrap();
    assert!(timeline.contains("<p>自定义时间线 7</p>"), "{timeline}");
    assert_eq!(
        std::fs::read_to_string(site.join("assets/style.css")).unwrap(),
        "body { color: black }"
    );
    assert!(site.join("assets/fangsong.woff2").is_file());
    // the other pages keep the built-in templates
    assert!(
        std::fs::read_to_string(site.join("2026/index.html"))
            .unwrap()
            .contains("年度党风廉政建设责任制落实情况")
    );
}

#[test]
fn never_overwrites_a_folder_that_is_not_a_site() {
    let tree = small_tree();
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("important.docx"), "keep me").unwrap();
    let result = build(tree.path(), out.path(), &[]);
    assert_eq!(result.status.code(), Some(1));
    assert!(out.path().join("important.docx").is_file());
    // nor over the records, nor where the loader would read it as records
    for target in [
        tree.path().to_path_buf(),
        tree.path().join("2026/site"),
        tree.path().join("2026"),
    ] {
        let result = build(tree.path(), &target, &[]);
        assert_eq!(result.status.code(), Some(1), "{}", target.display());
        assert!(!target.join(zerenzhi::write::MARKER).exists(), "{}", target.display());
    }
    assert!(tree.path().join("org.toml").is_file());
    // a top-level folder of a records repository is fine, and is not read
    // back as records
    let result = build(tree.path(), &tree.path().join("site"), &[]);
    assert_eq!(result.status.code(), Some(0));
    assert_eq!(tree.errors(), vec![]);
    assert_eq!(tree.warnings(), vec![]);
}

#[test]
fn year_option_builds_one_year() {
    let tree = small_tree();
    let out = tempfile::tempdir().unwrap();
    let result = build(tree.path(), out.path(), &["--year", "2025"]);
    assert_eq!(result.status.code(), Some(0));
    assert!(out.path().join("2025/index.html").is_file());
    assert!(!out.path().join("2026").exists());
    let index = std::fs::read_to_string(out.path().join("index.html")).unwrap();
    assert!(index.contains("2025/index.html"));
    let result = build(tree.path(), out.path(), &["--year", "2019"]);
    assert_eq!(result.status.code(), Some(2));
}

/// A finding still open at the end of its deadline day is overdue on the
/// tracker and the dashboard, as `check` calls it violated that day.
#[test]
fn a_finding_open_on_its_deadline_day_is_overdue_everywhere() {
    let tree = Tree::new().record(
        "2026/s1/2026-10-01-finding.md",
        "kind = \"finding\"\ntitle = \"台账不全\"\ndate = 2026-10-01\ndeadline = 2026-11-26\nstatus = \"open\"\nowner = \"c1\"",
    );
    let (json, _) = tree.check_json("2026-11-26");
    let outcome = json["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["rule"] == "finding.deadline")
        .unwrap()
        .clone();
    assert_eq!(outcome["status"], "violated", "{outcome}");
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    assert_eq!(build(tree.path(), &site, &[]).status.code(), Some(0));
    for page in ["2026/findings.html", "2026/index.html"] {
        let html = std::fs::read_to_string(site.join(page)).unwrap();
        assert!(html.contains("<span class=\"late\">已到期</span>"), "{page}: {html}");
    }
    let tracker = std::fs::read_to_string(site.join("2026/findings.html")).unwrap();
    assert!(tracker.contains("<tr class=\"row-late\">"), "{tracker}");
}

/// The words of two or more ASCII letters a reader sees on a page: its
/// text, without scripts, styles, charts' markup, tags and `<code>` (ids
/// and commit hashes shown to the staff as such).
fn visible_words(html: &str) -> Vec<String> {
    let mut text = html.to_string();
    for (open, close) in [
        ("<script", "</script>"),
        ("<style", "</style>"),
        ("<svg", "</svg>"),
        ("<code", "</code>"),
        ("<", ">"),
    ] {
        while let Some(at) = text.find(open) {
            let end = text[at..].find(close).map_or(text.len(), |i| at + i + close.len());
            text.replace_range(at..end, " ");
        }
    }
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2)
        .map(str::to_string)
        .collect()
}

#[test]
fn a_reader_meets_no_rule_id_field_key_or_english_word() {
    let out = tempfile::tempdir().unwrap();
    // file types of attachments, named by their file names
    let allowed = ["pdf", "csv", "docx", "xlsx", "jpg", "png"];
    for (name, extra) in [("internal", &[][..]), ("public", &["--public"][..])] {
        let site = out.path().join(name);
        let built = build(&sample_records(), &site, &[extra, &["--no-history"]].concat());
        assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
        let mut found = BTreeMap::new();
        for (page, bytes) in snapshot(&site).into_iter().filter(|(p, _)| p.ends_with(".html")) {
            let html = String::from_utf8(bytes).unwrap();
            for word in visible_words(&html) {
                if !allowed.contains(&word.as_str()) {
                    found.entry(word).or_insert_with(|| page.clone());
                }
            }
        }
        assert!(found.is_empty(), "{name}: {found:#?}");
    }
}

#[test]
fn the_rules_page_follows_the_articles_of_the_measures() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let built = build(&sample_records(), &site, &["--no-history"]);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let page = std::fs::read_to_string(site.join("2026/rules.html")).unwrap();
    let start = page.find("<nav class=\"toc\"").unwrap();
    let toc = &page[start..start + page[start..].find("</nav>").unwrap()];
    let order: Vec<(u32, u32)> = toc
        .split("<li><a href=\"#")
        .skip(1)
        .map(|item| {
            let text = &item[item.find("\">").unwrap() + 2..];
            let article = text.split(' ').next().unwrap();
            zerenzhi::rules::measures::order(article)
        })
        .collect();
    assert_eq!(order.len(), 28);
    assert!(order.windows(2).all(|w| w[0] <= w[1]), "{order:?}");
}
