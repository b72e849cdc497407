//! The ledgers as one workbook, a sheet each, written by rust_xlsxwriter:
//! a heading row in bold, frozen, with filters; dates as dates. The same
//! ledgers give the same bytes (the document's dates are the as-of day).

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use super::{Cell, Table};
use crate::error::Error;

/// `tables` as an `.xlsx` workbook titled `title`, dated `as_of`.
pub fn xlsx(tables: &[Table], title: &str, as_of: chrono::NaiveDate) -> Result<Vec<u8>, Error> {
    write(tables, title, as_of).map_err(|e| Error::Io(std::io::Error::other(e.to_string())))
}

fn excel_date(date: chrono::NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    let year = u16::try_from(date.year()).unwrap_or(1900);
    ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8)
}

fn write(tables: &[Table], title: &str, as_of: chrono::NaiveDate) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let properties = DocProperties::new()
        .set_title(title)
        .set_author("责任制")
        .set_creation_datetime(&excel_date(as_of)?);
    workbook.set_properties(&properties);
    let bold = Format::new().set_bold().set_text_wrap();
    let day = Format::new().set_num_format("yyyy-mm-dd");
    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(table.name)?;
        for (col, heading) in table.header.iter().enumerate() {
            let col = col as u16;
            sheet.write_string_with_format(0, col, *heading, &bold)?;
            sheet.set_column_width(col, column_width(table, col as usize))?;
        }
        for (row, cells) in table.rows.iter().enumerate() {
            let row = row as u32 + 1;
            for (col, cell) in cells.iter().enumerate() {
                let col = col as u16;
                match cell {
                    Cell::Text(text) => {
                        sheet.write_string(row, col, text)?;
                    }
                    Cell::Number(n) => {
                        sheet.write_number(row, col, *n as f64)?;
                    }
                    Cell::Date(date) => {
                        sheet.write_datetime_with_format(row, col, &excel_date(*date)?, &day)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        // printed as offices print ledgers: A4 landscape, as wide as the
        // page, the heading row on every page, the title and 内部资料 on top
        sheet.set_paper_size(9).set_landscape().set_print_fit_to_pages(1, 0);
        sheet.set_repeat_rows(0, 0)?;
        sheet.set_header(format!("&L{}&R{}", header_text(title), header_text(table.name)));
        if !table.rows.is_empty() {
            let last_col = table.header.len().saturating_sub(1) as u16;
            sheet.autofilter(0, 0, table.rows.len() as u32, last_col)?;
        }
    }
    workbook.save_to_buffer()
}

/// Text for a page header: `&` is the header's own escape.
fn header_text(text: &str) -> String {
    text.replace('&', "&&")
}

/// A column wide enough for its heading and most of its text (a CJK
/// character counts two), at most 60.
fn column_width(table: &Table, col: usize) -> f64 {
    let width = |text: &str| text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum::<usize>();
    let longest = table
        .rows
        .iter()
        .filter_map(|row| match row.get(col) {
            Some(Cell::Text(t)) => Some(width(t)),
            Some(Cell::Date(_)) => Some(10),
            Some(Cell::Number(n)) => Some(n.to_string().len()),
            _ => None,
        })
        .chain([width(table.header[col])])
        .max()
        .unwrap_or(8);
    (longest.min(60) + 2) as f64
}
