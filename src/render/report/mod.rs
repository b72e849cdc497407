//! The year-end 专题报告 (Article 11): drafted from the records and the rule
//! results, in the register of a real report, then overlaid heading by
//! heading with what the staff wrote in the year's `report.md` (or a
//! section's own `report.md`).

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::view::{Link, Views, href};
use super::year::Year;
use crate::model::*;
use crate::rules::{Level, Outcome, Status};

mod narrative;
mod section;
mod unit;

pub use narrative::apply_narrative;
pub(in crate::render) use section::section;
pub(in crate::render) use unit::unit;

/// A paragraph: text with links to the records it cites.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Para(pub Vec<Link>);

impl Para {
    fn text(mut self, text: impl Into<String>) -> Para {
        let text = text.into();
        match self.0.last_mut() {
            Some(last) if last.url.is_none() => last.text.push_str(&text),
            _ => self.0.push(Link {
                text,
                url: None,
                download: None,
            }),
        }
        self
    }

    fn link(mut self, text: impl Into<String>, url: Option<String>) -> Para {
        self.0.push(Link {
            text: text.into(),
            url: url.as_deref().map(href),
            download: None,
        });
        self
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A part of a report under its heading, or a sub-part of one.
#[derive(Debug, Clone, Serialize)]
pub struct Part {
    /// 一、 or （一）
    pub number: String,
    /// The heading, which a `report.md` heading of the same title replaces.
    pub title: String,
    /// The drafted paragraphs.
    pub paras: Vec<Para>,
    /// The staff's text, when it replaces the draft.
    pub html: Option<String>,
    /// The sub-parts, numbered （一）（二）…
    pub children: Vec<Part>,
    /// Written by the staff rather than drafted.
    pub written: bool,
}

impl Part {
    fn new(title: &str, paras: Vec<Para>) -> Part {
        Part {
            number: String::new(),
            title: title.to_string(),
            paras: paras.into_iter().filter(|p| !p.is_empty()).collect(),
            html: None,
            children: Vec::new(),
            written: false,
        }
    }
}

/// A year-end report, of the unit or of a section.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The title, such as 关于2026年度落实党风廉政建设责任制情况的专题报告.
    pub title: String,
    /// 主送机关
    pub to: String,
    /// The drafted paragraphs before the first part.
    pub opening: Vec<Para>,
    /// The staff's opening, when it replaces the draft.
    pub opening_html: Option<String>,
    /// The parts, numbered 一、二、…
    pub parts: Vec<Part>,
    /// 发文机关署名
    pub signature: String,
    /// 成文日期, as 2026年12月30日
    pub date_zh: String,
    /// True when some part comes from the staff's narrative.
    pub has_narrative: bool,
}

const NUMBERS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

fn number(i: usize) -> &'static str {
    NUMBERS.get(i).copied().unwrap_or("十")
}

/// Puts 一、二、… on parts and （一）（二）… on their children.
fn renumber(parts: &mut [Part]) {
    for (i, part) in parts.iter_mut().enumerate() {
        part.number = format!("{}、", number(i));
        for (j, child) in part.children.iter_mut().enumerate() {
            child.number = format!("（{}）", number(j));
        }
    }
}

/// "2月26日" within the report's year, "2027年1月20日" outside it.
fn day(year: i32, date: NaiveDate) -> String {
    if date.year() == year {
        format!("{}月{}日", date.month(), date.day())
    } else {
        date_zh(date)
    }
}

fn join_days(year: i32, records: &[&Record]) -> String {
    records.iter().map(|r| day(year, r.date)).collect::<Vec<_>>().join("、")
}

/// What drafting a report reads: the year's views, the records that
/// have happened, and the outcomes.
struct Drafter<'a, 'v> {
    v: &'a Views<'v>,
    year: i32,
    /// The records of the year that have happened as of the date.
    records: Vec<&'a Record>,
    outcomes: &'a [Outcome],
}

impl<'a, 'v> Drafter<'a, 'v> {
    /// A drafter over the records of `y` that `mine` accepts and that
    /// have happened as of the judging day.
    fn new(y: &'a Year<'v>, mine: impl Fn(&Record) -> bool) -> Drafter<'a, 'v> {
        Drafter {
            v: &y.v,
            year: y.year,
            records: y
                .records
                .iter()
                .copied()
                .filter(|r| y.v.as_of.counts(r) && mine(r))
                .collect(),
            outcomes: y.outcomes,
        }
    }

    fn of(&self, kind: Kind, pred: impl Fn(&Record) -> bool) -> Vec<&'a Record> {
        self.records
            .iter()
            .copied()
            .filter(|r| r.kind == kind && pred(r))
            .collect()
    }

    fn url(&self, r: &Record) -> Option<String> {
        self.v.urls.record(&r.id)
    }

    /// "2月26日召开…；9月3日召开…", each title linked to its record; a
    /// plan's title is a document's name and gets 《》.
    fn list(&self, mut p: Para, records: &[&Record], verb: &str) -> Para {
        for (i, r) in records.iter().enumerate() {
            if i > 0 {
                p = p.text("；");
            }
            let title = if r.kind == Kind::Plan && !r.title.contains('《') {
                format!("《{}》", r.title)
            } else {
                r.title.clone()
            };
            p = p
                .text(format!("{}{verb}", day(self.year, r.date)))
                .link(title, self.url(r));
        }
        p
    }

    fn org(&self) -> &Org {
        &self.v.data.org
    }

    fn names(&self, ids: &[String]) -> String {
        ids.iter()
            .map(|id| self.org().scope_name(id).to_string())
            .collect::<Vec<_>>()
            .join("、")
    }

    /// The date the report is dated: that of the special report record
    /// filed for it, else the as-of date.
    fn dated(&self, scope: &str) -> NaiveDate {
        self.records
            .iter()
            .find(|r| r.kind == Kind::SpecialReport && r.scope == scope)
            .map_or(self.v.as_of.date(), |r| r.date)
    }

    fn problems(&self, mine: impl Fn(&Outcome) -> bool) -> Vec<Para> {
        let mut list: Vec<&Outcome> = self
            .outcomes
            .iter()
            .filter(|o| o.status == Status::Violated && mine(o))
            .collect();
        list.sort_by_key(|o| (o.level, o.due));
        if list.is_empty() {
            return vec![Para::default().text("对照实施办法逐条检查，截至目前未发现未落实的事项。")];
        }
        let mut paras = vec![Para::default().text(format!(
            "对照实施办法逐条检查，截至{}，仍有{}项要求未落实到位：",
            date_zh(self.v.as_of.date()),
            list.len()
        ))];
        for (i, o) in list.iter().enumerate() {
            let mut p = Para::default().text(format!("{}. ", i + 1)).text(o.message.clone());
            if o.level == Level::Advisory {
                p = p.text("（倡导性要求）");
            }
            paras.push(p.text("。"));
        }
        paras
    }

    fn plans(&self, mine: impl Fn(&Outcome) -> bool) -> Vec<Para> {
        let violated: Vec<&Outcome> = self
            .outcomes
            .iter()
            .filter(|o| o.status == Status::Violated && mine(o))
            .collect();
        let mut items: Vec<String> = Vec::new();
        if !violated.is_empty() {
            items.push("针对上述问题逐项制定整改措施，明确责任人和完成时限，整改结果按规定及时上报。".into());
        }
        let mut seen = Vec::new();
        for o in &violated {
            if seen.contains(&o.rule) {
                continue;
            }
            seen.push(o.rule.clone());
            if let Some(rule) = self.v.rules.iter().find(|r| r.id == o.rule) {
                items.push(format!("严格落实“{}”的要求（{}）。", rule.title, rule.article));
            }
        }
        items.push(
            "坚持把党风廉政建设与业务工作一起部署、一起落实、一起检查、一起考核，推动责任制各项要求落到实处。".into(),
        );
        items
            .into_iter()
            .enumerate()
            .map(|(i, t)| Para::default().text(format!("{}. {t}", i + 1)))
            .collect()
    }
}
