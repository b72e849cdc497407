//! Stage 1, load: walk a records folder and read every file in it.
//!
//! The walk classifies each path by where it sits (docs/记录格式.md, “文件夹”; FORMAT.md, "Repository
//! layout"); files are then read and parsed in parallel, and the results put
//! back in path order so the outcome never depends on scheduling.

pub mod date;
pub mod frontmatter;
pub mod org;
pub mod record;
pub mod schema;
pub mod source;
pub mod syntax;
mod walk;

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;
use toml::Spanned;
use toml::de::DeTable;
use walkdir::WalkDir;

use crate::beneath::Root;
use crate::diag::{self, Diagnostic, Message, SourceMap};
use crate::model::LEADERSHIP;
use crate::spanned::KeySpec;
use schema::Origin;

/// Everything read from a records folder, before cross-file validation.
#[derive(Debug)]
pub struct Loaded {
    /// The records folder; every file is read beneath it.
    pub root: Arc<Root>,
    /// `org.toml` as parsed.
    pub org: org::LoadedOrg,
    /// The text of `rules.toml`, when the unit has one.
    pub rules_text: Option<String>,
    /// Year folders, ascending.
    pub years: Vec<i32>,
    /// One outcome per record file, in path order (shared with `serve`'s
    /// cache).
    pub records: Vec<Arc<record::LoadedRecord>>,
    /// (year, scope, text) of each `report.md` narrative.
    pub narratives: Vec<(i32, String, String)>,
    /// Files that are neither records nor narratives (relative paths):
    /// reported unless a record lists them as attachments.
    pub other_files: Vec<String>,
    /// The text of the files read, for showing diagnostics.
    pub sources: SourceMap,
    /// Problems found while loading.
    pub diags: Vec<Diagnostic>,
}

/// A usage problem: nothing could be loaded at all.
#[derive(Debug)]
pub enum LoadError {
    /// The records folder is missing, not a folder, or cannot be opened.
    NoRecordsDir(PathBuf),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::NoRecordsDir(p) => write!(f, "找不到记录目录 {}（records folder not found）", p.display()),
        }
    }
}

impl std::error::Error for LoadError {}

/// What a file under a year folder is.
#[derive(Clone)]
enum Entry {
    Record { year: i32, scope: String, is_toml: bool },
    Narrative { year: i32, scope: String },
    Other,
}

/// Files read before, kept between builds by `serve`: a file whose size
/// and modification time have not changed is not read or parsed again.
#[derive(Default)]
pub struct Cache {
    entries: HashMap<String, (Stamp, Arc<EntryResult>)>,
    /// The last walk of the tree.
    walked: Option<Arc<Walked>>,
    /// The only files changed since the last load, each modified in place
    /// (none created, removed or renamed), when `serve`'s watcher can say
    /// so: the last walk is used again and only these files are looked at.
    modified: Option<HashSet<String>>,
    /// `org.toml` as last read and parsed, with its diagnostics.
    org: Option<(String, org::LoadedOrg, Vec<Diagnostic>)>,
}

impl Cache {
    /// Tells the next load that these files (relative, `/`-separated) are
    /// the only changes since the last one, all modified in place.
    pub fn only_modified(&mut self, files: HashSet<String>) {
        self.modified = Some(files);
    }
}

/// What a walk of the tree found: the files to read, and what it reported
/// and learnt on the way.
struct Walked {
    work: Vec<Work>,
    diags: Vec<Diagnostic>,
    years: Vec<i32>,
    other_files: Vec<String>,
}

type Stamp = (u64, Option<SystemTime>);

/// Loads the records folder `root`, reading every file afresh.
pub fn load(root: &Path) -> Result<Loaded, LoadError> {
    load_cached(root, None)
}

/// [`load`], reusing what `cache` holds of unchanged files, and keeping
/// what was read in it for the next time.
pub fn load_cached(root: &Path, mut cache: Option<&mut Cache>) -> Result<Loaded, LoadError> {
    if !root.is_dir() {
        return Err(LoadError::NoRecordsDir(root.to_path_buf()));
    }
    let canonical_root = fs::canonicalize(root).map_err(|_| LoadError::NoRecordsDir(root.to_path_buf()))?;
    let dir = Arc::new(Root::open(root).map_err(|_| LoadError::NoRecordsDir(root.to_path_buf()))?);
    let mut out = Loaded {
        root: Arc::clone(&dir),
        org: org::LoadedOrg::default(),
        rules_text: None,
        years: Vec::new(),
        records: Vec::new(),
        narratives: Vec::new(),
        other_files: Vec::new(),
        sources: SourceMap::default(),
        diags: Vec::new(),
    };

    read_org(root, &dir, cache.as_deref_mut(), &mut out);
    out.rules_text = read_rules(&dir, &mut out.diags);

    let modified = cache.as_deref_mut().and_then(|c| c.modified.take());
    let (walked, reused) = walk_or_reuse(root, &canonical_root, cache.as_deref_mut(), modified.as_ref(), &mut out);
    out.diags.extend(walked.diags.iter().cloned());
    out.years.clone_from(&walked.years);
    out.other_files.clone_from(&walked.other_files);
    let unchanged = |rel: &str| modified.as_ref().is_some_and(|m| !m.contains(rel));

    let results = read_all(&dir, &walked, cache.as_deref(), &unchanged);
    if let Some(cache) = cache {
        keep(cache, &walked, &results, modified.as_ref(), reused);
    }
    let results: Vec<EntryResult> = results
        .into_par_iter()
        .map(|(result, _)| Arc::unwrap_or_clone(result))
        .collect();
    for (rel, text, diags, outcome, narrative) in results {
        out.diags.extend(diags);
        if let Some(outcome) = outcome {
            out.records.push(outcome);
        }
        if let Some(narrative) = narrative {
            out.narratives.push(narrative);
        }
        match text {
            Text::Kept(text) => out.sources.insert(rel, text),
            Text::Unread => out.sources.note(rel),
            Text::None => {}
        }
    }
    out.years.sort_unstable();
    out.years.dedup();
    Ok(out)
}

/// Reads and parses `org.toml` (again only when its text changed).
fn read_org(root: &Path, dir: &Arc<Root>, mut cache: Option<&mut Cache>, out: &mut Loaded) {
    let org_path = root.join(org::FILE);
    if fs::symlink_metadata(&org_path).is_ok() {
        match source::read_text(dir, org::FILE) {
            Ok(text) => {
                let (org, diags) = match cache.as_deref_mut().and_then(|c| c.org.take()) {
                    Some((was, org, diags)) if was == text => (org, diags),
                    _ => {
                        let mut diags = Vec::new();
                        (org::parse(&text, &mut diags), diags)
                    }
                };
                out.diags.extend(diags.iter().cloned());
                out.org = org.clone();
                if let Some(cache) = cache {
                    cache.org = Some((text.clone(), org, diags));
                }
                out.sources.insert(org::FILE, text);
            }
            Err(message) => out.diags.push(Diagnostic::error(org::FILE, 0..0, message)),
        }
    } else {
        out.diags.push(Diagnostic::error(org::FILE, 0..0, Message::MissingOrg));
    }
}

/// The last walk of the tree, when it still holds (every change is an
/// in-place edit of a file it found; an edited `org.toml` can change what
/// is a section), else a new one; and whether it was the last.
fn walk_or_reuse(
    root: &Path,
    canonical_root: &Path,
    cache: Option<&mut Cache>,
    modified: Option<&HashSet<String>>,
    out: &mut Loaded,
) -> (Arc<Walked>, bool) {
    let reusable = match (modified, cache.as_deref().and_then(|c| c.walked.clone())) {
        (Some(modified), Some(walked))
            if walked.work.iter().filter(|w| modified.contains(&w.rel)).count() == modified.len() =>
        {
            Some(walked)
        }
        _ => None,
    };
    let reused = reusable.is_some();
    let walked = match reusable {
        Some(walked) => walked,
        None => {
            let _t = crate::timing::stage("walk");
            let before = out.diags.len();
            let mut work: Vec<Work> = Vec::new();
            walk::walk(root, canonical_root, out, &mut work);
            let walked = Arc::new(Walked {
                work,
                diags: out.diags.split_off(before),
                years: std::mem::take(&mut out.years),
                other_files: std::mem::take(&mut out.other_files),
            });
            if let Some(cache) = cache {
                cache.walked = Some(Arc::clone(&walked));
            }
            walked
        }
    };
    (walked, reused)
}

/// Reads every file of the walk, in parallel; a file `unchanged` (or with
/// the size and time it had) is taken from `known`.
fn read_all(
    dir: &Arc<Root>,
    walked: &Walked,
    known: Option<&Cache>,
    unchanged: &(dyn Fn(&str) -> bool + Sync),
) -> Vec<(Arc<EntryResult>, Option<Stamp>)> {
    // Each result once, shared between the output and the cache; the
    // output takes its own copy only of what the cache keeps too.
    let read = |w: &Work| Arc::new(read_entry(dir, w.rel.clone(), w.entry.clone()));
    walked
        .work
        .par_iter()
        .map(|w| {
            let Some(known) = known else {
                return (read(w), None);
            };
            if unchanged(&w.rel)
                && let Some((stamp, result)) = known.entries.get(&w.rel)
            {
                return (Arc::clone(result), Some(*stamp));
            }
            let stamp = fs::metadata(&w.path).ok().map(|m| (m.len(), m.modified().ok()));
            match (stamp, known.entries.get(&w.rel)) {
                (Some(stamp), Some((was, result))) if *was == stamp => (Arc::clone(result), Some(stamp)),
                _ => (read(w), stamp),
            }
        })
        .collect()
}

/// Keeps in `cache` what was read, for the next load.
fn keep(
    cache: &mut Cache,
    walked: &Walked,
    results: &[(Arc<EntryResult>, Option<Stamp>)],
    modified: Option<&HashSet<String>>,
    reused: bool,
) {
    let entry = |(result, stamp): &(Arc<EntryResult>, Option<Stamp>)| Some(((*stamp)?, Arc::clone(result)));
    match modified {
        // the same walk: only the modified files' entries change
        Some(modified) if reused => {
            for (w, result) in walked.work.iter().zip(results) {
                if modified.contains(&w.rel) {
                    match entry(result) {
                        Some(e) => cache.entries.insert(w.rel.clone(), e),
                        None => cache.entries.remove(&w.rel),
                    };
                }
            }
        }
        _ => {
            cache.entries = walked
                .work
                .iter()
                .zip(results)
                .filter_map(|(w, result)| Some((w.rel.clone(), entry(result)?)))
                .collect();
        }
    }
}

/// What is kept of a file's text once it is parsed.
#[derive(Clone)]
enum Text {
    /// Kept, to show the file's diagnostics.
    Kept(String),
    /// Not kept: the record loaded cleanly; read again if a cross-file
    /// check finds something.
    Unread,
    /// Not a record (or not readable).
    None,
}

type EntryResult = (
    String,
    Text,
    Vec<Diagnostic>,
    Option<Arc<record::LoadedRecord>>,
    Option<(i32, String, String)>,
);

/// A file to read: where it is, and what it is.
struct Work {
    rel: String,
    path: PathBuf,
    entry: Entry,
}

fn read_entry(dir: &Root, rel: String, entry: Entry) -> EntryResult {
    let mut diags = Vec::new();
    let text = match source::read_text(dir, &rel) {
        Ok(text) => text,
        Err(message) => {
            diags.push(Diagnostic::error(&rel, 0..0, message));
            let outcome = match &entry {
                Entry::Record { year, scope, is_toml } => {
                    Some(Arc::new(record::LoadedRecord::failed(&record::Place {
                        file: &rel,
                        year: *year,
                        scope,
                        is_toml: *is_toml,
                    })))
                }
                _ => None,
            };
            return (rel, Text::None, diags, outcome, None);
        }
    };
    match entry {
        Entry::Record { year, scope, is_toml } => {
            let place = record::Place {
                file: &rel,
                year,
                scope: &scope,
                is_toml,
            };
            let outcome = record::parse(place, &text, &mut diags);
            // The text is kept only to show this file's diagnostics; a file
            // that gets one later (from cross-file checks) is read again.
            let text = if diags.is_empty() {
                Text::Unread
            } else {
                Text::Kept(text)
            };
            (rel, text, diags, Some(Arc::new(outcome)), None)
        }
        Entry::Narrative { year, scope } => match crate::model::html::markdown_too_deep(&text) {
            Some(at) => {
                let limit = crate::model::html::MAX_HTML_DEPTH;
                diags.push(Diagnostic::error(&rel, at..at + 1, Message::HtmlTooDeep { limit }));
                (rel, Text::Kept(text), diags, None, None)
            }
            None => (rel, Text::None, diags, None, Some((year, scope, text))),
        },
        Entry::Other => (rel, Text::None, diags, None, None),
    }
}

/// The unit's own rules file, at the top of the records folder.
pub const RULES_FILE: &str = "rules.toml";

/// The text of the unit's `rules.toml` beneath `root`, when it has one; a
/// file there that cannot be read is reported in `diags`.
pub fn read_rules(root: &Root, diags: &mut Vec<Diagnostic>) -> Option<String> {
    fs::symlink_metadata(root.path().join(RULES_FILE)).ok()?;
    source::read_text(root, RULES_FILE)
        .map_err(|message| diags.push(Diagnostic::error(RULES_FILE, 0..0, message)))
        .ok()
}

/// The year a top-level folder name stands for, if it is a year folder
/// (four digits).
pub fn year_of(name: &str) -> Option<i32> {
    (name.len() == 4 && name.bytes().all(|b| b.is_ascii_digit()))
        .then(|| name.parse().ok())
        .flatten()
        .filter(|y| (1900..=2999).contains(y))
}

/// Parses TOML, reporting every line that does not parse once, with what
/// is wrong with it in the clerk's terms ([`syntax`]); an impossible date
/// as `E-DATE`. `keys` are the keys the file may hold. `None` when there
/// was any error.
pub fn parse_toml<'i>(
    text: &'i str,
    origin: Origin<'_>,
    keys: &[&[KeySpec]],
    diags: &mut Vec<Diagnostic>,
) -> Option<Spanned<DeTable<'i>>> {
    let (table, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        return Some(table);
    }
    let spans: Vec<std::ops::Range<usize>> = errors.iter().map(|e| e.span().unwrap_or(0..0)).collect();
    for explained in syntax::explain(text, &spans, keys) {
        diags.push(origin.error(explained.span, explained.message));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(title: &str) -> String {
        format!("+++\nkind = \"life_meeting\"\ntitle = \"{title}\"\ndate = 2026-03-02\n+++\n正文\n")
    }

    fn titles(loaded: &Loaded) -> Vec<String> {
        loaded
            .records
            .iter()
            .filter_map(|r| r.record.as_ref().map(|r| r.title.clone()))
            .collect()
    }

    #[test]
    fn the_kept_org_is_parsed_again_when_its_text_changes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let org = |name: &str| format!("[unit]\nname = \"{name}\"\n");
        fs::write(root.join(org::FILE), org("某县政府办公室")).unwrap();
        let mut cache = Cache::default();
        let name = |cache: &mut Cache| load_cached(root, Some(cache)).unwrap().org.org.unit.name;
        assert_eq!(name(&mut cache), "某县政府办公室");
        assert_eq!(name(&mut cache), "某县政府办公室");
        fs::write(root.join(org::FILE), org("某市政府办公室")).unwrap();
        assert_eq!(name(&mut cache), "某市政府办公室");
    }

    #[test]
    fn an_in_place_edit_reuses_the_walk_and_reads_only_that_file() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("2026/s1")).unwrap();
        fs::write(root.join("2026/s1/a.md"), record("甲")).unwrap();
        fs::write(root.join("2026/s1/b.md"), record("乙")).unwrap();
        let mut cache = Cache::default();
        assert_eq!(titles(&load_cached(root, Some(&mut cache)).unwrap()), ["甲", "乙"]);

        // a.md edited; c.md appears, but the watcher says only a.md changed
        fs::write(root.join("2026/s1/a.md"), record("甲改")).unwrap();
        fs::write(root.join("2026/s1/c.md"), record("丙")).unwrap();
        cache.only_modified(HashSet::from(["2026/s1/a.md".to_string()]));
        assert_eq!(titles(&load_cached(root, Some(&mut cache)).unwrap()), ["甲改", "乙"]);

        // a change to a file the last walk did not find: the tree is walked again
        cache.only_modified(HashSet::from(["2026/s1/c.md".to_string()]));
        assert_eq!(
            titles(&load_cached(root, Some(&mut cache)).unwrap()),
            ["甲改", "乙", "丙"]
        );

        // without word from the watcher, every file is checked
        fs::write(root.join("2026/s1/b.md"), record("乙改")).unwrap();
        assert_eq!(
            titles(&load_cached(root, Some(&mut cache)).unwrap()),
            ["甲改", "乙改", "丙"]
        );
    }
}
