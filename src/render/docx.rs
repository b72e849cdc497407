//! The special reports as Word documents (`.docx`), written with docx-rs
//! from the same [`Report`] as the site's page, in the GB/T 9704-2012
//! layout: A4, margins 37 / 35 / 28 / 26 mm (mirrored for binding), a
//! grid of 22 lines × 28 characters, 方正小标宋简体 22 pt for the title,
//! 仿宋_GB2312 16 pt for the body, 黑体 for 一、, 楷体_GB2312 for （一）,
//! Times New Roman for Latin letters and digits, `— 1 —` page numbers in
//! 4号宋体, odd pages right and even pages left. Real paragraphs and a
//! real table, for the secretary to edit in Word or WPS.
//!
//! docx-rs writes some elements out of the order the OOXML schema gives
//! (`w:sz` before `w:rFonts`, `w:footerReference` after `w:docGrid`…) and
//! does not expose `w:firstLineChars`, `w:tblHeader` or mirrored margins:
//! [`ooxml`] puts the parts right before they are packed.

mod ooxml;

use docx_rs::{
    AlignmentType, BreakType, DocGrid, DocGridType, Docx, FieldCharType, Footer, InstrPAGE, InstrText, LineSpacing,
    LineSpacingType, PageMargin, Paragraph, Run, RunFonts, SpecialIndentType, Table, TableAlignmentType, TableCell,
    TableLayoutType, TableRow, VAlignType, WidthType,
};

use super::report::{Annex, Para, Part, Report};
use crate::error::Error;

/// 方正小标宋简体, the title's face.
const TITLE: &str = "方正小标宋简体";
/// 仿宋_GB2312, the body's face.
const BODY: &str = "仿宋_GB2312";
/// 黑体, for 一、 headings and table headings.
const HEI: &str = "黑体";
/// 楷体_GB2312, for （一） headings.
const KAI: &str = "楷体_GB2312";
/// 宋体, for page numbers.
const SONG: &str = "宋体";
/// The face of Latin letters and digits.
const LATIN: &str = "Times New Roman";

/// Sizes in half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt, 五号 10.5 pt.
const SIZE_TITLE: usize = 44;
const SIZE_BODY: usize = 32;
const SIZE_PAGE: usize = 28;
const SIZE_TABLE: usize = 21;

/// The text block is 156 mm wide, 225 mm high: 8845 × 12756 twips.
const BLOCK_WIDTH: usize = 8845;
/// The text block of a landscape page (margins 37 / 35 mm at the sides).
const LANDSCAPE_WIDTH: usize = 12756;
/// One line of the grid: 225 mm / 22.
const LINE: i32 = 579;
/// One character of the grid: 156 mm / 28, in twips.
const CHAR: i32 = 316;

/// `report` as the bytes of a `.docx` file, dated `dated` (the as-of
/// day): the same report and day give the same bytes.
pub fn docx(report: &Report, dated: chrono::NaiveDate) -> Result<Vec<u8>, Error> {
    let mut w = Writer::default();
    w.title(&report.title_parts);
    w.blank();
    w.plain(&report.to, "：");
    match &report.opening_source {
        Some(source) => w.markdown(source),
        None => report.opening.iter().for_each(|p| w.body(p)),
    }
    for part in &report.parts {
        w.part(part, HEI);
        for child in &part.children {
            w.part(child, KAI);
        }
    }
    w.indented(&report.closing, BODY);
    w.annex_note(&report.annexes);
    w.signature(&report.signature, &report.date_zh);
    for annex in &report.annexes {
        w.annex(annex, report.annexes.len() > 1);
    }
    let docx = w
        .into_docx()
        .default_fonts(fonts(BODY))
        .default_size(SIZE_BODY)
        .footer(page_number(true))
        .even_footer(page_number(false));
    let mut docx = docx;
    docx.document = docx.document.doc_grid(grid());
    let mut xml = docx.build();
    ooxml::fix(&mut xml);
    xml.doc_props.core = ooxml::core(&report.title, &report.signature, dated).into_bytes();
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out)
        .map_err(|e| Error::Io(std::io::Error::other(e.to_string())))?;
    deflated(&out.into_inner()).map_err(|e| Error::Io(std::io::Error::other(e.to_string())))
}

/// The package with every part compressed: docx-rs stores them as they
/// are, and a 通报 listing thousands of units would be megabytes. The
/// same entries in the same order, dated 1980-01-01 as before: the same
/// document gives the same bytes.
fn deflated(stored: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    use std::io::{Cursor, Read, Write};
    use zip::write::SimpleFileOptions;
    let mut archive = zip::ZipArchive::new(Cursor::new(stored))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let dated = SimpleFileOptions::default().last_modified_time(zip::DateTime::default());
    // the fastest level: most of the saving for a fraction of the time
    let compressed = dated
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    let mut bytes = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let name = entry.name()?.to_string();
        if entry.is_dir() {
            out.add_directory(name, dated)?;
            continue;
        }
        bytes.clear();
        entry.read_to_end(&mut bytes)?;
        out.start_file(name, compressed)?;
        out.write_all(&bytes)?;
    }
    Ok(out.finish()?.into_inner())
}

/// GB/T 9704's margins: 天头 37 mm, 35 mm below, 订口 28 mm, 26 mm
/// outside; the footer's line 7 mm below the block.
fn portrait_margins() -> PageMargin {
    PageMargin::new()
        .top(2098)
        .bottom(1984)
        .left(1587)
        .right(1474)
        .header(851)
        .footer(1307)
        .gutter(0)
}

/// A landscape page's margins: the portrait ones turned.
fn landscape_margins() -> PageMargin {
    PageMargin::new()
        .top(1587)
        .bottom(1474)
        .left(2098)
        .right(1984)
        .header(851)
        .footer(850)
        .gutter(0)
}

/// The body's grid: 22 lines of 28 characters.
fn grid() -> DocGrid {
    DocGrid::new()
        .grid_type(DocGridType::LinesAndChars)
        .line_pitch(LINE as usize)
        .char_space(-842)
}

fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(east_asia)
        .ascii(LATIN)
        .hi_ansi(LATIN)
        .cs(LATIN)
}

fn run(text: &str, face: &str, size: usize) -> Run {
    Run::new().add_text(text).fonts(fonts(face)).size(size)
}

fn exact(line: i32) -> LineSpacing {
    LineSpacing::new().line_rule(LineSpacingType::Exact).line(line)
}

/// What goes into the document: paragraphs and tables, in sections
/// (a wide table's pages are landscape).
enum Item {
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

/// The document being written, section by section (its paragraphs are
/// numbered afterwards, in [`ooxml::fix`]).
#[derive(Default)]
struct Writer {
    /// The sections before the last, each with its items and whether its
    /// pages are landscape.
    done: Vec<(Vec<Item>, bool)>,
    /// The last section's items.
    items: Vec<Item>,
    landscape: bool,
}

impl Writer {
    /// Ends the current section; what follows starts on a new page,
    /// landscape or not.
    fn new_section(&mut self, landscape: bool) {
        let items = std::mem::take(&mut self.items);
        self.done.push((items, self.landscape));
        self.landscape = landscape;
    }

    /// The document: every section but the last as a section break of its
    /// own (their page numbers are added by [`ooxml::fix`]), the last as
    /// the body's.
    fn into_docx(self) -> Docx {
        let mut docx = Docx::new();
        for (items, landscape) in self.done {
            let mut section = if landscape {
                docx_rs::Section::new()
                    .page_size(docx_rs::PageSize::new().size(16838, 11906))
                    .page_orient(docx_rs::PageOrientationType::Landscape)
                    .page_margin(landscape_margins())
            } else {
                docx_rs::Section::new()
                    .page_size(docx_rs::PageSize::new().size(11906, 16838))
                    .page_margin(portrait_margins())
                    .doc_grid(grid())
            };
            for item in items {
                section = match item {
                    Item::Paragraph(p) => section.add_paragraph(*p),
                    Item::Table(t) => section.add_table(*t),
                };
            }
            docx = docx.add_section(section);
        }
        docx = if self.landscape {
            docx.page_size(16838, 11906)
                .page_orient(docx_rs::PageOrientationType::Landscape)
                .page_margin(landscape_margins())
        } else {
            docx.page_size(11906, 16838).page_margin(portrait_margins())
        };
        for item in self.items {
            docx = match item {
                Item::Paragraph(p) => docx.add_paragraph(*p),
                Item::Table(t) => docx.add_table(*t),
            };
        }
        docx
    }

    fn paragraph(&self) -> Paragraph {
        Paragraph::new().line_spacing(exact(LINE))
    }

    fn add(&mut self, p: Paragraph) {
        self.items.push(Item::Paragraph(Box::new(p)));
    }

    /// The title, centred, in as many balanced lines as it needs, broken
    /// only between its parts.
    fn title(&mut self, parts: &[String]) {
        let mut p = self.paragraph().align(AlignmentType::Center);
        for (i, line) in balanced(parts, TITLE_LINE).iter().enumerate() {
            let mut r = Run::new().fonts(fonts(TITLE)).size(SIZE_TITLE);
            if i > 0 {
                r = r.add_break(BreakType::TextWrapping);
            }
            p = p.add_run(r.add_text(line));
        }
        self.add(p);
    }

    fn blank(&mut self) {
        let p = self.paragraph();
        self.add(p);
    }

    /// A line with no indent, such as the addressee.
    fn plain(&mut self, text: &str, after: &str) {
        let p = self
            .paragraph()
            .align(AlignmentType::Both)
            .add_run(run(&format!("{text}{after}"), BODY, SIZE_BODY));
        self.add(p);
    }

    /// A body paragraph: justified, two characters in.
    fn body(&mut self, para: &Para) {
        self.indented(&para.plain(), BODY);
    }

    fn indented(&mut self, text: &str, face: &str) {
        let p = self
            .paragraph()
            .align(AlignmentType::Both)
            .indent(None, Some(SpecialIndentType::FirstLine(2 * CHAR)), None, None)
            .add_run(run(text, face, SIZE_BODY));
        self.add(p);
    }

    /// A part: its heading in `face`, then the staff's text or the draft.
    fn part(&mut self, part: &Part, face: &str) {
        self.indented(&format!("{}{}", part.number, part.title), face);
        match &part.source {
            Some(source) => self.markdown(source),
            None => part.paras.iter().for_each(|p| self.body(p)),
        }
    }

    /// The staff's Markdown as body paragraphs: a paragraph or a list item
    /// each, items numbered as they are written.
    fn markdown(&mut self, source: &str) {
        use pulldown_cmark::{Event, Parser, Tag, TagEnd};
        let mut current = String::new();
        let mut numbers: Vec<Option<u64>> = Vec::new();
        for event in Parser::new(source) {
            match event {
                Event::Start(Tag::List(start)) => numbers.push(start),
                Event::End(TagEnd::List(_)) => {
                    numbers.pop();
                }
                Event::Start(Tag::Item) => {
                    if let Some(Some(n)) = numbers.last_mut() {
                        current.push_str(&format!("{n}. "));
                        *n += 1;
                    }
                }
                Event::Text(t) | Event::Code(t) => current.push_str(&t),
                Event::SoftBreak | Event::HardBreak => {}
                Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) if !current.trim().is_empty() => {
                    let line = std::mem::take(&mut current);
                    self.indented(line.trim(), BODY);
                }
                _ => {}
            }
        }
        if !current.trim().is_empty() {
            self.indented(current.trim(), BODY);
        }
    }

    /// 附件说明: a blank line, then 附件：1. … two characters in, later
    /// names under the first (GB/T 9704 §7.3.4).
    fn annex_note(&mut self, annexes: &[Annex]) {
        if annexes.is_empty() {
            return;
        }
        self.blank();
        let numbered = annexes.len() > 1;
        for (i, a) in annexes.iter().enumerate() {
            let number = if numbered {
                format!("{}. ", a.number)
            } else {
                String::new()
            };
            let p = self.paragraph().align(AlignmentType::Left);
            let p = if i == 0 {
                p.indent(None, Some(SpecialIndentType::FirstLine(2 * CHAR)), None, None)
                    .add_run(run(&format!("附件：{number}{}", a.title), BODY, SIZE_BODY))
            } else {
                p.indent(Some(5 * CHAR), None, None, None).add_run(run(
                    &format!("{number}{}", a.title),
                    BODY,
                    SIZE_BODY,
                ))
            };
            self.add(p);
        }
    }

    /// 署名 and 成文日期 in the stamped form (GB/T 9704 §7.3.5.1): two
    /// blank lines, the date four characters from the right, the issuer
    /// centred on the date.
    fn signature(&mut self, issuer: &str, date: &str) {
        self.blank();
        self.blank();
        let width = |s: &str| -> f64 { s.chars().map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).sum() };
        let issuer_right = 4.0 + (width(date) - width(issuer)) / 2.0;
        let twips = |chars: f64| (chars.max(0.0) * f64::from(CHAR)).round() as i32;
        for (line, right) in [(issuer, twips(issuer_right)), (date, twips(4.0))] {
            let p = self
                .paragraph()
                .align(AlignmentType::Right)
                .indent(None, None, Some(right), None)
                .keep_next(line == issuer)
                .add_run(run(line, BODY, SIZE_BODY));
            self.add(p);
        }
    }

    /// An attachment on a new page: 附件1 in 黑体 at the top left, its
    /// title centred, then its table.
    fn annex(&mut self, annex: &Annex, numbered: bool) {
        let label = if numbered {
            format!("附件{}", annex.number)
        } else {
            "附件".to_string()
        };
        // a wide table on landscape pages, in a section of its own (which
        // starts a new page); otherwise a page break
        let mut p = self.paragraph();
        if annex.wide != self.landscape {
            self.new_section(annex.wide);
        } else {
            p = p.add_run(Run::new().add_break(BreakType::Page));
        }
        self.add(p.add_run(run(&label, HEI, SIZE_BODY)));
        self.blank();
        let p = self
            .paragraph()
            .align(AlignmentType::Center)
            .add_run(run(&annex.title, TITLE, SIZE_TITLE));
        self.add(p);
        self.blank();
        let width = if self.landscape { LANDSCAPE_WIDTH } else { BLOCK_WIDTH };
        let table = self.table(annex, width);
        self.items.push(Item::Table(Box::new(table)));
    }

    /// The attachment's table: a heading row (repeated on every page) in
    /// 黑体, the name column wider, the text of a ledger's problem column
    /// left-aligned.
    fn table(&self, annex: &Annex, block: usize) -> Table {
        let wide_column = if annex.wide { None } else { Some(1) };
        let widths = if annex.wide {
            // the 统计表: the name column wider, the figures alike
            let columns = annex.header.len().max(1);
            let first = 1100;
            let mut widths = vec![(block - first) / (columns - 1).max(1); columns];
            widths[0] = first;
            widths
        } else {
            column_widths(annex, block)
        };
        let cell = |text: &str, width: usize, face: &str, left: bool| {
            let p = Paragraph::new()
                .align(if left {
                    AlignmentType::Left
                } else {
                    AlignmentType::Center
                })
                .snap_to_grid(false)
                .line_spacing(exact(300))
                .add_run(run(text, face, SIZE_TABLE));
            TableCell::new()
                .width(width, WidthType::Dxa)
                .vertical_align(VAlignType::Center)
                .add_paragraph(p)
        };
        let mut rows = Vec::new();
        let header: Vec<TableCell> = annex
            .header
            .iter()
            .zip(&widths)
            .map(|(h, w)| cell(h, *w, HEI, false))
            .collect();
        rows.push(TableRow::new(header).cant_split());
        for (i, row) in annex.rows.iter().enumerate() {
            let total = annex.total && i + 1 == annex.rows.len();
            let cells: Vec<TableCell> = row
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(j, (text, w))| {
                    let face = if total || j == 0 && annex.wide { HEI } else { BODY };
                    cell(text, *w, face, wide_column == Some(j))
                })
                .collect();
            rows.push(TableRow::new(cells));
        }
        Table::new(rows)
            .set_grid(widths)
            .width(block, WidthType::Dxa)
            .align(TableAlignmentType::Center)
            .layout(TableLayoutType::Fixed)
    }
}

/// A portrait attachment's columns in twips: each as wide as its longest
/// cell (a heading, and words such as a section's name, may take two lines;
/// dates and figures keep to one), the problem (or name) column at least
/// eight characters; room to spare shared out, three shares to that column;
/// narrowed in proportion when there is none.
fn column_widths(annex: &Annex, block: usize) -> Vec<usize> {
    const PROBLEM: usize = 1;
    let columns = annex.header.len().max(1);
    // a character of the table's face, and a cell's left and right margins
    let char_twips = SIZE_TABLE as f64 * 10.0;
    let margins = 230.0;
    let need: Vec<f64> = (0..columns)
        .map(|c| {
            let cells: Vec<&String> = annex.rows.iter().filter_map(|r| r.get(c)).collect();
            let head = annex.header.get(c).map_or(0.0, |h| (width(h) / 2.0).ceil());
            let longest = cells.iter().map(|t| width(t)).fold(0.0, f64::max);
            let words = cells.iter().any(|t| t.chars().filter(|ch| !ch.is_ascii()).count() > 4);
            let cells = if words { (longest / 2.0).ceil() } else { longest };
            // a character to spare: Word and LibreOffice set digits wider than half
            (cells.max(head).max(2.0) + 1.0) * char_twips + margins
        })
        .collect();
    let block = block as f64;
    let mut list = need;
    if columns > PROBLEM {
        list[PROBLEM] = list[PROBLEM].max(8.0 * char_twips + margins);
    }
    // room to spare goes to every column, three shares to the problem column
    let spare = block - list.iter().sum::<f64>();
    if spare > 0.0 {
        let shares = columns as f64 + if columns > PROBLEM { 2.0 } else { 0.0 };
        for (c, w) in list.iter_mut().enumerate() {
            *w += spare * if c == PROBLEM { 3.0 } else { 1.0 } / shares;
        }
    }
    let sum: f64 = list.iter().sum();
    let mut out: Vec<usize> = list.iter().map(|w| (w * block / sum).floor() as usize).collect();
    // the rounding's remainder to the last column: the grid fills the block
    let short = (block as usize).saturating_sub(out.iter().sum::<usize>());
    if let Some(last) = out.last_mut() {
        *last += short;
    }
    out
}

/// How many title characters (22 pt) a line of the block holds.
const TITLE_LINE: f64 = 20.0;

/// The width of `text` in characters: a Latin letter or digit is half.
fn width(text: &str) -> f64 {
    text.chars().map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).sum()
}

/// `parts` joined into the fewest lines of at most `line` characters,
/// each about as long as the others (a part longer than a line stands
/// alone).
fn balanced(parts: &[String], line: f64) -> Vec<String> {
    let total: f64 = parts.iter().map(|p| width(p)).sum();
    let target = total / (total / line).ceil().max(1.0);
    let mut out: Vec<String> = vec![String::new()];
    let mut done = 0.0;
    for part in parts {
        let w = width(part);
        let current = out.last().map_or(0.0, |l| width(l));
        // break before this part when the line is full, or when ending the
        // line here leaves it nearer its even share
        let share = target * out.len() as f64;
        if current > 0.0 && (current + w > line || (done - share).abs() < (done + w - share).abs()) {
            out.push(String::new());
        }
        if let Some(last) = out.last_mut() {
            last.push_str(part);
        }
        done += w;
    }
    out
}

/// `— 1 —` in 4号宋体, one character in from the outer edge: right on
/// odd pages, left on even ones.
fn page_number(odd: bool) -> Footer {
    let r = || {
        Run::new()
            .fonts(RunFonts::new().east_asia(SONG).ascii(SONG).hi_ansi(SONG).cs(SONG))
            .size(SIZE_PAGE)
    };
    let p = Paragraph::new()
        .id(if odd { "7FFFFFF0" } else { "7FFFFFF1" })
        .align(if odd { AlignmentType::Right } else { AlignmentType::Left })
        .indent((!odd).then_some(280), None, odd.then_some(280), None)
        .line_spacing(exact(280))
        .snap_to_grid(false)
        .add_run(r().add_text("— "))
        .add_run(r().add_field_char(FieldCharType::Begin, false))
        .add_run(r().add_instr_text(InstrText::PAGE(InstrPAGE::new())))
        .add_run(r().add_field_char(FieldCharType::Separate, false))
        .add_run(r().add_text("1"))
        .add_run(r().add_field_char(FieldCharType::End, false))
        .add_run(r().add_text(" —"));
    Footer::new().add_paragraph(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ledgers_dates_keep_to_one_line_and_its_problems_get_the_room() {
        let row = |s: &str| parts(s);
        let annex = Annex {
            number: 2,
            title: String::new(),
            header: parts("序号|问题|科室|责任人|整改期限|状态|销号日期|逾期天数"),
            rows: vec![
                row("1|会议室使用登记不完整|综合科|王军|8月31日|已销号|8月20日|"),
                row("2|公务接待清单未按新办法三级签字|行政财务科|郑燕|12月31日|已整改待销号||"),
            ],
            total: false,
            wide: false,
        };
        let widths = column_widths(&annex, BLOCK_WIDTH);
        assert_eq!(widths.iter().sum::<usize>(), BLOCK_WIDTH);
        let chars = |w: usize| (w as f64 - 230.0) / (SIZE_TABLE as f64 * 10.0);
        // each date has room for itself and half a character more: 12月31日
        // is four characters wide, 8月20日 three and a half
        assert!(chars(widths[4]) >= 4.5, "{widths:?}");
        assert!(chars(widths[6]) >= 4.0, "{widths:?}");
        // the problem column is the widest, and the words may take two lines
        assert!(widths.iter().all(|w| *w <= widths[1]), "{widths:?}");
        assert!(chars(widths[5]) < 6.0, "{widths:?}");
    }

    fn parts(s: &str) -> Vec<String> {
        s.split('|').map(str::to_string).collect()
    }

    #[test]
    fn titles_break_between_their_parts_into_even_lines() {
        assert_eq!(
            balanced(
                &parts("关于2026年度落实|党风廉政建设|责任制情况的|专题报告"),
                TITLE_LINE
            ),
            ["关于2026年度落实党风廉政建设", "责任制情况的专题报告"]
        );
        assert_eq!(balanced(&parts("短标题"), TITLE_LINE), ["短标题"]);
        assert_eq!(
            balanced(
                &parts("政务信息科关于2026年度|落实党风廉政建设|责任制情况的报告"),
                TITLE_LINE
            ),
            ["政务信息科关于2026年度", "落实党风廉政建设责任制情况的报告"]
        );
    }
}
