//! The library's one pipeline on the sample records: open → judge (as of a
//! date, for an audience) → render into a sink. What the judgement decides
//! is decided once, and every renderer sees the same.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use zerenzhi::beneath::Root;
use zerenzhi::diag::Lang;
use zerenzhi::render::{self, Only, Sink, templates};
use zerenzhi::rules::{Check, Scope, evaluate};
use zerenzhi::{Audience, Error, Judge, Project};

fn sample() -> Project {
    let project = Project::open(Path::new(env!("CARGO_MANIFEST_DIR")).join("records").as_path()).unwrap();
    assert!(!project.data.has_errors());
    project
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()
}

/// A sink that keeps the paths it is given.
#[derive(Default)]
struct Paths(Mutex<BTreeSet<String>>);

impl Sink for Paths {
    fn file(&self, path: &str, _: &[u8]) -> Result<(), Error> {
        self.0.lock().unwrap().insert(path.to_string());
        Ok(())
    }

    fn copy(&self, path: &str, _: &Arc<Root>, _: &str) -> Result<(), Error> {
        self.file(path, &[])
    }
}

#[test]
fn the_judgement_is_the_rules_evaluated_as_of_the_day() {
    let project = sample();
    let judged = project.judge(Judge {
        lang: Lang::En,
        ..Judge::new(as_of())
    });
    assert_eq!(judged.years, project.data.records.years);
    for &year in &judged.years {
        let direct = evaluate(&project.rules, &project.data.records, &[year], as_of(), Lang::En);
        assert_eq!(
            serde_json::to_string(judged.outcomes(year)).unwrap(),
            serde_json::to_string(&direct).unwrap(),
            "{year}"
        );
    }
    // a year not judged has no outcomes
    assert!(judged.outcomes(1999).is_empty());
}

#[test]
fn every_outcome_says_what_it_is_about() {
    let project = sample();
    let judged = project.judge(Judge::new(as_of()));
    let data = &judged.records;
    let outcomes = judged.all_outcomes();
    assert!(outcomes.len() > 50);
    for o in outcomes {
        let rule = project.rules.rules.iter().find(|r| r.id == o.rule).unwrap();
        match (&o.scope, &rule.check) {
            (Scope::Record(id), Check::Deadline { .. } | Check::Fields { .. })
            | (Scope::Record(id), Check::Attendance { .. } | Check::Sanctions { .. }) => {
                assert!(data.record(id).is_some(), "{id}");
                assert_eq!(o.records, std::slice::from_ref(id));
            }
            (Scope::Section(id), Check::Count { .. } | Check::People { .. }) => {
                assert!(data.org.section(id).is_some(), "{id}");
                assert_eq!(judged.section_of(o), Some(id.as_str()));
            }
            (Scope::Person(id), Check::Count { .. }) => {
                assert!(data.org.person(id).is_some_and(|p| p.is_leader()), "{id}");
            }
            (Scope::Unit, Check::Count { .. } | Check::People { .. }) => {}
            // a letter's item is its owner's, and names the letter first
            (Scope::Person(id), Check::Letter { .. }) => {
                assert!(data.org.person(id).is_some(), "{id}");
                let letter = data.record(&o.records[0]).expect("the letter");
                assert_eq!(letter.kind, zerenzhi::model::Kind::ResponsibilityLetter);
                assert!(o.item.is_some());
            }
            (scope, check) => panic!("{} is about {scope:?} for a {check:?}", o.rule),
        }
    }
}

#[test]
fn a_public_judgement_never_sees_a_restricted_record() {
    let project = sample();
    let restricted: Vec<&str> = project
        .data
        .records
        .all()
        .filter(|r| r.is_restricted())
        .map(|r| r.id.as_str())
        .collect();
    assert!(!restricted.is_empty(), "the sample has restricted records");
    let internal = project.judge(Judge::new(as_of()));
    let public = project.judge(Judge {
        audience: Audience::Public,
        ..Judge::new(as_of())
    });
    let cites = |judged: &zerenzhi::Judged<'_>, id: &str| {
        judged
            .all_outcomes()
            .iter()
            .any(|o| o.scope == id || o.records.iter().any(|r| r == id))
    };
    // the accountability case counts internally (its sanctions are judged)
    assert!(restricted.iter().any(|id| cites(&internal, id)));
    for id in restricted {
        assert!(internal.records.record(id).is_some());
        assert!(internal.urls().record(id).is_some());
        assert!(public.records.record(id).is_none(), "{id}");
        assert!(!cites(&public, id), "{id}");
        assert!(public.urls().record(id).is_none(), "{id}");
    }
}

#[test]
fn a_sink_that_keeps_only_the_reports_gets_them_and_the_assets() {
    let project = sample();
    let judged = project.judge(Judge {
        years: Some(vec![2026]),
        ..Judge::new(as_of())
    });
    let theme = templates::load(None).unwrap();
    let paths = Paths::default();
    let keep = |path: &str| path.starts_with("2026/report/");
    let only = Only {
        sink: &paths,
        keep: &keep,
    };
    render::render(&judged, &theme, &render::Options::default(), &only).unwrap();
    let paths = paths.0.into_inner().unwrap();
    let pages: Vec<&String> = paths
        .iter()
        .filter(|p| !p.starts_with("assets/") && !p.starts_with("files/"))
        .collect();
    // the unit's report and one per section, nothing else
    assert_eq!(pages.len(), 1 + project.data.records.org.sections.len(), "{pages:?}");
    assert!(pages.iter().all(|p| keep(p)), "{pages:?}");
    assert!(paths.contains("assets/style.css") && paths.contains("assets/print.js"));
}
