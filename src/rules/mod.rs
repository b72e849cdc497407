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

pub use eval::evaluate;
pub use outcome::{Outcome, Scope, Status};

use crate::diag::{Diagnostic, SourceMap};
use crate::model::{Clause, Kind, Role, Sanction, Severity};

pub use crate::load::RULES_FILE as FILE;
/// How diagnostics name the built-in rules.
pub const BUILTIN_FILE: &str = "<内置规则>/rules.toml";
/// The text of the built-in rules (`builtin.toml`).
pub const BUILTIN: &str = include_str!("builtin.toml");

/// How binding a rule is: whether a miss is a violation or a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// The article names a number or a duty: a miss is a violation.
    Required,
    /// The article asks for it without a number: a miss is a warning.
    Advisory,
}

impl Level {
    /// The level as shown in Chinese: 必须 or 倡导.
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
    /// The whole unit: a single instance.
    Unit,
    /// Each section (科室).
    Section,
    /// Each leader in post.
    Leader,
}

/// Which folders' records count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Folder {
    /// The leadership folder (领导班子) only.
    Leadership,
    /// The section's own folder (for a section scope), else any section's.
    Section,
    /// Any folder.
    Any,
}

/// Which `targets`/`target` a counted record must name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetFilter {
    /// The leadership (领导班子).
    Leadership,
    /// Any section.
    AnySection,
    /// The section the instance is about.
    Scope,
}

/// A date range inside a period, as (month, day, in the next year).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Window {
    /// The first day; `None` is the start of the period.
    pub from: Option<(u32, u32, bool)>,
    /// The last day; `None` is the end of the period.
    pub until: Option<(u32, u32, bool)>,
}

/// Whom an attendance rule expects at a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Who {
    /// The director (主任) in post on the record's date.
    Director,
    /// The leader who oversees (分管) the record's section.
    Overseer,
}

/// How the expected person must take part in a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// As its chair.
    Chair,
    /// Chair or attendee.
    Present,
}

/// How a person counted by a `people` rule must relate to the section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// No relation needed.
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
        /// One instance for the unit, per section or per leader.
        scope: RuleScope,
        /// Counted per half-year rather than per year.
        half: bool,
        /// The kinds of record that count.
        kinds: Vec<Kind>,
        /// Which folders' records count.
        folder: Folder,
        /// The records needed per instance and period.
        min: u32,
        /// The part of the period the records must be dated in.
        window: Window,
        /// Which `targets`/`target` a record must name, if any.
        target: Option<TargetFilter>,
        /// The record's `person` must be the instance (a leader).
        person_is_scope: bool,
        /// A role the record's chair must hold, if any.
        chair: Option<Role>,
    },
    /// Each record done (`done` date) by its due date.
    Deadline {
        /// The kinds of record judged.
        kinds: Vec<Kind>,
        /// The date key holding the due date; it wins over `due_days`.
        due_field: Option<String>,
        /// Else, the days after the record's `date` (or `due_after`) it is due.
        due_days: Option<u32>,
        /// The date key `due_days` count from instead of `date`; a record
        /// without that date is not judged.
        due_after: Option<String>,
        /// A date key moving the due date, when the record also gives its
        /// reason (`extension_reason`).
        extended: Option<String>,
        /// The date key saying when it was done.
        done: String,
    },
    /// Each record (with `when` set, if given) has the `require`d keys.
    Fields {
        /// The kinds of record judged.
        kinds: Vec<Kind>,
        /// The keys each record must have.
        require: Vec<String>,
        /// A date key: only records with that date set and passed are judged.
        when: Option<String>,
    },
    /// Each record is chaired or attended by the director or the overseer.
    Attendance {
        /// The kinds of record judged.
        kinds: Vec<Kind>,
        /// Which folders' records are judged.
        folder: Folder,
        /// Whom each record must have.
        who: Who,
        /// Whether they must chair it or only be present.
        presence: Presence,
    },
    /// The number of people in post holding some roles.
    People {
        /// One instance per section, else one for the unit.
        section_scope: bool,
        /// The roles a counted person holds (any of them).
        roles: Vec<Role>,
        /// How a counted person must relate to the section.
        relation: Relation,
        /// The fewest people allowed.
        min: u32,
        /// The most people allowed, if capped.
        max: Option<u32>,
    },
    /// Each item of each responsibility letter is fulfilled by its due day.
    Letter {
        /// The kinds of record judged (responsibility letters).
        kinds: Vec<Kind>,
    },
    /// The sanctions of each accountability case fit Article 15.
    Sanctions {
        /// The kinds of record judged (accountability cases).
        kinds: Vec<Kind>,
    },
}

/// One compiled rule: a check with its article and the words of its messages.
#[derive(Debug, Clone, Serialize)]
pub struct Rule {
    /// Unique id, such as `meeting.special-twice`; a unit's file overrides by it.
    pub id: String,
    /// The article(s) of the measures it enforces, such as 第七条（一）.
    pub article: String,
    /// Whether a miss is a violation or a warning.
    pub level: Level,
    /// The demand in one line, for listings.
    pub title: String,
    /// Words for messages: 召开 2 次 党风廉政专题会议.
    pub what: String,
    /// `what` in English.
    pub what_en: String,
    /// The verb of Chinese messages (召开, 制定…); 有 by default.
    pub verb: String,
    /// The past participle of English messages (rectified, closed…); done by default.
    pub verb_en: String,
    /// The measure word (量词) counts take: 次, 份, 项…
    pub unit: String,
    /// What the rule checks.
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
    /// The main sanctions allowed for each clause and severity (情节).
    pub allowed: BTreeMap<(Clause, Severity), Vec<Sanction>>,
    /// May accompany any sanction but never stand alone.
    pub accompany: Vec<Sanction>,
}

/// The rules in force, with Article 15's sanction table.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    /// The enabled rules: built-in ones first, then those the unit adds.
    pub rules: Vec<Rule>,
    /// Article 15's sanctions, used by `sanctions` rules.
    pub sanctions: SanctionTable,
    /// The 考核细则.
    pub scoring: crate::score::Scoring,
}

impl RuleSet {
    /// The built-in rules merged with a unit's `rules.toml`. Problems in the
    /// unit's file are reported like any data error; the text is added to
    /// `sources` so the diagnostics can show it.
    pub fn load(user: Option<&str>, diags: &mut Vec<Diagnostic>, sources: &mut SourceMap) -> RuleSet {
        let mut entries = Vec::new();
        let mut sanctions = SanctionTable::default();
        let mut scoring = crate::score::Defs::default();
        spec::read_file(
            BUILTIN,
            BUILTIN_FILE,
            true,
            &mut entries,
            &mut sanctions,
            &mut scoring,
            diags,
        );
        if let Some(text) = user {
            sources.insert(FILE, text);
            spec::read_file(text, FILE, false, &mut entries, &mut sanctions, &mut scoring, diags);
        }
        let defined = spec::ids(&entries);
        let rules = spec::compile(entries, diags);
        let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
        let defined: Vec<&str> = defined.iter().map(String::as_str).collect();
        let scoring = crate::score::compile(scoring, &ids, &defined, diags);
        RuleSet {
            rules,
            sanctions,
            scoring,
        }
    }

    /// The built-in rules alone, without a unit's file.
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
        assert_eq!(set.rules.len(), 28);
        for rule in &set.rules {
            assert!(!rule.article_text().is_empty(), "{}", rule.id);
        }
        // every clause and severity has a row
        assert_eq!(set.sanctions.allowed.len(), Clause::ALL.len() * Severity::ALL.len());
        assert_eq!(set.sanctions.accompany.len(), 2);
    }
}
