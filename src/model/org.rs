//! The unit, its sections and people (org.toml), after validation.

use chrono::NaiveDate;
use serde::Serialize;

use super::Role;

/// The reserved folder and scope of the leadership team and party branch.
pub const LEADERSHIP: &str = "leadership";

#[derive(Debug, Clone, Default, Serialize)]
pub struct Unit {
    pub name: String,
    pub short_name: String,
    pub discipline_body: String,
    pub party_branch: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub roles: Vec<Role>,
    pub oversees: Vec<String>,
    pub section: Option<String>,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl Person {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// In post on `date` (`from`/`until` inclusive, open when absent).
    pub fn in_post_on(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|from| from <= date) && self.until.is_none_or(|until| date <= until)
    }

    pub fn is_leader(&self) -> bool {
        self.roles.iter().any(|r| r.is_leader())
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Org {
    pub unit: Unit,
    pub sections: Vec<Section>,
    pub people: Vec<Person>,
}

impl Org {
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

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
