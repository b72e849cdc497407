//! The unit's report to the discipline body: the opening with the year's
//! figures, 一、主要工作及成效 二、存在的问题 三、下一步工作打算, 特此报告,
//! and the 统计表 and 问题整改台账 attached.

use chrono::{Datelike, NaiveDate};

use super::draft::Drafter;
use super::phrases::{PHRASES, fill, t};
use super::{Para, Part, Report, renumber, title_parts};
use crate::export::column;
use crate::model::*;
use crate::render::year::Year;
use crate::rules::Outcome;

/// The unit's report to the discipline body.
pub(in crate::render) fn unit(y: &Year<'_>) -> Report {
    let d = Drafter::new(y, false, |_| true);
    let org = d.org();
    let year = d.year;
    let words = &PHRASES.unit;
    let statistics = d.statistics();
    let total = statistics.rows.last().cloned().unwrap_or_default();
    let found = matches!(total.get(column::FOUND), Some(crate::export::Cell::Number(n)) if *n > 0);
    let ledger = if found { d.ledger(2, |_| true) } else { None };
    // the 统计表 is 附件1, so the ledger (when there is one) is 附件2
    let ledger_no = ledger.as_ref().map(|a| format!("附件{}", a.number));
    let scores_annex = scores_annex(y, 2 + usize::from(ledger.is_some()));
    let scores_annex_no = scores_annex.as_ref().map(|a| format!("附件{}", a.number));
    let mut work = Part::new(&words.work, vec![]).also(&words.work_aliases);
    for spec in &PHRASES.unit_parts {
        let clauses = match spec.key.as_str() {
            "organisation" => organisation(&d),
            "education" => vec![education_of(&d)],
            "regulations" => vec![d.about("regulations", &d.of(Kind::Regulation, |_| true), vec![])],
            "supervision" => supervision(&d),
            "scores" => vec![scores_of(y, scores_annex_no.as_deref())],
            "life" => life(&d),
            "petitions" => vec![petitions_of(&total)],
            "rectification" => vec![findings_of("findings", &total, ledger_no.as_deref())],
            "accountability" => vec![accountability(&d)],
            "commendations" => vec![d.about("commendations", &d.of(Kind::Commendation, |_| true), vec![])],
            _ => vec![],
        };
        work.children.extend(d.work(spec, clauses));
    }
    let all = |_: &Outcome| true;
    let mut parts = vec![
        work,
        Part::new(&words.problems, d.problems(all)),
        Part::new(&words.plans, d.plans(all)),
    ];
    renumber(&mut parts);
    let unit = &org.unit;
    let record = d.report_record(LEADERSHIP);
    let to = match record.map(|r| &r.details) {
        Some(Details::SpecialReport { to, .. }) if !to.is_empty() => to.clone(),
        _ => unit.discipline_body.clone(),
    };
    let signature = match record.map(|r| &r.details) {
        Some(Details::SpecialReport {
            issuer: Some(Issuer::PartyBranch),
            ..
        }) if !unit.party_branch.is_empty() => unit.party_branch.clone(),
        _ => unit.name.clone(),
    };
    let vars = [
        ("year", t(year.to_string())),
        ("unit", t(&unit.name)),
        ("to", t(&unit.discipline_body)),
    ];
    let mut annexes = vec![super::statistics_annex(year, 1, statistics)];
    annexes.extend(ledger);
    annexes.extend(scores_annex);
    Report {
        title_parts: title_parts(&words.title, &vars),
        title: title_parts(&words.title, &vars).concat(),
        to,
        opening: d.opening(words, &vars, &total),
        opening_html: None,
        opening_source: None,
        parts,
        closing: words.closing.clone(),
        annexes,
        signature,
        date_zh: date_zh(d.dated(LEADERSHIP)),
        has_narrative: false,
    }
}

fn lead(r: &Record) -> bool {
    r.in_leadership()
}

/// （一）组织领导: who answers for what and who came and went, the plans,
/// the letters, the special meetings, the mid-year review, the summary.
fn organisation(d: &Drafter<'_, '_>) -> Vec<Option<Para>> {
    let mut clauses = vec![responsibility(d), changes(d)];
    clauses.push(d.about("plans", &d.of(Kind::Plan, lead), vec![]));
    for letter in d.of(Kind::ResponsibilityLetter, |_| true) {
        let n = match &letter.details {
            Details::ResponsibilityLetter { signed_by, .. } => signed_by.len(),
            _ => 0,
        };
        clauses.push(Some(fill(
            PHRASES.clause("letter"),
            &[("item", d.item(letter)), ("n", t(n.to_string()))],
        )));
    }
    clauses.push(d.about("special_meetings", &d.of(Kind::SpecialMeeting, lead), vec![]));
    clauses.push(d.about("reviews", &d.of(Kind::MidyearReview, lead), vec![]));
    clauses.push(d.about("year_summaries", &d.of(Kind::YearSummary, lead), vec![]));
    clauses
}

/// The first responsible, the overseers and the chiefs (第四条、第五条).
fn responsibility(d: &Drafter<'_, '_>) -> Option<Para> {
    let org = d.org();
    let on = d.v.as_of.within(Period::year(d.year));
    let director = org.with_role_on(Role::Director, on).next()?;
    let overseers: Vec<Para> = org
        .people
        .iter()
        .filter(|p| p.in_post_on(on) && !p.oversees.is_empty() && !p.has_role(Role::Director))
        .map(|p| {
            fill(
                PHRASES.clause("overseer"),
                &[
                    ("role", t(p.roles.first().map_or("", |r| r.zh()))),
                    ("name", t(&p.name)),
                    ("sections", t(d.names(&p.oversees))),
                ],
            )
        })
        .collect();
    Some(fill(
        PHRASES.clause("responsibility"),
        &[
            ("director", t(&director.name)),
            ("overseers", Para::join(overseers, "，")),
        ],
    ))
}

/// Leaders who left or came during the year.
fn changes(d: &Drafter<'_, '_>) -> Option<Para> {
    let y = d.year;
    let as_of = d.v.as_of;
    let in_year = |date: Option<NaiveDate>| as_of.seen(date).filter(|d| d.year() == y);
    let mut changes = Vec::new();
    for p in d.org().people.iter().filter(|p| p.is_leader()) {
        if let Some(until) = in_year(p.until) {
            changes.push(fill(
                PHRASES.clause("left"),
                &[("name", t(&p.name)), ("date", t(d.day(until)))],
            ));
        }
        if let Some(from) = in_year(p.from) {
            changes.push(fill(
                PHRASES.clause("joined"),
                &[
                    ("name", t(&p.name)),
                    ("date", t(d.day(from))),
                    ("sections", t(d.names(&p.oversees))),
                ],
            ));
        }
    }
    (!changes.is_empty()).then(|| fill(PHRASES.clause("changes"), &[("changes", Para::join(changes, "，"))]))
}

/// 廉政教育, with the 人次 where the records give them.
pub(super) fn education_of(d: &Drafter<'_, '_>) -> Option<Para> {
    let educations = d.of(Kind::Education, |_| true);
    let people: u32 = educations
        .iter()
        .filter_map(|r| match r.details {
            Details::Education { participants_count } => participants_count,
            _ => None,
        })
        .sum();
    d.about("education", &educations, vec![("people", t(people.to_string()))])
}

/// 考核, the office's inspections, the sections' own checks, evaluations.
fn supervision(d: &Drafter<'_, '_>) -> Vec<Option<Para>> {
    let mut clauses = vec![d.about("assessments", &d.of(Kind::Assessment, |_| true), vec![])];
    for r in d.of(Kind::Inspection, lead) {
        clauses.push(d.about("inspection", &[r], vec![("targets", t(d.names(r.targets())))]));
    }
    let selfs = d.of(Kind::Inspection, |r| !r.in_leadership());
    clauses.push(d.about("self_checks", &selfs, vec![("each", t(d.each_section(&selfs)))]));
    clauses.push(d.about("evaluations", &d.of(Kind::Evaluation, |_| true), vec![]));
    clauses
}

/// 民主生活会 of the leadership and of the sections, 谈话诫勉.
fn life(d: &Drafter<'_, '_>) -> Vec<Option<Para>> {
    let sections = d.of(Kind::LifeMeeting, |r| !r.in_leadership());
    vec![
        d.about("leadership_life", &d.of(Kind::LifeMeeting, lead), vec![]),
        d.about("section_lives", &sections, vec![("each", t(d.each_section(&sections)))]),
        d.about("talks", &d.of(Kind::Talk, |_| true), vec![]),
    ]
}

/// 信访 from a row of the 统计表: received, closed, closed in time,
/// still open.
pub(super) fn petitions_of(row: &[crate::export::Cell]) -> Option<Para> {
    let n = |i: usize| match row.get(i) {
        Some(crate::export::Cell::Number(n)) => *n,
        _ => 0,
    };
    let received = n(column::PETITIONS);
    (received > 0).then(|| {
        fill(
            PHRASES.clause("petitions"),
            &[
                ("n", t(received.to_string())),
                ("closed", t(n(column::CLOSED).to_string())),
                ("in_time", t(n(column::CLOSED_IN_TIME).to_string())),
                ("open", t((received - n(column::CLOSED)).to_string())),
            ],
        )
    })
}

/// 问题整改 from a row of the 统计表: found, rectified (the late ones
/// said), the 整改率, still open, and where the ledger is attached.
pub(super) fn findings_of(name: &str, row: &[crate::export::Cell], annex: Option<&str>) -> Option<Para> {
    let cell = |i: usize| row.get(i).cloned().unwrap_or(crate::export::Cell::Empty);
    let n = |i: usize| match cell(i) {
        crate::export::Cell::Number(n) => n,
        _ => 0,
    };
    let found = n(column::FOUND);
    let rate = match cell(column::RATE) {
        crate::export::Cell::Text(rate) => rate,
        _ => String::new(),
    };
    (found > 0).then(|| {
        fill(
            PHRASES.clause(name),
            &[
                ("n", t(found.to_string())),
                ("rectified", t(n(column::RECTIFIED).to_string())),
                ("late", t((n(column::RECTIFIED) - n(column::ON_TIME)).to_string())),
                ("open", t((found - n(column::RECTIFIED)).to_string())),
                ("closed", t(n(column::VERIFIED).to_string())),
                (
                    "unverified",
                    t((n(column::RECTIFIED) - n(column::VERIFIED)).to_string()),
                ),
                ("rate", t(rate)),
                ("annex", t(annex.unwrap_or_default())),
            ],
        )
    })
}

/// The article and item a clause of Article 15 names: 第十五条（一）.
fn article_of(clause: &str) -> String {
    match clause.find('）') {
        Some(end) => clause[..end + '）'.len_utf8()].to_string(),
        None => clause.split(' ').next().unwrap_or(clause).to_string(),
    }
}

/// 责任追究: each case, its clause, who (by post, not by name), the
/// sanctions.
fn accountability(d: &Drafter<'_, '_>) -> Option<Para> {
    let org = d.org();
    let records = d.of(Kind::Accountability, |_| true);
    let cases: Vec<Para> = records
        .iter()
        .filter_map(|r| {
            let Details::Accountability {
                person,
                clause,
                responsibility,
                sanctions,
                ..
            } = &r.details
            else {
                return None;
            };
            let who = org.person(person).map_or_else(
                || "1名干部".to_string(),
                |p| {
                    let section = p.section.as_deref().map_or("", |s| org.scope_name(s));
                    format!("{section}1名{}", p.roles.first().map_or("干部", |r| r.zh()))
                },
            );
            let sanctions: Vec<&str> = sanctions.iter().map(|s| s.zh()).collect();
            Some(fill(
                PHRASES.clause("case"),
                &[
                    ("date", t(d.day(r.date))),
                    (
                        "clause",
                        Para::default().link(article_of(clause.zh()), d.v.urls.record(&r.id)),
                    ),
                    ("who", t(who)),
                    ("responsibility", t(responsibility.zh())),
                    ("sanctions", t(sanctions.join("、"))),
                ],
            ))
        })
        .collect();
    if cases.is_empty() {
        return None;
    }
    Some(fill(
        PHRASES.clause("cases"),
        &[("n", t(cases.len().to_string())), ("items", Para::join(cases, "，"))],
    ))
}

/// 考核结果: the unit's score, the sections by grade (the 考核组's where
/// recorded), those still open, and where the table is attached.
fn scores_of(y: &Year<'_>, annex: Option<&str>) -> Option<Para> {
    let scores = y.judged.scores(y.year)?;
    if scores.sections.is_empty() && scores.unit.items.is_empty() {
        return None;
    }
    let org = &y.v.data.org;
    let mut by_grade: Vec<(&str, Vec<&str>)> = Vec::new();
    let mut undecided = 0;
    for s in &scores.sections {
        match s.final_grade() {
            Some(g) => match by_grade.iter_mut().find(|(name, _)| *name == g) {
                Some((_, list)) => list.push(org.scope_name(s.scope.id())),
                None => by_grade.push((g, vec![org.scope_name(s.scope.id())])),
            },
            None => undecided += 1,
        }
    }
    let grades = &y.judged.rules().scoring.grades;
    by_grade.sort_by_key(|(g, _)| grades.iter().position(|x| x.name == *g));
    let graded: Vec<String> = by_grade
        .iter()
        .map(|(g, names)| match names.len() {
            1..=3 => format!("{}为{g}", names.join("、")),
            n => format!("{}等{n}个科室为{g}", names[..2].join("、")),
        })
        .collect();
    let unit = &scores.unit;
    Some(fill(
        PHRASES.clause("scores"),
        &[
            ("total", t(crate::score::points(unit.total))),
            ("open", t(open_points(unit.pending))),
            ("grade", t(unit.final_grade().unwrap_or_default())),
            ("n", t(scores.sections.len().to_string())),
            ("graded", t(graded.join("，"))),
            (
                "undecided",
                t(if undecided > 0 {
                    undecided.to_string()
                } else {
                    String::new()
                }),
            ),
            ("annex", t(annex.unwrap_or_default())),
        ],
    ))
}

/// Pending points as a report says them, or nothing when none.
pub(super) fn open_points(p: f64) -> String {
    if p > 0.0 {
        crate::score::points(p)
    } else {
        String::new()
    }
}

/// The 考核结果 table: the sections ranked, their computed and recorded
/// marks and the grade that stands.
fn scores_annex(y: &Year<'_>, number: usize) -> Option<super::Annex> {
    let scores = y.judged.scores(y.year)?;
    if scores.sections.is_empty() {
        return None;
    }
    let org = &y.v.data.org;
    let ranked = scores.ranked();
    let points = crate::score::points;
    let mut rows: Vec<Vec<String>> = ranked
        .iter()
        .map(|s| {
            let recorded = s.recorded.as_ref();
            vec![
                s.rank.map_or_else(String::new, |r| r.to_string()),
                org.scope_name(s.scope.id()).to_string(),
                points(s.total),
                open_points(s.pending),
                recorded.and_then(|r| r.score).map(points).unwrap_or_default(),
                s.final_grade().unwrap_or("待定").to_string(),
            ]
        })
        .collect();
    let unit = &scores.unit;
    rows.push(vec![
        String::new(),
        org.unit.short_name.clone(),
        points(unit.total),
        open_points(unit.pending),
        unit.recorded
            .as_ref()
            .and_then(|r| r.score)
            .map(points)
            .unwrap_or_default(),
        unit.final_grade().unwrap_or("待定").to_string(),
    ]);
    Some(super::Annex {
        number,
        title: format!("{}年度党风廉政建设责任制考核结果", y.year),
        header: ["名次", "单位", "计算得分", "待考核分", "考核组评分", "等次"]
            .map(String::from)
            .to_vec(),
        rows,
        total: true,
        wide: false,
    })
}
