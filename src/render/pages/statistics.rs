//! The year-end 统计表: the figures of the leadership and each section,
//! the same table the unit's report attaches as 附件1.

use serde::Serialize;

use crate::error::Error;
use crate::render::Renderer;
use crate::render::report::{Annex, statistics_annex};
use crate::render::year::Year;

#[derive(Serialize)]
struct StatisticsPage {
    annex: Annex,
}

pub(super) fn page(renderer: &Renderer<'_>, y: &Year<'_>) -> Result<(), Error> {
    let context = StatisticsPage {
        annex: statistics_annex(y.year, 1, y.statistics()),
    };
    renderer.page(
        &crate::judge::Urls::year_page(y.year, "statistics"),
        "statistics.html",
        &y.site,
        &context,
    )
}
