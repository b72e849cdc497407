//! Stage 4, render: the validated records and rule results as the pages of
//! a static site. Rendering only produces bytes in memory; [`crate::write`]
//! puts them on disk.

pub mod charts;
pub mod markdown;
pub mod report;
pub mod search;
pub mod templates;
pub mod view;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use crate::beneath::Root;
use crate::diag::Lang;
use crate::history::{Commit, History};
use crate::model::*;
use crate::rules::{Check, Outcome, RuleScope, RuleSet, Status, evaluate};
use templates::Theme;
use view::{OutcomeView, Urls, Views, href, in_post_during};

/// Any serializable value as a Tera value. Tera values inside it (the
/// record views every list shares) are shared, not copied.
pub fn value<T: Serialize + ?Sized>(v: &T) -> Value {
    Value::try_from_serializable(v).unwrap_or_else(|_| Value::none())
}

/// A Tera map from `"key" => value` pairs, each value taken by [`value`].
macro_rules! map {
    ($($key:literal => $value:expr),* $(,)?) => {{
        #[allow(unused_mut)]
        let mut map = tera::Map::default();
        $( map.insert($key.into(), $crate::render::value(&$value)); )*
        tera::Value::from(map)
    }};
}

/// What to build.
#[derive(Debug, Clone)]
pub struct Options {
    pub as_of: NaiveDate,
    /// Only these years (all years with a folder when `None`).
    pub years: Option<Vec<i32>>,
    /// Leave out restricted records and every personal detail.
    pub public: bool,
    /// Show petitioners' names whole (ignored in a public build).
    pub include_personal: bool,
    /// Who created and changed each record, from git (shared: `serve`
    /// renders year by year with the same history).
    pub history: std::sync::Arc<History>,
    /// Render the pages of only these of the site's years (the others are
    /// already there): `serve` rebuilds only the years a change touched.
    pub only_years: Option<Vec<i32>>,
    /// Record bodies kept from the last build (`serve`).
    pub bodies: Option<std::sync::Arc<markdown::Bodies>>,
}

/// Where rendered files go, as they are rendered (from several threads).
pub trait Sink: Sync {
    /// Writes one file at `path` (relative to the site root, `/`-separated).
    fn file(&self, path: &str, bytes: &[u8]) -> Result<(), String>;
    /// Copies the file `rel` beneath the records `root` into the site.
    fn copy(&self, path: &str, root: &Arc<Root>, rel: &str) -> Result<(), String>;
    /// Takes one page: renders it with `theme` and writes it. A sink that
    /// serves pages on request (`serve`) may keep the page and render it
    /// only when it is asked for.
    fn page(&self, path: &str, page: Page, theme: &Theme) -> Result<(), String> {
        self.file(path, &page.render(theme)?)
    }
}

/// A sink that lets each path of the site be written once: two things that
/// would be one file, here or on a case-blind file system, are an error
/// naming both (the validation keeps ids apart, so this is the last
/// guard).
struct Unique<'a> {
    sink: &'a dyn Sink,
    /// Each path written, folded, and what wrote it; and every folder
    /// above them (a path is a file or a folder, never both).
    written: std::sync::Mutex<(HashMap<String, String>, HashSet<String>)>,
}

impl Unique<'_> {
    fn claim(&self, path: &str, what: impl Fn() -> String) -> Result<(), String> {
        let mut guard = self
            .written
            .lock()
            .map_err(|_| "写入网站失败：另一个线程出错".to_string())?;
        let (written, folders) = &mut *guard;
        let folded = crate::model::names::fold(path).into_owned();
        let both = |name: &str| {
            format!(
                "网站中的 {name} 既要是文件又要是文件夹（{}）；请把相关编号改得明显不同",
                what()
            )
        };
        if folders.contains(&folded) {
            return Err(both(path));
        }
        for (at, _) in folded.match_indices('/') {
            let folder = &folded[..at];
            if written.contains_key(folder) {
                return Err(both(folder));
            }
            if !folders.contains(folder) {
                folders.insert(folder.to_string());
            }
        }
        match written.entry(folded) {
            std::collections::hash_map::Entry::Occupied(first) => Err(format!(
                "网站中有两个文件都要写到 {path}：{} 和 {}；请把其中一个编号改得明显不同",
                first.get(),
                what()
            )),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(what());
                Ok(())
            }
        }
    }
}

impl Sink for Unique<'_> {
    fn file(&self, path: &str, bytes: &[u8]) -> Result<(), String> {
        self.claim(path, || format!("文件 {path}"))?;
        self.sink.file(path, bytes)
    }

    fn copy(&self, path: &str, root: &Arc<Root>, rel: &str) -> Result<(), String> {
        self.claim(path, || format!("附件 {rel}"))?;
        self.sink.copy(path, root, rel)
    }

    fn page(&self, path: &str, page: Page, theme: &Theme) -> Result<(), String> {
        self.claim(path, || page.describe())?;
        self.sink.page(path, page, theme)
    }
}

/// A page ready to render: its path, its template and the whole context.
/// The context shares (does not copy) the year's data.
pub struct Page {
    path: String,
    template: &'static str,
    context: Context,
}

impl Page {
    /// What made the page, for messages.
    fn describe(&self) -> String {
        format!("模板 {} 生成的页面 {}", self.template, self.path)
    }

    pub fn render(&self, theme: &Theme) -> Result<Vec<u8>, String> {
        let mut html = Vec::with_capacity(16 * 1024);
        theme
            .tera
            .render_to(self.template, &self.context, &mut html)
            .map_err(|e| {
                format!(
                    "渲染 {}（模板 {}）失败：{}",
                    self.path,
                    self.template,
                    templates::describe(&e)
                )
            })?;
        Ok(html)
    }
}

/// What was rendered.
#[derive(Debug, Default)]
pub struct Summary {
    pub pages: usize,
    pub attachments: usize,
}

#[derive(Serialize)]
struct SiteView<'a> {
    unit: &'a Unit,
    year: i32,
    years: Vec<Value>,
    as_of_zh: String,
    as_of: String,
    public: bool,
    version: &'static str,
    /// The commit the site was built from, whether the records had
    /// uncommitted changes, and what git could not tell.
    commit: Option<&'a Commit>,
    dirty: bool,
    history_note: Option<&'a str>,
}

/// Renders every page into `sink`. `root` is the records folder (for
/// attachments).
pub fn render(
    data: &Records,
    rules: &RuleSet,
    theme: &Theme,
    root: &Arc<Root>,
    opts: &Options,
    sink: &dyn Sink,
) -> Result<Summary, String> {
    let guard = Unique {
        sink,
        written: std::sync::Mutex::default(),
    };
    let sink: &dyn Sink = &guard;
    // A public build starts from the records without the restricted ones,
    // so nothing downstream (pages, counts, rule results) can show them.
    let filtered;
    let (data, dirty) = if opts.public {
        let (public, dirty) = public_view(data, &opts.history);
        filtered = public;
        (&filtered, dirty)
    } else {
        (data, opts.history.dirty)
    };
    let mut years: Vec<i32> = opts.years.clone().unwrap_or_else(|| data.years.clone());
    years.retain(|y| data.years.contains(y));
    let urls = Urls::new(data, &years);

    // Attachments are copied under safe names: each path component keeps
    // letters, digits, `-`, `_` and `.`; a name taken twice (up to case)
    // goes to a folder of its own; a type a browser would run gets `.txt`.
    // (record id, attachment as written) → path in the site.
    let mut attachments: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut copies: BTreeMap<String, String> = BTreeMap::new(); // source → site path
    let (mut taken, mut folders): (HashSet<String>, usize) = (HashSet::new(), 0);
    for r in data.all().filter(|r| years.contains(&r.year)) {
        for written in &r.attachments {
            if let Some(rel) = data.attachment(r, written) {
                let site_path = copies
                    .entry(rel.to_string())
                    .or_insert_with(|| safe_site_path(rel, &mut taken, &mut folders))
                    .clone();
                attachments.insert((r.id.clone(), written.clone()), site_path);
            }
        }
    }
    for (rel, site_path) in &copies {
        sink.copy(site_path, root, rel)?;
    }

    let renderer = Renderer {
        theme,
        sink,
        pages: AtomicUsize::new(0),
    };
    let personal = match (opts.public, opts.include_personal) {
        (true, _) => view::Personal::Hide,
        (false, true) => view::Personal::Show,
        (false, false) => view::Personal::Mask,
    };
    // One year at a time, its pages in parallel: only one year's working set
    // is in memory at once.
    let render_years = years
        .iter()
        .copied()
        .filter(|y| opts.only_years.as_ref().is_none_or(|only| only.contains(y)));
    for year in render_years {
        {
            let _t = crate::timing::stage("year");
            let outcomes = {
                let _t = crate::timing::stage("rules");
                evaluate(rules, data, &[year], opts.as_of, Lang::Zh)
            };
            let views = Views {
                data,
                rules: &rules.rules,
                urls: &urls,
                year,
                as_of: opts.as_of,
                personal,
                attachments: &attachments,
                history: &opts.history,
                reports: &view::SubmittedReports::of(data, year),
            };
            let site = site_view(data, &years, year, opts, dirty);
            renderer.year(&views, &site, &outcomes, opts.bodies.as_deref())?;
        }
    }

    let newest = years.iter().max().copied();
    let index_site = site_view(data, &years, newest.unwrap_or_default(), opts, dirty);
    renderer.page(
        "index.html",
        "index.html",
        &index_site,
        map! { "target" => newest.map(|y| href(&Urls::dashboard(y))) },
    )?;
    for (name, bytes) in &theme.assets {
        sink.file(&format!("assets/{name}"), bytes)?;
    }
    Ok(Summary {
        pages: renderer.pages.load(Ordering::Relaxed),
        attachments: copies.len(),
    })
}

/// The records a public site is made from: without the restricted ones,
/// and without a year that holds only restricted records. With it, whether
/// the records have uncommitted changes the public site shows: a change to
/// a restricted record, or to a file only such records attach, is none.
fn public_view(data: &Records, history: &History) -> (Records, bool) {
    let mut public = data.clone();
    public.retain(|r| !r.is_restricted());
    let had_records: HashSet<i32> = data.all().map(|r| r.year).collect();
    let has_records: HashSet<i32> = public.all().map(|r| r.year).collect();
    public
        .years
        .retain(|y| has_records.contains(y) || !had_records.contains(y));
    let shown: HashSet<&str> = public.all().flat_map(|r| public.attachments_of(r)).collect();
    let hidden: HashSet<&str> = data
        .all()
        .filter(|r| r.is_restricted())
        .flat_map(|r| std::iter::once(r.file.as_str()).chain(data.attachments_of(r)))
        .filter(|f| !shown.contains(f))
        .collect();
    let dirty = history.dirty_except(&hidden);
    (public, dirty)
}

/// Attachment types a browser would run or render as a page: they are
/// published as text, to be downloaded (README, 安全说明).
const ACTIVE_TYPES: &[&str] = &[
    "htm", "html", "shtml", "xht", "xhtml", "mht", "mhtml", "svg", "svgz", "xml", "xsl", "xslt", "js", "mjs", "php",
    "swf",
];

/// Whether a file name has a type a browser would run.
pub fn is_active_type(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| ACTIVE_TYPES.contains(&ext.to_ascii_lowercase().as_str()))
}

/// The path under `files/` of an attachment: every component reduced to
/// letters, digits, `-`, `_` and `.` (no leading dot), so a file name can
/// never be markup or a path trick, and `.txt` added to an active type.
/// A path changed so, or taken already up to case, goes under `files/_/N/`,
/// where no clean path can be (every clean one starts with a year).
fn safe_site_path(rel: &str, taken: &mut HashSet<String>, folders: &mut usize) -> String {
    let parts: Vec<String> = rel
        .split('/')
        .map(|part| {
            let clean: String = part.chars().map(view::safe_char).collect();
            let clean = clean.trim_start_matches('.').to_string();
            if clean.is_empty() { "_".to_string() } else { clean }
        })
        .collect();
    let mut path = parts.join("/");
    if is_active_type(&path) {
        path.push_str(".txt");
    }
    let site_path = if path == rel && !taken.contains(&path.to_lowercase()) {
        format!("files/{path}")
    } else {
        // each folder of its own has the next number
        let n = *folders;
        *folders += 1;
        format!("files/_/{n}/{path}")
    };
    taken.insert(path.to_lowercase());
    site_path
}

/// The context every page of a year shares.
fn site_view(data: &Records, years: &[i32], year: i32, opts: &Options, dirty: bool) -> Value {
    let mut sorted = years.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    let view = SiteView {
        unit: &data.org.unit,
        year,
        years: sorted
            .iter()
            .map(|y| map! { "year" => y, "url" => href(&Urls::dashboard(*y)), "current" => *y == year })
            .collect(),
        as_of_zh: date_zh(opts.as_of),
        as_of: opts.as_of.to_string(),
        public: opts.public,
        version: env!("CARGO_PKG_VERSION"),
        commit: opts.history.head.as_ref(),
        dirty,
        history_note: opts.history.note.as_deref(),
    };
    value(&view)
}

struct Renderer<'t> {
    theme: &'t Theme,
    sink: &'t dyn Sink,
    pages: AtomicUsize,
}

impl Renderer<'_> {
    /// Hands the sink the page at `path` made from `template` with `data`
    /// (a map), plus the year's shared `site` context and the page's `root`
    /// and `path`.
    fn page(&self, path: &str, template: &'static str, site: &Value, data: Value) -> Result<(), String> {
        let mut context = Context::new();
        for (key, value) in data.into_map().unwrap_or_default() {
            context.insert_value(key.to_string(), value);
        }
        context.insert_value("root", Value::from("../".repeat(path.matches('/').count())));
        context.insert_value("site", site.clone());
        context.insert_value("path", Value::from(path));
        self.pages.fetch_add(1, Ordering::Relaxed);
        let page = Page {
            path: path.to_string(),
            template,
            context,
        };
        self.sink.page(path, page, self.theme)
    }

    fn year(
        &self,
        v: &Views<'_>,
        site: &Value,
        outcomes: &[Outcome],
        bodies: Option<&markdown::Bodies>,
    ) -> Result<(), String> {
        let year = v.year;
        let setup = crate::timing::stage("year setup");
        let shared: Vec<&std::sync::Arc<Record>> = v.data.shared_of_year(year).collect();
        let records: Vec<&Record> = shared.iter().map(|r| r.as_ref()).collect();
        // Each record's view, body and search entry, made once, in
        // parallel; every page that shows the record shares (not copies)
        // its view and body.
        let bodies = match bodies {
            Some(kept) => kept.year(year, &shared),
            None => shared
                .par_iter()
                .map(|r| std::sync::Arc::new(markdown::Body::new(&r.body)))
                .collect(),
        };
        let prepared: Vec<Prepared> = records
            .par_iter()
            .zip(&bodies)
            .map(|(r, body)| {
                let view = v.record(r);
                Prepared {
                    search: search::entry(&view, &body.search_text),
                    view: value(&view),
                    body: Value::safe_string(&body.html),
                }
            })
            .collect();
        // what `prepared` took a copy of (kept in `serve`'s cache)
        drop(bodies);
        let position: HashMap<&str, usize> = records.iter().enumerate().map(|(i, r)| (r.id.as_str(), i)).collect();
        let record_value = |id: &str| position.get(id).map(|&i| prepared[i].view.clone());
        let list = |pred: &dyn Fn(&Record) -> bool| -> Vec<Value> {
            records
                .iter()
                .filter(|r| pred(r))
                .filter_map(|r| record_value(&r.id))
                .collect()
        };
        let outcome_views: Vec<OutcomeView> = outcomes.par_iter().map(|o| v.outcome(o)).collect();
        let outcome_values: Vec<Value> = outcome_views.par_iter().map(value).collect();
        let by_status = |s: Status| -> Vec<Value> {
            outcome_views
                .iter()
                .zip(&outcome_values)
                .filter(|(o, _)| o.status == s)
                .map(|(_, shared)| shared.clone())
                .collect()
        };
        // Which outcomes concern each record, and which findings cite it.
        let mut concerning: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, o) in outcomes.iter().enumerate() {
            for id in std::iter::once(&o.scope).chain(o.records.iter().filter(|id| **id != o.scope)) {
                concerning.entry(id.as_str()).or_default().push(i);
            }
        }
        let mut cited: HashMap<&str, Vec<Value>> = HashMap::new();
        for r in &records {
            if let (
                Details::Finding {
                    source: Some(source), ..
                },
                Some(view),
            ) = (&r.details, record_value(&r.id))
            {
                cited.entry(source.as_str()).or_default().push(view);
            }
        }
        // The section an outcome is about: its scope, or its record's folder.
        let section_of: Vec<Option<&str>> = outcomes
            .iter()
            .map(|o| {
                if v.data.org.section(&o.scope).is_some() {
                    Some(o.scope.as_str())
                } else {
                    v.data.record(&o.scope).map(|r| r.scope.as_str())
                }
            })
            .collect();
        let findings = findings(v, &records, &record_value);

        // --- record pages
        let record_pages = || {
            records.par_iter().zip(&prepared).try_for_each(|(r, p)| {
                let related: Vec<Value> = concerning
                    .get(r.id.as_str())
                    .map(|list| list.iter().map(|&i| outcome_values[i].clone()).collect())
                    .unwrap_or_default();
                self.page(
                    &v.urls.record(&r.id).unwrap_or_default(),
                    "record.html",
                    site,
                    map! {
                        "record" => p.view,
                        "body" => p.body,
                        "outcomes" => related,
                        "cited_by" => cited.get(r.id.as_str()).cloned().unwrap_or_default(),
                        "history" => v.history.record(&r.file),
                    },
                )
            })
        };
        // --- dashboard
        let dashboard = || -> Result<(), String> {
            let mut pending: Vec<(&Outcome, &Value)> = outcomes
                .iter()
                .zip(&outcome_values)
                .filter(|(o, _)| o.status == Status::Pending)
                .collect();
            pending.sort_by_key(|(o, _)| o.due);
            let pending: Vec<Value> = pending.into_iter().map(|(_, view)| view.clone()).collect();
            let upcoming: Vec<Value> = pending.iter().take(6).cloned().collect();
            let section_rules: Vec<&crate::rules::Rule> = v
                .rules
                .iter()
                .filter(|r| match &r.check {
                    Check::Count { scope, .. } => *scope == RuleScope::Section,
                    Check::People { section_scope, .. } => *section_scope,
                    _ => false,
                })
                .collect();
            let grid: Vec<Value> = v
            .data
            .org
            .sections
            .iter()
            .map(|s| {
                let cells: Vec<Value> = section_rules
                    .iter()
                    .map(|rule| {
                        let found: Vec<(&Outcome, &OutcomeView)> = outcomes
                            .iter()
                            .zip(&outcome_views)
                            .filter(|(o, _)| o.rule == rule.id && o.scope == s.id)
                            .collect();
                        let worst = found.iter().map(|(o, _)| o.status).min();
                        map! {
                            "status" => worst,
                            "status_zh" => worst.map(Status::zh),
                            "message" => found.iter().map(|(_, view)| view.message.as_str()).collect::<Vec<_>>().join("；"),
                        }
                    })
                    .collect();
                map! { "name" => s.name, "url" => href(&Urls::section(year, &s.id)), "cells" => cells }
            })
            .collect();
            let mut months = vec![0u32; 12];
            for r in &records {
                let i = view::month_index(year, r.date);
                if i >= months.len() {
                    months.resize(i + 1, 0);
                }
                months[i] += 1;
            }
            let compliance: Vec<charts::ComplianceRow> = v
                .data
                .org
                .sections
                .iter()
                .map(|s| {
                    let count = |st: Status| {
                        outcomes
                            .iter()
                            .zip(&section_of)
                            .filter(|(o, sec)| **sec == Some(s.id.as_str()) && o.status == st)
                            .count() as u32
                    };
                    charts::ComplianceRow {
                        label: s.name.clone(),
                        met: count(Status::Met),
                        pending: count(Status::Pending),
                        violated: count(Status::Violated),
                    }
                })
                .collect();
            let open_findings: Vec<&FindingView> = findings.iter().filter(|f| f.open || f.overdue).collect();
            let sections: Vec<Value> = v.data.org.sections.iter().map(|s| self.section_summary(v, s)).collect();
            let leader_links: Vec<Value> = leaders(v)
                .iter()
                .map(|p| map! { "link" => v.person_link(&p.id), "roles" => roles_zh(p) })
                .collect();
            let count = |s: Status, l: Option<crate::rules::Level>| {
                outcomes
                    .iter()
                    .filter(|o| o.status == s && l.is_none_or(|l| o.level == l))
                    .count()
            };
            self.page(
            &Urls::dashboard(year),
            "dashboard.html",
            site,
            map! {
                "counts" => map! {
                    "violated_required" => count(Status::Violated, Some(crate::rules::Level::Required)),
                    "violated_advisory" => count(Status::Violated, Some(crate::rules::Level::Advisory)),
                    "pending" => count(Status::Pending, None),
                    "met" => count(Status::Met, None),
                    "records" => records.len(),
                },
                "violated" => by_status(Status::Violated),
                "pending" => pending,
                "upcoming" => upcoming,
                "grid_rules" => section_rules.iter().map(|r| map! {"id" => r.id, "title" => r.title, "article" => r.article}).collect::<Vec<_>>(),
                "grid" => grid,
                "activity_svg" => charts::activity(&months, &format!("{year}年各月记录数（数据见下方表格）")),
                "compliance_svg" => charts::compliance(&compliance, &format!("{year}年各科室规则执行情况（数据见下方表格）")),
                "activity" => months.iter().enumerate().map(|(i, c)| map! { "month" => charts::month_label(i), "count" => c }).collect::<Vec<_>>(),
                "compliance" => compliance,
                "open_findings" => open_findings,
                "sections" => sections,
                "leaders" => leader_links,
                "recent" => records.iter().rev().take(8).filter_map(|r| record_value(&r.id)).collect::<Vec<_>>(),
            },
        )?;
            Ok(())
        };

        // --- section pages
        let section_pages = || -> Result<(), String> {
            for s in &v.data.org.sections {
                let mut mine: Vec<(Status, &Value)> = section_of
                    .iter()
                    .zip(outcomes.iter().zip(&outcome_values))
                    .filter(|(sec, _)| **sec == Some(s.id.as_str()))
                    .map(|(_, (o, view))| (o.status, view))
                    .collect();
                mine.sort_by_key(|(status, _)| *status);
                let mine: Vec<Value> = mine.into_iter().map(|(_, view)| view.clone()).collect();
                let report = outcomes
                    .iter()
                    .zip(&outcome_values)
                    .find(|(o, _)| o.rule == "report.section-annual" && o.scope == s.id)
                    .map(|(_, view)| view.clone());
                self.page(
                    &Urls::section(year, &s.id),
                    "section.html",
                    site,
                    map! {
                        "section" => self.section_summary(v, s),
                        "records" => list(&|r: &Record| r.scope == s.id),
                        "targeted" => list(&|r: &Record| r.in_leadership() && r.targets().contains(&s.id)),
                        "outcomes" => mine,
                        "report" => report,
                    },
                )?;
            }
            Ok(())
        };

        // --- leader pages
        let leader_pages = || -> Result<(), String> {
            for p in leaders(v) {
                let mine: Vec<Value> = outcomes
                    .iter()
                    .zip(&outcome_values)
                    .filter(|(o, _)| o.scope == p.id)
                    .map(|(_, view)| view.clone())
                    .collect();
                let oversees: Vec<Value> = p
                    .oversees
                    .iter()
                    .map(|s| map! { "name" => v.data.org.scope_name(s), "url" => href(&Urls::section(year, s)) })
                    .collect();
                self.page(
                &Urls::person(year, &p.id),
                "person.html",
                site,
                map! {
                    "person" => map! {
                        "name" => p.name,
                        "roles" => roles_zh(p),
                        "section" => p.section.as_deref().map(|s| v.data.org.scope_name(s)),
                        "section_url" => p.section.as_deref().map(|s| href(&Urls::section(year, s))),
                        "from" => p.from.map(date_zh),
                        "until" => p.until.map(date_zh),
                    },
                    "duties" => duties(p),
                    "oversees" => oversees,
                    "chaired" => list(&|r: &Record| r.chair.as_deref() == Some(p.id.as_str())),
                    "attended" => list(&|r: &Record| r.attendees.contains(&p.id) && r.chair.as_deref() != Some(p.id.as_str())),
                    "talks" => list(&|r: &Record| matches!(&r.details, Details::Talk { person, by } if *person == p.id || *by == p.id)),
                    "duty_reports" => list(&|r: &Record| r.kind == Kind::DutyReport && r.person() == Some(p.id.as_str())),
                    "outcomes" => mine,
                },
            )?;
            }
            Ok(())
        };

        // --- rectification tracker, rules, timeline
        let findings_page = || {
            self.page(
                &format!("{year}/findings.html"),
                "findings.html",
                site,
                map! { "findings" => findings },
            )
        };
        let rules_page = || -> Result<(), String> {
            let rules: Vec<Value> = v
                .rules
                .iter()
                .map(|rule| {
                    let mine: Vec<(Status, &Value)> = outcomes
                        .iter()
                        .zip(&outcome_values)
                        .filter(|(o, _)| o.rule == rule.id)
                        .map(|(o, view)| (o.status, view))
                        .collect();
                    let n = |s: Status| mine.iter().filter(|(status, _)| *status == s).count();
                    map! {
                        "id" => rule.id,
                        "title" => rule.title,
                        "article" => rule.article,
                        "article_text" => rule.article_text(),
                        "level" => rule.level,
                        "level_zh" => rule.level.zh(),
                        "outcomes" => mine.iter().map(|(_, view)| view).collect::<Vec<_>>(),
                        "met" => n(Status::Met),
                        "pending" => n(Status::Pending),
                        "violated" => n(Status::Violated),
                    }
                })
                .collect();
            self.page(
                &format!("{year}/rules.html"),
                "rules.html",
                site,
                map! { "rules" => rules },
            )
        };
        let timeline_page = || -> Result<(), String> {
            let mut months: Vec<(String, Vec<Value>)> = Vec::new();
            for r in &records {
                let label = if r.date.format("%Y").to_string() == year.to_string() {
                    format!("{}月", r.date.format("%-m"))
                } else {
                    format!("{}", r.date.format("%Y年%-m月"))
                };
                if months.last().is_none_or(|(last, _)| *last != label) {
                    months.push((label, Vec::new()));
                }
                if let (Some((_, list)), Some(view)) = (months.last_mut(), record_value(&r.id)) {
                    list.push(view);
                }
            }
            let months: Vec<Value> = months
                .into_iter()
                .map(|(label, records)| map! { "label" => label, "records" => records })
                .collect();
            self.page(
                &format!("{year}/timeline.html"),
                "timeline.html",
                site,
                map! { "months" => months },
            )
        };

        // --- special reports (unit and sections)
        let reports = || -> Result<(), String> {
            let section_reports: Vec<Value> = v
                .data
                .org
                .sections
                .iter()
                .map(|s| map! { "id" => s.id, "name" => s.name, "url" => href(&report::url(year, Some(&s.id))) })
                .collect();
            let narrative = |scope: &str| v.data.narratives.get(&(year, scope.to_string()));
            // the unit's report, then each section's, drafted in parallel
            let scopes: Vec<Option<&Section>> = std::iter::once(None)
                .chain(v.data.org.sections.iter().map(Some))
                .collect();
            scopes.par_iter().try_for_each(|section| {
                let (mut r, file) = match section {
                    None => (report::unit(v, outcomes), format!("{year}/report.md")),
                    Some(s) => (report::section(v, outcomes, s), format!("{year}/{}/report.md", s.id)),
                };
                if let Some(text) = narrative(section.map_or(LEADERSHIP, |s| s.id.as_str())) {
                    report::apply_narrative(&mut r, text);
                }
                let section = section.map(|s| s.id.as_str());
                self.page(
                    &report::url(year, section),
                    "report.html",
                    site,
                    map! {
                        "report" => r,
                        "section_id" => section,
                        "unit_url" => href(&report::url(year, None)),
                        "section_reports" => section_reports,
                        "narrative_file" => file,
                    },
                )
            })
        };

        // --- the annual dossier
        let dossier = || -> Result<(), String> {
            let entries: Vec<Value> = prepared
                .iter()
                .enumerate()
                .map(|(i, p)| map! { "n" => i + 1, "record" => p.view, "body" => p.body })
                .collect();
            self.page(
                &format!("{year}/dossier.html"),
                "dossier.html",
                site,
                map! { "entries" => entries },
            )
        };

        // --- search
        let search = || -> Result<(), String> {
            let entries = prepared.iter().map(|p| p.search.as_str());
            self.sink.file(
                &format!("{year}/search-index.js"),
                search::index_script(year, entries).as_bytes(),
            )?;
            self.page(&format!("{year}/search.html"), "search.html", site, map! {})
        };

        drop(setup);
        type Job<'a> = &'a (dyn Fn() -> Result<(), String> + Sync);
        let jobs: [(&str, Job); 10] = [
            ("records", &record_pages),
            ("dashboard", &dashboard),
            ("sections", &section_pages),
            ("leaders", &leader_pages),
            ("findings", &findings_page),
            ("rules page", &rules_page),
            ("timeline", &timeline_page),
            ("reports", &reports),
            ("dossier", &dossier),
            ("search", &search),
        ];
        jobs.par_iter().try_for_each(|(name, job)| {
            let _t = crate::timing::stage(name);
            job()
        })
    }

    fn section_summary(&self, v: &Views<'_>, s: &Section) -> Value {
        let on = Period::year(v.year).end().min(v.as_of);
        let org = &v.data.org;
        let people = |role: Role| -> Vec<view::Link> {
            org.people
                .iter()
                .filter(|p| {
                    p.section.as_deref() == Some(s.id.as_str()) && p.has_role(role) && in_post_during(p, v.year)
                })
                .map(|p| v.person_link(&p.id))
                .collect()
        };
        map! {
            "id" => s.id,
            "name" => s.name,
            "url" => href(&Urls::section(v.year, &s.id)),
            "chiefs" => people(Role::SectionChief),
            "deputies" => people(Role::DeputyChief),
            "staff" => people(Role::Staff),
            "overseers" => org.overseers_on(&s.id, on).iter().map(|p| v.person_link(&p.id)).collect::<Vec<_>>(),
            "records" => v.records().filter(|r| r.scope == s.id).count(),
        }
    }
}

/// What every page showing a record shares: its view and body as Tera
/// values (cloned by reference count), and its search index entry.
struct Prepared {
    view: Value,
    body: Value,
    search: String,
}

/// One row of the rectification tracker.
#[derive(Serialize)]
struct FindingView {
    record: Option<Value>,
    source: Option<Value>,
    owner: Option<view::Link>,
    deadline_zh: String,
    status_zh: &'static str,
    open: bool,
    status: &'static str,
    rectified_zh: Option<String>,
    reported_zh: Option<String>,
    days_late: i64,
    /// Past its deadline unrectified (a deadline passes at the end of its
    /// day), or rectified after it.
    overdue: bool,
}

/// The year's findings, in record order, judged as of the build date.
fn findings(v: &Views<'_>, records: &[&Record], record_value: &dyn Fn(&str) -> Option<Value>) -> Vec<FindingView> {
    records
        .iter()
        .filter_map(|r| {
            let Details::Finding {
                deadline,
                owner,
                status,
                rectified_on,
                result_reported_on,
                source,
            } = &r.details
            else {
                return None;
            };
            // as of the build date, a rectification dated later has not happened
            let rectified = rectified_on.filter(|d| *d <= v.as_of);
            let end = rectified.unwrap_or(v.as_of);
            Some(FindingView {
                record: record_value(&r.id),
                source: source.as_deref().and_then(|s| v.data.record(s)).map(|s| {
                    map! { "title" => s.title, "url" => v.urls.record(&s.id).as_deref().map(href) }
                }),
                owner: owner.as_deref().map(|o| v.person_link(o)),
                deadline_zh: date_zh(*deadline),
                status_zh: if rectified.is_some() {
                    FindingStatus::Rectified.zh()
                } else {
                    FindingStatus::Open.zh()
                },
                open: rectified.is_none(),
                status: status.id(),
                rectified_zh: rectified.map(date_zh),
                reported_zh: result_reported_on.filter(|d| *d <= v.as_of).map(date_zh),
                days_late: (end - *deadline).num_days().max(0),
                overdue: match rectified {
                    Some(on) => on > *deadline,
                    None => !crate::rules::before_deadline(v.as_of, *deadline),
                },
            })
        })
        .collect()
}

/// Leaders in post at some time in the year, in org.toml order.
fn leaders<'a>(v: &'a Views<'_>) -> Vec<&'a Person> {
    v.data
        .org
        .people
        .iter()
        .filter(|p| p.is_leader() && in_post_during(p, v.year))
        .collect()
}

fn roles_zh(p: &Person) -> String {
    p.roles.iter().map(|r| r.zh()).collect::<Vec<_>>().join("、")
}

/// What Articles 4 and 5 make each role responsible for.
fn duties(p: &Person) -> Vec<&'static str> {
    let mut out = Vec::new();
    for role in &p.roles {
        out.push(match role {
            Role::Director => "政府办公室党风廉政建设第一责任人，对政府办公室党风廉政建设负总责（第四条、第五条）",
            Role::DeputyDirector | Role::PartyDeputySecretary => {
                "根据分工，对分管单位的党风廉政建设负直接领导责任（第五条）"
            }
            Role::SectionChief => "对本科室党风廉政建设负总责（第五条）",
            Role::BranchCommittee | Role::DeputyChief => "根据分工，对分管工作负直接领导责任（第五条）",
            Role::Staff | Role::Supervisor => continue,
        });
    }
    out.dedup();
    out
}
