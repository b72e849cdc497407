//! Where rendered files go: a sink takes each file of the site as it is
//! rendered, from several threads.

use crate::error::Error;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use tera::Context;

use super::templates::{self, Theme};
use crate::beneath::Root;

/// Where rendered files go, as they are rendered (from several threads).
pub trait Sink: Sync {
    /// Writes one file at `path` (relative to the site root, `/`-separated).
    fn file(&self, path: &str, bytes: &[u8]) -> Result<(), Error>;
    /// Copies the file `rel` beneath the records `root` into the site.
    fn copy(&self, path: &str, root: &Arc<Root>, rel: &str) -> Result<(), Error>;
    /// Takes one page: renders it with `theme` and writes it. A sink that
    /// serves pages on request (`serve`) may keep the page and render it
    /// only when it is asked for.
    fn page(&self, path: &str, page: Page, theme: &Theme) -> Result<(), Error> {
        self.file(path, &page.render(theme)?)
    }
}

/// A sink that lets each path of the site be written once: two things that
/// would be one file, here or on a case-blind file system, are an error
/// naming both (the validation keeps ids apart, so this is the last
/// guard).
pub(super) struct Unique<'a> {
    sink: &'a dyn Sink,
    /// Each path written, folded, and what wrote it; and every folder
    /// above them (a path is a file or a folder, never both).
    written: std::sync::Mutex<(HashMap<String, String>, HashSet<String>)>,
}

impl Unique<'_> {
    /// A guard in front of `sink`.
    pub(super) fn new(sink: &dyn Sink) -> Unique<'_> {
        Unique {
            sink,
            written: std::sync::Mutex::default(),
        }
    }

    fn claim(&self, path: &str, what: impl Fn() -> String) -> Result<(), Error> {
        let mut guard = self.written.lock().map_err(|_| Error::Poisoned)?;
        let (written, folders) = &mut *guard;
        let folded = crate::model::names::fold(path).into_owned();
        let both = |name: &str| Error::FileAndFolder {
            path: name.to_string(),
            what: what(),
        };
        if folders.contains(&folded) {
            return Err(both(path));
        }
        for (at, _) in folded.match_indices('/') {
            let folder = &folded[..at];
            if written.contains_key(folder) {
                return Err(both(folder));
            }
            if !folders.contains(folder) {
                folders.insert(folder.to_string());
            }
        }
        match written.entry(folded) {
            std::collections::hash_map::Entry::Occupied(first) => Err(Error::SameFile {
                path: path.to_string(),
                first: first.get().clone(),
                second: what(),
            }),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(what());
                Ok(())
            }
        }
    }
}

impl Sink for Unique<'_> {
    fn file(&self, path: &str, bytes: &[u8]) -> Result<(), Error> {
        self.claim(path, || format!("文件 {path}"))?;
        self.sink.file(path, bytes)
    }

    fn copy(&self, path: &str, root: &Arc<Root>, rel: &str) -> Result<(), Error> {
        self.claim(path, || format!("附件 {rel}"))?;
        self.sink.copy(path, root, rel)
    }

    fn page(&self, path: &str, page: Page, theme: &Theme) -> Result<(), Error> {
        self.claim(path, || page.describe())?;
        self.sink.page(path, page, theme)
    }
}

/// A page ready to render: its path, its template and the whole context.
/// The context shares (does not copy) the year's data.
pub struct Page {
    pub(super) path: String,
    pub(super) template: &'static str,
    pub(super) context: Context,
}

impl Page {
    /// What made the page, for messages.
    fn describe(&self) -> String {
        format!("模板 {} 生成的页面 {}", self.template, self.path)
    }

    /// The page's HTML.
    pub fn render(&self, theme: &Theme) -> Result<Vec<u8>, Error> {
        let mut html = Vec::with_capacity(16 * 1024);
        theme
            .tera
            .render_to(self.template, &self.context, &mut html)
            .map_err(|e| Error::Render {
                path: self.path.clone(),
                template: self.template,
                detail: templates::describe(&e),
            })?;
        Ok(html)
    }
}

/// What was rendered.
#[derive(Debug, Default)]
pub struct Summary {
    /// Pages rendered.
    pub pages: usize,
    /// Attachments copied.
    pub attachments: usize,
}

/// A sink that passes on only the pages `keep` accepts, with the assets
/// and attachments they may show: what printing a few pages needs.
pub struct Only<'a> {
    /// Where the kept files go.
    pub sink: &'a dyn Sink,
    /// Whether a page (by its path in the site) is kept.
    pub keep: &'a (dyn Fn(&str) -> bool + Sync),
}

impl Sink for Only<'_> {
    fn file(&self, path: &str, bytes: &[u8]) -> Result<(), Error> {
        if path.starts_with("assets/") || (self.keep)(path) {
            self.sink.file(path, bytes)
        } else {
            Ok(())
        }
    }

    fn copy(&self, path: &str, root: &Arc<Root>, rel: &str) -> Result<(), Error> {
        self.sink.copy(path, root, rel)
    }

    fn page(&self, path: &str, page: Page, theme: &Theme) -> Result<(), Error> {
        if (self.keep)(path) {
            self.sink.page(path, page, theme)
        } else {
            Ok(())
        }
    }
}
