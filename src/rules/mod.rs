//! The responsibility rules: what the measures demand, as data.
//!
//! The built-in set is `builtin.toml`, compiled into the binary; a unit's
//! `rules.toml` is read by the same code and merged over it by rule id.
//! [`evaluate`] judges the records against the rules as of a date.

mod eval;
pub mod measures;
mod outcome;
pub mod spec;
mod words;

use std::collections::BTreeMap;

use serde::Serialize;

pub use eval::{before_deadline, evaluate};
pub use outcome::{Outcome, Scope, Status};

use crate::diag::{Diagnostic, SourceMap};
use crate::model::{Clause, Kind, Role, Sanction, Severity};

pub use crate::load::RULES_FILE as FILE;
/// How diagnostics name the built-in rules.
pub const BUILTIN_FILE: &str = "<内置规则>/rules.toml";
pub const BUILTIN: &str = include_str!("builtin.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// The article names a number or a duty: a miss is a violation.
    Required,
    /// The article asks for it without a number: a miss is a warning.
    Advisory,
}

impl Level {
    pub fn zh(self) -> &'static str {
        match self {
            Level::Required => "必须",
            Level::Advisory => "倡导",
        }
    }
}

/// One instance per what?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleScope {
    Unit,
    Section,
    /// Each leader in post.
    Leader,
}

/// Which folders' records count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Folder {
    Leadership,
    /// The section's own folder (for a section scope), else any section's.
    Section,
    Any,
}

/// Which `targets`/`target` a counted record must name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetFilter {
    Leadership,
    AnySection,
    /// The section the instance is about.
    Scope,
}

/// A date range inside a period, as (month, day, in the next year).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Window {
    pub from: Option<(u32, u32, bool)>,
    pub until: Option<(u32, u32, bool)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Who {
    Director,
    Overseer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    Chair,
    /// Chair or attendee.
    Present,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    Any,
    /// The person's home `section`.
    Home,
    /// A section the person `oversees`.
    Oversees,
}

/// What a rule checks: a few general types, parameterised by data.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Check {
    /// At least `min` records of `kinds` per scope instance and period.
    Count {
        scope: RuleScope,
        half: bool,
        kinds: Vec<Kind>,
        folder: Folder,
        min: u32,
        window: Window,
        target: Option<TargetFilter>,
        person_is_scope: bool,
        chair: Option<Role>,
    },
    /// Each record done (`done` date) by its due date.
    Deadline {
        kinds: Vec<Kind>,
        due_field: Option<String>,
        due_days: Option<u32>,
        done: String,
    },
    /// Each record (with `when` set, if given) has the `require`d keys.
    Fields {
        kinds: Vec<Kind>,
        require: Vec<String>,
        when: Option<String>,
    },
    /// Each record is chaired or attended by the director or the overseer.
    Attendance {
        kinds: Vec<Kind>,
        folder: Folder,
        who: Who,
        presence: Presence,
    },
    /// The number of people in post holding some roles.
    People {
        section_scope: bool,
        roles: Vec<Role>,
        relation: Relation,
        min: u32,
        max: Option<u32>,
    },
    /// The sanctions of each accountability case fit Article 15.
    Sanctions { kinds: Vec<Kind> },
}

#[derive(Debug, Clone, Serialize)]
pub struct Rule {
    pub id: String,
    pub article: String,
    pub level: Level,
    pub title: String,
    /// Words for messages: 召开 2 次 党风廉政专题会议.
    pub what: String,
    pub what_en: String,
    pub verb: String,
    pub verb_en: String,
    pub unit: String,
    #[serde(flatten)]
    pub check: Check,
}

impl Rule {
    /// The quoted text of the rule's article(s).
    pub fn article_text(&self) -> String {
        measures::article_text(&self.article).unwrap_or_default()
    }
}

/// Article 15's sanctions: (clause, severity) → allowed sanctions.
#[derive(Debug, Clone, Default)]
pub struct SanctionTable {
    pub allowed: BTreeMap<(Clause, Severity), Vec<Sanction>>,
    /// May accompany any sanction but never stand alone.
    pub accompany: Vec<Sanction>,
}

#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    pub sanctions: SanctionTable,
}

impl RuleSet {
    /// The built-in rules merged with a unit's `rules.toml`. Problems in the
    /// unit's file are reported like any data error; the text is added to
    /// `sources` so the diagnostics can show it.
    pub fn load(user: Option<&str>, diags: &mut Vec<Diagnostic>, sources: &mut SourceMap) -> RuleSet {
        let mut entries = Vec::new();
        let mut sanctions = SanctionTable::default();
        spec::read_file(BUILTIN, BUILTIN_FILE, true, &mut entries, &mut sanctions, diags);
        if let Some(text) = user {
            sources.insert(FILE, text);
            spec::read_file(text, FILE, false, &mut entries, &mut sanctions, diags);
        }
        RuleSet {
            rules: spec::compile(entries, diags),
            sanctions,
        }
    }

    pub fn builtin() -> RuleSet {
        RuleSet::load(None, &mut Vec::new(), &mut SourceMap::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_load_cleanly() {
        let mut diags = Vec::new();
        let set = RuleSet::load(None, &mut diags, &mut SourceMap::default());
        assert!(diags.is_empty(), "{diags:#?}");
        assert_eq!(set.rules.len(), 25);
        for rule in &set.rules {
            assert!(!rule.article_text().is_empty(), "{}", rule.id);
        }
        // every clause and severity has a row
        assert_eq!(set.sanctions.allowed.len(), Clause::ALL.len() * Severity::ALL.len());
        assert_eq!(set.sanctions.accompany.len(), 2);
    }
}
