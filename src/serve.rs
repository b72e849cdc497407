//! Live preview: the site rendered into memory, served on 127.0.0.1,
//! rebuilt when the records or templates change, and open pages reloaded
//! by server-sent events. A change within some years rebuilds only those
//! years, from only the files that changed, and their pages are rendered
//! when a browser first asks for them. When a change brings data errors,
//! every page shows them (file, line, column) over the site instead of a
//! stale one.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use crate::beneath::Root;
use crate::diag::{self, Lang};
use crate::render::markdown::Bodies;
use crate::render::templates::{self, Theme};
use crate::render::{self, Options, Page, Sink};
use crate::validate::Limits;
use crate::{Audience, HistoryFrom, Judge, Project};

/// The path pages listen on for reloads.
pub const EVENTS: &str = "/__zerenzhi/events";

/// The script that listens, a file of its own since pages allow no inline
/// script.
const RELOAD_SCRIPT: &str = "/__zerenzhi/reload.js";
const RELOAD_JS: &str =
    "new EventSource(\"/__zerenzhi/events\").addEventListener(\"reload\", function () { location.reload(); });\n";

/// What a preview is built from.
pub struct Config {
    pub records: PathBuf,
    pub templates: Option<PathBuf>,
    /// Fixed date to judge rules as of; `None` resolves it at every build.
    pub as_of: Option<NaiveDate>,
    pub public: bool,
    pub include_personal: bool,
    pub limits: Limits,
    pub lang: Lang,
    /// Read the git history (`--no-history` says no).
    pub history: bool,
}

/// A file of the site in memory: rendered bytes, a page to render when it
/// is first asked for, or an attachment left on disk in the records (opened
/// beneath the records root when it is asked for).
enum Entry {
    Bytes(Vec<u8>),
    Page(Arc<LazyPage>),
    File(Arc<Root>, String),
}

/// A page rendered on its first request, then kept.
struct LazyPage {
    page: Page,
    theme: Arc<Theme>,
    html: OnceLock<Result<Vec<u8>, String>>,
}

impl LazyPage {
    fn html(&self) -> &Result<Vec<u8>, String> {
        self.html.get_or_init(|| self.page.render(&self.theme))
    }
}

#[derive(Default)]
struct MemorySink {
    files: Mutex<HashMap<String, Entry>>,
    /// Keep pages to render on request (with this theme) instead of
    /// rendering them all now.
    lazy: Option<Arc<Theme>>,
}

impl MemorySink {
    fn put(&self, path: &str, entry: Entry) -> Result<(), String> {
        self.files
            .lock()
            .map_err(|_| "内部错误：站点缓存不可用".to_string())?
            .insert(path.to_string(), entry);
        Ok(())
    }
}

impl Sink for MemorySink {
    fn file(&self, path: &str, bytes: &[u8]) -> Result<(), String> {
        self.put(path, Entry::Bytes(bytes.to_vec()))
    }

    fn copy(&self, path: &str, root: &Arc<Root>, rel: &str) -> Result<(), String> {
        self.put(path, Entry::File(Arc::clone(root), rel.to_string()))
    }

    fn page(&self, path: &str, page: Page, theme: &Theme) -> Result<(), String> {
        match &self.lazy {
            Some(theme) => self.put(
                path,
                Entry::Page(Arc::new(LazyPage {
                    page,
                    theme: theme.clone(),
                    html: OnceLock::new(),
                })),
            ),
            None => self.file(path, &page.render(theme)?),
        }
    }
}

/// The preview as it stands: the last site that built, and the problems of
/// the last build when it failed.
#[derive(Default)]
struct Preview {
    files: HashMap<String, Entry>,
    problems: Option<String>,
    /// The years of the last good build, and the files each one's pages
    /// made: what a rebuild of that year replaces.
    years: Vec<i32>,
    made_by: HashMap<i32, Vec<String>>,
}

/// What a change calls for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Everything: the first build, the unit, the rules or the templates.
    All,
    /// Only these year folders changed.
    Years(BTreeSet<i32>),
}

/// A rendered build: every file by path, and which year's pages made which.
struct Built {
    files: HashMap<String, Entry>,
    made_by: HashMap<i32, Vec<String>>,
    years: Vec<i32>,
    /// Every year was rendered: the files are the whole site.
    complete: bool,
    pages: usize,
}

/// The outcome of one build, for the terminal.
pub struct BuildReport {
    pub ok: bool,
    pub pages: usize,
    /// The years whose pages were rendered.
    pub years: Vec<i32>,
    pub elapsed: Duration,
    /// The diagnostics or the error, as plain text.
    pub problems: String,
}

/// A running preview server.
pub struct Server {
    http: Arc<tiny_http::Server>,
    preview: Arc<RwLock<Preview>>,
    listeners: Arc<Mutex<Vec<mpsc::Sender<u64>>>>,
    generation: AtomicU64,
    config: Config,
    /// Set up before the first build, so no change is missed.
    _watcher: notify::RecommendedWatcher,
    changes: mpsc::Receiver<notify::Result<notify::Event>>,
    /// The files as last read: only changed ones are read again.
    files: Mutex<crate::load::Cache>,
    /// The record bodies as last rendered: only changed ones are rendered
    /// again.
    bodies: Arc<Bodies>,
    /// The git history of the last build: read again in full only after a
    /// commit.
    history: Mutex<Option<Arc<crate::history::History>>>,
}

impl Server {
    /// Binds 127.0.0.1:`port` (0 picks a free one) and starts watching the
    /// records and templates.
    pub fn bind(port: u16, config: Config) -> Result<Server, String> {
        use notify::Watcher;
        let cannot = |e: &dyn std::fmt::Display| {
            format!("无法在 127.0.0.1:{port} 上启动预览（{e}）；端口可能已被占用，可用 --port 换一个")
        };
        let listener = std::net::TcpListener::bind(("127.0.0.1", port)).map_err(|e| cannot(&e))?;
        // Answers go out at once, not after the 40 ms the kernel waits to
        // gather small writes (accepted sockets inherit this on Linux).
        #[cfg(unix)]
        let _ = rustix::net::sockopt::set_tcp_nodelay(&listener, true);
        let http = tiny_http::Server::from_listener(listener, None).map_err(|e| cannot(&e))?;
        let (tx, changes) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(tx).map_err(|e| format!("无法监视文件变化：{e}"))?;
        for root in std::iter::once(&config.records).chain(config.templates.as_ref()) {
            watcher
                .watch(root, notify::RecursiveMode::Recursive)
                .map_err(|e| format!("无法监视 {}：{e}", root.display()))?;
        }
        Ok(Server {
            http: Arc::new(http),
            preview: Arc::default(),
            listeners: Arc::default(),
            generation: AtomicU64::new(0),
            config,
            _watcher: watcher,
            changes,
            files: Mutex::default(),
            bodies: Arc::default(),
            history: Mutex::default(),
        })
    }

    pub fn port(&self) -> u16 {
        self.http.server_addr().to_ip().map_or(0, |a| a.port())
    }

    /// Renders the site, or the years `scope` names, into memory and tells
    /// open pages to reload.
    pub fn rebuild(&self, scope: &Scope) -> BuildReport {
        let started = Instant::now();
        let (last_years, failed) = self
            .preview
            .read()
            .map(|p| (p.years.clone(), p.problems.is_some()))
            .unwrap_or_default();
        // after a failed build, changes to any year may not be in the site yet
        let scope = if failed { &Scope::All } else { scope };
        let result = match self.files.lock() {
            Ok(mut files) => build(
                &self.config,
                scope,
                &last_years,
                &mut files,
                &self.bodies,
                &self.history,
            ),
            Err(_) => Err("内部错误：文件缓存不可用".to_string()),
        };
        let mut report = BuildReport {
            ok: result.is_ok(),
            pages: 0,
            years: Vec::new(),
            elapsed: Duration::ZERO,
            problems: String::new(),
        };
        if let Ok(mut preview) = self.preview.write() {
            match result {
                Ok(built) => {
                    report.pages = built.pages;
                    report.years = built
                        .made_by
                        .keys()
                        .copied()
                        .filter(|y| built.years.contains(y))
                        .collect();
                    report.years.sort_unstable();
                    let mut replaced = Vec::new();
                    if built.complete {
                        replaced.push(std::mem::replace(&mut preview.files, built.files));
                        preview.made_by = built.made_by;
                    } else {
                        // only some years: their old files give way to the new
                        let mut old = HashMap::new();
                        for (year, made) in built.made_by {
                            for path in preview.made_by.remove(&year).unwrap_or_default() {
                                if let Some(entry) = preview.files.remove(&path) {
                                    old.insert(path, entry);
                                }
                            }
                            preview.made_by.insert(year, made);
                        }
                        preview.files.extend(built.files);
                        replaced.push(old);
                    }
                    // freeing thousands of pages takes a while: not while
                    // the preview is locked, and not before the reload
                    std::thread::spawn(move || drop(replaced));
                    preview.years = built.years;
                    preview.problems = None;
                }
                Err(problems) => {
                    report.problems = problems.clone();
                    preview.problems = Some(problems);
                }
            }
        }
        report.elapsed = started.elapsed();
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        if let Ok(mut listeners) = self.listeners.lock() {
            listeners.retain(|tx| tx.send(generation).is_ok());
        }
        report
    }

    /// Answers requests on a thread of their own.
    pub fn spawn_http(&self) {
        let (http, preview, listeners) = (self.http.clone(), self.preview.clone(), self.listeners.clone());
        let port = self.port();
        std::thread::spawn(move || {
            for request in http.incoming_requests() {
                // a thread a request: a slow reader or an open event
                // stream never holds up the others
                let (preview, listeners) = (preview.clone(), listeners.clone());
                std::thread::spawn(move || respond(request, port, &preview, &listeners));
            }
        });
    }

    /// Watches the records and templates and rebuilds after each burst of
    /// changes, until `stop` is set. `report` is told of every build.
    pub fn watch(&self, stop: &AtomicBool, mut report: impl FnMut(&BuildReport)) -> Result<(), String> {
        let rx = &self.changes;
        let records = fs::canonicalize(&self.config.records).unwrap_or_else(|_| self.config.records.clone());
        let mut pending: Option<Scope> = None;
        // the records files the pending changes edited in place, while
        // that is all they did (then the loader need not walk the tree)
        let mut edited: Option<HashSet<String>> = None;
        // files written to and not closed yet: a save still going on
        let mut writing: HashSet<PathBuf> = HashSet::new();
        while !stop.load(Ordering::SeqCst) {
            // A burst of saves is one rebuild: wait for a quiet moment. A
            // save that only rewrote files in place and closed them all is
            // over, and a short wait is enough to group it with the saves
            // of other files made at once.
            let timeout = match &pending {
                None => Duration::from_millis(200),
                Some(_) if edited.is_some() && writing.is_empty() => CLOSED_QUIET,
                Some(_) => QUIET,
            };
            match rx.recv_timeout(timeout) {
                Ok(Ok(event)) if changes(&event.kind) => {
                    // what an editor writes beside the file it saves, and
                    // what the loader never reads, changes nothing
                    let paths: Vec<&PathBuf> = event.paths.iter().filter(|p| !ignored(&records, p)).collect();
                    if paths.is_empty() {
                        continue;
                    }
                    if pending.is_none() {
                        edited = Some(HashSet::new());
                    }
                    for path in &paths {
                        if let Some(scope) = touched(&records, path) {
                            pending = Some(merge(pending.take(), scope));
                        }
                    }
                    match (edited.as_mut(), in_place(&event.kind)) {
                        (Some(files), true) => files.extend(paths.iter().filter_map(|p| relative(&records, p))),
                        _ => edited = None,
                    }
                    if closed(&event.kind) {
                        writing.retain(|p| !paths.contains(&p));
                    } else {
                        writing.extend(paths.iter().map(|p| (*p).clone()));
                    }
                }
                Ok(Ok(_)) => {}
                // the watcher lost track: rebuild everything
                Ok(Err(_)) => {
                    pending = Some(Scope::All);
                    edited = None;
                }
                Err(RecvTimeoutError::Timeout) if pending.is_some() => {
                    writing.clear();
                    let scope = pending.take().unwrap_or(Scope::All);
                    if let (Some(files), Ok(mut cache)) = (edited.take(), self.files.lock()) {
                        cache.only_modified(files);
                    }
                    report(&self.rebuild(&scope));
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        self.http.unblock();
        Ok(())
    }
}

/// How long a burst of changes must have been quiet before a rebuild.
const QUIET: Duration = Duration::from_millis(50);
/// The same, once every file written has been closed.
const CLOSED_QUIET: Duration = Duration::from_millis(10);

/// Whether an event says a file written to was closed: its save is over.
fn closed(kind: &notify::EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode};
    matches!(kind, notify::EventKind::Access(AccessKind::Close(AccessMode::Write)))
}

/// Whether an event changes a file: building reads every file, and those
/// reads must not start the next build.
fn changes(kind: &notify::EventKind) -> bool {
    use notify::EventKind;
    use notify::event::{AccessKind, AccessMode};
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Whether an event only changes a file's content or metadata in place:
/// no file appears, disappears or moves.
fn in_place(kind: &notify::EventKind) -> bool {
    use notify::EventKind;
    use notify::event::ModifyKind;
    matches!(
        kind,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Metadata(_))
    )
}

/// A path under the records as the loader names it (`/`-separated).
fn relative(records: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(records).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// Whether a changed path is nothing the site is made from: a file or
/// folder the loader skips (`.git`, `.x`, `_示例`), or a temporary file an
/// editor writes beside the one it saves (Vim's swap files and its `4913`
/// probe, Emacs's `#…#` and lock files, `~` backups).
fn ignored(records: &Path, path: &Path) -> bool {
    let temporary = |name: &str| {
        name.starts_with(".#")
            || (name.starts_with('#') && name.ends_with('#'))
            || name.ends_with('~')
            || name == "4913"
            || [".swp", ".swo", ".swx", ".tmp"].iter().any(|ext| name.ends_with(ext))
    };
    if path.file_name().is_some_and(|n| temporary(&n.to_string_lossy())) {
        return true;
    }
    path.strip_prefix(records).is_ok_and(|rel| {
        rel.components().any(|c| {
            let c = c.as_os_str().to_string_lossy();
            c.starts_with('.') || c.starts_with('_')
        })
    })
}

/// What a changed path calls for: nothing for what the loader never
/// reads at the top of the records (a built `site/`, `.git`…), its year for
/// a file in a year folder, everything for `org.toml`, `rules.toml` and the
/// templates (the paths outside the records).
fn touched(records: &Path, path: &Path) -> Option<Scope> {
    let Ok(rel) = path.strip_prefix(records) else {
        return Some(Scope::All);
    };
    let name = rel.components().next()?.as_os_str().to_string_lossy().to_string();
    if let Some(year) = crate::load::year_of(&name) {
        Some(Scope::Years(BTreeSet::from([year])))
    } else if name == crate::load::org::FILE || name == crate::rules::FILE {
        Some(Scope::All)
    } else {
        None
    }
}

fn merge(a: Option<Scope>, b: Scope) -> Scope {
    match (a, b) {
        (Some(Scope::Years(mut x)), Scope::Years(y)) => {
            x.extend(y);
            Scope::Years(x)
        }
        (None, b) => b,
        _ => Scope::All,
    }
}

/// Loads, validates and renders into memory; the problems as text when
/// the records have errors or rendering failed.
fn build(
    config: &Config,
    scope: &Scope,
    last_years: &[i32],
    files: &mut crate::load::Cache,
    bodies: &Arc<Bodies>,
    last_history: &Mutex<Option<Arc<crate::history::History>>>,
) -> Result<Built, String> {
    let _t = crate::timing::stage("serve build");
    let as_of = crate::resolve_as_of(config.as_of)?;
    let last = last_history.lock().ok().and_then(|last| last.clone());
    let history = if config.history {
        HistoryFrom::Git(last.as_deref())
    } else {
        HistoryFrom::Skip("预览时未读取 git 历史（--no-history）")
    };
    let (project, history) = Project::open_with_history(&config.records, &config.limits, Some(files), history);
    let project = project.map_err(|e| e.to_string())?;
    let errors: Vec<_> = project.data.errors().collect();
    if !errors.is_empty() {
        let mut text = String::new();
        for d in &errors {
            text.push_str(&diag::render_human(d, &project.data.sources, config.lang, false));
            text.push_str("\n\n");
        }
        return Err(text);
    }
    let theme = {
        let _t = crate::timing::stage("theme");
        Arc::new(templates::load(config.templates.as_deref())?)
    };
    // A change within some years renders their pages when they are asked
    // for; a full build renders every page now, so that a template error
    // is reported at once.
    let lazy = matches!(scope, Scope::Years(_)).then(|| theme.clone());
    let years = project.data.records.years.clone();
    // a year added or removed changes every page's year switcher
    let render: Vec<i32> = match scope {
        Scope::Years(changed) if years == last_years => years.iter().copied().filter(|y| changed.contains(y)).collect(),
        _ => years.clone(),
    };
    let history = Arc::new(history);
    if let Ok(mut last) = last_history.lock() {
        *last = Some(Arc::clone(&history));
    }
    let mut built = Built {
        files: HashMap::new(),
        made_by: HashMap::new(),
        complete: render == years,
        years,
        pages: 0,
    };
    // one year at a time, to know which files each year's pages made (with
    // no year at all, once for the front page and the assets)
    let batches: Vec<Vec<i32>> = if built.years.is_empty() {
        vec![Vec::new()]
    } else {
        render.into_iter().map(|y| vec![y]).collect()
    };
    let judged = project.judge(Judge {
        audience: Audience::of_flags(config.public, config.include_personal),
        history,
        ..Judge::new(as_of)
    });
    for only in batches {
        let year = only.first().copied().unwrap_or_default();
        let options = Options {
            only_years: Some(only),
            bodies: Some(bodies.clone()),
        };
        let sink = MemorySink {
            lazy: lazy.clone(),
            ..MemorySink::default()
        };
        let summary = render::render(&judged, &theme, &options, &sink)?;
        let files = sink
            .files
            .into_inner()
            .map_err(|_| "内部错误：站点缓存不可用".to_string())?;
        built.made_by.insert(year, files.keys().cloned().collect());
        built.files.extend(files);
        built.pages += summary.pages;
    }
    Ok(built)
}

fn respond(
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
            Err(e) => request.respond(html(500, decorate(NOT_FOUND, Some(e)))),
        },
        Found::Data(name, bytes) => request.respond(with_type(tiny_http::Response::from_data(bytes), &name)),
        Found::File(name, file) => request.respond(as_download(
            with_type(tiny_http::Response::from_file(file), &name),
            &name,
        )),
    };
}

enum Found {
    Page(u16, String),
    /// A page not rendered yet, and the problems of the last build.
    Lazy(Arc<LazyPage>, Option<String>),
    Data(String, Vec<u8>),
    File(String, fs::File),
}

fn lookup(preview: &RwLock<Preview>, path: &str) -> Found {
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

const NOT_FOUND: &str = "<!DOCTYPE html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>未找到</title>\
<body><p>没有这个页面。<a href=\"/\">回到首页</a></p></body></html>";

fn html(status: u16, page: String) -> tiny_http::Response<io::Cursor<Vec<u8>>> {
    with_type(tiny_http::Response::from_data(page.into_bytes()), "x.html").with_status_code(status)
}

fn with_type<R: io::Read>(response: tiny_http::Response<R>, name: &str) -> tiny_http::Response<R> {
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
fn as_download<R: io::Read>(response: tiny_http::Response<R>, name: &str) -> tiny_http::Response<R> {
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
fn add<R: io::Read>(response: tiny_http::Response<R>, name: &str, value: &str) -> tiny_http::Response<R> {
    match tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
        Ok(h) => response.with_header(h),
        Err(()) => response,
    }
}

/// A short plain-text answer.
fn plain(status: u16, message: &str) -> tiny_http::Response<io::Cursor<Vec<u8>>> {
    let response = tiny_http::Response::from_data(message.as_bytes().to_vec()).with_status_code(status);
    let response = add(response, "Content-Type", "text/plain; charset=utf-8");
    add(response, "X-Content-Type-Options", "nosniff")
}

/// Whether the preview answers `request` at all: only GET and HEAD, only
/// under its own name (a page elsewhere that points its own host name at
/// 127.0.0.1, DNS rebinding, is refused), and the event stream only to its
/// own pages.
fn admissible(request: &tiny_http::Request, port: u16) -> Result<(), (u16, &'static str)> {
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
fn decorate(page: &str, problems: Option<&str>) -> String {
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
    let escaped = templates::escape(problems);
    format!(
        "<div id=\"zerenzhi-overlay\" role=\"alertdialog\" aria-label=\"数据错误\" style=\"position:fixed;inset:0;\
z-index:2147483647;overflow:auto;background:rgba(255,255,255,.97);color:#1a1a1a;padding:2rem 3rem;\
font:15px/1.6 system-ui,sans-serif\"><h1 style=\"color:#b3261e;font-size:1.4rem;margin:0 0 .5rem\">\
记录中有数据错误，网站没有更新</h1><p style=\"margin:0 0 1rem\">按下面的文件、行、列改正并保存，页面会自动刷新。\
下方是上一次成功生成的网站。</p><pre style=\"white-space:pre-wrap;background:#fbeeee;border-left:4px solid #b3261e;\
padding:1rem;font:14px/1.5 ui-monospace,monospace\">{escaped}</pre></div>"
    )
}

/// Sends `event: reload` for every rebuild until the page goes away.
fn stream_events(request: tiny_http::Request, rx: &mpsc::Receiver<u64>) {
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
    fn editor_temporaries_and_skipped_folders_change_nothing() {
        let records = Path::new("/r");
        for path in [
            "/r/2026/s1/.a.md.swp",
            "/r/2026/s1/a.md~",
            "/r/2026/s1/4913",
            "/r/2026/s1/#a.md#",
            "/r/2026/s1/.#a.md",
            "/r/.git/index",
            "/r/_示例/a.md",
            "/r/2026/.x/a.md",
            "/t/.base.html.swx",
        ] {
            assert!(ignored(records, Path::new(path)), "{path}");
        }
        for path in [
            "/r/2026/s1/a.md",
            "/r/org.toml",
            "/r/2026/s1/attachments/纪要.pdf",
            "/t/base.html",
        ] {
            assert!(!ignored(records, Path::new(path)), "{path}");
        }
    }
}
