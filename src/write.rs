//! Stage 5, write: put a rendered site on disk so that readers never see a
//! half-written one. The site is written into a temporary folder beside the
//! output and swapped in only when every file is there; a failed or
//! interrupted build leaves the previous site as it was, and its leftovers
//! are removed by the next build.

use crate::error::Error;
use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::beneath::Root;
use crate::diag::Lang;
use crate::render::{Sink, Summary};

/// A file in every site we write; a folder without it is not ours to
/// replace.
pub const MARKER: &str = ".zerenzhi-site";

/// What to do when another build is writing the same output.
pub enum Wait<'a> {
    /// Wait for it, after telling the user through the callback.
    Yes(&'a mut dyn FnMut(&Path)),
    /// Fail at once.
    No,
}

/// Renders a site with `build` into a temporary folder beside `out`, and
/// puts it in place of `out` only when `build` succeeded.
///
/// One build at a time writes to `out`: each holds an exclusive lock on
/// `.NAME.lock` beside it for the whole build (released by the system
/// when a build dies, however it dies), so the leftovers it finds belong
/// to builds that are gone.
pub fn write_site(
    out: &Path,
    records: &Path,
    wait: Wait<'_>,
    build: impl FnOnce(&dyn Sink) -> Result<Summary, Error>,
) -> Result<Summary, Error> {
    let out = absolute(out)?;
    let records = absolute(records)?;
    // Inside the records root, the site may only be in a top-level folder
    // the loader never reads as records (`site/` in a records repository):
    // not the root itself, not a year folder.
    let read_as_records = |rel: &Path| {
        rel.components()
            .next()
            .is_none_or(|first| crate::load::year_of(&first.as_os_str().to_string_lossy()).is_some())
    };
    if records.starts_with(&out) || out.strip_prefix(&records).is_ok_and(read_as_records) {
        return Err(Error::Overlap {
            out: out.display().to_string(),
            records: records.display().to_string(),
        });
    }
    let parent = out.parent().ok_or(Error::BadOutput)?.to_path_buf();
    let name = out.file_name().ok_or(Error::BadOutput)?.to_string_lossy().to_string();
    fs::create_dir_all(&parent).map_err(|e| Error::file("无法创建", &parent, e))?;
    let _lock = lock(&parent.join(format!(".{name}.lock")), &out, wait)?;
    if out.exists() && !(out.is_dir() && (out.join(MARKER).is_file() || is_empty_dir(&out))) {
        return Err(Error::NotOurs(out.display().to_string()));
    }
    remove_leftovers(&parent, &name);

    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = fs::create_dir_all(&tmp)
        .and_then(|()| fs::write(tmp.join(MARKER), "zerenzhi\n"))
        .map_err(Error::WriteSite)
        .and_then(|()| {
            build(&DirSink {
                root: tmp.clone(),
                made: Mutex::default(),
            })
        });
    let summary = match result {
        Ok(summary) => summary,
        Err(e) => {
            let _ = fs::remove_dir_all(&tmp);
            return Err(e);
        }
    };
    swap_in(&tmp, &out, &parent, &name).map_err(|e| {
        let _ = fs::remove_dir_all(&tmp);
        Error::file("无法替换", &out, e)
    })?;
    Ok(summary)
}

/// Writes files under a folder as they come, from any thread.
struct DirSink {
    root: PathBuf,
    /// The folders made so far (relative), so each is made once rather
    /// than once per file.
    made: Mutex<HashSet<String>>,
}

impl DirSink {
    fn target(&self, rel: &str) -> Result<PathBuf, Error> {
        let path = self.root.join(rel);
        if let Some((dir, _)) = rel.rsplit_once('/') {
            let mut made = self.made.lock().map_err(|_| Error::Poisoned)?;
            if !made.contains(dir) {
                let full = self.root.join(dir);
                fs::create_dir_all(&full).map_err(|e| Error::file("无法创建", &full, e))?;
                made.insert(dir.to_string());
            }
        }
        Ok(path)
    }
}

impl Sink for DirSink {
    fn file(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        let path = self.target(rel)?;
        fs::write(&path, bytes).map_err(|source| Error::Write {
            path: rel.to_string(),
            source,
        })
    }

    fn copy(&self, path: &str, root: &Arc<Root>, rel: &str) -> Result<(), Error> {
        let target = self.target(path)?;
        let failed = |e: &dyn std::fmt::Display| Error::Copy {
            rel: rel.to_string(),
            detail: e.to_string(),
        };
        // from the descriptor opened beneath the records root, never by
        // path again
        let (mut source, _) = root
            .open_file(rel)
            .map_err(|refused| failed(&crate::load::source::refusal(refused, rel).text(Lang::Zh).0))?;
        let mut file = fs::File::create(&target).map_err(|e| failed(&e))?;
        io::copy(&mut source, &mut file).map(|_| ()).map_err(|e| failed(&e))
    }
}

/// Takes the exclusive lock on `path` (made if missing, never removed: a
/// lock file removed while held would let a third build in).
fn lock(path: &Path, out: &Path, wait: Wait<'_>) -> Result<fs::File, Error> {
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| Error::file("无法创建锁文件", path, e))?;
    match (file.try_lock(), wait) {
        (Ok(()), _) => Ok(file),
        (Err(fs::TryLockError::WouldBlock), Wait::No) => Err(Error::Busy(out.display().to_string())),
        (Err(fs::TryLockError::WouldBlock), Wait::Yes(tell)) => {
            tell(out);
            file.lock().map_err(|e| Error::file("无法锁定", path, e))?;
            Ok(file)
        }
        (Err(fs::TryLockError::Error(e)), _) => Err(Error::file("无法锁定", path, e)),
    }
}

fn absolute(path: &Path) -> Result<PathBuf, Error> {
    let abs = std::path::absolute(path).map_err(|source| Error::Path {
        path: path.display().to_string(),
        source,
    })?;
    // resolve what exists, so that a symbolic link or `..` cannot hide an
    // overlap; a folder not made yet is resolved through its parent
    if let Ok(resolved) = fs::canonicalize(&abs) {
        return Ok(resolved);
    }
    match (abs.parent().map(fs::canonicalize), abs.file_name()) {
        (Some(Ok(parent)), Some(name)) => Ok(parent.join(name)),
        _ => Ok(abs),
    }
}

fn is_empty_dir(path: &Path) -> bool {
    fs::read_dir(path).is_ok_and(|mut d| d.next().is_none())
}

/// Removes `.NAME.tmp-*` and `.NAME.old-*` folders left by builds that were
/// interrupted. Called under the lock: no build that is still running can
/// own one.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else { return };
    for entry in entries.filter_map(Result::ok) {
        let file = entry.file_name().to_string_lossy().to_string();
        if file.starts_with(&format!(".{name}.tmp-")) || file.starts_with(&format!(".{name}.old-")) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Moves the new site into place. On Linux the two folders are exchanged
/// in one step (`renameat2` with `RENAME_EXCHANGE`), so `out` is a complete
/// site at every moment, even if the process is killed; the old site is
/// then removed. Elsewhere, or on a file system without the exchange, the
/// old site is renamed aside and the new one renamed in: two steps, with a
/// moment between them in which `out` does not exist.
fn swap_in(tmp: &Path, out: &Path, parent: &Path, name: &str) -> io::Result<()> {
    if !out.exists() {
        return fs::rename(tmp, out);
    }
    if exchange(tmp, out).is_ok() {
        // `tmp` now holds the previous site
        let _ = fs::remove_dir_all(tmp);
        return Ok(());
    }
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    fs::rename(out, &old)?;
    if let Err(e) = fs::rename(tmp, out) {
        let _ = fs::rename(&old, out);
        return Err(e);
    }
    let _ = fs::remove_dir_all(&old);
    Ok(())
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}
