//! Answering the browser: pages, files and the reload events, only to
//! the preview's own pages.

use super::*;

pub(super) fn respond(
    request: tiny_http::Request,
    port: u16,
    preview: &RwLock<Preview>,
    listeners: &Mutex<Vec<mpsc::Sender<u64>>>,
) {
    if let Err((status, message)) = admissible(&request, port) {
        let mut response = plain(status, message);
        if status == 405 {
            response = add(response, "Allow", "GET, HEAD");
        }
        let _ = request.respond(response);
        return;
    }
    let raw = request.url().split(['?', '#']).next().unwrap_or("/").to_string();
    if raw == RELOAD_SCRIPT {
        let _ = request.respond(with_type(
            tiny_http::Response::from_data(RELOAD_JS.as_bytes().to_vec()),
            "reload.js",
        ));
        return;
    }
    if raw == EVENTS {
        let (tx, rx) = mpsc::channel();
        if let Ok(mut list) = listeners.lock() {
            list.push(tx);
        }
        stream_events(request, &rx);
        return;
    }
    let path = percent_encoding::percent_decode_str(raw.trim_start_matches('/'))
        .decode_utf8_lossy()
        .to_string();
    // what to send is taken under the lock and sent after it, so that a
    // slow reader never holds up a rebuild
    let _ = match lookup(preview, &path) {
        Found::Page(status, page) => request.respond(html(status, page)),
        Found::Lazy(page, problems) => match page.html() {
            Ok(bytes) => request.respond(html(
                200,
                decorate(&String::from_utf8_lossy(bytes), problems.as_deref()),
            )),
            Err(e) => request.respond(html(500, decorate(NOT_FOUND, Some(&e.to_string())))),
        },
        Found::Data(name, bytes) => request.respond(with_type(tiny_http::Response::from_data(bytes), &name)),
        Found::File(name, file) => request.respond(as_download(
            with_type(tiny_http::Response::from_file(file), &name),
            &name,
        )),
    };
}

pub(super) enum Found {
    Page(u16, String),
    /// A page not rendered yet, and the problems of the last build.
    Lazy(Arc<LazyPage>, Option<String>),
    Data(String, Vec<u8>),
    File(String, fs::File),
}

pub(super) fn lookup(preview: &RwLock<Preview>, path: &str) -> Found {
    let Ok(preview) = preview.read() else {
        return Found::Page(500, NOT_FOUND.to_string());
    };
    let candidates = if path.is_empty() || path.ends_with('/') {
        vec![format!("{path}index.html")]
    } else {
        vec![path.to_string(), format!("{path}/index.html")]
    };
    let found = candidates
        .iter()
        .find_map(|p| preview.files.get(p.as_str()).map(|e| (p.as_str(), e)));
    let missing = || Found::Page(404, decorate(NOT_FOUND, preview.problems.as_deref()));
    match found {
        Some((name, Entry::Bytes(bytes))) if name.ends_with(".html") => Found::Page(
            200,
            decorate(&String::from_utf8_lossy(bytes), preview.problems.as_deref()),
        ),
        Some((name, Entry::Bytes(bytes))) => Found::Data(name.to_string(), bytes.clone()),
        // rendered after the lock is let go
        Some((_, Entry::Page(page))) => Found::Lazy(page.clone(), preview.problems.clone()),
        Some((name, Entry::File(root, rel))) => match root.open_file(rel) {
            Ok((file, _)) => Found::File(name.to_string(), file),
            Err(_) => missing(),
        },
        None => missing(),
    }
}

pub(super) const NOT_FOUND: &str = "<!DOCTYPE html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>未找到</title>\
<body><p>没有这个页面。<a href=\"/\">回到首页</a></p></body></html>";

pub(super) fn html(status: u16, page: String) -> tiny_http::Response<io::Cursor<Vec<u8>>> {
    with_type(tiny_http::Response::from_data(page.into_bytes()), "x.html").with_status_code(status)
}

pub(super) fn with_type<R: io::Read>(response: tiny_http::Response<R>, name: &str) -> tiny_http::Response<R> {
    let guessed = mime_guess::from_path(name).first_or_octet_stream();
    // the site's text is UTF-8, whatever the type says
    let text = guessed.type_() == mime_guess::mime::TEXT || guessed.subtype() == mime_guess::mime::JAVASCRIPT;
    let mime = if text {
        format!("{}; charset=utf-8", guessed.essence_str())
    } else {
        guessed.essence_str().to_string()
    };
    let mime = mime.as_str();
    let response = add(response, "Content-Type", mime);
    let response = add(response, "Cache-Control", "no-store");
    let response = add(response, "X-Content-Type-Options", "nosniff");
    if mime.starts_with("text/html") {
        add(response, "Content-Security-Policy", PAGE_CSP)
    } else {
        response
    }
}

/// The policy of every page: nothing from anywhere but the site itself
/// (the same as the `<meta>` in the site's pages), no frames, no plugins.
pub const PAGE_CSP: &str = "default-src 'self'; style-src 'self' 'unsafe-inline'; object-src 'none'; \
base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// An attachment, served to be saved rather than shown: whatever its type,
/// nothing in it runs in the preview's origin.
pub(super) fn as_download<R: io::Read>(response: tiny_http::Response<R>, name: &str) -> tiny_http::Response<R> {
    let file = name.rsplit('/').next().unwrap_or(name);
    let encoded = percent_encoding::utf8_percent_encode(file, percent_encoding::NON_ALPHANUMERIC);
    let response = add(
        response,
        "Content-Disposition",
        &format!("attachment; filename*=UTF-8''{encoded}"),
    );
    add(response, "Content-Security-Policy", "sandbox; default-src 'none'")
}

/// `response` with a header added (names and values here are ASCII, so
/// none is ever left out).
pub(super) fn add<R: io::Read>(response: tiny_http::Response<R>, name: &str, value: &str) -> tiny_http::Response<R> {
    match tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
        Ok(h) => response.with_header(h),
        Err(()) => response,
    }
}

/// A short plain-text answer.
pub(super) fn plain(status: u16, message: &str) -> tiny_http::Response<io::Cursor<Vec<u8>>> {
    let response = tiny_http::Response::from_data(message.as_bytes().to_vec()).with_status_code(status);
    let response = add(response, "Content-Type", "text/plain; charset=utf-8");
    add(response, "X-Content-Type-Options", "nosniff")
}

/// Whether the preview answers `request` at all: only GET and HEAD, only
/// under its own name (a page elsewhere that points its own host name at
/// 127.0.0.1, DNS rebinding, is refused), and the event stream only to its
/// own pages.
pub(super) fn admissible(request: &tiny_http::Request, port: u16) -> Result<(), (u16, &'static str)> {
    use tiny_http::Method;
    if !matches!(request.method(), Method::Get | Method::Head) {
        return Err((405, "预览只接受 GET 和 HEAD 请求。\n"));
    }
    let value = |name: &'static str| {
        request
            .headers()
            .iter()
            .find(|h| h.field.equiv(name))
            .map(|h| h.value.as_str().to_string())
    };
    let own = |authority: &str| own_name(authority, port);
    if !value("Host").is_some_and(|host| own(&host)) {
        return Err((403, "预览只回答 127.0.0.1、localhost 或 [::1] 加端口号的请求。\n"));
    }
    if request.url().starts_with(EVENTS)
        && let Some(origin) = value("Origin")
        && !origin.strip_prefix("http://").is_some_and(own)
    {
        return Err((403, "预览的刷新通知只发给预览自己的页面。\n"));
    }
    Ok(())
}

/// Whether `authority` (`host[:port]`) names this preview.
pub fn own_name(authority: &str, port: u16) -> bool {
    let (host, given) = match authority.rsplit_once(':') {
        Some((host, p)) if !p.contains(']') => (host, p.parse::<u16>().ok()),
        _ => (authority, Some(80)),
    };
    ["127.0.0.1", "localhost", "[::1]"]
        .iter()
        .any(|name| host.eq_ignore_ascii_case(name))
        && given == Some(port)
}

/// A page as the preview serves it: with the reload script, and with the
/// problems of the last build over it.
pub(super) fn decorate(page: &str, problems: Option<&str>) -> String {
    let mut extra = format!("<script src=\"{RELOAD_SCRIPT}\"></script>");
    if let Some(problems) = problems {
        extra.push_str(&overlay(problems));
    }
    match page.rfind("</body>") {
        Some(at) => format!("{}{extra}{}", &page[..at], &page[at..]),
        None => format!("{page}{extra}"),
    }
}

/// The problems of the last build, over the whole page.
pub fn overlay(problems: &str) -> String {
    static OVERLAY: OnceLock<Option<tera::Tera>> = OnceLock::new();
    let tera = OVERLAY.get_or_init(|| {
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html"]);
        tera.set_escape_fn(templates::escape_to);
        let text = include_str!("../../templates/_serve_overlay.html");
        tera.add_raw_template("_serve_overlay.html", text).ok()?;
        Some(tera)
    });
    let mut context = tera::Context::new();
    context.insert("problems", problems);
    tera.as_ref()
        .and_then(|tera| tera.render("_serve_overlay.html", &context).ok())
        // the built-in template always renders; were it ever not to, the
        // problems are still shown
        .unwrap_or_else(|| format!("<pre>{}</pre>", templates::escape(problems)))
}

/// Sends `event: reload` for every rebuild until the page goes away.
pub(super) fn stream_events(request: tiny_http::Request, rx: &mpsc::Receiver<u64>) {
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\n\
Connection: keep-alive\r\n\r\nretry: 1000\n\n";
    if writer.write_all(head.as_bytes()).and_then(|()| writer.flush()).is_err() {
        return;
    }
    loop {
        let message = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(generation) => format!("event: reload\ndata: {generation}\n\n"),
            // a comment keeps proxies from closing a quiet stream, and
            // finds out when the page is gone
            Err(RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if writer
            .write_all(message.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_overlay_shows_the_problems_escaped_over_the_page() {
        let html = overlay("2026/a.md:3:1 <script>");
        assert!(html.starts_with("<div id=\"zerenzhi-overlay\" role=\"alertdialog\" aria-label=\"数据错误\""));
        assert!(html.contains("记录中有数据错误，网站没有更新"));
        assert!(html.ends_with("2026/a.md:3:1 &lt;script&gt;</pre></div>"), "{html}");
        assert!(!html.contains("{#") && !html.contains('\n'), "{html}");
    }
}
