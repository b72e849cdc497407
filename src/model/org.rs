//! The unit, its sections and people (org.toml), after validation.

use chrono::NaiveDate;
use serde::Serialize;

use super::Role;

/// The reserved folder and scope of the leadership team and party branch.
pub const LEADERSHIP: &str = "leadership";

/// The unit the records belong to (`[unit]` in org.toml).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Unit {
    /// The full name, used in report titles.
    pub name: String,
    /// The short name (the full name when not given).
    pub short_name: String,
    /// The discipline inspection commission (纪委) the unit's special report is addressed to.
    pub discipline_body: String,
    /// The party branch (党支部) the sections' special reports are addressed to.
    pub party_branch: String,
    /// The unit's code (统一社会信用代码 or the code the level above gives it).
    pub code: Option<String>,
    /// The unit's level (市级、县级…), as the level above names it.
    pub level: Option<String>,
    /// The unit it reports to and is rolled up by (一级抓一级): `parent`,
    /// else the discipline body.
    pub parent: Option<String>,
    /// Where the unit's own site is published.
    pub site_url: Option<String>,
}

/// A section (科室) of the unit.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// Unique id, also the section's folder name in each year folder.
    pub id: String,
    /// The section's name.
    pub name: String,
}

/// A person of the unit.
#[derive(Debug, Clone, Serialize)]
pub struct Person {
    /// Unique id, the one records name people by (`chair`, `attendees`…).
    pub id: String,
    /// The person's name.
    pub name: String,
    /// The posts the person holds.
    pub roles: Vec<Role>,
    /// The sections the person oversees (分管), by section id.
    pub oversees: Vec<String>,
    /// The section the person works in, by section id.
    pub section: Option<String>,
    /// First day in post (inclusive), if given.
    pub from: Option<NaiveDate>,
    /// Last day in post (inclusive), if given.
    pub until: Option<NaiveDate>,
}

impl Person {
    /// Whether the person holds `role`.
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// In post on `date` (`from`/`until` inclusive, open when absent).
    pub fn in_post_on(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|from| from <= date) && self.until.is_none_or(|until| date <= until)
    }

    /// Whether any of the person's roles is a leader's (who owes a duty report).
    pub fn is_leader(&self) -> bool {
        self.roles.iter().any(|r| r.is_leader())
    }
}

/// The organisation described by org.toml.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Org {
    /// The unit itself.
    pub unit: Unit,
    /// Its sections, as listed in org.toml.
    pub sections: Vec<Section>,
    /// Its people, as listed in org.toml.
    pub people: Vec<Person>,
}

impl Org {
    /// The section with id `id`.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// The person with id `id`.
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.id == id)
    }

    /// Display name of a scope folder: a section's name, or 领导班子.
    pub fn scope_name<'a>(&'a self, scope: &'a str) -> &'a str {
        if scope == LEADERSHIP {
            "领导班子"
        } else {
            self.section(scope).map_or(scope, |s| s.name.as_str())
        }
    }

    /// Display name of a person id (the id itself when unknown).
    pub fn person_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.person(id).map_or(id, |p| p.name.as_str())
    }

    /// People in post on `date` holding `role`.
    pub fn with_role_on(&self, role: Role, date: NaiveDate) -> impl Iterator<Item = &Person> {
        self.people
            .iter()
            .filter(move |p| p.has_role(role) && p.in_post_on(date))
    }

    /// Leaders in post on `date` (director, deputy director, party deputy
    /// secretary) who list `section` in `oversees`.
    pub fn overseers_on(&self, section: &str, date: NaiveDate) -> Vec<&Person> {
        self.people
            .iter()
            .filter(|p| {
                p.in_post_on(date)
                    && p.oversees.iter().any(|s| s == section)
                    && p.roles
                        .iter()
                        .any(|r| matches!(r, Role::Director | Role::DeputyDirector | Role::PartyDeputySecretary))
            })
            .collect()
    }
}
