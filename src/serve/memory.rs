//! The site in memory: what `serve` renders into and answers from.

use super::*;
use crate::error::Error;

/// A file of the site in memory: rendered bytes, a page to render when it
/// is first asked for, or an attachment left on disk in the records (opened
/// beneath the records root when it is asked for).
pub(super) enum Entry {
    Bytes(Vec<u8>),
    Page(Arc<LazyPage>),
    File(Arc<Root>, String),
}

/// A page rendered on its first request, then kept.
pub(super) struct LazyPage {
    pub(super) page: Page,
    pub(super) theme: Arc<Theme>,
    pub(super) html: OnceLock<Result<Vec<u8>, Error>>,
}

impl LazyPage {
    pub(super) fn html(&self) -> &Result<Vec<u8>, Error> {
        self.html.get_or_init(|| self.page.render(&self.theme))
    }
}

#[derive(Default)]
pub(super) struct MemorySink {
    pub(super) files: Mutex<HashMap<String, Entry>>,
    /// Keep pages to render on request (with this theme) instead of
    /// rendering them all now.
    pub(super) lazy: Option<Arc<Theme>>,
}

impl MemorySink {
    pub(super) fn put(&self, path: &str, entry: Entry) -> Result<(), Error> {
        self.files
            .lock()
            .map_err(|_| Error::Poisoned)?
            .insert(path.to_string(), entry);
        Ok(())
    }
}

impl Sink for MemorySink {
    fn file(&self, path: &str, bytes: &[u8]) -> Result<(), Error> {
        self.put(path, Entry::Bytes(bytes.to_vec()))
    }

    fn copy(&self, path: &str, root: &Arc<Root>, rel: &str) -> Result<(), Error> {
        self.put(path, Entry::File(Arc::clone(root), rel.to_string()))
    }

    fn page(&self, path: &str, page: Page, theme: &Theme) -> Result<(), Error> {
        match &self.lazy {
            Some(theme) => self.put(
                path,
                Entry::Page(Arc::new(LazyPage {
                    page,
                    theme: theme.clone(),
                    html: OnceLock::new(),
                })),
            ),
            None => self.file(path, &page.render(theme)?),
        }
    }
}
