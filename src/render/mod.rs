//! Stage 4, render: the validated records and rule results as the pages of
//! a static site. Rendering only produces bytes in memory; [`crate::write`]
//! puts them on disk.

pub mod charts;
pub mod markdown;
pub mod report;
pub mod search;
pub mod templates;
pub mod view;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};
use tera::Context;

use crate::diag::Lang;
use crate::history::{Commit, History};
use crate::model::*;
use crate::rules::{Check, Outcome, RuleScope, RuleSet, Status, evaluate};
use templates::Theme;
use view::{OutcomeView, RecordView, Urls, Views, href, in_post_during};

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
}

/// Where rendered files go, as they are rendered (from several threads).
pub trait Sink: Sync {
    /// Writes one file at `path` (relative to the site root, `/`-separated).
    fn file(&self, path: &str, bytes: &[u8]) -> Result<(), String>;
    /// Copies a file from the records into the site.
    fn copy(&self, path: &str, source: &Path) -> Result<(), String>;
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
    root: &Path,
    opts: &Options,
    sink: &dyn Sink,
) -> Result<Summary, String> {
    // A public build starts from the records without the restricted ones,
    // so nothing downstream (pages, counts, rule results) can show them.
    let filtered;
    let data = if opts.public {
        let mut copy = data.clone();
        copy.retain(|r| !r.is_restricted());
        filtered = copy;
        &filtered
    } else {
        data
    };
    let years: Vec<i32> = opts.years.clone().unwrap_or_else(|| data.years.clone());
    let urls = Urls::new(data.all().iter().filter(|r| years.contains(&r.year)));

    // Attachments are copied under safe names: each path component keeps
    // letters, digits, `-`, `_` and `.`; a name taken twice gets a suffix.
    // (record id, attachment as written) → path in the site.
    let mut attachments: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut copies: BTreeMap<String, String> = BTreeMap::new(); // source → site path
    let canonical = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    for r in data.all().iter().filter(|r| years.contains(&r.year)) {
        for written in &r.attachments {
            if let Ok((rel, _)) = crate::validate::resolve_attachment(root, &canonical, &r.file, written) {
                let taken = copies.len();
                let site_path = copies
                    .entry(rel.clone())
                    .or_insert_with(|| safe_site_path(&rel, taken))
                    .clone();
                attachments.insert((r.id.clone(), written.clone()), site_path);
            }
        }
    }
    for (rel, site_path) in &copies {
        sink.copy(site_path, &root.join(rel))?;
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
            let site = site_view(data, &years, year, opts);
            renderer.year(&views, &site, &outcomes)?;
        }
    }

    let newest = years.iter().max().copied();
    let index_site = site_view(data, &years, newest.unwrap_or_default(), opts);
    renderer.page(
        "index.html",
        "index.html",
        &index_site,
        json!({ "target": newest.map(|y| href(&Urls::dashboard(y))) }),
    )?;
    for (name, bytes) in &theme.assets {
        sink.file(&format!("assets/{name}"), bytes)?;
    }
    Ok(Summary {
        pages: renderer.pages.load(Ordering::Relaxed),
        attachments: copies.len(),
    })
}

/// The path under `files/` of an attachment: every component reduced to
/// letters, digits, `-`, `_` and `.` (no leading dot), so a file name can
/// never be markup or a path trick. `n` keeps two sources that reduce to
/// the same name apart.
fn safe_site_path(rel: &str, n: usize) -> String {
    let parts: Vec<String> = rel
        .split('/')
        .map(|part| {
            let clean: String = part
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || "-_.".contains(c) {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let clean = clean.trim_start_matches('.').to_string();
            if clean.is_empty() { "_".to_string() } else { clean }
        })
        .collect();
    let path = parts.join("/");
    if path == rel {
        format!("files/{path}")
    } else {
        format!("files/{n}/{path}")
    }
}

/// The context every page of a year shares.
fn site_view(data: &Records, years: &[i32], year: i32, opts: &Options) -> Value {
    let mut sorted = years.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    let view = SiteView {
        unit: &data.org.unit,
        year,
        years: sorted
            .iter()
            .map(|y| json!({ "year": y, "url": href(&Urls::dashboard(*y)), "current": *y == year }))
            .collect(),
        as_of_zh: date_zh(opts.as_of),
        as_of: opts.as_of.to_string(),
        public: opts.public,
        version: env!("CARGO_PKG_VERSION"),
        commit: opts.history.head.as_ref(),
        dirty: opts.history.dirty,
        history_note: opts.history.note.as_deref(),
    };
    serde_json::to_value(view).unwrap_or(Value::Null)
}

struct Renderer<'t> {
    theme: &'t Theme,
    sink: &'t dyn Sink,
    pages: AtomicUsize,
}

impl Renderer<'_> {
    /// Renders one page. `site` is the year's shared context, serialized
    /// once per year rather than once per page.
    fn page(&self, path: &str, template: &str, site: &Value, mut data: Value) -> Result<(), String> {
        if let Value::Object(map) = &mut data {
            map.insert("root".into(), Value::String("../".repeat(path.matches('/').count())));
            map.insert("site".into(), site.clone());
            map.insert("path".into(), Value::String(path.to_string()));
        }
        let ctx = Context::from_value(data).map_err(|e| templates::describe(&e))?;
        let html = self
            .theme
            .tera
            .render(template, &ctx)
            .map_err(|e| format!("渲染 {path}（模板 {template}）失败：{}", templates::describe(&e)))?;
        self.pages.fetch_add(1, Ordering::Relaxed);
        self.sink.file(path, html.as_bytes())
    }

    /// Renders `template` once per item, in parallel, for a page at `path`:
    /// the big list pages (dossier, rules, timeline) are assembled from these
    /// pieces instead of one long single-threaded loop.
    fn fragments(&self, path: &str, template: &str, site: &Value, items: Vec<Value>) -> Result<Vec<String>, String> {
        let root = Value::String("../".repeat(path.matches('/').count()));
        items
            .into_par_iter()
            .map(|mut item| {
                if let Value::Object(map) = &mut item {
                    map.insert("root".into(), root.clone());
                    map.insert("site".into(), site.clone());
                }
                let ctx = Context::from_value(item).map_err(|e| templates::describe(&e))?;
                self.theme
                    .tera
                    .render(template, &ctx)
                    .map_err(|e| format!("渲染 {path}（模板 {template}）失败：{}", templates::describe(&e)))
            })
            .collect()
    }

    fn year(&self, v: &Views<'_>, site: &Value, outcomes: &[Outcome]) -> Result<(), String> {
        let year = v.year;
        let records: Vec<&Record> = v.records().collect();
        let record_views: HashMap<&str, RecordView> =
            records.par_iter().map(|r| (r.id.as_str(), v.record(r))).collect();
        let bodies: HashMap<&str, String> = records
            .par_iter()
            .map(|r| (r.id.as_str(), markdown::to_html(&r.body)))
            .collect();
        let list = |pred: &dyn Fn(&Record) -> bool| -> Vec<&RecordView> {
            records
                .iter()
                .filter(|r| pred(r))
                .filter_map(|r| record_views.get(r.id.as_str()))
                .collect()
        };
        let outcome_views: Vec<OutcomeView> = outcomes.par_iter().map(|o| v.outcome(o)).collect();
        let by_status = |s: Status| -> Vec<&OutcomeView> { outcome_views.iter().filter(|o| o.status == s).collect() };
        // Which outcomes concern each record, and which findings cite it.
        let mut concerning: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, o) in outcomes.iter().enumerate() {
            for id in std::iter::once(&o.scope).chain(o.records.iter().filter(|id| **id != o.scope)) {
                concerning.entry(id.as_str()).or_default().push(i);
            }
        }
        let mut cited: HashMap<&str, Vec<&RecordView>> = HashMap::new();
        for r in &records {
            if let (
                Details::Finding {
                    source: Some(source), ..
                },
                Some(view),
            ) = (&r.details, record_views.get(r.id.as_str()))
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
        let findings = self.findings(v, &records, &record_views);

        // --- record pages
        let record_pages = || {
            records.par_iter().try_for_each(|r| {
                let related: Vec<&OutcomeView> = concerning
                    .get(r.id.as_str())
                    .map(|list| list.iter().map(|&i| &outcome_views[i]).collect())
                    .unwrap_or_default();
                self.page(
                    v.urls.record(&r.id).unwrap_or_default(),
                    "record.html",
                    site,
                    json!({
                        "record": record_views.get(r.id.as_str()),
                        "body": bodies.get(r.id.as_str()),
                        "outcomes": related,
                        "cited_by": cited.get(r.id.as_str()).cloned().unwrap_or_default(),
                        "history": v.history.record(&r.file),
                    }),
                )
            })
        };
        // --- dashboard
        let dashboard = || -> Result<(), String> {
            let mut pending: Vec<(&Outcome, &OutcomeView)> = outcomes
                .iter()
                .zip(&outcome_views)
                .filter(|(o, _)| o.status == Status::Pending)
                .collect();
            pending.sort_by_key(|(o, _)| o.due);
            let pending: Vec<&OutcomeView> = pending.into_iter().map(|(_, view)| view).collect();
            let upcoming: Vec<&OutcomeView> = pending.iter().take(6).copied().collect();
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
                        json!({
                            "status": worst,
                            "status_zh": worst.map(Status::zh),
                            "message": found.iter().map(|(_, view)| view.message.as_str()).collect::<Vec<_>>().join("；"),
                        })
                    })
                    .collect();
                json!({ "name": s.name, "url": href(&Urls::section(year, &s.id)), "cells": cells })
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
            let open_findings: Vec<&Value> = findings
                .iter()
                .filter(|f| f["open"] == true || f["days_late"].as_i64().unwrap_or(0) > 0)
                .collect();
            let sections: Vec<Value> = v.data.org.sections.iter().map(|s| self.section_summary(v, s)).collect();
            let leader_links: Vec<Value> = leaders(v)
                .iter()
                .map(|p| json!({ "link": v.person_link(&p.id), "roles": roles_zh(p) }))
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
            json!({
                "counts": {
                    "violated_required": count(Status::Violated, Some(crate::rules::Level::Required)),
                    "violated_advisory": count(Status::Violated, Some(crate::rules::Level::Advisory)),
                    "pending": count(Status::Pending, None),
                    "met": count(Status::Met, None),
                    "records": records.len(),
                },
                "violated": by_status(Status::Violated),
                "pending": pending,
                "upcoming": upcoming,
                "grid_rules": section_rules.iter().map(|r| json!({"id": r.id, "title": r.title, "article": r.article})).collect::<Vec<_>>(),
                "grid": grid,
                "activity_svg": charts::activity(&months, &format!("{year}年各月记录数")),
                "compliance_svg": charts::compliance(&compliance, &format!("{year}年各科室规则执行情况")),
                "open_findings": open_findings,
                "sections": sections,
                "leaders": leader_links,
                "recent": records.iter().rev().take(8).filter_map(|r| record_views.get(r.id.as_str())).collect::<Vec<_>>(),
            }),
        )?;
            Ok(())
        };

        // --- section pages
        let section_pages = || -> Result<(), String> {
            for s in &v.data.org.sections {
                let mut mine: Vec<&OutcomeView> = section_of
                    .iter()
                    .zip(&outcome_views)
                    .filter(|(sec, _)| **sec == Some(s.id.as_str()))
                    .map(|(_, view)| view)
                    .collect();
                mine.sort_by_key(|o| o.status);
                let report = outcomes
                    .iter()
                    .zip(&outcome_views)
                    .find(|(o, _)| o.rule == "report.section-annual" && o.scope == s.id)
                    .map(|(_, view)| view);
                self.page(
                    &Urls::section(year, &s.id),
                    "section.html",
                    site,
                    json!({
                        "section": self.section_summary(v, s),
                        "records": list(&|r: &Record| r.scope == s.id),
                        "targeted": list(&|r: &Record| r.in_leadership() && r.targets().contains(&s.id)),
                        "outcomes": mine,
                        "report": report,
                    }),
                )?;
            }
            Ok(())
        };

        // --- leader pages
        let leader_pages = || -> Result<(), String> {
            for p in leaders(v) {
                let mine: Vec<&OutcomeView> = outcomes
                    .iter()
                    .zip(&outcome_views)
                    .filter(|(o, _)| o.scope == p.id)
                    .map(|(_, view)| view)
                    .collect();
                let oversees: Vec<Value> = p
                    .oversees
                    .iter()
                    .map(|s| json!({ "name": v.data.org.scope_name(s), "url": href(&Urls::section(year, s)) }))
                    .collect();
                self.page(
                &Urls::person(year, &p.id),
                "person.html",
                site,
                json!({
                    "person": {
                        "name": p.name,
                        "roles": roles_zh(p),
                        "section": p.section.as_deref().map(|s| v.data.org.scope_name(s)),
                        "section_url": p.section.as_deref().map(|s| href(&Urls::section(year, s))),
                        "from": p.from.map(date_zh),
                        "until": p.until.map(date_zh),
                    },
                    "duties": duties(p),
                    "oversees": oversees,
                    "chaired": list(&|r: &Record| r.chair.as_deref() == Some(p.id.as_str())),
                    "attended": list(&|r: &Record| r.attendees.contains(&p.id) && r.chair.as_deref() != Some(p.id.as_str())),
                    "talks": list(&|r: &Record| matches!(&r.details, Details::Talk { person, by } if *person == p.id || *by == p.id)),
                    "duty_reports": list(&|r: &Record| r.kind == Kind::DutyReport && r.person() == Some(p.id.as_str())),
                    "outcomes": mine,
                }),
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
                json!({ "findings": findings }),
            )
        };
        let rules_page = || -> Result<(), String> {
            let path = format!("{year}/rules.html");
            let rules: Vec<Value> = v
                .rules
                .iter()
                .map(|rule| {
                    let mine: Vec<&OutcomeView> = outcome_views.iter().filter(|o| o.rule == rule.id).collect();
                    let n = |s: Status| mine.iter().filter(|o| o.status == s).count();
                    json!({ "rule": {
                        "id": rule.id,
                        "title": rule.title,
                        "article": rule.article,
                        "article_text": rule.article_text(),
                        "level": rule.level,
                        "level_zh": rule.level.zh(),
                        "outcomes": mine,
                        "met": n(Status::Met), "pending": n(Status::Pending), "violated": n(Status::Violated),
                    }})
                })
                .collect();
            let toc: Vec<Value> = rules
                .iter()
                .map(|r| {
                    let mut r = r["rule"].clone();
                    if let Value::Object(map) = &mut r {
                        map.remove("outcomes");
                    }
                    r
                })
                .collect();
            let sections = self.fragments(&path, "_rule.html", site, rules)?;
            self.page(&path, "rules.html", site, json!({ "rules": toc, "sections": sections }))
        };
        let timeline_page = || -> Result<(), String> {
            let path = format!("{year}/timeline.html");
            let mut months: Vec<Value> = Vec::new();
            for r in &records {
                let label = if r.date.format("%Y").to_string() == year.to_string() {
                    format!("{}月", r.date.format("%-m"))
                } else {
                    format!("{}", r.date.format("%Y年%-m月"))
                };
                if months.last().is_none_or(|m| m["month"]["label"] != label.as_str()) {
                    months.push(json!({ "month": { "label": label, "records": [] } }));
                }
                if let (Some(m), Some(view)) = (months.last_mut(), record_views.get(r.id.as_str()))
                    && let Some(list) = m["month"]["records"].as_array_mut()
                {
                    list.push(serde_json::to_value(view).unwrap_or(Value::Null));
                }
            }
            let sections = self.fragments(&path, "_month.html", site, months)?;
            self.page(&path, "timeline.html", site, json!({ "sections": sections }))
        };

        // --- special reports (unit and sections)
        let reports = || -> Result<(), String> {
            let section_reports: Vec<Value> = v
                .data
                .org
                .sections
                .iter()
                .map(|s| json!({ "id": s.id, "name": s.name, "url": href(&report::url(year, Some(&s.id))) }))
                .collect();
            let narrative = |scope: &str| v.data.narratives.get(&(year, scope.to_string()));
            let mut unit_report = report::unit(v, outcomes);
            if let Some(text) = narrative(LEADERSHIP) {
                report::apply_narrative(&mut unit_report, text);
            }
            let mut reports = vec![(None, unit_report, format!("{year}/report.md"))];
            for s in &v.data.org.sections {
                let mut r = report::section(v, outcomes, s);
                if let Some(text) = narrative(&s.id) {
                    report::apply_narrative(&mut r, text);
                }
                reports.push((Some(s.id.as_str()), r, format!("{year}/{}/report.md", s.id)));
            }
            for (section, r, file) in reports {
                self.page(
                    &report::url(year, section),
                    "report.html",
                    site,
                    json!({
                        "report": r,
                        "section_id": section,
                        "unit_url": href(&report::url(year, None)),
                        "section_reports": section_reports,
                        "narrative_file": file,
                    }),
                )?;
            }
            Ok(())
        };

        // --- the annual dossier
        let dossier = || -> Result<(), String> {
            let path = format!("{year}/dossier.html");
            let entries: Vec<Value> = records
                .iter()
                .enumerate()
                .map(|(i, r)| json!({ "n": i + 1, "record": record_views.get(r.id.as_str()), "body": bodies.get(r.id.as_str()) }))
                .collect();
            let toc: Vec<Value> = records
                .iter()
                .enumerate()
                .map(|(i, r)| json!({ "n": i + 1, "date_zh": date_zh(r.date), "kind_zh": r.kind.zh(), "title": r.title }))
                .collect();
            let sections = self.fragments(&path, "_dossier_entry.html", site, entries)?;
            self.page(&path, "dossier.html", site, json!({ "toc": toc, "sections": sections }))
        };

        // --- search
        let search = || -> Result<(), String> {
            let entries: Vec<(&RecordView, &str)> = records
                .iter()
                .filter_map(|r| {
                    let view = record_views.get(r.id.as_str())?;
                    Some((view, bodies.get(r.id.as_str()).map_or("", String::as_str)))
                })
                .collect();
            self.sink.file(
                &format!("{year}/search-index.js"),
                search::index_script(year, &entries).as_bytes(),
            )?;
            self.page(&format!("{year}/search.html"), "search.html", site, json!({}))
        };

        let jobs: [&(dyn Fn() -> Result<(), String> + Sync); 10] = [
            &record_pages,
            &dashboard,
            &section_pages,
            &leader_pages,
            &findings_page,
            &rules_page,
            &timeline_page,
            &reports,
            &dossier,
            &search,
        ];
        jobs.par_iter().try_for_each(|job| job())
    }

    fn findings(&self, v: &Views<'_>, records: &[&Record], views: &HashMap<&str, RecordView>) -> Vec<Value> {
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
                let days_late = (end - *deadline).num_days().max(0);
                Some(json!({
                    "record": views.get(r.id.as_str()),
                    "source": source.as_deref().and_then(|s| v.data.record(s)).map(|s| json!({
                        "title": s.title, "url": v.urls.record(&s.id).map(href),
                    })),
                    "owner": owner.as_deref().map(|o| v.person_link(o)),
                    "deadline_zh": date_zh(*deadline),
                    "status_zh": if rectified.is_some() { FindingStatus::Rectified.zh() } else { FindingStatus::Open.zh() },
                    "open": rectified.is_none(),
                    "status": status.id(),
                    "rectified_zh": rectified.map(date_zh),
                    "reported_zh": result_reported_on.filter(|d| *d <= v.as_of).map(date_zh),
                    "days_late": days_late,
                }))
            })
            .collect()
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
        json!({
            "id": s.id,
            "name": s.name,
            "url": href(&Urls::section(v.year, &s.id)),
            "chiefs": people(Role::SectionChief),
            "deputies": people(Role::DeputyChief),
            "staff": people(Role::Staff),
            "overseers": org.overseers_on(&s.id, on).iter().map(|p| v.person_link(&p.id)).collect::<Vec<_>>(),
            "records": v.records().filter(|r| r.scope == s.id).count(),
        })
    }
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
