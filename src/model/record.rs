//! A validated record: common fields plus the fields of its kind.

use chrono::NaiveDate;
use serde::Serialize;

use super::kind::*;
use super::org::LEADERSHIP;

/// One record of work, validated.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    /// Unique id: the `id` key, else the path without its extension.
    pub id: String,
    /// Path relative to the records root, with `/` separators.
    pub file: String,
    /// The year folder (= the year the record covers).
    pub year: i32,
    /// `leadership` or a section id: the folder the record is filed in.
    pub scope: String,
    /// What the record is about.
    pub kind: Kind,
    /// The title, shown in lists and reports.
    pub title: String,
    /// The day it took place or was issued.
    pub date: NaiveDate,
    /// The person who chaired or led it, by person id.
    pub chair: Option<String>,
    /// The people who took part, by person id.
    pub attendees: Vec<String>,
    /// Free tags.
    pub tags: Vec<String>,
    /// What was decided or achieved, in one line, for the reports.
    pub summary: Option<String>,
    /// Why something was not done as required, in one line, for the
    /// reports' problems.
    pub reason: Option<String>,
    /// As written, relative to the record's folder.
    pub attachments: Vec<String>,
    /// Who may see it.
    pub visibility: Visibility,
    /// The Markdown body.
    pub body: String,
    /// Still holds [`PLACEHOLDER`]s that `zerenzhi new` wrote: a draft,
    /// shown but not counted by any rule until it is filled in.
    pub draft: bool,
    /// The fields particular to its kind.
    pub details: Details,
}

/// The fields particular to each kind.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Details {
    /// A work plan (工作部署).
    Plan {
        /// The sections or `leadership` it is aimed at.
        targets: Vec<String>,
    },
    /// A responsibility letter (责任书).
    ResponsibilityLetter {
        /// The people who signed it, by person id.
        signed_by: Vec<String>,
        /// What the letter charges its signers with, item by item; each
        /// is judged like a rule.
        items: Vec<LetterItem>,
    },
    /// A mid-year review (年中检查).
    MidyearReview,
    /// A year-end summary (年度总结).
    YearSummary,
    /// A special meeting on party conduct and clean government (党风廉政专题会议).
    SpecialMeeting,
    /// A democratic life meeting (民主生活会).
    LifeMeeting,
    /// Clean-government education (廉政教育).
    Education {
        /// How many people took part, if given.
        participants_count: Option<u32>,
    },
    /// Building rules and systems (制度建设).
    Regulation,
    /// An admonishing talk (谈话诫勉).
    Talk {
        /// The person talked to, by person id.
        person: String,
        /// The person who held the talk, by person id.
        by: String,
    },
    /// A letter or visit from the public (来信来访).
    Petition {
        /// Whether it is still being handled or closed.
        status: PetitionStatus,
        /// The day it was closed.
        closed_on: Option<NaiveDate>,
        /// The person handling it, by person id.
        handler: Option<String>,
        /// The petitioner's name: personal data, masked on sites.
        petitioner: Option<String>,
    },
    /// An assessment of the responsibility system (责任制考核).
    Assessment {
        /// The sections or `leadership` assessed.
        targets: Vec<String>,
        /// The 考核组's marks, per section or `leadership`.
        scores: Vec<RecordedScore>,
    },
    /// A problem found and its rectification (问题整改).
    Finding {
        /// The day the finding must be rectified by.
        deadline: NaiveDate,
        /// The person responsible for rectifying it, by person id.
        owner: Option<String>,
        /// Whether it is still open or rectified.
        status: FindingStatus,
        /// The day it was rectified.
        rectified_on: Option<NaiveDate>,
        /// The day the result was reported.
        result_reported_on: Option<NaiveDate>,
        /// The id of the record in which the problem was found.
        source: Option<String>,
        /// What is done to rectify it (整改措施).
        measures: Option<String>,
        /// The leader answerable for it (责任领导), by person id.
        leader: Option<String>,
        /// Who checked the rectification and closed it (销号), by person id.
        verified_by: Option<String>,
        /// The day it was checked and closed (销号日期).
        verified_on: Option<NaiveDate>,
        /// The deadline it was extended to.
        extended_to: Option<NaiveDate>,
        /// Why it was extended.
        extension_reason: Option<String>,
    },
    /// A special report (专题报告) to a higher body.
    SpecialReport {
        /// The body it is addressed to (主送机关), such as 市纪委.
        to: String,
        /// The day it was submitted.
        submitted_on: Option<NaiveDate>,
        /// Who signs it: the office (the default) or the party branch.
        issuer: Option<Issuer>,
    },
    /// A report on one's duties and integrity (述职述廉).
    DutyReport {
        /// The person reporting, by person id.
        person: String,
    },
    /// A democratic evaluation (民主评议).
    Evaluation {
        /// The section or `leadership` evaluated.
        target: String,
    },
    /// An inspection (巡视检查).
    Inspection {
        /// The sections inspected.
        targets: Vec<String>,
        /// The inspectors, by person id.
        inspectors: Vec<String>,
    },
    /// Holding someone accountable (责任追究).
    Accountability {
        /// The person held accountable, by person id.
        person: String,
        /// The case of Article 15 it falls under.
        clause: Clause,
        /// How grave the facts are (情节).
        severity: Severity,
        /// The kind of leadership responsibility (Article 16).
        responsibility: Responsibility,
        /// Whether the responsibility is collective rather than personal, if said.
        collective: Option<bool>,
        /// The sanctions and handlings decided.
        sanctions: Vec<Sanction>,
    },
    /// A commendation or award (表彰奖励).
    Commendation {
        /// The person commended, by person id, if one is named.
        person: Option<String>,
    },
    /// Any other work.
    Other,
}

/// One item of a responsibility letter: what one signer is charged with,
/// by when, and what fulfils it.
#[derive(Debug, Clone, Serialize)]
pub struct LetterItem {
    /// Its number in the letter, from 1 (an item charging every signer is
    /// one item per signer, under one number).
    pub number: u32,
    /// What is to be done, in the letter's words.
    pub content: String,
    /// Who answers for it, by person id.
    pub owner: String,
    /// The day it must be fulfilled by (the end of the year when not given).
    pub due: Option<NaiveDate>,
    /// Rules whose results for the owner fulfil it: all must be met.
    pub rules: Vec<String>,
    /// Kinds of record that fulfil it: at least `min` of them, the owner's.
    pub kinds: Vec<Kind>,
    /// How many records of `kinds` are needed.
    pub min: u32,
    /// Where each of `rules` is written, for checking them once the rules
    /// are read.
    #[serde(skip)]
    pub rule_spans: Vec<std::ops::Range<usize>>,
}

/// The 考核组's marks for one section (or the leadership) in an
/// assessment record.
#[derive(Debug, Clone, Serialize)]
pub struct RecordedScore {
    /// The section id, or `leadership`.
    pub target: String,
    /// The section's own mark (自评分).
    pub self_score: Option<f64>,
    /// The 考核组's mark.
    pub score: Option<f64>,
    /// The grade given (优秀…), one of the 细则's grades.
    pub grade: Option<String>,
    /// Remarks.
    pub remarks: Option<String>,
    /// Where the grade is written, for checking it against the 细则.
    #[serde(skip)]
    pub grade_span: std::ops::Range<usize>,
}

/// What `zerenzhi new` writes where the clerk still has to write: a record
/// holding it is a draft.
pub const PLACEHOLDER: &str = "（待填写）";

impl Record {
    /// A life meeting of section `s1` with id `id` on `date`, filed in
    /// `{id}.md`: for unit tests.
    #[cfg(test)]
    pub(crate) fn example(id: &str, date: NaiveDate) -> Record {
        Record {
            id: id.into(),
            file: format!("{id}.md"),
            year: chrono::Datelike::year(&date),
            scope: "s1".into(),
            kind: Kind::LifeMeeting,
            title: id.into(),
            date,
            chair: None,
            attendees: vec![],
            tags: vec![],
            summary: None,
            reason: None,
            attachments: vec![],
            visibility: Visibility::Internal,
            body: String::new(),
            draft: false,
            details: Details::LifeMeeting,
        }
    }

    /// Whether the record is filed under `leadership`.
    pub fn in_leadership(&self) -> bool {
        self.scope == LEADERSHIP
    }

    /// Whether the record is restricted, so left out of public builds.
    pub fn is_restricted(&self) -> bool {
        self.visibility == Visibility::Restricted
    }

    /// The sections or `leadership` a record is aimed at: `targets`, or the
    /// single `target` of an evaluation.
    pub fn targets(&self) -> &[String] {
        match &self.details {
            Details::Plan { targets } | Details::Assessment { targets, .. } | Details::Inspection { targets, .. } => {
                targets
            }
            Details::Evaluation { target } => std::slice::from_ref(target),
            _ => &[],
        }
    }

    /// The person a record is about (talk, duty report, accountability,
    /// commendation).
    pub fn person(&self) -> Option<&str> {
        match &self.details {
            Details::Talk { person, .. } | Details::DutyReport { person } | Details::Accountability { person, .. } => {
                Some(person)
            }
            Details::Commendation { person } => person.as_deref(),
            _ => None,
        }
    }

    /// A date-valued field by its key, for rules that name fields as data.
    pub fn date_field(&self, key: &str) -> Option<NaiveDate> {
        match (key, &self.details) {
            ("date", _) => Some(self.date),
            ("closed_on", Details::Petition { closed_on, .. }) => *closed_on,
            ("deadline", Details::Finding { deadline, .. }) => Some(*deadline),
            ("rectified_on", Details::Finding { rectified_on, .. }) => *rectified_on,
            ("result_reported_on", Details::Finding { result_reported_on, .. }) => *result_reported_on,
            ("verified_on", Details::Finding { verified_on, .. }) => *verified_on,
            ("extended_to", Details::Finding { extended_to, .. }) => *extended_to,
            ("submitted_on", Details::SpecialReport { submitted_on, .. }) => *submitted_on,
            _ => None,
        }
    }

    /// Whether a field is given, for rules that require fields. Keys a kind
    /// requires are always given once the record has loaded.
    pub fn has_field(&self, key: &str) -> bool {
        if self.date_field(key).is_some() || ["kind", "title", "date", "visibility"].contains(&key) {
            return true;
        }
        match (key, &self.details) {
            ("chair", _) => self.chair.is_some(),
            ("attendees", _) => !self.attendees.is_empty(),
            ("attachments", _) => !self.attachments.is_empty(),
            ("tags", _) => !self.tags.is_empty(),
            ("body", _) => !self.body.trim().is_empty(),
            ("collective", Details::Accountability { collective, .. }) => collective.is_some(),
            ("owner", Details::Finding { owner, .. }) => owner.is_some(),
            ("source", Details::Finding { source, .. }) => source.is_some(),
            ("measures", Details::Finding { measures, .. }) => measures.is_some(),
            ("leader", Details::Finding { leader, .. }) => leader.is_some(),
            ("verified_by", Details::Finding { verified_by, .. }) => verified_by.is_some(),
            ("extension_reason", Details::Finding { extension_reason, .. }) => extension_reason.is_some(),
            ("scores", Details::Assessment { scores, .. }) => !scores.is_empty(),
            ("items", Details::ResponsibilityLetter { items, .. }) => !items.is_empty(),
            ("handler", Details::Petition { handler, .. }) => handler.is_some(),
            ("petitioner", Details::Petition { petitioner, .. }) => petitioner.is_some(),
            ("participants_count", Details::Education { participants_count }) => participants_count.is_some(),
            ("signed_by", Details::ResponsibilityLetter { signed_by, .. }) => !signed_by.is_empty(),
            ("inspectors", Details::Inspection { inspectors, .. }) => !inspectors.is_empty(),
            ("targets" | "target", _) => !self.targets().is_empty(),
            ("person", _) => self.person().is_some(),
            (key, _) => self.kind.required_keys().contains(&key),
        }
    }

    /// Everyone named as taking part: the chair and the attendees.
    pub fn present(&self) -> impl Iterator<Item = &str> {
        self.chair.iter().chain(&self.attendees).map(String::as_str)
    }
}
