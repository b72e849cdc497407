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
        let start = out.len();
        for rule in set.rules.iter().filter(|r| !matches!(r.check, Check::Letter { .. })) {
            ctx.rule(rule, set, &mut out);
        }
        // a letter's items are judged by the other rules' outcomes
        let mut letters = Vec::new();
        for rule in set.rules.iter().filter(|r| matches!(r.check, Check::Letter { .. })) {
            ctx.letter_items(rule, &out[start..], &mut letters);
        }
        out.extend(letters);
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
            Check::Letter { .. } => {}
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
            Check::Count { .. } | Check::People { .. } | Check::Letter { .. } => return None,
        };
        if !kinds.contains(&rec.kind) {
            return None;
        }
        let judged = match &rule.check {
            Check::Deadline {
                due_field,
                due_days,
                due_after,
                extended,
                done,
                ..
            } => {
                let due = match (due_field, due_after, due_days) {
                    (Some(field), _, _) => rec.date_field(field)?,
                    (None, Some(after), Some(days)) => {
                        self.date_as_of(rec, after)? + chrono::Days::new(u64::from(*days))
                    }
                    (None, None, Some(days)) => rec.date + chrono::Days::new(u64::from(*days)),
                    (None, _, None) => return None,
                };
                // an extension counts once its reason is given
                let due = extended
                    .as_deref()
                    .and_then(|key| rec.date_field(key))
                    .filter(|_| rec.has_field("extension_reason"))
                    .unwrap_or(due);
                self.deadline(rule, rec, due, done)
            }
            Check::Fields { require, when, .. } => self.fields(rec, require, when.as_deref())?,
            Check::Attendance {
                folder, who, presence, ..
            } => self.attendance(rec, *folder, *who, *presence)?,
            Check::Sanctions { .. } => sanctions(self.lang, set, rec)?,
            Check::Count { .. } | Check::People { .. } | Check::Letter { .. } => return None,
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

    fn deadline(&self, rule: &Rule, rec: &Record, due: NaiveDate, done: &str) -> Judged {
        let done = self.date_as_of(rec, done);
        let status = match done {
            Some(d) if d <= due => Status::Met,
            Some(_) => Status::Violated,
            None if self.as_of.before_deadline(due) => Status::Pending,
            None => Status::Violated,
        };
        let message = deadline_message(self.lang, rule, &rec.title, status, done, due, self.as_of);
        Judged {
            status,
            found: u32::from(done.is_some()),
            due: Some(due),
            message,
        }
    }

    /// Each item of each responsibility letter of the year: fulfilled when
    /// the rules it names are met for its owner and the owner has the
    /// records it asks for, by its due day (the year's end by default).
    fn letter_items(&self, rule: &Rule, judged: &[Outcome], out: &mut Vec<Outcome>) {
        let Check::Letter { kinds } = &rule.check else {
            return;
        };
        for letter in self.records.iter().filter(|r| kinds.contains(&r.kind)) {
            let Details::ResponsibilityLetter { items, .. } = &letter.details else {
                continue;
            };
            for item in items {
                out.push(self.letter_item(rule, letter, item.number, item, judged));
            }
        }
    }

    fn letter_item(&self, rule: &Rule, letter: &Record, n: u32, item: &LetterItem, judged: &[Outcome]) -> Outcome {
        let due = item.due.unwrap_or_else(|| Period::year(self.year).end());
        let owner = self.org.person(&item.owner);
        let mut records = vec![letter.id.clone()];
        // the rules it names, as judged for the owner
        let about: Vec<&Outcome> = judged
            .iter()
            .filter(|o| item.rules.contains(&o.rule) && owner.is_some_and(|p| self.is_about(o, p)))
            .collect();
        let by_rules = about.iter().map(|o| o.status).min().unwrap_or(Status::Met);
        for o in &about {
            records.extend(o.records.iter().cloned());
        }
        // the records it asks for, the owner's, dated by its due day
        let mine: Vec<&Record> = if item.kinds.is_empty() {
            Vec::new()
        } else {
            self.records
                .iter()
                .copied()
                .filter(|r| item.kinds.contains(&r.kind) && r.date <= due && r.id != letter.id)
                .filter(|r| owner.is_some_and(|p| involves(r, p)))
                .collect()
        };
        let found = mine.len() as u32;
        let needed = if item.kinds.is_empty() { 0 } else { item.min };
        records.extend(mine.iter().map(|r| r.id.clone()));
        let by_kinds = if found >= needed {
            Status::Met
        } else if self.as_of.before_deadline(due) {
            Status::Pending
        } else {
            Status::Violated
        };
        let status = by_rules.min(by_kinds);
        records.dedup();
        let name = self.org.person_name(&item.owner);
        let message = super::words::letter_message(
            self.lang,
            &letter.title,
            n,
            &item.content,
            name,
            status,
            due,
            (found, needed),
            &about,
        );
        Outcome {
            found,
            needed,
            records,
            due: Some(due),
            item: Some(n),
            ..Outcome::new(
                rule,
                Scope::Person(item.owner.clone()),
                Period::year(self.year),
                status,
                message,
            )
        }
    }

    /// Whether an outcome is about `p`: p's own, p's section's or a
    /// section p oversees, the unit's for the director, or a record of
    /// those sections or naming p.
    fn is_about(&self, o: &Outcome, p: &Person) -> bool {
        let mine = |section: &str| p.section.as_deref() == Some(section) || p.oversees.iter().any(|s| s == section);
        match &o.scope {
            Scope::Person(id) => *id == p.id,
            Scope::Section(s) => mine(s),
            Scope::Unit => p.has_role(Role::Director),
            Scope::Record(id) => self
                .records
                .iter()
                .find(|r| r.id == *id)
                .is_some_and(|r| mine(&r.scope) || involves(r, p)),
        }
    }

    fn fields(&self, rec: &Record, require: &[String], when: Option<&str>) -> Option<Judged> {
        // a deadline applies once written; anything else once it has happened
        let applies = |key: &str| match key {
            "deadline" | "extended_to" => rec.date_field(key).is_some(),
            _ => self.date_as_of(rec, key).is_some(),
        };
        if when.is_some_and(|w| !applies(w)) {
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

/// Whether `p` is named in `r`, or `r` is filed in p's section.
fn involves(r: &Record, p: &Person) -> bool {
    let named = r.present().any(|id| id == p.id)
        || r.person() == Some(p.id.as_str())
        || match &r.details {
            Details::Finding { owner, .. } => owner.as_deref() == Some(p.id.as_str()),
            Details::Petition { handler, .. } => handler.as_deref() == Some(p.id.as_str()),
            Details::Inspection { inspectors, .. } => inspectors.contains(&p.id),
            _ => false,
        };
    named || p.section.as_deref() == Some(r.scope.as_str())
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
