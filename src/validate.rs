//! Stage 2, validate: the checks that need more than one file — ids that
//! must be unique, references to people, sections, records and attachments,
//! and files that belong to no record. Records with any error are left out
//! of the result: a record is used whole or not at all.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rayon::prelude::*;
use std::path::{Component, Path};
use std::sync::Arc;

use crate::beneath::{Refused, Root};

use crate::diag::{self, Diagnostic, Message};
use crate::load::record::{LoadedRecord, RefKind, Reference};
use crate::load::{Loaded, schema};
use crate::model::{LEADERSHIP, Person, Record, Records, date_zh};

/// The outcome of loading and validating: the usable records and every
/// diagnostic, sorted.
#[derive(Debug)]
pub struct Validated {
    /// The usable records (those without any error) and the organisation.
    pub records: Records,
    /// Every diagnostic of loading and validating, sorted.
    pub diags: Vec<Diagnostic>,
    /// The text of the files read, for showing diagnostics.
    pub sources: diag::SourceMap,
    /// The text of `rules.toml`, when the unit has one.
    pub rules_text: Option<String>,
    /// The records folder, which every file is read beneath.
    pub root: Arc<Root>,
}

impl Validated {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    /// The diagnostics that are errors (not warnings).
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diags.iter().filter(|d| d.severity == diag::Severity::Error)
    }
}

/// Bounds on what is read from a records folder.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest attachment, checked from its metadata; a larger one is an
    /// error and is never read or copied.
    pub max_attachment_bytes: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_attachment_bytes: 50 * 1024 * 1024,
        }
    }
}

/// Every id any record claims, valid or not (so that a reference to a
/// broken record is not reported a second time), by the file that claims
/// it first; and each record file with whether its id is its own (not a
/// duplicate, and not a page name another record has).
fn claim_ids<'a>(
    outcomes: &'a [Arc<LoadedRecord>],
    diags: &mut Vec<Diagnostic>,
) -> (HashMap<&'a str, &'a str>, Vec<(&'a LoadedRecord, bool)>) {
    let mut claimed: HashMap<&str, &str> = HashMap::with_capacity(outcomes.len());
    // Each record file, and whether its id is its own (not a duplicate).
    let mut unique: Vec<(&LoadedRecord, bool)> = Vec::with_capacity(outcomes.len());
    // Each id as a case-blind, normalising file system sees its page
    // (worked out in parallel), and the first record to have it.
    let folds: Vec<String> = outcomes
        .par_iter()
        .map(|rec| {
            use crate::model::names;
            names::fold(&names::record_page(&rec.id)).into_owned()
        })
        .collect();
    let mut folded: HashMap<&str, &LoadedRecord> = HashMap::with_capacity(outcomes.len());
    for (rec, fold) in outcomes.iter().zip(folds.iter().map(String::as_str)) {
        if rec.record.is_some()
            && let Some(message) = page_name_problem(rec, fold, &mut folded)
        {
            diags.push(Diagnostic::error(&rec.file, rec.id_span.clone(), message));
            unique.push((rec, false));
            claimed.entry(&rec.id).or_insert(&rec.file);
            continue;
        }
        if let Some(first) = claimed.get(rec.id.as_str()) {
            if rec.record.is_some() {
                diags.push(Diagnostic::error(
                    &rec.file,
                    rec.id_span.clone(),
                    Message::DuplicateId {
                        what: "record",
                        id: rec.id.clone(),
                        other: first.to_string(),
                    },
                ));
            }
            unique.push((rec, false));
        } else {
            claimed.insert(&rec.id, &rec.file);
            unique.push((rec, true));
        }
    }

    (claimed, unique)
}

/// A record checked against the rest: the record if it is usable, its
/// diagnostics, and the attachments it names (as written, and their path
/// beneath the root).
type Checked = (Option<Arc<Record>>, Vec<Diagnostic>, Vec<(String, String)>);

/// What the references of records are checked against.
struct References<'a> {
    org: &'a crate::load::org::LoadedOrg,
    people: HashMap<&'a str, &'a Person>,
    sections: HashSet<&'a str>,
    claimed: &'a HashMap<&'a str, &'a str>,
    root: &'a Root,
    limits: &'a Limits,
}

impl References<'_> {
    fn check(&self, rec: &LoadedRecord, own_id: bool) -> Checked {
        let mut diags = Vec::new();
        let mut attached = Vec::new();
        let file = rec.file.as_str();
        let date = rec.record.as_ref().map(|r| r.date);
        let mut ok = own_id;
        for r in &rec.refs {
            let found = match r.kind {
                RefKind::Person if self.org.usable => self.person(r, date, file, &mut diags),
                RefKind::Section { leadership_ok } if self.org.usable => self.section(r, leadership_ok),
                RefKind::Record => self.record(r),
                RefKind::Attachment => self.attachment(r, file, &mut attached),
                RefKind::Person | RefKind::Section { .. } => None,
            };
            if let Some(message) = found {
                ok = false;
                diags.push(Diagnostic::error(file, r.span.clone(), message));
            }
        }
        (rec.record.clone().filter(|_| ok), diags, attached)
    }

    /// The error in a reference to a person, if any; a person not in post
    /// on the record's date is a warning.
    fn person(
        &self,
        r: &Reference,
        date: Option<NaiveDate>,
        file: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Message> {
        let org = &self.org.org;
        let person = self.people.get(r.value.as_str()).copied();
        if person.is_none() && !self.org.broken_people.contains(&r.value) {
            let suggestion = schema::suggest(&r.value, org.people.iter().map(|p| p.id.as_str()))
                .or_else(|| org.people.iter().find(|p| p.name == r.value).map(|p| p.id.clone()));
            return Some(Message::UnknownPerson {
                id: r.value.clone(),
                suggestion,
            });
        }
        if let (Some(person), Some(date)) = (person, date)
            && !person.in_post_on(date)
        {
            diags.push(Diagnostic::warning(
                file,
                r.span.clone(),
                Message::NotInPost {
                    person: person.name.clone(),
                    date: date_zh(date),
                },
            ));
        }
        None
    }

    /// The error in a reference to a section, if any.
    fn section(&self, r: &Reference, leadership_ok: bool) -> Option<Message> {
        let known = (leadership_ok && r.value == LEADERSHIP)
            || self.sections.contains(r.value.as_str())
            || self.org.broken_sections.contains(&r.value);
        if known {
            return None;
        }
        Some(Message::UnknownSection {
            id: r.value.clone(),
            suggestion: schema::suggest_section(&self.org.org, &r.value, leadership_ok),
        })
    }

    /// The error in a reference to a record, if any.
    fn record(&self, r: &Reference) -> Option<Message> {
        if self.claimed.contains_key(r.value.as_str()) {
            return None;
        }
        let suggestion = schema::suggest(&r.value, self.claimed.keys().copied());
        Some(Message::UnknownSource {
            id: r.value.clone(),
            suggestion,
        })
    }

    /// The error in an attachment, if any; one that resolves is added to
    /// `attached` (a too large one too, to keep it from being a stray file).
    fn attachment(&self, r: &Reference, file: &str, attached: &mut Vec<(String, String)>) -> Option<Message> {
        let max = self.limits.max_attachment_bytes;
        match resolve_attachment(self.root, file, &r.value) {
            Ok((rel, len)) => {
                attached.push((r.value.clone(), rel));
                (len > max).then(|| Message::AttachmentTooLarge {
                    path: r.value.clone(),
                    limit: format!("{} MB", max / (1024 * 1024)),
                })
            }
            Err(message) => Some(message),
        }
    }
}

/// Checks what was loaded across files, keeping only the records without errors.
pub fn validate(loaded: Loaded, limits: &Limits) -> Validated {
    let Loaded {
        root,
        org,
        rules_text,
        years,
        records: outcomes,
        narratives,
        other_files,
        sources,
        mut diags,
    } = loaded;

    let (claimed, unique) = claim_ids(&outcomes, &mut diags);
    let refs = References {
        org: &org,
        people: org.org.people.iter().map(|p| (p.id.as_str(), p)).collect(),
        sections: org.org.sections.iter().map(|s| s.id.as_str()).collect(),
        claimed: &claimed,
        root: &root,
        limits,
    };
    // each record's references, in parallel
    let checked: Vec<Checked> = unique
        .par_iter()
        .map(|&(rec, own_id)| refs.check(rec, own_id))
        .collect();
    let mut attached: HashSet<String> = HashSet::new();
    let mut attachments = HashMap::new();
    let mut records = Vec::with_capacity(checked.len());
    for (record, record_diags, names) in checked {
        if let Some(record) = &record {
            for (written, rel) in &names {
                attachments
                    .entry(record.id.clone())
                    .or_insert_with(HashMap::new)
                    .insert(written.clone(), rel.clone());
            }
        }
        records.extend(record);
        diags.extend(record_diags);
        attached.extend(names.into_iter().map(|(_, rel)| rel));
    }

    for file in other_files {
        if !attached.contains(&file) {
            diags.push(Diagnostic::warning(file, 0..0, Message::StrayFile));
        }
    }

    // `section = "综合科"` in the folder of 综合科: its name for its id
    for d in &mut diags {
        if let Message::SectionMismatch {
            section,
            by_name,
            folder,
        } = &mut d.message
        {
            *by_name = org.org.section(folder).is_some_and(|s| s.name == *section);
        }
    }
    diag::sort(&mut diags);
    let mut records = Records::new(
        org.org,
        records,
        years,
        narratives.into_iter().map(|(y, s, t)| ((y, s), t)).collect(),
    );
    records.attachments = attachments;
    Validated {
        records,
        diags,
        sources,
        rules_text,
        root,
    }
}

/// Why a record's id cannot name its page (`records/ID.html`): a part of
/// it is no file name on some system, or another record's id differs from
/// it only in case or Unicode normalisation.
fn page_name_problem<'a>(
    rec: &'a LoadedRecord,
    fold: &'a str,
    folded: &mut HashMap<&'a str, &'a LoadedRecord>,
) -> Option<Message> {
    use std::collections::hash_map::Entry;
    let unfit = rec
        .id
        .split('/')
        .find_map(|part| crate::model::names::component_unfit(part, ".html".len()));
    if let Some(why) = unfit {
        let id = rec.id.clone();
        return Some(Message::UnfitId {
            what: "record",
            id,
            why,
        });
    }
    match folded.entry(fold) {
        Entry::Occupied(other) if other.get().id != rec.id => Some(Message::IdCollision {
            what: "record",
            id: rec.id.clone(),
            other: other.get().id.clone(),
            place: other.get().file.clone(),
        }),
        Entry::Occupied(_) => None,
        Entry::Vacant(slot) => {
            slot.insert(rec);
            None
        }
    }
}

/// Resolves an attachment path written relative to the record's folder.
/// The path is normalised without touching the file system first, so a
/// path that leaves the root is refused before anything is looked at; the
/// file is then opened beneath the root ([`Root::open_file`]), so no link
/// on the way can lead out of it either.
/// Returns the attachment's path relative to the root, and its size.
pub fn resolve_attachment(root: &Root, record_file: &str, written: &str) -> Result<(String, u64), Message> {
    let outside = || Message::AttachmentOutside {
        path: written.to_string(),
    };
    let written_path = Path::new(written);
    if written.is_empty() || written_path.is_absolute() || written.contains('\\') {
        return Err(outside());
    }
    let mut parts: Vec<String> = record_file.split('/').map(str::to_string).collect();
    parts.pop(); // the record's own file name
    for comp in written_path.components() {
        match comp {
            Component::Normal(part) => parts.push(part.to_string_lossy().to_string()),
            Component::CurDir => {}
            Component::ParentDir => {
                if parts.pop().is_none() {
                    return Err(outside());
                }
            }
            Component::RootDir | Component::Prefix(_) => return Err(outside()),
        }
    }
    if parts.is_empty() {
        return Err(outside());
    }
    let rel = parts.join("/");
    match root.open_file(&rel) {
        Ok((_, len)) => Ok((rel, len)),
        Err(Refused::Missing) => Err(Message::AttachmentMissing {
            path: written.to_string(),
        }),
        Err(Refused::Outside) => Err(outside()),
        Err(Refused::NotRegular | Refused::Kernel | Refused::Io(_)) => Err(Message::AttachmentNotFile {
            path: written.to_string(),
        }),
    }
}
