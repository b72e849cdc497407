//! The records' history from git, the audit trail: when each record was
//! created and last changed and by whom, the commit a site was built from,
//! and whether the working tree had uncommitted changes. One `git log` run
//! covers every file; without git, outside a repository or in a shallow
//! clone the build goes on and says what it could not know.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::{Command, Stdio};

use chrono::NaiveDate;
use serde::Serialize;

/// One commit, as pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Commit {
    /// The full commit hash.
    pub id: String,
    /// The abbreviated hash.
    pub short: String,
    /// The author's name.
    pub author: String,
    /// The author date, `2026-06-18 14:05`, in the author's time zone.
    pub when: String,
    /// The day of the author date, in the author's time zone.
    #[serde(skip)]
    pub day: Option<NaiveDate>,
}

/// The first and the last commit that touched a file.
#[derive(Debug, Clone, Serialize)]
pub struct FileHistory {
    /// The first commit, which created the file.
    pub created: Commit,
    /// The last commit, which changed the file last.
    pub changed: Commit,
}

/// What git says of the records folder, as far as it could be read.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// Why the history is missing or incomplete, in Chinese; `None` when
    /// it is whole.
    pub note: Option<String>,
    /// The commit HEAD points at; `None` when there is no history.
    pub head: Option<Commit>,
    /// The records folder has changes not yet committed.
    pub dirty: bool,
    /// Only part of the history is here: a "created" may be too late.
    pub shallow: bool,
    /// Shared with the next read when HEAD has not moved (`serve`).
    files: std::sync::Arc<HashMap<String, FileHistory>>,
    uncommitted: HashSet<String>,
}

impl History {
    /// Whether any file has uncommitted changes, leaving out `hidden`
    /// (the files a public site does not show).
    pub fn dirty_except(&self, hidden: &std::collections::HashSet<&str>) -> bool {
        self.uncommitted.iter().any(|file| !hidden.contains(file.as_str()))
    }
}

/// What pages say of a record's history.
#[derive(Debug, Clone, Serialize)]
pub struct RecordHistory {
    /// The first commit that touched the file, if any did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<Commit>,
    /// The last commit that touched the file, if any did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changed: Option<Commit>,
    /// The file has changes not yet committed.
    pub uncommitted: bool,
    /// Why nothing more is known, when so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl History {
    /// No history at all, and why.
    pub fn unknown(note: &str) -> History {
        History {
            note: Some(note.to_string()),
            ..History::default()
        }
    }

    /// Reads the history of the records folder `records` (paths relative
    /// to it).
    pub fn read(records: &Path) -> History {
        History::read_after(records, None)
    }

    /// [`History::read`], taking the files' history from `last` when HEAD
    /// is still the commit `last` was read at: only `git status` runs again
    /// (`serve`, after a save).
    pub fn read_after(records: &Path, last: Option<&History>) -> History {
        // `Err` when git cannot be run at all, `Ok(None)` when it failed
        let run = |args: &[&str]| -> std::io::Result<Option<Vec<u8>>> {
            let out = Command::new("git")
                .arg("-C")
                .arg(records)
                .args(args)
                .stdin(Stdio::null())
                .stderr(Stdio::null())
                .output()?;
            Ok(out.status.success().then_some(out.stdout))
        };
        let git = |args: &[&str]| run(args).ok().flatten();
        let info = match run(&["rev-parse", "--is-shallow-repository", "--show-prefix"]) {
            Err(_) => return History::unknown("本机没有版本库工具（git），记录的创建和修改历史未知"),
            Ok(None) => return History::unknown("记录不在版本库中，记录的创建和修改历史未知"),
            Ok(Some(info)) => info,
        };
        let info = String::from_utf8_lossy(&info);
        let mut lines = info.lines();
        let shallow = lines.next() == Some("true");
        let prefix = lines.next().unwrap_or("").to_string();

        let head = git(&["log", "-1", "--format=%H%x1f%h%x1f%an%x1f%aI"])
            .and_then(|out| parse_commit(String::from_utf8_lossy(&out).trim_end()));
        let Some(head) = head else {
            return History::unknown("版本库中还没有提交，记录的创建和修改历史未知");
        };
        let files = match last {
            Some(last) if last.head.as_ref().is_some_and(|h| h.id == head.id) => std::sync::Arc::clone(&last.files),
            _ => {
                let log = git(&[
                    "log",
                    "--no-renames",
                    "-z",
                    "--relative",
                    "--name-only",
                    "--format=%x1e%H%x1f%h%x1f%an%x1f%aI",
                    "--",
                    ".",
                ])
                .unwrap_or_default();
                std::sync::Arc::new(parse_log(&String::from_utf8_lossy(&log)))
            }
        };
        let status = git(&[
            "status",
            "--porcelain=v1",
            "-z",
            "--no-renames",
            "--untracked-files=all",
            "--",
            ".",
        ])
        .unwrap_or_default();
        let uncommitted: HashSet<String> = String::from_utf8_lossy(&status)
            .split('\0')
            .filter(|entry| entry.len() > 3)
            .map(|entry| {
                entry[3..]
                    .strip_prefix(prefix.as_str())
                    .unwrap_or(&entry[3..])
                    .to_string()
            })
            .collect();
        History {
            note: shallow.then(|| "版本库只取了部分历史（浅克隆），较早记录的创建时间可能不准".to_string()),
            head: Some(head),
            dirty: !uncommitted.is_empty(),
            shallow,
            files,
            uncommitted,
        }
    }

    /// What is known of the record file `file`.
    pub fn record(&self, file: &str) -> RecordHistory {
        let known = self.files.get(file);
        let uncommitted = self.uncommitted.contains(file);
        let note = match (&self.head, known) {
            (None, _) => self.note.clone(),
            (Some(_), None) => Some("尚未提交到版本库".to_string()),
            (Some(_), Some(_)) if self.shallow => self.note.clone(),
            _ => None,
        };
        RecordHistory {
            created: known.map(|h| h.created.clone()),
            changed: known.map(|h| h.changed.clone()),
            uncommitted,
            note,
        }
    }

    /// The day the file was first committed, if it was.
    pub fn created_on(&self, file: &str) -> Option<NaiveDate> {
        self.files.get(file).and_then(|h| h.created.day)
    }

    /// The day the file last changed: its last commit, or `today` when it
    /// has uncommitted changes. `None` without history.
    pub fn changed_on(&self, file: &str, today: NaiveDate) -> Option<NaiveDate> {
        if self.uncommitted.contains(file) {
            return Some(today);
        }
        self.files.get(file).and_then(|h| h.changed.day)
    }
}

fn parse_commit(header: &str) -> Option<Commit> {
    let mut parts = header.split('\x1f');
    let (id, short, author, date) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if id.is_empty() {
        return None;
    }
    let when = match (date.get(..10), date.get(11..16)) {
        (Some(day), Some(time)) => format!("{day} {time}"),
        _ => date.to_string(),
    };
    Some(Commit {
        id: id.to_string(),
        short: short.to_string(),
        author: author.to_string(),
        when,
        day: date
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
    })
}

/// `git log -z --name-only` with a `\x1e` before each commit, newest
/// first: the first commit naming a file changed it last, the last one
/// created it.
fn parse_log(log: &str) -> HashMap<String, FileHistory> {
    let mut files: HashMap<String, FileHistory> = HashMap::new();
    for chunk in log.split('\x1e').filter(|c| !c.is_empty()) {
        let mut fields = chunk.split('\0');
        let Some(commit) = fields.next().and_then(parse_commit) else {
            continue;
        };
        for name in fields.map(|n| n.trim_start_matches('\n')).filter(|n| !n.is_empty()) {
            files
                .entry(name.to_string())
                .and_modify(|h| h.created = commit.clone())
                .or_insert_with(|| FileHistory {
                    created: commit.clone(),
                    changed: commit.clone(),
                });
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_gives_the_first_and_last_commit_of_each_file() {
        let log = "\x1eb2\x1fb\x1f乙\x1f2026-03-02T10:00:00+08:00\0\na.md\0\x1ea1\x1fa\x1f甲\x1f2026-01-05T09:30:00+08:00\0\na.md\0b.md\0";
        let files = parse_log(log);
        assert_eq!(files["a.md"].created.author, "甲");
        assert_eq!(files["a.md"].changed.author, "乙");
        assert_eq!(files["a.md"].changed.when, "2026-03-02 10:00");
        assert_eq!(files["b.md"].created.short, "a");
        assert_eq!(files["b.md"].changed.day, NaiveDate::from_ymd_opt(2026, 1, 5));
        assert!(parse_log("").is_empty());
        assert!(parse_log("\x1egarbage\0\nx.md\0").is_empty());
    }
}
