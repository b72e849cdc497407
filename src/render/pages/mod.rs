//! The pages of the site, one module each: a function that gathers the
//! page's typed context from the judged year and hands it to the sink.

mod dashboard;
mod dossier;
mod findings;
mod person;
mod record;
mod report;
mod rules;
pub(in crate::render) mod scores;
mod search;
mod section;
mod statistics;
mod timeline;

use crate::error::Error;
use serde::Serialize;

use super::year::Year;
use super::{Renderer, site_view};
use crate::judge::{Judged, Urls};
use crate::model::{Person, Role};
use crate::render::view::{href, in_post_during};

/// A page of a year.
type PageFn = fn(&Renderer<'_>, &Year<'_>) -> Result<(), Error>;

/// Every page of a year, by what the timing report calls it.
const YEAR_PAGES: [(&str, PageFn); 12] = [
    ("records", record::pages),
    ("dashboard", dashboard::page),
    ("sections", section::pages),
    ("leaders", person::pages),
    ("findings", findings::page),
    ("statistics", statistics::page),
    ("scores", scores::page),
    ("rules page", rules::page),
    ("timeline", timeline::page),
    ("reports", report::pages),
    ("dossier", dossier::page),
    ("search", search::page),
];

/// Renders every page of `year`, the pages in parallel.
pub(super) fn year(renderer: &Renderer<'_>, year: &Year<'_>) -> Result<(), Error> {
    use rayon::prelude::*;
    YEAR_PAGES.par_iter().try_for_each(|(name, page)| {
        let _t = crate::timing::stage(name);
        page(renderer, year)
    })
}

#[derive(Serialize)]
struct Index {
    /// The newest year's front page.
    target: Option<String>,
}

/// The site's front page, which leads to the newest year.
pub(super) fn index(renderer: &Renderer<'_>, judged: &Judged<'_>) -> Result<(), Error> {
    let newest = judged.site_years.iter().max().copied();
    let site = site_view(judged, newest.unwrap_or_default());
    let target = newest.map(|y| href(&Urls::dashboard(y)));
    renderer.page("index.html", "index.html", &site, &Index { target })
}

/// Leaders in post at some time in the year, in org.toml order.
fn leaders<'a>(y: &Year<'a>) -> Vec<&'a Person> {
    y.v.data
        .org
        .people
        .iter()
        .filter(|p| p.is_leader() && in_post_during(p, y.year))
        .collect()
}

fn roles_zh(p: &Person) -> String {
    p.roles.iter().map(|r| r.zh()).collect::<Vec<_>>().join("、")
}

/// What Articles 4 and 5 make each role responsible for.
fn duties(p: &Person) -> Vec<&'static str> {
    let mut out = Vec::new();
    for role in &p.roles {
        out.push(match role {
            Role::Director => "政府办公室党风廉政建设第一责任人，对政府办公室党风廉政建设负总责（第四条、第五条）",
            Role::DeputyDirector | Role::PartyDeputySecretary => {
                "根据分工，对分管单位的党风廉政建设负直接领导责任（第五条）"
            }
            Role::SectionChief => "对本科室党风廉政建设负总责（第五条）",
            Role::BranchCommittee | Role::DeputyChief => "根据分工，对分管工作负直接领导责任（第五条）",
            Role::Staff | Role::Supervisor => continue,
        });
    }
    out.dedup();
    out
}
