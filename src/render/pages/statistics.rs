//! The year-end 统计表: the figures of the leadership and each section,
//! the same table the unit's report attaches as 附件1.

use serde::Serialize;

use crate::error::Error;
use crate::render::Renderer;
use crate::render::report::{Annex, statistics_annex, table_annex};
use crate::render::year::Year;

#[derive(Serialize)]
struct StatisticsPage {
    annex: Annex,
    sources: Annex,
}

/// The 整改率 by source, as the statistics page and the tracker show it.
pub(super) fn sources(y: &Year<'_>) -> Annex {
    let table = crate::export::rectification_by_source(y.judged, y.year);
    table_annex(
        y.year,
        0,
        format!("{}年问题整改率（按问题来源）", y.year),
        &table,
        false,
    )
}

pub(super) fn page(renderer: &Renderer<'_>, y: &Year<'_>) -> Result<(), Error> {
    let context = StatisticsPage {
        annex: statistics_annex(y.year, 1, y.statistics()),
        sources: sources(y),
    };
    renderer.page(
        &crate::judge::Urls::year_page(y.year, "statistics"),
        "statistics.html",
        &y.site,
        &context,
    )
}
