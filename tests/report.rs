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
    assert!(html.contains("<p>测试市人民政府办公室</p>") && html.contains("<p>2027年1月20日</p>"));
    // the narrative's opening, part 四 and sub-part （二） replace the draft
    assert!(html.contains("今年我办在市纪委指导下扎实推进党风廉政建设。"));
    assert!(!html.contains("现将2026年度落实党风廉政建设责任制情况报告如下"));
    assert!(html.contains("人工撰写的第一项打算") && !html.contains("坚持把党风廉政建设与业务工作一起部署"));
    assert!(html.contains("（二）教育") && html.contains("人工撰写的教育工作情况") && !html.contains("参加30人次"));
    // a heading the draft does not have is added as a new part
    assert!(html.contains("五、其他需要报告的事项"));
    // the other parts stay drafted, citing the records with links
    assert!(html.contains("全年召开领导班子党风廉政工作专题会议1次（3月2日）"));
    assert!(html.contains(
        "1月10日印发<a href=\"../../records/2026/leadership/2026-01-10-plan.html\">《2026年党风廉政建设工作要点》</a>"
    ));
    // 存在的问题 is drawn from the violations as of the date
    assert!(html.contains("2026年仅召开1次党风廉政专题会议，第七条（一）要求每年至少2次"));
    assert!(html.contains("「台账不全」期限2026年8月31日已过154天，仍未整改完成"));
}

#[test]
fn section_report_goes_to_the_party_branch() {
    let out = build(&tree(), "2027-02-01");
    let html = page(&out, "2026/report/s1.html");
    golden("report-section.html", &html);
    assert!(html.contains("一科关于2026年度落实党风廉政建设责任制情况的报告"));
    assert!(html.contains("<p class=\"doc-to\">测试办党支部：</p>"));
    assert!(html.contains("一科自己写的问题分析") && !html.contains("对照实施办法逐条检查"));
    assert!(html.contains("全年召开廉洁自律专题民主生活会1次"));
    // s2 has no narrative and nothing filed: its report says so honestly
    let s2 = page(&out, "2026/report/s2.html");
    assert!(s2.contains("本年度尚未召开廉洁自律专题民主生活会"));
    assert!(s2.contains("2026年二科未报送责任制专题报告"));
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
    assert!(html.contains("截至目前未发现未落实的事项"), "{html}");
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
