//! The search page and the year's search index.

use crate::error::Error;
use serde::Serialize;

use crate::judge::Urls;
use crate::render::Renderer;
use crate::render::search::index_script;
use crate::render::year::Year;

#[derive(Serialize)]
struct SearchPage {}

pub(super) fn page(renderer: &Renderer<'_>, y: &Year<'_>) -> Result<(), Error> {
    let entries = y.prepared.iter().map(|p| p.search.as_str());
    renderer.sink.file(
        &format!("{}/search-index.js", y.year),
        index_script(y.year, entries).as_bytes(),
    )?;
    renderer.page(
        &Urls::year_page(y.year, "search"),
        "search.html",
        &y.site,
        &SearchPage {},
    )
}
