//! A bound on raw HTML in Markdown bodies, checked when a record is read.
//!
//! Cleaning raw HTML (ammonia, on html5ever) costs time in proportion to
//! the number of elements times their nesting depth, so a body of nothing
//! but `<div>` takes minutes. Browsers' own parsers stop nesting at 512
//! levels; a body that opens more elements than that inside each other is
//! refused, with the place where it went too deep. The scan is one linear
//! pass and errs on the safe side: it counts every element that is opened
//! and not closed, as if the browser kept them all open.

/// Deepest nesting of raw HTML elements a body may have.
pub const MAX_HTML_DEPTH: usize = 512;

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track",
    "wbr",
];

/// Elements a browser closes by itself when the next of their kind starts
/// (`<p>`, `<li>`, table cells): they never nest through repetition.
const SELF_CLOSING: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rtc", "rp", "thead", "tbody", "tfoot",
    "colgroup", "caption",
];

/// The byte offset of the tag that opens element number
/// [`MAX_HTML_DEPTH`] + 1 inside the others, if any does.
pub fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    // every place the scan resumes at follows an ASCII byte, so is a
    // character boundary, and `find` (memchr) does the searching
    while let Some(at) = find(text, i, b'<') {
        let rest = &bytes[at + 1..];
        if rest.starts_with(b"!--") {
            i = find(text, at + 4, "-->")? + 3;
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = usize::from(closing);
        let name_len = rest[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        if name_len == 0 || !rest[name_start].is_ascii_alphabetic() {
            i = at + 1;
            continue;
        }
        let after_name = at + 1 + name_start + name_len;
        // `<https://…>` is a Markdown autolink, not a tag
        if bytes.get(after_name) == Some(&b':') {
            i = after_name;
            continue;
        }
        // an unclosed tag is text to the end
        let end = find(text, after_name, b'>')?;
        let name = text[at + 1 + name_start..after_name].to_ascii_lowercase();
        if closing {
            depth = depth.saturating_sub(1);
        } else if !(bytes[end - 1] == b'/' || VOID.contains(&name.as_str()) || SELF_CLOSING.contains(&name.as_str())) {
            depth += 1;
            if depth > MAX_HTML_DEPTH {
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

    #[test]
    fn nesting_is_bounded_at_the_limit() {
        let nest = |n: usize| format!("前言\n\n{}正文{}", "<div>".repeat(n), "</div>".repeat(n));
        assert_eq!(too_deep(&nest(MAX_HTML_DEPTH)), None);
        let over = nest(MAX_HTML_DEPTH + 1);
        assert_eq!(too_deep(&over), Some("前言\n\n".len() + 5 * MAX_HTML_DEPTH));
        assert!(too_deep(&"<div>".repeat(200_000)).is_some());
    }

    #[test]
    fn what_does_not_nest_is_not_counted() {
        let flat = "<div>x</div>".repeat(10_000);
        assert_eq!(too_deep(&flat), None);
        for many in [
            "<br>",
            "<img src=a.png>",
            "<p>段",
            "<li>项",
            "<hr/>",
            "<span/>",
            "<https://e.com/x>",
            "a < b ",
            "<!-- <div> -->",
        ] {
            assert_eq!(too_deep(&many.repeat(2_000)), None, "{many}");
        }
        // an unclosed comment or tag ends the scan
        assert_eq!(too_deep(&format!("<!-- {}", "<div>".repeat(1000))), None);
        assert_eq!(too_deep("<div"), None);
    }
}
