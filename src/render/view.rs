//! View models: what templates see. Everything is computed here, in Rust,
//! so templates only lay out values (and Tera escapes every one of them).

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::history::History;
use crate::judge::Attachments;
use crate::model::*;
use crate::rules::{Level, Outcome, Rule, Scope, Status};

pub use crate::judge::urls::{Urls, href, is_active_type};

/// Text, linked when it has somewhere to lead.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// The text shown.
    pub text: String,
    /// Where it leads, percent-encoded; `None` for plain text.
    pub url: Option<String>,
    /// The name to save the file under, for an attachment published as
    /// text because a browser would run it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub download: Option<String>,
}

impl Link {
    pub(in crate::render) fn new(text: impl Into<String>, url: Option<String>) -> Link {
        Link {
            text: text.into(),
            url: url.map(|u| href(&u)),
            download: None,
        }
    }
}

/// One labelled field of a record's page.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// The Chinese label, such as 主持人.
    pub label: &'static str,
    /// Its values, each a link or plain text.
    pub items: Vec<Link>,
}

/// A record as the site shows it.
#[derive(Debug, Clone, Serialize)]
pub struct RecordView {
    /// The record's id.
    pub id: String,
    /// Its page, percent-encoded; empty when it has none.
    pub url: String,
    /// The record's title.
    pub title: String,
    /// The kind's id, such as `special_meeting`.
    pub kind: &'static str,
    /// The kind's Chinese name.
    pub kind_zh: &'static str,
    /// The date, as 2026-06-18.
    pub date: String,
    /// The date, as 2026年6月18日.
    pub date_zh: String,
    /// The folder's name: the section's, or 领导班子.
    pub scope_name: String,
    /// The folder's page: the section page, or the dashboard for the leadership.
    pub scope_url: String,
    /// Restricted (限制级): left out of the public site.
    pub restricted: bool,
    /// Still holds `new`'s placeholders: not counted until filled in.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    /// The record's free tags.
    pub tags: Vec<String>,
    /// The fields its page lists, empty ones left out.
    pub fields: Vec<Field>,
    /// Its attachments, each linked to where it is published.
    pub attachments: Vec<Link>,
    /// Set when it changed after a special report covering it went out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_report: Option<AfterReport>,
}

/// A rule outcome as the site shows it.
#[derive(Debug, Clone, Serialize)]
pub struct OutcomeView {
    /// The rule's id.
    pub rule: String,
    /// The rule's title (its id when the rule is not in force).
    pub title: String,
    /// The article(s) the rule comes from.
    pub article: String,
    /// Required or advisory.
    pub level: Level,
    /// The level in Chinese: 必须 or 倡导.
    pub level_zh: &'static str,
    /// What the instance is about: the unit's short name, a section, a leader or a record.
    pub scope_name: String,
    /// The page of what it is about, if it has one.
    pub scope_url: Option<String>,
    /// The period judged, such as 2026年上半年.
    pub period: String,
    /// How it stands.
    pub status: Status,
    /// The status in Chinese: 符合, 待办 or 违反.
    pub status_zh: &'static str,
    /// How many of what the rule counts were found.
    pub found: u32,
    /// How many are needed.
    pub needed: u32,
    /// The outcome in words.
    pub message: String,
    /// The day by which the rule must be met, as 2026年3月31日.
    pub due_zh: Option<String>,
}

/// Builds views for one year of one (possibly public-filtered) dataset.
pub struct Views<'a> {
    /// The records, perhaps public-filtered, and the organisation.
    pub data: &'a Records,
    /// The rules in force.
    pub rules: &'a [Rule],
    /// Where each record's page is, when it has one.
    pub urls: &'a Urls,
    /// The year shown.
    pub year: i32,
    /// The day records are judged as of.
    pub as_of: AsOf,
    /// Who the pages are for: how petitioners' names are shown.
    pub audience: crate::judge::Audience,
    /// Where each attachment is published.
    pub attachments: &'a Attachments,
    /// What git says of the records.
    pub history: &'a History,
    /// The year's special reports, to mark records changed after them.
    pub reports: SubmittedReports,
}

/// The year's special reports, by the date they went out: the unit's, and
/// each section's. A record changed after the report that covers it went
/// out is marked, since the report no longer matches it.
#[derive(Debug, Default)]
pub struct SubmittedReports {
    unit: Option<Submitted>,
    sections: HashMap<String, Option<Submitted>>,
}

#[derive(Debug, Clone)]
struct Submitted {
    on: NaiveDate,
    title: String,
    id: String,
    file: String,
}

/// What a record page says of a change after the report went out.
#[derive(Debug, Clone, Serialize)]
pub struct AfterReport {
    /// The report's title.
    pub report: String,
    /// The report's page, if it has one.
    pub report_url: Option<String>,
    /// The day the report went out, as 2026年12月30日.
    pub submitted_zh: String,
    /// The day the record last changed.
    pub changed_zh: String,
    /// The record was first committed after the report went out.
    pub added: bool,
}

impl SubmittedReports {
    /// The first special report of `year` to go out, for the unit and for each section.
    pub fn of(data: &Records, year: i32) -> SubmittedReports {
        let mut reports = SubmittedReports::default();
        // a draft has not gone out
        for r in data.all().filter(|r| r.year == year && !r.draft) {
            let Details::SpecialReport { submitted_on, .. } = &r.details else {
                continue;
            };
            let sent = Submitted {
                on: submitted_on.unwrap_or(r.date),
                title: r.title.clone(),
                id: r.id.clone(),
                file: r.file.clone(),
            };
            let slot = if r.scope == LEADERSHIP {
                &mut reports.unit
            } else {
                reports.sections.entry(r.scope.clone()).or_default()
            };
            if slot.as_ref().is_none_or(|s| sent.on < s.on) {
                *slot = Some(sent);
            }
        }
        reports
    }

    /// The first report covering `r` that went out before `r` last changed
    /// (as of `as_of`: uncommitted changes count as made that day).
    fn changed_after(&self, r: &Record, history: &History, as_of: AsOf, urls: &Urls) -> Option<AfterReport> {
        let changed = history.changed_on(&r.file, as_of.date())?;
        let section = self.sections.get(&r.scope).and_then(Option::as_ref);
        // After the report went out, and after the report was in git: when
        // both came in one commit (records entered in bulk), the history
        // cannot tell which came first, and nothing is claimed.
        let earliest = [self.unit.as_ref(), section]
            .into_iter()
            .flatten()
            .filter(|s| changed > s.on && history.created_on(&s.file).is_none_or(|filed| changed > filed))
            .min_by_key(|s| s.on)?;
        Some(AfterReport {
            report: earliest.title.clone(),
            report_url: urls.record(&earliest.id).as_deref().map(href),
            submitted_zh: date_zh(earliest.on),
            changed_zh: date_zh(changed),
            added: history.created_on(&r.file).is_none_or(|created| {
                created > earliest.on && history.created_on(&earliest.file).is_none_or(|filed| created > filed)
            }),
        })
    }
}

impl Views<'_> {
    fn org(&self) -> &Org {
        &self.data.org
    }

    /// A person's name, linked to their page when a leader in post during the year.
    pub fn person_link(&self, id: &str) -> Link {
        let url = self
            .org()
            .person(id)
            .filter(|p| p.is_leader() && in_post_during(p, self.year))
            .map(|p| Urls::person(self.year, &p.id));
        Link::new(self.org().person_name(id), url)
    }

    fn scope_link(&self, scope: &str) -> Link {
        Link::new(self.org().scope_name(scope), Some(Urls::scope(self.year, scope)))
    }

    pub(in crate::render) fn record_link(&self, id: &str) -> Option<Link> {
        let record = self.data.record(id)?;
        Some(Link::new(record.title.clone(), self.urls.record(id)))
    }

    /// An assessment's recorded marks, one line per section.
    fn marks(&self, scores: &[crate::model::RecordedScore]) -> Vec<Link> {
        let p = crate::score::points;
        scores
            .iter()
            .map(|s| {
                let mut parts = Vec::new();
                if let Some(own) = s.self_score {
                    parts.push(format!("自评{}分", p(own)));
                }
                if let Some(score) = s.score {
                    parts.push(format!("考核组评{}分", p(score)));
                }
                parts.extend(s.grade.clone());
                let remarks = s.remarks.as_ref().map(|r| format!("（{r}）")).unwrap_or_default();
                let name = self.data.org.scope_name(&s.target);
                Link::new(format!("{name}：{}{remarks}", parts.join("，")), None)
            })
            .collect()
    }

    /// A letter's items, each with its owner and due day.
    fn letter_items(&self, items: &[crate::model::LetterItem]) -> Vec<Link> {
        items
            .iter()
            .map(|i| {
                let due = i.due.map(|d| format!("，{}前", date_zh(d))).unwrap_or_default();
                let owner = self.data.org.person_name(&i.owner);
                Link::new(format!("{}. {}（{owner}{due}）", i.number, i.content), None)
            })
            .collect()
    }

    /// A finding's fields: source, measures, who, deadlines, state, 销号.
    fn finding_fields(&self, details: &Details) -> Vec<(&'static str, Vec<Link>)> {
        let Details::Finding {
            deadline,
            owner,
            status,
            rectified_on,
            result_reported_on,
            source,
            measures,
            leader,
            verified_by,
            verified_on,
            extended_to,
            extension_reason,
        } = details
        else {
            return Vec::new();
        };
        let person = |id: &Option<String>| id.iter().map(|id| self.person_link(id)).collect::<Vec<_>>();
        let text = |t: &Option<String>| t.iter().map(|t| Link::new(t.clone(), None)).collect::<Vec<_>>();
        let date = |d: &Option<NaiveDate>| {
            d.map(date_zh)
                .into_iter()
                .map(|t| Link::new(t, None))
                .collect::<Vec<_>>()
        };
        vec![
            ("问题来源", source.iter().filter_map(|s| self.record_link(s)).collect()),
            ("整改措施", text(measures)),
            ("责任领导", person(leader)),
            ("责任人", person(owner)),
            ("整改期限", vec![Link::new(date_zh(*deadline), None)]),
            ("延期至", date(extended_to)),
            ("延期理由", text(extension_reason)),
            ("状态", vec![Link::new(status.zh(), None)]),
            ("整改完成日期", date(rectified_on)),
            ("结果上报日期", date(result_reported_on)),
            ("销号人", person(verified_by)),
            ("销号日期", date(verified_on)),
        ]
    }

    /// The fields a record's page lists, by their Chinese labels; empty
    /// ones left out.
    fn fields(&self, r: &Record) -> Vec<Field> {
        let people = |ids: &[String]| ids.iter().map(|id| self.person_link(id)).collect::<Vec<_>>();
        let person = |id: &Option<String>| id.iter().map(|id| self.person_link(id)).collect::<Vec<_>>();
        let text = |t: String| vec![Link::new(t, None)];
        let date = |d: &Option<NaiveDate>| {
            d.map(date_zh)
                .into_iter()
                .map(|t| Link::new(t, None))
                .collect::<Vec<_>>()
        };
        let targets = |ids: &[String]| ids.iter().map(|id| self.scope_link(id)).collect::<Vec<_>>();
        let mut fields: Vec<Field> = Vec::new();
        let mut add = |label: &'static str, items: Vec<Link>| {
            if !items.is_empty() {
                fields.push(Field { label, items });
            }
        };
        add("成效", r.summary.iter().map(|s| Link::new(s.clone(), None)).collect());
        add(
            "情况说明",
            r.reason.iter().map(|s| Link::new(s.clone(), None)).collect(),
        );
        add("主持人", person(&r.chair));
        add("参加人员", people(&r.attendees));
        match &r.details {
            Details::Plan { targets: t } => add("对象", targets(t)),
            Details::Assessment { targets: t, scores } => {
                add("对象", targets(t));
                add("考核组评分", self.marks(scores));
            }
            Details::ResponsibilityLetter { signed_by, items } => {
                add("签订人", people(signed_by));
                add("责任事项", self.letter_items(items));
            }
            Details::Education { participants_count } => add(
                "参加人数",
                participants_count
                    .map(|n| format!("{n} 人"))
                    .into_iter()
                    .map(|t| Link::new(t, None))
                    .collect(),
            ),
            Details::Talk { person: p, by } => {
                add("谈话对象", vec![self.person_link(p)]);
                add("谈话人", vec![self.person_link(by)]);
            }
            Details::Petition {
                status,
                closed_on,
                handler,
                petitioner,
            } => {
                add("状态", text(status.zh().into()));
                add("办结日期", date(closed_on));
                add("承办人", person(handler));
                if let Some(name) = self.audience.petitioner(petitioner.as_deref()) {
                    add("来信来访人", text(name));
                }
            }
            Details::Finding { .. } => {
                for (label, items) in self.finding_fields(&r.details) {
                    add(label, items);
                }
            }
            Details::SpecialReport {
                to,
                submitted_on,
                issuer,
            } => {
                add("主送", text(to.clone()));
                add("报送日期", date(submitted_on));
                add(
                    "署名",
                    issuer.iter().map(|i| Link::new(i.zh().to_string(), None)).collect(),
                );
            }
            Details::DutyReport { person: p } => add("述职人", vec![self.person_link(p)]),
            Details::Evaluation { target } => add("评议对象", targets(std::slice::from_ref(target))),
            Details::Inspection { targets: t, inspectors } => {
                add("检查对象", targets(t));
                add("检查人员", people(inspectors));
            }
            Details::Accountability { .. } => {
                for (label, items) in self.accountability_fields(&r.details) {
                    add(label, items);
                }
            }
            Details::Commendation { person: p } => add("表彰对象", person(p)),
            Details::MidyearReview
            | Details::YearSummary
            | Details::SpecialMeeting
            | Details::LifeMeeting
            | Details::Regulation
            | Details::Other => {}
        }
        fields
    }

    /// What an accountability case's page lists.
    fn accountability_fields(&self, details: &Details) -> Vec<(&'static str, Vec<Link>)> {
        let Details::Accountability {
            person,
            clause,
            severity,
            responsibility,
            collective,
            sanctions,
        } = details
        else {
            return Vec::new();
        };
        let text = |t: &str| vec![Link::new(t, None)];
        let collective = match collective {
            Some(true) => "集体责任",
            Some(false) => "个人责任",
            None => "未写明",
        };
        vec![
            ("被追究人", vec![self.person_link(person)]),
            ("适用条款", text(clause.zh())),
            ("情节", text(severity.zh())),
            ("责任类型", text(responsibility.zh())),
            ("集体/个人", text(collective)),
            ("处分", sanctions.iter().map(|s| Link::new(s.zh(), None)).collect()),
        ]
    }

    /// What a record is, as the measures call it: an inspection is a
    /// section's own 自查, the office's 巡视检查 of its sections (第十三条),
    /// or the discipline inspectors' 监督检查.
    fn kind_label(&self, r: &Record) -> &'static str {
        let Details::Inspection { inspectors, .. } = &r.details else {
            return r.kind.zh();
        };
        let supervisors = !inspectors.is_empty()
            && inspectors
                .iter()
                .all(|id| self.org().person(id).is_some_and(|p| p.has_role(Role::Supervisor)));
        if !r.in_leadership() {
            "自查"
        } else if supervisors {
            "监督检查"
        } else {
            "巡视检查"
        }
    }

    /// A record's attachments, each linked to where it is published.
    fn attachment_links(&self, r: &Record) -> Vec<Link> {
        r.attachments
            .iter()
            .map(|written| {
                let name = written.rsplit('/').next().unwrap_or(written).to_string();
                let url = self.attachments.get(&r.id, written).map(str::to_string);
                let download = is_active_type(&name).then(|| name.clone());
                Link {
                    download,
                    ..Link::new(name, url)
                }
            })
            .collect()
    }

    /// The view of one record.
    pub fn record(&self, r: &Record) -> RecordView {
        RecordView {
            fields: self.fields(r),
            attachments: self.attachment_links(r),
            id: r.id.clone(),
            url: href(&self.urls.record(&r.id).unwrap_or_default()),
            title: r.title.clone(),
            kind: r.kind.id(),
            kind_zh: self.kind_label(r),
            date: r.date.to_string(),
            date_zh: date_zh(r.date),
            scope_name: self.org().scope_name(&r.scope).to_string(),
            scope_url: href(&Urls::scope(self.year, &r.scope)),
            restricted: r.is_restricted(),
            draft: r.draft,
            tags: r.tags.clone(),
            after_report: self.reports.changed_after(r, self.history, self.as_of, self.urls),
        }
    }

    /// The view of one rule outcome.
    pub fn outcome(&self, o: &Outcome) -> OutcomeView {
        let rule = self.rules.iter().find(|r| r.id == o.rule);
        let org = self.org();
        let scope_name = o.scope.name(self.data);
        let scope_url = match &o.scope {
            Scope::Unit => None,
            Scope::Section(id) => org.section(id).map(|s| Urls::section(self.year, &s.id)),
            Scope::Person(id) => Some(Urls::person(self.year, id)),
            Scope::Record(id) => self.urls.record(id),
        };
        OutcomeView {
            rule: o.rule.clone(),
            title: rule.map_or_else(|| o.rule.clone(), |r| r.title.clone()),
            article: o.article.clone(),
            level: o.level,
            level_zh: o.level.zh(),
            scope_name,
            scope_url: scope_url.map(|u| href(&u)),
            period: o.period.zh(),
            status: o.status,
            status_zh: o.status.zh_at(o.level),
            found: o.found,
            needed: o.needed,
            message: o.message.clone(),
            due_zh: o.due.map(date_zh),
        }
    }

    /// Records of the year, in date order.
    pub fn records(&self) -> impl Iterator<Item = &Record> {
        self.data.of_year(self.year)
    }
}

/// In post at any time during `year`.
pub fn in_post_during(p: &Person, year: i32) -> bool {
    let (start, end) = (Period::year(year).start(), Period::year(year).end());
    p.from.is_none_or(|f| f <= end) && p.until.is_none_or(|u| u >= start)
}

/// The month index of a date within a year's activity chart (0 = January,
/// 12 = January of the next year).
pub fn month_index(year: i32, date: NaiveDate) -> usize {
    if date.year() > year { 12 } else { date.month0() as usize }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, year: i32, date: (u32, u32)) -> Record {
        Record::example(id, NaiveDate::from_ymd_opt(year, date.0, date.1).unwrap())
    }

    #[test]
    fn every_record_page_has_a_safe_name_of_its_own() {
        let data = Records::new(
            Org::default(),
            [
                // an unsafe id first in date order: the safe id it reduces
                // to keeps its own name all the same
                record("2026/s1/a b", 2026, (1, 1)),
                record("2026/s1/a_b", 2026, (2, 1)),
                record("2026/s1/a?b", 2026, (3, 1)),
                record("2026/../s1/x", 2026, (4, 1)),
                record("2026/s1/plain-1.x", 2026, (5, 1)),
                record("2025/s1/old", 2025, (5, 1)),
            ],
            vec![2025, 2026],
            Default::default(),
        );
        let urls = Urls::new(&data, &[2026]);
        let url = |id: &str| urls.record(id);
        assert_eq!(url("2026/s1/a_b").as_deref(), Some("records/2026/s1/a_b.html"));
        assert_eq!(url("2026/s1/a b").as_deref(), Some("records/2026/s1/a_b-2.html"));
        assert_eq!(url("2026/s1/a?b").as_deref(), Some("records/2026/s1/a_b-3.html"));
        assert_eq!(url("2026/../s1/x").as_deref(), Some("records/2026/s1/x.html"));
        assert_eq!(
            url("2026/s1/plain-1.x").as_deref(),
            Some("records/2026/s1/plain-1.x.html")
        );
        // no page: a year not built, an id no record has
        assert_eq!(url("2025/s1/old"), None);
        assert_eq!(url("2026/s1/none"), None);
    }

    #[test]
    fn hrefs_are_percent_encoded() {
        assert_eq!(href("records/2026/a b#?.html"), "records/2026/a%20b%23%3F.html");
        assert_eq!(href("files/纪要.pdf"), "files/%E7%BA%AA%E8%A6%81.pdf");
    }
}
