//! What falls due, as an iCalendar file (RFC 5545) a phone or Outlook
//! subscribes to: every pending rule with a due date and every open
//! finding's deadline, as all-day events. The same judgement gives the same
//! bytes: the stamps are the as-of day, the ids are the rules' and records'.

use std::fmt::Write;

use crate::judge::Judged;

/// The calendar of `year`'s pending deadlines.
pub fn ics(judged: &Judged<'_>, year: i32) -> String {
    let stamp = format!("{}T000000Z", judged.as_of.date().format("%Y%m%d"));
    let mut out = String::new();
    let mut line = |text: String| fold(&mut out, &text);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//zerenzhi//责任制//ZH".into());
    line("CALSCALE:GREGORIAN".into());
    line(format!(
        "X-WR-CALNAME:{}",
        escape(&format!(
            "{}{year}年党风廉政建设待办事项",
            judged.records.org.unit.short_name
        ))
    ));
    let rules = &judged.rules().rules;
    for o in judged
        .outcomes(year)
        .iter()
        .filter(|o| o.status == crate::rules::Status::Pending)
    {
        let Some(due) = o.due else { continue };
        let title = rules
            .iter()
            .find(|r| r.id == o.rule)
            .map_or(o.rule.as_str(), |r| r.title.as_str());
        let uid = format!("{}-{}-{}@zerenzhi", o.rule, o.scope.id(), o.period).replace(['/', ' '], "-");
        event(
            &mut line,
            &uid,
            &stamp,
            due,
            &format!("{}：{}", o.scope.name(&judged.records), title),
            &o.message,
        );
    }
    for r in judged.records.of_year(year) {
        if let Some(state) = judged.as_of.finding(r).filter(|f| f.is_open() && !f.overdue) {
            let uid = format!("finding-{}@zerenzhi", r.id).replace(['/', ' '], "-");
            let what = format!("整改期限：{}", r.title);
            event(&mut line, &uid, &stamp, state.deadline, &what, &r.title);
        }
    }
    line("END:VCALENDAR".into());
    out
}

fn event(line: &mut impl FnMut(String), uid: &str, stamp: &str, due: chrono::NaiveDate, summary: &str, text: &str) {
    let day = due.format("%Y%m%d");
    let next = due.succ_opt().unwrap_or(due).format("%Y%m%d");
    line("BEGIN:VEVENT".into());
    line(format!("UID:{}", escape(uid)));
    line(format!("DTSTAMP:{stamp}"));
    line(format!("DTSTART;VALUE=DATE:{day}"));
    line(format!("DTEND;VALUE=DATE:{next}"));
    line(format!("SUMMARY:{}", escape(summary)));
    line(format!("DESCRIPTION:{}", escape(text)));
    line("END:VEVENT".into());
}

/// Text as an iCalendar value: `\`, `;`, `,` and newlines escaped.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// Writes `text` as content lines of at most 75 octets, continued lines
/// starting with a space, never splitting a character; CRLF after each.
fn fold(out: &mut String, text: &str) {
    let mut width = 0;
    for c in text.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    let _ = write!(out, "\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_between_characters() {
        let mut out = String::new();
        fold(&mut out, &format!("SUMMARY:{}", "党风廉政".repeat(10)));
        for line in out.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        assert_eq!(
            out.replace("\r\n ", ""),
            format!("SUMMARY:{}\r\n", "党风廉政".repeat(10))
        );
        assert_eq!(escape("a,b;c\nd\\"), "a\\,b\\;c\\nd\\\\");
    }
}
