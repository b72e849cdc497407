//! Judging records against rules as of a date (RULES.md, "Evaluation as of
//! a date").

use chrono::NaiveDate;
use serde::Serialize;

use super::{Check, Folder, Level, Presence, Relation, Rule, RuleScope, RuleSet, TargetFilter, Who, Window};
use crate::diag::Lang;
use crate::load::schema::RECORD_KEYS;
use crate::model::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Violated,
    Pending,
    Met,
}

impl Status {
    pub fn zh(self) -> &'static str {
        match self {
            Status::Met => "符合",
            Status::Pending => "待办",
            Status::Violated => "违反",
        }
    }
}

/// One rule instance, as `check --format json` reports it.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub rule: String,
    pub article: String,
    pub level: Level,
    /// `unit`, a section id, a person id or a record id.
    pub scope: String,
    pub period: Period,
    pub status: Status,
    pub found: u32,
    pub needed: u32,
    /// Ids of the records that count towards the rule.
    pub records: Vec<String>,
    pub message: String,
    /// The day by which the rule must be met (counting and deadline rules).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
}

/// Whether, as of the end of day `as_of`, the deadline `due` is still to
/// come. A deadline passes at the end of its day, so as of `due` itself it
/// has passed: what is missing then is missing for good (RULES.md,
/// "Evaluation as of a date").
pub fn before_deadline(as_of: NaiveDate, due: NaiveDate) -> bool {
    as_of < due
}

/// Judges every rule for every year in `years` as of the end of `as_of`.
/// Records dated after `as_of` have not happened yet and are ignored.
pub fn evaluate(set: &RuleSet, data: &Records, years: &[i32], as_of: NaiveDate, lang: Lang) -> Vec<Outcome> {
    let mut out = Vec::new();
    for &year in years {
        let visible: Vec<&Record> = data.of_year(year).filter(|r| r.date <= as_of).collect();
        let ctx = Ctx {
            org: &data.org,
            year,
            as_of,
            lang,
            records: &visible,
        };
        for rule in &set.rules {
            ctx.rule(rule, set, &mut out);
        }
    }
    out
}

struct Ctx<'a> {
    org: &'a Org,
    year: i32,
    as_of: NaiveDate,
    lang: Lang,
    records: &'a [&'a Record],
}

/// The words of a rule instance, put together per language.
struct Words<'a> {
    rule: &'a Rule,
    period: Period,
    scope_name: String,
}

impl Ctx<'_> {
    fn rule(&self, rule: &Rule, set: &RuleSet, out: &mut Vec<Outcome>) {
        match &rule.check {
            Check::Count { .. } => self.count(rule, out),
            Check::People { .. } => self.people(rule, out),
            _ => {
                for rec in self.records {
                    if let Some(o) = self.per_record(rule, set, rec) {
                        out.push(o);
                    }
                }
            }
        }
    }

    /// People in post for a period: on its last day, or on the as-of date
    /// when that comes first.
    fn in_post_date(&self, period: Period) -> NaiveDate {
        period.end().min(self.as_of)
    }

    fn count(&self, rule: &Rule, out: &mut Vec<Outcome>) {
        let Check::Count {
            scope,
            half,
            kinds,
            folder,
            min,
            window,
            target,
            person_is_scope,
            chair,
        } = &rule.check
        else {
            return;
        };
        let periods = if *half {
            vec![Period::half(self.year, Half::H1), Period::half(self.year, Half::H2)]
        } else {
            vec![Period::year(self.year)]
        };
        for period in periods {
            let (from, until) = window_dates(*window, period);
            let instances: Vec<(String, String)> = match scope {
                RuleScope::Unit => vec![("unit".into(), String::new())],
                RuleScope::Section => self
                    .org
                    .sections
                    .iter()
                    .map(|s| (s.id.clone(), s.name.clone()))
                    .collect(),
                RuleScope::Leader => {
                    let on = self.in_post_date(period);
                    self.org
                        .people
                        .iter()
                        .filter(|p| p.is_leader() && p.in_post_on(on))
                        .map(|p| (p.id.clone(), p.name.clone()))
                        .collect()
                }
            };
            for (scope_id, scope_name) in instances {
                let matching: Vec<&Record> = self
                    .records
                    .iter()
                    .copied()
                    .filter(|r| kinds.contains(&r.kind))
                    .filter(|r| match folder {
                        Folder::Leadership => r.in_leadership(),
                        Folder::Section if *scope == RuleScope::Section => r.scope == scope_id,
                        Folder::Section => !r.in_leadership(),
                        Folder::Any => true,
                    })
                    .filter(|r| !*half || period.contains(r.date))
                    .filter(|r| from <= r.date && r.date <= until)
                    .filter(|r| match target {
                        None => true,
                        Some(TargetFilter::Leadership) => r.targets().iter().any(|t| t == LEADERSHIP),
                        Some(TargetFilter::AnySection) => r.targets().iter().any(|t| t != LEADERSHIP),
                        Some(TargetFilter::Scope) => r.targets().contains(&scope_id),
                    })
                    .filter(|r| !*person_is_scope || r.person() == Some(scope_id.as_str()))
                    .filter(|r| match chair {
                        None => true,
                        Some(role) => r
                            .chair
                            .as_deref()
                            .and_then(|c| self.org.person(c))
                            .is_some_and(|p| p.has_role(*role)),
                    })
                    .collect();
                let found = matching.len() as u32;
                let status = if found >= *min {
                    Status::Met
                } else if before_deadline(self.as_of, until) {
                    Status::Pending
                } else {
                    Status::Violated
                };
                let words = Words {
                    rule,
                    period,
                    scope_name,
                };
                out.push(Outcome {
                    rule: rule.id.clone(),
                    article: rule.article.clone(),
                    level: rule.level,
                    scope: scope_id,
                    period,
                    status,
                    found,
                    needed: *min,
                    records: matching.iter().map(|r| r.id.clone()).collect(),
                    message: words.count(self.lang, status, found, *min, *half, window, from, until),
                    due: Some(until),
                });
            }
        }
    }

    fn people(&self, rule: &Rule, out: &mut Vec<Outcome>) {
        let Check::People {
            section_scope,
            roles,
            relation,
            min,
            max,
        } = &rule.check
        else {
            return;
        };
        let period = Period::year(self.year);
        let on = self.in_post_date(period);
        let instances: Vec<(String, String)> = if *section_scope {
            self.org
                .sections
                .iter()
                .map(|s| (s.id.clone(), s.name.clone()))
                .collect()
        } else {
            vec![("unit".into(), String::new())]
        };
        for (scope_id, scope_name) in instances {
            let people: Vec<&Person> = self
                .org
                .people
                .iter()
                .filter(|p| p.in_post_on(on) && p.roles.iter().any(|r| roles.contains(r)))
                .filter(|p| match relation {
                    Relation::Any => true,
                    Relation::Home => p.section.as_deref() == Some(scope_id.as_str()),
                    Relation::Oversees => p.oversees.contains(&scope_id),
                })
                .collect();
            let found = people.len() as u32;
            let ok = found >= *min && max.is_none_or(|m| found <= m);
            let status = if ok { Status::Met } else { Status::Violated };
            let names: Vec<&str> = people.iter().map(|p| p.name.as_str()).collect();
            let words = Words {
                rule,
                period,
                scope_name,
            };
            out.push(Outcome {
                rule: rule.id.clone(),
                article: rule.article.clone(),
                level: rule.level,
                scope: scope_id,
                period,
                status,
                found,
                needed: *min,
                records: Vec::new(),
                message: words.people(self.lang, status, &names, *min, *max),
                due: None,
            });
        }
    }

    fn per_record(&self, rule: &Rule, set: &RuleSet, rec: &Record) -> Option<Outcome> {
        let kinds = match &rule.check {
            Check::Deadline { kinds, .. }
            | Check::Fields { kinds, .. }
            | Check::Attendance { kinds, .. }
            | Check::Sanctions { kinds } => kinds,
            Check::Count { .. } | Check::People { .. } => return None,
        };
        if !kinds.contains(&rec.kind) {
            return None;
        }
        // A date after the as-of day has not happened yet.
        let date_as_of = |key: &str| rec.date_field(key).filter(|d| *d <= self.as_of);
        let title = &rec.title;
        let (status, found, due, message) = match &rule.check {
            Check::Deadline {
                due_field,
                due_days,
                done,
                ..
            } => {
                let due = match (due_field, due_days) {
                    (Some(field), _) => rec.date_field(field)?,
                    (None, Some(days)) => rec.date + chrono::Days::new(u64::from(*days)),
                    (None, None) => return None,
                };
                let done = date_as_of(done);
                let status = match done {
                    Some(d) if d <= due => Status::Met,
                    Some(_) => Status::Violated,
                    None if before_deadline(self.as_of, due) => Status::Pending,
                    None => Status::Violated,
                };
                let msg = deadline_message(self.lang, rule, title, status, done, due, self.as_of);
                (status, u32::from(done.is_some()), Some(due), msg)
            }
            Check::Fields { require, when, .. } => {
                if let Some(when) = when
                    && date_as_of(when).is_none()
                {
                    return None;
                }
                let missing: Vec<&str> = require
                    .iter()
                    .filter(|k| {
                        let is_date = rec.date_field(k).is_some();
                        !rec.has_field(k) || (is_date && date_as_of(k).is_none())
                    })
                    .map(String::as_str)
                    .collect();
                let status = if missing.is_empty() {
                    Status::Met
                } else {
                    Status::Violated
                };
                let msg = fields_message(self.lang, title, require, &missing);
                (status, u32::from(missing.is_empty()), None, msg)
            }
            Check::Attendance {
                folder, who, presence, ..
            } => {
                let folder_ok = match folder {
                    Folder::Leadership => rec.in_leadership(),
                    Folder::Section => !rec.in_leadership(),
                    Folder::Any => true,
                };
                if !folder_ok {
                    return None;
                }
                let expected: Vec<&Person> = match who {
                    Who::Director => self.org.with_role_on(Role::Director, rec.date).collect(),
                    Who::Overseer => self.org.overseers_on(&rec.scope, rec.date),
                };
                let there = |p: &&Person| match presence {
                    Presence::Chair => rec.chair.as_deref() == Some(p.id.as_str()),
                    Presence::Present => rec.present().any(|id| id == p.id),
                };
                let status = if expected.iter().any(there) {
                    Status::Met
                } else {
                    Status::Violated
                };
                let msg = attendance_message(self.lang, self.org, rec, *who, *presence, &expected, status);
                (status, u32::from(status == Status::Met), None, msg)
            }
            Check::Sanctions { .. } => {
                let Details::Accountability {
                    clause,
                    severity,
                    sanctions,
                    ..
                } = &rec.details
                else {
                    return None;
                };
                let allowed = set
                    .sanctions
                    .allowed
                    .get(&(*clause, *severity))
                    .cloned()
                    .unwrap_or_default();
                let main: Vec<Sanction> = sanctions
                    .iter()
                    .copied()
                    .filter(|s| !set.sanctions.accompany.contains(s))
                    .collect();
                let outside: Vec<Sanction> = main.iter().copied().filter(|s| !allowed.contains(s)).collect();
                let status = if !main.is_empty() && outside.is_empty() {
                    Status::Met
                } else {
                    Status::Violated
                };
                let msg = sanction_message(
                    self.lang, title, *clause, *severity, sanctions, &main, &outside, &allowed,
                );
                (status, u32::from(status == Status::Met), None, msg)
            }
            Check::Count { .. } | Check::People { .. } => return None,
        };
        Some(Outcome {
            rule: rule.id.clone(),
            article: rule.article.clone(),
            level: rule.level,
            scope: rec.id.clone(),
            period: Period::year(rec.year),
            status,
            found,
            needed: 1,
            records: vec![rec.id.clone()],
            message,
            due,
        })
    }
}

/// The first and last day of a window in a period.
pub fn window_dates(window: Window, period: Period) -> (NaiveDate, NaiveDate) {
    let at = |(m, d, next): (u32, u32, bool)| month_day(period.year + i32::from(next), m, d);
    let from = window.from.and_then(at).unwrap_or(period.start());
    let until = window.until.and_then(at).unwrap_or(period.end());
    (from, until)
}

impl Words<'_> {
    #[allow(clippy::too_many_arguments)]
    fn count(
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

    fn people(&self, lang: Lang, status: Status, names: &[&str], min: u32, max: Option<u32>) -> String {
        let r = self.rule;
        let n = names.len();
        if lang == Lang::En {
            return format!(
                "{}{}: {n} {} ({}: {})",
                self.period,
                self.scope_name,
                r.what_en,
                r.article,
                status_en(status)
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

fn status_en(status: Status) -> &'static str {
    match status {
        Status::Met => "met",
        Status::Pending => "pending",
        Status::Violated => "violated",
    }
}

fn deadline_message(
    lang: Lang,
    rule: &Rule,
    title: &str,
    status: Status,
    done: Option<NaiveDate>,
    due: NaiveDate,
    as_of: NaiveDate,
) -> String {
    if lang == Lang::En {
        return match done {
            Some(d) => format!("“{title}” {} on {d}, due {due}: {}", rule.verb_en, status_en(status)),
            None => format!("“{title}” not yet {}, due {due}: {}", rule.verb_en, status_en(status)),
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
        .map_or_else(|| key.to_string(), |k| format!("{}（{}）", k.zh, k.name))
}

fn fields_message(lang: Lang, title: &str, require: &[String], missing: &[&str]) -> String {
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

fn attendance_message(
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
            status_en(status)
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
fn sanction_message(
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
