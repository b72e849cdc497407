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
    while let Some(found) = memchr(b'<', &bytes[i..]) {
        let at = i + found;
        let rest = &bytes[at + 1..];
        if rest.starts_with(b"!--") {
            match find(&rest[3..], b"-->") {
                Some(end) => i = at + 4 + end + 3,
                None => return None,
            }
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
        let after_name = name_start + name_len;
        // `<https://…>` is a Markdown autolink, not a tag
        if rest.get(after_name) == Some(&b':') {
            i = at + 1 + after_name;
            continue;
        }
        // an unclosed tag is text to the end
        let end = after_name + memchr(b'>', &rest[after_name..])?;
        let name = String::from_utf8_lossy(&rest[name_start..after_name]).to_ascii_lowercase();
        if closing {
            depth = depth.saturating_sub(1);
        } else if !(rest[..end].ends_with(b"/")
            || VOID.contains(&name.as_str())
            || SELF_CLOSING.contains(&name.as_str()))
        {
            depth += 1;
            if depth > MAX_HTML_DEPTH {
                return Some(at);
            }
        }
        i = at + 1 + end + 1;
    }
    None
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
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
