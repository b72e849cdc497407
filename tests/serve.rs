#![cfg(target_os = "linux")]
//! `zerenzhi serve`, run as a process: pages are served, a changed record
//! is rebuilt and open pages are told to reload, data errors are shown
//! over the page, and Ctrl-C stops it cleanly.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::Tree;

struct Preview {
    child: Child,
    port: u16,
    stdout: mpsc::Receiver<String>,
}

impl Preview {
    fn start(tree: &Tree) -> Preview {
        Preview::start_with(tree, &[])
    }

    fn start_with(tree: &Tree, extra: &[&std::ffi::OsStr]) -> Preview {
        let mut child = common::command()
            .args(["serve", "--port", "0", "--as-of", "2026-12-31", "--records"])
            .arg(tree.path())
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let (tx, stdout) = mpsc::channel();
        let pipe = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut preview = Preview { child, port: 0, stdout };
        let line = preview.line_with("http://127.0.0.1:");
        let port = line.split("127.0.0.1:").nth(1).unwrap();
        preview.port = port[..port.find('/').unwrap()].parse().unwrap();
        preview
    }

    fn line_with(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.stdout.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return line,
                Ok(_) => {}
                Err(_) => panic!("serve never printed {needle:?}"),
            }
        }
    }

    fn get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            self.port
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let status = response[9..12].parse().unwrap();
        let body = response.split_once("\r\n\r\n").unwrap().1.to_string();
        (status, body)
    }

    /// Sends `request` as it stands and returns the whole response (head
    /// and body).
    fn raw(&self, request: &str) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        String::from_utf8_lossy(&response).to_string()
    }

    /// Opens the reload stream and reads its head.
    fn events(&self) -> BufReader<TcpStream> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        write!(
            stream,
            "GET /__zerenzhi/events HTTP/1.1\r\nHost: localhost:{}\r\n\r\n",
            self.port
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let mut head = String::new();
        while !head.ends_with("\r\n\r\n") {
            reader.read_line(&mut head).unwrap();
        }
        assert!(head.contains("text/event-stream"), "{head}");
        reader
    }

    fn stop(mut self) -> (Option<i32>, String) {
        if let Some(pid) = rustix::process::Pid::from_raw(self.child.id() as i32) {
            let _ = rustix::process::kill_process(pid, rustix::process::Signal::INT);
        }
        let line = self.line_with("已停止预览");
        (self.child.wait().unwrap().code(), line)
    }
}

fn next_reload(events: &mut BufReader<TcpStream>) {
    let mut line = String::new();
    loop {
        line.clear();
        assert!(events.read_line(&mut line).unwrap() > 0, "the event stream closed");
        if line.trim() == "event: reload" {
            return;
        }
    }
}

fn tree() -> Tree {
    Tree::new().record(
        "2026/s1/2026-05-10-life.md",
        "kind = \"life_meeting\"\ntitle = \"一科民主生活会\"\ndate = 2026-05-10\nchair = \"c1\"",
    )
}

/// [`tree`] with a record of the year before as well.
fn two_years() -> Tree {
    tree().record(LAST_YEAR, &last_year("去年的民主生活会"))
}

const LAST_YEAR: &str = "2025/s1/2025-05-10-life.md";

/// The front matter of [`LAST_YEAR`] with `title`.
fn last_year(title: &str) -> String {
    format!("kind = \"life_meeting\"\ntitle = \"{title}\"\ndate = 2025-05-10\nchair = \"c1\"")
}

#[test]
fn serve_rebuilds_a_changed_record_and_reloads_open_pages() {
    let tree = tree();
    let preview = Preview::start(&tree);
    let (status, page) = preview.get("/2026/timeline.html");
    assert_eq!(status, 200);
    assert!(page.contains("一科民主生活会"), "{page}");
    // pages listen for reloads, with a script of the preview's own (pages
    // allow no inline script)
    assert!(page.contains("<script src=\"/__zerenzhi/reload.js\">"), "{page}");
    let (status, script) = preview.get("/__zerenzhi/reload.js");
    assert_eq!(status, 200);
    assert!(script.contains("EventSource(\"/__zerenzhi/events\")"), "{script}");
    let (status, index) = preview.get("/");
    assert_eq!(status, 200);
    assert!(index.contains("<!DOCTYPE html>"));
    assert_eq!(preview.get("/2026/nothing-here.html").0, 404);
    let (status, css) = preview.get("/assets/style.css");
    assert_eq!(status, 200);
    assert!(css.contains("@page"));

    let mut events = preview.events();
    std::fs::write(
        tree.path().join("2026/s1/2026-05-10-life.md"),
        "+++\nkind = \"life_meeting\"\ntitle = \"一科第二次民主生活会\"\ndate = 2026-05-10\nchair = \"c1\"\n+++\n",
    )
    .unwrap();
    next_reload(&mut events);
    let (_, page) = preview.get("/2026/timeline.html");
    assert!(page.contains("一科第二次民主生活会"), "{page}");
    assert!(!page.contains("zerenzhi-overlay"));
    // nothing was written into the records
    assert!(!tree.path().join("site").exists());

    let (code, line) = preview.stop();
    assert_eq!(code, Some(0), "{line}");
}

#[test]
fn serve_shows_data_errors_over_the_page_until_they_are_fixed() {
    let tree = tree();
    let preview = Preview::start(&tree);
    let mut events = preview.events();
    let bad = tree.path().join("2026/s1/2026-06-01-bad.md");
    std::fs::write(
        &bad,
        "+++\nkind = \"talk\"\ntitle = \"谈话\"\ndate = 2026-13-01\nperson = \"st\"\nby = \"c1\"\n+++\n",
    )
    .unwrap();
    next_reload(&mut events);
    let (status, page) = preview.get("/2026/timeline.html");
    assert_eq!(status, 200);
    assert!(page.contains("id=\"zerenzhi-overlay\""), "{page}");
    assert!(page.contains("2026/s1/2026-06-01-bad.md:4:8"), "{page}");
    assert!(page.contains("E-DATE"), "{page}");
    // the last good site stays underneath
    assert!(page.contains("一科民主生活会"));

    std::fs::write(
        &bad,
        "+++\nkind = \"talk\"\ntitle = \"谈话\"\ndate = 2026-06-01\nperson = \"st\"\nby = \"c1\"\n+++\n",
    )
    .unwrap();
    next_reload(&mut events);
    let (_, page) = preview.get("/2026/timeline.html");
    assert!(!page.contains("zerenzhi-overlay"), "{page}");
    assert!(page.contains("谈话"));
    let (code, _) = preview.stop();
    assert_eq!(code, Some(0));
}

#[test]
fn serve_rebuilds_only_the_year_a_change_touches() {
    let tree = two_years();
    let preview = Preview::start(&tree);
    let mut events = preview.events();
    let before_2026 = preview.get("/2026/timeline.html").1;

    std::fs::write(
        tree.path().join(LAST_YEAR),
        format!("+++\n{}\n+++\n", last_year("去年的民主生活会（改）")),
    )
    .unwrap();
    next_reload(&mut events);
    let line = preview.line_with("已生成");
    assert!(line.contains("已生成2025 年度的"), "{line}");
    assert!(preview.get("/2025/timeline.html").1.contains("去年的民主生活会（改）"));
    assert_eq!(preview.get("/2026/timeline.html").1, before_2026);

    // a record removed: its page goes with it
    let (status, _) = preview.get("/records/2025/s1/2025-05-10-life.html");
    assert_eq!(status, 200);
    std::fs::remove_file(tree.path().join("2025/s1/2025-05-10-life.md")).unwrap();
    next_reload(&mut events);
    let line = preview.line_with("已生成");
    assert!(line.contains("2025 年度"), "{line}");
    assert_eq!(preview.get("/records/2025/s1/2025-05-10-life.html").0, 404);

    // a new year folder changes every page's year switcher: all years
    std::fs::create_dir_all(tree.path().join("2024/s1")).unwrap();
    std::fs::write(
        tree.path().join("2024/s1/2024-03-01-plan.md"),
        "+++\nkind = \"plan\"\ntitle = \"前年\"\ndate = 2024-03-01\n+++\n",
    )
    .unwrap();
    loop {
        next_reload(&mut events);
        let line = preview.line_with("已生成");
        if line.contains("2024、2025、2026 年度") {
            break;
        }
    }
    assert!(preview.get("/2026/timeline.html").1.contains("2024/index.html"));
    preview.stop();
}

#[test]
fn serve_refuses_a_port_in_use() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let tree = tree();
    let out = common::command()
        .args(["serve", "--port", &port, "--records"])
        .arg(tree.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--port"));
}

#[test]
fn serve_rebuilds_when_a_template_changes() {
    let tree = tree();
    let templates = tempfile::tempdir().unwrap();
    let preview = Preview::start_with(&tree, &["--templates".as_ref(), templates.path().as_os_str()]);
    let mut events = preview.events();
    std::fs::write(
        templates.path().join("timeline.html"),
        "{% extends \"base.html\" %}{% block main %}<p>自定义时间线</p>{% endblock main %}",
    )
    .unwrap();
    next_reload(&mut events);
    assert!(preview.get("/2026/timeline.html").1.contains("<p>自定义时间线</p>"));
    let (code, _) = preview.stop();
    assert_eq!(code, Some(0));
}

#[test]
fn after_a_failed_build_every_change_reaches_the_site() {
    let tree = two_years();
    let preview = Preview::start(&tree);
    let mut events = preview.events();
    let bad = tree.path().join("2026/s1/2026-06-01-bad.md");
    std::fs::write(&bad, "+++\nkind = \"talk\"\ntitle = \"谈话\"\ndate = 2026-13-01\n+++\n").unwrap();
    next_reload(&mut events);
    // a change to 2025 while 2026 has an error: not built yet
    std::fs::write(
        tree.path().join(LAST_YEAR),
        format!("+++\n{}\n+++\n", last_year("去年的民主生活会（改）")),
    )
    .unwrap();
    next_reload(&mut events);
    assert!(preview.get("/2025/timeline.html").1.contains("zerenzhi-overlay"));
    // the fix in 2026 brings the 2025 change with it
    std::fs::remove_file(&bad).unwrap();
    next_reload(&mut events);
    let page = preview.get("/2025/timeline.html").1;
    assert!(
        page.contains("去年的民主生活会（改）") && !page.contains("zerenzhi-overlay"),
        "{page}"
    );
    preview.stop();
}

#[test]
fn a_template_error_in_a_page_rendered_on_request_shows_over_that_page() {
    // after a change within a year, pages are rendered when asked for: a
    // template that fails only on the new data fails on that page
    let tree = tree();
    let templates = tempfile::tempdir().unwrap();
    std::fs::write(
        templates.path().join("record.html"),
        "{% extends \"base.html\" %}{% block main %}{% if record.title == \"坏标题\" %}{{ record.nope.deeper }}\
{% endif %}<p>记录：{{ record.title }}</p>{% endblock main %}",
    )
    .unwrap();
    let preview = Preview::start_with(&tree, &["--templates".as_ref(), templates.path().as_os_str()]);
    let page = "/records/2026/s1/2026-05-10-life.html";
    assert!(preview.get(page).1.contains("<p>记录：一科民主生活会</p>"));
    let mut events = preview.events();
    std::fs::write(
        tree.path().join("2026/s1/2026-05-10-life.md"),
        "+++\nkind = \"life_meeting\"\ntitle = \"坏标题\"\ndate = 2026-05-10\nchair = \"c1\"\n+++\n",
    )
    .unwrap();
    next_reload(&mut events);
    let (status, body) = preview.get(page);
    assert_eq!(status, 500);
    assert!(body.contains("id=\"zerenzhi-overlay\""), "{body}");
    assert!(body.contains("record.html"), "{body}");
    // the other pages are fine
    let (status, timeline) = preview.get("/2026/timeline.html");
    assert_eq!(status, 200);
    assert!(timeline.contains("坏标题") && !timeline.contains("zerenzhi-overlay"));
    let (code, _) = preview.stop();
    assert_eq!(code, Some(0));
}

#[test]
fn serve_answers_only_its_own_name_and_only_reads() {
    let tree = tree()
        .file(
            "2026/s1/2026-06-01-page.md",
            "+++\nkind = \"special_meeting\"\ntitle = \"会\"\ndate = 2026-06-01\nattachments = [\"attachments/页面.html\"]\n+++\n正文。\n",
        )
        .file("2026/s1/attachments/页面.html", "<script>fetch('/records/x.html')</script>");
    let preview = Preview::start(&tree);
    let port = preview.port;
    let status = |response: &str| response.get(9..12).unwrap_or_default().to_string();
    let get = |host: &str, extra: &str| {
        preview.raw(&format!(
            "GET /2026/index.html HTTP/1.1\r\nHost: {host}\r\n{extra}Connection: close\r\n\r\n"
        ))
    };
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(status(&get(&host, "")), "200", "{host}");
    }
    // a page elsewhere that points its own name at 127.0.0.1 (DNS
    // rebinding), or another port, or no name at all
    for host in [
        format!("attacker.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        format!("localhost:{}", port.wrapping_add(1)),
        "localhost".to_string(),
    ] {
        let response = get(&host, "");
        assert_eq!(status(&response), "403", "{host}: {response}");
        assert!(!response.contains("党风廉政建设责任制"), "{host}: {response}");
    }
    let response = preview.raw("GET /2026/index.html HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert_eq!(status(&response), "403", "{response}");
    // the reload stream only to the preview's own pages
    let events = |origin: &str| {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        write!(
            stream,
            "GET /__zerenzhi/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: {origin}\r\n\r\n"
        )
        .unwrap();
        let mut head = String::new();
        BufReader::new(stream).read_line(&mut head).unwrap();
        head
    };
    assert!(events("http://evil.example").starts_with("HTTP/1.1 403"));
    assert!(events(&format!("http://localhost:{port}")).starts_with("HTTP/1.1 200"));
    // nothing but GET and HEAD
    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
        let response = preview.raw(&format!(
            "{method} /2026/index.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(status(&response), "405", "{method}: {response}");
        assert!(response.contains("Allow: GET, HEAD"), "{response}");
    }
    // pages carry the policy; an attachment is a download that runs nothing
    let page = get(&format!("127.0.0.1:{port}"), "");
    assert!(page.contains("Content-Security-Policy: default-src 'self'"), "{page}");
    assert!(page.contains("X-Content-Type-Options: nosniff"), "{page}");
    let page = preview.get("/records/2026/s1/2026-06-01-page.html").1;
    let at = page.find("href=\"../../../files/").unwrap() + "href=\"../../../".len();
    let href = &page[at..];
    let href = &href[..href.find('"').unwrap()];
    let response = preview.raw(&format!(
        "GET /{href} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(status(&response), "200", "{response}");
    let head = response.split("\r\n\r\n").next().unwrap();
    for header in [
        "Content-Disposition: attachment; filename*=UTF-8''",
        "X-Content-Type-Options: nosniff",
        "Content-Security-Policy: sandbox",
    ] {
        assert!(head.contains(header), "{header} not in {head}");
    }
    assert!(!head.contains("text/html"), "{head}");
    preview.stop();
}

#[test]
fn editor_temporaries_rebuild_nothing_and_no_history_is_honoured() {
    let tree = tree();
    let preview = Preview::start_with(&tree, &["--no-history".as_ref()]);
    let (_, page) = preview.get("/2026/timeline.html");
    assert!(page.contains("预览时未读取修改历史"), "{page}");
    let mut events = preview.events();
    // what Vim and Emacs write beside a file they save, and a dotfile
    for name in [
        ".2026-05-10-life.md.swp",
        "4913",
        "2026-05-10-life.md~",
        "#2026-05-10-life.md#",
        ".notes",
    ] {
        std::fs::write(tree.path().join("2026/s1").join(name), "x").unwrap();
    }
    // long enough for any rebuild they caused to have started
    std::thread::sleep(Duration::from_millis(400));
    std::fs::write(
        tree.path().join("2026/s1/2026-05-10-life.md"),
        "+++\nkind = \"life_meeting\"\ntitle = \"一科民主生活会（改）\"\ndate = 2026-05-10\nchair = \"c1\"\n+++\n",
    )
    .unwrap();
    next_reload(&mut events);
    let (_, page) = preview.get("/2026/timeline.html");
    assert!(page.contains("一科民主生活会（改）"), "{page}");
    // one rebuild after the first build: for the record, none for the rest
    let rebuilds: Vec<String> = preview
        .stdout
        .try_iter()
        .filter(|line| line.contains("已生成"))
        .collect();
    assert_eq!(rebuilds.len(), 1, "{rebuilds:?}");
    preview.stop();
}
