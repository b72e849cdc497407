//! Printing pages to PDF with a headless Chromium found on the machine:
//! no other PDF toolchain. The pages are the site's own, rendered by
//! [`crate::render`] into a folder; printing contacts no host.

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

/// Prints one page with headless Chromium, waiting at most two minutes.
pub fn print(chromium: &Path, page: &Path, target: &Path, work: &Path) -> Result<(), Error> {
    let page = std::path::absolute(page)?;
    let target_abs = std::path::absolute(target)?;
    let profile = work.join(format!("profile-{}", std::process::id()));
    let _ = std::fs::remove_file(&target_abs);
    let url = format!("file://{}", page.to_string_lossy().replace('\\', "/"));
    let mut child = Command::new(chromium)
        .args(HEADLESS)
        .args(OFFLINE)
        .args(["--disable-dev-shm-usage", "--no-pdf-header-footer"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", target_abs.display()))
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
    let written = std::fs::metadata(&target_abs).is_ok_and(|m| m.len() > 0);
    if !status.success() || !written {
        return Err(Error::PrintFailed(status.to_string()));
    }
    Ok(())
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
