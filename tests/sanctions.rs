//! Article 15's sanction ranges: every clause and severity, every sanction,
//! checked against the table of RULES.md written out here independently of
//! the built-in rules.toml.

use chrono::NaiveDate;
use zerenzhi::diag::Lang;
use zerenzhi::model::*;
use zerenzhi::rules::{RuleSet, Status, evaluate};

/// RULES.md, "Sanction ranges of 第十五条", row by row:
/// (clause, minor/ordinary, serious, grave).
/// (clause, minor/ordinary, serious, grave)
type Row = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
);

const TABLE: &[Row] = &[
    (
        "15.1",
        &["warning", "serious_warning"],
        &["warning", "serious_warning"],
        &["removal_from_party_post"],
    ),
    (
        "15.2a",
        &["ordered_resignation", "dismissal"],
        &["ordered_resignation", "dismissal"],
        &["ordered_resignation", "dismissal"],
    ),
    (
        "15.2b",
        &["warning", "serious_warning"],
        &["removal_from_party_post", "probation", "expulsion"],
        &["removal_from_party_post", "probation", "expulsion"],
    ),
    (
        "15.3a",
        &["warning", "serious_warning"],
        &["warning", "serious_warning"],
        &["removal_from_party_post"],
    ),
    (
        "15.3b",
        &["serious_warning", "removal_from_party_post", "probation"],
        &["serious_warning", "removal_from_party_post", "probation"],
        &["expulsion"],
    ),
    (
        "15.4",
        &["warning", "serious_warning"],
        &["removal_from_party_post"],
        &["probation", "expulsion"],
    ),
    (
        "15.5",
        &["serious_warning", "removal_from_party_post"],
        &["serious_warning", "removal_from_party_post"],
        &["probation", "expulsion"],
    ),
    (
        "15.6a",
        &["ordered_resignation", "dismissal"],
        &["ordered_resignation", "dismissal"],
        &["ordered_resignation", "dismissal"],
    ),
    (
        "15.6b",
        &["criticism_education", "rectify_order"],
        &["probation", "expulsion"],
        &["probation", "expulsion"],
    ),
    (
        "15.other",
        &["criticism_education", "rectify_order"],
        &[
            "organizational_handling",
            "warning",
            "serious_warning",
            "removal_from_party_post",
            "probation",
            "expulsion",
        ],
        &[
            "organizational_handling",
            "warning",
            "serious_warning",
            "removal_from_party_post",
            "probation",
            "expulsion",
        ],
    ),
];

fn case(clause: Clause, severity: Severity, sanctions: Vec<Sanction>) -> Record {
    Record {
        id: "case".into(),
        file: "2026/s1/case.md".into(),
        year: 2026,
        scope: "s1".into(),
        kind: Kind::Accountability,
        title: "案件".into(),
        date: NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
        chair: None,
        attendees: vec![],
        tags: vec![],
        summary: None,
        reason: None,
        attachments: vec![],
        visibility: Visibility::Internal,
        body: String::new(),
        draft: false,
        details: Details::Accountability {
            person: "st".into(),
            clause,
            severity,
            responsibility: Responsibility::Main,
            collective: Some(false),
            sanctions,
        },
    }
}

fn judge(set: &RuleSet, clause: Clause, severity: Severity, sanctions: Vec<Sanction>) -> Status {
    let records = Records::new(
        Org::default(),
        vec![case(clause, severity, sanctions)],
        vec![2026],
        Default::default(),
    );
    let as_of = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    let outcomes = evaluate(set, &records, &[2026], as_of, Lang::Zh);
    let o = outcomes
        .iter()
        .find(|o| o.rule == "accountability.sanction-range")
        .expect("an instance");
    o.status
}

#[test]
fn every_clause_severity_and_sanction() {
    let set = RuleSet::builtin();
    let accompany = [Sanction::AdministrativeSanction, Sanction::JudicialReferral];
    let mut checked = 0;
    for (clause_id, light, serious, grave) in TABLE {
        let clause = Clause::parse(clause_id).unwrap();
        for severity in Severity::ALL {
            let allowed: &[&str] = match severity {
                Severity::Minor | Severity::Ordinary => light,
                Severity::Serious => serious,
                Severity::Grave => grave,
            };
            for sanction in Sanction::ALL {
                let expected = if allowed.contains(&sanction.id()) {
                    Status::Met
                } else {
                    Status::Violated
                };
                assert_eq!(
                    judge(&set, clause, *severity, vec![*sanction]),
                    expected,
                    "{clause_id} {severity:?} {sanction:?}"
                );
                checked += 1;
            }
            // an accompanying sanction may join an allowed one
            let first = Sanction::parse(allowed[0]).unwrap();
            for extra in accompany {
                assert_eq!(judge(&set, clause, *severity, vec![first, extra]), Status::Met);
            }
        }
    }
    assert_eq!(checked, 10 * 4 * 12);
}

#[test]
fn accompanying_sanctions_never_stand_alone() {
    let set = RuleSet::builtin();
    for alone in [
        vec![Sanction::AdministrativeSanction],
        vec![Sanction::JudicialReferral, Sanction::AdministrativeSanction],
    ] {
        assert_eq!(judge(&set, Clause::C15_4, Severity::Grave, alone), Status::Violated);
    }
    // one sanction out of range spoils the case
    assert_eq!(
        judge(
            &set,
            Clause::C15_1,
            Severity::Minor,
            vec![Sanction::Warning, Sanction::Expulsion]
        ),
        Status::Violated
    );
}

#[test]
fn the_message_names_what_is_outside_the_range() {
    let set = RuleSet::builtin();
    let records = Records::new(
        Org::default(),
        vec![case(Clause::C15_1, Severity::Grave, vec![Sanction::Warning])],
        vec![2026],
        Default::default(),
    );
    let outcomes = evaluate(
        &set,
        &records,
        &[2026],
        NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        Lang::Zh,
    );
    let o = outcomes
        .iter()
        .find(|o| o.rule == "accountability.sanction-range")
        .unwrap();
    assert_eq!(
        o.message,
        "「案件」给予的警告不在第十五条（一）（情节严重）规定的幅度之内，可给予：撤销党内职务"
    );
}
