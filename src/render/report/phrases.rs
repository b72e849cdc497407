//! The wording of the reports, as data: `phrases.zh.toml` holds every
//! sentence shape the drafter writes, [`fill`] puts the facts in.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

use super::Para;

/// Everything `phrases.zh.toml` says.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Phrases {
    /// The unit's report.
    pub(super) unit: Frame,
    /// A section's report.
    pub(super) section: Frame,
    /// The figures of the opening, from the 统计表.
    pub(super) figures: Vec<Figure>,
    /// The sub-parts of 主要工作及成效 in the unit's report.
    pub(super) unit_parts: Vec<PartSpec>,
    /// The sub-parts of 主要工作及成效 in a section's report.
    pub(super) section_parts: Vec<PartSpec>,
    /// The sentence shapes of the sub-parts, by name.
    pub(super) clauses: BTreeMap<String, String>,
    /// The verb a record is listed with, by kind id.
    pub(super) verbs: BTreeMap<String, String>,
    /// 存在的问题.
    pub(super) problems: Problems,
    /// 下一步工作打算.
    pub(super) plans: Plans,
}

/// The frame of one kind of report.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Frame {
    pub(super) title: String,
    pub(super) frame: String,
    pub(super) figures: String,
    pub(super) basis: String,
    pub(super) work: String,
    pub(super) work_aliases: Vec<String>,
    pub(super) problems: String,
    pub(super) plans: String,
    pub(super) closing: String,
}

/// One figure of the opening: a column of the 统计表 and its words.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Figure {
    pub(super) column: String,
    pub(super) text: String,
}

/// A （一） sub-part: its key in the drafter, its heading, the headings
/// it had before, and its topic sentence.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PartSpec {
    pub(super) key: String,
    pub(super) title: String,
    pub(super) aliases: Vec<String>,
    pub(super) topic: String,
}

/// How problems are written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Problems {
    pub(super) lead: String,
    pub(super) cause: String,
    pub(super) none: String,
    pub(super) item: String,
    pub(super) rules: BTreeMap<String, Problem>,
    pub(super) other: Problem,
}

/// The words for the misses of one rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Problem {
    /// The pattern, as the problem's first sentence.
    pub(super) pattern: String,
    /// What was missed.
    pub(super) detail: String,
    /// What was done, but late.
    pub(super) late: Option<String>,
    /// The measure of 下一步工作打算 that answers it.
    pub(super) measure: String,
    /// The pattern in a section's own report, where it differs.
    pub(super) own: Option<String>,
    /// The measure in a section's own report, where it differs.
    pub(super) own_measure: Option<String>,
}

impl Problem {
    /// The pattern, in a section's own report or the unit's.
    pub(super) fn pattern(&self, own: bool) -> &str {
        self.own.as_deref().filter(|_| own).unwrap_or(&self.pattern)
    }

    /// The measure, in a section's own report or the unit's.
    pub(super) fn measure(&self, own: bool) -> &str {
        self.own_measure.as_deref().filter(|_| own).unwrap_or(&self.measure)
    }
}

/// How plans are written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Plans {
    pub(super) lead: String,
    pub(super) answer: String,
    pub(super) item: String,
    pub(super) always: Vec<String>,
}

/// The phrases compiled into the program (their tests make sure they read).
pub(super) static PHRASES: LazyLock<Phrases> = LazyLock::new(|| {
    #[allow(clippy::expect_used)]
    toml::from_str(include_str!("phrases.zh.toml")).expect("phrases.zh.toml is part of the program and is tested")
});

impl Phrases {
    /// The clause of that name (empty when the file lacks it; a test
    /// checks that none is missing).
    pub(super) fn clause(&self, name: &str) -> &str {
        self.clauses.get(name).map_or("", String::as_str)
    }

    /// 一, 二… 十一… for the i-th item (0-based).
    pub(super) fn ordinal(&self, i: usize) -> String {
        const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
        let n = i + 1;
        match (n / 10, n % 10) {
            (0, ones) => DIGITS[ones].to_string(),
            (1, ones) => format!("十{}", DIGITS[ones]),
            (tens, ones) if tens < 10 => format!("{}十{}", DIGITS[tens], DIGITS[ones]),
            _ => n.to_string(),
        }
    }

    /// The words for the misses of `rule`.
    pub(super) fn problem(&self, rule: &str) -> &Problem {
        self.problems.rules.get(rule).unwrap_or(&self.problems.other)
    }
}

/// A value put into a phrase.
pub(super) type Vars<'a> = [(&'a str, Para)];

/// The plain-text value `text`.
pub(super) fn t(text: impl Into<String>) -> Para {
    Para::default().text(text)
}

/// Whether a value counts as nothing in an optional segment: no text, or
/// the number 0.
fn is_nothing(p: &Para) -> bool {
    let text: String = p.0.iter().map(|l| l.text.as_str()).collect();
    text.is_empty() || text == "0"
}

/// `template` with each `{name}` replaced by its value; a `[…]` segment
/// is left out when any name in it has no value or the value 0.
pub(super) fn fill(template: &str, vars: &Vars<'_>) -> Para {
    let mut out = Para::default();
    let mut rest = template;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[') {
            let (segment, tail) = after.split_once(']').unwrap_or((after, ""));
            if let Some(p) = segment_of(segment, vars, true) {
                out = out.append(p);
            }
            rest = tail;
        } else {
            let end = rest.find('[').unwrap_or(rest.len());
            if let Some(p) = segment_of(&rest[..end], vars, false) {
                out = out.append(p);
            }
            rest = &rest[end..];
        }
    }
    out
}

fn segment_of(segment: &str, vars: &Vars<'_>, optional: bool) -> Option<Para> {
    let mut out = Para::default();
    let mut rest = segment;
    while let Some(open) = rest.find('{') {
        out = out.text(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            rest = &rest[open..];
            break;
        };
        let name = &rest[open + 1..open + close];
        match vars.iter().find(|(n, _)| *n == name) {
            Some((_, value)) if !(optional && is_nothing(value)) => out = out.append(value.clone()),
            _ if optional => return None,
            _ => {}
        }
        rest = &rest[open + close + 1..];
    }
    Some(out.text(rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(p: &Para) -> String {
        p.0.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn the_phrases_read_and_name_every_clause_the_drafter_uses() {
        let p = &*PHRASES;
        for name in [
            "responsibility",
            "overseer",
            "changes",
            "left",
            "joined",
            "plans",
            "letter",
            "special_meetings",
            "reviews",
            "year_summaries",
            "education",
            "regulations",
            "assessments",
            "inspection",
            "self_checks",
            "evaluations",
            "leadership_life",
            "section_lives",
            "talks",
            "petitions",
            "findings",
            "case",
            "cases",
            "commendations",
            "staff",
            "own_lives",
            "own_checks",
            "checked",
            "section_findings",
        ] {
            assert!(!p.clause(name).is_empty(), "phrases.zh.toml lacks the clause {name}");
        }
        for figure in &p.figures {
            assert!(
                crate::export::STATISTICS_HEADER.contains(&figure.column.as_str()),
                "no 统计表 column {}",
                figure.column
            );
        }
    }

    #[test]
    fn every_builtin_rule_has_its_own_words() {
        for rule in &crate::rules::RuleSet::builtin().rules {
            assert!(
                PHRASES.problems.rules.contains_key(&rule.id),
                "no words for {}",
                rule.id
            );
        }
    }

    #[test]
    fn ordinals_go_past_ten() {
        let p = &*PHRASES;
        let got: Vec<String> = [0, 9, 10, 19, 20, 98].iter().map(|&i| p.ordinal(i)).collect();
        assert_eq!(got, ["一", "十", "十一", "二十", "二十一", "九十九"]);
    }

    #[test]
    fn optional_segments_leave_out_nothing_and_zero() {
        let shape = "受理{n}件[，已办结{closed}件][，正在办理{open}件]";
        let vars = [("n", t("3")), ("closed", t("0")), ("open", t("3"))];
        assert_eq!(plain(&fill(shape, &vars)), "受理3件，正在办理3件");
        let vars = [("n", t("3")), ("closed", t("3"))];
        assert_eq!(plain(&fill(shape, &vars)), "受理3件，已办结3件");
        assert_eq!(plain(&fill("{a}与{b}", &[("a", t("甲"))])), "甲与");
    }
}
