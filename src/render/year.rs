//! What every page of a year shares: each record's view, body and search
//! entry made once, each outcome's view, and who cites and concerns whom.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use tera::Value;

use super::view::{self, OutcomeView, Views};
use super::{markdown, search, value};
use crate::judge::Judged;
use crate::model::{Details, Record};
use crate::rules::Outcome;

/// What every page showing a record shares: its view and body as Tera
/// values (cloned by reference count), and its search index entry.
pub(super) struct Prepared {
    pub(super) view: Value,
    pub(super) body: Value,
    pub(super) search: String,
}

/// One year of a judged project, ready for its pages.
pub(super) struct Year<'a> {
    pub(super) judged: &'a Judged<'a>,
    pub(super) year: i32,
    pub(super) v: Views<'a>,
    /// The context every page of the year shares.
    pub(super) site: Value,
    /// The year's records, in date order, and what each page shows of them.
    pub(super) records: Vec<&'a Record>,
    pub(super) prepared: Vec<Prepared>,
    position: HashMap<&'a str, usize>,
    /// The year's outcomes, each one's view, and that view as a Tera value.
    pub(super) outcomes: &'a [Outcome],
    pub(super) outcome_views: Vec<OutcomeView>,
    pub(super) outcome_values: Vec<Value>,
    /// The outcomes (by index) that concern each record.
    pub(super) concerning: HashMap<&'a str, Vec<usize>>,
    /// The findings that cite each record.
    pub(super) cited: HashMap<&'a str, Vec<Value>>,
    /// The section each outcome is about, if any.
    pub(super) section_of: Vec<Option<&'a str>>,
    /// The year's 统计表 and 问题整改台账, made once for every report and
    /// page that shows them.
    statistics: std::sync::OnceLock<crate::export::Table>,
    ledger: std::sync::OnceLock<crate::export::Table>,
    /// The year's score panels, made once for every page that shows them.
    pub(super) score_panels: std::sync::OnceLock<super::pages::scores::Panels>,
}

impl<'a> Year<'a> {
    pub(super) fn new(judged: &'a Judged<'a>, year: i32, kept: Option<&markdown::Bodies>) -> Year<'a> {
        let _setup = crate::timing::stage("year setup");
        let data: &'a crate::model::Records = &judged.records;
        let v = Views {
            data,
            rules: &judged.rules().rules,
            urls: judged.urls(),
            year,
            as_of: judged.as_of,
            audience: judged.audience,
            attachments: judged.attachments(),
            history: &judged.history,
            reports: view::SubmittedReports::of(data, year),
        };
        let shared: Vec<&'a Arc<Record>> = data.shared_of_year(year).collect();
        let records: Vec<&'a Record> = shared.iter().map(|r: &&'a Arc<Record>| -> &'a Record { r }).collect();
        // Each record's view, body and search entry, made once, in
        // parallel; every page that shows the record shares (not copies)
        // its view and body.
        let bodies = match kept {
            Some(kept) => kept.year(year, &shared),
            None => shared
                .par_iter()
                .map(|r| Arc::new(markdown::Body::new(&r.body)))
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
        let position = records.iter().enumerate().map(|(i, r)| (r.id.as_str(), i)).collect();
        let outcomes = judged.outcomes(year);
        let outcome_views: Vec<OutcomeView> = outcomes.par_iter().map(|o| v.outcome(o)).collect();
        let outcome_values = outcome_views.par_iter().map(value).collect();
        let mut concerning: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, o) in outcomes.iter().enumerate() {
            // the record the outcome is about, and the records it counts
            let about = match &o.scope {
                crate::rules::Scope::Record(id) => Some(id.as_str()),
                _ => None,
            };
            let records = o.records.iter().map(String::as_str).filter(|id| Some(*id) != about);
            for id in about.into_iter().chain(records) {
                concerning.entry(id).or_default().push(i);
            }
        }
        let section_of = outcomes.iter().map(|o| judged.section_of(o)).collect();
        let mut year = Year {
            judged,
            year,
            site: super::site_view(judged, year),
            v,
            records,
            prepared,
            position,
            outcomes,
            outcome_views,
            outcome_values,
            concerning,
            cited: HashMap::new(),
            section_of,
            statistics: std::sync::OnceLock::new(),
            ledger: std::sync::OnceLock::new(),
            score_panels: std::sync::OnceLock::new(),
        };
        year.cited = year.citations();
        year
    }

    /// The year's 统计表 ([`crate::export::statistics`]).
    pub(super) fn statistics(&self) -> &crate::export::Table {
        self.statistics
            .get_or_init(|| crate::export::statistics(self.judged, self.year))
    }

    /// The year's 问题整改台账 ([`crate::export::findings`]).
    pub(super) fn ledger(&self) -> &crate::export::Table {
        self.ledger
            .get_or_init(|| crate::export::findings(self.judged, self.year))
    }

    /// The findings that cite each record.
    fn citations(&self) -> HashMap<&'a str, Vec<Value>> {
        let mut cited: HashMap<&str, Vec<Value>> = HashMap::new();
        for r in &self.records {
            if let (
                Details::Finding {
                    source: Some(source), ..
                },
                Some(view),
            ) = (&r.details, self.record_value(&r.id))
            {
                cited.entry(source.as_str()).or_default().push(view);
            }
        }
        cited
    }

    /// The view of the record `id` of this year.
    pub(super) fn record_value(&self, id: &str) -> Option<Value> {
        self.position.get(id).map(|&i| self.prepared[i].view.clone())
    }

    /// The views of the year's records that `pred` accepts, in date order.
    pub(super) fn list(&self, pred: impl Fn(&Record) -> bool) -> Vec<Value> {
        self.records
            .iter()
            .zip(&self.prepared)
            .filter(|(r, _)| pred(r))
            .map(|(_, p)| p.view.clone())
            .collect()
    }

    /// The views of the outcomes that `pred` accepts, in outcome order.
    pub(super) fn outcomes_where(&self, pred: impl Fn(&Outcome) -> bool) -> Vec<Value> {
        self.outcomes
            .iter()
            .zip(&self.outcome_values)
            .filter(|(o, _)| pred(o))
            .map(|(_, view)| view.clone())
            .collect()
    }
}
