//! The annual dossier (年度台账): every record of the year, numbered, with
//! its body, for print.

use crate::error::Error;
use serde::Serialize;
use tera::Value;

use crate::judge::Urls;
use crate::render::Renderer;
use crate::render::year::Year;

#[derive(Serialize)]
struct Entry<'a> {
    n: usize,
    record: &'a Value,
    body: &'a Value,
}

#[derive(Serialize)]
struct DossierPage<'a> {
    entries: Vec<Entry<'a>>,
}

pub(super) fn page(renderer: &Renderer<'_>, y: &Year<'_>) -> Result<(), Error> {
    let entries = y
        .prepared
        .iter()
        .enumerate()
        .map(|(i, p)| Entry {
            n: i + 1,
            record: &p.view,
            body: &p.body,
        })
        .collect();
    renderer.page(
        &Urls::year_page(y.year, "dossier"),
        "dossier.html",
        &y.site,
        &DossierPage { entries },
    )
}
