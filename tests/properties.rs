//! Property tests for periods, date windows and deadlines: for any dates,
//! the rules engine agrees with a direct statement of the rule.

use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;
use zerenzhi::diag::{Lang, SourceMap};
use zerenzhi::model::*;
use zerenzhi::rules::{RuleSet, Status, evaluate};

fn date_in(year: i32) -> impl Strategy<Value = NaiveDate> {
    (0u64..365).prop_map(move |d| NaiveDate::from_ymd_opt(year, 1, 1).unwrap() + Days::new(d))
}

fn record(kind: Kind, date: NaiveDate, details: Details) -> Record {
    Record {
        id: "r".into(),
        file: "2026/s1/r.md".into(),
        year: 2026,
        scope: "s1".into(),
        kind,
        title: "r".into(),
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
        details,
    }
}

fn status_of(set: &RuleSet, records: Vec<Record>, rule: &str, as_of: NaiveDate) -> Option<Status> {
    let data = Records::new(Org::default(), records, vec![2026], Default::default());
    evaluate(set, &data, &[2026], as_of, Lang::Zh)
        .into_iter()
        .find(|o| o.rule == rule)
        .map(|o| o.status)
}

proptest! {
    #[test]
    fn halves_partition_the_year(year in 1950i32..2100, day in 0u64..366) {
        let start = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
        let date = start + Days::new(day);
        prop_assume!(date.year() == year);
        let h1 = Period::half(year, Half::H1).contains(date);
        let h2 = Period::half(year, Half::H2).contains(date);
        prop_assert!(h1 != h2);
        prop_assert!(Period::year(year).contains(date));
        prop_assert_eq!(h1, date.month() <= 6);
    }

    #[test]
    fn month_days_exist_in_every_year(year in 1950i32..2100, month in 1u32..=12, day in 1u32..=31) {
        match month_day(year, month, day) {
            Some(date) => {
                prop_assert_eq!(date.month(), month);
                prop_assert!(date.day() == day || (month == 2 && day == 29));
            }
            // only days that exist in no year (Feb 30, Apr 31…) are refused
            None => prop_assert!(NaiveDate::from_ymd_opt(2028, month, day).is_none()),
        }
    }

    /// A plan counts when dated inside the window and not after the as-of
    /// day; unmet, it is pending before the window's last day and violated
    /// from the end of that day (a deadline D has passed as of D).
    #[test]
    fn windows_decide_what_counts(
        from in (1u32..=12, 1u32..=28),
        until in (1u32..=12, 1u32..=28),
        dated in date_in(2026),
        as_of in date_in(2026),
    ) {
        let rules = format!(
            "[[rule]]\nid = \"plan.early-year\"\nfrom = \"{:02}-{:02}\"\nuntil = \"{:02}-{:02}\"\n",
            from.0, from.1, until.0, until.1
        );
        let mut diags = Vec::new();
        let set = RuleSet::load(Some(&rules), &mut diags, &mut SourceMap::default());
        prop_assert!(diags.is_empty(), "{:?}", diags);
        let plan = record(Kind::Plan, dated, Details::Plan { targets: vec![] });
        let mut plan = plan;
        plan.scope = LEADERSHIP.into();
        let (from, until) = (
            NaiveDate::from_ymd_opt(2026, from.0, from.1).unwrap(),
            NaiveDate::from_ymd_opt(2026, until.0, until.1).unwrap(),
        );
        let counts = from <= dated && dated <= until && dated <= as_of;
        let expected = if counts {
            Status::Met
        } else if as_of < until {
            Status::Pending
        } else {
            Status::Violated
        };
        prop_assert_eq!(status_of(&set, vec![plan], "plan.early-year", as_of), Some(expected));
    }

    /// A finding is met when rectified by its deadline, pending while open
    /// before its deadline day, and violated otherwise (open as of the
    /// deadline day itself included), whatever the as-of day.
    #[test]
    fn finding_deadlines(
        found in date_in(2026),
        due_after in 0u64..120,
        fixed_after in proptest::option::of(0u64..200),
        as_of_after in 0u64..300,
    ) {
        let deadline = found + Days::new(due_after);
        let rectified = fixed_after.map(|d| found + Days::new(d));
        let as_of = found + Days::new(as_of_after);
        let finding = record(Kind::Finding, found, Details::Finding {
            deadline,
            owner: None,
            status: if rectified.is_some() { FindingStatus::Rectified } else { FindingStatus::Open },
            rectified_on: rectified,
            result_reported_on: rectified,
            source: None,
        });
        // as of the day, a rectification dated later has not happened
        let done = rectified.filter(|r| *r <= as_of);
        let expected = match done {
            Some(r) if r <= deadline => Status::Met,
            Some(_) => Status::Violated,
            None if as_of < deadline => Status::Pending,
            None => Status::Violated,
        };
        prop_assert_eq!(status_of(&RuleSet::builtin(), vec![finding], "finding.deadline", as_of), Some(expected));
    }

    /// A petition closed within 60 days of its date is met; open, it is
    /// pending before day 60 and violated as of day 60.
    #[test]
    fn petitions_within_sixty_days(received in date_in(2026), closed_after in proptest::option::of(0u64..120), as_of_after in 0u64..150) {
        let closed = closed_after.map(|d| received + Days::new(d));
        let as_of = received + Days::new(as_of_after);
        let petition = record(Kind::Petition, received, Details::Petition {
            status: if closed.is_some() { PetitionStatus::Closed } else { PetitionStatus::Open },
            closed_on: closed,
            handler: None,
            petitioner: None,
        });
        let due = received + Days::new(60);
        let expected = match closed.filter(|c| *c <= as_of) {
            Some(c) if c <= due => Status::Met,
            Some(_) => Status::Violated,
            None if as_of < due => Status::Pending,
            None => Status::Violated,
        };
        prop_assert_eq!(status_of(&RuleSet::builtin(), vec![petition], "petition.handled", as_of), Some(expected));
    }
}
