//! The domain: records, the organisation, kinds and periods.

mod asof;
pub mod html;
mod kind;
pub mod names;
mod org;
mod period;
mod record;

pub use asof::*;
pub use kind::*;
pub use org::*;
pub use period::*;
pub use record::*;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::slice::ParallelSliceMut;

/// Everything loaded from a records folder, after validation.
#[derive(Debug, Clone, Default)]
pub struct Records {
    /// The unit, its sections and people (org.toml).
    pub org: Org,
    /// Every usable record, sorted by date then id (shared with the
    /// loader, which `serve` keeps between builds).
    records: Vec<Arc<Record>>,
    /// Years that have a folder, ascending.
    pub years: Vec<i32>,
    /// Narratives for the special report: (year, scope) → Markdown text;
    /// scope is `leadership` for the year's `report.md`.
    pub narratives: BTreeMap<(i32, String), String>,
    /// Position of each record by id.
    index: HashMap<String, usize>,
    /// Each attachment that resolved, by record id and path as written:
    /// its path beneath the records root (see [`Records::attachment`]).
    pub attachments: HashMap<String, HashMap<String, String>>,
}

impl Records {
    /// Records sorted by date then id and indexed by id; no attachments yet.
    pub fn new(
        org: Org,
        records: impl IntoIterator<Item = impl Into<Arc<Record>>>,
        years: Vec<i32>,
        narratives: BTreeMap<(i32, String), String>,
    ) -> Records {
        let mut records: Vec<Arc<Record>> = records.into_iter().map(Into::into).collect();
        records.par_sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
        let index = records.iter().enumerate().map(|(i, r)| (r.id.clone(), i)).collect();
        Records {
            org,
            records,
            years,
            narratives,
            index,
            attachments: HashMap::new(),
        }
    }

    /// Every record, in date order.
    pub fn all(&self) -> impl Iterator<Item = &Record> {
        self.records.iter().map(Arc::as_ref)
    }

    /// The records that `keep` accepts, and nothing else.
    pub fn retain(&mut self, keep: impl Fn(&Record) -> bool) {
        let records: Vec<Arc<Record>> = std::mem::take(&mut self.records)
            .into_iter()
            .filter(|r| keep(r))
            .collect();
        let attachments = std::mem::take(&mut self.attachments);
        *self = Records::new(
            std::mem::take(&mut self.org),
            records,
            std::mem::take(&mut self.years),
            std::mem::take(&mut self.narratives),
        );
        self.attachments = attachments;
    }

    /// The path beneath the records root of the attachment `written` of
    /// `record`, when it resolved.
    pub fn attachment(&self, record: &Record, written: &str) -> Option<&str> {
        self.attachments.get(&record.id)?.get(written).map(String::as_str)
    }

    /// The paths beneath the records root of the attachments of `record`
    /// that resolved.
    pub fn attachments_of<'a>(&'a self, record: &'a Record) -> impl Iterator<Item = &'a str> + 'a {
        record
            .attachments
            .iter()
            .filter_map(move |w| self.attachment(record, w))
    }

    /// The record with id `id`.
    pub fn record(&self, id: &str) -> Option<&Record> {
        self.index.get(id).map(|&i| self.records[i].as_ref())
    }

    /// The records filed under the year folder `year`, in date order.
    pub fn of_year(&self, year: i32) -> impl Iterator<Item = &Record> {
        self.all().filter(move |r| r.year == year)
    }

    /// [`Records::of_year`], each record as it is shared.
    pub fn shared_of_year(&self, year: i32) -> impl Iterator<Item = &Arc<Record>> {
        self.records.iter().filter(move |r| r.year == year)
    }
}
