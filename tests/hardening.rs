//! What an attacker's tests found (issue "Trust, round two"), each run as
//! the CLI on a tree the test builds: no file outside the records root is
//! read, one build at a time writes an output, every generated path is
//! one thing's, attachments that a browser would run are published as
//! text, pages load nothing from elsewhere, and `pdf` writes only inside
//! its output folder. (`serve`'s side is in `tests/serve.rs`, raw HTML
//! nesting in `tests/trust.rs`.)
//!
//! `ZERENZHI_TEST_BIN=old/zerenzhi cargo test --test hardening` runs them
//! against another build.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

use common::{Tree, command, diags, zerenzhi};

const CANARY: &str = "CANARY-d41d8cd98f00b204";

fn build(records: &Path, out: &Path, extra: &[&str]) -> Output {
    let (records, out) = (records.to_string_lossy(), out.to_string_lossy());
    let mut args = vec!["build", "--records", &records, "--out", &out, "--as-of", "2026-11-26"];
    args.extend_from_slice(extra);
    zerenzhi(&args)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

/// Every file under `dir` (relative path → bytes).
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    for entry in walk(dir) {
        let rel = entry.strip_prefix(dir).unwrap().to_string_lossy().to_string();
        found.insert(rel, std::fs::read(&entry).unwrap());
    }
    found
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// A folder outside the records, holding a secret, and links to it from
/// every kind of place inside the records: within `attachments/`, in a
/// `_` folder, in a `.` folder and at the top level; one more to
/// `/proc/self`, whose `environ` holds the build's environment.
#[cfg(unix)]
fn tree_with_links_out(outside: &Path) -> Tree {
    use std::os::unix::fs::symlink;
    std::fs::write(outside.join("secret.txt"), CANARY).unwrap();
    let tree = Tree::new().file(
        "2026/leadership/2026-03-02-会议.md",
        "+++\nkind = \"special_meeting\"\ntitle = \"会议\"\ndate = 2026-03-02\nattachments = [\n  \"attachments/e/secret.txt\",\n  \
         \"attachments/p/environ\",\n  \"../../_x/secret.txt\",\n  \"../../.x/secret.txt\",\n  \"../../ext/secret.txt\",\n  \
         \"attachments/file.txt\",\n]\n+++\n正文。\n",
    );
    let attachments = tree.path().join("2026/leadership/attachments");
    std::fs::create_dir_all(&attachments).unwrap();
    symlink(outside, attachments.join("e")).unwrap();
    symlink("/proc/self", attachments.join("p")).unwrap();
    symlink(outside.join("secret.txt"), attachments.join("file.txt")).unwrap();
    symlink(outside, tree.path().join("_x")).unwrap();
    symlink(outside, tree.path().join(".x")).unwrap();
    symlink(outside, tree.path().join("ext")).unwrap();
    tree
}

#[cfg(unix)]
#[test]
fn no_file_outside_the_records_root_is_read() {
    let outside = tempfile::tempdir().unwrap();
    let tree = tree_with_links_out(outside.path());
    let errors = tree.errors();
    let file = "2026/leadership/2026-03-02-会议.md";
    // every path through a link out, at its own line and column, and the
    // link at the top level itself
    let mut expected: Vec<_> = (6..=11)
        .map(|line| (file.to_string(), line, 3, "E-ATTACH-OUTSIDE".to_string()))
        .collect();
    expected.push(("ext".into(), 1, 1, "E-SYMLINK".into()));
    assert_eq!(errors, expected);
    let check = tree.run_check(&["--as-of", "2026-11-26"]);
    assert!(!contains(&check.stdout, CANARY) && !contains(&check.stderr, CANARY));

    // nothing is built, and nothing of the secret or the environment
    // reaches the output, internal or public
    for extra in [&[][..], &["--public"][..]] {
        let out = tempfile::tempdir().unwrap();
        let site = out.path().join("site");
        let result = command()
            .args(["build", "--records"])
            .arg(tree.path())
            .arg("--out")
            .arg(&site)
            .args(["--as-of", "2026-11-26"])
            .args(extra)
            .env("ZZ_BUILD_SECRET", CANARY)
            .output()
            .unwrap();
        assert_eq!(result.status.code(), Some(1), "{}", stderr(&result));
        assert!(!site.exists());
        assert!(!contains(&result.stdout, CANARY) && !contains(&result.stderr, CANARY));
    }
}

#[cfg(unix)]
#[test]
fn top_level_files_and_template_assets_are_read_beneath_their_root_too() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("org.toml"),
        format!("[unit]\nname = \"{CANARY}\"\n"),
    )
    .unwrap();
    std::fs::write(outside.path().join("secret.css"), CANARY).unwrap();

    // an org.toml that is a link out is refused, unread
    let tree = Tree::bare();
    symlink(outside.path().join("org.toml"), tree.path().join("org.toml")).unwrap();
    let check = tree.run_check(&["--format", "json", "--as-of", "2026-11-26"]);
    let json: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(diags(&json["errors"])[0], ("org.toml".into(), 1, 1, "E-SYMLINK".into()));
    assert!(!contains(&check.stdout, CANARY) && !contains(&check.stderr, CANARY));

    // a template asset, or the style sheet, that is a link out fails the
    // build, and its bytes never reach a site
    let tree = Tree::new().record(
        "2026/leadership/2026-03-02-plan.md",
        "kind = \"plan\"\ntitle = \"计划\"\ndate = 2026-03-02",
    );
    for (link, to) in [("assets/x.css", "secret.css"), ("style.css", "secret.css")] {
        let templates = tempfile::tempdir().unwrap();
        let path = templates.path().join(link);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        symlink(outside.path().join(to), &path).unwrap();
        let out = tempfile::tempdir().unwrap();
        let site = out.path().join("site");
        let result = build(
            tree.path(),
            &site,
            &["--templates", &templates.path().to_string_lossy()],
        );
        assert_eq!(result.status.code(), Some(1), "{link}: {}", stderr(&result));
        assert!(
            stderr(&result).contains("符号链接指向模板目录之外"),
            "{}",
            stderr(&result)
        );
        assert!(!site.exists());
    }
}

#[test]
fn builds_into_one_output_take_turns() {
    let tree = Tree::new().record(
        "2026/leadership/2026-03-02-plan.md",
        "kind = \"plan\"\ntitle = \"计划\"\ndate = 2026-03-02",
    );
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let start = || {
        command()
            .args(["build", "--no-history", "--as-of", "2026-11-26", "--records"])
            .arg(tree.path())
            .arg("--out")
            .arg(&site)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    for round in 0..20 {
        let (a, b) = (start(), start());
        for child in [a, b] {
            let result = child.wait_with_output().unwrap();
            assert_eq!(result.status.code(), Some(0), "round {round}: {}", stderr(&result));
        }
        // a whole site, ours, and nothing left beside it
        assert!(site.join(".zerenzhi-site").is_file(), "round {round}");
        assert!(site.join("2026/index.html").is_file(), "round {round}");
        let left: Vec<String> = std::fs::read_dir(out.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|name| name != "site" && name != ".site.lock")
            .collect();
        assert_eq!(left, Vec::<String>::new(), "round {round}");
    }

    // while another build holds the output: --no-wait fails at once and
    // says why; without it, the build says it waits, and does
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .open(out.path().join(".site.lock"))
        .unwrap();
    lock.lock().unwrap();
    let result = build(tree.path(), &site, &["--no-wait"]);
    assert_eq!(result.status.code(), Some(1));
    assert!(
        stderr(&result).contains("另一个 zerenzhi 正在向"),
        "{}",
        stderr(&result)
    );
    let waiting = start();
    std::thread::sleep(std::time::Duration::from_millis(500));
    drop(lock);
    let result = waiting.wait_with_output().unwrap();
    assert_eq!(result.status.code(), Some(0));
    assert!(stderr(&result).contains("等它完成"), "{}", stderr(&result));
}

#[test]
fn ids_that_would_share_a_page_or_cannot_be_one_are_located_errors() {
    let long = "长".repeat(80);
    let org = format!(
        "[unit]\nname = \"测试办\"\nshort_name = \"测试办\"\n\n\
         [[section]]\nid = \"index\"\nname = \"一科\"\n\n\
         [[section]]\nid = \"CON\"\nname = \"二科\"\n\n\
         [[person]]\nid = \"zhang.wei\"\nname = \"张伟\"\nroles = [\"director\"]\n\n\
         [[person]]\nid = \"zhang_wei\"\nname = \"张薇\"\nroles = [\"staff\"]\n\n\
         [[person]]\nid = \"{long}\"\nname = \"王五\"\nroles = [\"staff\"]\n"
    );
    let tree = Tree::bare()
        .file("org.toml", &org)
        .record(
            "2026/leadership/Plan.md",
            "kind = \"plan\"\ntitle = \"计划\"\ndate = 2026-03-02",
        )
        .record(
            "2026/leadership/plan.md",
            "kind = \"plan\"\ntitle = \"计划二\"\ndate = 2026-03-03",
        )
        // `A:b` has the page `A_b`: one with `a_b` on a case-blind disk
        .record(
            "2026/leadership/A:b.md",
            "kind = \"plan\"\ntitle = \"计划三\"\ndate = 2026-03-04",
        )
        .record(
            "2026/leadership/a_b.md",
            "kind = \"plan\"\ntitle = \"计划四\"\ndate = 2026-03-05",
        );
    let errors = tree.errors();
    let at = |file: &str, line, column, code: &str| (file.to_string(), line, column, code.to_string());
    for expected in [
        at("org.toml", 6, 6, "E-ID-NAME"),
        at("org.toml", 10, 6, "E-ID-NAME"),
        at("org.toml", 19, 6, "E-ID-COLLISION"),
        at("org.toml", 24, 6, "E-ID-NAME"),
        at("2026/leadership/plan.md", 1, 1, "E-ID-COLLISION"),
        at("2026/leadership/a_b.md", 1, 1, "E-ID-COLLISION"),
    ] {
        assert!(errors.contains(&expected), "{expected:?} not in {errors:?}");
    }
    // the messages name both sides, in Chinese
    let check = tree.run_check(&["--as-of", "2026-11-26"]);
    let text = stderr(&check);
    assert!(
        text.contains("`index` 是网站自己的页面名称，不能用作科室编号"),
        "{text}"
    );
    assert!(
        text.contains("人员编号 `zhang_wei` 与 org.toml 的 `zhang.wei` 只差大小写或标点"),
        "{text}"
    );
    assert!(
        text.contains("2026/leadership/Plan.md 的 `2026/leadership/Plan`"),
        "{text}"
    );
    assert!(text.contains("在 Windows 上不能用作文件名"), "{text}");
    assert!(text.contains("超过了文件名 200 字节的上限"), "{text}");
}

#[test]
fn attachments_never_share_a_path_and_active_ones_are_text() {
    let tree = Tree::new()
        .file(
            "2026/s1/2026-03-02-a.md",
            "+++\nkind = \"special_meeting\"\ntitle = \"甲\"\ndate = 2026-03-02\n\
             attachments = [\"attachments/Plan.pdf\", \"attachments/页面.html\", \"attachments/图.svg\"]\n+++\n\
             ![远程图片](https://example.invalid/x.png) ![本地](attachments/Plan.pdf)\n\n<img src=\"//example.invalid/y.png\" alt=\"y\">\n",
        )
        .file(
            "2026/s1/2026-03-03-b.md",
            "+++\nkind = \"special_meeting\"\ntitle = \"乙\"\ndate = 2026-03-03\n\
             attachments = [\"attachments/plan.pdf\", \"attachments/a b.txt\", \"attachments/a+b.txt\", \"attachments/a_b.txt\", \"attachments/A_B.txt\"]\n+++\n正文。\n",
        )
        .file("2026/s1/attachments/a b.txt", "1")
        .file("2026/s1/attachments/a+b.txt", "2")
        .file("2026/s1/attachments/a_b.txt", "3")
        .file("2026/s1/attachments/A_B.txt", "4")
        .file("2026/s1/attachments/Plan.pdf", "upper")
        .file("2026/s1/attachments/plan.pdf", "lower")
        .file("2026/s1/attachments/页面.html", "<script>alert(document.cookie)</script>")
        .file("2026/s1/attachments/图.svg", "<svg onload=\"alert(1)\"/>");
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let result = build(tree.path(), &site, &[]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    let all = files(&site);

    // no two files of the site are one on a case-blind file system
    let mut folded: Vec<String> = all.keys().map(|k| k.to_lowercase()).collect();
    folded.sort();
    let before = folded.len();
    folded.dedup();
    assert_eq!(folded.len(), before, "{:?}", all.keys().collect::<Vec<_>>());
    // each record links to its own file, with its own bytes
    let page_a = String::from_utf8_lossy(&all["records/2026/s1/2026-03-02-a.html"]).to_string();
    let page_b = String::from_utf8_lossy(&all["records/2026/s1/2026-03-03-b.html"]).to_string();
    let target = |page: &str, name: &str| {
        let at = page
            .find(&format!(">{name}</a>"))
            .unwrap_or_else(|| panic!("{name} in {page}"));
        let href = &page[..at];
        let href = &href[href.rfind("href=\"").unwrap() + 6..];
        let href = &href[..href.find('"').unwrap()];
        percent_decode(href.trim_start_matches("../../../"))
    };
    assert_eq!(all[&target(&page_a, "Plan.pdf")], b"upper");
    assert_eq!(all[&target(&page_b, "plan.pdf")], b"lower");
    for (name, bytes) in [
        ("a b.txt", b"1"),
        ("a+b.txt", b"2"),
        ("a_b.txt", b"3"),
        ("A_B.txt", b"4"),
    ] {
        assert_eq!(all[&target(&page_b, name)], bytes, "{name}");
    }

    // a page or an image a browser would run is published as text, to be
    // saved under its own name
    for name in ["页面.html", "图.svg"] {
        let path = target(&page_a, name);
        assert!(path.ends_with(&format!("{name}.txt")), "{path}");
        assert!(page_a.contains(&format!("download=\"{name}\">{name}</a>")), "{page_a}");
    }
    assert!(
        !all.keys()
            .any(|k| k.starts_with("files/") && (k.ends_with(".html") || k.ends_with(".svg")))
    );

    // every page allows nothing from elsewhere, and remote images are
    // links, never loaded
    for (path, bytes) in all.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        assert!(
            html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self';"),
            "{path}"
        );
        assert!(!html.contains("src=\"https://") && !html.contains("src=\"//"), "{path}");
    }
    assert!(
        page_a.contains("<a href=\"https://example.invalid/x.png\" rel=\"noopener noreferrer\">图片：远程图片</a>"),
        "{page_a}"
    );
    assert!(page_a.contains("<img alt=\"y\">"), "{page_a}");
    assert!(
        page_a.contains("<img src=\"attachments/Plan.pdf\""),
        "a local image still shows: {page_a}"
    );
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() + 1 {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// A stand-in for Chromium: writes a PDF where `--print-to-pdf=` says and
/// records its arguments.
#[cfg(unix)]
fn fake_chromium(dir: &Path) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("chromium");
    std::fs::write(
        &path,
        "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\" >> \"$(dirname \"$0\")/args\"; case \"$a\" in --print-to-pdf=*) \
         printf '%%PDF-1.4 fake' > \"${a#--print-to-pdf=}\";; esac; done\n",
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[cfg(unix)]
#[test]
fn pdf_names_stay_inside_the_output_and_printing_is_offline() {
    // a section named like the unit, once reduced: its printout gets `-2`
    let org = common::ORG
        .replace("short_name = \"测试办\"", "short_name = \"x/../../P\"")
        .replace("name = \"一科\"", "name = \"x/../../P\"");
    let tree = Tree::bare().file("org.toml", &org).record(
        "2026/leadership/2026-03-02-plan.md",
        "kind = \"plan\"\ntitle = \"计划\"\ndate = 2026-03-02",
    );
    let tools = tempfile::tempdir().unwrap();
    let chromium = fake_chromium(tools.path());
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("a/b/pdf");
    let result = Command::new(common::binary())
        .args(["pdf", "--all", "--as-of", "2026-11-26", "--records"])
        .arg(tree.path())
        .arg("--out")
        .arg(&out)
        .arg("--chromium")
        .arg(&chromium)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    // the one file is inside --out, under a safe name; nothing else anywhere
    let written: Vec<String> = files(work.path()).into_keys().collect();
    assert_eq!(
        written,
        [
            "a/b/pdf/2026-x_.._.._P-专题报告-2.pdf",
            "a/b/pdf/2026-x_.._.._P-专题报告.pdf",
            "a/b/pdf/2026-二科-专题报告.pdf"
        ]
    );
    let args = std::fs::read_to_string(tools.path().join("args")).unwrap();
    for flag in [
        "--proxy-server=127.0.0.1:9",
        "--proxy-bypass-list=<-loopback>",
        "--host-resolver-rules=MAP * ~NOTFOUND",
    ] {
        assert!(args.lines().any(|l| l == flag), "{flag} not in {args}");
    }
}

#[test]
fn a_huge_upcoming_is_a_usage_error() {
    let tree = Tree::new();
    let result = tree.run_check(&["--upcoming", "100000000", "--as-of", "2026-11-26"]);
    assert_eq!(result.status.code(), Some(2), "{}", stderr(&result));
    assert!(stderr(&result).contains("--upcoming"), "{}", stderr(&result));
    let result = tree.run_check(&["--upcoming", "36500", "--as-of", "9999-12-31"]);
    assert_ne!(result.status.code(), Some(101), "{}", stderr(&result));
}

#[test]
fn a_year_of_only_restricted_records_is_not_in_a_public_site() {
    let tree = Tree::new()
        .record(
            "2025/leadership/2025-04-01-talk.md",
            "kind = \"talk\"\ntitle = \"谈话\"\ndate = 2025-04-01\nvisibility = \"restricted\"\nperson = \"c1\"\nby = \"dir\"",
        )
        .record(
            "2026/leadership/2026-03-02-plan.md",
            "kind = \"plan\"\ntitle = \"计划\"\ndate = 2026-03-02",
        );
    let out = tempfile::tempdir().unwrap();
    let (internal, public) = (out.path().join("internal"), out.path().join("public"));
    assert_eq!(build(tree.path(), &internal, &[]).status.code(), Some(0));
    assert_eq!(build(tree.path(), &public, &["--public"]).status.code(), Some(0));
    assert!(internal.join("2025/index.html").is_file());
    assert!(!public.join("2025").exists());
    for (path, bytes) in files(&public) {
        assert!(!contains(&bytes, "2025/index.html"), "{path} links to the hidden year");
    }
}
