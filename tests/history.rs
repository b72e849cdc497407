//! History from git: who created and last changed each record, the commit
//! a site was built from, records changed after the special report went
//! out, and what the build says without git or in a shallow clone.

mod common;

use std::path::Path;
use std::process::Command;

use common::{ORG, zerenzhi};

fn git(dir: &Path, args: &[&str], author: &str, date: &str) {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", author)
        .env("GIT_AUTHOR_EMAIL", "staff@example.invalid")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_NAME", author)
        .env("GIT_COMMITTER_EMAIL", "staff@example.invalid")
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

fn write(dir: &Path, rel: &str, front_matter: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, format!("+++\n{front_matter}\n+++\n\n正文。\n")).unwrap();
}

fn commit(dir: &Path, message: &str, author: &str, date: &str) {
    git(dir, &["add", "-A"], author, date);
    git(dir, &["commit", "-q", "-m", message], author, date);
}

const PLAN: &str = "2025/leadership/2025-03-01-plan.md";
const LIFE: &str = "2025/s1/2025-05-10-life.md";
const LATE: &str = "2025/s1/2025-12-01-late.md";
const REPORT: &str = "2025/leadership/2026-01-20-report.md";

/// A new git repository (made by 甲 at `when`) holding `org.toml` and the
/// year's plan, not yet committed.
fn start(when: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    git(dir, &["init", "-q", "-b", "main"], "甲", when);
    std::fs::write(dir.join("org.toml"), ORG).unwrap();
    write(dir, PLAN, "kind = \"plan\"\ntitle = \"工作要点\"\ndate = 2025-03-01");
    tmp
}

/// A records repository with four commits by four people.
fn repository() -> tempfile::TempDir {
    let tmp = start("2025-03-01T09:00:00+08:00");
    let dir = tmp.path();
    write(
        dir,
        LIFE,
        "kind = \"life_meeting\"\ntitle = \"一科民主生活会\"\ndate = 2025-05-10",
    );
    commit(dir, "年初记录", "甲", "2025-03-01T09:30:00+08:00");
    write(
        dir,
        REPORT,
        "kind = \"special_report\"\ntitle = \"2025年度专题报告\"\ndate = 2026-01-20\nto = \"测试市纪委\"\nsubmitted_on = 2026-01-20",
    );
    commit(dir, "专题报告", "乙", "2026-01-20T16:00:00+08:00");
    write(
        dir,
        LIFE,
        "kind = \"life_meeting\"\ntitle = \"一科民主生活会（补充）\"\ndate = 2025-05-10",
    );
    commit(dir, "补充生活会记录", "丙", "2026-02-15T10:00:00+08:00");
    write(
        dir,
        LATE,
        "kind = \"education\"\ntitle = \"补录的廉政教育\"\ndate = 2025-12-01",
    );
    commit(dir, "补录", "丁", "2026-02-16T11:00:00+08:00");
    tmp
}

fn build(records: &Path, out: &Path) -> String {
    build_with(records, out, &[])
}

/// [`build`], the public site.
fn build_public(records: &Path, out: &Path) {
    build_with(records, out, &["--public"]);
}

fn build_with(records: &Path, out: &Path, extra: &[&str]) -> String {
    let mut args = vec![
        "build",
        "--records",
        records.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--as-of",
        "2026-03-01",
    ];
    args.extend_from_slice(extra);
    let result = zerenzhi(&args);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    String::from_utf8_lossy(&result.stdout).to_string()
}

fn page(site: &Path, rel: &str) -> String {
    std::fs::read_to_string(site.join(rel)).unwrap()
}

fn record_page(site: &Path, file: &str) -> String {
    page(site, &format!("records/{}.html", file.trim_end_matches(".md")))
}

#[test]
fn record_pages_say_who_created_and_changed_them() {
    let repo = repository();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build(repo.path(), &site);

    let life = record_page(&site, LIFE);
    assert!(life.contains("<dt>创建</dt><dd>2025-03-01 09:30 · 甲 · 提交"), "{life}");
    assert!(
        life.contains("<dt>最后修改</dt><dd>2026-02-15 10:00 · 丙 · 提交"),
        "{life}"
    );
    assert!(
        life.contains("2026年1月20日报送"),
        "changed after the report is marked: {life}"
    );
    assert!(life.contains("又有修改"));
    let late = record_page(&site, LATE);
    assert!(late.contains("才录入"), "{late}");
    let plan = record_page(&site, PLAN);
    assert!(plan.contains("<dt>最后修改</dt><dd>2025-03-01 09:30 · 甲"), "{plan}");
    assert!(!plan.contains("changed-note"), "{plan}");
    let report = record_page(&site, REPORT);
    assert!(
        report.contains("· 乙 ·") && !report.contains("changed-note"),
        "{report}"
    );
    // lists mark them too
    let timeline = page(&site, "2025/timeline.html");
    assert_eq!(timeline.matches("报送后修改").count(), 1, "{timeline}");
    assert_eq!(timeline.matches("报送后补录").count(), 1, "{timeline}");

    // the footer names the commit the site was built from
    let head = Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(repo.path())
        .output()
        .unwrap();
    let head = String::from_utf8_lossy(&head.stdout).trim().to_string();
    let dashboard = page(&site, "2025/index.html");
    assert!(dashboard.contains("生成自提交 <code"), "{dashboard}");
    assert!(
        dashboard.contains(&format!(">{head}</code>（2026-02-16 11:00）")),
        "{dashboard}"
    );
    assert!(!dashboard.contains("记录有未提交的修改"));

    // an uncommitted change: the footer and the record say so
    write(
        repo.path(),
        PLAN,
        "kind = \"plan\"\ntitle = \"工作要点（修改中）\"\ndate = 2025-03-01",
    );
    build(repo.path(), &site);
    assert!(page(&site, "2025/index.html").contains("记录有未提交的修改"));
    let plan = record_page(&site, PLAN);
    assert!(plan.contains("此文件有尚未提交的修改"), "{plan}");
    assert!(
        plan.contains("changed-note"),
        "an uncommitted change counts as made today: {plan}"
    );
    let fresh = "2025/s1/2025-06-01-new.md";
    write(
        repo.path(),
        fresh,
        "kind = \"education\"\ntitle = \"新记录\"\ndate = 2025-06-01",
    );
    build(repo.path(), &site);
    assert!(record_page(&site, fresh).contains("尚未提交到版本库"));
}

#[test]
fn without_git_or_in_a_shallow_clone_the_build_says_what_it_could_not_know() {
    let repo = repository();
    let out = tempfile::tempdir().unwrap();

    // not a repository
    let plain = out.path().join("plain");
    std::fs::create_dir_all(&plain).unwrap();
    for rel in ["org.toml", PLAN, LIFE, LATE, REPORT] {
        let to = plain.join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(repo.path().join(rel), to).unwrap();
    }
    let site = out.path().join("site-plain");
    build(&plain, &site);
    assert!(page(&site, "2025/index.html").contains("记录不在版本库中"));
    assert!(record_page(&site, LIFE).contains("修改历史：记录不在版本库中"));

    // a shallow clone: the history is partial and the pages say so
    let shallow = out.path().join("shallow");
    let url = format!("file://{}", repo.path().display());
    git(
        out.path(),
        &["clone", "-q", "--depth", "1", &url, "shallow"],
        "x",
        "2026-03-01T00:00:00+08:00",
    );
    let site = out.path().join("site-shallow");
    build(&shallow, &site);
    assert!(page(&site, "2025/index.html").contains("浅克隆"));
    assert!(record_page(&site, LIFE).contains("浅克隆"));

    // no git at all on the machine
    let site = out.path().join("site-nogit");
    let empty = tempfile::tempdir().unwrap();
    let result = common::command()
        .args(["build", "--as-of", "2026-03-01", "--records"])
        .arg(repo.path())
        .arg("--out")
        .arg(&site)
        .env("PATH", empty.path())
        .output()
        .unwrap();
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(page(&site, "2025/index.html").contains("本机没有版本库工具"));

    // --no-history: the same records give the same site whatever git says
    let a = out.path().join("a");
    let b = out.path().join("b");
    for (records, site) in [(repo.path(), &a), (plain.as_path(), &b)] {
        let result = zerenzhi(&[
            "build",
            "--no-history",
            "--as-of",
            "2026-03-01",
            "--records",
            records.to_str().unwrap(),
            "--out",
            site.to_str().unwrap(),
        ]);
        assert_eq!(result.status.code(), Some(0));
    }
    assert_eq!(page(&a, "2025/index.html"), page(&b, "2025/index.html"));
    assert_eq!(record_page(&a, LIFE), record_page(&b, LIFE));
}

#[test]
fn records_entered_in_bulk_with_the_report_are_not_marked() {
    let tmp = start("2026-11-20T09:00:00+08:00");
    let dir = tmp.path();
    write(
        dir,
        REPORT,
        "kind = \"special_report\"\ntitle = \"2025年度专题报告\"\ndate = 2026-01-20\nto = \"测试市纪委\"\nsubmitted_on = 2026-01-20",
    );
    // everything entered long after the report went out, in one commit:
    // git cannot tell what came first
    commit(dir, "补录全年记录", "甲", "2026-11-20T09:30:00+08:00");
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build(dir, &site);
    assert!(!record_page(&site, PLAN).contains("changed-note"));
    // a change after that commit is marked
    write(
        dir,
        PLAN,
        "kind = \"plan\"\ntitle = \"工作要点（改）\"\ndate = 2025-03-01",
    );
    commit(dir, "改", "乙", "2026-11-25T09:30:00+08:00");
    build(dir, &site);
    let plan = record_page(&site, PLAN);
    assert!(plan.contains("changed-note") && plan.contains("又有修改"), "{plan}");
}

#[test]
fn an_uncommitted_restricted_record_is_no_change_of_the_public_site() {
    let repo = repository();
    let talk = "2025/leadership/2025-04-01-talk.md";
    let restricted = |title: &str| {
        format!(
            "kind = \"talk\"\ntitle = \"{title}\"\ndate = 2025-04-01\nvisibility = \"restricted\"\nperson = \"c1\"\nby = \"dir\""
        )
    };
    write(repo.path(), talk, &restricted("谈话"));
    commit(repo.path(), "谈话记录", "甲", "2026-02-17T09:00:00+08:00");
    // the restricted record edited, not committed
    write(repo.path(), talk, &restricted("谈话（修改中）"));
    let out = tempfile::tempdir().unwrap();
    let (internal, public) = (out.path().join("internal"), out.path().join("public"));
    build(repo.path(), &internal);
    build_public(repo.path(), &public);
    assert!(page(&internal, "2025/index.html").contains("记录有未提交的修改"));
    let dashboard = page(&public, "2025/index.html");
    assert!(dashboard.contains("生成自提交 <code"), "{dashboard}");
    assert!(!dashboard.contains("记录有未提交的修改"), "{dashboard}");
    // a public record edited is a change of the public site too
    write(
        repo.path(),
        PLAN,
        "kind = \"plan\"\ntitle = \"工作要点（修改中）\"\ndate = 2025-03-01",
    );
    build_public(repo.path(), &public);
    assert!(page(&public, "2025/index.html").contains("记录有未提交的修改"));
}
