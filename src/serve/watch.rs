//! Which changes call for a rebuild, and of what.

use super::*;

/// How long a burst of changes must have been quiet before a rebuild.
pub(super) const QUIET: Duration = Duration::from_millis(50);
/// The same, once every file written has been closed.
pub(super) const CLOSED_QUIET: Duration = Duration::from_millis(10);

/// Whether an event says a file written to was closed: its save is over.
pub(super) fn closed(kind: &notify::EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode};
    matches!(kind, notify::EventKind::Access(AccessKind::Close(AccessMode::Write)))
}

/// Whether an event changes a file: building reads every file, and those
/// reads must not start the next build.
pub(super) fn changes(kind: &notify::EventKind) -> bool {
    use notify::EventKind;
    use notify::event::{AccessKind, AccessMode};
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Whether an event only changes a file's content or metadata in place:
/// no file appears, disappears or moves.
pub(super) fn in_place(kind: &notify::EventKind) -> bool {
    use notify::EventKind;
    use notify::event::ModifyKind;
    matches!(
        kind,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Metadata(_))
    )
}

/// A path under the records as the loader names it (`/`-separated).
pub(super) fn relative(records: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(records).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// Whether a changed path is nothing the site is made from: a file or
/// folder the loader skips (`.git`, `.x`, `_示例`), or a temporary file an
/// editor writes beside the one it saves (Vim's swap files and its `4913`
/// probe, Emacs's `#…#` and lock files, `~` backups).
pub(super) fn ignored(records: &Path, path: &Path) -> bool {
    let temporary = |name: &str| {
        name.starts_with(".#")
            || (name.starts_with('#') && name.ends_with('#'))
            || name.ends_with('~')
            || name == "4913"
            || [".swp", ".swo", ".swx", ".tmp"].iter().any(|ext| name.ends_with(ext))
    };
    if path.file_name().is_some_and(|n| temporary(&n.to_string_lossy())) {
        return true;
    }
    path.strip_prefix(records).is_ok_and(|rel| {
        rel.components().any(|c| {
            let c = c.as_os_str().to_string_lossy();
            c.starts_with('.') || c.starts_with('_')
        })
    })
}

/// What a changed path calls for: nothing for what the loader never
/// reads at the top of the records (a built `site/`, `.git`…), its year for
/// a file in a year folder, everything for `org.toml`, `rules.toml` and the
/// templates (the paths outside the records).
pub(super) fn touched(records: &Path, path: &Path) -> Option<Scope> {
    let Ok(rel) = path.strip_prefix(records) else {
        return Some(Scope::All);
    };
    let name = rel.components().next()?.as_os_str().to_string_lossy().to_string();
    if let Some(year) = crate::load::year_of(&name) {
        Some(Scope::Years(BTreeSet::from([year])))
    } else if name == crate::load::org::FILE || name == crate::rules::FILE {
        Some(Scope::All)
    } else {
        None
    }
}

pub(super) fn merge(a: Option<Scope>, b: Scope) -> Scope {
    match (a, b) {
        (Some(Scope::Years(mut x)), Scope::Years(y)) => {
            x.extend(y);
            Scope::Years(x)
        }
        (None, b) => b,
        _ => Scope::All,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_temporaries_and_skipped_folders_change_nothing() {
        let records = Path::new("/r");
        for path in [
            "/r/2026/s1/.a.md.swp",
            "/r/2026/s1/a.md~",
            "/r/2026/s1/4913",
            "/r/2026/s1/#a.md#",
            "/r/2026/s1/.#a.md",
            "/r/.git/index",
            "/r/_示例/a.md",
            "/r/2026/.x/a.md",
            "/t/.base.html.swx",
        ] {
            assert!(ignored(records, Path::new(path)), "{path}");
        }
        for path in [
            "/r/2026/s1/a.md",
            "/r/org.toml",
            "/r/2026/s1/attachments/纪要.pdf",
            "/t/base.html",
        ] {
            assert!(!ignored(records, Path::new(path)), "{path}");
        }
    }
}
