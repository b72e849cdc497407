//! TOML syntax errors as a clerk on a Chinese keyboard makes them: the
//! parser says where a line went wrong; what is wrong is read from the line
//! itself (full-width quotes, colons, equals signs and commas, 【】,
//! full-width spaces, Chinese dates, unquoted text, Chinese keys…), never
//! from the parser's English. Each mistaken line is one error, at the
//! character that is wrong, with the line as it should be.

use std::ops::Range;

use crate::diag::Message;
pub use crate::diag::{Mistake, impossible_date};
use crate::spanned::{KeySpec, suggest_key};

/// One explained line: where it is wrong, and the message saying what is
/// wrong and what the line should be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    /// The character (or text) that is wrong, in the parsed text.
    pub span: Range<usize>,
    /// What is wrong: a [`Message::Syntax`], or a [`Message::BadDate`] for
    /// a date in the right form that does not exist.
    pub message: Message,
}

/// The parser's error positions explained from the lines they fall on: one
/// per line, in line order. `keys` are the keys the file may hold (for
/// "did you mean" on a Chinese key).
pub fn explain(text: &str, errors: &[Range<usize>], keys: &[&[KeySpec]]) -> Vec<Explained> {
    // the line of each error, or the line before that opened a list it
    // never closed (the parser then reports the next key); each once
    let mut lines: Vec<usize> = errors
        .iter()
        .map(|e| {
            let start = line_start(text, e.start);
            unclosed_list_before(text, start).unwrap_or(start)
        })
        .collect();
    lines.sort_unstable();
    lines.dedup();
    lines
        .into_iter()
        .map(|start| {
            let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
            let line = text[start..end].trim_end_matches('\r');
            let mut explained = explain_line(line, keys, text, start);
            explained.span = (explained.span.start + start)..(explained.span.end + start);
            explained
        })
        .collect()
}

/// Where the line holding `at` starts; an error at the very start of a
/// blank line (the parser reached the line's end) belongs to the line
/// before.
fn line_start(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let rest = text[start..].split('\n').next().unwrap_or("");
    if rest.trim().is_empty() && start > 0 {
        text[..start - 1].rfind('\n').map_or(0, |i| i + 1)
    } else {
        start
    }
}

/// The line before the one at `start` that opened a list it never closed
/// (the parser then reports the next key), with where it starts.
fn unclosed_list_before(text: &str, start: usize) -> Option<usize> {
    if start == 0 {
        return None;
    }
    let before = &text[..start - 1];
    let at = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before[at..].trim_end_matches('\r');
    let value = without_comment(line.split_once('=')?.1).trim();
    let open = value.starts_with('[') && outside_quotes(value, &[']']).is_none() && !value.ends_with(',');
    (open && value != "[").then_some(at)
}

/// `text` without a `# comment` that starts outside quotes.
fn without_comment(text: &str) -> &str {
    match outside_quotes(text, &['#']) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

/// Full-width characters a clerk types for ASCII ones, outside ASCII
/// quotes: their byte positions in `value`.
fn outside_quotes(value: &str, wanted: &[char]) -> Option<(usize, char)> {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in value.char_indices() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None if c == '"' || c == '\'' => quote = Some(c),
            None if wanted.contains(&c) => return Some((i, c)),
            None => {}
        }
    }
    None
}

const OPEN_QUOTES: &[char] = &['“', '”', '‘', '’', '「', '」', '『', '』', '＂'];

/// A line of the form `key = value`, as typed: the separator may be a
/// clerk's `＝`, `：` or `:`.
struct Parts<'a> {
    line: &'a str,
    indent: usize,
    key: &'a str,
    value: &'a str,
    /// Where the value starts in the line.
    value_start: usize,
}

impl Parts<'_> {
    /// The line with `key = value`, as it should be.
    fn with(&self, key: &str, value: &str) -> Option<String> {
        Some(format!("{}{key} = {value}", &self.line[..self.indent]))
    }

    /// The span of the whole value.
    fn value_span(&self) -> Range<usize> {
        self.value_start..self.value_start + self.value.len()
    }
}

/// A mistake found: where, what, and the line corrected.
type Found = (Range<usize>, Mistake, Option<String>);

/// The span of the character `c` at `i`.
fn char_at(i: usize, c: char) -> Range<usize> {
    i..i + c.len_utf8()
}

fn explain_line(line: &str, keys: &[&[KeySpec]], text: &str, line_at: usize) -> Explained {
    let indent = line.len() - line.trim_start().len();
    // the separator: `=`, or what a clerk types for it
    let sep = outside_quotes(line, &['=', '＝', '：', ':']);
    let found = match sep {
        None => without_separator(line, indent),
        Some((sep_at, sep_char)) => {
            let value_at = sep_at + sep_char.len_utf8();
            let rest = without_comment(&line[value_at..]);
            let parts = Parts {
                line,
                indent,
                key: line[..sep_at].trim(),
                value: rest.trim(),
                value_start: value_at + (rest.len() - rest.trim_start().len()),
            };
            if impossible_date(parts.value).is_some() {
                return Explained {
                    span: parts.value_span(),
                    message: Message::BadDate {
                        value: parts.value.to_string(),
                    },
                };
            }
            key_mistake(&parts, (sep_at, sep_char), keys, text, line_at)
                .or_else(|| character_mistake(&parts))
                .or_else(|| form_mistake(&parts))
                .unwrap_or((0..line.len(), Mistake::Other, None))
        }
    };
    let (span, mistake, fixed) = found;
    Explained {
        span,
        message: Message::Syntax { mistake, fixed },
    }
}

/// A line with no separator at all: `key "value"`, or a full-width space.
fn without_separator(line: &str, indent: usize) -> Found {
    if let Some((i, c)) = outside_quotes(line, &['\u{3000}']) {
        return (
            char_at(i, c),
            Mistake::FullWidthSpace,
            Some(line.replace('\u{3000}', " ")),
        );
    }
    let key_len = line[indent..]
        .find(|c: char| c.is_whitespace() || c == '"')
        .unwrap_or(line.len() - indent);
    let (key, value) = (&line[indent..indent + key_len], line[indent + key_len..].trim());
    if key.is_empty() || value.is_empty() {
        return (0..line.len(), Mistake::Other, None);
    }
    let fixed = format!("{}{key} = {value}", &line[..indent]);
    let at = indent + key_len;
    (at..at + 1, Mistake::MissingEquals, Some(fixed))
}

/// What is wrong with the key or the separator: a Chinese key, `＝`, `：`,
/// `:`, a key set twice, no value.
fn key_mistake(
    p: &Parts<'_>,
    (sep_at, sep_char): (usize, char),
    keys: &[&[KeySpec]],
    text: &str,
    line_at: usize,
) -> Option<Found> {
    let key = p.key;
    // a Chinese key first: what follows may be right
    if !key.is_empty() && !key.is_ascii() && !key.starts_with('"') {
        let suggestion = keys.iter().find_map(|list| suggest_key(key, list));
        let fixed = suggestion.as_ref().and_then(|s| p.with(s, p.value));
        let span = p.indent..p.indent + key.len();
        return Some((
            span,
            Mistake::ChineseKey {
                key: key.to_string(),
                suggestion,
            },
            fixed,
        ));
    }
    let sep = char_at(sep_at, sep_char);
    match sep_char {
        '＝' => return Some((sep, Mistake::FullWidthEquals, p.with(key, p.value))),
        '：' => return Some((sep, Mistake::FullWidthColon, p.with(key, p.value))),
        ':' if !key.contains(' ') => return Some((sep, Mistake::Colon, p.with(key, p.value))),
        _ => {}
    }
    if is_duplicate(text, line_at, key) {
        return Some((
            p.indent..p.indent + key.len(),
            Mistake::DuplicateKey(key.to_string()),
            None,
        ));
    }
    p.value.is_empty().then_some((sep, Mistake::MissingValue, None))
}

/// A full-width character typed for an ASCII one: quotes, brackets,
/// commas, a space, digits, or punctuation after the value.
fn character_mistake(p: &Parts<'_>) -> Option<Found> {
    let (key, value, start) = (p.key, p.value, p.value_start);
    let map = |f: &dyn Fn(char) -> char| value.chars().map(f).collect::<String>();
    if let Some((i, c)) = outside_quotes(value, OPEN_QUOTES) {
        let fixed = map(&|c| if OPEN_QUOTES.contains(&c) { '"' } else { c });
        let found: String = value.chars().filter(|c| OPEN_QUOTES.contains(c)).collect();
        return Some((
            char_at(start + i, c),
            Mistake::FullWidthQuotes(found),
            p.with(key, &fixed),
        ));
    }
    if let Some((i, c)) = outside_quotes(value, &['【', '】', '［', '］']) {
        let fixed = map(&|c| match c {
            '【' | '［' => '[',
            '】' | '］' => ']',
            c => c,
        });
        let found: String = value.chars().filter(|c| "【】［］".contains(*c)).collect();
        return Some((
            char_at(start + i, c),
            Mistake::FullWidthBrackets(found),
            p.with(key, &fixed),
        ));
    }
    if value.starts_with(['"', '\''])
        && closes(value)
        && let Some((i, c)) = outside_quotes(value, &['，', '。', '、', '；'])
    {
        return Some((
            char_at(start + i, c),
            Mistake::Stray(c),
            p.with(key, value[..i].trim_end()),
        ));
    }
    if value.starts_with('[')
        && let Some((i, c)) = outside_quotes(value, &['，', '、'])
    {
        let fixed = replace_outside_quotes(value, &['，', '、'], ", ");
        let what = if c == '，' {
            Mistake::FullWidthComma
        } else {
            Mistake::EnumerationComma
        };
        return Some((char_at(start + i, c), what, p.with(key, &fixed)));
    }
    if let Some((i, c)) = outside_quotes(p.line, &['\u{3000}']) {
        return Some((
            char_at(i, c),
            Mistake::FullWidthSpace,
            Some(p.line.replace('\u{3000}', " ")),
        ));
    }
    if value.chars().any(|c| ('０'..='９').contains(&c)) {
        let fixed = map(&|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '－' => '-',
            c => c,
        });
        return Some((p.value_span(), Mistake::FullWidthDigits, p.with(key, &fixed)));
    }
    None
}

/// A value in the wrong form: a date written otherwise than 2026-06-18,
/// an unclosed string or list, a list without commas, text unquoted.
fn form_mistake(p: &Parts<'_>) -> Option<Found> {
    let (key, value, start) = (p.key, p.value, p.value_start);
    if let Some(date) = chinese_date(value).or_else(|| other_date(value)) {
        let what = if value.contains('年') {
            Mistake::ChineseDate(date.clone())
        } else {
            Mistake::DateForm(date.clone())
        };
        return Some((p.value_span(), what, p.with(key, &date)));
    }
    let first = value.chars().next().unwrap_or(' ');
    // where the closing quote or bracket is missing: at the end
    let end = start + value.len();
    if (first == '"' || first == '\'') && !closes(value) {
        return Some((
            end..end,
            Mistake::UnclosedString,
            p.with(key, &format!("{value}{first}")),
        ));
    }
    if first == '['
        && let Some(i) = missing_comma(value)
    {
        let fixed = format!("{}, {}", value[..i].trim_end(), value[i..].trim_start());
        return Some((start + i..start + i + 1, Mistake::MissingComma, p.with(key, &fixed)));
    }
    if let Some((date, rest)) = value.split_once(' ')
        && date.len() == 10
        && other_date(date).is_none()
        && date_parts(date, &['-']).is_some()
        && !rest.trim_start().starts_with(|c: char| c.is_ascii_digit())
    {
        return Some((p.value_span(), Mistake::DateForm(date.to_string()), p.with(key, date)));
    }
    if first == '[' && outside_quotes(value, &[']']).is_none() && !value.ends_with(',') && value != "[" {
        return Some((end..end, Mistake::UnclosedArray, p.with(key, &format!("{value}]"))));
    }
    let literal = first.is_ascii_digit()
        || matches!(first, '"' | '\'' | '[' | '{' | '+' | '-')
        || value == "true"
        || value == "false";
    (!literal).then(|| {
        let quoted = format!("\"{}\"", value.replace('"', "\\\""));
        (p.value_span(), Mistake::Unquoted, p.with(key, &quoted))
    })
}

/// Whether a `"…` (or `'…`) value closes its quote.
fn closes(value: &str) -> bool {
    let quote = value.chars().next().unwrap_or('"');
    let mut escaped = false;
    for c in value.chars().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' if quote == '"' => escaped = true,
            c if c == quote => return true,
            _ => {}
        }
    }
    false
}

/// Where a list lacks a comma: the opening quote of an element that
/// follows another with only spaces between them.
fn missing_comma(value: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut closed_at: Option<usize> = None;
    for (i, c) in value.char_indices() {
        match quote {
            Some(q) if c == q => {
                quote = None;
                closed_at = Some(i);
            }
            Some(_) => {}
            None if c == '"' || c == '\'' => {
                if closed_at.is_some() {
                    return Some(i);
                }
                quote = Some(c);
            }
            None if c.is_whitespace() => {}
            None => closed_at = None,
        }
    }
    None
}

/// `value` with each of `chars` outside ASCII quotes replaced by `with`.
fn replace_outside_quotes(value: &str, chars: &[char], with: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some((i, c)) = outside_quotes(rest, chars) {
        out.push_str(&rest[..i]);
        out.push_str(with);
        rest = rest[i + c.len_utf8()..].trim_start();
    }
    out.push_str(rest);
    out
}

/// Whether `key` is set earlier in the same table as the line at
/// `line_at`.
fn is_duplicate(text: &str, line_at: usize, key: &str) -> bool {
    if key.is_empty() {
        return false;
    }
    let before = &text[..line_at];
    let table_start = before
        .rmatch_indices('\n')
        .map(|(i, _)| i + 1)
        .chain([0])
        .find(|&i| before[i..].trim_start().starts_with('['))
        .unwrap_or(0);
    before[table_start..].lines().any(|l| {
        l.split_once('=')
            .is_some_and(|(k, _)| k.trim() == key && !l.trim_start().starts_with('#'))
    })
}

/// Digits of a date as written: year, month, day.
fn date_parts(value: &str, seps: &[char]) -> Option<(u32, u32, u32)> {
    let parts: Vec<&str> = value.split(|c| seps.contains(&c)).filter(|p| !p.is_empty()).collect();
    let [y, m, d] = parts[..] else { return None };
    let digits = |p: &str, n: std::ops::RangeInclusive<usize>| {
        (n.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    Some((digits(y, 4..=4)?, digits(m, 1..=2)?, digits(d, 1..=2)?))
}

/// `2026年6月18日` as `2026-06-18`.
fn chinese_date(value: &str) -> Option<String> {
    let rest = value.strip_suffix('日')?;
    let (y, m, d) = date_parts(rest, &['年', '月'])?;
    rest.contains('年').then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// `2026/6/18`, `2026.6.18` or `2026-6-18` as `2026-06-18` (a date already
/// in that form is none of these).
fn other_date(value: &str) -> Option<String> {
    let (y, m, d) = date_parts(value, &['/', '.', '-'])?;
    let fixed = format!("{y:04}-{m:02}-{d:02}");
    (fixed != value).then_some(fixed)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What is wrong with `line`, and the line corrected.
    fn one(line: &str) -> (Mistake, Option<String>) {
        let found = explain(line, std::slice::from_ref(&(0..0)), &[crate::load::schema::RECORD_KEYS]);
        assert_eq!(found.len(), 1);
        match found.into_iter().next().unwrap().message {
            Message::Syntax { mistake, fixed } => (mistake, fixed),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn lines_say_what_is_wrong() {
        let e = one("title = “专题会议”");
        assert_eq!(e.0, Mistake::FullWidthQuotes("“”".into()));
        assert_eq!(e.1.as_deref(), Some("title = \"专题会议\""));
        assert_eq!(one("title：\"会议\"").0, Mistake::FullWidthColon);
        assert_eq!(one("title ＝ \"会议\"").0, Mistake::FullWidthEquals);
        let e = one("attendees = [\"a\"，\"b\"]");
        assert_eq!(e.0, Mistake::FullWidthComma);
        assert_eq!(e.1.as_deref(), Some("attendees = [\"a\", \"b\"]"));
        let e = one("date = 2026年6月8日");
        assert_eq!(e.0, Mistake::ChineseDate("2026-06-08".into()));
        assert_eq!(one("date = 2026/6/8").0, Mistake::DateForm("2026-06-08".into()));
        let e = one("主持人 = \"chenjing\"");
        assert_eq!(
            e.0,
            Mistake::ChineseKey {
                key: "主持人".into(),
                suggestion: Some("chair".into())
            }
        );
        assert_eq!(e.1.as_deref(), Some("chair = \"chenjing\""));
        assert_eq!(one("title = 专题会议").1.as_deref(), Some("title = \"专题会议\""));
        assert_eq!(impossible_date("2026-02-30"), Some((2026, 2, 30)));
        assert_eq!(impossible_date("2026-02-28"), None);
        let dated = explain("date = 2026-02-30", std::slice::from_ref(&(7..17)), &[]);
        assert_eq!(
            dated[0].message,
            Message::BadDate {
                value: "2026-02-30".into()
            }
        );
        assert_eq!(dated[0].span, 7..17);
    }
}
