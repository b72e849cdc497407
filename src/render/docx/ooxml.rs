//! Puts docx-rs's parts in the order the OOXML schema (ECMA-376 Part 1,
//! the CT_PPr, CT_RPr, CT_SectPr… sequences) gives, and adds what docx-rs
//! does not write: `w:firstLineChars` (an indent of two grid characters),
//! `w:tblHeader` (the heading row repeated on every page) and mirrored
//! margins for binding. Word is lenient about order; other readers and
//! validators are not.

use docx_rs::XMLDocx;

/// The schema's order of the children of each element we reorder.
const ORDERS: &[(&str, &[&str])] = &[
    (
        "w:pPr",
        &[
            "w:pStyle",
            "w:keepNext",
            "w:keepLines",
            "w:pageBreakBefore",
            "w:framePr",
            "w:widowControl",
            "w:numPr",
            "w:suppressLineNumbers",
            "w:pBdr",
            "w:shd",
            "w:tabs",
            "w:suppressAutoHyphens",
            "w:kinsoku",
            "w:wordWrap",
            "w:overflowPunct",
            "w:topLinePunct",
            "w:autoSpaceDE",
            "w:autoSpaceDN",
            "w:bidi",
            "w:adjustRightInd",
            "w:snapToGrid",
            "w:spacing",
            "w:ind",
            "w:contextualSpacing",
            "w:mirrorIndents",
            "w:suppressOverlap",
            "w:jc",
            "w:textDirection",
            "w:textAlignment",
            "w:textboxTightWrap",
            "w:outlineLvl",
            "w:divId",
            "w:cnfStyle",
            "w:rPr",
            "w:sectPr",
            "w:pPrChange",
        ],
    ),
    (
        "w:rPr",
        &[
            "w:ins",
            "w:del",
            "w:rStyle",
            "w:rFonts",
            "w:b",
            "w:bCs",
            "w:i",
            "w:iCs",
            "w:caps",
            "w:smallCaps",
            "w:strike",
            "w:dstrike",
            "w:outline",
            "w:shadow",
            "w:emboss",
            "w:imprint",
            "w:noProof",
            "w:snapToGrid",
            "w:vanish",
            "w:webHidden",
            "w:color",
            "w:spacing",
            "w:w",
            "w:kern",
            "w:position",
            "w:sz",
            "w:szCs",
            "w:highlight",
            "w:u",
            "w:effect",
            "w:bdr",
            "w:shd",
            "w:fitText",
            "w:vertAlign",
            "w:rtl",
            "w:cs",
            "w:em",
            "w:lang",
            "w:eastAsianLayout",
            "w:specVanish",
            "w:oMath",
        ],
    ),
    (
        "w:sectPr",
        &[
            "w:headerReference",
            "w:footerReference",
            "w:footnotePr",
            "w:endnotePr",
            "w:type",
            "w:pgSz",
            "w:pgMar",
            "w:paperSrc",
            "w:pgBorders",
            "w:lnNumType",
            "w:pgNumType",
            "w:cols",
            "w:formProt",
            "w:vAlign",
            "w:noEndnote",
            "w:titlePg",
            "w:textDirection",
            "w:bidi",
            "w:rtlGutter",
            "w:docGrid",
            "w:printerSettings",
            "w:sectPrChange",
        ],
    ),
    (
        "w:tblPr",
        &[
            "w:tblStyle",
            "w:tblpPr",
            "w:tblOverlap",
            "w:bidiVisual",
            "w:tblStyleRowBandSize",
            "w:tblStyleColBandSize",
            "w:tblW",
            "w:jc",
            "w:tblCellSpacing",
            "w:tblInd",
            "w:tblBorders",
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
            "w:tblCaption",
            "w:tblDescription",
        ],
    ),
    (
        "w:tcPr",
        &[
            "w:cnfStyle",
            "w:tcW",
            "w:gridSpan",
            "w:hMerge",
            "w:vMerge",
            "w:tcBorders",
            "w:shd",
            "w:noWrap",
            "w:tcMar",
            "w:textDirection",
            "w:tcFitText",
            "w:vAlign",
            "w:hideMark",
        ],
    ),
    (
        "w:trPr",
        &[
            "w:cnfStyle",
            "w:divId",
            "w:gridBefore",
            "w:gridAfter",
            "w:wBefore",
            "w:wAfter",
            "w:cantSplit",
            "w:trHeight",
            "w:tblHeader",
            "w:tblCellSpacing",
            "w:jc",
            "w:hidden",
            "w:ins",
            "w:del",
            "w:trPrChange",
        ],
    ),
    (
        "w:style",
        &[
            "w:name",
            "w:aliases",
            "w:basedOn",
            "w:next",
            "w:link",
            "w:autoRedefine",
            "w:hidden",
            "w:uiPriority",
            "w:semiHidden",
            "w:unhideWhenUsed",
            "w:qFormat",
            "w:locked",
            "w:personal",
            "w:personalCompose",
            "w:personalReply",
            "w:rsid",
            "w:pPr",
            "w:rPr",
            "w:tblPr",
            "w:trPr",
            "w:tcPr",
            "w:tblStylePr",
        ],
    ),
];

/// The settings of every document: schema order, even and odd footers,
/// mirrored margins (订口 on the inside), punctuation compressed as
/// Chinese documents set it.
const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:zoom w:percent="100"/><w:mirrorMargins/><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/><w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#;

/// Fixes every part docx-rs built.
pub(super) fn fix(xml: &mut XMLDocx) {
    let document = String::from_utf8_lossy(&xml.document).into_owned();
    let document = document
        .replace(
            &format!("w:firstLine=\"{}\"", 2 * super::CHAR),
            &format!("w:firstLine=\"{}\" w:firstLineChars=\"200\"", 2 * super::CHAR),
        )
        .replace(" w:type=\"dxa\" />", " />");
    let document = number_paragraphs(&footers_in_every_section(&heading_rows(&document)));
    xml.document = reorder(&document).into_bytes();
    for part in [
        &mut xml.styles,
        &mut xml.numberings,
        &mut xml.footnotes,
        &mut xml.comments,
    ] {
        *part = reorder(&String::from_utf8_lossy(part)).into_bytes();
    }
    for footer in &mut xml.footers {
        *footer = reorder(&String::from_utf8_lossy(footer)).into_bytes();
    }
    xml.settings = SETTINGS.as_bytes().to_vec();
}

/// The document's properties: its title, the issuer as its author, and
/// the day (docx-rs writes none, "unknown" and 1970).
pub(super) fn core(title: &str, author: &str, dated: chrono::NaiveDate) -> String {
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let day = format!("{dated}T00:00:00Z");
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy><cp:revision>1</cp:revision>",
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{day}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{day}</dcterms:modified>"#,
            "</cp:coreProperties>"
        ),
        title = escape(title),
        author = escape(author),
        day = day
    )
}

/// Gives every section the page numbers of the last (docx-rs drops a
/// section's even-page footer, and a first section without footers would
/// have no page numbers): the footer references of the body's section
/// are put into each earlier one.
fn footers_in_every_section(document: &str) -> String {
    let Some(last) = document.rfind("<w:sectPr>") else {
        return document.to_string();
    };
    let end = document[last..]
        .find("</w:sectPr>")
        .map_or(document.len(), |e| last + e);
    let refs: String = children_of(&document[last + "<w:sectPr>".len()..end])
        .into_iter()
        .filter(|c| tag_name(c) == "w:footerReference")
        .collect();
    let (before, after) = document.split_at(last);
    before.replace("<w:sectPr>", &format!("<w:sectPr>{refs}")) + after
}

/// Numbers the paragraphs' `w14:paraId` in document order: docx-rs takes
/// them from a counter that runs on across documents.
fn number_paragraphs(document: &str) -> String {
    const KEY: &str = "w14:paraId=\"";
    let mut out = String::with_capacity(document.len());
    let mut rest = document;
    let mut n = 0u32;
    while let Some(at) = rest.find(KEY) {
        let value = at + KEY.len();
        let end = rest[value..].find('"').map_or(rest.len(), |e| value + e);
        n += 1;
        out.push_str(&rest[..value]);
        out.push_str(&format!("{n:08X}"));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Marks the first row of every table as its heading row.
fn heading_rows(document: &str) -> String {
    let mut out = String::with_capacity(document.len());
    let mut rest = document;
    while let Some(at) = rest.find("<w:tbl>") {
        let (before, table) = rest.split_at(at);
        out.push_str(before);
        let first_row = table.find("<w:cantSplit />");
        match first_row {
            Some(i) => {
                out.push_str(&table[..i]);
                out.push_str("<w:cantSplit /><w:tblHeader />");
                rest = &table[i + "<w:cantSplit />".len()..];
            }
            None => {
                out.push_str("<w:tbl>");
                rest = &table["<w:tbl>".len()..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `xml` with the children of every element named in [`ORDERS`] in
/// schema order (a stable sort: unknown children keep their place at the
/// end, equal names their order).
pub(super) fn reorder(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        let Some(end) = rest.find('>') else { break };
        let tag = &rest[..=end];
        let name = tag_name(tag);
        let order = ORDERS.iter().find(|(n, _)| *n == name).map(|(_, o)| *o);
        match order {
            Some(order) if !tag.ends_with("/>") => {
                let (inner, after) = inner_of(&rest[end + 1..], name);
                let mut children: Vec<String> = children_of(inner).into_iter().map(|c| reorder(&c)).collect();
                children.sort_by_key(|c| {
                    let n = tag_name(c);
                    order.iter().position(|o| *o == n).unwrap_or(order.len())
                });
                out.push_str(tag);
                for child in children {
                    out.push_str(&child);
                }
                out.push_str(&format!("</{name}>"));
                rest = after;
            }
            _ => {
                out.push_str(tag);
                rest = &rest[end + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The element name of a tag: `w:rPr` of `<w:rPr>` or `<w:sz w:val="32" />`.
fn tag_name(tag: &str) -> &str {
    let t = tag.trim_start_matches('<').trim_start_matches('/');
    let end = t.find([' ', '>', '/']).unwrap_or(t.len());
    &t[..end]
}

/// What is inside the element `name` whose opening tag came just before
/// `text`, and what follows its closing tag.
fn inner_of<'a>(text: &'a str, name: &str) -> (&'a str, &'a str) {
    let open = format!("<{name}");
    let close = format!("</{name}>");
    let mut depth = 1;
    let mut at = 0;
    while at < text.len() {
        let Some(next) = text[at..].find('<').map(|i| at + i) else {
            break;
        };
        let end = text[next..].find('>').map_or(text.len(), |e| next + e + 1);
        let tag = &text[next..end];
        if tag.starts_with(&close) {
            depth -= 1;
            if depth == 0 {
                return (&text[..next], &text[end..]);
            }
        } else if tag.starts_with(&open) && tag_name(tag) == name && !tag.ends_with("/>") {
            depth += 1;
        }
        at = end;
    }
    (text, "")
}

/// The child elements of an element's content, each whole.
fn children_of(inner: &str) -> Vec<String> {
    let mut children = Vec::new();
    let mut rest = inner;
    while let Some(open) = rest.find('<') {
        rest = &rest[open..];
        let Some(end) = rest.find('>') else { break };
        let tag = &rest[..=end];
        if tag.ends_with("/>") {
            children.push(tag.to_string());
            rest = &rest[end + 1..];
        } else {
            let name = tag_name(tag);
            let (inner, after) = inner_of(&rest[end + 1..], name);
            children.push(format!("{tag}{inner}</{name}>"));
            rest = after;
        }
    }
    children
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_come_in_schema_order() {
        let given = r#"<w:p><w:pPr><w:rPr><w:sz w:val="32" /><w:rFonts w:eastAsia="仿宋" /></w:rPr><w:jc w:val="both" /><w:ind w:left="0" /><w:spacing w:line="579" /><w:keepNext /></w:pPr><w:r><w:t>甲</w:t></w:r></w:p>"#;
        let want = r#"<w:p><w:pPr><w:keepNext /><w:spacing w:line="579" /><w:ind w:left="0" /><w:jc w:val="both" /><w:rPr><w:rFonts w:eastAsia="仿宋" /><w:sz w:val="32" /></w:rPr></w:pPr><w:r><w:t>甲</w:t></w:r></w:p>"#;
        assert_eq!(reorder(given), want);
        let sect = r#"<w:sectPr><w:pgSz w:w="11906" /><w:docGrid w:type="linesAndChars" /><w:footerReference w:type="default" r:id="rIdFooter1" /></w:sectPr>"#;
        assert_eq!(
            reorder(sect),
            r#"<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter1" /><w:pgSz w:w="11906" /><w:docGrid w:type="linesAndChars" /></w:sectPr>"#
        );
    }

    #[test]
    fn every_section_has_the_page_numbers_and_paragraphs_are_numbered_in_order() {
        let doc = r#"<w:p w14:paraId="0000002A"><w:pPr><w:sectPr><w:pgSz /></w:sectPr></w:pPr></w:p><w:p w14:paraId="00000007" /><w:sectPr><w:pgSz /><w:footerReference w:type="default" r:id="rIdFooter1" /></w:sectPr>"#;
        assert_eq!(
            number_paragraphs(&footers_in_every_section(doc)),
            r#"<w:p w14:paraId="00000001"><w:pPr><w:sectPr><w:footerReference w:type="default" r:id="rIdFooter1" /><w:pgSz /></w:sectPr></w:pPr></w:p><w:p w14:paraId="00000002" /><w:sectPr><w:pgSz /><w:footerReference w:type="default" r:id="rIdFooter1" /></w:sectPr>"#
        );
    }

    #[test]
    fn the_first_row_of_a_table_is_its_heading() {
        let doc =
            "<w:tbl><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr></w:tbl>";
        assert_eq!(
            heading_rows(doc),
            "<w:tbl><w:tr><w:trPr><w:cantSplit /><w:tblHeader /></w:trPr></w:tr><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr></w:tbl>"
        );
    }
}
