//! What judging a rule gives: one outcome per rule instance.

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use super::{Level, Rule};
use crate::model::Period;

/// How a rule instance stands as of the judging day.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Missed for good.
    Violated,
    /// Not met yet, and its deadline is still to come.
    Pending,
    /// Met.
    Met,
}

impl Status {
    /// The status as the site and the reports say it.
    pub fn zh(self) -> &'static str {
        match self {
            Status::Met => "符合",
            Status::Pending => "待办",
            Status::Violated => "违反",
        }
    }

    /// The status as a reader is told it: a missed advisory rule is
    /// 未落实 (not carried out), not 违反 (violated).
    pub fn zh_at(self, level: super::Level) -> &'static str {
        match (self, level) {
            (Status::Violated, super::Level::Advisory) => "未落实",
            (status, _) => status.zh(),
        }
    }

    /// The status in English messages.
    pub fn en(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Pending => "pending",
            Status::Violated => "violated",
        }
    }
}

/// What a rule instance is about. In JSON it is the id alone: `unit`, a
/// section id, a person id or a record id.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    /// The whole unit.
    Unit,
    /// A section, by id.
    Section(String),
    /// A leader, by id.
    Person(String),
    /// One record, by id.
    Record(String),
}

impl Scope {
    /// The id JSON gives the scope.
    pub fn id(&self) -> &str {
        match self {
            Scope::Unit => "unit",
            Scope::Section(id) | Scope::Person(id) | Scope::Record(id) => id,
        }
    }

    /// What the scope is, by name: the unit's short name, a section's or a
    /// person's name, a record's title.
    pub fn name(&self, data: &crate::model::Records) -> String {
        let org = &data.org;
        match self {
            Scope::Unit => org.unit.short_name.clone(),
            Scope::Section(id) => org.scope_name(id).to_string(),
            Scope::Person(id) => org.person_name(id).to_string(),
            Scope::Record(id) => data.record(id).map_or_else(|| id.clone(), |r| r.title.clone()),
        }
    }

    /// The section id, for a section scope.
    pub fn section(&self) -> Option<&str> {
        match self {
            Scope::Section(id) => Some(id),
            _ => None,
        }
    }
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

impl PartialEq<str> for Scope {
    fn eq(&self, other: &str) -> bool {
        self.id() == other
    }
}

impl PartialEq<&str> for Scope {
    fn eq(&self, other: &&str) -> bool {
        self.id() == *other
    }
}

impl Serialize for Scope {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

/// One rule instance, as `check --format json` reports it.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// The rule's id.
    pub rule: String,
    /// The article(s) the rule comes from.
    pub article: String,
    /// Required or advisory.
    pub level: Level,
    /// What the instance is about.
    pub scope: Scope,
    /// The period judged.
    pub period: Period,
    /// How it stands.
    pub status: Status,
    /// How many of what the rule counts were found.
    pub found: u32,
    /// How many are needed.
    pub needed: u32,
    /// Ids of the records that count towards the rule.
    pub records: Vec<String>,
    /// The outcome in words.
    pub message: String,
    /// The day by which the rule must be met (counting and deadline rules).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// For a responsibility letter's item: its number in the letter, from 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<u32>,
}

impl Outcome {
    /// An outcome of `rule` for `scope` in `period`; nothing found, nothing
    /// needed, no records and no due date until the caller says otherwise.
    pub fn new(rule: &Rule, scope: Scope, period: Period, status: Status, message: String) -> Outcome {
        Outcome {
            rule: rule.id.clone(),
            article: rule.article.clone(),
            level: rule.level,
            scope,
            period,
            status,
            found: 0,
            needed: 0,
            records: Vec::new(),
            message,
            due: None,
            item: None,
        }
    }
}
