//! zerenzhi (责任制): validates the records of a unit's party-conduct and
//! clean-government responsibility system and judges them against the
//! rules of its implementation measures.
//!
//! The pipeline follows the folders: [`load`] reads the files, [`validate`]
//! checks them across files, [`rules`] judges the records as of a date,
//! [`render`] turns them into pages and [`write`] puts the site on disk;
//! [`diag`] reports problems the way rustc does.

pub mod beneath;
pub mod cmd;
pub mod diag;
pub mod history;
pub mod load;
pub mod model;
pub mod render;
pub mod rules;
pub mod schemas;
pub mod serve;
pub mod spanned;
pub mod timing;
pub mod validate;
pub mod write;

use std::path::Path;

use chrono::NaiveDate;

pub use load::LoadError;
pub use validate::Validated;

/// A records folder, loaded, validated, with its rule set.
pub struct Project {
    pub data: Validated,
    pub rules: rules::RuleSet,
}

impl Project {
    /// Loads and validates `root` with the default limits; problems in the
    /// records and in the unit's `rules.toml` are in `data.diags`.
    pub fn open(root: &Path) -> Result<Project, LoadError> {
        Project::open_with(root, &validate::Limits::default())
    }

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

/// The date rules are judged as of: the given one, else the day of
/// `SOURCE_DATE_EPOCH` (UTC), else today.
pub fn resolve_as_of(given: Option<NaiveDate>) -> Result<NaiveDate, String> {
    if let Some(date) = given {
        return Ok(date);
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let seconds: i64 = epoch
            .trim()
            .parse()
            .map_err(|_| format!("SOURCE_DATE_EPOCH 不是整数秒数：{epoch}"))?;
        return chrono::DateTime::from_timestamp(seconds, 0)
            .map(|t| t.date_naive())
            .ok_or_else(|| format!("SOURCE_DATE_EPOCH 超出范围：{epoch}"));
    }
    Ok(chrono::Local::now().date_naive())
}
