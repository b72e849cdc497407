//! Printing pages to PDF with a headless Chromium found on the machine:
//! no other PDF toolchain. The pages are the site's own, rendered by
//! [`crate::render`] into a folder; printing contacts no host.

pub mod fonts;
mod pdf;

use crate::error::Error;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Browsers that print with `--headless --print-to-pdf`.
pub const CANDIDATES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "msedge",
    "microsoft-edge",
];

/// The given browser, else the first candidate on PATH, else Chrome or
/// Edge where their installers put them on Windows and macOS.
pub fn find_chromium(given: Option<&Path>) -> Option<PathBuf> {
    if let Some(path) = given {
        return path.is_file().then(|| path.to_path_buf());
    }
    CANDIDATES
        .iter()
        .find_map(|name| which::which(name).ok())
        .or_else(|| installed().into_iter().find(|p| p.is_file()))
}

/// The default install folders of Chrome, Edge and Chromium.
fn installed() -> Vec<PathBuf> {
    let mut found = Vec::new();
    for var in ["ProgramFiles", "ProgramFiles(x86)", "LOCALAPPDATA"] {
        if let Some(dir) = std::env::var_os(var).map(PathBuf::from) {
            found.push(dir.join(r"Google\Chrome\Application\chrome.exe"));
            found.push(dir.join(r"Microsoft\Edge\Application\msedge.exe"));
            found.push(dir.join(r"Chromium\Application\chrome.exe"));
        }
    }
    for app in ["Google Chrome", "Chromium", "Microsoft Edge"] {
        found.push(Path::new("/Applications").join(format!("{app}.app/Contents/MacOS/{app}")));
    }
    found
}

/// How Chromium is run: no window, no first-run setup and no background
/// network traffic (also used by the browser tests).
pub const HEADLESS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// Printing contacts no host: every request that is not for a local file
/// goes to a proxy that is not there (loopback included), and no name is
/// looked up.
pub const OFFLINE: &[&str] = &[
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    "--host-resolver-rules=MAP * ~NOTFOUND",
];

/// Prints one page with headless Chromium, waiting at most two minutes,
/// into a PDF that is the same bytes for the same page and `dated`: the
/// page is printed without its links (which Chromium would turn into
/// `file://` paths of the folder it printed from), titled by its own title
/// alone, and the PDF's dates are `dated` rather than the clock.
/// With `fontconfig`, the faces of that fontconfig file (the office's own
/// fonts, [`fonts::config_with`]) are used for the run.
pub fn print(
    chromium: &Path,
    page: &Path,
    target: &Path,
    work: &Path,
    dated: PdfDate,
    fontconfig: Option<&Path>,
) -> Result<(), Error> {
    let page = std::path::absolute(page)?;
    let html = for_print(&std::fs::read_to_string(&page)?);
    let copy = page.with_extension("print.html");
    let target = std::path::absolute(target)?;
    std::fs::write(&copy, &html)?;
    run_chromium(chromium, &copy, &target, work, fontconfig)?;
    // a contents page: the page each entry is on, found in the first
    // printing, is written beside it and the page printed again (twice
    // at most, should the numbers move the entries)
    if html.contains(PAGE_REF) {
        let mut pages = pdf::named_pages(&std::fs::read(&target)?);
        for _ in 0..2 {
            std::fs::write(&copy, with_page_refs(&html, &pages))?;
            run_chromium(chromium, &copy, &target, work, fontconfig)?;
            let again = pdf::named_pages(&std::fs::read(&target)?);
            if again == pages {
                break;
            }
            pages = again;
        }
    }
    let mut bytes = std::fs::read(&target)?;
    set_dates(&mut bytes, dated);
    std::fs::write(&target, bytes)?;
    Ok(())
}

/// The mark of a link whose target's page number is written after it.
const PAGE_REF: &str = "class=\"page-ref\"";

/// `html` with the page number of its target after each page-ref link.
fn with_page_refs(html: &str, pages: &std::collections::HashMap<String, usize>) -> String {
    let mut out = String::with_capacity(html.len() + 64 * pages.len());
    let mut rest = html;
    while let Some(at) = rest.find(PAGE_REF) {
        let Some(close) = rest[at..].find("</a>").map(|c| at + c + "</a>".len()) else {
            break;
        };
        let tag = &rest[..close];
        let target = tag
            .rfind("href=\"#")
            .map(|h| &tag[h + "href=\"#".len()..])
            .and_then(|t| t.split('"').next());
        out.push_str(tag);
        if let Some(page) = target.and_then(|t| pages.get(t)) {
            out.push_str(&format!("<span class=\"toc-page\">{page}</span>"));
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// One run of headless Chromium printing `page` to `target`, waiting at
/// most two minutes.
fn run_chromium(
    chromium: &Path,
    page: &Path,
    target: &Path,
    work: &Path,
    fontconfig: Option<&Path>,
) -> Result<(), Error> {
    let profile = work.join(format!("profile-{}", std::process::id()));
    let _ = std::fs::remove_file(target);
    let url = format!("file://{}", page.to_string_lossy().replace('\\', "/"));
    let mut command = Command::new(chromium);
    if let Some(config) = fontconfig {
        command.env("FONTCONFIG_FILE", config);
    }
    let mut child = command
        .args(HEADLESS)
        .args(OFFLINE)
        .args(["--disable-dev-shm-usage", "--no-pdf-header-footer"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", target.display()))
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|source| Error::Launch {
            path: chromium.display().to_string(),
            source,
        })?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait()? {
            Some(status) => break status,
            None if started.elapsed() > Duration::from_secs(120) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Error::PrintTimeout);
            }
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    };
    let written = std::fs::metadata(target).is_ok_and(|m| m.len() > 0);
    if !status.success() || !written {
        return Err(Error::PrintFailed(status.to_string()));
    }
    Ok(())
}

/// The date a PDF carries, as PDF writes dates: `D:20261231000000`.
#[derive(Debug, Clone, Copy)]
pub struct PdfDate([u8; 16]);

impl PdfDate {
    /// `SOURCE_DATE_EPOCH` when it is set (reproducible builds), else the
    /// start of `day`.
    pub fn of(day: chrono::NaiveDate) -> PdfDate {
        let at = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
            .map(|t| t.naive_utc())
            .unwrap_or_else(|| day.and_time(chrono::NaiveTime::MIN));
        let mut bytes = [0u8; 16];
        let text = at.format("D:%Y%m%d%H%M%S").to_string();
        let n = text.len().min(16);
        bytes[..n].copy_from_slice(&text.as_bytes()[..n]);
        PdfDate(bytes)
    }
}

/// Puts `dated` in place of the clock in the `/CreationDate` and
/// `/ModDate` Chromium writes (`(D:20261201135024+00'00')`), byte for
/// byte, so that every offset of the file stays right.
fn set_dates(pdf: &mut [u8], dated: PdfDate) {
    for key in [&b"/CreationDate ("[..], &b"/ModDate ("[..]] {
        let head = pdf.len().min(1 << 16);
        if let Some(at) = memchr::memmem::find(&pdf[..head], key) {
            let start = at + key.len();
            let digits = &pdf[start..(start + 16).min(pdf.len())];
            if digits.len() == 16 && digits.starts_with(b"D:") && digits[2..].iter().all(u8::is_ascii_digit) {
                pdf[start..start + 16].copy_from_slice(&dated.0);
            }
        }
    }
}

/// The page as it is printed: no `href` on its links out of the page, and its title
/// without the site's name after it.
fn for_print(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<a ") {
        let end = rest[at..].find('>').map_or(rest.len(), |e| at + e);
        out.push_str(&rest[..at]);
        out.push_str(&strip_href(&rest[at..end]));
        rest = &rest[end..];
    }
    out.push_str(rest);
    match (out.find("<title>"), out.find(" · ")) {
        (Some(open), Some(dot)) if dot > open => {
            let close = out[dot..].find("</title>").map_or(dot, |c| dot + c);
            out.replace_range(dot..close, "");
            out
        }
        _ => out,
    }
}

/// An `<a …` tag without its `href="…"`, unless it leads within the page
/// (`#…`: Chromium makes that a link inside the PDF).
fn strip_href(tag: &str) -> String {
    match tag.find(" href=\"") {
        Some(at) if !tag[at..].starts_with(" href=\"#") => {
            let value = at + " href=\"".len();
            let end = tag[value..].find('"').map_or(tag.len(), |e| value + e + 1);
            format!("{}{}", &tag[..at], &tag[end..])
        }
        _ => tag.to_string(),
    }
}

/// Puts a finished file in place of `target` in one step: a rename, or,
/// across file systems, a copy beside the target that is then renamed.
pub fn move_into_place(from: &Path, target: &Path) -> io::Result<()> {
    if std::fs::rename(from, target).is_ok() {
        return Ok(());
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new().prefix(".zerenzhi-").tempfile_in(dir)?;
    io::copy(&mut std::fs::File::open(from)?, tmp.as_file_mut())?;
    tmp.persist(target).map(|_| ()).map_err(|e| e.error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_print_copy_has_no_links_and_the_pages_own_title() {
        let page = "<title>关于报告 · 责任制</title><a class=\"x\" href=\"../a.html\">甲</a><a href=\"#main\">乙</a>";
        assert_eq!(
            for_print(page),
            "<title>关于报告</title><a class=\"x\">甲</a><a href=\"#main\">乙</a>"
        );
    }

    #[test]
    fn page_references_follow_their_links() {
        let html = "<a class=\"page-ref\" href=\"#r1\">甲</a><a class=\"page-ref\" href=\"#r2\">乙</a>";
        let pages = std::collections::HashMap::from([("r1".to_string(), 3)]);
        assert_eq!(
            with_page_refs(html, &pages),
            "<a class=\"page-ref\" href=\"#r1\">甲</a><span class=\"toc-page\">3</span><a class=\"page-ref\" href=\"#r2\">乙</a>"
        );
    }

    #[test]
    fn dates_are_replaced_in_place() {
        let mut pdf = b"<</CreationDate (D:20261201135024+00'00') /ModDate (D:20261201135024+00'00')>>".to_vec();
        let len = pdf.len();
        set_dates(
            &mut pdf,
            PdfDate::of(chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap_or_default()),
        );
        assert_eq!(pdf.len(), len);
        let text = String::from_utf8(pdf).unwrap_or_default();
        if std::env::var_os("SOURCE_DATE_EPOCH").is_none() {
            assert_eq!(
                text,
                "<</CreationDate (D:20261231000000+00'00') /ModDate (D:20261231000000+00'00')>>"
            );
        }
    }
}
