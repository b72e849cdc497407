//! Stage 4, render: a judged project as the pages of a static site.
//! Rendering only formats what [`crate::judge`] decided, and only produces
//! bytes for a [`Sink`]; [`crate::write`] puts them on disk.

pub mod charts;
pub mod docx;
pub mod markdown;
mod pages;
pub mod report;
pub mod rollup;
pub mod search;
mod sink;
pub mod templates;
pub mod view;
mod year;

use crate::error::Error;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;
use tera::{Context, Value};

pub use crate::judge::urls::is_active_type;
use crate::judge::{Judged, Urls};
use crate::model::date_zh;
pub use sink::{Only, Page, Sink, Summary};
use templates::Theme;
use view::href;

/// Any serializable value as a Tera value. Tera values inside it (the
/// record views every list shares) are shared, not copied.
pub fn value<T: Serialize + ?Sized>(v: &T) -> Value {
    Value::try_from_serializable(v).unwrap_or_else(|_| Value::none())
}

/// What of a judged project to render, beyond the default of everything.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Render the pages of only these of the site's years (the others are
    /// already there): `serve` rebuilds only the years a change touched.
    pub only_years: Option<Vec<i32>>,
    /// Record bodies kept from the last build (`serve`).
    pub bodies: Option<Arc<markdown::Bodies>>,
}

/// The special reports of `year` as the site drafts them, the unit's
/// (`None`) first, then each section's, for the outputs that are not
/// pages (the Word documents).
pub fn special_reports(judged: &Judged<'_>, year: i32) -> Vec<(Option<String>, report::Report)> {
    let y = year::Year::new(judged, year, None);
    std::iter::once(None)
        .chain(judged.records.org.sections.iter().map(Some))
        .map(|s| (s.map(|s| s.id.clone()), report::drafted(&y, s)))
        .collect()
}

/// The unit's special report of `year` as the site drafts it.
pub fn unit_report(judged: &Judged<'_>, year: i32) -> report::Report {
    report::drafted(&year::Year::new(judged, year, None), None)
}

/// Renders every page of `judged` into `sink`.
pub fn render(judged: &Judged<'_>, theme: &Theme, opts: &Options, sink: &dyn Sink) -> Result<Summary, Error> {
    let guard = sink::Unique::new(sink);
    let sink: &dyn Sink = &guard;
    let copies = &judged.attachments().copies;
    for (rel, site_path) in copies {
        sink.copy(site_path, judged.root(), rel)?;
    }
    let renderer = Renderer {
        theme,
        sink,
        pages: AtomicUsize::new(0),
    };
    // One year at a time, its pages in parallel: only one year's working set
    // is in memory at once.
    let render_years = judged
        .site_years
        .iter()
        .copied()
        .filter(|y| opts.only_years.as_ref().is_none_or(|only| only.contains(y)));
    for year in render_years {
        let _t = crate::timing::stage("year");
        let year = year::Year::new(judged, year, opts.bodies.as_deref());
        pages::year(&renderer, &year)?;
    }
    pages::index(&renderer, judged)?;
    for (name, bytes) in &theme.assets {
        sink.file(&format!("assets/{name}"), bytes)?;
    }
    Ok(Summary {
        pages: renderer.pages.load(Ordering::Relaxed),
        attachments: copies.len(),
    })
}

/// The context every page of a year shares.
#[derive(Serialize)]
struct SiteView<'a> {
    unit: &'a crate::model::Unit,
    year: i32,
    years: Vec<YearLink>,
    as_of_zh: String,
    as_of: String,
    public: bool,
    version: &'static str,
    /// The commit the site was built from, whether the records had
    /// uncommitted changes, and what git could not tell.
    commit: Option<&'a crate::history::Commit>,
    dirty: bool,
    history_note: Option<&'a str>,
    /// What every printed page carries at its top, as a CSS string: the
    /// unit's name, and 内部资料 when the site is internal.
    print_mark: String,
}

/// A year in the year switcher.
#[derive(Serialize)]
struct YearLink {
    year: i32,
    url: String,
    current: bool,
}

/// The context every page of `year` shares.
fn site_view(judged: &Judged<'_>, year: i32) -> Value {
    let mut sorted = judged.site_years.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    value(&SiteView {
        unit: &judged.records.org.unit,
        year,
        years: sorted
            .iter()
            .map(|&y| YearLink {
                year: y,
                url: href(&Urls::dashboard(y)),
                current: y == year,
            })
            .collect(),
        as_of_zh: date_zh(judged.as_of.date()),
        as_of: judged.as_of.date().to_string(),
        public: judged.audience.is_public(),
        version: env!("CARGO_PKG_VERSION"),
        commit: judged.history.head.as_ref(),
        dirty: judged.dirty,
        history_note: judged.history.note.as_deref(),
        print_mark: css_string(&if judged.audience.is_public() {
            judged.records.org.unit.name.clone()
        } else {
            format!("{}　内部资料", judged.records.org.unit.name)
        }),
    })
}

/// `text` as a CSS string literal that no text can break out of (not of
/// the string, not of the `<style>` element).
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' | '\n' | '\r' => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Hands pages to the sink and counts them.
struct Renderer<'t> {
    theme: &'t Theme,
    sink: &'t dyn Sink,
    pages: AtomicUsize,
}

impl Renderer<'_> {
    /// Hands the sink the page at `path` made from `template` with the
    /// fields of `data`, plus the year's shared `site` context and the
    /// page's `root` and `path`.
    fn page(&self, path: &str, template: &'static str, site: &Value, data: &impl Serialize) -> Result<(), Error> {
        let mut context = Context::new();
        for (key, value) in value(data).into_map().unwrap_or_default() {
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
}
