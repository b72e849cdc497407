//! A section's report to the party branch, built like the unit's from the
//! section's own records, its row of the 统计表 and its ledger.

use super::draft::Drafter;
use super::phrases::{PHRASES, fill, t};
use super::unit::{education_of, findings_of, petitions_of};
use super::{Para, Part, Report, renumber, title_parts};
use crate::export::Cell;
use crate::model::*;
use crate::render::year::Year;
use crate::rules::Outcome;

/// A section's report to the party branch.
pub(in crate::render) fn section(y: &Year<'_>, s: &Section) -> Report {
    let d = Drafter::new(y, true, |r| r.scope == s.id);
    let org = d.org();
    let year = d.year;
    let words = &PHRASES.section;
    let statistics = d.statistics();
    let row = statistics
        .rows
        .iter()
        .find(|row| matches!(row.first(), Some(Cell::Text(name)) if *name == s.name))
        .cloned()
        .unwrap_or_default();
    let ledger = d.ledger(1, |row| matches!(row.get(2), Some(Cell::Text(name)) if *name == s.name));
    // the ledger is the only attachment: 附件, unnumbered (GB/T 9704)
    let ledger_no = ledger.as_ref().map(|_| "附件");
    let mut work = Part::new(&words.work, vec![]).also(&words.work_aliases);
    for spec in &PHRASES.section_parts {
        let clauses = match spec.key.as_str() {
            "duty" => vec![staff(&d, s)],
            "life" => vec![d.about("own_lives", &d.of(Kind::LifeMeeting, |_| true), vec![])],
            "checks" => checks(&d, y, s),
            "rectification" => vec![findings_of("section_findings", &row, ledger_no)],
            "scores" => vec![section_scores(y, &s.id)],
            "petitions" => vec![petitions_of(&row)],
            "education" => vec![education_of(&d)],
            "regulations" => vec![d.about("regulations", &d.of(Kind::Regulation, |_| true), vec![])],
            _ => vec![],
        };
        work.children.extend(d.work(spec, clauses));
    }
    let mine = |o: &Outcome| y.judged.section_of(o) == Some(s.id.as_str());
    let mut parts = vec![
        work,
        Part::new(&words.problems, d.problems(mine)),
        Part::new(&words.plans, d.plans(mine)),
    ];
    renumber(&mut parts);
    let vars = [
        ("year", t(year.to_string())),
        ("section", t(&s.name)),
        ("to", t(&org.unit.party_branch)),
    ];
    Report {
        title_parts: title_parts(&words.title, &vars),
        title: title_parts(&words.title, &vars).concat(),
        to: org.unit.party_branch.clone(),
        opening: d.opening(words, &vars, &row),
        opening_html: None,
        opening_source: None,
        parts,
        closing: words.closing.clone(),
        annexes: ledger.into_iter().collect(),
        signature: format!("{}{}", org.unit.short_name, s.name),
        date_zh: date_zh(d.dated(&s.id)),
        has_narrative: false,
    }
}

/// Who is in the section, who answers for it, who oversees it.
fn staff(d: &Drafter<'_, '_>, s: &Section) -> Option<Para> {
    let org = d.org();
    let on = d.v.as_of.within(Period::year(d.year));
    let names = |role: Role| -> Vec<String> {
        org.people
            .iter()
            .filter(|p| p.section.as_deref() == Some(s.id.as_str()) && p.has_role(role) && p.in_post_on(on))
            .map(|p| p.name.clone())
            .collect()
    };
    let mut staff = Vec::new();
    for (role, label) in [
        (Role::SectionChief, "科长"),
        (Role::DeputyChief, "副职"),
        (Role::Staff, "工作人员"),
    ] {
        let list = names(role);
        if !list.is_empty() {
            staff.push(format!("{label}{}", list.join("、")));
        }
    }
    if staff.is_empty() {
        return None;
    }
    let overseers: Vec<String> = org.overseers_on(&s.id, on).iter().map(|p| p.name.clone()).collect();
    Some(fill(
        PHRASES.clause("staff"),
        &[
            ("staff", t(staff.join("，"))),
            ("chief", t(names(Role::SectionChief).join("、"))),
            ("overseers", t(overseers.join("、"))),
        ],
    ))
}

/// The section's own checks and the office's checks of it.
fn checks(d: &Drafter<'_, '_>, y: &Year<'_>, s: &Section) -> Vec<Option<Para>> {
    let checked: Vec<&Record> = y
        .records
        .iter()
        .copied()
        .filter(|r| {
            y.v.as_of.counts(r) && r.in_leadership() && r.kind == Kind::Inspection && r.targets().contains(&s.id)
        })
        .collect();
    vec![
        d.about("own_checks", &d.of(Kind::Inspection, |_| true), vec![]),
        d.about("checked", &checked, vec![]),
    ]
}

/// 接受责任制考核: the section's score, its rank, the 考核组's grade,
/// and the items it lost most points on.
fn section_scores(y: &Year<'_>, id: &str) -> Option<Para> {
    let scores = y.judged.scores(y.year)?;
    let s = scores.sections.iter().find(|s| s.scope == id)?;
    let scoring = &y.judged.rules().scoring;
    let mut lost: Vec<(&str, f64)> = s
        .items
        .iter()
        .filter(|i| i.lost > 0.0)
        .filter_map(|i| Some((scoring.items.iter().find(|it| it.id == i.item)?.title.as_str(), i.lost)))
        .collect();
    lost.sort_by(|a, b| b.1.total_cmp(&a.1));
    let lost: Vec<String> = lost
        .iter()
        .take(2)
        .map(|(title, p)| {
            format!(
                "“{}”（扣{}分）",
                title.split('，').next().unwrap_or(title),
                crate::score::points(*p)
            )
        })
        .collect();
    let recorded = s.recorded.as_ref().and_then(|r| {
        let score = r.score.map(|p| format!("{}分", crate::score::points(p)));
        match (score, &r.grade) {
            (Some(score), Some(g)) => Some(format!("{score}、{g}")),
            (Some(score), None) => Some(score),
            (None, Some(g)) => Some(g.clone()),
            (None, None) => None,
        }
    });
    Some(fill(
        PHRASES.clause("section_scores"),
        &[
            ("total", t(crate::score::points(s.total))),
            ("open", t(super::unit::open_points(s.pending))),
            ("n", t(scores.sections.len().to_string())),
            ("rank", t(s.rank.map(|r| r.to_string()).unwrap_or_default())),
            ("recorded", t(recorded.unwrap_or_default())),
            ("grade", t(s.grade.clone().unwrap_or_default())),
            ("lost", t(lost.join("、"))),
        ],
    ))
}
