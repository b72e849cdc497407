//! The as-of clock (the project's rules guide, "评估日期"): records are
//! judged as of the end of a day. This is the one place that says what has
//! happened by then and which deadlines have passed.

use chrono::NaiveDate;

use super::{Details, Period, Record};

/// The end of the day records are judged as of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AsOf(pub NaiveDate);

impl AsOf {
    /// The day itself.
    pub fn date(self) -> NaiveDate {
        self.0
    }

    /// Whether something dated `date` has happened by the end of the day:
    /// a record or a date field dated later has not happened yet.
    pub fn has_happened(self, date: NaiveDate) -> bool {
        date <= self.0
    }

    /// Whether `record` counts towards rules and reports as of the end of
    /// the day: it has happened, and it is no draft (one still holding the
    /// placeholders `new` wrote).
    pub fn counts(self, record: &Record) -> bool {
        self.has_happened(record.date) && !record.draft
    }

    /// `date`, when it has happened by the end of the day.
    pub fn seen(self, date: Option<NaiveDate>) -> Option<NaiveDate> {
        date.filter(|d| self.has_happened(*d))
    }

    /// Whether the deadline `due` is still to come. A deadline passes at the
    /// end of its day, so as of `due` itself it has passed: what is missing
    /// then is missing for good.
    pub fn before_deadline(self, due: NaiveDate) -> bool {
        self.0 < due
    }

    /// The day a period is looked at: its last day, or this day when the
    /// period is not over yet (who is in post, who oversees whom).
    pub fn within(self, period: Period) -> NaiveDate {
        period.end().min(self.0)
    }

    /// A finding's rectification as of the end of the day, or `None` when
    /// `record` is not a finding.
    pub fn finding(self, record: &Record) -> Option<FindingState> {
        let Details::Finding {
            deadline,
            rectified_on,
            result_reported_on,
            status,
            verified_on,
            extended_to,
            extension_reason,
            ..
        } = &record.details
        else {
            return None;
        };
        // an extension counts once its reason is given
        let extended = extended_to.filter(|_| extension_reason.is_some());
        let deadline = extended.unwrap_or(*deadline);
        let rectified = self.seen(*rectified_on);
        let end = rectified.unwrap_or(self.0);
        Some(FindingState {
            deadline,
            extended: extended.is_some(),
            rectified,
            reported: self.seen(*result_reported_on),
            verified: self.seen(*verified_on),
            partial: *status == super::FindingStatus::Partial,
            days_late: (end - deadline).num_days().max(0),
            overdue: match rectified {
                Some(on) => on > deadline,
                None => !self.before_deadline(deadline),
            },
        })
    }

    /// The day a petition was closed, when it has been by the end of the
    /// day.
    pub fn petition_closed(self, record: &Record) -> Option<NaiveDate> {
        match &record.details {
            Details::Petition { closed_on, .. } => self.seen(*closed_on),
            _ => None,
        }
    }
}

/// Where a finding stands as of a day: rectification dated later has not
/// happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FindingState {
    /// The day it must be rectified by: the extended deadline, when the
    /// extension gives its reason.
    pub deadline: NaiveDate,
    /// Whether the deadline was extended.
    pub extended: bool,
    /// The day it was rectified, if it has been.
    pub rectified: Option<NaiveDate>,
    /// The day the result was reported, if it has been.
    pub reported: Option<NaiveDate>,
    /// The day it was checked and closed (销号), if it has been.
    pub verified: Option<NaiveDate>,
    /// Rectified in part (部分整改), still open.
    pub partial: bool,
    /// Days past the deadline: until rectified, or until the as-of day.
    pub days_late: i64,
    /// Past its deadline unrectified, or rectified after it.
    pub overdue: bool,
}

impl FindingState {
    /// Not rectified yet.
    pub fn is_open(&self) -> bool {
        self.rectified.is_none()
    }

    /// Closed (销号): rectified and the rectification checked. Only a
    /// closed finding counts as done for the score and the report.
    pub fn is_closed(&self) -> bool {
        self.rectified.is_some() && self.verified.is_some()
    }

    /// Where it stands, as the tracker says it.
    pub fn stage(&self) -> FindingStage {
        match (self.rectified, self.verified) {
            (Some(_), Some(_)) => FindingStage::Closed,
            (Some(_), None) => FindingStage::Unverified,
            (None, _) if self.partial => FindingStage::Partial,
            (None, _) => FindingStage::Open,
        }
    }
}

/// The states of a finding on the tracker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingStage {
    /// Being rectified.
    Open,
    /// Rectified in part.
    Partial,
    /// Rectified, not yet checked and closed.
    Unverified,
    /// Checked and closed (销号).
    Closed,
}

impl FindingStage {
    /// The state in Chinese.
    pub fn zh(self) -> &'static str {
        match self {
            FindingStage::Open => "整改中",
            FindingStage::Partial => "部分整改",
            FindingStage::Unverified => "已整改待销号",
            FindingStage::Closed => "已销号",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_deadline_has_passed_on_its_own_day() {
        let as_of = AsOf(d("2026-06-30"));
        assert!(as_of.before_deadline(d("2026-07-01")));
        assert!(!as_of.before_deadline(d("2026-06-30")));
        assert!(as_of.has_happened(d("2026-06-30")));
        assert!(!as_of.has_happened(d("2026-07-01")));
        assert_eq!(as_of.seen(Some(d("2026-07-01"))), None);
    }
}
