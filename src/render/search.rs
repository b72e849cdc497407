//! The search index of a year: every record's title, labels and text, as
//! a script the search page loads. Matching happens in the reader's
//! browser by substring, which suits Chinese (no word segmentation to get
//! wrong) and needs nothing but static files, even opened from disk.

use serde::Serialize;
use serde_json::value::RawValue;

use super::view::RecordView;

/// One record in the index; short keys keep the file small.
#[derive(Serialize)]
struct Entry<'a> {
    /// title
    t: &'a str,
    /// url, relative to the site root
    u: &'a str,
    /// date, as shown
    d: &'a str,
    /// kind, in Chinese
    k: &'a str,
    /// section or leadership
    s: &'a str,
    /// tags
    g: &'a [String],
    /// who and what its fields name: the chair, attendees, the person a
    /// talk or case is about, the owner, the handler, the sections checked
    p: String,
    /// the body as plain text
    x: &'a RawValue,
}

/// One record's entry in the index, as JSON: made with the record's page,
/// in parallel, and joined by [`index_script`].
pub fn entry(view: &RecordView, text: &RawValue) -> String {
    let entry = Entry {
        t: &view.title,
        u: &view.url,
        d: &view.date_zh,
        k: view.kind_zh,
        s: &view.scope_name,
        g: &view.tags,
        p: view
            .fields
            .iter()
            .flat_map(|f| f.items.iter().map(|i| i.text.as_str()))
            .collect::<Vec<_>>()
            .join(" "),
        x: text,
    };
    // a struct of strings always serializes
    serde_json::to_string(&entry).unwrap_or_default()
}

/// The script holding `year`'s index: it adds the year's entries to
/// `window.ZERENZHI_SEARCH`.
pub fn index_script<'a>(year: i32, entries: impl Iterator<Item = &'a str> + Clone) -> String {
    let size: usize = entries.clone().map(|e| e.len() + 1).sum();
    let mut script = String::with_capacity(size + 80);
    script.push_str(&format!(
        "(window.ZERENZHI_SEARCH = window.ZERENZHI_SEARCH || {{}})[\"{year}\"] = ["
    ));
    for (i, entry) in entries.enumerate() {
        if i > 0 {
            script.push(',');
        }
        script.push_str(entry);
    }
    script.push_str("];\n");
    script
}

/// The text of HTML we rendered ourselves: tags dropped (block ends become
/// spaces), the entities we write decoded, runs of space collapsed.
pub fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut chars = html.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            '&' => {
                let rest = &html[i..];
                let entity = [
                    ("&amp;", '&'),
                    ("&lt;", '<'),
                    ("&gt;", '>'),
                    ("&quot;", '"'),
                    ("&#39;", '\''),
                ]
                .into_iter()
                .find(|(name, _)| rest.starts_with(name));
                match entity {
                    Some((name, ch)) => {
                        text.push(ch);
                        for _ in 1..name.len() {
                            chars.next();
                        }
                    }
                    None => text.push('&'),
                }
            }
            _ => text.push(c),
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_tags_and_decodes_entities() {
        assert_eq!(
            plain_text(
                "<h2>议程</h2>\n<ol><li>传达 &amp; 学习</li><li>a &lt;b&gt; &quot;c&quot; &#39;d&#39; &copy;</li></ol>"
            ),
            "议程 传达 & 学习 a <b> \"c\" 'd' &copy;"
        );
        assert_eq!(plain_text(""), "");
    }
}
