//! The domain: records, the organisation, kinds and periods.

mod kind;
mod org;
mod period;
mod record;

pub use kind::*;
pub use org::*;
pub use period::*;
pub use record::*;

use std::collections::BTreeMap;

/// Everything loaded from a records folder, after validation.
#[derive(Debug, Clone, Default)]
pub struct Records {
    pub org: Org,
    /// Records by year folder, each list sorted by date then id.
    pub records: Vec<Record>,
    /// Years that have a folder, ascending.
    pub years: Vec<i32>,
    /// Narratives for the special report: (year, scope) → Markdown text;
    /// scope is `leadership` for the year's `report.md`.
    pub narratives: BTreeMap<(i32, String), String>,
}

impl Records {
    pub fn record(&self, id: &str) -> Option<&Record> {
        self.records.iter().find(|r| r.id == id)
    }

    pub fn of_year(&self, year: i32) -> impl Iterator<Item = &Record> {
        self.records.iter().filter(move |r| r.year == year)
    }
}
