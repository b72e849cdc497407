//! The words of rule outcomes, in Chinese and in English.

use chrono::NaiveDate;

use super::{Presence, Rule, Status, Who, Window};
use crate::diag::Lang;
use crate::load::schema::RECORD_KEYS;
use crate::model::*;

/// The words of a rule instance, put together per language.
pub(super) struct Words<'a> {
    pub(super) rule: &'a Rule,
    pub(super) period: Period,
    pub(super) scope_name: String,
}

impl Words<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn count(
        &self,
        lang: Lang,
        status: Status,
        found: u32,
        min: u32,
        half: bool,
        window: &Window,
        from: NaiveDate,
        until: NaiveDate,
    ) -> String {
        let r = self.rule;
        if lang == Lang::En {
            let scope = if self.scope_name.is_empty() {
                String::new()
            } else {
                format!(" {}", self.scope_name)
            };
            let state = match status {
                Status::Met => "met".to_string(),
                Status::Pending => format!("pending, due {until}"),
                Status::Violated => format!("violated, was due {until}"),
            };
            return format!(
                "{}{scope}: {found} {} ({} requires at least {min}); {state}",
                self.period, r.what_en, r.article
            );
        }
        let who = format!("{}{}", self.period.zh(), self.scope_name);
        let requirement = match (window.from, window.until) {
            (Some(_), Some(_)) => format!(
                "{}要求{}至{}期间至少{min}{}",
                r.article,
                date_zh(from),
                date_zh(until),
                r.unit
            ),
            (None, Some(_)) => format!("{}要求{}前至少{min}{}", r.article, date_zh(until), r.unit),
            (Some(_), None) => format!("{}要求{}以后至少{min}{}", r.article, date_zh(from), r.unit),
            (None, None) => format!(
                "{}要求{}至少{min}{}",
                r.article,
                if half { "每半年" } else { "每年" },
                r.unit
            ),
        };
        let none = if r.verb == "有" {
            format!("没有{}", r.what)
        } else {
            format!("未{}{}", r.verb, r.what)
        };
        match status {
            Status::Met => format!("{who}已{}{found}{}{}，符合{}的要求", r.verb, r.unit, r.what, r.article),
            Status::Violated if found == 0 => format!("{who}{none}，{requirement}"),
            Status::Violated => format!("{who}仅{}{found}{}{}，{requirement}", r.verb, r.unit, r.what),
            Status::Pending if found == 0 => format!("{who}尚{none}，{requirement}，截止{}", date_zh(until)),
            Status::Pending => format!(
                "{who}目前已{}{found}{}{}，{requirement}，截止{}",
                r.verb,
                r.unit,
                r.what,
                date_zh(until)
            ),
        }
    }

    pub(super) fn people(&self, lang: Lang, status: Status, names: &[&str], min: u32, max: Option<u32>) -> String {
        let r = self.rule;
        let n = names.len();
        if lang == Lang::En {
            return format!(
                "{}{}: {n} {} ({}: {})",
                self.period,
                self.scope_name,
                r.what_en,
                r.article,
                status.en()
            );
        }
        let who = format!("{}{}", self.period.zh(), self.scope_name);
        let list = names.join("、");
        match status {
            Status::Met => format!("{who}{}：{list}，符合{}的要求", r.what, r.article),
            _ if n == 0 => format!("{who}没有{}，{}要求至少{min}人", r.what, r.article),
            _ => match max {
                Some(max) if n as u32 > max => {
                    format!("{who}有{n}位{}（{list}），{}要求只能有{max}人", r.what, r.article)
                }
                _ => format!("{who}{}只有{n}人（{list}），{}要求至少{min}人", r.what, r.article),
            },
        }
    }
}

pub(super) fn deadline_message(
    lang: Lang,
    rule: &Rule,
    title: &str,
    status: Status,
    done: Option<NaiveDate>,
    due: NaiveDate,
    as_of: AsOf,
) -> String {
    let as_of = as_of.date();
    if lang == Lang::En {
        return match done {
            Some(d) => format!("“{title}” {} on {d}, due {due}: {}", rule.verb_en, status.en()),
            None => format!("“{title}” not yet {}, due {due}: {}", rule.verb_en, status.en()),
        };
    }
    let verb = &rule.verb;
    match (status, done) {
        (Status::Met, Some(d)) => format!("「{title}」已于{}{verb}，未超过期限{}", date_zh(d), date_zh(due)),
        (_, Some(d)) => format!(
            "「{title}」于{}{verb}，超过期限{}共{}天",
            date_zh(d),
            date_zh(due),
            (d - due).num_days()
        ),
        (Status::Pending, None) => format!(
            "「{title}」尚未{verb}，期限{}（还有{}天）",
            date_zh(due),
            (due - as_of).num_days()
        ),
        (_, None) if as_of == due => format!("「{title}」期限{}已到，仍未{verb}", date_zh(due)),
        (_, None) => format!(
            "「{title}」期限{}已过{}天，仍未{verb}",
            date_zh(due),
            (as_of - due).num_days()
        ),
    }
}

fn key_label(key: &str) -> String {
    RECORD_KEYS
        .iter()
        .find(|k| k.name == key)
        .map_or_else(|| key.to_string(), |k| k.zh.to_string())
}

pub(super) fn fields_message(lang: Lang, title: &str, require: &[String], missing: &[&str]) -> String {
    if lang == Lang::En {
        return if missing.is_empty() {
            format!("“{title}” states {}", require.join(", "))
        } else {
            format!("“{title}” does not state {}", missing.join(", "))
        };
    }
    if missing.is_empty() {
        let labels: Vec<String> = require.iter().map(|k| key_label(k)).collect();
        format!("「{title}」已写明{}", labels.join("、"))
    } else {
        let labels: Vec<String> = missing.iter().map(|k| key_label(k)).collect();
        format!("「{title}」未写明{}", labels.join("、"))
    }
}

pub(super) fn attendance_message(
    lang: Lang,
    org: &Org,
    rec: &Record,
    who: Who,
    presence: Presence,
    expected: &[&Person],
    status: Status,
) -> String {
    let title = &rec.title;
    let role = match who {
        Who::Director => "主任",
        Who::Overseer => "分管领导",
    };
    let names: Vec<&str> = expected.iter().map(|p| p.name.as_str()).collect();
    let names = names.join("、");
    if lang == Lang::En {
        return format!(
            "“{title}”: {} {}",
            match who {
                Who::Director => "director",
                Who::Overseer => "overseer",
            },
            status.en()
        );
    }
    if expected.is_empty() {
        return format!("「{title}」召开时没有在任的{role}");
    }
    match (status, presence) {
        (Status::Met, Presence::Chair) => format!("「{title}」由{role}{names}主持"),
        (Status::Met, Presence::Present) => format!("{role}{names}参加了「{title}」"),
        (_, Presence::Chair) => match &rec.chair {
            Some(chair) => format!("「{title}」由{}主持，不是{role}{names}", org.person_name(chair)),
            None => format!("「{title}」未写明主持人（应由{role}{names}主持）"),
        },
        (_, Presence::Present) => format!("{role}{names}未参加「{title}」"),
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn sanction_message(
    lang: Lang,
    title: &str,
    clause: Clause,
    severity: Severity,
    all: &[Sanction],
    main: &[Sanction],
    outside: &[Sanction],
    allowed: &[Sanction],
) -> String {
    let zh = |list: &[Sanction]| list.iter().map(|s| s.zh()).collect::<Vec<_>>().join("、");
    let ids = |list: &[Sanction]| list.iter().map(|s| s.id()).collect::<Vec<_>>().join(", ");
    if lang == Lang::En {
        return if main.is_empty() {
            format!("“{title}”: {} cannot stand alone", ids(all))
        } else if outside.is_empty() {
            format!("“{title}”: {} fits {} {}", ids(all), clause.id(), severity.id())
        } else {
            format!(
                "“{title}”: {} outside {} {} (allowed: {})",
                ids(outside),
                clause.id(),
                severity.id(),
                ids(allowed)
            )
        };
    }
    if main.is_empty() {
        format!(
            "「{title}」只给予了{}，不能单独适用，须有相应的党纪处分或组织处理",
            zh(all)
        )
    } else if outside.is_empty() {
        format!(
            "「{title}」给予{}，在{}（{}）规定的幅度之内",
            zh(all),
            clause.zh(),
            severity.zh()
        )
    } else {
        format!(
            "「{title}」给予的{}不在{}（{}）规定的幅度之内，可给予：{}",
            zh(outside),
            clause.zh(),
            severity.zh(),
            zh(allowed)
        )
    }
}

/// How one item of a responsibility letter stands.
#[allow(clippy::too_many_arguments)]
pub(super) fn letter_message(
    lang: Lang,
    letter: &str,
    n: u32,
    content: &str,
    owner: &str,
    status: Status,
    due: NaiveDate,
    (found, needed): (u32, u32),
    about: &[&super::Outcome],
) -> String {
    let missed: Vec<&str> = about
        .iter()
        .filter(|o| o.status != Status::Met)
        .map(|o| o.message.as_str())
        .collect();
    if lang == Lang::En {
        return format!(
            "“{letter}” item {n} ({owner}), “{content}”, due {due}: {}; {found} of {needed} records",
            status.en()
        );
    }
    let head = format!("「{letter}」第{n}项“{content}”（责任人{owner}）");
    let records = if needed > 0 && found < needed {
        format!("应有相关记录{needed}份，现有{found}份")
    } else {
        String::new()
    };
    let why: Vec<String> = [records]
        .into_iter()
        .filter(|s| !s.is_empty())
        .chain(missed.iter().map(|m| m.to_string()))
        .collect();
    match status {
        Status::Met => format!("{head}已落实"),
        Status::Pending => format!("{head}尚未落实，期限{}：{}", date_zh(due), why.join("；")),
        Status::Violated => format!("{head}未按期落实（期限{}）：{}", date_zh(due), why.join("；")),
    }
}
