//! A bound on raw HTML in Markdown bodies, checked when a record is read.
//!
//! Cleaning raw HTML (ammonia, on html5ever) costs time in proportion to
//! the number of elements times their nesting depth, so a body of nothing
//! but `<div>` takes minutes. Browsers' own parsers stop nesting at 512
//! levels; a body whose raw HTML opens more elements than that inside each
//! other is refused, with the place where it went too deep. The scan reads
//! the raw HTML exactly as the Markdown parser hands it on (not code spans,
//! not autolinks), in one linear pass, and errs on the safe side: an element
//! stays open until an end tag of its name closes it, as if the browser
//! kept it open.

use pulldown_cmark::{Event, Options, Parser};

/// The Markdown extensions of record bodies (the site renders them so).
pub const MARKDOWN: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH);

/// Deepest nesting of raw HTML elements a body may have.
pub const MAX_HTML_DEPTH: usize = 512;

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track",
    "wbr",
];

/// Elements a browser closes by itself when the next of their kind starts
/// right after them (`<li>` after `<li>`): they never nest through
/// repetition.
const SELF_CLOSING: &[&str] = &["p", "li", "dd", "dt", "option"];

/// The byte offset in `markdown` of the raw HTML tag that opens element
/// number [`MAX_HTML_DEPTH`] + 1 inside the others, if any does.
pub fn markdown_too_deep(markdown: &str) -> Option<usize> {
    // most bodies have no tag at all: no parse for them
    let tag_start = |w: &[u8]| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!');
    if !memchr::memchr_iter(b'<', markdown.as_bytes()).any(|i| markdown.as_bytes().get(i..i + 2).is_some_and(tag_start))
    {
        return None;
    }
    // the raw HTML as one text, and where each piece of it came from
    let mut html = String::new();
    let mut from: Vec<(usize, usize)> = Vec::new();
    for (event, range) in Parser::new_ext(markdown, MARKDOWN).into_offset_iter() {
        if let Event::Html(text) | Event::InlineHtml(text) = event {
            from.push((html.len(), range.start));
            html.push_str(&text);
        }
    }
    let at = too_deep(&html)?;
    let (piece, source) = from[from.partition_point(|(start, _)| *start <= at).saturating_sub(1)];
    Some((source + (at - piece)).min(markdown.len().saturating_sub(1)))
}

/// The byte offset in the HTML `text` of the tag that opens element number
/// [`MAX_HTML_DEPTH`] + 1 inside the others, if any does.
pub fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    // the names of the open elements, innermost last
    let mut open: Vec<String> = Vec::new();
    let mut i = 0;
    // every place the scan resumes at follows an ASCII byte, so is a
    // character boundary
    while let Some(at) = find(text, i, b'<') {
        let rest = &bytes[at + 1..];
        if rest.starts_with(b"!--") {
            // `<!-->` and `<!--->` end at once; else `-->` or `--!>` does;
            // a comment never closed hides the rest
            let body = at + 4;
            if text[body..].starts_with('>') || text[body..].starts_with("->") {
                i = body + 1;
                continue;
            }
            let end = [find(text, body, "-->"), find(text, body, "--!>")]
                .into_iter()
                .flatten()
                .min()?;
            i = end + 3;
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = usize::from(closing);
        let name_len = rest[name_start..]
            .iter()
            .take_while(|b| !(b.is_ascii_whitespace() || **b == b'/' || **b == b'>'))
            .count();
        if name_len == 0 || !rest[name_start].is_ascii_alphabetic() {
            i = at + 1;
            continue;
        }
        let after_name = at + 1 + name_start + name_len;
        // an unclosed tag is text to the end
        let end = find(text, after_name, b'>')?;
        let name = text[at + 1 + name_start..after_name].to_ascii_lowercase();
        if closing {
            // an end tag closes the innermost element of its name and those
            // inside it; one that matches nothing is ignored
            if let Some(k) = open.iter().rposition(|n| *n == name) {
                open.truncate(k);
            }
        } else if !VOID.contains(&name.as_str()) {
            // (`/>` does not close an HTML element)
            if SELF_CLOSING.contains(&name.as_str()) && open.last() == Some(&name) {
                open.pop();
            }
            open.push(name);
            if open.len() > MAX_HTML_DEPTH {
                return Some(at);
            }
        }
        i = end + 1;
    }
    None
}

/// The byte offset of the first `needle` in `text` at or after `from`: a
/// byte is found by SIMD memchr (most bodies are scanned for `<` and
/// nothing else), a string by the general search.
fn find(text: &str, from: usize, needle: impl Needle) -> Option<usize> {
    Some(from + needle.find_in(text.get(from..)?)?)
}

trait Needle {
    fn find_in(self, text: &str) -> Option<usize>;
}

impl Needle for u8 {
    fn find_in(self, text: &str) -> Option<usize> {
        memchr::memchr(self, text.as_bytes())
    }
}

impl Needle for &str {
    fn find_in(self, text: &str) -> Option<usize> {
        text.find(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nest(open: &str, close: &str, n: usize) -> String {
        format!("前言\n\n<div>\n{}正文{}\n</div>\n", open.repeat(n), close.repeat(n))
    }

    #[test]
    fn nesting_is_bounded_at_the_limit() {
        // the outer <div> of `nest` counts too
        assert_eq!(markdown_too_deep(&nest("<div>", "</div>", MAX_HTML_DEPTH - 1)), None);
        let over = nest("<div>", "</div>", MAX_HTML_DEPTH);
        let at = markdown_too_deep(&over).unwrap();
        assert_eq!(at, "前言\n\n<div>\n".len() + 5 * (MAX_HTML_DEPTH - 1));
        assert!(markdown_too_deep(&"<div>".repeat(200_000)).is_some());
    }

    #[test]
    fn what_a_browser_nests_is_counted() {
        // `/>` does not close an HTML element; an end tag that matches
        // nothing closes nothing; <rt> and <optgroup> nest outside <ruby>
        // and <select>; a `:` in a name is still a name
        for open in ["<div/>", "<div></x>", "<rt>", "<optgroup>", "<ab:cd>", "<b><i></x>"] {
            let text = format!("<div>\n{}\n</div>\n", open.repeat(600));
            assert!(markdown_too_deep(&text).is_some(), "{open}");
        }
        // the comment forms that end at once do not hide what follows
        for comment in ["<!-->", "<!--->", "<!-- x --!>"] {
            let text = format!("<div>{comment}{}</div>\n", "<div>".repeat(600));
            assert!(markdown_too_deep(&text).is_some(), "{comment}");
        }
        // nor does a comment opener in a code span
        let text = format!("`<!--`\n\n<div>\n{}\n</div>\n", "<div>".repeat(600));
        assert!(markdown_too_deep(&text).is_some());
    }

    #[test]
    fn what_does_not_nest_is_not_counted() {
        let flat = "<div>x</div>".repeat(10_000);
        assert_eq!(markdown_too_deep(&flat), None);
        for many in [
            "<br>",
            "<img src=a.png>",
            "<p>段",
            "<li>项",
            "<hr/>",
            "a < b ",
            "<!-- <div> -->",
        ] {
            let text = format!("<div>\n{}\n</div>\n", many.repeat(2_000));
            assert_eq!(markdown_too_deep(&text), None, "{many}");
        }
        // not raw HTML at all: autolinks, code
        let text = format!(
            "{}\n\n`{}`\n\n    {}\n",
            "<https://e.com/x> ".repeat(2_000),
            "<div>".repeat(2_000),
            "<div>".repeat(2_000)
        );
        assert_eq!(markdown_too_deep(&text), None);
        // an unclosed comment or tag hides the rest
        assert_eq!(too_deep(&format!("<!-- {}", "<div>".repeat(1000))), None);
        assert_eq!(too_deep("<div"), None);
        assert_eq!(markdown_too_deep("没有标签的正文"), None);
    }
}
