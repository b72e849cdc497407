//! Live preview: the site rendered into memory, served on 127.0.0.1,
//! rebuilt when the records or templates change, and open pages reloaded
//! by server-sent events. A change within some years rebuilds only those
//! years, from only the files that changed, and their pages are rendered
//! when a browser first asks for them. When a change brings data errors,
//! every page shows them (file, line, column) over the site instead of a
//! stale one.

use crate::error::Error;
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

mod http;
mod memory;
mod watch;

use http::*;
pub use http::{PAGE_CSP, overlay, own_name};
use memory::{Entry, LazyPage, MemorySink};
use watch::*;

/// The path pages listen on for reloads.
pub const EVENTS: &str = "/__zerenzhi/events";

/// The script that listens, a file of its own since pages allow no inline
/// script.
const RELOAD_SCRIPT: &str = "/__zerenzhi/reload.js";
const RELOAD_JS: &str =
    "new EventSource(\"/__zerenzhi/events\").addEventListener(\"reload\", function () { location.reload(); });\n";

/// What a preview is built from.
pub struct Config {
    /// The records folder.
    pub records: PathBuf,
    /// The templates override folder, if any.
    pub templates: Option<PathBuf>,
    /// Fixed date to judge rules as of; `None` resolves it at every build.
    pub as_of: Option<NaiveDate>,
    /// Who the site is for.
    pub audience: Audience,
    /// Bounds on what is read.
    pub limits: Limits,
    /// The language of the problems shown over the pages.
    pub lang: Lang,
    /// Read the git history (`--no-history` says no).
    pub history: bool,
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
    /// Whether the site was updated.
    pub ok: bool,
    /// Pages rendered (or to be rendered on request).
    pub pages: usize,
    /// The years whose pages were rendered.
    pub years: Vec<i32>,
    /// How long the build took.
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
    pub fn bind(port: u16, config: Config) -> Result<Server, Error> {
        use notify::Watcher;
        let cannot = |e: &dyn std::fmt::Display| Error::Bind {
            port,
            detail: e.to_string(),
        };
        let listener = std::net::TcpListener::bind(("127.0.0.1", port)).map_err(|e| cannot(&e))?;
        // Answers go out at once, not after the 40 ms the kernel waits to
        // gather small writes (accepted sockets inherit this on Linux).
        #[cfg(unix)]
        let _ = rustix::net::sockopt::set_tcp_nodelay(&listener, true);
        let http = tiny_http::Server::from_listener(listener, None).map_err(|e| cannot(&e))?;
        let (tx, changes) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(tx).map_err(|e| Error::Watcher(e.to_string()))?;
        for root in std::iter::once(&config.records).chain(config.templates.as_ref()) {
            watcher
                .watch(root, notify::RecursiveMode::Recursive)
                .map_err(|e| Error::Watch {
                    path: root.display().to_string(),
                    detail: e.to_string(),
                })?;
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

    /// The port the preview listens on.
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
    pub fn watch(&self, stop: &AtomicBool, mut report: impl FnMut(&BuildReport)) -> Result<(), Error> {
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

/// The problems shown over every page when a build failed, as plain text.
type Problems = String;

/// Loads, validates and renders into memory; the problems as text when
/// the records have errors or rendering failed.
fn build(
    config: &Config,
    scope: &Scope,
    last_years: &[i32],
    files: &mut crate::load::Cache,
    bodies: &Arc<Bodies>,
    last_history: &Mutex<Option<Arc<crate::history::History>>>,
) -> Result<Built, Problems> {
    let _t = crate::timing::stage("serve build");
    let say = |e: Error| e.text(config.lang);
    let as_of = crate::resolve_as_of(config.as_of).map_err(say)?;
    let last = last_history.lock().ok().and_then(|last| last.clone());
    let history = if config.history {
        HistoryFrom::Git(last.as_deref())
    } else {
        HistoryFrom::Skip("预览时未读取修改历史")
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
        Arc::new(templates::load(config.templates.as_deref()).map_err(say)?)
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
        audience: config.audience,
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
        let summary = render::render(&judged, &theme, &options, &sink).map_err(say)?;
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
