//! Markdown bodies to safe HTML: pulldown-cmark, then ammonia.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd, html};

use crate::model::Record;

/// Renders a record's Markdown body (tables, footnotes, strikethrough)
/// safely: raw HTML in a record can never bring a script, an event handler,
/// a `javascript:`/`data:` URL, a frame or a style into the site.
///
/// pulldown-cmark escapes all text and attribute values itself, so only two
/// things can carry markup through: raw HTML, and the URLs of links and
/// images. URLs are checked here on the event stream (anything but http,
/// https, mailto, a relative path or a fragment becomes empty); a body with
/// raw HTML is then cleaned by ammonia. Bodies without raw HTML (nearly all)
/// skip ammonia's second parse.
pub fn to_html(markdown: &str) -> String {
    render(markdown, None)
}

/// [`to_html`], and the body's plain text for the search index from the
/// same parse: the text of every block, runs of space collapsed.
pub fn to_html_and_text(markdown: &str) -> (String, String) {
    let mut text = String::with_capacity(markdown.len());
    let html = render(markdown, Some(&mut text));
    let mut collapsed = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(word);
    }
    (html, collapsed)
}

/// A record's body as the site shows it: HTML for its pages, and its plain
/// text for the search index, already a JSON string.
#[derive(Debug)]
pub struct Body {
    /// The body as safe HTML.
    pub html: String,
    /// Its plain text for the search index, as a JSON string.
    pub search_text: Box<serde_json::value::RawValue>,
}

impl Body {
    /// Renders a Markdown body.
    pub fn new(markdown: &str) -> Body {
        let (html, text) = to_html_and_text(markdown);
        // a string always serializes
        let search_text = serde_json::value::to_raw_value(&text).unwrap_or_default();
        Body { html, search_text }
    }
}

/// Record bodies rendered before, kept between builds by `serve`: a record
/// the loader did not read again is the same shared [`Record`], and its
/// body is not rendered again.
#[derive(Debug, Default)]
pub struct Bodies {
    /// Per year: by record file, the record rendered and its body.
    years: Mutex<HashMap<i32, YearBodies>>,
}

type YearBodies = HashMap<String, (Arc<Record>, Arc<Body>)>;

impl Bodies {
    /// The body of each of `records` (all of `year`), rendered in
    /// parallel where not kept from the last time; what is kept now is
    /// these records' bodies and no others.
    pub fn year(&self, year: i32, records: &[&Arc<Record>]) -> Vec<Arc<Body>> {
        use rayon::prelude::*;
        let kept = self
            .years
            .lock()
            .ok()
            .and_then(|mut years| years.remove(&year))
            .unwrap_or_default();
        let rendered: Vec<Arc<Body>> = records
            .par_iter()
            .map(|r| match kept.get(&r.file) {
                Some((was, body)) if Arc::ptr_eq(was, r) => body.clone(),
                _ => Arc::new(Body::new(&r.body)),
            })
            .collect();
        let now = records
            .iter()
            .zip(&rendered)
            .map(|(r, rendered)| (r.file.clone(), (Arc::clone(r), rendered.clone())))
            .collect();
        if let Ok(mut years) = self.years.lock() {
            years.insert(year, now);
        }
        rendered
    }
}

/// Renders `markdown`; with `text`, also collects its plain text there.
fn render(markdown: &str, mut text: Option<&mut String>) -> String {
    let options = crate::model::html::MARKDOWN;
    let mut has_html = false;
    // inside an image from another host, shown as a link to it instead
    let mut remote_image = false;
    let events = Parser::new_ext(markdown, options).flat_map(|event| {
        if let Some(text) = text.as_deref_mut() {
            match &event {
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                Event::FootnoteReference(label) => {
                    // as the page shows it: a raised number of its own
                    text.push(' ');
                    text.push_str(label);
                    text.push(' ');
                }
                Event::SoftBreak | Event::HardBreak | Event::Rule | Event::End(_) => text.push(' '),
                _ => {}
            }
        }
        let one = |event| [Some(event), None];
        match event {
            Event::Html(_) | Event::InlineHtml(_) => {
                has_html = true;
                one(event)
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => one(Event::Start(Tag::Link {
                link_type,
                dest_url: safe_url(dest_url),
                title,
                id,
            })),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = safe_url(dest_url);
                if is_remote(&dest_url) {
                    // never loaded: a page (or its printout) contacts no
                    // host; the reader can follow the link
                    remote_image = true;
                    [
                        Some(Event::Start(Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            id,
                        })),
                        Some(Event::Text("图片：".into())),
                    ]
                } else {
                    one(Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }))
                }
            }
            Event::End(TagEnd::Image) if remote_image => {
                remote_image = false;
                one(Event::End(TagEnd::Link))
            }
            other => one(other),
        }
        .into_iter()
        .flatten()
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    if !has_html {
        return out;
    }
    let clean = sanitizer().clean(&out).to_string();
    if let Some(text) = text {
        // the text of raw HTML is what is left of it after cleaning
        text.clear();
        text.push_str(&super::search::plain_text(&clean));
    }
    clean
}

/// Whether a URL points at another host (an image there would be fetched):
/// read as a browser reads it, without tabs and line breaks and with `\`
/// for `/`, it names a scheme or starts with two slashes.
fn is_remote(url: &str) -> bool {
    let read: String = url
        .trim_start()
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| if c == '\\' { '/' } else { c.to_ascii_lowercase() })
        .collect();
    let scheme = read.find(':').is_some_and(|i| {
        i > 0
            && read[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    scheme || read.starts_with("//")
}

/// Keeps http(s), mailto, relative and fragment URLs; empties the rest.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower = url.trim().to_ascii_lowercase();
    let scheme_end = lower.find(|c: char| !(c.is_ascii_alphanumeric() || "+-.".contains(c)));
    let has_scheme = scheme_end.is_some_and(|i| i > 0 && lower[i..].starts_with(':'));
    let allowed = ["http:", "https:", "mailto:"].iter().any(|s| lower.starts_with(s));
    // control characters can hide a scheme from this check in some browsers
    let controls = url.chars().any(|c| c.is_control());
    if (has_scheme && !allowed) || controls {
        CowStr::Borrowed("")
    } else {
        url
    }
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        // footnotes: <sup class="footnote-reference"><a href="#1"> and
        // <div class="footnote-definition" id="1">
        b.add_tag_attributes("div", &["class", "id"])
            .add_tag_attributes("sup", &["class"])
            // table column alignment, and nothing else, as inline style
            .add_tag_attributes("th", &["style"])
            .add_tag_attributes("td", &["style"])
            .attribute_filter(|_element, attribute, value| match attribute {
                "style" => ["text-align: left", "text-align: center", "text-align: right"]
                    .contains(&value)
                    .then(|| value.into()),
                // an image from another host is never loaded
                "src" | "srcset" if is_remote(value) || value.replace('\\', "/").contains("//") => None,
                _ => Some(value.into()),
            });
        b
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_rendered_again_only_for_records_read_again() {
        let record = |id: &str, body: &str| {
            let mut r = Record::example(id, chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
            r.body = body.into();
            Arc::new(r)
        };
        let (a, b) = (record("2026/s1/a", "甲"), record("2026/s1/b", "乙"));
        let bodies = Bodies::default();
        let first = bodies.year(2026, &[&a, &b]);
        assert_eq!(first[0].html, "<p>甲</p>\n");
        assert_eq!(first[1].search_text.get(), "\"乙\"");
        // `b` read again (a new record): rendered again
        let b2 = record("2026/s1/b", "乙改");
        let second = bodies.year(2026, &[&a, &b2]);
        assert!(Arc::ptr_eq(&first[0], &second[0]), "kept");
        assert!(!Arc::ptr_eq(&first[1], &second[1]));
        assert_eq!(second[1].search_text.get(), "\"乙改\"");
        // a record gone is not kept
        bodies.year(2026, &[&a]);
        assert_eq!(bodies.years.lock().unwrap()[&2026].len(), 1);
    }

    #[test]
    fn tables_lists_footnotes() {
        let html = to_html("| a | b |\n|---|--:|\n| 1 | 2 |\n\n- x\n- ~~y~~\n\n注[^1]\n\n[^1]: 说明\n");
        assert!(
            html.contains("<table>") && html.contains("<td style=\"text-align: right\">2</td>"),
            "{html}"
        );
        assert!(html.contains("<del>y</del>"));
        assert!(html.contains("footnote-definition"), "{html}");
    }

    #[test]
    fn search_text_comes_from_the_same_parse() {
        let body = "## 议程\n\n1. 传达 & 学习\n2. **重点**发言\n\n| 项目 | 数 |\n|---|---|\n| 谈话 | 3 |\n\n注[^1]\n\n[^1]: 说明";
        let (html, text) = to_html_and_text(body);
        assert_eq!(html, to_html(body));
        assert_eq!(text, "议程 传达 & 学习 重点 发言 项目 数 谈话 3 注 1 说明");
        // raw HTML: the text of what survives cleaning, nothing of the script
        let (_, text) = to_html_and_text("<p>原文<script>alert(1)</script></p>\n\n后记");
        assert_eq!(text, "原文 后记");
    }

    #[test]
    fn dangerous_link_schemes_are_removed_without_raw_html() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "data:text/html,x",
            "vbscript:x",
            "java&#9;script:alert(1)",
        ] {
            let html = to_html(&format!("[x]({url}) ![y]({url})"));
            assert!(html.contains("href=\"\"") && html.contains("src=\"\""), "{url}: {html}");
        }
        let html = to_html("[a](https://e.com/x?y=1&z=\"2\") [b](../files/纪要.pdf) [c](#note) [d](mailto:a@b.c)");
        assert!(html.contains("href=\"https://e.com/x?y=1&amp;z=%222%22\""), "{html}");
        assert!(
            html.contains("href=\"../files/%E7%BA%AA%E8%A6%81.pdf\"") && html.contains("href=\"#note\""),
            "{html}"
        );
        assert!(html.contains("mailto:a@b.c"));
    }

    #[test]
    fn images_from_elsewhere_are_links_however_written() {
        for url in [
            "https://e.com/x.png",
            "//e.com/x.png",
            "/\\e.com/x.png",
            "HTTP://e.com/x.png",
        ] {
            let html = to_html(&format!("![图]({url})"));
            assert!(!html.contains("<img"), "{url}: {html}");
            assert!(html.contains("图片：图</a>"), "{url}: {html}");
        }
        for raw in [
            "<img src=\"//e.com/x\">",
            "<img src=\"/\\e.com/x\">",
            "<img src=\"/&#9;/e.com/x\">",
            "<img src=\"https://e.com/x\">",
        ] {
            let html = to_html(raw);
            assert!(!html.contains("e.com"), "{raw}: {html}");
        }
        // a picture of the site's own still shows
        assert!(to_html("![图](../files/a.png)").contains("<img src=\"../files/a.png\""));
    }

    #[test]
    fn hostile_html_is_removed() {
        let html = to_html(
            "<script>alert(1)</script><img src=x onerror=alert(1)><a href=\"javascript:alert(1)\">x</a>\
             <iframe src=\"https://e.com\"></iframe><a href=\"data:text/html,<script>\">d</a>\
             <td style=\"width: expression(alert(1))\">t</td><svg><script>alert(1)</script></svg>",
        );
        for bad in [
            "<script",
            "onerror",
            "javascript:",
            "<iframe",
            "data:",
            "expression",
            "<svg",
        ] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
    }
}
