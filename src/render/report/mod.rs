//! The year-end 专题报告 (Article 11): drafted from the records and the rule
//! results, in the register of a real report, then overlaid heading by
//! heading with what the staff wrote in the year's `report.md` (or a
//! section's own `report.md`).

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::view::{Link, href};
use crate::model::*;

mod draft;
mod narrative;
mod notice;
mod phrases;
mod section;
mod unit;

use phrases::PHRASES;

pub use narrative::apply_narrative;
pub use notice::{notice, text_of};
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

    /// The text without its links.
    pub fn plain(&self) -> String {
        self.0.iter().map(|l| l.text.as_str()).collect()
    }

    /// This paragraph followed by `other`.
    fn append(mut self, other: Para) -> Para {
        for piece in other.0 {
            self = match piece.url {
                None => self.text(piece.text),
                Some(_) => {
                    self.0.push(piece);
                    self
                }
            };
        }
        self
    }

    /// `items` joined by `sep`.
    fn join(items: Vec<Para>, sep: &str) -> Para {
        items.into_iter().enumerate().fold(Para::default(), |p, (i, item)| {
            if i > 0 {
                p.text(sep).append(item)
            } else {
                p.append(item)
            }
        })
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
    /// That text as they wrote it (Markdown), for the Word document.
    #[serde(skip)]
    pub source: Option<String>,
    /// The sub-parts, numbered （一）（二）…
    pub children: Vec<Part>,
    /// Written by the staff rather than drafted.
    pub written: bool,
    /// The headings it had before, which a `report.md` may still use.
    #[serde(skip)]
    pub aliases: Vec<String>,
}

impl Part {
    fn new(title: &str, paras: Vec<Para>) -> Part {
        Part {
            number: String::new(),
            title: title.to_string(),
            paras: paras.into_iter().filter(|p| !p.is_empty()).collect(),
            html: None,
            source: None,
            children: Vec::new(),
            written: false,
            aliases: Vec::new(),
        }
    }

    fn also(mut self, aliases: &[String]) -> Part {
        self.aliases = aliases.to_vec();
        self
    }
}

/// An attachment (附件) printed after the report: a table.
#[derive(Debug, Clone, Serialize)]
pub struct Annex {
    /// 1, 2… as in 附件1.
    pub number: usize,
    /// Its title, such as 2026年度党风廉政建设责任制落实情况统计表.
    pub title: String,
    /// The column headings.
    pub header: Vec<String>,
    /// The rows, as text.
    pub rows: Vec<Vec<String>>,
    /// The last row is a total (合计).
    pub total: bool,
    /// Wide enough to print on a landscape page.
    pub wide: bool,
}

/// A year-end report, of the unit or of a section.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The title, such as 关于2026年度落实党风廉政建设责任制情况的专题报告.
    pub title: String,
    /// The title in the pieces between which a line may break.
    pub title_parts: Vec<String>,
    /// 主送机关
    pub to: String,
    /// The drafted paragraphs before the first part.
    pub opening: Vec<Para>,
    /// The staff's opening, when it replaces the draft.
    pub opening_html: Option<String>,
    /// That opening as they wrote it (Markdown), for the Word document.
    #[serde(skip)]
    pub opening_source: Option<String>,
    /// The parts, numbered 一、二、…
    pub parts: Vec<Part>,
    /// The last line of the body: 特此报告。
    pub closing: String,
    /// The attachments, listed under 附件 after the body and printed after
    /// the date.
    pub annexes: Vec<Annex>,
    /// 发文机关署名
    pub signature: String,
    /// 成文日期, as 2026年12月30日
    pub date_zh: String,
    /// True when some part comes from the staff's narrative.
    pub has_narrative: bool,
}

/// The report of the unit (`None`) or of a section, drafted from the
/// records and overlaid with the staff's narrative where there is one.
pub(in crate::render) fn drafted(y: &super::year::Year<'_>, section: Option<&Section>) -> Report {
    let mut report = match section {
        None => unit(y),
        Some(s) => self::section(y, s),
    };
    let scope = section.map_or(LEADERSHIP, |s| s.id.as_str());
    if let Some(text) = y.v.data.narratives.get(&(y.year, scope.to_string())) {
        apply_narrative(&mut report, text);
    }
    report
}

/// A report's title from its phrase, in the pieces between which a line
/// may break (`|` in the phrase).
fn title_parts(phrase: &str, vars: &phrases::Vars<'_>) -> Vec<String> {
    phrases::fill(phrase, vars)
        .plain()
        .split('|')
        .map(str::to_string)
        .collect()
}

/// Puts 一、二、… on parts and （一）（二）… on their children.
fn renumber(parts: &mut [Part]) {
    for (i, part) in parts.iter_mut().enumerate() {
        part.number = format!("{}、", PHRASES.ordinal(i));
        for (j, child) in part.children.iter_mut().enumerate() {
            child.number = format!("（{}）", PHRASES.ordinal(j));
        }
    }
}

/// The 统计表 of `table` (the year's) as an attachment.
pub(in crate::render) fn statistics_annex(year: i32, number: usize, table: &crate::export::Table) -> Annex {
    table_annex(
        year,
        number,
        format!("{year}年度党风廉政建设责任制落实情况统计表"),
        table,
        true,
    )
}

/// A ledger as an attachment (or a page's table) of the year: its last
/// row a total.
pub(in crate::render) fn table_annex(
    year: i32,
    number: usize,
    title: String,
    table: &crate::export::Table,
    wide: bool,
) -> Annex {
    Annex {
        number,
        title,
        header: table.header.iter().map(|h| h.to_string()).collect(),
        rows: table
            .rows
            .iter()
            .map(|row| row.iter().map(|c| cell_text(year, c)).collect())
            .collect(),
        total: true,
        wide,
    }
}

/// A ledger cell as a report prints it: dates as 9月11日 in the year.
fn cell_text(year: i32, cell: &crate::export::Cell) -> String {
    use crate::export::Cell;
    match cell {
        Cell::Text(text) => text.clone(),
        Cell::Number(n) => n.to_string(),
        Cell::Date(d) => day(year, *d),
        Cell::Empty => String::new(),
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
