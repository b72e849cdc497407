//! Where everything lives in the site: a page per year, section, leader,
//! record and report, and each attachment under a safe name.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

use crate::model::names::{page_name, record_page, safe_file_part};
use crate::model::{LEADERSHIP, Records};

/// Where each record's page lives, as a path from the site root.
#[derive(Debug, Clone, Default)]
pub struct Urls {
    /// Record id → page, for every record of the years with pages.
    records: HashMap<String, String>,
}

impl Urls {
    /// Gives every record of `years` a page under `records/`: its id when
    /// that is a safe path (as nearly all are), else a name made safe from
    /// it, kept apart from every other page.
    pub fn new(data: &Records, years: &[i32]) -> Urls {
        let in_years = || data.all().filter(|r| years.contains(&r.year));
        let mut records: HashMap<String, String> = in_years()
            .filter(|r| matches!(record_page(&r.id), Cow::Borrowed(_)))
            .map(|r| (r.id.clone(), format!("records/{}.html", r.id)))
            .collect();
        let mut taken = HashSet::new();
        for r in in_years() {
            if let Cow::Owned(safe) = record_page(&r.id) {
                let mut name = safe.clone();
                let mut n = 2;
                while taken.contains(&name) || records.contains_key(&name) {
                    name = format!("{safe}-{n}");
                    n += 1;
                }
                records.insert(r.id.clone(), format!("records/{name}.html"));
                taken.insert(name);
            }
        }
        Urls { records }
    }

    /// The page of the record `id`, if it has one.
    pub fn record(&self, id: &str) -> Option<String> {
        self.records.get(id).cloned()
    }

    /// A year's front page.
    pub fn dashboard(year: i32) -> String {
        format!("{year}/index.html")
    }

    /// A section's page in a year.
    pub fn section(year: i32, id: &str) -> String {
        format!("{year}/sections/{}.html", page_name(id))
    }

    /// A leader's page in a year.
    pub fn person(year: i32, id: &str) -> String {
        format!("{year}/people/{}.html", page_name(id))
    }

    /// A link for a scope folder: the section page, or the dashboard for
    /// the leadership.
    pub fn scope(year: i32, scope: &str) -> String {
        if scope == LEADERSHIP {
            Urls::dashboard(year)
        } else {
            Urls::section(year, scope)
        }
    }

    /// The special report of the unit, or of a section.
    pub fn report(year: i32, section: Option<&str>) -> String {
        match section {
            None => format!("{year}/report/index.html"),
            Some(id) => format!("{year}/report/{}.html", page_name(id)),
        }
    }

    /// A page of the year that there is one of: `findings`, `rules`,
    /// `timeline`, `dossier`, `search`.
    pub fn year_page(year: i32, name: &str) -> String {
        format!("{year}/{name}.html")
    }
}

/// Percent-encodes a site path for use in `href`.
pub fn href(path: &str) -> String {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~')
        .remove(b'/');
    percent_encoding::utf8_percent_encode(path, KEEP).to_string()
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

/// Where each attachment is published. Attachments are copied under safe
/// names: each path component keeps letters, digits, `-`, `_` and `.`; a
/// name taken twice (up to case) goes to a folder of its own; a type a
/// browser would run gets `.txt`.
#[derive(Debug, Clone, Default)]
pub struct Attachments {
    /// (record id, attachment as written) → path in the site.
    by_record: BTreeMap<(String, String), String>,
    /// Path beneath the records root → path in the site: each file once.
    pub copies: BTreeMap<String, String>,
}

impl Attachments {
    /// The attachments of the records of `years` that resolved.
    pub fn new(data: &Records, years: &[i32]) -> Attachments {
        let mut out = Attachments::default();
        let (mut taken, mut folders): (HashSet<String>, usize) = (HashSet::new(), 0);
        for r in data.all().filter(|r| years.contains(&r.year)) {
            for written in &r.attachments {
                if let Some(rel) = data.attachment(r, written) {
                    let site_path = out
                        .copies
                        .entry(rel.to_string())
                        .or_insert_with(|| safe_site_path(rel, &mut taken, &mut folders))
                        .clone();
                    out.by_record.insert((r.id.clone(), written.clone()), site_path);
                }
            }
        }
        out
    }

    /// The path in the site of the attachment `written` of the record `id`.
    pub fn get(&self, id: &str, written: &str) -> Option<&str> {
        self.by_record
            .get(&(id.to_string(), written.to_string()))
            .map(String::as_str)
    }
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
            let clean = safe_file_part(part);
            let clean = clean.trim_start_matches('.');
            if clean.is_empty() {
                "_".to_string()
            } else {
                clean.to_string()
            }
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
