//! What drafting reads and the pieces every report is made of: records
//! written out, the opening with its figures, the （一） sub-parts as
//! 一是…二是…, the problems generalised rule by rule, the plans that answer
//! them, and the tables attached.

use chrono::NaiveDate;

use super::phrases::{PHRASES, PartSpec, Vars, fill, t};
use super::{Annex, Para, Part, day};
use crate::export::{Cell, STATISTICS_HEADER, Table};

use crate::model::*;
use crate::render::view::Views;
use crate::render::year::Year;
use crate::rules::{Level, Outcome, Scope, Status};

/// What drafting a report reads: the year's views, the records that
/// have happened, and the outcomes.
pub(super) struct Drafter<'a, 'v> {
    pub(super) y: &'a Year<'v>,
    pub(super) v: &'a Views<'v>,
    pub(super) year: i32,
    /// The records of the year that have happened as of the date.
    pub(super) records: Vec<&'a Record>,
    /// Drafting a section's own report (本科室, not 部分科室).
    pub(super) own: bool,
}

impl<'a, 'v> Drafter<'a, 'v> {
    /// A drafter over the records of `y` that `mine` accepts and that
    /// have happened as of the judging day.
    pub(super) fn new(y: &'a Year<'v>, own: bool, mine: impl Fn(&Record) -> bool) -> Drafter<'a, 'v> {
        Drafter {
            y,
            v: &y.v,
            year: y.year,
            records: y
                .records
                .iter()
                .copied()
                .filter(|r| y.v.as_of.counts(r) && mine(r))
                .collect(),
            own,
        }
    }

    pub(super) fn of(&self, kind: Kind, pred: impl Fn(&Record) -> bool) -> Vec<&'a Record> {
        self.records
            .iter()
            .copied()
            .filter(|r| r.kind == kind && pred(r))
            .collect()
    }

    pub(super) fn org(&self) -> &Org {
        &self.v.data.org
    }

    pub(super) fn names(&self, ids: &[String]) -> String {
        ids.iter()
            .map(|id| self.org().scope_name(id).to_string())
            .collect::<Vec<_>>()
            .join("、")
    }

    pub(super) fn day(&self, date: NaiveDate) -> String {
        day(self.year, date)
    }

    /// The record's title, linked to its page; a document's name in 《》.
    pub(super) fn title(&self, r: &Record) -> Para {
        let document = matches!(r.kind, Kind::Plan | Kind::Regulation) && !r.title.contains('《');
        let title = if document {
            format!("《{}》", r.title)
        } else {
            r.title.clone()
        };
        Para::default().link(title, self.v.urls.record(&r.id))
    }

    /// "2月26日召开2026年第一次党风廉政建设专题会议，研究部署全年工作":
    /// the day, the kind's verb, the title, and the record's summary.
    pub(super) fn item(&self, r: &Record) -> Para {
        let verb = PHRASES.verbs.get(r.kind.id()).map_or("", String::as_str);
        // a title that starts with its verb (印发《…》) says it already
        let verb = if r.title.starts_with(verb) { "" } else { verb };
        let p = t(format!("{}{verb}", self.day(r.date))).append(self.title(r));
        match &r.summary {
            Some(summary) => p.text(format!("，{summary}")),
            None => p,
        }
    }

    /// The values every group of records gives a phrase: {n}, {items},
    /// {dates}, {titles} and {summaries}.
    pub(super) fn group(&self, records: &[&Record]) -> Vec<(&'static str, Para)> {
        let dates = records
            .iter()
            .map(|r| Para::default().link(self.day(r.date), self.v.urls.record(&r.id)))
            .collect();
        // several records' summaries each say their day, so that what one
        // meeting decided is not read as another's
        let dated = records.len() > 1;
        let summaries: Vec<Para> = records
            .iter()
            .filter_map(|r| {
                let summary = r.summary.as_deref()?;
                Some(if dated {
                    t(format!("{}{summary}", self.day(r.date)))
                } else {
                    t(summary)
                })
            })
            .collect();
        vec![
            ("n", t(records.len().to_string())),
            (
                "items",
                Para::join(records.iter().map(|r| self.item(r)).collect(), "，"),
            ),
            ("dates", Para::join(dates, "、")),
            (
                "titles",
                Para::join(records.iter().map(|r| self.title(r)).collect(), "、"),
            ),
            ("summaries", Para::join(summaries, "，")),
        ]
    }

    /// The clause `name` about `records` with `more` values, or nothing
    /// when there are no records.
    pub(super) fn about(&self, name: &str, records: &[&Record], more: Vec<(&'static str, Para)>) -> Option<Para> {
        if records.is_empty() {
            return None;
        }
        let mut vars = self.group(records);
        vars.extend(more);
        Some(fill(PHRASES.clause(name), &vars))
    }

    /// "综合科1次、信访科2次": per section, how many of `records` it has.
    pub(super) fn each_section(&self, records: &[&Record]) -> String {
        self.org()
            .sections
            .iter()
            .filter_map(|s| {
                let n = records.iter().filter(|r| r.scope == s.id).count();
                (n > 0).then(|| format!("{}{n}次", s.name))
            })
            .collect::<Vec<_>>()
            .join("、")
    }

    /// The 统计表 of the year.
    pub(super) fn statistics(&self) -> &'a Table {
        self.y.statistics()
    }

    /// The opening: the year framed, the main figures of `row` (a row of
    /// the 统计表), and 现将有关情况报告如下.
    pub(super) fn opening(&self, frame: &super::phrases::Frame, vars: &Vars<'_>, row: &[Cell]) -> Vec<Para> {
        let figures: Vec<Para> = PHRASES
            .figures
            .iter()
            .filter_map(|f| {
                let i = STATISTICS_HEADER.iter().position(|h| *h == f.column)?;
                match row.get(i) {
                    Some(Cell::Number(n)) if *n > 0 => Some(fill(&f.text, &[("n", t(n.to_string()))])),
                    _ => None,
                }
            })
            .collect();
        let mut p = fill(&frame.frame, vars);
        if !figures.is_empty() {
            p = p.append(fill(&frame.figures, &[("figures", Para::join(figures, "，"))]));
        }
        vec![p.append(fill(&frame.basis, vars))]
    }

    /// A （一） sub-part: its topic sentence, then its clauses as
    /// 一是…；二是…。 Nothing when there are no clauses.
    pub(super) fn work(&self, spec: &PartSpec, clauses: Vec<Option<Para>>) -> Option<Part> {
        let clauses: Vec<Para> = clauses.into_iter().flatten().filter(|c| !c.is_empty()).collect();
        if clauses.is_empty() {
            return None;
        }
        let mut p = t(&spec.topic);
        if clauses.len() == 1 {
            p = p.append(Para::join(clauses, ""));
        } else {
            for (i, clause) in clauses.into_iter().enumerate() {
                if i > 0 {
                    p = p.text("；");
                }
                p = p.text(format!("{}是", PHRASES.ordinal(i))).append(clause);
            }
        }
        Some(Part::new(&spec.title, vec![p.text("。")]).also(&spec.aliases))
    }

    /// 存在的问题: the certain misses that `mine` accepts, one problem per
    /// rule (required ones first), each generalised over its sections or
    /// records and naming no person.
    pub(super) fn problems(&self, mine: impl Fn(&Outcome) -> bool) -> Vec<Para> {
        let groups = self.missed(mine);
        if groups.is_empty() {
            return vec![fill(
                &PHRASES.problems.none,
                &[("date", t(date_zh(self.v.as_of.date())))],
            )];
        }
        let mut paras = vec![t(&PHRASES.problems.lead)];
        for (i, (rule, list)) in groups.iter().enumerate() {
            let words = PHRASES.problem(rule);
            let (late, missed): (Vec<&Outcome>, Vec<&Outcome>) = list.iter().partition(|o| o.found > 0);
            // what was missed, then what was done late, each with the
            // reasons its records give
            let say = |shape: &str, of: &[&Outcome]| {
                let p = fill(shape, &self.problem_vars(rule, of));
                let reasons = self.reasons(of);
                if reasons.is_empty() {
                    p
                } else {
                    p.append(fill(&PHRASES.problems.cause, &[("reasons", t(reasons.join("；")))]))
                }
            };
            let details = match &words.late {
                Some(late_words) => {
                    let mut parts = Vec::new();
                    if !missed.is_empty() {
                        parts.push(say(&words.detail, &missed));
                    }
                    if !late.is_empty() {
                        parts.push(say(late_words, &late));
                    }
                    Para::join(parts, "；")
                }
                None => say(&words.detail, list),
            };
            let vars = [
                ("ordinal", t(PHRASES.ordinal(i))),
                ("pattern", fill(words.pattern(self.own), &self.problem_vars(rule, list))),
                ("details", details),
            ];
            paras.push(fill(&PHRASES.problems.item, &vars));
        }
        paras
    }

    /// What the records a problem is about say of why (their `reason`),
    /// each once.
    fn reasons(&self, list: &[&Outcome]) -> Vec<String> {
        let mut reasons: Vec<String> = Vec::new();
        for o in list {
            if let Scope::Record(id) = &o.scope
                && let Some(reason) = self.v.data.record(id).and_then(|r| r.reason.clone())
                && !reasons.contains(&reason)
            {
                reasons.push(reason);
            }
        }
        reasons
    }

    /// The violated outcomes `mine` accepts, grouped by rule, required
    /// rules first, each group in the order judged.
    fn missed(&self, mine: impl Fn(&Outcome) -> bool) -> Vec<(String, Vec<&'a Outcome>)> {
        let mut groups: Vec<(Level, String, Vec<&'a Outcome>)> = Vec::new();
        for o in self
            .y
            .outcomes
            .iter()
            .filter(|o| o.status == Status::Violated && mine(o))
        {
            match groups.iter_mut().find(|(_, rule, _)| *rule == o.rule) {
                Some((_, _, list)) => list.push(o),
                None => groups.push((o.level, o.rule.clone(), vec![o])),
            }
        }
        groups.sort_by_key(|(level, _, _)| *level);
        groups.into_iter().map(|(_, rule, list)| (rule, list)).collect()
    }

    /// The values a problem's words take: {scopes} (the sections, or the
    /// unit), {n}, {records} (titles in “”), {periods}, {title} and
    /// {article} of the rule.
    fn problem_vars(&self, rule: &str, list: &[&Outcome]) -> Vec<(&'static str, Para)> {
        let data = self.v.data;
        let mut scopes: Vec<String> = Vec::new();
        let mut records: Vec<Para> = Vec::new();
        let mut periods: Vec<String> = Vec::new();
        let rule_words = self.v.rules.iter().find(|r| r.id == rule);
        for o in list {
            match &o.scope {
                Scope::Section(id) => scopes.push(self.org().scope_name(id).to_string()),
                Scope::Record(id) => {
                    if let Some(r) = data.record(id) {
                        records.push(
                            t("“")
                                .append(Para::default().link(r.title.clone(), self.v.urls.record(id)))
                                .text("”"),
                        );
                    }
                }
                Scope::Unit | Scope::Person(_) => {}
            }
            let period = o.period.zh();
            if !periods.contains(&period) {
                periods.push(period);
            }
        }
        scopes.dedup();
        let (title, article) = rule_words
            .map(|r| (r.title.clone(), r.article.clone()))
            .unwrap_or_default();
        // what was found, when the problem is one instance
        let found = match list {
            [one] => one.found.to_string(),
            _ => String::new(),
        };
        vec![
            ("scopes", t(scopes.join("、"))),
            ("n", t(list.len().to_string())),
            ("records", named_few(records)),
            ("periods", t(periods.join("、"))),
            ("found", t(found)),
            ("title", t(title)),
            ("article", t(article)),
        ]
    }

    /// 下一步工作打算: the measures that answer the problems `mine`
    /// accepts, then the standing ones, as 一是…。二是…。
    pub(super) fn plans(&self, mine: impl Fn(&Outcome) -> bool) -> Vec<Para> {
        let groups = self.missed(mine);
        let mut items: Vec<Para> = Vec::new();
        if !groups.is_empty() {
            items.push(t(&PHRASES.plans.answer));
        }
        for (rule, list) in &groups {
            let measure = fill(PHRASES.problem(rule).measure(self.own), &self.problem_vars(rule, list));
            if !items.iter().any(|m| m.plain() == measure.plain()) {
                items.push(measure);
            }
        }
        items.extend(PHRASES.plans.always.iter().map(t));
        let mut paras = vec![fill(&PHRASES.plans.lead, &[("next", t((self.year + 1).to_string()))])];
        for (i, text) in items.into_iter().enumerate() {
            paras.push(fill(
                &PHRASES.plans.item,
                &[("ordinal", t(PHRASES.ordinal(i))), ("text", text)],
            ));
        }
        paras
    }

    /// The date the report is dated: that of the special report record
    /// filed for it, else the as-of date.
    pub(super) fn dated(&self, scope: &str) -> NaiveDate {
        self.report_record(scope).map_or(self.v.as_of.date(), |r| r.date)
    }

    /// The special report record filed for `scope`'s report.
    pub(super) fn report_record(&self, scope: &str) -> Option<&'a Record> {
        self.records
            .iter()
            .copied()
            .find(|r| r.kind == Kind::SpecialReport && r.scope == scope)
    }

    /// The 问题整改台账 of the findings `keep` accepts, as an attachment,
    /// when there are any.
    pub(super) fn ledger(&self, number: usize, keep: impl Fn(&[Cell]) -> bool) -> Option<Annex> {
        let table = self.y.ledger();
        let columns = [
            "序号",
            "问题",
            "科室",
            "责任人",
            "整改期限",
            "状态",
            "销号日期",
            "逾期天数",
        ];
        let rows: Vec<&Vec<Cell>> = table.rows.iter().filter(|row| keep(row)).collect();
        if rows.is_empty() {
            return None;
        }
        let picked: Vec<usize> = columns
            .iter()
            .filter_map(|c| table.header.iter().position(|h| h == c))
            .collect();
        Some(Annex {
            number,
            title: format!("{}年度问题整改台账", self.year),
            header: picked.iter().map(|&i| table.header[i].to_string()).collect(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(n, row)| {
                    picked
                        .iter()
                        .map(|&i| match (i, &row[i]) {
                            (0, _) => (n + 1).to_string(),
                            (_, cell) => super::cell_text(self.year, cell),
                        })
                        .collect()
                })
                .collect(),
            total: false,
            wide: false,
        })
    }
}

/// Records a problem names: all of a few; of many, the first three and
/// how many in all (a report names examples, the ledger lists them all).
fn named_few(mut records: Vec<Para>) -> Para {
    const NAMED: usize = 3;
    let n = records.len();
    if n <= NAMED + 1 {
        return Para::join(records, "、");
    }
    records.truncate(NAMED);
    Para::join(records, "、").text(format!("等{n}项"))
}
