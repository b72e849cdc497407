//! The timeline: the year's records month by month.

use crate::error::Error;
use serde::Serialize;
use tera::Value;

use crate::judge::Urls;
use crate::render::Renderer;
use crate::render::year::Year;

#[derive(Serialize)]
struct Month {
    label: String,
    records: Vec<Value>,
}

#[derive(Serialize)]
struct TimelinePage {
    months: Vec<Month>,
}

pub(super) fn page(renderer: &Renderer<'_>, y: &Year<'_>) -> Result<(), Error> {
    let mut months: Vec<Month> = Vec::new();
    for (r, p) in y.records.iter().zip(&y.prepared) {
        let label = if r.date.format("%Y").to_string() == y.year.to_string() {
            format!("{}月", r.date.format("%-m"))
        } else {
            format!("{}", r.date.format("%Y年%-m月"))
        };
        match months.last_mut() {
            Some(last) if last.label == label => last.records.push(p.view.clone()),
            _ => months.push(Month {
                label,
                records: vec![p.view.clone()],
            }),
        }
    }
    renderer.page(
        &Urls::year_page(y.year, "timeline"),
        "timeline.html",
        &y.site,
        &TimelinePage { months },
    )
}
