//! A validated record: common fields plus the fields of its kind.

use chrono::NaiveDate;
use serde::Serialize;

use super::kind::*;
use super::org::LEADERSHIP;

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
    pub kind: Kind,
    pub title: String,
    pub date: NaiveDate,
    pub chair: Option<String>,
    pub attendees: Vec<String>,
    pub tags: Vec<String>,
    /// As written, relative to the record's folder.
    pub attachments: Vec<String>,
    pub visibility: Visibility,
    /// The Markdown body.
    pub body: String,
    pub details: Details,
}

/// The fields particular to each kind.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Details {
    Plan {
        targets: Vec<String>,
    },
    ResponsibilityLetter {
        signed_by: Vec<String>,
    },
    MidyearReview,
    YearSummary,
    SpecialMeeting,
    LifeMeeting,
    Education {
        participants_count: Option<u32>,
    },
    Regulation,
    Talk {
        person: String,
        by: String,
    },
    Petition {
        status: PetitionStatus,
        closed_on: Option<NaiveDate>,
        handler: Option<String>,
        petitioner: Option<String>,
    },
    Assessment {
        targets: Vec<String>,
    },
    Finding {
        deadline: NaiveDate,
        owner: Option<String>,
        status: FindingStatus,
        rectified_on: Option<NaiveDate>,
        result_reported_on: Option<NaiveDate>,
        source: Option<String>,
    },
    SpecialReport {
        to: String,
        submitted_on: Option<NaiveDate>,
    },
    DutyReport {
        person: String,
    },
    Evaluation {
        target: String,
    },
    Inspection {
        targets: Vec<String>,
        inspectors: Vec<String>,
    },
    Accountability {
        person: String,
        clause: Clause,
        severity: Severity,
        responsibility: Responsibility,
        collective: Option<bool>,
        sanctions: Vec<Sanction>,
    },
    Commendation {
        person: Option<String>,
    },
    Other,
}

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
            attachments: vec![],
            visibility: Visibility::Internal,
            body: String::new(),
            details: Details::LifeMeeting,
        }
    }

    pub fn in_leadership(&self) -> bool {
        self.scope == LEADERSHIP
    }

    pub fn is_restricted(&self) -> bool {
        self.visibility == Visibility::Restricted
    }

    /// The sections or `leadership` a record is aimed at: `targets`, or the
    /// single `target` of an evaluation.
    pub fn targets(&self) -> &[String] {
        match &self.details {
            Details::Plan { targets } | Details::Assessment { targets } | Details::Inspection { targets, .. } => {
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
            ("handler", Details::Petition { handler, .. }) => handler.is_some(),
            ("petitioner", Details::Petition { petitioner, .. }) => petitioner.is_some(),
            ("participants_count", Details::Education { participants_count }) => participants_count.is_some(),
            ("signed_by", Details::ResponsibilityLetter { signed_by }) => !signed_by.is_empty(),
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
