//! The year-end 专题报告: the draft from the records, the staff's narrative
//! overriding it heading by heading, and problems drawn from violations.

mod common;

use common::{Tree, golden, zerenzhi};

fn tree() -> Tree {
    Tree::new()
        .record(
            "2026/leadership/2026-01-10-plan.md",
            "kind = \"plan\"\ntitle = \"2026年党风廉政建设工作要点\"\ndate = 2026-01-10\ntargets = [\"s1\", \"s2\"]",
        )
        .record(
            "2026/leadership/2026-03-02-meeting.md",
            "kind = \"special_meeting\"\ntitle = \"第一次专题会议\"\ndate = 2026-03-02\nchair = \"dir\"",
        )
        .record(
            "2026/leadership/2026-04-10-education.md",
            "kind = \"education\"\ntitle = \"警示教育大会\"\ndate = 2026-04-10\nparticipants_count = 30",
        )
        .record(
            "2026/s1/2026-07-01-finding.md",
            "kind = \"finding\"\ntitle = \"台账不全\"\ndate = 2026-07-01\ndeadline = 2026-08-31\nstatus = \"open\"\nowner = \"c1\"",
        )
        .record(
            "2026/s1/2026-05-10-life.md",
            "kind = \"life_meeting\"\ntitle = \"一科上半年民主生活会\"\ndate = 2026-05-10\nchair = \"c1\"\nattendees = [\"c1\", \"dep\"]",
        )
        .record(
            "2026/leadership/2027-01-20-report.md",
            "kind = \"special_report\"\ntitle = \"2026年度专题报告\"\ndate = 2027-01-20\nto = \"测试市纪委\"",
        )
        .file(
            "2026/report.md",
            "今年我办在市纪委指导下扎实推进党风廉政建设。\n\n## 四、下一步工作打算\n\n1. 人工撰写的第一项打算；\n2. 人工撰写的第二项打算。\n\n### （二）教育\n\n人工撰写的教育工作情况。\n\n## 五、其他需要报告的事项\n\n无。\n",
        )
        .file("2026/s1/report.md", "## 三、存在的问题\n\n一科自己写的问题分析。\n")
}

fn build(tree: &Tree, as_of: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let result = zerenzhi(&[
        "build",
        "--records",
        &tree.path().to_string_lossy(),
        "--out",
        &site.to_string_lossy(),
        "--as-of",
        as_of,
    ]);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    out
}

fn page(out: &tempfile::TempDir, path: &str) -> String {
    std::fs::read_to_string(out.path().join("site").join(path)).unwrap()
}

#[test]
fn unit_report_is_drafted_and_overridden_heading_by_heading() {
    let out = build(&tree(), "2027-02-01");
    let html = page(&out, "2026/report/index.html");
    golden("report-unit.html", &html);
    // title, addressee, signature and date (the special report record's day)
    assert!(html.contains("关于2026年度落实党风廉政建设责任制情况的专题报告"));
    assert!(html.contains("<p class=\"doc-to\">测试市纪委：</p>"));
    assert!(html.contains("<p class=\"issuer\">测试市人民政府办公室</p>") && html.contains("<p>2027年1月20日</p>"));
    // the narrative's opening, part 四 and sub-part （二） replace the draft
    assert!(html.contains("今年我办在市纪委指导下扎实推进党风廉政建设。"));
    assert!(!html.contains("现将2026年度落实党风廉政建设责任制情况报告如下"));
    assert!(html.contains("人工撰写的第一项打算") && !html.contains("我们将坚持问题导向"));
    assert!(html.contains("（二）教育") && html.contains("人工撰写的教育工作情况") && !html.contains("参加30人次"));
    // a heading the draft does not have is added as a new part
    assert!(html.contains("四、其他需要报告的事项"));
    // the other parts stay drafted, citing the records with links
    assert!(html.contains(
        "召开领导班子党风廉政工作专题会议1次（<a href=\"../../records/2026/leadership/2026-03-02-meeting.html\">3月2日</a>）"
    ));
    assert!(html.contains(
        "1月10日印发<a href=\"../../records/2026/leadership/2026-01-10-plan.html\">《2026年党风廉政建设工作要点》</a>"
    ));
    // 存在的问题 is drawn from the violations as of the date, one problem
    // per rule, generalised over the sections it concerns
    assert!(
        html.contains("是专题研究党风廉政建设不够经常。全年召开领导班子党风廉政工作专题会议少于两次，只召开了1次。")
    );
    assert!(html.contains("是部分科室民主生活会召开次数不足。一科、二科全年召开廉洁自律专题民主生活会少于两次。"));
    assert!(html.contains(
        "“<a href=\"../../records/2026/s1/2026-07-01-finding.html\">台账不全</a>”已超过整改期限，至今未整改到位"
    ));
    // past ten the problems count on: 十一是, 十二是
    assert!(html.contains("十一是") && html.contains("十三是") && html.matches("十是").count() == 1);
    // ends with 特此报告 and lists what is attached, which follows
    let closing = html.find("<p>特此报告。</p>").unwrap();
    let note = html.find("附件：1. 2026年度党风廉政建设责任制落实情况统计表").unwrap();
    let annex = html.find("<p class=\"annex-no\">附件1</p>").unwrap();
    assert!(closing < note && note < annex);
    assert!(html.contains("详见附件2") && html.contains("<p class=\"annex-no\">附件2</p>"));
}

#[test]
fn section_report_goes_to_the_party_branch() {
    let out = build(&tree(), "2027-02-01");
    let html = page(&out, "2026/report/s1.html");
    golden("report-section.html", &html);
    assert!(html.contains("一科关于2026年度落实党风廉政建设责任制情况的报告"));
    assert!(html.contains("<p class=\"doc-to\">测试办党支部：</p>"));
    assert!(html.contains("一科自己写的问题分析") && !html.contains("对照实施办法逐条检查"));
    assert!(html.contains("召开廉洁自律专题民主生活会1次"));
    // its ledger is attached as its only attachment
    assert!(html.contains("附件：2026年度问题整改台账") && html.contains("详见附件。"));
    // s2 has no narrative and nothing filed: its report leaves out what it
    // did not do (no 尚无 line) and says what is missing as its own problems
    let s2 = page(&out, "2026/report/s2.html");
    assert!(!s2.contains("尚无") && !s2.contains("尚未召开"), "{s2}");
    assert!(
        s2.contains("是民主生活会召开次数不足。二科全年召开廉洁自律专题民主生活会少于两次。"),
        "{s2}"
    );
    assert!(s2.contains("是未按时报告责任制落实情况。"), "{s2}");
}

#[test]
fn without_violations_the_report_says_so() {
    let out = build(
        &Tree::new().record(
            "2026/leadership/a.md",
            "kind = \"plan\"\ntitle = \"要点\"\ndate = 2026-01-05",
        ),
        "2026-01-05",
    );
    let html = page(&out, "2026/report/index.html");
    assert!(
        html.contains("截至2026年1月5日，未发现责任制落实不到位的问题。"),
        "{html}"
    );
    // dated the as-of day when no special report record exists yet
    assert!(html.contains("<p>2026年1月5日</p>"));
}

#[test]
fn the_dossier_holds_every_record_of_the_year() {
    let out = build(&tree(), "2027-02-01");
    let html = page(&out, "2026/dossier.html");
    assert_eq!(html.matches("class=\"dossier-entry\"").count(), 6);
    let first = html.find("2026年党风廉政建设工作要点").unwrap();
    let last = html.find("2026年度专题报告").unwrap();
    assert!(first < last);
}

#[test]
fn pdf_without_chromium_says_how_to_install_it() {
    let tree = tree();
    let empty = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zerenzhi"))
        .args([
            "pdf",
            "--records",
            &tree.path().to_string_lossy(),
            "--as-of",
            "2027-02-01",
        ])
        .current_dir(empty.path())
        .env("PATH", empty.path())
        .env_remove("ZERENZHI_CHROMIUM")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("未找到 Chromium") && stderr.contains("apt-get install chromium"),
        "{stderr}"
    );
    assert!(!empty.path().join("pdf").exists());
}

/// The text a reader of a report page meets: the article, without tags.
fn article_text(html: &str) -> String {
    let start = html.find("<article").unwrap();
    let end = html.find("</article>").unwrap();
    let mut text = String::new();
    let mut in_tag = false;
    for c in html[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&amp;", "&").replace("&quot;", "\"")
}

/// What no report may say: an English word or field key, corner quotes,
/// a sentence counting nothing ("0件"), an empty "尚无" line.
fn machine_words(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let context = || {
            chars[i.saturating_sub(12)..(i + 12).min(chars.len())]
                .iter()
                .collect::<String>()
        };
        if c.is_ascii_alphabetic() || *c == '「' || *c == '」' || *c == '_' {
            found.push(context());
        }
        let lone_zero = *c == '0' && (i == 0 || !(chars[i - 1].is_ascii_digit() || chars[i - 1] == '.'));
        if lone_zero && chars.get(i + 1).is_some_and(|n| "件次个人项起份名".contains(*n)) {
            found.push(context());
        }
    }
    if text.contains("尚无") {
        found.push("尚无".into());
    }
    found
}

fn reports(site: &std::path::Path, year: &str) -> Vec<(String, String)> {
    let dir = site.join(year).join("report");
    let mut pages: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    pages.push(dir.join("index.html"));
    pages.sort();
    pages.dedup();
    pages
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| {
            (
                p.display().to_string(),
                article_text(&std::fs::read_to_string(&p).unwrap()),
            )
        })
        .collect()
}

#[test]
fn no_report_says_a_machine_word_or_counts_nothing() {
    let sample = common::sample_records();
    let near_empty = Tree::new().record(
        "2026/leadership/2026-03-01-plan.md",
        "kind = \"plan\"\ntitle = \"工作要点\"\ndate = 2026-03-01",
    );
    for (records, as_of) in [
        (sample.clone(), "2026-12-31"),
        (sample.clone(), "2026-06-30"),
        (near_empty.path().to_path_buf(), "2026-12-31"),
        (near_empty.path().to_path_buf(), "2026-03-01"),
    ] {
        let out = tempfile::tempdir().unwrap();
        let site = out.path().join("site");
        let run = zerenzhi(&[
            "build",
            "--records",
            &records.to_string_lossy(),
            "--out",
            &site.to_string_lossy(),
            "--as-of",
            as_of,
        ]);
        assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
        let pages = reports(&site, "2026");
        assert!(pages.len() > 2, "{pages:?}");
        for (page, text) in pages {
            let bad = machine_words(&text);
            assert!(bad.is_empty(), "{page} as of {as_of}: {bad:?}\n{text}");
            assert!(text.contains("特此报告。"), "{page}");
        }
    }
}

#[test]
fn the_check_catches_what_the_test_looks_for() {
    assert!(!machine_words("召开会议2次，整改率75%。").iter().any(|_| true));
    assert_eq!(machine_words("已办结0件").len(), 1);
    assert_eq!(machine_words("（result_reported_on）").len(), 18);
    assert_eq!(machine_words("「台账不全」").len(), 2);
    assert_eq!(machine_words("本年度尚无记录").len(), 1);
    assert!(machine_words("完成10件，20.0次").is_empty());
}

/// The problem words of `phrases.zh.toml` for a rule.
fn pattern_of(rule: &str) -> String {
    let phrases: toml::Value = toml::from_str(include_str!("../src/render/report/phrases.zh.toml")).unwrap();
    phrases["problems"]["rules"][rule]["pattern"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn every_certain_shortfall_reaches_the_sample_report() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let records = common::sample_records();
    let records = records.to_string_lossy();
    let run = zerenzhi(&[
        "build",
        "--records",
        &records,
        "--out",
        &site.to_string_lossy(),
        "--as-of",
        "2026-12-31",
    ]);
    assert_eq!(run.status.code(), Some(0));
    let check = zerenzhi(&[
        "check",
        "--records",
        &records,
        "--as-of",
        "2026-12-31",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let violated: std::collections::BTreeSet<&str> = json["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["status"] == "violated" && o["period"].as_str().is_some_and(|p| p.starts_with("2026")))
        .map(|o| o["rule"].as_str().unwrap())
        .collect();
    assert!(violated.len() >= 8, "{violated:?}");
    let report = article_text(&std::fs::read_to_string(site.join("2026/report/index.html")).unwrap());
    let problems = &report[report.find("二、存在的问题").unwrap()..report.find("三、下一步工作打算").unwrap()];
    for rule in violated {
        let pattern = pattern_of(rule);
        assert!(
            problems.contains(&format!("是{pattern}。")),
            "{rule} ({pattern}) is not in:\n{problems}"
        );
    }
}

#[test]
fn the_statistics_page_is_the_reports_first_attachment() {
    let out = build(&tree(), "2027-02-01");
    let page_html = page(&out, "2026/statistics.html");
    let report = page(&out, "2026/report/index.html");
    let table = |html: &str| {
        let start = html.find("<table class=\"annex-table").unwrap();
        html[start..start + html[start..].find("</table>").unwrap()].to_string()
    };
    assert_eq!(table(&page_html), table(&report));
    // the totals: a meeting of each kind, one education of 30, one finding
    // not rectified (整改率 0%), no petitions, no cases
    let text = article_text(&report);
    assert!(text.contains("合计11130010000%0000"), "{text}");
}

#[test]
fn the_party_branch_can_sign_the_units_report() {
    let tree = tree().record(
        "2026/leadership/2027-01-20-report.md",
        "kind = \"special_report\"\ntitle = \"2026年度专题报告\"\ndate = 2027-01-20\nto = \"测试市纪委\"\nissuer = \"党支部\"",
    );
    let out = build(&tree, "2027-02-01");
    let html = page(&out, "2026/report/index.html");
    assert!(
        html.contains("<p class=\"issuer\">测试办党支部</p>") && html.contains("<p>2027年1月20日</p>"),
        "{html}"
    );
    let bad = tree.record(
        "2026/leadership/2027-01-20-report.md",
        "kind = \"special_report\"\ntitle = \"2026年度专题报告\"\ndate = 2027-01-20\nto = \"测试市纪委\"\nissuer = \"纪委\"",
    );
    let errors = bad.errors();
    assert_eq!(
        errors,
        [(
            "2026/leadership/2027-01-20-report.md".to_string(),
            6,
            10,
            "E-VALUE".to_string()
        )]
    );
    let said = String::from_utf8_lossy(&bad.run_check(&[]).stderr).to_string();
    assert!(said.contains("office") && said.contains("party_branch"), "{said}");
}

#[test]
fn a_problem_says_its_cause_where_the_record_gives_one() {
    let tree = tree().record(
        "2026/leadership/2026-09-03-meeting.md",
        "kind = \"special_meeting\"\ntitle = \"第二次专题会议\"\ndate = 2026-09-03\nchair = \"dep\"\nreason = \"主任外出学习，受其委托由副主任主持。\"",
    );
    let out = build(&tree, "2027-02-01");
    let html = page(&out, "2026/report/index.html");
    assert!(
        html.contains(
            "是专题会议主持不够规范。有1次专题会议未由办公室主任主持，原因是主任外出学习，受其委托由副主任主持。"
        ),
        "{}",
        article_text(&html)
    );
    // the record's page says it too
    let record = page(&out, "records/2026/leadership/2026-09-03-meeting.html");
    assert!(record.contains("情况说明") && record.contains("主任外出学习，受其委托由副主任主持"));
}

/// A problem of many records names three of them and how many in all
/// (the ledger attached lists every one); one of a few names them all.
#[test]
fn a_problem_of_many_records_names_a_few_and_counts_them() {
    let findings = |n: usize| {
        (0..n).fold(Tree::new(), |tree, i| {
            tree.record(
                &format!("2026/s1/f{i}.md"),
                &format!(
                    "kind = \"finding\"\ntitle = \"问题{i}\"\ndate = 2026-02-01\nowner = \"c1\"\ndeadline = 2026-03-31\nstatus = \"open\""
                ),
            )
        })
    };
    let problems = |n: usize| {
        let out = build(&findings(n), "2026-12-31");
        let text = article_text(&page(&out, "2026/report/index.html"));
        let start = text.find("存在的问题").unwrap();
        text[start..start + text[start..].find("下一步").unwrap()].to_string()
    };
    let many = problems(6);
    assert!(many.contains("“问题0”、“问题1”、“问题2”等6项已超过整改期限"), "{many}");
    assert!(!many.contains("问题3"), "{many}");
    let few = problems(4);
    assert!(
        few.contains("“问题0”、“问题1”、“问题2”、“问题3”已超过整改期限"),
        "{few}"
    );
}
