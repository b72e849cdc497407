//! A year's front page: the counts, what is violated and pending, the
//! sections × rules grid, the charts, open findings, sections and leaders.

use crate::error::Error;
use serde::Serialize;
use tera::Value;

use super::findings::{FindingView, findings};
use super::section::{SectionSummary, summary};
use super::{leaders, roles_zh};
use crate::judge::Urls;
use crate::render::Renderer;
use crate::render::charts::{self, ComplianceRow};
use crate::render::view::{self, Link, href};
use crate::render::year::Year;
use crate::rules::{Check, Level, Rule, RuleScope, Status};

#[derive(Serialize)]
struct Counts {
    violated_required: usize,
    violated_advisory: usize,
    pending: usize,
    met: usize,
    records: usize,
}

#[derive(Serialize)]
struct GridRule<'a> {
    id: &'a str,
    title: &'a str,
    article: &'a str,
}

#[derive(Serialize)]
struct GridCell {
    status: Option<Status>,
    status_zh: Option<&'static str>,
    message: String,
}

#[derive(Serialize)]
struct GridRow<'a> {
    name: &'a str,
    url: String,
    cells: Vec<GridCell>,
}

#[derive(Serialize)]
struct MonthCount {
    month: String,
    count: u32,
}

/// The pending outcomes due in one month, folded under a heading.
#[derive(Serialize)]
struct PendingGroup {
    label: String,
    outcomes: Vec<Value>,
}

/// The misses of one rule: the first few, and how many in all (the rules
/// page lists every one).
#[derive(Serialize)]
struct ViolatedGroup {
    title: String,
    advisory: bool,
    count: usize,
    url: String,
    outcomes: Vec<Value>,
}

/// Misses shown per rule on the dashboard.
const SHOWN_PER_RULE: usize = 5;

#[derive(Serialize)]
struct LeaderLink {
    link: Link,
    roles: String,
}

#[derive(Serialize)]
struct Dashboard<'a> {
    counts: Counts,
    violated: Vec<ViolatedGroup>,
    pending_groups: Vec<PendingGroup>,
    upcoming: Vec<Value>,
    grid_rules: Vec<GridRule<'a>>,
    grid: Vec<GridRow<'a>>,
    activity_chart: charts::ActivityChart,
    compliance_chart: charts::ComplianceChart,
    activity: Vec<MonthCount>,
    compliance: Vec<ComplianceRow>,
    open_findings: Vec<FindingView<'a>>,
    sections: Vec<SectionSummary>,
    leaders: Vec<LeaderLink>,
    recent: Vec<Value>,
    /// The unit's 考核 score.
    score: Option<Value>,
}

pub(super) fn page(renderer: &Renderer<'_>, y: &Year<'_>) -> Result<(), Error> {
    let year = y.year;
    let section_rules: Vec<&Rule> =
        y.v.rules
            .iter()
            .filter(|r| match &r.check {
                Check::Count { scope, .. } => *scope == RuleScope::Section,
                Check::People { section_scope, .. } => *section_scope,
                _ => false,
            })
            .collect();
    let months = activity(y);
    let compliance = compliance(y);
    let groups = pending_groups(y);
    let context = Dashboard {
        counts: counts(y),
        violated: violated_groups(y),
        upcoming: groups.iter().flat_map(|g| &g.outcomes).take(6).cloned().collect(),
        pending_groups: groups,
        grid_rules: section_rules
            .iter()
            .map(|r| GridRule {
                id: &r.id,
                title: &r.title,
                article: &r.article,
            })
            .collect(),
        grid: grid(y, &section_rules),
        activity_chart: charts::activity(&months, &format!("{year}年各月记录数（数据见下方表格）")),
        compliance_chart: charts::compliance(&compliance, &format!("{year}年各科室规则执行情况（数据见下方表格）")),
        activity: months
            .iter()
            .enumerate()
            .map(|(i, &count)| MonthCount {
                month: charts::month_label(i),
                count,
            })
            .collect(),
        compliance,
        open_findings: findings(y).into_iter().filter(|f| f.open || f.overdue).collect(),
        sections: y.v.data.org.sections.iter().map(|s| summary(y, s)).collect(),
        leaders: leaders(y)
            .iter()
            .map(|p| LeaderLink {
                link: y.v.person_link(&p.id),
                roles: roles_zh(p),
            })
            .collect(),
        recent: y
            .records
            .iter()
            .rev()
            .take(8)
            .filter_map(|r| y.record_value(&r.id))
            .collect(),
        score: super::scores::unit(y),
    };
    renderer.page(&Urls::dashboard(year), "dashboard.html", &y.site, &context)
}

fn counts(y: &Year<'_>) -> Counts {
    let count = |s: Status, l: Option<Level>| {
        y.outcomes
            .iter()
            .filter(|o| o.status == s && l.is_none_or(|l| o.level == l))
            .count()
    };
    Counts {
        violated_required: count(Status::Violated, Some(Level::Required)),
        violated_advisory: count(Status::Violated, Some(Level::Advisory)),
        pending: count(Status::Pending, None),
        met: count(Status::Met, None),
        records: y.records.len(),
    }
}

/// The pending outcomes by the month they fall due, the soonest first.
/// The misses of the year by rule, required rules first, in rule order.
fn violated_groups(y: &Year<'_>) -> Vec<ViolatedGroup> {
    let mut groups: Vec<ViolatedGroup> = Vec::new();
    let mut rules: Vec<&Rule> = y.v.rules.iter().collect();
    rules.sort_by_key(|r| r.level);
    for rule in rules {
        let mine = || {
            y.outcomes
                .iter()
                .zip(&y.outcome_values)
                .filter(|(o, _)| o.status == Status::Violated && o.rule == rule.id)
                .map(|(_, v)| v)
        };
        let count = mine().count();
        if count == 0 {
            continue;
        }
        groups.push(ViolatedGroup {
            title: rule.title.clone(),
            advisory: rule.level == Level::Advisory,
            count,
            url: format!("{}#{}", href(&Urls::year_page(y.year, "rules")), rule.id),
            outcomes: mine().take(SHOWN_PER_RULE).cloned().collect(),
        });
    }
    groups
}

fn pending_groups(y: &Year<'_>) -> Vec<PendingGroup> {
    use chrono::Datelike;
    let mut pending: Vec<_> = y
        .outcomes
        .iter()
        .zip(&y.outcome_values)
        .filter(|(o, _)| o.status == Status::Pending)
        .collect();
    pending.sort_by_key(|(o, _)| o.due);
    let mut groups: Vec<PendingGroup> = Vec::new();
    for (o, view) in pending {
        let label = o.due.map_or_else(
            || "没有期限".to_string(),
            |d| format!("{}年{}月到期", d.year(), d.month()),
        );
        match groups.last_mut() {
            Some(group) if group.label == label => group.outcomes.push(view.clone()),
            _ => groups.push(PendingGroup {
                label,
                outcomes: vec![view.clone()],
            }),
        }
    }
    groups
}

/// Each section's row of the grid: the worst status of each section rule.
fn grid<'a>(y: &Year<'a>, section_rules: &[&Rule]) -> Vec<GridRow<'a>> {
    y.v.data
        .org
        .sections
        .iter()
        .map(|s| {
            let cells = section_rules
                .iter()
                .map(|rule| {
                    let found: Vec<_> = y
                        .outcomes
                        .iter()
                        .zip(&y.outcome_views)
                        .filter(|(o, _)| o.rule == rule.id && o.scope.section() == Some(s.id.as_str()))
                        .collect();
                    let worst = found.iter().map(|(o, _)| (o.status, o.level)).min();
                    GridCell {
                        status: worst.map(|(s, _)| s),
                        status_zh: worst.map(|(s, l)| s.zh_at(l)),
                        message: found
                            .iter()
                            .map(|(_, view)| view.message.as_str())
                            .collect::<Vec<_>>()
                            .join("；"),
                    }
                })
                .collect();
            GridRow {
                name: &s.name,
                url: href(&Urls::section(y.year, &s.id)),
                cells,
            }
        })
        .collect()
}

/// Records per month (and one more for January of the next year, when
/// some record is dated then).
fn activity(y: &Year<'_>) -> Vec<u32> {
    let mut months = vec![0u32; 12];
    for r in &y.records {
        let i = view::month_index(y.year, r.date);
        if i >= months.len() {
            months.resize(i + 1, 0);
        }
        months[i] += 1;
    }
    months
}

/// Each section's outcomes by status.
fn compliance(y: &Year<'_>) -> Vec<ComplianceRow> {
    y.v.data
        .org
        .sections
        .iter()
        .map(|s| {
            let count = |st: Status| {
                y.outcomes
                    .iter()
                    .zip(&y.section_of)
                    .filter(|(o, sec)| **sec == Some(s.id.as_str()) && o.status == st)
                    .count() as u32
            };
            ComplianceRow {
                label: s.name.clone(),
                met: count(Status::Met),
                pending: count(Status::Pending),
                violated: count(Status::Violated),
            }
        })
        .collect()
}
