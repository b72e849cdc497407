//! The 考核 (第十条): scores from the judged rules and the records, by the
//! 考核细则 in `rules.toml`, for the unit, each section and each leader,
//! with the reason behind every point lost, pending or gained.
//!
//! A score is earned points only: what a rule still pending may bring is
//! `pending`, neither earned nor lost, so a mid-year score is honest, and
//! a grade is given only when the pending points cannot change it.

mod spec;

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

pub use spec::{Defs, ITEM_KEYS, SCORING_KEYS, compile, read};

use crate::model::{Details, Kind, LEADERSHIP, Person, Record, Records, Severity};
use crate::rules::{Outcome, Scope, Status};

/// A category of the 细则 (主体责任…) and its weight in the base score.
#[derive(Debug, Clone, Serialize)]
pub struct Category {
    /// Its id, which items name.
    pub id: String,
    /// Its name, as shown.
    pub name: String,
    /// Its weight: the base score's points it carries, out of all the
    /// weights of the categories that have items for the one scored.
    pub weight: f64,
}

/// Whom an item scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemScope {
    /// The unit as a whole.
    Unit,
    /// Each section.
    Section,
    /// Each leader in post.
    Leader,
}

/// How an item turns results into points.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "form")]
pub enum Form {
    /// Full points when every result is met, none when one is missed.
    Met,
    /// Points in proportion to what was done (至少2次，有1次得1分).
    Proportional,
    /// `per` points off for each miss, down to `floor`.
    Deduct {
        /// Points per miss.
        per: f64,
        /// The lowest the item goes.
        floor: f64,
    },
    /// `per` points for each record beyond what is needed, or each record
    /// of the kinds, up to the item's points.
    Bonus {
        /// Points per record.
        per: f64,
    },
    /// Points off for each case of the kinds by its severity, up to the
    /// item's points.
    Cases {
        /// Points off per case of each severity.
        by_severity: BTreeMap<Severity, f64>,
    },
}

impl Form {
    /// The form as the 细则 says it.
    pub fn zh(&self) -> String {
        match self {
            Form::Met => "全部符合得满分".into(),
            Form::Proportional => "按完成比例得分".into(),
            Form::Deduct { per, floor } if *floor > 0.0 => {
                format!("每缺一次扣{}分，最低{}分", points(*per), points(*floor))
            }
            Form::Deduct { per, .. } => format!("每缺一次扣{}分，扣完为止", points(*per)),
            Form::Bonus { per } => format!("每一次加{}分", points(*per)),
            Form::Cases { by_severity } => {
                let parts: Vec<String> = by_severity
                    .iter()
                    .filter(|(_, p)| **p > 0.0)
                    .map(|(s, p)| format!("{}扣{}分", s.zh(), points(*p)))
                    .collect();
                format!("每起{}", parts.join("、"))
            }
        }
    }
}

/// One item of the 细则.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// Its id, by which a unit's file overrides it.
    pub id: String,
    /// What it scores, in one line.
    pub title: String,
    /// The category of a base item; bonus and case items have none.
    pub category: Option<String>,
    /// Whom it scores.
    pub scope: ItemScope,
    /// Its full points (for a bonus the most it adds, for cases the most
    /// it takes off).
    pub points: f64,
    /// How it turns results into points.
    #[serde(flatten)]
    pub form: Form,
    /// The rules it is scored by.
    pub rules: Vec<String>,
    /// The kinds of record it counts (bonus and cases).
    pub kinds: Vec<Kind>,
}

/// A grade (等次) and the least score it takes.
#[derive(Debug, Clone, Serialize)]
pub struct Grade {
    /// Its name: 优秀, 合格…
    pub name: String,
    /// The least total score it takes.
    pub min: f64,
    /// At most this percentage of the sections may have it.
    pub quota: Option<f64>,
}

/// What makes the grade the lowest whatever the points (一票否决).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Veto {
    /// Accountability cases of these severities.
    pub severities: Vec<Severity>,
    /// An accountability case of a leader.
    pub leaders: bool,
}

/// The 考核细则 in force.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Scoring {
    /// The categories, with their weights.
    pub categories: Vec<Category>,
    /// The items.
    pub items: Vec<Item>,
    /// The grades, from the highest.
    pub grades: Vec<Grade>,
    /// What vetoes a grade.
    pub veto: Veto,
    /// A recorded mark further than this from the computed one is flagged.
    pub difference: f64,
}

/// A number of points as the site writes it: 8, 7.5, 6.67.
pub fn points(p: f64) -> String {
    let r = round(p);
    if (r - r.round()).abs() < 1e-9 {
        format!("{}", r.round() as i64)
    } else {
        let s = format!("{r:.2}");
        s.trim_end_matches('0').to_string()
    }
}

/// Rounded to hundredths, so that sums print the same every time.
pub fn round(p: f64) -> f64 {
    let r = (p * 100.0).round() / 100.0;
    if r == 0.0 { 0.0 } else { r }
}

/// Why points were lost, are pending or were gained.
#[derive(Debug, Clone, Serialize)]
pub struct Reason {
    /// The points.
    pub points: f64,
    /// `violated`: lost; `pending`: not yet earned; `met`: gained (bonus).
    pub status: Status,
    /// What happened, in words.
    pub text: String,
    /// The rule behind it, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The records behind it.
    pub records: Vec<String>,
}

/// How one item scored.
#[derive(Debug, Clone, Serialize)]
pub struct ItemScore {
    /// The item's id.
    pub item: String,
    /// Its points in full.
    pub max: f64,
    /// Points earned (for cases: 0).
    pub earned: f64,
    /// Points lost (for cases: taken off the total).
    pub lost: f64,
    /// Points neither earned nor lost yet.
    pub pending: f64,
    /// Why.
    pub reasons: Vec<Reason>,
}

/// A category's share of the base score.
#[derive(Debug, Clone, Serialize)]
pub struct CategoryScore {
    /// The category's id.
    pub category: String,
    /// Its points in the total (its weight, scaled to 100).
    pub max: f64,
    /// The points it adds to the total.
    pub earned: f64,
    /// The points still pending in it.
    pub pending: f64,
}

/// The 考核组's marks for one scope, from an assessment record.
#[derive(Debug, Clone, Serialize)]
pub struct Recorded {
    /// The assessment record.
    pub record: String,
    /// The scope's own mark.
    pub self_score: Option<f64>,
    /// The 考核组's mark.
    pub score: Option<f64>,
    /// The grade given.
    pub grade: Option<String>,
    /// Remarks.
    pub remarks: Option<String>,
}

/// The score of the unit, a section or a leader.
#[derive(Debug, Clone, Serialize)]
pub struct Score {
    /// Whom: `unit`, a section id, a person id.
    pub scope: Scope,
    /// The total earned: the base score, plus bonuses, less deductions.
    pub total: f64,
    /// Points still pending: the total may rise by as much.
    pub pending: f64,
    /// The base score's full points (100 when there are base items);
    /// bonuses may add to it up to their items' points.
    pub max: f64,
    /// The grade the points give, when the pending points cannot change it
    /// (after a veto and the quota).
    pub grade: Option<String>,
    /// The grades the total may still reach, from the lowest, while the
    /// grade is open.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub possible: Vec<String>,
    /// Why the grade is the lowest whatever the points.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub veto: Vec<Reason>,
    /// Whether the quota moved the grade down.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub over_quota: bool,
    /// The rank among the sections (1 is first), by total.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank: Option<u32>,
    /// The 考核组's marks, when an assessment records them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded: Option<Recorded>,
    /// The recorded mark differs from the total by more than the 细则's
    /// `difference`, with no point pending.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub differs: bool,
    /// Each category's share.
    pub categories: Vec<CategoryScore>,
    /// Each item's points.
    pub items: Vec<ItemScore>,
}

impl Score {
    /// The grade that stands: the recorded one, else the computed one.
    pub fn final_grade(&self) -> Option<&str> {
        self.recorded
            .as_ref()
            .and_then(|r| r.grade.as_deref())
            .or(self.grade.as_deref())
    }
}

/// The year's scores.
#[derive(Debug, Clone, Serialize)]
pub struct Scores {
    /// The year.
    pub year: i32,
    /// The unit's.
    pub unit: Score,
    /// Each section's, ranked.
    pub sections: Vec<Score>,
    /// Each leader's in post, in org.toml's order.
    pub leaders: Vec<Score>,
}

impl Scores {
    /// The sections by rank (ties in org.toml's order).
    pub fn ranked(&self) -> Vec<&Score> {
        let mut ranked: Vec<&Score> = self.sections.iter().collect();
        ranked.sort_by_key(|s| s.rank.unwrap_or(u32::MAX));
        ranked
    }
}

/// What scoring reads: the 细则, the records, the year's outcomes.
pub struct Input<'a> {
    /// The 细则.
    pub scoring: &'a Scoring,
    /// The records and the organisation.
    pub data: &'a Records,
    /// The year scored.
    pub year: i32,
    /// The records that count as of the day (happened, no draft), of the year.
    pub counted: Vec<&'a Record>,
    /// The year's rule outcomes.
    pub outcomes: &'a [Outcome],
    /// The leaders in post.
    pub leaders: Vec<&'a Person>,
}

/// Scores the unit, each section and each leader.
pub fn score(input: &Input<'_>) -> Scores {
    let data = input.data;
    let index = Index::new(input);
    let unit = score_one(input, &index, ItemScope::Unit, &Scope::Unit);
    let mut sections: Vec<Score> = data
        .org
        .sections
        .iter()
        .map(|s| score_one(input, &index, ItemScope::Section, &Scope::Section(s.id.clone())))
        .collect();
    rank_and_quota(input.scoring, &mut sections);
    let leaders = input
        .leaders
        .iter()
        .map(|p| score_one(input, &index, ItemScope::Leader, &Scope::Person(p.id.clone())))
        .collect();
    Scores {
        year: input.year,
        unit,
        sections,
        leaders,
    }
}

/// Whom a result or a record belongs to: its section and its person, if
/// any. A section's are its own, its records' and its people's.
#[derive(Clone, Copy)]
struct Owner<'a> {
    section: Option<&'a str>,
    person: Option<&'a str>,
}

impl Owner<'_> {
    fn is(&self, scope: &Scope) -> bool {
        match scope {
            Scope::Unit => true,
            Scope::Section(s) => self.section == Some(s.as_str()),
            Scope::Person(p) => self.person == Some(p.as_str()),
            Scope::Record(_) => false,
        }
    }
}

/// The outcomes of each rule the 细则 uses and the counted records of
/// each kind, with their owners, worked out once for every score.
struct Index<'a> {
    outcomes: HashMap<&'a str, Vec<(&'a Outcome, Owner<'a>)>>,
    records: HashMap<Kind, Vec<(&'a Record, Owner<'a>)>>,
}

impl<'a> Index<'a> {
    fn new(input: &Input<'a>) -> Index<'a> {
        let org = &input.data.org;
        let home = |p: &str| org.person(p).and_then(|p| p.section.as_deref());
        let used: HashSet<&str> = input
            .scoring
            .items
            .iter()
            .flat_map(|i| i.rules.iter().map(String::as_str))
            .collect();
        let mut outcomes: HashMap<&str, Vec<_>> = HashMap::new();
        for o in input.outcomes.iter().filter(|o| used.contains(o.rule.as_str())) {
            let owner = match &o.scope {
                Scope::Unit => Owner {
                    section: None,
                    person: None,
                },
                Scope::Section(s) => Owner {
                    section: Some(s),
                    person: None,
                },
                Scope::Record(r) => Owner {
                    section: input.data.record(r).map(|r| r.scope.as_str()),
                    person: None,
                },
                Scope::Person(p) => Owner {
                    section: home(p),
                    person: Some(p),
                },
            };
            outcomes.entry(o.rule.as_str()).or_default().push((o, owner));
        }
        // the kinds items count, and the cases a veto looks at
        let kinds: HashSet<Kind> = input
            .scoring
            .items
            .iter()
            .flat_map(|i| i.kinds.iter().copied())
            .chain([Kind::Accountability])
            .collect();
        let mut records: HashMap<Kind, Vec<_>> = HashMap::new();
        for r in input.counted.iter().copied().filter(|r| kinds.contains(&r.kind)) {
            // a record about a person is their section's, else its folder's
            let owner = Owner {
                section: r.person().and_then(home).or(Some(r.scope.as_str())),
                person: r.person(),
            };
            records.entry(r.kind).or_default().push((r, owner));
        }
        Index { outcomes, records }
    }

    /// The counted records of `kinds` that are `scope`'s.
    fn records(&self, kinds: &[Kind], scope: &Scope) -> Vec<&'a Record> {
        kinds
            .iter()
            .flat_map(|k| self.records.get(k).into_iter().flatten())
            .filter(|(_, owner)| owner.is(scope))
            .map(|(r, _)| *r)
            .collect()
    }
}

fn score_one(input: &Input<'_>, index: &Index<'_>, scope_kind: ItemScope, scope: &Scope) -> Score {
    let scoring = input.scoring;
    let mut items = Vec::new();
    for item in scoring.items.iter().filter(|i| i.scope == scope_kind) {
        let outcomes: Vec<&Outcome> = item
            .rules
            .iter()
            .flat_map(|r| index.outcomes.get(r.as_str()).into_iter().flatten())
            .filter(|(_, owner)| owner.is(scope))
            .map(|(o, _)| *o)
            .collect();
        let records = index.records(&item.kinds, scope);
        items.push((item, score_item(item, &outcomes, &records)));
    }
    // the base: each category's items scaled to its weight, the weights to 100
    let used: Vec<&Category> = scoring
        .categories
        .iter()
        .filter(|c| items.iter().any(|(i, _)| i.category.as_deref() == Some(&c.id)))
        .collect();
    let weights: f64 = used.iter().map(|c| c.weight).sum();
    let mut categories = Vec::new();
    let (mut total, mut pending, mut max) = (0.0, 0.0, 0.0);
    for c in used {
        let mine: Vec<&ItemScore> = items
            .iter()
            .filter(|(i, _)| i.category.as_deref() == Some(&c.id))
            .map(|(_, s)| s)
            .collect();
        let raw: f64 = mine.iter().map(|s| s.max).sum();
        let share = 100.0 * c.weight / weights;
        let factor = share / raw;
        let earned = factor * mine.iter().map(|s| s.earned).sum::<f64>();
        let open = factor * mine.iter().map(|s| s.pending).sum::<f64>();
        total += earned;
        pending += open;
        max += share;
        categories.push(CategoryScore {
            category: c.id.clone(),
            max: round(share),
            earned: round(earned),
            pending: round(open),
        });
    }
    for (item, s) in &items {
        match item.form {
            Form::Bonus { .. } => total += s.earned,
            Form::Cases { .. } => total -= s.lost,
            _ => {}
        }
    }
    let veto = vetoes(input, index, scope);
    let total = round(total.max(0.0));
    let pending = round(pending);
    let (grade, possible) = if !veto.is_empty() {
        (scoring.grades.last().map(|g| g.name.clone()), Vec::new())
    } else {
        let low = grade_of(&scoring.grades, total);
        let high = grade_of(&scoring.grades, total + pending);
        if low == high {
            (low.map(str::to_string), Vec::new())
        } else {
            let names: Vec<String> = scoring
                .grades
                .iter()
                .rev()
                .filter(|g| g.min <= total + pending + 1e-9)
                .skip_while(|g| Some(g.name.as_str()) != low)
                .map(|g| g.name.clone())
                .collect();
            (None, names)
        }
    };
    let recorded = recorded(input, scope);
    let differs = pending == 0.0
        && recorded
            .as_ref()
            .and_then(|r| r.score)
            .is_some_and(|r| (r - total).abs() > scoring.difference);
    Score {
        scope: scope.clone(),
        total,
        pending,
        max: round(max),
        grade,
        possible,
        veto,
        over_quota: false,
        rank: None,
        recorded,
        differs,
        categories,
        items: items.into_iter().map(|(_, s)| s).collect(),
    }
}

/// The highest grade `total` reaches.
fn grade_of(grades: &[Grade], total: f64) -> Option<&str> {
    grades.iter().find(|g| total + 1e-9 >= g.min).map(|g| g.name.as_str())
}

/// One item's points from the outcomes of its rules (and, for bonus and
/// cases, the records of its kinds) about the one scored.
fn score_item(item: &Item, outcomes: &[&Outcome], records: &[&Record]) -> ItemScore {
    let max = item.points;
    let mut reasons = Vec::new();
    let (mut earned, mut lost, mut pending) = (0.0, 0.0, 0.0);
    match &item.form {
        Form::Met => {
            let violated: Vec<&&Outcome> = outcomes.iter().filter(|o| o.status == Status::Violated).collect();
            let open: Vec<&&Outcome> = outcomes.iter().filter(|o| o.status == Status::Pending).collect();
            if !violated.is_empty() {
                lost = max;
                let share = max / violated.len() as f64;
                reasons.extend(violated.iter().map(|o| from_outcome(o, share)));
            } else if !open.is_empty() {
                pending = max;
                let share = max / open.len() as f64;
                reasons.extend(open.iter().map(|o| from_outcome(o, share)));
            } else {
                earned = max;
            }
        }
        Form::Proportional => {
            if outcomes.is_empty() {
                earned = max;
            }
            let share = max / outcomes.len().max(1) as f64;
            for o in outcomes {
                let done = if o.needed == 0 || o.status == Status::Met {
                    1.0
                } else {
                    f64::from(o.found.min(o.needed)) / f64::from(o.needed)
                };
                earned += share * done;
                let rest = share * (1.0 - done);
                if rest > 0.0 {
                    match o.status {
                        Status::Pending => pending += rest,
                        _ => lost += rest,
                    }
                    reasons.push(from_outcome(o, rest));
                }
            }
        }
        Form::Deduct { per, floor } => {
            let room = max - floor;
            let misses = |o: &Outcome| f64::from(o.needed.saturating_sub(o.found).max(1));
            for status in [Status::Violated, Status::Pending] {
                for o in outcomes.iter().filter(|o| o.status == status) {
                    let left = room - lost - pending;
                    let off = (per * misses(o)).min(left);
                    if off <= 0.0 {
                        continue;
                    }
                    if status == Status::Violated {
                        lost += off;
                    } else {
                        pending += off;
                    }
                    reasons.push(from_outcome(o, off));
                }
            }
            earned = max - lost - pending;
        }
        Form::Bonus { per } => earned = bonus(max, *per, outcomes, records, &mut reasons),
        Form::Cases { by_severity } => lost = cases(max, by_severity, records, &mut reasons),
    }
    ItemScore {
        item: item.id.clone(),
        max: round(max),
        earned: round(earned),
        lost: round(lost),
        pending: round(pending),
        reasons,
    }
}

/// `per` points for each record beyond what a rule needs, or each record
/// of the kinds, up to `max`: the points added.
fn bonus(max: f64, per: f64, outcomes: &[&Outcome], records: &[&Record], reasons: &mut Vec<Reason>) -> f64 {
    let mut earned = 0.0;
    for o in outcomes
        .iter()
        .filter(|o| o.status == Status::Met && o.found > o.needed)
    {
        let add = (per * f64::from(o.found - o.needed)).min(max - earned);
        if add > 0.0 {
            earned += add;
            reasons.push(Reason {
                text: format!("超出要求{}次：{}", o.found - o.needed, o.message),
                ..from_outcome(o, add)
            });
        }
    }
    for r in records {
        let add = per.min(max - earned);
        if add > 0.0 {
            earned += add;
            reasons.push(Reason {
                points: round(add),
                status: Status::Met,
                text: format!("「{}」", r.title),
                rule: None,
                records: vec![r.id.clone()],
            });
        }
    }
    earned
}

/// Points off for each case by its severity, up to `max`: the points off.
fn cases(max: f64, by_severity: &BTreeMap<Severity, f64>, records: &[&Record], reasons: &mut Vec<Reason>) -> f64 {
    let mut lost = 0.0;
    for r in records {
        let Details::Accountability { severity, .. } = &r.details else {
            continue;
        };
        let off = by_severity.get(severity).copied().unwrap_or(0.0).min(max - lost);
        if off > 0.0 {
            lost += off;
            reasons.push(Reason {
                points: round(off),
                status: Status::Violated,
                text: format!("「{}」（{}）", r.title, severity.zh()),
                rule: None,
                records: vec![r.id.clone()],
            });
        }
    }
    lost
}

/// A reason from a rule's outcome.
fn from_outcome(o: &Outcome, points: f64) -> Reason {
    Reason {
        points: round(points),
        status: o.status,
        text: o.message.clone(),
        rule: Some(o.rule.clone()),
        records: o.records.clone(),
    }
}

/// The accountability cases that veto `scope`'s grade.
fn vetoes(input: &Input<'_>, index: &Index<'_>, scope: &Scope) -> Vec<Reason> {
    let veto = &input.scoring.veto;
    let org = &input.data.org;
    index
        .records(&[Kind::Accountability], scope)
        .into_iter()
        .filter_map(|r| {
            let Details::Accountability { person, severity, .. } = &r.details else {
                return None;
            };
            let leader = veto.leaders && org.person(person).is_some_and(Person::is_leader);
            let grave = veto.severities.contains(severity);
            let why = match (grave, leader) {
                (true, _) => severity.zh().to_string(),
                (false, true) => "领导干部被追究责任".to_string(),
                (false, false) => return None,
            };
            Some(Reason {
                points: 0.0,
                status: Status::Violated,
                text: format!("「{}」（{why}），一票否决", r.title),
                rule: None,
                records: vec![r.id.clone()],
            })
        })
        .collect()
}

/// The 考核组's latest marks for `scope` (the unit's are recorded for
/// `leadership`).
fn recorded(input: &Input<'_>, scope: &Scope) -> Option<Recorded> {
    let target = match scope {
        Scope::Unit => LEADERSHIP,
        Scope::Section(s) => s.as_str(),
        _ => return None,
    };
    input
        .counted
        .iter()
        .filter_map(|r| match &r.details {
            Details::Assessment { scores, .. } => scores.iter().find(|s| s.target == target).map(|s| (r, s)),
            _ => None,
        })
        .max_by_key(|(r, _)| r.date)
        .map(|(r, s)| Recorded {
            record: r.id.clone(),
            self_score: s.self_score,
            score: s.score,
            grade: s.grade.clone(),
            remarks: s.remarks.clone(),
        })
}

/// Ranks the sections by total (ties share a rank) and holds each
/// quota: a graded section beyond it, or tied with the first beyond it,
/// takes the next grade down.
fn rank_and_quota(scoring: &Scoring, sections: &mut [Score]) {
    let mut order: Vec<usize> = (0..sections.len()).collect();
    order.sort_by(|a, b| sections[*b].total.total_cmp(&sections[*a].total));
    for (place, &i) in order.iter().enumerate() {
        let rank = match place {
            0 => 1,
            _ if sections[order[place - 1]].total == sections[i].total => sections[order[place - 1]].rank.unwrap_or(1),
            _ => place as u32 + 1,
        };
        sections[i].rank = Some(rank);
    }
    let n = sections.len() as f64;
    for (g, grade) in scoring.grades.iter().enumerate() {
        let Some(quota) = grade.quota else { continue };
        let allowed = (n * quota / 100.0 + 1e-9).floor() as usize;
        let holders: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&i| sections[i].grade.as_deref() == Some(grade.name.as_str()) && sections[i].veto.is_empty())
            .collect();
        if holders.len() <= allowed {
            continue;
        }
        let first_out = sections[holders[allowed]].total;
        let next = scoring.grades.get(g + 1).map(|g| g.name.clone());
        for &i in &holders {
            if sections[i].total <= first_out {
                sections[i].grade.clone_from(&next);
                sections[i].over_quota = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Period;

    fn outcome(status: Status, found: u32, needed: u32) -> Outcome {
        Outcome {
            rule: "r".into(),
            article: String::new(),
            level: crate::rules::Level::Required,
            scope: Scope::Unit,
            period: Period::year(2026),
            status,
            found,
            needed,
            records: vec![],
            message: format!("{found}/{needed}"),
            due: None,
            item: None,
        }
    }

    fn item(points: f64, form: Form) -> Item {
        Item {
            id: "i".into(),
            title: "i".into(),
            category: Some("c".into()),
            scope: ItemScope::Unit,
            points,
            form,
            rules: vec!["r".into()],
            kinds: vec![],
        }
    }

    fn scored(points: f64, form: Form, outcomes: &[Outcome]) -> (f64, f64, f64) {
        let refs: Vec<&Outcome> = outcomes.iter().collect();
        let bonus = matches!(form, Form::Bonus { .. });
        let s = score_item(&item(points, form), &refs, &[]);
        // every point lost or pending has its reason, once
        let reasons: f64 = s.reasons.iter().map(|r| r.points).sum();
        let accounted = if bonus { s.earned } else { s.lost + s.pending };
        // each point rounded to hundredths, so within half of one apiece
        let rounding = 0.005 * (s.reasons.len() + 2) as f64;
        assert!((reasons - accounted).abs() <= rounding, "{s:?}");
        (s.earned, s.lost, s.pending)
    }

    #[test]
    fn met_is_all_or_nothing_and_pending_is_neither() {
        use Status::*;
        assert_eq!(scored(8.0, Form::Met, &[outcome(Met, 1, 1)]), (8.0, 0.0, 0.0));
        assert_eq!(scored(8.0, Form::Met, &[]), (8.0, 0.0, 0.0));
        assert_eq!(
            scored(8.0, Form::Met, &[outcome(Met, 1, 1), outcome(Pending, 0, 1)]),
            (0.0, 0.0, 8.0)
        );
        assert_eq!(
            scored(8.0, Form::Met, &[outcome(Pending, 0, 1), outcome(Violated, 0, 1)]),
            (0.0, 8.0, 0.0)
        );
    }

    #[test]
    fn proportional_at_the_threshold_and_one_short() {
        use Status::*;
        // 至少2次：2次得满分，1次得一半，0次不得分
        assert_eq!(scored(2.0, Form::Proportional, &[outcome(Met, 2, 2)]), (2.0, 0.0, 0.0));
        assert_eq!(scored(2.0, Form::Proportional, &[outcome(Met, 3, 2)]), (2.0, 0.0, 0.0));
        assert_eq!(
            scored(2.0, Form::Proportional, &[outcome(Violated, 1, 2)]),
            (1.0, 1.0, 0.0)
        );
        assert_eq!(
            scored(2.0, Form::Proportional, &[outcome(Pending, 1, 2)]),
            (1.0, 0.0, 1.0)
        );
        assert_eq!(
            scored(2.0, Form::Proportional, &[outcome(Violated, 0, 2)]),
            (0.0, 2.0, 0.0)
        );
        // over instances: one of three sections missed
        let three = [outcome(Met, 1, 1), outcome(Met, 1, 1), outcome(Violated, 0, 1)];
        let (earned, lost, _) = scored(6.0, Form::Proportional, &three);
        assert_eq!((earned, lost), (4.0, 2.0));
    }

    #[test]
    fn deduct_stops_at_the_floor() {
        use Status::*;
        let per = |per, floor| Form::Deduct { per, floor };
        assert_eq!(scored(10.0, per(3.0, 0.0), &[outcome(Violated, 0, 1)]), (7.0, 3.0, 0.0));
        // a count rule misses as many times as it falls short
        assert_eq!(scored(10.0, per(3.0, 0.0), &[outcome(Violated, 0, 2)]), (4.0, 6.0, 0.0));
        // exactly at the floor, and past it
        let four = vec![outcome(Violated, 0, 1); 4];
        assert_eq!(scored(10.0, per(2.0, 2.0), &four), (2.0, 8.0, 0.0));
        let five = vec![outcome(Violated, 0, 1); 5];
        assert_eq!(scored(10.0, per(2.0, 2.0), &five), (2.0, 8.0, 0.0));
        assert_eq!(scored(10.0, per(5.0, 0.0), &five), (0.0, 10.0, 0.0));
        // what may still be lost is pending, never beyond the floor
        let mixed = [outcome(Violated, 0, 1), outcome(Pending, 0, 1), outcome(Pending, 0, 1)];
        assert_eq!(scored(5.0, per(2.0, 0.0), &mixed), (0.0, 2.0, 3.0));
    }

    #[test]
    fn bonus_stops_at_its_cap() {
        use Status::*;
        let bonus = Form::Bonus { per: 1.0 };
        assert_eq!(scored(2.0, bonus.clone(), &[outcome(Met, 2, 1)]).0, 1.0);
        assert_eq!(scored(2.0, bonus.clone(), &[outcome(Met, 3, 1)]).0, 2.0);
        assert_eq!(scored(2.0, bonus.clone(), &[outcome(Met, 9, 1)]).0, 2.0);
        assert_eq!(scored(2.0, bonus, &[outcome(Violated, 0, 1)]).0, 0.0);
    }

    #[test]
    fn quota_keeps_the_best_and_moves_ties_at_the_edge_down() {
        let scoring = Scoring {
            grades: vec![
                Grade {
                    name: "优秀".into(),
                    min: 90.0,
                    quota: Some(30.0),
                },
                Grade {
                    name: "合格".into(),
                    min: 0.0,
                    quota: None,
                },
            ],
            ..Scoring::default()
        };
        let section = |total: f64| Score {
            scope: Scope::Section(total.to_string()),
            total,
            pending: 0.0,
            max: 100.0,
            grade: grade_of(&scoring.grades, total).map(str::to_string),
            possible: vec![],
            veto: vec![],
            over_quota: false,
            rank: None,
            recorded: None,
            differs: false,
            categories: vec![],
            items: vec![],
        };
        let grades = |totals: &[f64]| -> Vec<String> {
            let mut list: Vec<Score> = totals.iter().map(|t| section(*t)).collect();
            rank_and_quota(&scoring, &mut list);
            list.iter()
                .map(|s| format!("{}{}", s.grade.clone().unwrap_or_default(), s.rank.unwrap_or(0)))
                .collect()
        };
        // 6 sections × 30 % = 1 优秀
        assert_eq!(
            grades(&[95.0, 92.0, 91.0, 80.0, 70.0, 60.0]),
            ["优秀1", "合格2", "合格3", "合格4", "合格5", "合格6"]
        );
        // a tie for the one place: neither takes it, and both rank 1
        assert_eq!(
            grades(&[95.0, 95.0, 91.0, 80.0, 70.0, 60.0]),
            ["合格1", "合格1", "合格3", "合格4", "合格5", "合格6"]
        );
        // 10 sections × 30 % = 3; a tie below the quota does not matter
        assert_eq!(
            grades(&[99.0, 98.0, 97.0, 96.0, 96.0, 50.0, 50.0, 50.0, 50.0, 50.0])[..5],
            ["优秀1", "优秀2", "优秀3", "合格4", "合格4"]
        );
    }

    fn grades() -> Vec<Grade> {
        [("优秀", 90.0), ("合格", 75.0), ("基本合格", 60.0), ("不合格", 0.0)]
            .map(|(name, min)| Grade {
                name: name.into(),
                min,
                quota: None,
            })
            .to_vec()
    }

    #[test]
    fn a_grade_starts_at_its_least_score() {
        let g = grades();
        assert_eq!(grade_of(&g, 90.0), Some("优秀"));
        assert_eq!(grade_of(&g, 89.99), Some("合格"));
        assert_eq!(grade_of(&g, 75.0), Some("合格"));
        assert_eq!(grade_of(&g, 0.0), Some("不合格"));
    }

    #[test]
    fn a_grade_is_given_only_when_pending_points_cannot_change_it() {
        let scoring = Scoring {
            categories: vec![Category {
                id: "c".into(),
                name: "c".into(),
                weight: 100.0,
            }],
            items: vec![item(100.0, Form::Proportional)],
            grades: grades(),
            ..Scoring::default()
        };
        let data = Records::default();
        let at = |outcomes: &[Outcome]| {
            let input = Input {
                scoring: &scoring,
                data: &data,
                year: 2026,
                counted: vec![],
                outcomes,
                leaders: vec![],
            };
            let s = score(&input).unit;
            (s.total, s.pending, s.grade, s.possible)
        };
        // 80 earned, 10 pending: 合格 either way
        let (total, pending, grade, _) = at(&[outcome(Status::Pending, 8, 10)]);
        assert_eq!((total, pending, grade.as_deref()), (80.0, 20.0, None));
        let (_, _, grade, possible) = at(&[outcome(Status::Pending, 8, 10)]);
        assert_eq!((grade, possible), (None, vec!["合格".to_string(), "优秀".to_string()]));
        let (_, _, grade, _) = at(&[outcome(Status::Pending, 16, 20), outcome(Status::Met, 1, 1)]);
        assert_eq!(grade.as_deref(), Some("优秀"), "90 earned of 100, whatever comes");
        let (_, _, grade, _) = at(&[outcome(Status::Violated, 8, 10)]);
        assert_eq!(grade.as_deref(), Some("合格"));
    }

    proptest::proptest! {
        /// Whatever the results: an item never earns or loses more than its
        /// points, earned + lost + pending is its points, and the reasons
        /// account for every point lost or pending exactly once.
        #[test]
        fn items_stay_within_their_points(
            results in proptest::collection::vec((0u8..3, 0u32..6, 1u32..4), 0..12),
            points in 1u32..30,
            per in 1u32..6,
            floor in 0u32..10,
        ) {
            let outcomes: Vec<Outcome> = results
                .iter()
                .map(|(s, found, needed)| {
                    let status = [Status::Met, Status::Pending, Status::Violated][*s as usize];
                    let found = if status == Status::Met { (*found).max(*needed) } else { (*found).min(needed - 1) };
                    outcome(status, found, *needed)
                })
                .collect();
            let points = f64::from(points);
            let floor = f64::from(floor).min(points);
            for form in [Form::Met, Form::Proportional, Form::Deduct { per: f64::from(per), floor }] {
                let (earned, lost, pending) = scored(points, form.clone(), &outcomes);
                proptest::prop_assert!(earned >= -0.01 && lost >= -0.01 && pending >= -0.01);
                proptest::prop_assert!((earned + lost + pending - points).abs() < 0.05, "{form:?}: {earned} {lost} {pending}");
                if let Form::Deduct { floor, .. } = form {
                    proptest::prop_assert!(earned + pending >= floor - 0.01);
                }
            }
            let (bonus, _, _) = scored(points, Form::Bonus { per: f64::from(per) }, &outcomes);
            proptest::prop_assert!(bonus <= points + 0.01);
        }
    }

    #[test]
    fn points_print_without_noise() {
        assert_eq!(points(8.0), "8");
        assert_eq!(points(7.5), "7.5");
        assert_eq!(points(20.0 / 3.0), "6.67");
        assert_eq!(points(-0.0), "0");
    }
}
