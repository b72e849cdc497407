//! `zerenzhi init`, and finding the records of the repository the tool
//! stands in.

mod common;

use std::fs;
use std::path::Path;

use common::{diags, zerenzhi, zerenzhi_in};
use serde_json::Value;

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).to_string()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

fn check_json(dir: &Path, extra: &[&str]) -> (Value, Option<i32>) {
    let mut args = vec!["check", "--format", "json"];
    args.extend(extra);
    let out = zerenzhi_in(dir, &args);
    (serde_json::from_slice(&out.stdout).unwrap(), out.status.code())
}

#[test]
fn init_makes_a_repository_that_checks_and_builds_without_flags() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("记录库");
    let out = zerenzhi(&["init", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("新建记录库"), "{}", stdout(&out));
    for file in [
        "org.toml",
        "README.md",
        ".gitignore",
        ".taplo.toml",
        ".vscode/settings.json",
        ".gitlab-ci.yml",
        ".githooks/pre-commit",
        "schemas/org.schema.json",
        "schemas/rules.schema.json",
        "schemas/record.schema.json",
    ] {
        assert!(dir.join(file).is_file(), "{file}");
    }
    let org = fs::read_to_string(dir.join("org.toml")).unwrap();
    // every key of org.toml is explained in Chinese
    for key in [
        "name",
        "short_name",
        "discipline_body",
        "party_branch",
        "roles",
        "oversees",
        "section",
        "from",
    ] {
        assert!(
            org.lines().any(|l| l.contains('#') && l.contains(key)),
            "{key} is not explained"
        );
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(dir.join(".githooks/pre-commit"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o111, 0o111);
    }

    // in the new repository, and in a folder below it
    let (json, code) = check_json(&dir, &[]);
    assert_eq!(code, Some(0), "{json}");
    assert_eq!(diags(&json["errors"]), [], "{json}");
    assert_eq!(diags(&json["warnings"]), [], "{json}");
    let out = zerenzhi_in(&dir.join(".vscode"), &["check", "--data-only"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    let out = zerenzhi_in(&dir, &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.join("site/index.html").is_file());
    // the site in the repository is not read as records on the next check
    let (json, code) = check_json(&dir, &[]);
    assert_eq!((code, diags(&json["warnings"])), (Some(0), vec![]), "{json}");
}

/// A repository made by `init` on 2026-05-28: its examples are dated 2026.
fn init_in_2026() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let out = common::command()
        .args(["init", "."])
        .current_dir(tmp.path())
        .env("SOURCE_DATE_EPOCH", "1780000000")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    tmp
}

#[test]
fn the_example_records_are_valid_records() {
    let tmp = init_in_2026();
    let dir = tmp.path();
    let examples = dir.join("_示例/2026");
    let count = walkdir::WalkDir::new(&examples)
        .into_iter()
        .filter(|e| e.as_ref().unwrap().file_type().is_file())
        .count();
    assert!(count >= 7, "{count}");
    // ignored where they are; checked clean once moved into a year folder
    fs::rename(&examples, dir.join("2026")).unwrap();
    let (json, _) = check_json(dir, &["--as-of", "2026-12-31"]);
    assert_eq!(diags(&json["errors"]), [], "{json}");
    assert_eq!(diags(&json["warnings"]), [], "{json}");
    let met: Vec<&str> = json["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "met")
        .map(|r| r["rule"].as_str().unwrap())
        .collect();
    for rule in [
        "plan.early-year",
        "finding.deadline",
        "petition.handled",
        "education.yearly",
    ] {
        assert!(met.contains(&rule), "{rule}: {met:?}");
    }
}

#[test]
fn init_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("org.toml"), "# ours\n").unwrap();
    fs::write(dir.join(".gitignore"), "ours\n").unwrap();
    let out = zerenzhi(&["init", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(dir.join("org.toml")).unwrap(), "# ours\n");
    assert_eq!(fs::read_to_string(dir.join(".gitignore")).unwrap(), "ours\n");
    assert!(
        stdout(&out).contains("以下文件已存在，没有改动：org.toml、.gitignore"),
        "{}",
        stdout(&out)
    );
    // a second run changes nothing at all
    let before = fs::read_to_string(dir.join("README.md")).unwrap();
    fs::write(dir.join("README.md"), "改过的说明\n").unwrap();
    let out = zerenzhi(&["init", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert_ne!(before, "改过的说明\n");
    assert_eq!(fs::read_to_string(dir.join("README.md")).unwrap(), "改过的说明\n");
    // a file where the folder should be is a usage error
    let file = dir.join("a-file");
    fs::write(&file, "x").unwrap();
    let out = zerenzhi(&["init", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_project_with_a_records_folder_builds_beside_it() {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path();
    let out = zerenzhi(&["init", project.join("records").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    // from the project, and from inside the records folder, the site goes
    // beside the records, as `cargo run -- build` does in this repository
    for cwd in [project.to_path_buf(), project.join("records/schemas")] {
        let out = zerenzhi_in(&cwd, &["build"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(project.join("site/index.html").is_file());
        assert!(!project.join("records/site").exists());
    }
    // nothing to find: the usage error names what was looked for
    let empty = tempfile::tempdir().unwrap();
    let out = zerenzhi_in(empty.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("records"), "{}", stderr(&out));
    assert!(stderr(&out).contains("zerenzhi init"), "{}", stderr(&out));
}

#[cfg(unix)]
#[test]
fn the_pre_commit_hook_refuses_data_errors_only() {
    let tmp = init_in_2026();
    let dir = tmp.path();
    let bin = Path::new(env!("CARGO_BIN_EXE_zerenzhi"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!("{}:/usr/bin:/bin", bin.display());
    let hook = |path: &str| {
        std::process::Command::new(dir.join(".githooks/pre-commit"))
            .current_dir(dir)
            .env("PATH", path)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    // a year in progress, rules pending or even violated: the commit goes on
    fs::rename(dir.join("_示例/2026"), dir.join("2026")).unwrap();
    let out = hook(&path);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // a data error stops it, saying where
    fs::write(
        dir.join("2026/zonghe/2026-07-01-bad.md"),
        "+++\nkind = \"education\"\ntitle = \"x\"\ndate = 2026-07-32\n+++\n",
    )
    .unwrap();
    let out = hook(&path);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("2026/zonghe/2026-07-01-bad.md:4:8"),
        "{}",
        stderr(&out)
    );
    // without zerenzhi installed, it says so and lets the commit through
    let out = hook("/usr/bin:/bin");
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("未找到 zerenzhi"));
}
