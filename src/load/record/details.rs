//! The keys particular to each kind of record, read into its details, and
//! the record schema that says which kind may hold which.

use chrono::NaiveDate;

use toml::Spanned;

use super::{FrontMatter, Reader, RefKind};
use crate::diag::Message;
use crate::load::org::bad_value;
use crate::model::*;

impl Reader<'_, '_> {
    /// The details of a record of `kind`, from the keys of its kind.
    pub(super) fn details(&mut self, kind: Kind, fm: &mut FrontMatter, date: Option<NaiveDate>) -> Option<Details> {
        let after_date = date.map(|d| (d, "date"));
        let section_refs = |leadership_ok| RefKind::Section { leadership_ok };
        Some(match kind {
            Kind::Plan => Details::Plan {
                targets: self.references(section_refs(true), fm.targets.take()),
            },
            Kind::Assessment => Details::Assessment {
                targets: self.references(section_refs(true), fm.targets.take()),
                scores: self.scores(fm),
            },
            Kind::ResponsibilityLetter => {
                let signed_by = self.references(RefKind::Person, fm.signed_by.take());
                let items = self.items(fm, &signed_by, date)?;
                Details::ResponsibilityLetter { signed_by, items }
            }
            Kind::MidyearReview => Details::MidyearReview,
            Kind::YearSummary => Details::YearSummary,
            Kind::SpecialMeeting => Details::SpecialMeeting,
            Kind::LifeMeeting => Details::LifeMeeting,
            Kind::Regulation => Details::Regulation,
            Kind::Other => Details::Other,
            Kind::Education => self.education(fm),
            Kind::Talk => {
                let person = self.need(fm.person.take(), "person", None);
                let by = self.need(fm.by.take(), "by", None);
                Details::Talk {
                    person: self.person(person)?,
                    by: self.person(by)?,
                }
            }
            Kind::Petition => self.petition(fm, after_date)?,
            Kind::Finding => self.finding(fm, after_date)?,
            Kind::SpecialReport => {
                let to = self.need(fm.to.take(), "to", None);
                let issuer = match fm.issuer.take() {
                    Some(v) => Some(self.vocab(v, "issuer", Issuer::parse, Issuer::ids())?),
                    None => None,
                };
                Details::SpecialReport {
                    submitted_on: self.date_after(fm.submitted_on.take(), "submitted_on", after_date),
                    to: to?.into_inner(),
                    issuer,
                }
            }
            Kind::DutyReport => {
                let person = self.need(fm.person.take(), "person", None);
                Details::DutyReport {
                    person: self.person(person)?,
                }
            }
            Kind::Evaluation => {
                let target = self.need(fm.target.take(), "target", None);
                Details::Evaluation {
                    target: self.reference(section_refs(true), target?),
                }
            }
            Kind::Inspection => Details::Inspection {
                targets: self.references(section_refs(false), fm.targets.take()),
                inspectors: self.references(RefKind::Person, fm.inspectors.take()),
            },
            Kind::Accountability => self.accountability(fm)?,
            Kind::Commendation => Details::Commendation {
                person: self.person(fm.person.take()),
            },
        })
    }

    fn education(&mut self, fm: &mut FrontMatter) -> Details {
        let count = match fm.participants_count.take() {
            Some(n) => match u32::try_from(*n.get_ref()) {
                Ok(n) => Some(n),
                Err(_) => {
                    self.error(
                        n.span(),
                        bad_value("participants_count", &n.get_ref().to_string(), vec![]),
                    );
                    None
                }
            },
            None => None,
        };
        Details::Education {
            participants_count: count,
        }
    }

    fn petition(&mut self, fm: &mut FrontMatter, after_date: Option<(NaiveDate, &'static str)>) -> Option<Details> {
        let status = self.need(fm.status.take(), "status", None);
        let status = status.and_then(|s| self.vocab(s, "status", PetitionStatus::parse, PetitionStatus::ids()));
        let closed_span = fm.closed_on.as_ref().map(|c| c.span());
        let closed_on = self.date_after(fm.closed_on.take(), "closed_on", after_date);
        match status {
            Some(PetitionStatus::Closed) => {
                self.need(
                    closed_span.clone(),
                    "closed_on",
                    Some("来信来访已办结（status = \"closed\"）".into()),
                );
            }
            Some(PetitionStatus::Open) => {
                if let Some(span) = closed_span {
                    self.error(span, bad_value("closed_on", "status = \"open\"", vec![]));
                }
            }
            None => {}
        }
        Some(Details::Petition {
            status: status?,
            closed_on,
            handler: self.person(fm.handler.take()),
            petitioner: fm.petitioner.take(),
        })
    }

    fn finding(&mut self, fm: &mut FrontMatter, after_date: Option<(NaiveDate, &'static str)>) -> Option<Details> {
        let deadline = self.need(fm.deadline.take(), "deadline", None);
        let deadline = self.date_after(deadline, "deadline", after_date);
        let status = self.need(fm.status.take(), "status", None);
        let status = status.and_then(|s| self.vocab(s, "status", FindingStatus::parse, FindingStatus::ids()));
        let rectified_span = fm.rectified_on.as_ref().map(|c| c.span());
        let rectified_on = self.date_after(fm.rectified_on.take(), "rectified_on", after_date);
        let reported = self.date_after(
            fm.result_reported_on.take(),
            "result_reported_on",
            rectified_on.map(|d| (d, "rectified_on")),
        );
        let verified_span = fm.verified_on.as_ref().map(|c| c.span());
        let verified_on = self.date_after(
            fm.verified_on.take(),
            "verified_on",
            rectified_on.map(|d| (d, "rectified_on")),
        );
        let extended_to = self.date_after(fm.extended_to.take(), "extended_to", deadline.map(|d| (d, "deadline")));
        match status {
            Some(FindingStatus::Rectified) => {
                self.need(
                    rectified_span,
                    "rectified_on",
                    Some("问题已整改（status = \"rectified\"）".into()),
                );
            }
            Some(other @ (FindingStatus::Open | FindingStatus::Partial)) => {
                let status = format!("status = \"{}\"", other.id());
                for (key, span) in [("rectified_on", rectified_span), ("verified_on", verified_span)] {
                    if let Some(span) = span {
                        self.error(span, bad_value(key, &status, vec![]));
                    }
                }
            }
            None => {}
        }
        let owner = self.person(fm.owner.take());
        if let (Some(by), Some(owner)) = (&fm.verified_by, &owner)
            && by.get_ref() == owner
        {
            self.error(
                by.span(),
                Message::Conflict {
                    key: "verified_by".into(),
                    zh: "（销号人）不能是整改责任人本人：销号要由另一人核查整改结果".into(),
                    en: "(who closed it) cannot be its owner: another person checks the rectification".into(),
                },
            );
        }
        Some(Details::Finding {
            deadline: deadline?,
            owner,
            status: status?,
            rectified_on,
            result_reported_on: reported,
            source: fm.source.take().map(|s| self.reference(RefKind::Record, s)),
            measures: text(fm.measures.take()),
            leader: self.person(fm.leader.take()),
            verified_by: self.person(fm.verified_by.take()),
            verified_on,
            extended_to,
            extension_reason: text(fm.extension_reason.take()),
        })
    }

    /// An assessment's `scores`: the 考核组's marks per section.
    fn scores(&mut self, fm: &mut FrontMatter) -> Vec<RecordedScore> {
        let mut out = Vec::new();
        for (target, marks) in fm.scores.take().into_iter().flatten() {
            let span = marks.span();
            let marks = marks.into_inner();
            let target = self.reference(RefKind::Section { leadership_ok: true }, Spanned::new(span, target));
            let mut mark = |value: Option<Spanned<f64>>, key: &str| {
                let value = value?;
                if (0.0..=1000.0).contains(value.get_ref()) {
                    Some(*value.get_ref())
                } else {
                    self.error(
                        value.span(),
                        bad_value(key, &value.get_ref().to_string(), vec!["0～1000".into()]),
                    );
                    None
                }
            };
            let self_score = mark(marks.self_score, "self_score");
            let score = mark(marks.score, "score");
            out.push(RecordedScore {
                target,
                self_score,
                score,
                grade_span: marks.grade.as_ref().map_or(0..0, |g| self.origin.span(g.span())),
                grade: marks.grade.map(Spanned::into_inner),
                remarks: text(marks.remarks),
            });
        }
        out
    }

    /// A responsibility letter's `items`, one per owner: an item naming
    /// none is every signer's.
    fn items(&mut self, fm: &mut FrontMatter, signers: &[String], date: Option<NaiveDate>) -> Option<Vec<LetterItem>> {
        let mut out = Vec::new();
        let mut ok = true;
        for (n, item) in fm.items.take().into_iter().flatten().enumerate() {
            let number = n as u32 + 1;
            let span = item.span();
            let item = item.into_inner();
            let Some(content) = item.content else {
                self.error(
                    span,
                    Message::MissingKey {
                        key: "items.content".into(),
                        when: None,
                    },
                );
                ok = false;
                continue;
            };
            // an item naming no owner charges every signer
            let owners: Vec<String> = match item.owner {
                Some(o) => vec![self.reference(RefKind::Person, o)],
                None if !signers.is_empty() => signers.to_vec(),
                None => {
                    self.error(
                        span,
                        Message::MissingKey {
                            key: "items.owner".into(),
                            when: Some("责任书没有签订人（signed_by）".into()),
                        },
                    );
                    ok = false;
                    continue;
                }
            };
            let due = self.date_after(item.due, "due", date.map(|d| (d, "date")));
            let mut kinds = Vec::new();
            for k in item.kinds.into_iter().flatten() {
                kinds.extend(self.vocab(k, "kinds", Kind::parse, Kind::ids()));
            }
            let min = match item.min {
                Some(n) => match u32::try_from(*n.get_ref()) {
                    Ok(n) if n > 0 => n,
                    _ => {
                        self.error(n.span(), bad_value("min", &n.get_ref().to_string(), vec!["1～".into()]));
                        1
                    }
                },
                None => 1,
            };
            let (rules, rule_spans): (Vec<String>, Vec<_>) = item
                .rules
                .into_iter()
                .flatten()
                .map(|r| (r.get_ref().clone(), self.origin.span(r.span())))
                .unzip();
            if rules.is_empty() && kinds.is_empty() {
                self.error(
                    span,
                    Message::MissingKey {
                        key: "items.rules".into(),
                        when: Some("每项要写 rules（规则编号）或 kinds（记录类型），说明怎样算落实".into()),
                    },
                );
                ok = false;
                continue;
            }
            let content = content.into_inner().trim().to_string();
            for owner in owners {
                out.push(LetterItem {
                    number,
                    content: content.clone(),
                    owner,
                    due,
                    rules: rules.clone(),
                    kinds: kinds.clone(),
                    min,
                    rule_spans: rule_spans.clone(),
                });
            }
        }
        ok.then_some(out)
    }

    fn accountability(&mut self, fm: &mut FrontMatter) -> Option<Details> {
        let person = self.need(fm.person.take(), "person", None);
        let clause = self.need(fm.clause.take(), "clause", None);
        let severity = self.need(fm.severity.take(), "severity", None);
        let responsibility = self.need(fm.responsibility.take(), "responsibility", None);
        let sanction = self.need(fm.sanction.take(), "sanction", None);
        let clause = clause.and_then(|v| self.vocab(v, "clause", Clause::parse, Clause::ids()));
        let severity = severity.and_then(|v| self.vocab(v, "severity", Severity::parse, Severity::ids()));
        let responsibility =
            responsibility.and_then(|v| self.vocab(v, "responsibility", Responsibility::parse, Responsibility::ids()));
        let sanctions: Vec<Option<Sanction>> = sanction
            .unwrap_or_default()
            .into_iter()
            .map(|v| self.vocab(v, "sanction", Sanction::parse, Sanction::ids()))
            .collect();
        Some(Details::Accountability {
            person: self.person(person)?,
            clause: clause?,
            severity: severity?,
            responsibility: responsibility?,
            collective: fm.collective,
            sanctions: sanctions.into_iter().collect::<Option<Vec<_>>>()?,
        })
    }
}

/// A free-text field: trimmed; nothing when empty.
fn text(value: Option<String>) -> Option<String> {
    value.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// The JSON Schema of [`FrontMatter`] (`zerenzhi schema`), completed with
/// the keys each kind requires, and that no kind takes another kind's keys,
/// as `if kind is … then …` clauses.
pub fn record_kinds(schema: &mut schemars::Schema) {
    let all_extra: std::collections::BTreeSet<&str> = Kind::ALL.iter().flat_map(|k| k.extra_keys()).copied().collect();
    let clauses: Vec<serde_json::Value> = Kind::ALL
        .iter()
        .map(|kind| {
            let foreign: Vec<&str> = all_extra
                .iter()
                .filter(|key| !kind.extra_keys().contains(key))
                .copied()
                .collect();
            let mut then = serde_json::json!({
                "required": kind.required_keys(),
                "not": {"anyOf": foreign.iter().map(|k| serde_json::json!({"required": [k]})).collect::<Vec<_>>()},
            });
            if foreign.is_empty()
                && let Some(then) = then.as_object_mut()
            {
                then.remove("not");
            }
            serde_json::json!({
                "if": {"properties": {"kind": {"enum": [kind.id(), kind.zh()]}}, "required": ["kind"]},
                "then": then,
            })
        })
        .collect();
    schema.insert("allOf".into(), serde_json::Value::Array(clauses));
}
