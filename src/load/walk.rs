//! Walking the records folder: what each path is, read from directory
//! listings and metadata only.

use super::*;

/// Whether a walked path is a folder, its symbolic link resolved: `None`
/// (after saying why) for a link that leaves the root, which is never
/// followed, or that leads to a folder, which is not descended into.
fn resolve_link(entry: &walkdir::DirEntry, rel: &str, canonical_root: &Path, out: &mut Loaded) -> Option<bool> {
    if !entry.path_is_symlink() {
        return Some(entry.file_type().is_dir());
    }
    match fs::canonicalize(entry.path()) {
        Ok(target) if !target.starts_with(canonical_root) => {
            out.diags.push(Diagnostic::error(
                rel,
                0..0,
                Message::SymlinkOutside {
                    target: target.display().to_string(),
                },
            ));
            None
        }
        Ok(target) if target.is_dir() => {
            out.diags.push(Diagnostic::warning(rel, 0..0, Message::SymlinkDir));
            None
        }
        Ok(_) => Some(false),
        Err(err) => {
            out.diags.push(Diagnostic::error(rel, 0..0, Message::io(&err)));
            None
        }
    }
}

/// What a file inside a scope folder is (`parts` are its path's parts).
fn file_entry(parts: &[&str], name: &str) -> Entry {
    let year = year_of(parts[0]).unwrap_or_default();
    let scope = parts[1].to_string();
    if parts.len() == 3 && name == "report.md" && scope != LEADERSHIP {
        Entry::Narrative { year, scope }
    } else if name.ends_with(".md") {
        Entry::Record {
            year,
            scope,
            is_toml: false,
        }
    } else if name.ends_with(".toml") {
        Entry::Record {
            year,
            scope,
            is_toml: true,
        }
    } else {
        Entry::Other
    }
}

/// Walks the tree in name order and decides what each path is. Nothing is
/// read here except directory listings and metadata.
pub(super) fn walk(root: &Path, canonical_root: &Path, out: &mut Loaded, work: &mut Vec<Work>) {
    let sections_known = out.org.usable;
    let is_section = |name: &str, out: &Loaded| {
        !sections_known || out.org.org.section(name).is_some() || out.org.broken_sections.contains(name)
    };
    let mut it = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .min_depth(1)
        .into_iter();
    while let Some(entry) = it.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let rel = err.path().map_or_else(String::new, |p| diag::rel_path(root, p));
                out.diags.push(Diagnostic::error(
                    rel,
                    0..0,
                    match err.io_error() {
                        Some(io) => Message::io(io),
                        None => Message::io(&std::io::Error::other(err.to_string())),
                    },
                ));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy().to_string();
        let rel = diag::rel_path(root, entry.path());
        let parts: Vec<&str> = rel.split('/').collect();
        if name.starts_with('.') || name.starts_with('_') {
            if entry.file_type().is_dir() {
                it.skip_current_dir();
            }
            continue;
        }

        let Some(is_dir) = resolve_link(&entry, &rel, canonical_root, out) else {
            continue;
        };

        match parts.len() {
            1 => {
                // top level: org.toml and rules.toml are read above; year
                // folders are walked; anything else is not ours.
                if is_dir {
                    match year_of(&name) {
                        Some(year) => out.years.push(year),
                        None => it.skip_current_dir(),
                    }
                }
            }
            2 => {
                let year = year_of(parts[0]).unwrap_or_default();
                if is_dir {
                    if name != LEADERSHIP && !is_section(&name, out) {
                        let suggestion = schema::suggest_section(&out.org.org, &name, true);
                        out.diags.push(Diagnostic::error(
                            &rel,
                            0..0,
                            Message::UnknownFolder {
                                folder: name.clone(),
                                suggestion,
                            },
                        ));
                        it.skip_current_dir();
                    }
                } else if name == "report.md" {
                    let narrative = Entry::Narrative {
                        year,
                        scope: LEADERSHIP.to_string(),
                    };
                    work.push(Work {
                        rel,
                        path: entry.path().to_path_buf(),
                        entry: narrative,
                    });
                } else {
                    out.other_files.push(rel);
                }
            }
            _ => {
                if is_dir {
                    if name == "attachments" {
                        it.skip_current_dir();
                    }
                    continue;
                }
                let path = entry.path().to_path_buf();
                let entry = file_entry(&parts, &name);
                match entry {
                    Entry::Other => out.other_files.push(rel),
                    entry => work.push(Work { rel, path, entry }),
                }
            }
        }
    }
}
