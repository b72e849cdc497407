//! The special reports: the unit's to the discipline body and each
//! section's to the party branch.

use crate::error::Error;
use rayon::prelude::*;
use serde::Serialize;

use crate::judge::Urls;
use crate::model::Section;
use crate::render::Renderer;
use crate::render::report::{self, Report};
use crate::render::view::href;
use crate::render::year::Year;

/// A link to a section's report.
#[derive(Serialize)]
struct SectionReport<'a> {
    id: &'a str,
    name: &'a str,
    url: String,
}

#[derive(Serialize)]
struct ReportPage<'a> {
    report: Report,
    section_id: Option<&'a str>,
    unit_url: String,
    section_reports: &'a [SectionReport<'a>],
    narrative_file: String,
}

pub(super) fn pages(renderer: &Renderer<'_>, y: &Year<'_>) -> Result<(), Error> {
    let year = y.year;
    let org = &y.v.data.org;
    let section_reports: Vec<SectionReport> = org
        .sections
        .iter()
        .map(|s| SectionReport {
            id: &s.id,
            name: &s.name,
            url: href(&Urls::report(year, Some(&s.id))),
        })
        .collect();
    // the unit's report, then each section's, drafted in parallel
    let scopes: Vec<Option<&Section>> = std::iter::once(None).chain(org.sections.iter().map(Some)).collect();
    scopes.par_iter().try_for_each(|section| {
        let drafted = report::drafted(y, *section);
        let file = match section {
            None => format!("{year}/report.md"),
            Some(s) => format!("{year}/{}/report.md", s.id),
        };
        let section = section.map(|s| s.id.as_str());
        let context = ReportPage {
            report: drafted,
            section_id: section,
            unit_url: href(&Urls::report(year, None)),
            section_reports: &section_reports,
            narrative_file: file,
        };
        renderer.page(&Urls::report(year, section), "report.html", &y.site, &context)
    })
}
