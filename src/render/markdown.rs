//! Markdown bodies to safe HTML: pulldown-cmark, then ammonia.

use std::sync::OnceLock;

use pulldown_cmark::{Options, Parser, html};

/// Renders a record's Markdown body (tables, footnotes, strikethrough) and
/// sanitizes the result: raw HTML in a record can never bring a script, an
/// event handler, a `javascript:`/`data:` URL, a frame or a style into the
/// site.
pub fn to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(markdown, options));
    sanitizer().clean(&raw).to_string()
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
                _ => Some(value.into()),
            });
        b
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
