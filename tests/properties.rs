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
            measures: None,
            leader: None,
            verified_by: None,
            verified_on: None,
            extended_to: None,
            extension_reason: None,
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

/// The 考核 scores of `year` as of `as_of`, judged afresh.
fn scores_of(set: &RuleSet, data: &Records, year: i32, as_of: NaiveDate) -> zerenzhi::score::Scores {
    let outcomes = evaluate(set, data, &[year], as_of, Lang::Zh);
    let clock = AsOf(as_of);
    let on = clock.within(Period::year(year));
    zerenzhi::score::score(&zerenzhi::score::Input {
        scoring: &set.scoring,
        data,
        year,
        counted: data.of_year(year).filter(|r| clock.counts(r)).collect(),
        outcomes: &outcomes,
        leaders: data
            .org
            .people
            .iter()
            .filter(|p| p.is_leader() && p.in_post_on(on))
            .collect(),
    })
}

/// Every score of a year: the unit's, the sections', the leaders'.
fn every_score(s: &zerenzhi::score::Scores) -> Vec<&zerenzhi::score::Score> {
    std::iter::once(&s.unit).chain(&s.sections).chain(&s.leaders).collect()
}

/// The most bonus items may add for the one scored.
fn bonus_caps(set: &RuleSet, score: &zerenzhi::score::Score) -> f64 {
    score
        .items
        .iter()
        .filter_map(|i| set.scoring.items.iter().find(|it| it.id == i.item))
        .filter(|it| matches!(it.form, zerenzhi::score::Form::Bonus { .. }))
        .map(|it| it.points)
        .sum()
}

fn assert_sound(set: &RuleSet, scores: &zerenzhi::score::Scores) {
    for s in every_score(scores) {
        // never above the item maxima
        assert!(s.total <= s.max + bonus_caps(set, s) + 0.01, "{s:#?}");
        assert!(s.total >= 0.0 && s.pending >= 0.0);
        for i in &s.items {
            assert!(i.earned <= i.max + 0.01 && i.lost <= i.max + 0.01, "{i:#?}");
            // no point counted twice: what the reasons say adds up
            let reasons: f64 = i.reasons.iter().map(|r| r.points).sum();
            let bonus = i.reasons.iter().all(|r| r.status == Status::Met) && !i.reasons.is_empty();
            let accounted = if bonus { i.earned } else { i.lost + i.pending };
            assert!(
                (reasons - accounted).abs() < 0.02 * i.reasons.len().max(1) as f64,
                "{i:#?}"
            );
        }
    }
}

/// Over the sample, on days through the year: scores stay within their
/// items, every lost point is accounted for once, and removing a record
/// that only earns (every result it counts in is met) never raises a score.
#[test]
fn removing_a_record_that_earns_points_never_raises_a_score() {
    let project = zerenzhi::Project::open(&common_sample()).expect("sample");
    let set = &project.rules;
    let data = &project.data.records;
    let mut tried = 0;
    for as_of in ["2026-03-31", "2026-07-01", "2026-12-01", "2027-02-01"] {
        let as_of: NaiveDate = as_of.parse().unwrap();
        let before = scores_of(set, data, 2026, as_of);
        assert_sound(set, &before);
        let outcomes = evaluate(set, data, &[2026], as_of, Lang::Zh);
        // a case costs points whatever its results: it earns nothing
        let costs: Vec<Kind> = set
            .scoring
            .items
            .iter()
            .filter(|i| matches!(i.form, zerenzhi::score::Form::Cases { .. }))
            .flat_map(|i| i.kinds.clone())
            .collect();
        let earners: Vec<&Record> = data
            .of_year(2026)
            .filter(|r| !costs.contains(&r.kind))
            .filter(|r| {
                let mine: Vec<_> = outcomes.iter().filter(|o| o.records.contains(&r.id)).collect();
                !mine.is_empty() && mine.iter().all(|o| o.status == Status::Met)
            })
            .collect();
        tried += earners.len();
        for r in earners {
            let mut fewer = data.clone();
            fewer.retain(|x| x.id != r.id);
            let after = scores_of(set, &fewer, 2026, as_of);
            assert_sound(set, &after);
            for (a, b) in every_score(&after).into_iter().zip(every_score(&before)) {
                assert!(
                    a.total <= b.total + 1e-6,
                    "removing {} raised {} from {} to {} as of {as_of}",
                    r.id,
                    a.scope,
                    b.total,
                    a.total
                );
            }
        }
    }
    assert!(tried > 30, "only {tried} records tried");
}

fn common_sample() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("records")
}
