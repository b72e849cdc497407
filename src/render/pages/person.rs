//! A page per leader in post in the year: roles, duties, the sections
//! overseen, the meetings chaired and attended, talks and duty reports.

use crate::error::Error;
use serde::Serialize;
use tera::Value;

use super::{duties, leaders, roles_zh};
use crate::judge::Urls;
use crate::model::{Details, Kind, Person, Record, date_zh};
use crate::render::Renderer;
use crate::render::view::href;
use crate::render::year::Year;
use crate::rules::Scope;

#[derive(Serialize)]
struct PersonView<'a> {
    name: &'a str,
    roles: String,
    section: Option<&'a str>,
    section_url: Option<String>,
    from: Option<String>,
    until: Option<String>,
}

#[derive(Serialize)]
struct Oversees<'a> {
    name: &'a str,
    url: String,
}

#[derive(Serialize)]
struct PersonPage<'a> {
    person: PersonView<'a>,
    duties: Vec<&'static str>,
    oversees: Vec<Oversees<'a>>,
    chaired: Vec<Value>,
    attended: Vec<Value>,
    talks: Vec<Value>,
    duty_reports: Vec<Value>,
    outcomes: Vec<Value>,
    /// What is violated or pending in the sections the leader oversees.
    overseen: Vec<Value>,
    /// The leader's 考核 score, when the 细则 scores leaders.
    score: Option<Value>,
}

pub(super) fn pages(renderer: &Renderer<'_>, y: &Year<'_>) -> Result<(), Error> {
    for p in leaders(y) {
        renderer.page(&Urls::person(y.year, &p.id), "person.html", &y.site, &context(y, p))?;
    }
    Ok(())
}

fn context<'a>(y: &Year<'a>, p: &'a Person) -> PersonPage<'a> {
    let org = &y.v.data.org;
    let id = p.id.as_str();
    let chairs = |r: &Record| r.chair.as_deref() == Some(id);
    PersonPage {
        person: PersonView {
            name: &p.name,
            roles: roles_zh(p),
            section: p.section.as_deref().map(|s| org.scope_name(s)),
            section_url: p.section.as_deref().map(|s| href(&Urls::section(y.year, s))),
            from: p.from.map(date_zh),
            until: p.until.map(date_zh),
        },
        duties: duties(p),
        oversees: p
            .oversees
            .iter()
            .map(|s| Oversees {
                name: org.scope_name(s),
                url: href(&Urls::section(y.year, s)),
            })
            .collect(),
        chaired: y.list(chairs),
        attended: y.list(|r: &Record| r.attendees.iter().any(|a| a == id) && !chairs(r)),
        talks: y.list(|r: &Record| matches!(&r.details, Details::Talk { person, by } if person == id || by == id)),
        duty_reports: y.list(|r: &Record| r.kind == Kind::DutyReport && r.person() == Some(id)),
        outcomes: y.outcomes_where(|o| matches!(&o.scope, Scope::Person(who) if who == id)),
        overseen: y
            .outcomes
            .iter()
            .zip(&y.outcome_values)
            .zip(&y.section_of)
            .filter(|((o, _), section)| {
                o.status != crate::rules::Status::Met && section.is_some_and(|s| p.oversees.iter().any(|o| o == s))
            })
            .map(|((_, view), _)| view.clone())
            .collect(),
        score: super::scores::leader(y, &p.id),
    }
}
