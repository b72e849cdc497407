//! Splitting a Markdown record into TOML front matter and body.

use std::ops::Range;

use crate::diag::Message;

/// The parts of a `.md` record, as byte ranges into its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts {
    /// The TOML between the fences.
    pub toml: Range<usize>,
    /// The Markdown after the closing fence.
    pub body: Range<usize>,
}

/// Finds the front matter between a first line `+++` and the next line
/// `+++`. Trailing spaces and CRLF line ends are allowed on the fences; the
/// error carries the span to point at.
pub fn split(text: &str) -> Result<Parts, (Message, Range<usize>)> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if !is_fence(first) {
        let end = first.trim_end().len();
        return Err((Message::NoOpeningFence, 0..end));
    }
    let toml_start = first.len();
    let mut offset = toml_start;
    for line in lines {
        if is_fence(line) {
            let body_start = (offset + line.len()).min(text.len());
            return Ok(Parts {
                toml: toml_start..offset,
                body: body_start..text.len(),
            });
        }
        offset += line.len();
    }
    Err((Message::NoClosingFence, 0..first.trim_end().len()))
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "+++"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lf_and_crlf() {
        let text = "+++\nkind = \"plan\"\n+++\n正文\n";
        let parts = split(text).unwrap();
        assert_eq!(&text[parts.toml], "kind = \"plan\"\n");
        assert_eq!(&text[parts.body], "正文\n");

        let text = "+++\r\nkind = \"plan\"\r\n+++ \r\nbody";
        let parts = split(text).unwrap();
        assert_eq!(&text[parts.toml], "kind = \"plan\"\r\n");
        assert_eq!(&text[parts.body], "body");
    }

    #[test]
    fn closing_fence_at_end_of_file() {
        let text = "+++\na = 1\n+++";
        let parts = split(text).unwrap();
        assert_eq!(parts.body, text.len()..text.len());
    }

    #[test]
    fn missing_fences() {
        assert_eq!(split("kind = 1\n").unwrap_err().0, Message::NoOpeningFence);
        assert_eq!(split("+++\nkind = 1\n").unwrap_err().0, Message::NoClosingFence);
        assert_eq!(split("").unwrap_err().0, Message::NoOpeningFence);
        // "++++" is not a fence
        assert_eq!(split("++++\n+++\n").unwrap_err().0, Message::NoOpeningFence);
    }
}
