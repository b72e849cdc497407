//! The 考核 page of a year: the unit's score, the sections ranked, the
//! leaders, the 细则, and every point lost or pending with its reason;
//! and the score panels the section, person and dashboard pages share.

use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use crate::error::Error;
use crate::judge::Urls;
use crate::render::view::{Link, href};
use crate::render::year::Year;
use crate::render::{Renderer, value};
use crate::rules::Status;
use crate::score::{Form, ItemScope, Reason, Score, Scoring, points};

/// Why points were lost, are pending or were gained, with its links.
#[derive(Serialize)]
struct ReasonView {
    points: String,
    /// `lost`, `pending` or `gained`.
    kind: &'static str,
    text: String,
    /// The rule's entry on the rules page.
    rule: Option<String>,
    /// The record it is about, when it is about one.
    record: Option<Link>,
}

#[derive(Serialize)]
struct ItemView {
    title: String,
    form: String,
    max: String,
    earned: String,
    lost: String,
    pending: String,
    /// Bonus (加分) or cases (扣分) rather than base points.
    extra: Option<&'static str>,
    reasons: Vec<ReasonView>,
}

/// A category with its items, or (with no points of its own) the bonus
/// and case items.
#[derive(Serialize)]
struct GroupView {
    name: String,
    max: Option<String>,
    earned: Option<String>,
    pending: Option<String>,
    items: Vec<ItemView>,
}

#[derive(Serialize)]
struct RecordedView {
    self_score: Option<String>,
    score: Option<String>,
    grade: Option<String>,
    remarks: Option<String>,
    record: Option<Link>,
    /// How far the 考核组's mark is from the computed one, when flagged.
    difference: Option<String>,
}

/// One score as the pages show it.
#[derive(Serialize)]
struct ScoreView {
    name: String,
    url: Option<String>,
    total: String,
    pending: String,
    max: String,
    open: bool,
    /// The grade that stands (the 考核组's, else the computed one).
    grade: Option<String>,
    /// The computed grade, or the grades still possible.
    computed: String,
    over_quota: bool,
    veto: Vec<ReasonView>,
    rank: Option<u32>,
    recorded: Option<RecordedView>,
    /// The categories with their items, then the bonus and case items.
    groups: Vec<GroupView>,
}

impl ScoreView {
    fn new(y: &Year<'_>, scoring: &Scoring, score: &Score, name: String, url: Option<String>) -> ScoreView {
        let rules_page = href(&Urls::year_page(y.year, "rules"));
        let reasons = |list: &[Reason]| -> Vec<ReasonView> {
            list.iter()
                .map(|r| ReasonView {
                    points: points(r.points),
                    kind: match r.status {
                        Status::Violated => "lost",
                        Status::Pending => "pending",
                        Status::Met => "gained",
                    },
                    text: r.text.clone(),
                    rule: r.rule.as_ref().map(|id| format!("{rules_page}#{id}")),
                    record: match r.records.as_slice() {
                        [one] => y.v.record_link(one),
                        _ => None,
                    },
                })
                .collect()
        };
        let items: Vec<(Option<&str>, ItemView)> = score
            .items
            .iter()
            .map(|s| {
                let item = scoring.items.iter().find(|it| it.id == s.item);
                let view = ItemView {
                    title: item.map_or_else(String::new, |it| it.title.clone()),
                    form: item.map_or_else(String::new, |it| it.form.zh()),
                    max: points(s.max),
                    earned: points(s.earned),
                    lost: points(s.lost),
                    pending: points(s.pending),
                    extra: match item.map(|it| &it.form) {
                        Some(Form::Bonus { .. }) => Some("加分"),
                        Some(Form::Cases { .. }) => Some("扣分"),
                        _ => None,
                    },
                    reasons: reasons(&s.reasons),
                };
                (item.and_then(|it| it.category.as_deref()), view)
            })
            .collect();
        let mut groups = Vec::new();
        let mut items = items;
        for c in &score.categories {
            let name = scoring
                .categories
                .iter()
                .find(|k| k.id == c.category)
                .map_or_else(|| c.category.clone(), |k| k.name.clone());
            let (mine, rest): (Vec<_>, Vec<_>) = items.into_iter().partition(|(cat, _)| *cat == Some(&c.category));
            items = rest;
            groups.push(GroupView {
                name,
                max: Some(points(c.max)),
                earned: Some(points(c.earned)),
                pending: (c.pending > 0.0).then(|| points(c.pending)),
                items: mine.into_iter().map(|(_, v)| v).collect(),
            });
        }
        if !items.is_empty() {
            groups.push(GroupView {
                name: "加分和扣分项目".into(),
                max: None,
                earned: None,
                pending: None,
                items: items.into_iter().map(|(_, v)| v).collect(),
            });
        }
        let recorded = score.recorded.as_ref().map(|r| RecordedView {
            self_score: r.self_score.map(points),
            score: r.score.map(points),
            grade: r.grade.clone(),
            remarks: r.remarks.clone(),
            record: y.v.record_link(&r.record),
            difference: score
                .differs
                .then(|| r.score.map(|s| points((s - score.total).abs())))
                .flatten(),
        });
        let computed = match (&score.grade, score.possible.as_slice()) {
            (Some(g), _) => g.clone(),
            (None, [low, .., high]) => format!("待定（{low}至{high}）"),
            (None, _) => "待定".into(),
        };
        ScoreView {
            name,
            url,
            total: points(score.total),
            pending: points(score.pending),
            max: points(score.max),
            open: score.pending > 0.0,
            grade: score.final_grade().map(str::to_string),
            computed,
            over_quota: score.over_quota,
            veto: reasons(&score.veto),
            rank: score.rank,
            recorded,
            groups,
        }
    }
}

/// A link to a rule's entry on the year's rules page.
fn rule_link(year: i32, id: &str, text: String) -> Link {
    Link {
        text,
        url: Some(format!("{}#{id}", href(&Urls::year_page(year, "rules")))),
        download: None,
    }
}

/// The year's score panels as Tera values, each made once: the unit's,
/// the sections' (ranked) and the leaders'.
pub(in crate::render) struct Panels {
    unit: Option<Value>,
    sections: Vec<(String, Value)>,
    leaders: Vec<(String, Value)>,
}

impl Panels {
    fn of(y: &Year<'_>) -> Panels {
        let Some(scores) = y.judged.scores(y.year) else {
            return Panels {
                unit: None,
                sections: Vec::new(),
                leaders: Vec::new(),
            };
        };
        let scoring = &y.judged.rules().scoring;
        let org = &y.v.data.org;
        let ranked = scores.ranked();
        let panel = |s: &Score, name: String, url: Option<String>| value(&ScoreView::new(y, scoring, s, name, url));
        Panels {
            unit: Some(panel(&scores.unit, org.unit.short_name.clone(), None)),
            sections: ranked
                .par_iter()
                .map(|s| {
                    let id = s.scope.id();
                    let url = Some(href(&Urls::section(y.year, id)));
                    (id.to_string(), panel(s, org.scope_name(id).to_string(), url))
                })
                .collect(),
            leaders: scores
                .leaders
                .par_iter()
                .map(|s| {
                    let id = s.scope.id();
                    let url = y.v.person_link(id).url;
                    (id.to_string(), panel(s, org.person_name(id).to_string(), url))
                })
                .collect(),
        }
    }
}

fn panels<'y>(y: &'y Year<'_>) -> &'y Panels {
    y.score_panels.get_or_init(|| Panels::of(y))
}

/// The unit's score panel.
pub(super) fn unit(y: &Year<'_>) -> Option<Value> {
    panels(y).unit.clone()
}

/// A section's score panel.
pub(super) fn section(y: &Year<'_>, id: &str) -> Option<Value> {
    let found = panels(y).sections.iter().find(|(s, _)| s == id);
    found.map(|(_, v)| v.clone())
}

/// A leader's score panel, when the 细则 scores leaders.
pub(super) fn leader(y: &Year<'_>, id: &str) -> Option<Value> {
    let found = panels(y).leaders.iter().find(|(p, _)| p == id);
    found.map(|(_, v)| v.clone())
}

/// One line of the 细则 as the page lists it.
#[derive(Serialize)]
struct RuleItem {
    scope: &'static str,
    category: String,
    title: String,
    points: String,
    form: String,
    rules: Vec<Link>,
}

/// A grade (name, least score, quota) or a category (name, weight).
#[derive(Serialize)]
struct GradeView {
    name: String,
    points: String,
    quota: Option<String>,
}

#[derive(Serialize)]
struct ScoresPage {
    unit: Option<Value>,
    sections: Vec<Value>,
    leaders: Vec<Value>,
    grades: Vec<GradeView>,
    categories: Vec<GradeView>,
    items: Vec<RuleItem>,
    veto: String,
    difference: String,
}

pub(super) fn page(renderer: &Renderer<'_>, y: &Year<'_>) -> Result<(), Error> {
    if y.judged.scores(y.year).is_none() {
        return Ok(());
    }
    let scoring = &y.judged.rules().scoring;
    let panels = panels(y);
    let rules = &y.judged.rules().rules;
    let items = scoring
        .items
        .iter()
        .map(|i| RuleItem {
            scope: match i.scope {
                ItemScope::Unit => "办公室",
                ItemScope::Section => "科室",
                ItemScope::Leader => "领导干部",
            },
            category: match &i.form {
                Form::Bonus { .. } => "加分项目".into(),
                Form::Cases { .. } => "扣分项目".into(),
                _ => scoring
                    .categories
                    .iter()
                    .find(|c| Some(&c.id) == i.category.as_ref())
                    .map_or_else(String::new, |c| c.name.clone()),
            },
            title: i.title.clone(),
            points: points(i.points),
            form: i.form.zh(),
            rules: i
                .rules
                .iter()
                .filter_map(|id| rules.iter().find(|r| r.id == *id))
                .map(|r| rule_link(y.year, &r.id, r.title.clone()))
                .collect(),
        })
        .collect();
    let veto = &scoring.veto;
    let mut veto_words: Vec<String> = veto
        .severities
        .iter()
        .map(|s| format!("发生{}的责任追究案件", s.zh()))
        .collect();
    if veto.leaders {
        veto_words.push("领导干部被追究责任".into());
    }
    let context = ScoresPage {
        unit: panels.unit.clone(),
        sections: panels.sections.iter().map(|(_, v)| v.clone()).collect(),
        leaders: panels.leaders.iter().map(|(_, v)| v.clone()).collect(),
        grades: scoring
            .grades
            .iter()
            .map(|g| GradeView {
                name: g.name.clone(),
                points: points(g.min),
                quota: g.quota.map(points),
            })
            .collect(),
        categories: scoring
            .categories
            .iter()
            .map(|c| GradeView {
                name: c.name.clone(),
                points: points(c.weight),
                quota: None,
            })
            .collect(),
        items,
        veto: veto_words.join("或"),
        difference: points(scoring.difference),
    };
    renderer.page(&Urls::year_page(y.year, "scores"), "scores.html", &y.site, &context)
}
