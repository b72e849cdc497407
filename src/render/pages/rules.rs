//! The rules page: every rule with its article and its outcomes.

use crate::error::Error;
use serde::Serialize;
use tera::Value;

use crate::judge::Urls;
use crate::render::Renderer;
use crate::render::year::Year;
use crate::rules::{Level, Status};

#[derive(Serialize)]
struct RuleView<'a> {
    id: &'a str,
    title: &'a str,
    article: &'a str,
    article_text: String,
    level: Level,
    level_zh: &'static str,
    outcomes: Vec<&'a Value>,
    met: usize,
    pending: usize,
    violated: usize,
}

#[derive(Serialize)]
struct RulesPage<'a> {
    rules: Vec<RuleView<'a>>,
}

pub(super) fn page(renderer: &Renderer<'_>, y: &Year<'_>) -> Result<(), Error> {
    // in the order of the measures' articles (a stable sort keeps the
    // order of the rules of one article)
    let mut in_order: Vec<&crate::rules::Rule> = y.v.rules.iter().collect();
    in_order.sort_by_key(|rule| crate::rules::measures::order(&rule.article));
    let rules = in_order
        .into_iter()
        .map(|rule| {
            let mine: Vec<(Status, &Value)> = y
                .outcomes
                .iter()
                .zip(&y.outcome_values)
                .filter(|(o, _)| o.rule == rule.id)
                .map(|(o, view)| (o.status, view))
                .collect();
            let n = |s: Status| mine.iter().filter(|(status, _)| *status == s).count();
            RuleView {
                id: &rule.id,
                title: &rule.title,
                article: &rule.article,
                article_text: rule.article_text(),
                level: rule.level,
                level_zh: rule.level.zh(),
                met: n(Status::Met),
                pending: n(Status::Pending),
                violated: n(Status::Violated),
                outcomes: mine.into_iter().map(|(_, view)| view).collect(),
            }
        })
        .collect();
    renderer.page(
        &Urls::year_page(y.year, "rules"),
        "rules.html",
        &y.site,
        &RulesPage { rules },
    )
}
