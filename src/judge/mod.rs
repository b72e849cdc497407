//! Stage 3, judge: a project as of a date, for an audience. Everything the
//! outputs show is decided here, once: which records the audience sees,
//! the rule outcomes, where every page and attachment lives. Renderers
//! take a [`Judged`] and only format it.

pub mod urls;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;

use crate::Project;
use crate::beneath::Root;
use crate::diag::Lang;
use crate::history::History;
use crate::model::{AsOf, Records};
use crate::rules::{Outcome, RuleSet, Scope, evaluate};
use crate::score::Scores;
pub use urls::{Attachments, Urls};

/// Who an output is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Audience {
    /// The office: every record, petitioners' names masked as 张**.
    #[default]
    Internal,
    /// The office with `--include-personal`: petitioners' names whole.
    Personal,
    /// Everyone: no restricted record and no personal detail.
    Public,
}

impl Audience {
    /// The audience the `--public` and `--include-personal` flags ask for
    /// (`--public` wins).
    pub fn of_flags(public: bool, include_personal: bool) -> Audience {
        match (public, include_personal) {
            (true, _) => Audience::Public,
            (false, true) => Audience::Personal,
            (false, false) => Audience::Internal,
        }
    }

    /// Whether restricted records and personal details are left out.
    pub fn is_public(self) -> bool {
        self == Audience::Public
    }

    /// A petitioner's name as this audience sees it: masked as 张** for
    /// the office, whole with `--include-personal`, not at all in public.
    pub fn petitioner(self, name: Option<&str>) -> Option<String> {
        let name = name?;
        match self {
            Audience::Internal => Some(mask(name)),
            Audience::Personal => Some(name.to_string()),
            Audience::Public => None,
        }
    }
}

/// 张三丰 → 张**: the family name only.
pub fn mask(name: &str) -> String {
    match name.chars().next() {
        Some(first) => format!("{first}**"),
        None => String::new(),
    }
}

/// What to judge a project for.
#[derive(Debug, Clone)]
pub struct Judge {
    /// Rules are judged as of the end of this day.
    pub as_of: NaiveDate,
    /// Who the output is for.
    pub audience: Audience,
    /// Only these years (every year with a folder when `None`).
    pub years: Option<Vec<i32>>,
    /// The language of the outcomes' messages.
    pub lang: Lang,
    /// Who created and changed each record, from git.
    pub history: Arc<History>,
}

impl Judge {
    /// Judging as of `as_of`, for the office, every year, in Chinese, with
    /// no git history.
    pub fn new(as_of: NaiveDate) -> Judge {
        Judge {
            as_of,
            audience: Audience::Internal,
            years: None,
            lang: Lang::Zh,
            history: Arc::new(History::default()),
        }
    }
}

/// A project judged as of a date for an audience.
pub struct Judged<'p> {
    project: &'p Project,
    /// The records the audience sees (a public output's have no
    /// restricted record), each dated record included: a record dated
    /// after the as-of day has a page, but no rule counts it.
    pub records: Cow<'p, Records>,
    /// The as-of clock.
    pub as_of: AsOf,
    /// Who the output is for.
    pub audience: Audience,
    /// The language of the outcomes' messages.
    pub lang: Lang,
    /// The years judged, ascending.
    pub years: Vec<i32>,
    /// The judged years that have a folder the audience sees: the years
    /// with pages.
    pub site_years: Vec<i32>,
    /// Who created and changed each record.
    pub history: Arc<History>,
    /// Whether the records the audience sees have uncommitted changes.
    pub dirty: bool,
    /// Where each record's page and each attachment lives, worked out
    /// when first asked for (`check` never asks).
    places: OnceLock<(Urls, Attachments)>,
    /// Each year's outcomes, judged when first asked for.
    outcomes: BTreeMap<i32, OnceLock<Vec<Outcome>>>,
    /// Each year's 考核 scores, scored when first asked for.
    scores: BTreeMap<i32, OnceLock<Scores>>,
}

impl Project {
    /// Judges the project as `how` says.
    pub fn judge(&self, how: Judge) -> Judged<'_> {
        let data = &self.data.records;
        let (records, dirty) = if how.audience.is_public() {
            let (public, dirty) = public_view(data, &how.history);
            (Cow::Owned(public), dirty)
        } else {
            (Cow::Borrowed(data), how.history.dirty)
        };
        let mut years = how.years.unwrap_or_else(|| records.years.clone());
        years.sort_unstable();
        years.dedup();
        let site_years: Vec<i32> = years.iter().copied().filter(|y| records.years.contains(y)).collect();
        Judged {
            project: self,
            outcomes: years.iter().map(|y| (*y, OnceLock::new())).collect(),
            scores: years.iter().map(|y| (*y, OnceLock::new())).collect(),
            records,
            as_of: AsOf(how.as_of),
            audience: how.audience,
            lang: how.lang,
            years,
            site_years,
            history: how.history,
            dirty,
            places: OnceLock::new(),
        }
    }
}

impl<'p> Judged<'p> {
    /// The same project judged for `audience`: as of the same day, for the
    /// same years, with the same history.
    pub fn for_audience(&self, audience: Audience) -> Judged<'p> {
        self.project.judge(Judge {
            as_of: self.as_of.date(),
            audience,
            years: Some(self.years.clone()),
            lang: self.lang,
            history: Arc::clone(&self.history),
        })
    }
}

impl Judged<'_> {
    /// The rules judged by.
    pub fn rules(&self) -> &RuleSet {
        &self.project.rules
    }

    /// The unit's own `rules.toml`, when it has one.
    pub fn rules_text(&self) -> Option<&str> {
        self.project.data.rules_text.as_deref()
    }

    /// The records folder, which attachments are read beneath.
    pub fn root(&self) -> &Arc<Root> {
        &self.project.data.root
    }

    fn places(&self) -> &(Urls, Attachments) {
        self.places.get_or_init(|| {
            (
                Urls::new(&self.records, &self.site_years),
                Attachments::new(&self.records, &self.site_years),
            )
        })
    }

    /// Where each record's page lives.
    pub fn urls(&self) -> &Urls {
        &self.places().0
    }

    /// Where each attachment of the years with pages is published.
    pub fn attachments(&self) -> &Attachments {
        &self.places().1
    }

    /// The outcomes of `year` (none for a year not judged).
    pub fn outcomes(&self, year: i32) -> &[Outcome] {
        match self.outcomes.get(&year) {
            Some(cell) => cell.get_or_init(|| {
                let _t = crate::timing::stage("rules");
                evaluate(self.rules(), &self.records, &[year], self.as_of.date(), self.lang)
            }),
            None => &[],
        }
    }

    /// The 考核 scores of `year` (`None` for a year not judged).
    pub fn scores(&self, year: i32) -> Option<&Scores> {
        let cell = self.scores.get(&year)?;
        Some(cell.get_or_init(|| {
            let outcomes = self.outcomes(year);
            let _t = crate::timing::stage("scores");
            let on = self.as_of.within(crate::model::Period::year(year));
            crate::score::score(&crate::score::Input {
                scoring: &self.rules().scoring,
                data: &self.records,
                year,
                counted: self.records.of_year(year).filter(|r| self.as_of.counts(r)).collect(),
                outcomes,
                leaders: self
                    .records
                    .org
                    .people
                    .iter()
                    .filter(|p| p.is_leader() && p.in_post_on(on))
                    .collect(),
            })
        }))
    }

    /// The section an outcome is about: its scope, or its record's folder
    /// (which is `leadership` for a record of the leadership).
    pub fn section_of<'a>(&'a self, o: &'a Outcome) -> Option<&'a str> {
        match &o.scope {
            Scope::Section(id) => Some(id),
            Scope::Record(id) => self.records.record(id).map(|r| r.scope.as_str()),
            Scope::Unit | Scope::Person(_) => None,
        }
    }

    /// Every judged year's outcomes, year by year.
    pub fn all_outcomes(&self) -> Vec<&Outcome> {
        self.years.iter().flat_map(|y| self.outcomes(*y)).collect()
    }
}

/// The records a public output is made from: without the restricted ones,
/// and without a year that holds only restricted records. With it, whether
/// the records have uncommitted changes the public output shows: a change
/// to a restricted record, or to a file only such records attach, is none.
fn public_view(data: &Records, history: &History) -> (Records, bool) {
    let mut public = data.clone();
    public.retain(|r| !r.is_restricted());
    let had_records: HashSet<i32> = data.all().map(|r| r.year).collect();
    let has_records: HashSet<i32> = public.all().map(|r| r.year).collect();
    public
        .years
        .retain(|y| has_records.contains(y) || !had_records.contains(y));
    let shown: HashSet<&str> = public.all().flat_map(|r| public.attachments_of(r)).collect();
    let hidden: HashSet<&str> = data
        .all()
        .filter(|r| r.is_restricted())
        .flat_map(|r| std::iter::once(r.file.as_str()).chain(data.attachments_of(r)))
        .filter(|f| !shown.contains(f))
        .collect();
    let dirty = history.dirty_except(&hidden);
    (public, dirty)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_the_family_name() {
        assert_eq!(mask("王某某"), "王**");
        assert_eq!(mask("欧阳修"), "欧**");
        assert_eq!(mask(""), "");
        assert_eq!(Audience::Internal.petitioner(Some("王某某")).as_deref(), Some("王**"));
        assert_eq!(Audience::Personal.petitioner(Some("王某某")).as_deref(), Some("王某某"));
        assert_eq!(Audience::Public.petitioner(Some("王某某")), None);
    }
}
