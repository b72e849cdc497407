//! A page per record: its fields, body, history, the rules it counts
//! towards and the findings that cite it.

use crate::error::Error;
use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use crate::history::RecordHistory;
use crate::render::Renderer;
use crate::render::year::Year;

#[derive(Serialize)]
struct RecordPage<'a> {
    record: &'a Value,
    body: &'a Value,
    outcomes: Vec<Value>,
    cited_by: Vec<Value>,
    history: RecordHistory,
}

pub(super) fn pages(renderer: &Renderer<'_>, y: &Year<'_>) -> Result<(), Error> {
    y.records.par_iter().zip(&y.prepared).try_for_each(|(r, p)| {
        let outcomes = y
            .concerning
            .get(r.id.as_str())
            .map(|list| list.iter().map(|&i| y.outcome_values[i].clone()).collect())
            .unwrap_or_default();
        let context = RecordPage {
            record: &p.view,
            body: &p.body,
            outcomes,
            cited_by: y.cited.get(r.id.as_str()).cloned().unwrap_or_default(),
            history: y.v.history.record(&r.file),
        };
        renderer.page(
            &y.v.urls.record(&r.id).unwrap_or_default(),
            "record.html",
            &y.site,
            &context,
        )
    })
}
