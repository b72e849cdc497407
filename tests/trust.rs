//! Trust: hostile input never reaches a page as markup, restricted and
//! personal data never reach a public build, interrupted builds never lose
//! the published site, and the output does not depend on file order.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::{Tree, zerenzhi};

const XSS: &str = r#"<script>alert('XSS')</script><img src=x onerror=alert('XSS')>"#;

/// A unit whose every user-controlled string carries a payload.
fn hostile_tree() -> Tree {
    let org = format!(
        r#"[unit]
name = "{u}"
short_name = "{u}"
discipline_body = "{u}"
party_branch = "{u}"

[[section]]
id = "s1"
name = "{u}"

[[person]]
id = "dir"
name = "{u}"
roles = ["director"]
oversees = ["s1"]

[[person]]
id = "c1"
name = "\"><svg onload=alert('XSS')>"
roles = ["section_chief"]
section = "s1"
"#,
        u = XSS.replace('"', "\\\"")
    );
    let body = r#"
正文 <script>alert('XSS')</script> 与 <img src=x onerror="alert('XSS')">。

<a href="javascript:alert('XSS')">点击</a> <a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4=">数据</a>
<iframe src="https://evil.example/XSS"></iframe>
<svg><script>alert('XSS')</script><circle onclick="alert('XSS')"/></svg>
<div style="width: expression(alert('XSS'))">样式</div>
<object data="x.swf"></object><embed src="x.swf"><form action="javascript:alert(1)"><input name=XSS></form>
<math><mi xlink:href="javascript:alert('XSS')">x</mi></math>

[链接](javascript:alert('XSS')) ![图](javascript:alert('XSS')) [数据](data:text/html,XSS) [大小写](JaVaScRiPt:alert('XSS'))

| <script>alert('XSS')</script> | `<b onmouseover=alert('XSS')>` |
|---|---|
| 1 | 2 |
"#;
    let title = r#"标题 </title><script>alert('XSS')</script> \" onmouseover=\"alert('XSS')"#;
    Tree::bare()
        .file("org.toml", &org)
        .file(
            "2026/leadership/2026-03-02-a.md",
            &format!(
                "+++\nkind = \"special_meeting\"\ntitle = \"{title}\"\ndate = 2026-03-02\nchair = \"dir\"\nattendees = [\"dir\", \"c1\"]\ntags = [\"<script>alert('XSS')</script>\", \"javascript:alert('XSS')\"]\nattachments = [\"attachments/<script>XSS.pdf\"]\n+++\n{body}"
            ),
        )
        .file("2026/leadership/attachments/<script>XSS.pdf", "%PDF")
        .file(
            "2026/s1/2026-04-01-b.md",
            &format!(
                "+++\nkind = \"petition\"\ntitle = \"{title}\"\ndate = 2026-04-01\nstatus = \"open\"\npetitioner = \"<script>alert('XSS')</script>\"\n+++\n{body}"
            ),
        )
        .file("2026/report.md", &format!("## 四、下一步工作打算\n\n{body}\n"))
}

/// The attributes of every start tag: (tag, name, value), lower-cased,
/// with quoted values read as values (so escaped text inside a value is
/// not mistaken for an attribute).
fn attributes(html: &str) -> Vec<(String, String, String)> {
    let lower = html.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = lower[i..].find('<') {
        i += off + 1;
        if i >= bytes.len() || !bytes[i].is_ascii_alphabetic() {
            continue;
        }
        let name_end = lower[i..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .map_or(lower.len(), |e| i + e);
        let tag = lower[i..name_end].to_string();
        i = name_end;
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                break;
            }
            let start = i;
            while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'=' && bytes[i] != b'>' {
                i += 1;
            }
            let name = lower[start..i].to_string();
            let mut value = String::new();
            if i < bytes.len() && bytes[i] == b'=' {
                i += 1;
                if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                    let quote = bytes[i] as char;
                    let end = lower[i + 1..].find(quote).map_or(lower.len(), |e| i + 1 + e);
                    value = lower[i + 1..end].to_string();
                    i = end + 1;
                } else {
                    let end = lower[i..]
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .map_or(lower.len(), |e| i + e);
                    value = lower[i..end].to_string();
                    i = end;
                }
            }
            out.push((tag.clone(), name, value));
        }
    }
    out
}

/// Our own search box and the search page's script, written by the
/// templates: `<form class="search-box" … action="(../)*YEAR/search.html">`
/// and `<script src="(../)*assets/search.js" …>`.
fn is_ours(tail: &str) -> bool {
    let after_ups = |s: &str| s.trim_start_matches("../").to_string();
    if let Some(rest) = tail.strip_prefix("<form class=\"search-box\" role=\"search\" action=\"") {
        let rest = after_ups(rest);
        return rest.len() > 18
            && rest[..4].bytes().all(|b| b.is_ascii_digit())
            && rest[4..].starts_with("/search.html\">");
    }
    if let Some(rest) = tail.strip_prefix("<script src=\"") {
        let rest = after_ups(rest);
        return rest.starts_with("assets/search.js\" data-root=\"") || rest.starts_with("assets/print.js\" defer>");
    }
    false
}

/// Anything executable in a page: script-bearing elements, event handler
/// attributes, and script or data URLs. No handler is allowed: the site's
/// own scripts are files (`assets/search.js`, `assets/print.js`).
fn executable_markup(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let lower = html.to_ascii_lowercase();
    for element in [
        "<script",
        "<iframe",
        "<object",
        "<embed",
        "<form",
        "<math",
        "<svg><script",
    ] {
        for (at, _) in lower.match_indices(element) {
            if !is_ours(&lower[at..]) {
                found.push(element.to_string());
            }
        }
    }
    for (tag, name, value) in attributes(html) {
        if name.starts_with("on") {
            found.push(format!("<{tag} {name}={value}>"));
        }
        if name == "style" && value.contains("expression") {
            found.push(format!("<{tag} style={value}>"));
        }
        let url = value.trim_start();
        if ["href", "src", "action", "data", "xlink:href", "formaction"].contains(&name.as_str())
            && ["javascript:", "vbscript:", "data:"].iter().any(|s| url.starts_with(s))
        {
            found.push(format!("<{tag} {name}={value}>"));
        }
    }
    found
}

#[test]
fn the_scanner_finds_what_it_looks_for() {
    assert!(
        executable_markup("<p title=\"&lt;img onerror=x&gt;\">a</p><script src=\"../assets/print.js\" defer></script>")
            .is_empty()
    );
    assert_eq!(executable_markup("<img src=x onerror=alert(1)>").len(), 1);
    assert_eq!(executable_markup("<a href=' javascript:x'>").len(), 1);
    assert_eq!(executable_markup("<div style=\"width: expression(x)\">").len(), 1);
    assert_eq!(executable_markup("<SCRIPT>x</SCRIPT>").len(), 1);
    assert_eq!(executable_markup("<button onclick=\"window.print()\">").len(), 1);
}

fn all_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_string_lossy().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn build(records: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let (records, out) = (records.to_string_lossy().to_string(), out.to_string_lossy().to_string());
    let mut args = vec!["build", "--records", &records, "--out", &out, "--as-of", "2026-11-26"];
    args.extend_from_slice(extra);
    zerenzhi(&args)
}

#[test]
fn payloads_never_reach_a_page_as_markup() {
    let tree = hostile_tree();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let result = build(tree.path(), &site, &["--include-personal"]);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let files = all_files(&site);
    let pages: Vec<_> = files.iter().filter(|(p, _)| p.ends_with(".html")).collect();
    assert!(pages.len() > 10);
    let mut seen_payload = 0;
    for (path, bytes) in pages {
        let html = String::from_utf8_lossy(bytes);
        let found = executable_markup(&html);
        assert!(found.is_empty(), "{path}: {found:#?}");
        seen_payload += html.matches("XSS").count();
    }
    // the payloads are there, as text
    assert!(seen_payload > 50, "{seen_payload}");
    // attachments are copied under safe names, and linked to
    for path in files.keys() {
        assert!(!path.contains(['<', '>', '"', '\'', ' ']), "unsafe file name {path}");
    }
    let attachment = files
        .keys()
        .find(|p| p.ends_with("_script_XSS.pdf"))
        .expect("the attachment is copied");
    let record = files
        .iter()
        .find(|(p, _)| p.ends_with("2026-03-02-a.html"))
        .map(|(_, b)| String::from_utf8_lossy(b).to_string())
        .unwrap();
    assert!(record.contains(&format!("{attachment}\"")), "{attachment}");
    // charts (SVG) escape section names too
    let dashboard = String::from_utf8_lossy(&files["2026/index.html"]).to_string();
    assert!(dashboard.contains("&lt;script&gt;alert(&#39;XSS&#39;)&lt;/script&gt;"));
}

#[test]
fn restricted_and_personal_canaries_never_reach_a_public_build() {
    let canary_title = "CANARY-TITLE-7f3a";
    let canary_body = "CANARY-BODY-91c2";
    let canary_id = "canary-id-5d0e";
    let canary_person = "CANARY-PETITIONER-b8e1";
    let tree = Tree::new()
        .record("2026/leadership/2026-01-05-plan.md", "kind = \"plan\"\ntitle = \"公开的计划\"\ndate = 2026-01-05")
        .file(
            "2026/s1/2026-03-01-talk.md",
            &format!("+++\nkind = \"talk\"\ntitle = \"{canary_title}\"\ndate = 2026-03-01\nperson = \"st\"\nby = \"c1\"\nid = \"{canary_id}\"\nvisibility = \"restricted\"\nattachments = [\"attachments/{canary_id}.pdf\"]\n+++\n{canary_body}\n"),
        )
        .file(&format!("2026/s1/attachments/{canary_id}.pdf"), "%PDF CANARY")
        .record(
            "2026/s1/2026-05-01-finding.md",
            &format!("kind = \"finding\"\ntitle = \"公开的问题\"\ndate = 2026-05-01\ndeadline = 2026-06-01\nstatus = \"open\"\nsource = \"{canary_id}\""),
        )
        .record(
            "2026/s2/2026-04-01-petition.md",
            &format!("kind = \"petition\"\ntitle = \"公开的来信\"\ndate = 2026-04-01\nstatus = \"open\"\npetitioner = \"{canary_person}\""),
        );
    let out = tempfile::tempdir().unwrap();
    for (name, flags) in [
        ("public", vec!["--public"]),
        ("public-personal", vec!["--public", "--include-personal"]),
    ] {
        let site = out.path().join(name);
        let result = build(tree.path(), &site, &flags);
        assert_eq!(
            result.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&result.stderr)
        );
        for (path, bytes) in all_files(&site) {
            let text = String::from_utf8_lossy(&bytes);
            for canary in [canary_title, canary_body, canary_id, canary_person, "CANARY"] {
                assert!(
                    !path.contains(canary) && !text.contains(canary),
                    "{canary} in {name}/{path}"
                );
            }
            // the petitioner's masked name is personal data too
            assert!(!text.contains("C**"), "{name}/{path}");
        }
        // counts do not reveal the restricted record: 3 public records
        let dashboard = std::fs::read_to_string(site.join("2026/index.html")).unwrap();
        assert!(dashboard.contains("本年度共有工作记录 3 份"), "{dashboard}");
    }
    // the internal build has them (so the canaries do test something)
    let internal = out.path().join("internal");
    build(tree.path(), &internal, &[]);
    let all: String = all_files(&internal)
        .values()
        .map(|b| String::from_utf8_lossy(b).to_string())
        .collect();
    assert!(all.contains(canary_title) && all.contains(canary_body) && all.contains("C**"));
    assert!(!all.contains(canary_person));
}

#[test]
fn file_creation_order_does_not_change_the_output() {
    let sample = common::sample_records();
    let files: Vec<_> = walkdir::WalkDir::new(&sample)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(&sample).unwrap().to_path_buf())
        .collect();
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for rel in &files {
        std::fs::create_dir_all(a.path().join(rel).parent().unwrap()).unwrap();
        std::fs::copy(sample.join(rel), a.path().join(rel)).unwrap();
    }
    for rel in files.iter().rev() {
        std::fs::create_dir_all(b.path().join(rel).parent().unwrap()).unwrap();
        std::fs::copy(sample.join(rel), b.path().join(rel)).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    build(a.path(), &out.path().join("a"), &[]);
    build(b.path(), &out.path().join("b"), &[]);
    assert_eq!(all_files(&out.path().join("a")), all_files(&out.path().join("b")));
}

#[test]
fn a_killed_build_leaves_the_published_site_complete() {
    let corpus = tempfile::tempdir().unwrap();
    // big enough that a build takes a while
    for i in 0..1500 {
        let path = corpus
            .path()
            .join(format!("2026/s{}/2026-05-{:02}-{i}.md", 1 + i % 2, 1 + i % 28));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(
            &path,
            format!(
                "+++\nkind = \"life_meeting\"\ntitle = \"会议{i}\"\ndate = 2026-05-{:02}\n+++\n{}\n",
                1 + i % 28,
                "正文。".repeat(300)
            ),
        )
        .unwrap();
    }
    std::fs::write(corpus.path().join("org.toml"), common::ORG).unwrap();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    assert_eq!(build(corpus.path(), &site, &[]).status.code(), Some(0));
    let published = all_files(&site);

    for delay_ms in [5, 20, 60, 120, 250, 400, 700] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_zerenzhi"))
            .args(["build", "--as-of", "2026-11-26", "--records"])
            .arg(corpus.path())
            .arg("--out")
            .arg(&site)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        // the site is always complete: the old one or (if the build got that
        // far) an identical new one
        assert_eq!(all_files(&site), published, "after a kill at {delay_ms} ms");
    }
    // the next build removes what the killed ones left beside the site
    assert_eq!(build(corpus.path(), &site, &[]).status.code(), Some(0));
    // (all but the empty lock file the builds share)
    let mut names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert_eq!(names, [".site.lock", "site"]);
}

/// Runs the binary, failing the test instead of hanging if it does not
/// finish in 60 seconds.
fn run_bounded(args: &[&str]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zerenzhi"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("zerenzhi {args:?} did not finish in 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn codes(json: &serde_json::Value) -> Vec<(String, String)> {
    json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["file"].as_str().unwrap().to_string(),
                e["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// `check --format json` on a tree, bounded in time, parsed.
fn check_json(tree: &Tree, extra: &[&str]) -> serde_json::Value {
    let records = tree.path().to_string_lossy().to_string();
    let mut args = vec![
        "check",
        "--records",
        records.as_str(),
        "--format",
        "json",
        "--as-of",
        "2026-01-05",
    ];
    args.extend_from_slice(extra);
    serde_json::from_slice(&run_bounded(&args).stdout).unwrap()
}

#[test]
fn oversized_attachments_are_refused_unread() {
    let tree = Tree::new().record(
        "2026/leadership/a.md",
        "kind = \"plan\"\ntitle = \"x\"\ndate = 2026-01-05\nattachments = [\"attachments/big.pdf\"]",
    );
    std::fs::create_dir_all(tree.path().join("2026/leadership/attachments")).unwrap();
    // sparse: 51 MB on paper, nothing on disk
    let big = std::fs::File::create(tree.path().join("2026/leadership/attachments/big.pdf")).unwrap();
    big.set_len(51 * 1024 * 1024).unwrap();
    let json = check_json(&tree, &[]);
    assert_eq!(
        codes(&json),
        [("2026/leadership/a.md".to_string(), "E-ATTACH".to_string())]
    );
    assert!(json["errors"][0]["message"].as_str().unwrap().contains("50 MB"));
    assert_eq!(codes(&check_json(&tree, &["--max-attachment-mb", "60"])), []);
}

#[cfg(unix)]
#[test]
fn pipes_are_never_opened() {
    let tree = Tree::new().record(
        "2026/leadership/a.md",
        "kind = \"plan\"\ntitle = \"x\"\ndate = 2026-01-05\nattachments = [\"attachments/pipe.pdf\"]",
    );
    std::fs::create_dir_all(tree.path().join("2026/leadership/attachments")).unwrap();
    for fifo in ["2026/leadership/attachments/pipe.pdf", "2026/leadership/b.md"] {
        let status = Command::new("mkfifo").arg(tree.path().join(fifo)).status().unwrap();
        assert!(status.success());
    }
    let json = check_json(&tree, &[]);
    assert_eq!(
        codes(&json),
        [
            ("2026/leadership/a.md".to_string(), "E-ATTACH".to_string()),
            ("2026/leadership/b.md".to_string(), "E-NOT-FILE".to_string())
        ]
    );
}

#[test]
fn huge_and_deeply_nested_inputs_are_bounded() {
    let deep_quote = format!("{}深", "> ".repeat(10_000));
    let deep_list: String = (0..2_000).map(|i| format!("{}- 第{i}层\n", "  ".repeat(i))).collect();
    let deep_html = format!("{}x{}", "<div>".repeat(10_000), "</div>".repeat(10_000));
    let deep_links = format!("{}x{}", "[".repeat(10_000), "](u)".repeat(10_000));
    let deep_record = format!(
        "+++\nkind = \"plan\"\ntitle = \"深\"\ndate = 2026-01-06\n+++\n{deep_quote}\n\n{deep_list}\n\n{deep_links}\n"
    );
    let deep_html_record = format!("+++\nkind = \"plan\"\ntitle = \"深\"\ndate = 2026-01-07\n+++\n{deep_html}\n");
    let tree = Tree::new()
        // over 5 MB: refused unread
        .file(
            "2026/leadership/big.md",
            &format!(
                "+++\nkind = \"plan\"\ntitle = \"x\"\ndate = 2026-01-05\n+++\n{}",
                "长".repeat(2_100_000)
            ),
        )
        // front matter over 1 MB
        .file(
            "2026/leadership/fm.md",
            &format!(
                "+++\nkind = \"plan\"\ntitle = \"{}\"\ndate = 2026-01-05\n+++\n",
                "长".repeat(400_000)
            ),
        )
        // TOML nested 10 000 deep
        .file(
            "2026/leadership/toml.md",
            &format!(
                "+++\nkind = \"plan\"\ntitle = \"x\"\ndate = 2026-01-05\ntags = {}{}\n+++\n",
                "[".repeat(10_000),
                "]".repeat(10_000)
            ),
        )
        // Markdown nested 10 000 deep: rendered, boundedly; raw HTML nested
        // deeper than a browser nests it: refused, where it goes too deep
        .file("2026/leadership/md.md", &deep_record)
        .file("2026/leadership/html.md", &deep_html_record);
    let json = check_json(&tree, &[]);
    let found: Vec<(String, String)> = codes(&json);
    assert!(
        found.contains(&("2026/leadership/big.md".into(), "E-TOO-LARGE".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&("2026/leadership/fm.md".into(), "E-TOO-LARGE".into())),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(f, c)| f == "2026/leadership/toml.md" && c == "E-TOML"),
        "{found:?}"
    );
    assert!(!found.iter().any(|(f, _)| f == "2026/leadership/md.md"), "{found:?}");
    let html_errors: Vec<_> = json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["file"] == "2026/leadership/html.md")
        .map(|e| (e["line"].as_u64(), e["column"].as_u64(), e["code"].as_str()))
        .collect();
    // line 6 holds the body; the 513th `<div>` starts at column 512 × 5 + 1
    assert_eq!(html_errors, [(Some(6), Some(2561), Some("E-HTML-DEPTH"))]);

    // the deep Markdown alone builds
    let tree = Tree::new().file("2026/leadership/md.md", &deep_record);
    let out_dir = tempfile::tempdir().unwrap();
    let site = out_dir.path().join("site");
    let out = run_bounded(&[
        "build",
        "--records",
        &tree.path().to_string_lossy(),
        "--out",
        &site.to_string_lossy(),
        "--as-of",
        "2026-01-06",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(site.join("records/2026/leadership/md.html").is_file());
}
