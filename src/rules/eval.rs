//! Judging records against rules as of a date (the rules guide, "评估日期").

use chrono::NaiveDate;

use super::words::{Words, attendance_message, deadline_message, fields_message, sanction_message};
use super::{
    Check, Folder, Outcome, Presence, Relation, Rule, RuleScope, RuleSet, Scope, Status, TargetFilter, Who, Window,
};
use crate::diag::Lang;
use crate::model::*;

/// Judges every rule for every year in `years` as of the end of `as_of`.
/// Records dated after `as_of` have not happened yet and are ignored, and so
/// are drafts (records still holding `new`'s placeholders).
pub fn evaluate(set: &RuleSet, data: &Records, years: &[i32], as_of: NaiveDate, lang: Lang) -> Vec<Outcome> {
    let as_of = AsOf(as_of);
    let mut out = Vec::new();
    for &year in years {
        let visible: Vec<&Record> = data.of_year(year).filter(|r| as_of.counts(r)).collect();
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
    as_of: AsOf,
    lang: Lang,
    records: &'a [&'a Record],
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
        self.as_of.within(period)
    }

    /// The instances of a counting rule in `period`: the unit, each
    /// section, or each leader in post; each with the name messages use.
    fn count_instances(&self, scope: RuleScope, period: Period) -> Vec<(Scope, String)> {
        match scope {
            RuleScope::Unit => vec![(Scope::Unit, String::new())],
            RuleScope::Section => self.sections(),
            RuleScope::Leader => {
                let on = self.in_post_date(period);
                self.org
                    .people
                    .iter()
                    .filter(|p| p.is_leader() && p.in_post_on(on))
                    .map(|p| (Scope::Person(p.id.clone()), p.name.clone()))
                    .collect()
            }
        }
    }

    fn sections(&self) -> Vec<(Scope, String)> {
        self.org
            .sections
            .iter()
            .map(|s| (Scope::Section(s.id.clone()), s.name.clone()))
            .collect()
    }

    fn count(&self, rule: &Rule, out: &mut Vec<Outcome>) {
        let Check::Count {
            scope,
            half,
            kinds,
            min,
            window,
            ..
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
            // what every instance counts from: the records of the kinds,
            // in the period and the window
            let candidates: Vec<&Record> = self
                .records
                .iter()
                .copied()
                .filter(|r| kinds.contains(&r.kind) && (!*half || period.contains(r.date)))
                .filter(|r| from <= r.date && r.date <= until)
                .collect();
            for (instance, scope_name) in self.count_instances(*scope, period) {
                let matching: Vec<&Record> = candidates
                    .iter()
                    .copied()
                    .filter(|r| counts(&rule.check, r, instance.id(), self.org))
                    .collect();
                let found = matching.len() as u32;
                let status = if found >= *min {
                    Status::Met
                } else if self.as_of.before_deadline(until) {
                    Status::Pending
                } else {
                    Status::Violated
                };
                let words = Words {
                    rule,
                    period,
                    scope_name,
                };
                let message = words.count(self.lang, status, found, *min, *half, window, from, until);
                out.push(Outcome {
                    found,
                    needed: *min,
                    records: matching.iter().map(|r| r.id.clone()).collect(),
                    due: Some(until),
                    ..Outcome::new(rule, instance, period, status, message)
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
        let instances = if *section_scope {
            self.sections()
        } else {
            vec![(Scope::Unit, String::new())]
        };
        for (instance, scope_name) in instances {
            let id = instance.id();
            let people: Vec<&Person> = self
                .org
                .people
                .iter()
                .filter(|p| p.in_post_on(on) && p.roles.iter().any(|r| roles.contains(r)))
                .filter(|p| match relation {
                    Relation::Any => true,
                    Relation::Home => p.section.as_deref() == Some(id),
                    Relation::Oversees => p.oversees.iter().any(|s| s == id),
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
            let message = words.people(self.lang, status, &names, *min, *max);
            out.push(Outcome {
                found,
                needed: *min,
                ..Outcome::new(rule, instance, period, status, message)
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
        let judged = match &rule.check {
            Check::Deadline {
                due_field,
                due_days,
                done,
                ..
            } => self.deadline(rule, rec, due_field.as_deref(), *due_days, done)?,
            Check::Fields { require, when, .. } => self.fields(rec, require, when.as_deref())?,
            Check::Attendance {
                folder, who, presence, ..
            } => self.attendance(rec, *folder, *who, *presence)?,
            Check::Sanctions { .. } => sanctions(self.lang, set, rec)?,
            Check::Count { .. } | Check::People { .. } => return None,
        };
        let Judged {
            status,
            found,
            due,
            message,
        } = judged;
        Some(Outcome {
            found,
            needed: 1,
            records: vec![rec.id.clone()],
            due,
            ..Outcome::new(
                rule,
                Scope::Record(rec.id.clone()),
                Period::year(rec.year),
                status,
                message,
            )
        })
    }

    /// A date field of `rec`, when it has happened.
    fn date_as_of(&self, rec: &Record, key: &str) -> Option<NaiveDate> {
        self.as_of.seen(rec.date_field(key))
    }

    fn deadline(
        &self,
        rule: &Rule,
        rec: &Record,
        due_field: Option<&str>,
        due_days: Option<u32>,
        done: &str,
    ) -> Option<Judged> {
        let due = match (due_field, due_days) {
            (Some(field), _) => rec.date_field(field)?,
            (None, Some(days)) => rec.date + chrono::Days::new(u64::from(days)),
            (None, None) => return None,
        };
        let done = self.date_as_of(rec, done);
        let status = match done {
            Some(d) if d <= due => Status::Met,
            Some(_) => Status::Violated,
            None if self.as_of.before_deadline(due) => Status::Pending,
            None => Status::Violated,
        };
        let message = deadline_message(self.lang, rule, &rec.title, status, done, due, self.as_of);
        Some(Judged {
            status,
            found: u32::from(done.is_some()),
            due: Some(due),
            message,
        })
    }

    fn fields(&self, rec: &Record, require: &[String], when: Option<&str>) -> Option<Judged> {
        if let Some(when) = when
            && self.date_as_of(rec, when).is_none()
        {
            return None;
        }
        let missing: Vec<&str> = require
            .iter()
            .filter(|k| {
                let is_date = rec.date_field(k).is_some();
                !rec.has_field(k) || (is_date && self.date_as_of(rec, k).is_none())
            })
            .map(String::as_str)
            .collect();
        let status = if missing.is_empty() {
            Status::Met
        } else {
            Status::Violated
        };
        Some(Judged {
            status,
            found: u32::from(missing.is_empty()),
            due: None,
            message: fields_message(self.lang, &rec.title, require, &missing),
        })
    }

    fn attendance(&self, rec: &Record, folder: Folder, who: Who, presence: Presence) -> Option<Judged> {
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
        Some(Judged {
            status,
            found: u32::from(status == Status::Met),
            due: None,
            message: attendance_message(self.lang, self.org, rec, who, presence, &expected, status),
        })
    }
}

/// How one record stands against a per-record rule.
struct Judged {
    status: Status,
    found: u32,
    due: Option<NaiveDate>,
    message: String,
}

/// Whether `r`, of the counted kinds and inside the period's window,
/// counts towards the instance `scope_id` of the counting rule `check`:
/// it is in the right folder, names the right target, person and chair.
fn counts(check: &Check, r: &Record, scope_id: &str, org: &Org) -> bool {
    let Check::Count {
        scope,
        folder,
        target,
        person_is_scope,
        chair,
        ..
    } = check
    else {
        return false;
    };
    (match folder {
        Folder::Leadership => r.in_leadership(),
        Folder::Section if *scope == RuleScope::Section => r.scope == scope_id,
        Folder::Section => !r.in_leadership(),
        Folder::Any => true,
    }) && match target {
        None => true,
        Some(TargetFilter::Leadership) => r.targets().iter().any(|t| t == LEADERSHIP),
        Some(TargetFilter::AnySection) => r.targets().iter().any(|t| t != LEADERSHIP),
        Some(TargetFilter::Scope) => r.targets().iter().any(|t| t == scope_id),
    } && (!*person_is_scope || r.person() == Some(scope_id))
        && match chair {
            None => true,
            Some(role) => r
                .chair
                .as_deref()
                .and_then(|c| org.person(c))
                .is_some_and(|p| p.has_role(*role)),
        }
}

/// Whether the sanctions of an accountability case fit Article 15.
fn sanctions(lang: Lang, set: &RuleSet, rec: &Record) -> Option<Judged> {
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
    let message = sanction_message(
        lang, &rec.title, *clause, *severity, sanctions, &main, &outside, &allowed,
    );
    Some(Judged {
        status,
        found: u32::from(status == Status::Met),
        due: None,
        message,
    })
}

/// The first and last day of a window in a period.
pub(crate) fn window_dates(window: Window, period: Period) -> (NaiveDate, NaiveDate) {
    let at = |(m, d, next): (u32, u32, bool)| month_day(period.year + i32::from(next), m, d);
    let from = window.from.and_then(at).unwrap_or(period.start());
    let until = window.until.and_then(at).unwrap_or(period.end());
    (from, until)
}
