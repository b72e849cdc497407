//! Printing the sample unit's report with a real Chromium and checking the
//! PDF with poppler. Needs `chromium`, `fonts-noto-cjk` and `poppler-utils`
//! (Debian), so it is ignored by a plain `cargo test`; `.ci/run` installs
//! them and runs `cargo test --test pdf -- --ignored`.

mod common;

use common::{is_a4, pdf_pages, tool};

/// Prints the sample's unit report as of `as_of` into a fresh folder, with
/// `extra` arguments; the folder, the PDF and what `pdf` said.
fn print_sample(as_of: &str, extra: &[&str]) -> (tempfile::TempDir, std::path::PathBuf, std::process::Output) {
    let out = tempfile::tempdir().unwrap();
    let records = common::sample_records().to_string_lossy().into_owned();
    let dir = out.path().to_string_lossy().into_owned();
    let mut args = vec!["pdf", "--records", &records, "--as-of", as_of, "--out", &dir];
    args.extend_from_slice(extra);
    let result = common::zerenzhi(&args);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let pdf = out.path().join("2026-市政府办公室-专题报告.pdf");
    (out, pdf, result)
}

/// Prints the sample's unit report as of `as_of` into a fresh folder.
fn print_unit_report(as_of: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let (out, pdf, _) = print_sample(as_of, &[]);
    (out, pdf)
}

#[test]
#[ignore = "needs Chromium, CJK fonts and poppler-utils; run by .ci/run"]
fn sample_report_prints_to_gbt_9704() {
    let (_out, pdf) = print_unit_report("2026-11-26");
    let pdf = pdf.to_string_lossy();

    let (size, pages) = pdf_pages(&pdf);
    assert!(is_a4(size), "{size:?}");
    assert!(pages >= 3, "{pages} pages");

    // the title wraps; compare the text without its line breaks
    let text: String = tool("pdftotext", &[&pdf, "-"]).split_whitespace().collect();
    assert!(
        text.contains("关于2026年度落实党风廉政建设责任制情况的专题报告"),
        "{text}"
    );
    assert!(text.contains("中共临江市纪律检查委员会："));
    assert!(text.contains("2026年11月26日"));
    assert!(text.contains("—1—") && text.contains("—2—"), "page numbers");

    // 22 lines a page: every body page holds at most 22, a full one exactly
    // 22; the unit and 内部资料 stand in the top margin of every page
    let mut lines = Vec::new();
    for page in 1..=pages {
        let p = page.to_string();
        let layout = tool("pdftotext", &["-layout", "-f", &p, "-l", &p, &pdf, "-"]);
        let first = layout.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
        assert_eq!(
            first.split_whitespace().collect::<Vec<_>>(),
            ["临江市人民政府办公室", "内部资料"],
            "page {p}"
        );
        let n = layout
            .lines()
            .filter(|l| !l.trim().is_empty())
            .skip(1)
            .filter(|l| !l.trim().trim_matches('—').trim().chars().all(|c| c.is_ascii_digit()))
            .count();
        lines.push(n);
    }
    assert!(lines.iter().all(|n| *n <= 22), "{lines:?}");
    assert_eq!(lines[1..pages - 1].iter().max(), Some(&22), "{lines:?}");
}

#[test]
#[ignore = "needs Chromium; run by .ci/run"]
fn printing_contacts_no_host() {
    use std::net::TcpListener;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    // a server on loopback that counts who asks it for anything
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    listener.set_nonblocking(true).unwrap();
    let asked = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let counter = {
        let (asked, done) = (asked.clone(), done.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::SeqCst) {
                if listener.accept().is_ok() {
                    asked.fetch_add(1, Ordering::SeqCst);
                }
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
        })
    };
    let url = format!("http://127.0.0.1:{port}");
    let tree = common::Tree::new().file(
        "2026/report.md",
        &format!("## 一、工作情况\n\n![图]({url}/body.png)\n\n<img src=\"{url}/raw.png\">\n"),
    );
    // a template of the office's own that loads from that server, without
    // the site's policy: only the browser's own switches keep it offline
    let templates = tempfile::tempdir().unwrap();
    std::fs::write(
        templates.path().join("report.html"),
        format!(
            "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>t</title>\
             <link rel=\"stylesheet\" href=\"{url}/x.css\"></head><body><img src=\"{url}/t.png\">\
             <img src=\"http://localhost:{port}/l.png\"><p>报告</p></body></html>"
        ),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let result = common::zerenzhi(&[
        "pdf",
        "--records",
        &tree.path().to_string_lossy(),
        "--as-of",
        "2026-11-26",
        "--templates",
        &templates.path().to_string_lossy(),
        "--out",
        &out.path().to_string_lossy(),
    ]);
    done.store(true, Ordering::SeqCst);
    counter.join().unwrap();
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert_eq!(asked.load(Ordering::SeqCst), 0, "Chromium fetched from {url}");
}

#[test]
#[ignore = "needs Chromium and poppler-utils; run by .ci/run"]
fn the_same_records_print_the_same_pdf_bytes() {
    let (_a, first) = print_unit_report("2026-12-31");
    let (_b, second) = print_unit_report("2026-12-31");
    let bytes = std::fs::read(&first).unwrap();
    assert!(bytes == std::fs::read(&second).unwrap(), "two runs gave different PDFs");
    // no link leads into the deleted folder it was printed from
    assert!(memchr::memmem::find(&bytes, b"/URI").is_none() && memchr::memmem::find(&bytes, b"file:").is_none());
    let info = tool("pdfinfo", &[&first.to_string_lossy()]);
    assert!(
        info.contains("Title:           关于2026年度落实党风廉政建设责任制情况的专题报告\n"),
        "{info}"
    );
    assert!(info.contains("CreationDate:    Thu Dec 31 00:00:00 2026 UTC"), "{info}");
}

#[test]
#[ignore = "needs Chromium and poppler-utils; run by .ci/run"]
fn the_date_stands_four_characters_from_the_right_under_its_issuer() {
    let (_dir, pdf) = print_unit_report("2026-12-31");
    let pdf = pdf.to_string_lossy();
    let words = |page: usize| -> Vec<(f64, f64, String)> {
        let p = page.to_string();
        tool("pdftotext", &["-bbox", "-f", &p, "-l", &p, &pdf, "-"])
            .lines()
            .filter_map(|l| {
                let l = l.trim().strip_prefix("<word ")?;
                let num = |key: &str| -> f64 {
                    let at = l.find(key).unwrap() + key.len() + 2;
                    l[at..at + l[at..].find('"').unwrap()].parse().unwrap()
                };
                let text = l[l.find('>')? + 1..l.find("</word>")?].to_string();
                Some((num("xMin"), num("xMax"), text))
            })
            .collect()
    };
    let (_, pages) = pdf_pages(&pdf);
    let (page, list) = (1..=pages)
        .map(|p| (p, words(p)))
        .find(|(_, w)| w.iter().any(|(_, _, t)| t == "2026年12月31日"))
        .unwrap();
    let (date_min, date_max, _) = list.iter().find(|(_, _, t)| t == "2026年12月31日").unwrap().clone();
    // the issuer above the date, not the unit's name in the page's top
    // margin
    let (sig_min, sig_max, _) = list
        .iter()
        .rev()
        .find(|(min, max, t)| t == "临江市人民政府办公室" && *min < date_max && *max > date_min)
        .unwrap()
        .clone();
    // 版心 156 mm from 订口 28 mm on odd pages, from 26 mm on even ones
    let mm = 72.0 / 25.4;
    let right = (if page % 2 == 1 { 28.0 + 156.0 } else { 26.0 + 156.0 }) * mm;
    let cell = 156.0 / 28.0 * mm;
    let space = (right - date_max) / cell;
    assert!(
        (space - 4.0).abs() < 0.15,
        "the date is {space:.2} characters from the right"
    );
    let centre = |a: f64, b: f64| (a + b) / 2.0;
    assert!(
        (centre(sig_min, sig_max) - centre(date_min, date_max)).abs() < 1.0,
        "the issuer is not centred on the date"
    );
}

#[test]
#[ignore = "needs Chromium, fontconfig and target/ci-tools/fonts/ukai.ttc (AR PL UKai, unpacked by .ci/run)"]
fn the_offices_own_truetype_faces_embed_as_cid_truetype() {
    let fonts = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ci-tools/fonts");
    assert!(
        fonts.join("ukai.ttc").is_file(),
        "run .ci/run once: it unpacks AR PL UKai into {}",
        fonts.display()
    );
    let print = |extra: &[&str]| {
        let (out, pdf, result) = print_sample("2026-12-31", extra);
        let fonts = tool("pdffonts", &[&pdf.to_string_lossy()]);
        (
            String::from_utf8_lossy(&result.stdout).into_owned(),
            String::from_utf8_lossy(&result.stderr).into_owned(),
            fonts,
            out,
        )
    };
    let installed = tool("fc-list", &[]).contains("AR PL UKai");
    // every role is said; one that falls back is warned about in Chinese
    let (said, warned, _, _) = print(&[]);
    assert!(said.contains("字体 正文：") && said.contains("字体 页码："), "{said}");
    if !installed {
        assert!(
            warned.contains("警告：二级标题（（一））要用“楷体_GB2312”，本机没有"),
            "{warned}"
        );
    }
    // with the office's fonts, （一） comes out in UKai, a CID TrueType font
    let (said, warned, pdffonts, _) = print(&["--fonts", &fonts.to_string_lossy()]);
    assert!(
        said.contains("字体 二级标题（（一））：AR PL UKai CN（TrueType，嵌入为 CID TrueType）"),
        "{said}"
    );
    assert!(!warned.contains("二级标题"), "{warned}");
    assert!(
        pdffonts
            .lines()
            .any(|l| l.contains("UKai") && l.contains("CID TrueType")),
        "{pdffonts}"
    );
    // a fonts folder that is not there is an error, not a silent fallback
    let out = tempfile::tempdir().unwrap();
    let result = common::zerenzhi(&[
        "pdf",
        "--records",
        &common::sample_records().to_string_lossy(),
        "--out",
        &out.path().to_string_lossy(),
        "--fonts",
        "/nonexistent-fonts",
    ]);
    assert_eq!(result.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&result.stderr).contains("字体目录 /nonexistent-fonts 不存在"));
}

#[test]
#[ignore = "needs Chromium and poppler-utils; run by .ci/run"]
fn the_dossier_prints_on_a4_with_its_pages_in_the_contents() {
    let out = tempfile::tempdir().unwrap();
    let result = common::zerenzhi(&[
        "pdf",
        "--records",
        &common::sample_records().to_string_lossy(),
        "--as-of",
        "2026-12-31",
        "--out",
        &out.path().to_string_lossy(),
        "--dossier",
    ]);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let pdf = out.path().join("2026-市政府办公室-年度台账.pdf");
    let pdf = pdf.to_string_lossy();
    let (size, pages) = pdf_pages(&pdf);
    assert!(is_a4(size), "{size:?}");
    let page_text = |p: usize| {
        tool(
            "pdftotext",
            &["-layout", "-f", &p.to_string(), "-l", &p.to_string(), &pdf, "-"],
        )
    };
    // every page carries the unit and 内部资料; body pages are numbered
    for p in 1..=pages {
        let text = page_text(p);
        assert!(text.contains("临江市人民政府办公室 内部资料"), "page {p}: {text}");
        let flat: String = text.split_whitespace().collect();
        assert!(flat.contains(&format!("第{p}页")), "page {p}: {text}");
    }
    // each line of the contents names the page its record starts on
    let contents = page_text(1);
    let mut checked = 0;
    for line in contents.lines().filter(|l| l.contains(" · ")) {
        let Some(page) = line.split_whitespace().last().and_then(|w| w.parse::<usize>().ok()) else {
            continue;
        };
        let title = line
            .split(" · ")
            .nth(1)
            .unwrap()
            .rsplit_once(char::is_whitespace)
            .unwrap()
            .0
            .trim();
        let title: String = title.chars().take(8).collect();
        let start = page_text(page);
        assert!(
            start.contains(&title),
            "the contents say page {page} for {title}:\n{start}"
        );
        checked += 1;
    }
    assert!(checked >= 10, "{contents}");
    let all = tool("pdftotext", &[&pdf, "-"]);
    assert!(all.contains("限制级"), "restricted records are marked");
}
