//! Stage 1 and 2 joined: a records folder, loaded, validated, with its
//! rule set.

use crate::error::Error;
use std::path::Path;

use chrono::NaiveDate;

use crate::LoadError;
use crate::history::History;
use crate::validate::Validated;
use crate::{diag, load, rules, timing, validate};

/// A records folder, loaded, validated, with its rule set.
pub struct Project {
    /// The usable records, every diagnostic and the texts they cite.
    pub data: Validated,
    /// The built-in rules merged with the unit's `rules.toml`.
    pub rules: rules::RuleSet,
}

impl Project {
    /// Loads and validates `root` with the default limits; problems in the
    /// records and in the unit's `rules.toml` are in `data.diags`.
    pub fn open(root: &Path) -> Result<Project, LoadError> {
        Project::open_with(root, &validate::Limits::default())
    }

    /// [`Project::open`] with the given limits.
    pub fn open_with(root: &Path, limits: &validate::Limits) -> Result<Project, LoadError> {
        Project::open_cached(root, limits, None)
    }

    /// [`Project::open_with`], reading only the files that changed since
    /// `cache` was filled (`serve`).
    pub fn open_cached(
        root: &Path,
        limits: &validate::Limits,
        cache: Option<&mut load::Cache>,
    ) -> Result<Project, LoadError> {
        let loaded = {
            let _t = timing::stage("load");
            load::load_cached(root, cache)?
        };
        let mut data = {
            let _t = timing::stage("validate");
            validate::validate(loaded, limits)
        };
        let rules = rules::RuleSet::load(data.rules_text.as_deref(), &mut data.diags, &mut data.sources);
        check_against_rules(&data.records, &rules, &mut data.diags);
        diag::sort(&mut data.diags);
        // Only files with a diagnostic are shown: keep their texts, and
        // only theirs.
        let with_diags: std::collections::HashSet<&str> = data.diags.iter().map(|d| d.file.as_str()).collect();
        data.sources.retain(|file| with_diags.contains(file));
        let dir = std::sync::Arc::clone(&data.root);
        data.sources.read_noted(|file| load::source::read_text(&dir, file).ok());
        Ok(Project { data, rules })
    }
}

/// What records name of the rules: the rule ids of responsibility
/// letters' items and the grades of assessments' marks.
fn check_against_rules(records: &crate::model::Records, rules: &rules::RuleSet, diags: &mut Vec<diag::Diagnostic>) {
    use crate::model::Details;
    let ids: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
    let grades: Vec<&str> = rules.scoring.grades.iter().map(|g| g.name.as_str()).collect();
    for r in records.all() {
        match &r.details {
            Details::ResponsibilityLetter { items, .. } => {
                // an item charging every signer is checked once
                let mut seen = 0;
                for item in items
                    .iter()
                    .filter(|i| std::mem::replace(&mut seen, i.number) != i.number)
                {
                    for (id, span) in item.rules.iter().zip(&item.rule_spans) {
                        if !ids.contains(&id.as_str()) {
                            let suggestion = crate::spanned::suggest(id, ids.iter().copied());
                            diags.push(diag::Diagnostic::error(
                                &r.file,
                                span.clone(),
                                diag::Message::UnknownRule {
                                    id: id.clone(),
                                    suggestion,
                                },
                            ));
                        }
                    }
                }
            }
            Details::Assessment { scores, .. } => {
                for grade in scores
                    .iter()
                    .filter_map(|s| s.grade.as_ref().map(|g| (g, &s.grade_span)))
                {
                    if !grades.contains(&grade.0.as_str()) {
                        diags.push(diag::Diagnostic::error(
                            &r.file,
                            grade.1.clone(),
                            crate::load::org::bad_value(
                                "grade",
                                grade.0,
                                grades.iter().map(|g| g.to_string()).collect(),
                            ),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
}

/// The date rules are judged as of: the given one, else the day of
/// `SOURCE_DATE_EPOCH` (UTC), else today.
pub fn resolve_as_of(given: Option<NaiveDate>) -> Result<NaiveDate, Error> {
    if let Some(date) = given {
        return Ok(date);
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let seconds: i64 = epoch
            .trim()
            .parse()
            .map_err(|_| Error::EpochNotSeconds(epoch.clone()))?;
        return chrono::DateTime::from_timestamp(seconds, 0)
            .map(|t| t.date_naive())
            .ok_or(Error::EpochOutOfRange(epoch));
    }
    Ok(chrono::Local::now().date_naive())
}

/// Whether a build reads git's history of the records.
#[derive(Clone, Copy)]
pub enum HistoryFrom<'a> {
    /// Not at all, and why (`--no-history`).
    Skip(&'static str),
    /// From git, reusing what `last` read when HEAD has not moved.
    Git(Option<&'a History>),
}

impl Project {
    /// [`Project::open_cached`] while git's history of the records is read
    /// in a thread of its own: `build` and `serve` start so.
    pub fn open_with_history(
        root: &Path,
        limits: &validate::Limits,
        cache: Option<&mut load::Cache>,
        history: HistoryFrom<'_>,
    ) -> (Result<Project, LoadError>, History) {
        std::thread::scope(|scope| {
            let read = scope.spawn(|| {
                let _t = timing::stage("history");
                match history {
                    HistoryFrom::Skip(why) => History::unknown(why),
                    HistoryFrom::Git(last) => History::read_after(root, last),
                }
            });
            let project = Project::open_cached(root, limits, cache);
            let history = read
                .join()
                .unwrap_or_else(|_| History::unknown("读取修改历史时出错，记录的创建和修改历史未知"));
            (project, history)
        })
    }
}
