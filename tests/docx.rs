//! `zerenzhi docx`: the special reports as Word documents. The plain tests
//! read the documents back with docx-rs's reader; the ignored ones (run by
//! `.ci/run`) open them in LibreOffice, a real client, and measure the
//! printed pages, and check every part's element order with Python's own
//! XML parser.

mod common;

use common::{Tree, is_a4, pdf_pages, tool, zerenzhi};
use std::path::{Path, PathBuf};

fn tree() -> Tree {
    Tree::new()
        .record(
            "2026/leadership/2026-03-02-meeting.md",
            "kind = \"special_meeting\"\ntitle = \"第一次专题会议\"\ndate = 2026-03-02\nchair = \"dir\"\nsummary = \"研究部署全年工作\"",
        )
        .record(
            "2026/s1/2026-07-01-finding.md",
            "kind = \"finding\"\ntitle = \"台账不全\"\ndate = 2026-07-01\ndeadline = 2026-08-31\nstatus = \"open\"\nowner = \"c1\"",
        )
        .file("2026/report.md", "## 三、下一步工作打算\n\n1. 人工撰写的第一项打算；\n2. 人工撰写的第二项打算。\n")
}

fn docx(records: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "docx",
        "--records",
        records.to_str().unwrap(),
        "--as-of",
        "2026-12-31",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    zerenzhi(&args)
}

/// The text of each paragraph of the document body, tables' cells included.
fn paragraphs(path: &Path) -> Vec<String> {
    let bytes = std::fs::read(path).unwrap();
    let doc = docx_rs::read_docx(&bytes).unwrap();
    let mut out = Vec::new();
    for child in &doc.document.children {
        match child {
            docx_rs::DocumentChild::Paragraph(p) => out.push(p.raw_text().trim().to_string()),
            docx_rs::DocumentChild::Table(t) => {
                for row in &t.rows {
                    let docx_rs::TableChild::TableRow(row) = row;
                    for cell in &row.cells {
                        let docx_rs::TableRowChild::TableCell(cell) = cell;
                        for c in &cell.children {
                            if let docx_rs::TableCellContent::Paragraph(p) = c {
                                out.push(p.raw_text());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn the_unit_and_section_reports_are_word_documents_of_the_drafted_text() {
    let tree = tree();
    let out = tempfile::tempdir().unwrap();
    let run = docx(tree.path(), out.path(), &["--all"]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.contains("已生成") && stdout.contains("2026-测试办-专题报告.docx"),
        "{stdout}"
    );
    for name in [
        "2026-测试办-专题报告.docx",
        "2026-一科-专题报告.docx",
        "2026-二科-专题报告.docx",
    ] {
        assert!(out.path().join(name).is_file(), "{name}");
    }
    let text = paragraphs(&out.path().join("2026-测试办-专题报告.docx"));
    // the title in two balanced lines, broken between words
    assert_eq!(text[0], "关于2026年度落实党风廉政建设\n责任制情况的专题报告");
    assert_eq!(text[2], "测试市纪委：");
    let at = |s: &str| {
        text.iter()
            .position(|p| p.contains(s))
            .unwrap_or_else(|| panic!("no {s} in {text:#?}"))
    };
    // the parts in order, the summary drafted in, the staff's plans as written
    assert!(at("一、主要工作及成效") < at("二、存在的问题") && at("二、存在的问题") < at("三、下一步工作打算"));
    assert!(at("研究部署全年工作") < at("二、存在的问题"));
    assert_eq!(text[at("三、下一步工作打算") + 1], "1. 人工撰写的第一项打算；");
    // 特此报告, the attachments listed, the signature, then the attachments
    assert!(at("特此报告。") < at("附件：1. 2026年度党风廉政建设责任制落实情况统计表"));
    let line = |s: &str| {
        text.iter()
            .position(|p| p == s)
            .unwrap_or_else(|| panic!("no {s} in {text:#?}"))
    };
    assert!(line("测试市人民政府办公室") < line("2026年12月31日"));
    assert!(line("2026年12月31日") < line("附件1") && line("附件1") < line("附件2"));
    // the 统计表 is a real table: its cells are paragraphs of their own
    assert!(text.iter().any(|p| p == "合计") && text.iter().any(|p| p == "整改率"));
    let section = paragraphs(&out.path().join("2026-一科-专题报告.docx"));
    assert_eq!(section[2], "测试办党支部：");
    assert!(
        section.iter().any(|p| p == "台账不全"),
        "the section's ledger is attached"
    );
}

#[test]
fn the_same_records_give_the_same_document_bytes() {
    let tree = tree();
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    assert_eq!(docx(tree.path(), a.path(), &["--all"]).status.code(), Some(0));
    // one report alone is the same bytes as that report among all
    assert_eq!(
        docx(tree.path(), b.path(), &["--section", "一科"]).status.code(),
        Some(0)
    );
    let name = "2026-一科-专题报告.docx";
    assert!(std::fs::read(a.path().join(name)).unwrap() == std::fs::read(b.path().join(name)).unwrap());
    assert!(!b.path().join("2026-测试办-专题报告.docx").exists());
}

#[test]
fn a_wrong_choice_is_said_in_chinese_and_writes_nothing() {
    let tree = tree();
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("docx");
    let run = docx(tree.path(), &target, &["--section", "三科"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("org.toml 中没有科室 `三科`"));
    let run = docx(tree.path(), &target, &["--year", "2019"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("记录中没有 2019 年度文件夹"));
    assert!(!target.exists() || std::fs::read_dir(&target).unwrap().next().is_none());
    // records with errors give no document
    let bad = tree.record(
        "2026/s1/bad.md",
        "kind = \"finding\"\ntitle = \"缺期限\"\ndate = 2026-07-01",
    );
    let run = docx(bad.path(), &target, &[]);
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("未生成 Word 文档"));
}

/// The sample's reports as Word documents, converted to PDF by LibreOffice.
fn sample_through_libreoffice() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let run = docx(&common::sample_records(), dir.path(), &["--all"]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let doc = dir.path().join("2026-市政府办公室-专题报告.docx");
    let profile = format!("-env:UserInstallation=file://{}/lo", dir.path().display());
    let pdf_dir = dir.path().join("pdf");
    tool(
        "soffice",
        &[
            "--headless",
            &profile,
            "--convert-to",
            "pdf",
            "--outdir",
            pdf_dir.to_str().unwrap(),
            doc.to_str().unwrap(),
        ],
    );
    let pdf = pdf_dir.join("2026-市政府办公室-专题报告.pdf");
    (dir, doc, pdf)
}

#[test]
#[ignore = "needs LibreOffice Writer and poppler-utils; run by .ci/run"]
fn libreoffice_lays_the_report_out_on_the_official_grid() {
    let (_dir, _doc, pdf) = sample_through_libreoffice();
    let pdf = pdf.to_string_lossy();
    let (size, pages) = pdf_pages(&pdf);
    assert!(is_a4(size), "{size:?}");
    let text: String = tool("pdftotext", &[&pdf, "-"]).split_whitespace().collect();
    assert!(
        text.contains("关于2026年度落实党风廉政建设责任制情况的专题报告"),
        "{text}"
    );
    assert!(text.contains("中共临江市纪律检查委员会：") && text.contains("特此报告。"));
    assert!(text.contains("—1—") && text.contains("—2—"), "page numbers");
    // 22 lines on every full page of the body (the page number aside)
    let mut lines = Vec::new();
    for page in 1..=pages {
        let p = page.to_string();
        let layout = tool("pdftotext", &["-layout", "-f", &p, "-l", &p, &pdf, "-"]);
        let flat: String = layout.split_whitespace().collect();
        if flat.starts_with("附件1") {
            // the 统计表 stands on a landscape page, numbered like the rest
            let size = tool("pdfinfo", &["-f", &p, "-l", &p, &pdf]);
            assert!(size.contains("841.89 x 595.3"), "{size}");
            assert!(flat.contains(&format!("—{page}—")), "{layout}");
            break;
        }
        let n = layout
            .lines()
            .filter(|l| !l.trim().is_empty())
            .filter(|l| {
                !l.split_whitespace()
                    .collect::<String>()
                    .trim_matches('—')
                    .chars()
                    .all(|c| c.is_ascii_digit())
            })
            .count();
        lines.push(n);
    }
    assert!(lines.len() >= 3, "{lines:?}");
    assert!(lines.iter().all(|n| *n <= 22), "{lines:?}");
    assert_eq!(lines[1..lines.len() - 1].iter().max(), Some(&22), "{lines:?}");
}

#[test]
#[ignore = "needs Python 3; run by .ci/run"]
fn every_part_is_well_formed_and_in_schema_order() {
    let (_dir, doc, _pdf) = sample_through_libreoffice();
    let script = r#"
import sys, zipfile, xml.dom.minidom
ORDER = {
 'w:rPr': 'rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath',
 'w:pPr': 'pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange',
 'w:sectPr': 'headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid printerSettings sectPrChange',
 'w:tcPr': 'cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark',
 'w:tblPr': 'tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription',
 'w:settings': 'writeProtection view zoom removePersonalInformation removeDateAndTime doNotDisplayPageBoundaries displayBackgroundShape printPostScriptOverText printFractionalCharacterWidth printFormsData embedTrueTypeFonts embedSystemFonts saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors hideGrammaticalErrors activeWritingStyle proofState formsDesign attachedTemplate linkStyles stylePaneFormatFilter stylePaneSortMethod documentType mailMerge revisionView trackRevisions doNotTrackMoves doNotTrackFormatting documentProtection autoFormatOverride styleLockTheme styleLockQFSet defaultTabStop autoHyphenation consecutiveHyphenLimit hyphenationZone doNotHyphenateCaps showEnvelope summaryLength clickAndTypeStyle defaultTableStyle evenAndOddHeaders bookFoldRevPrinting bookFoldPrinting bookFoldPrintingSheets drawingGridHorizontalSpacing drawingGridVerticalSpacing displayHorizontalDrawingGridEvery displayVerticalDrawingGridEvery doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin drawingGridVerticalOrigin doNotShadeFormData noPunctuationKerning characterSpacingControl printTwoOnOne strictFirstAndLastChars noLineBreaksAfter noLineBreaksBefore savePreviewPicture doNotValidateAgainstSchema saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText doNotDemarcateInvalidXml saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags alwaysMergeEmptyNamespace updateFields hdrShapeDefaults footnotePr endnotePr compat docVars rsids',
}
bad = []
z = zipfile.ZipFile(sys.argv[1])
for name in z.namelist():
    if not name.endswith('.xml') and not name.endswith('.rels'):
        continue
    dom = xml.dom.minidom.parseString(z.read(name))
    for parent, order in ORDER.items():
        names = ['w:' + n for n in order.split()]
        for el in dom.getElementsByTagName(parent):
            kids = [k.tagName for k in el.childNodes if k.nodeType == k.ELEMENT_NODE]
            idx = [names.index(k) if k in names else 999 for k in kids]
            if idx != sorted(idx):
                bad.append(f'{name}: {parent} has {kids}')
core = xml.dom.minidom.parseString(z.read('docProps/core.xml'))
text = lambda tag: core.getElementsByTagName(tag)[0].firstChild.data
if text('dc:title') != '关于2026年度落实党风廉政建设责任制情况的专题报告':
    bad.append('title: ' + text('dc:title'))
if text('dc:creator') != '临江市人民政府办公室' or text('dcterms:created') != '2026-12-31T00:00:00Z':
    bad.append('author or date: ' + text('dc:creator') + ' ' + text('dcterms:created'))
print('\n'.join(bad[:20]))
sys.exit(1 if bad else 0)
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script, doc.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
