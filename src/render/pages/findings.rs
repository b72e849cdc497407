//! The rectification tracker: every finding of the year with its state as
//! of the judging day.

use crate::error::Error;
use serde::Serialize;
use tera::Value;

use crate::model::{Details, date_zh};
use crate::render::Renderer;
use crate::render::view::{self, href};
use crate::render::year::Year;

/// A link to the record a finding came from.
#[derive(Serialize)]
struct Source<'a> {
    title: &'a str,
    url: Option<String>,
}

/// One row of the rectification tracker.
#[derive(Serialize)]
pub(super) struct FindingView<'a> {
    record: Option<Value>,
    source: Option<Source<'a>>,
    owner: Option<view::Link>,
    deadline_zh: String,
    status_zh: &'static str,
    pub(super) open: bool,
    status: &'static str,
    rectified_zh: Option<String>,
    reported_zh: Option<String>,
    verified_zh: Option<String>,
    verifier: Option<view::Link>,
    stage: crate::model::FindingStage,
    extended: bool,
    days_late: i64,
    /// Past its deadline unrectified (a deadline passes at the end of its
    /// day), or rectified after it.
    pub(super) overdue: bool,
}

/// The year's findings, in record order, judged as of the judging day.
pub(super) fn findings<'a>(y: &Year<'a>) -> Vec<FindingView<'a>> {
    y.records
        .iter()
        .filter_map(|r| {
            let state = y.v.as_of.finding(r)?;
            let Details::Finding {
                owner,
                status,
                source,
                verified_by,
                ..
            } = &r.details
            else {
                return None;
            };
            let source = source.as_deref().and_then(|s| y.v.data.record(s)).map(|s| Source {
                title: &s.title,
                url: y.v.urls.record(&s.id).as_deref().map(href),
            });
            let status_zh = state.stage().zh();
            Some(FindingView {
                record: y.record_value(&r.id),
                source,
                owner: owner.as_deref().map(|o| y.v.person_link(o)),
                deadline_zh: date_zh(state.deadline),
                status_zh,
                open: state.is_open(),
                status: status.id(),
                rectified_zh: state.rectified.map(date_zh),
                reported_zh: state.reported.map(date_zh),
                verified_zh: state.verified.map(date_zh),
                verifier: verified_by
                    .as_deref()
                    .filter(|_| state.verified.is_some())
                    .map(|v| y.v.person_link(v)),
                stage: state.stage(),
                extended: state.extended,
                days_late: state.days_late,
                overdue: state.overdue,
            })
        })
        .collect()
}

#[derive(Serialize)]
struct FindingsPage<'a> {
    findings: Vec<FindingView<'a>>,
    sources: crate::render::report::Annex,
}

pub(super) fn page(renderer: &Renderer<'_>, y: &Year<'_>) -> Result<(), Error> {
    let context = FindingsPage {
        findings: findings(y),
        sources: super::statistics::sources(y),
    };
    renderer.page(
        &crate::judge::Urls::year_page(y.year, "findings"),
        "findings.html",
        &y.site,
        &context,
    )
}
