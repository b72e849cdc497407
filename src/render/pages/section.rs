//! A page per section: its people, records, the office's checks of it and
//! its rule outcomes.

use crate::error::Error;
use serde::Serialize;
use tera::Value;

use crate::judge::Urls;
use crate::model::{Record, Role, Section};
use crate::render::Renderer;
use crate::render::view::{Link, href, in_post_during};
use crate::render::year::Year;
use crate::rules::Status;

/// A section as the dashboard and its own page show it.
#[derive(Serialize)]
pub(super) struct SectionSummary {
    id: String,
    name: String,
    url: String,
    chiefs: Vec<Link>,
    deputies: Vec<Link>,
    staff: Vec<Link>,
    overseers: Vec<Link>,
    records: usize,
}

/// Who is in a section in the year, who oversees it, and how many records
/// it has.
pub(super) fn summary(y: &Year<'_>, s: &Section) -> SectionSummary {
    let v = &y.v;
    let on = v.as_of.within(crate::model::Period::year(y.year));
    let org = &v.data.org;
    let people = |role: Role| -> Vec<Link> {
        org.people
            .iter()
            .filter(|p| p.section.as_deref() == Some(s.id.as_str()) && p.has_role(role) && in_post_during(p, y.year))
            .map(|p| v.person_link(&p.id))
            .collect()
    };
    SectionSummary {
        id: s.id.clone(),
        name: s.name.clone(),
        url: href(&Urls::section(y.year, &s.id)),
        chiefs: people(Role::SectionChief),
        deputies: people(Role::DeputyChief),
        staff: people(Role::Staff),
        overseers: org
            .overseers_on(&s.id, on)
            .iter()
            .map(|p| v.person_link(&p.id))
            .collect(),
        records: y.records.iter().filter(|r| r.scope == s.id).count(),
    }
}

#[derive(Serialize)]
struct SectionPage {
    section: SectionSummary,
    records: Vec<Value>,
    targeted: Vec<Value>,
    outcomes: Vec<Value>,
    report: Option<Value>,
    /// The section's drafted special report.
    report_url: String,
    /// The section's 考核 score.
    score: Option<Value>,
    scores_url: String,
}

pub(super) fn pages(renderer: &Renderer<'_>, y: &Year<'_>) -> Result<(), Error> {
    for s in &y.v.data.org.sections {
        let mut mine: Vec<(Status, &Value)> = y
            .section_of
            .iter()
            .zip(y.outcomes.iter().zip(&y.outcome_values))
            .filter(|(sec, _)| **sec == Some(s.id.as_str()))
            .map(|(_, (o, view))| (o.status, view))
            .collect();
        mine.sort_by_key(|(status, _)| *status);
        let report = y
            .outcomes
            .iter()
            .zip(&y.outcome_values)
            .find(|(o, _)| o.rule == "report.section-annual" && o.scope.section() == Some(s.id.as_str()))
            .map(|(_, view)| view.clone());
        let context = SectionPage {
            section: summary(y, s),
            records: y.list(|r: &Record| r.scope == s.id),
            targeted: y.list(|r: &Record| r.in_leadership() && r.targets().contains(&s.id)),
            outcomes: mine.into_iter().map(|(_, view)| view.clone()).collect(),
            report,
            report_url: href(&Urls::report(y.year, Some(&s.id))),
            score: super::scores::section(y, &s.id),
            scores_url: href(&Urls::year_page(y.year, "scores")),
        };
        renderer.page(&Urls::section(y.year, &s.id), "section.html", &y.site, &context)?;
    }
    Ok(())
}
