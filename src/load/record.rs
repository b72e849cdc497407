//! Reading one record file (`.md` with front matter, or `.toml`) into a
//! [`Record`], with every problem that can be seen from the file alone.
//! References to people, sections, other records and attachments are
//! collected with their spans and checked later, across files, by
//! [`crate::validate`].

use std::ops::Range;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use toml::Spanned;

mod details;

pub use details::record_kinds;

use super::date::DateInput;
use super::org::bad_value;
use super::schema::{self, Origin, RECORD_KEYS};
use crate::diag::{Diagnostic, Message};
use crate::model::*;

/// Largest front matter read, in bytes.
pub const MAX_FRONT_MATTER: usize = 1024 * 1024;

/// The raw front matter, as serde reads it. Every field is optional here:
/// which are required depends on the kind and is checked afterwards, so
/// that all missing keys are reported at once.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "记录",
    description = "一份工作记录：.md 文件 +++ 之间的 TOML，或一个 .toml 文件（见 docs/记录格式.md）"
)]
#[schemars(transform = record_kinds)]
pub struct FrontMatter {
    /// 记录类型：英文编号或中文名
    #[schemars(with = "Kind")]
    pub kind: Option<Spanned<String>>,
    /// 标题，显示在列表和报告中
    #[schemars(with = "String")]
    pub title: Option<Spanned<String>>,
    /// 日期（发生或印发之日），如 2026-06-18
    #[schemars(with = "DateInput")]
    pub date: Option<Spanned<DateInput>>,
    /// 科室编号；可不写，默认为所在文件夹
    #[schemars(with = "Option<String>")]
    pub section: Option<Spanned<String>>,
    /// 记录编号；可不写，默认为文件路径（不含扩展名）
    #[schemars(with = "Option<String>")]
    pub id: Option<Spanned<String>>,
    /// 主持人或带队人（人员编号）
    #[schemars(with = "Option<String>")]
    pub chair: Option<Spanned<String>>,
    /// 参加人员（人员编号列表）
    #[schemars(with = "Option<Vec<String>>")]
    pub attendees: Option<Vec<Spanned<String>>>,
    /// 记录所属年度；可不写，默认为所在年度文件夹
    #[schemars(with = "Option<i64>")]
    pub covers: Option<Spanned<i64>>,
    /// 自由标签
    pub tags: Option<Vec<String>>,
    /// 一句话成效：会议决定了什么、检查发现了什么、活动取得了什么效果；专题报告起草时引用
    pub summary: Option<String>,
    /// 情况说明：没有按要求做到的原因，如会议为何不是主任主持、整改为何超过期限；专题报告写“存在的问题”时引用
    pub reason: Option<String>,
    /// 附件，相对于记录所在文件夹，如 attachments/会议纪要.pdf
    #[schemars(with = "Option<Vec<String>>")]
    pub attachments: Option<Vec<Spanned<String>>>,
    /// 可见范围：internal（内部，默认）或 restricted（限制级，不出现在公开版网站）
    #[schemars(with = "Option<Visibility>")]
    pub visibility: Option<Spanned<String>>,
    /// 正文（Markdown），仅用于 .toml 记录
    pub body: Option<String>,
    /// 对象：科室编号或 leadership（领导班子）
    #[schemars(with = "Option<Vec<String>>")]
    pub targets: Option<Vec<Spanned<String>>>,
    /// 签订人（人员编号列表），用于责任书
    #[schemars(with = "Option<Vec<String>>")]
    pub signed_by: Option<Vec<Spanned<String>>>,
    /// 参加人数，用于廉政教育
    #[schemars(with = "Option<u32>")]
    pub participants_count: Option<Spanned<i64>>,
    /// 当事人（人员编号）
    #[schemars(with = "Option<String>")]
    pub person: Option<Spanned<String>>,
    /// 谈话人（人员编号），用于谈话诫勉
    #[schemars(with = "Option<String>")]
    pub by: Option<Spanned<String>>,
    /// 状态：来信来访为 open（办理中）或 closed（已办结）；问题整改为 open（整改中）、partial（部分整改）或 rectified（已整改）
    #[schemars(with = "Option<String>", extend("enum" = ["open", "closed", "partial", "rectified", "办理中", "已办结", "整改中", "部分整改", "已整改"]))]
    pub status: Option<Spanned<String>>,
    /// 办结日期（来信来访办结时必填）
    #[schemars(with = "Option<DateInput>")]
    pub closed_on: Option<Spanned<DateInput>>,
    /// 承办人（人员编号）
    #[schemars(with = "Option<String>")]
    pub handler: Option<Spanned<String>>,
    /// 来信来访人姓名：个人信息，网站上只显示姓氏，公开版中不出现
    pub petitioner: Option<String>,
    /// 整改期限
    #[schemars(with = "Option<DateInput>")]
    pub deadline: Option<Spanned<DateInput>>,
    /// 整改责任人（人员编号）
    #[schemars(with = "Option<String>")]
    pub owner: Option<Spanned<String>>,
    /// 整改完成日期（已整改时必填）
    #[schemars(with = "Option<DateInput>")]
    pub rectified_on: Option<Spanned<DateInput>>,
    /// 整改结果上报日期
    #[schemars(with = "Option<DateInput>")]
    pub result_reported_on: Option<Spanned<DateInput>>,
    /// 发现问题的记录编号
    #[schemars(with = "Option<String>")]
    pub source: Option<Spanned<String>>,
    /// 整改措施，一句话或几句话
    pub measures: Option<String>,
    /// 责任领导（人员编号）；不写时为科室的分管领导
    #[schemars(with = "Option<String>")]
    pub leader: Option<Spanned<String>>,
    /// 销号人（人员编号）：核查整改结果并销号的人，不能是整改责任人本人
    #[schemars(with = "Option<String>")]
    pub verified_by: Option<Spanned<String>>,
    /// 销号日期：核查确认整改到位之日；问题只有销号后才算整改完成
    #[schemars(with = "Option<DateInput>")]
    pub verified_on: Option<Spanned<DateInput>>,
    /// 延期至：经批准延长后的整改期限
    #[schemars(with = "Option<DateInput>")]
    pub extended_to: Option<Spanned<DateInput>>,
    /// 延期理由；写明理由后延期才生效
    pub extension_reason: Option<String>,
    /// 考核组评分：每个科室（或 leadership）一张表，如 [scores.zonghe]，写 self_score、score、grade、remarks
    #[schemars(with = "Option<std::collections::BTreeMap<String, ScoreInput>>")]
    pub scores: Option<std::collections::BTreeMap<String, Spanned<ScoreInput>>>,
    /// 责任书的责任事项：每项一张 [[items]] 表，写 content、owner、due、rules 或 kinds
    #[schemars(with = "Option<Vec<ItemInput>>")]
    pub items: Option<Vec<Spanned<ItemInput>>>,
    /// 主送机关，如 市纪委
    #[schemars(with = "Option<String>")]
    pub to: Option<Spanned<String>>,
    /// 报送日期
    #[schemars(with = "Option<DateInput>")]
    pub submitted_on: Option<Spanned<DateInput>>,
    /// 署名：office（办公室，默认）或 party_branch（党支部），用于专题报告
    #[schemars(with = "Option<crate::model::Issuer>")]
    pub issuer: Option<Spanned<String>>,
    /// 评议对象：leadership（领导班子）或科室编号
    #[schemars(with = "Option<String>")]
    pub target: Option<Spanned<String>>,
    /// 检查人员（人员编号列表）
    #[schemars(with = "Option<Vec<String>>")]
    pub inspectors: Option<Vec<Spanned<String>>>,
    /// 第十五条的情形
    #[schemars(with = "Option<Clause>")]
    pub clause: Option<Spanned<String>>,
    /// 情节
    #[schemars(with = "Option<Severity>")]
    pub severity: Option<Spanned<String>>,
    /// 责任类型（第十六条）
    #[schemars(with = "Option<Responsibility>")]
    pub responsibility: Option<Spanned<String>>,
    /// 是否为集体责任（true）而非个人责任（false）
    pub collective: Option<bool>,
    /// 处理方式（可多项）
    #[schemars(with = "Option<Vec<Sanction>>")]
    pub sanction: Option<Vec<Spanned<String>>>,
}

/// One section's marks in an assessment's `scores`, as written.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoreInput {
    /// 自评分
    #[schemars(with = "Option<f64>")]
    pub self_score: Option<Spanned<f64>>,
    /// 考核组评分
    #[schemars(with = "Option<f64>")]
    pub score: Option<Spanned<f64>>,
    /// 等次：考核细则中的等次之一，如 优秀、合格、基本合格、不合格
    #[schemars(with = "Option<String>")]
    pub grade: Option<Spanned<String>>,
    /// 备注
    pub remarks: Option<String>,
}

/// One item of a responsibility letter, as written.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemInput {
    /// 责任内容（必填）
    #[schemars(with = "String")]
    pub content: Option<Spanned<String>>,
    /// 责任人（人员编号）；不写时每位签订人各负其责
    #[schemars(with = "Option<String>")]
    pub owner: Option<Spanned<String>>,
    /// 完成期限；不写时为年底
    #[schemars(with = "Option<DateInput>")]
    pub due: Option<Spanned<DateInput>>,
    /// 落实这一项的规则编号：这些规则对责任人的检查结果都为符合时，这一项即落实
    #[schemars(with = "Option<Vec<String>>")]
    pub rules: Option<Vec<Spanned<String>>>,
    /// 落实这一项的记录类型：期限内有责任人的这类记录即落实
    #[schemars(with = "Option<Vec<Kind>>")]
    pub kinds: Option<Vec<Spanned<String>>>,
    /// 需要的记录份数，默认 1
    #[schemars(with = "Option<u32>")]
    pub min: Option<Spanned<i64>>,
}

/// What a reference must point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    /// A person id from `org.toml`.
    Person,
    /// A section id, or `leadership` when `leadership_ok`.
    Section {
        /// Whether `leadership` is allowed as well.
        leadership_ok: bool,
    },
    /// Another record's id.
    Record,
    /// An attachment path, relative to the record's folder.
    Attachment,
}

/// A value naming something outside the file, with its span in the file.
#[derive(Debug, Clone)]
pub struct Reference {
    /// What it must point at.
    pub kind: RefKind,
    /// The value as written.
    pub value: String,
    /// Where it is written, as a byte range into the file.
    pub span: Range<usize>,
}

/// What one record file gave: the record when it had no error of its own,
/// the id it claims (so that other files naming it are not reported too),
/// and its references, checked across files even when the record failed so
/// that every problem is reported in one run.
#[derive(Debug, Clone)]
pub struct LoadedRecord {
    /// Shared: `serve` keeps it between builds without copying it.
    pub record: Option<Arc<Record>>,
    /// The file, relative to the records folder.
    pub file: String,
    /// The id the record gives, else its path without extension.
    pub id: String,
    /// Where the id is written; `0..0` when it is not written.
    pub id_span: Range<usize>,
    /// Its references, for [`crate::validate`] to check.
    pub refs: Vec<Reference>,
}

/// Where a record file sits in the tree.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    /// The file, relative to the records folder.
    pub file: &'a str,
    /// The year of the year folder it is in.
    pub year: i32,
    /// The folder inside the year folder: a section id or `leadership`.
    pub scope: &'a str,
    /// A `.toml` record rather than a `.md` one.
    pub is_toml: bool,
}

impl Place<'_> {
    /// The id a record has when it names none: its path without extension.
    pub fn default_id(&self) -> String {
        self.file
            .rsplit_once('.')
            .map_or(self.file, |(stem, _)| stem)
            .to_string()
    }
}

impl LoadedRecord {
    /// A file that could not be read or parsed at all.
    pub fn failed(place: &Place<'_>) -> LoadedRecord {
        LoadedRecord {
            record: None,
            file: place.file.to_string(),
            id: place.default_id(),
            id_span: 0..0,
            refs: Vec::new(),
        }
    }
}

/// Reads one record file from its text, reporting every problem the file alone shows.
pub fn parse(place: Place<'_>, text: &str, diags: &mut Vec<Diagnostic>) -> LoadedRecord {
    let failed = || LoadedRecord::failed(&place);
    let (toml_range, body, body_start) = if place.is_toml {
        (0..text.len(), None, None)
    } else {
        match super::frontmatter::split(text) {
            Ok(parts) => (
                parts.toml,
                Some(text[parts.body.clone()].to_string()),
                Some(parts.body.start),
            ),
            Err((message, span)) => {
                diags.push(Diagnostic::error(place.file, span, message));
                return failed();
            }
        }
    };
    if toml_range.len() > MAX_FRONT_MATTER {
        diags.push(Diagnostic::error(
            place.file,
            0..0,
            Message::TooLarge { limit: "1 MB".into() },
        ));
        return failed();
    }
    let origin = Origin {
        file: place.file,
        offset: toml_range.start,
    };
    let Some(root) = super::parse_toml(&text[toml_range], origin, &[RECORD_KEYS], diags) else {
        return failed();
    };
    let written: Vec<String> = root.get_ref().keys().map(|k| k.get_ref().to_string()).collect();
    let (mut table, ok) = schema::check_table(root.get_ref(), RECORD_KEYS, origin, diags);
    let ok = schema::check_nested(&mut table, origin, diags) & ok;
    let given: Vec<(String, Range<usize>)> = table.keys().map(|k| (k.get_ref().to_string(), k.span())).collect();
    let Some(fm) = schema::deserialize::<FrontMatter>(table, root.span(), origin, diags) else {
        return failed();
    };
    let mut reader = Reader {
        place,
        origin,
        diags,
        ok,
        refs: Vec::new(),
        written,
    };
    let id_span = fm.id.as_ref().map_or(0..0, |id| origin.span(id.span()));
    let id = fm
        .id
        .as_ref()
        .map_or_else(|| place.default_id(), |id| id.get_ref().clone());
    let mut record = reader.record(fm, &given, body).filter(|_| reader.ok).map(Arc::new);
    if let Some(at) = record
        .as_ref()
        .and_then(|r| crate::model::html::markdown_too_deep(&r.body))
    {
        // in a Markdown body, at the tag; in a TOML record, at `body`
        let span = match body_start {
            Some(start) => start + at..start + at + 1,
            None => given
                .iter()
                .find(|(k, _)| k == "body")
                .map_or(0..0, |(_, s)| origin.span(s.clone())),
        };
        let limit = crate::model::html::MAX_HTML_DEPTH;
        reader
            .diags
            .push(Diagnostic::error(place.file, span, Message::HtmlTooDeep { limit }));
        record = None;
    }
    if let Some(at) = record.as_ref().filter(|r| r.draft).map(|r| r.body.find(PLACEHOLDER)) {
        // at the first placeholder of a Markdown body, else at the start
        let span = match (body_start, at) {
            (Some(start), Some(at)) => start + at..start + at + PLACEHOLDER.len(),
            _ => 0..0,
        };
        reader.diags.push(Diagnostic::warning(place.file, span, Message::Draft));
    }
    LoadedRecord {
        record,
        file: place.file.to_string(),
        id,
        id_span,
        refs: reader.refs,
    }
}

struct Reader<'a, 'd> {
    place: Place<'a>,
    origin: Origin<'a>,
    diags: &'d mut Vec<Diagnostic>,
    ok: bool,
    refs: Vec<Reference>,
    /// Every key written in the file, including those already reported for
    /// a wrong type: those are not reported again as missing (nor is a key
    /// that an unknown key's "did you mean" already names).
    written: Vec<String>,
}

impl Reader<'_, '_> {
    fn error(&mut self, span: Range<usize>, message: Message) {
        self.ok = false;
        self.diags.push(self.origin.error(span, message));
    }

    /// A required key: reported at line 1 when missing.
    fn need<T>(&mut self, value: Option<T>, key: &str, when: Option<String>) -> Option<T> {
        if value.is_none() {
            self.ok = false;
            let suggested = self.diags.iter().any(|d| {
                d.file == self.place.file
                    && matches!(&d.message, Message::UnknownKey { suggestion: Some(s), .. } if s == key)
            });
            if suggested || self.written.iter().any(|k| k == key) {
                return None;
            }
            self.diags.push(Diagnostic::error(
                self.place.file,
                0..0,
                Message::MissingKey { key: key.into(), when },
            ));
        }
        value
    }

    fn date(&mut self, value: Option<Spanned<DateInput>>) -> Option<(NaiveDate, Range<usize>)> {
        let value = value?;
        let span = value.span();
        match value.into_inner().0 {
            Ok(date) => Some((date, span)),
            Err(text) => {
                self.error(span, Message::BadDate { value: text });
                None
            }
        }
    }

    /// A date that must not be before `earlier`.
    fn date_after(
        &mut self,
        value: Option<Spanned<DateInput>>,
        key: &str,
        earlier: Option<(NaiveDate, &str)>,
    ) -> Option<NaiveDate> {
        let (date, span) = self.date(value)?;
        if let Some((before, before_key)) = earlier
            && date < before
        {
            self.error(
                span,
                Message::DateOrder {
                    key: key.into(),
                    value: date.to_string(),
                    earlier: before_key.into(),
                },
            );
        }
        Some(date)
    }

    fn vocab<T>(
        &mut self,
        value: Spanned<String>,
        key: &str,
        parse: fn(&str) -> Option<T>,
        ids: Vec<String>,
    ) -> Option<T> {
        let parsed = parse(value.get_ref());
        if parsed.is_none() {
            self.error(value.span(), bad_value(key, value.get_ref(), ids));
        }
        parsed
    }

    fn reference(&mut self, kind: RefKind, value: Spanned<String>) -> String {
        let span = self.origin.span(value.span());
        let value = value.into_inner();
        self.refs.push(Reference {
            kind,
            value: value.clone(),
            span,
        });
        value
    }

    fn references(&mut self, kind: RefKind, values: Option<Vec<Spanned<String>>>) -> Vec<String> {
        values.into_iter().flatten().map(|v| self.reference(kind, v)).collect()
    }

    fn person(&mut self, value: Option<Spanned<String>>) -> Option<String> {
        value.map(|v| self.reference(RefKind::Person, v))
    }

    fn record(
        &mut self,
        mut fm: FrontMatter,
        given: &[(String, Range<usize>)],
        body: Option<String>,
    ) -> Option<Record> {
        let place = self.place;
        if let Some(id) = &fm.id
            && !valid_id(id.get_ref())
        {
            self.error(
                id.span(),
                Message::BadId {
                    id: id.get_ref().clone(),
                },
            );
        }
        let kind = match self.need(fm.kind.take(), "kind", None) {
            Some(kind) => match Kind::parse(kind.get_ref().trim()) {
                Some(k) => Some(k),
                None => {
                    let candidates = Kind::ALL.iter().flat_map(|k| [k.id(), k.zh()]);
                    let suggestion = schema::suggest(kind.get_ref(), candidates);
                    self.error(
                        kind.span(),
                        Message::UnknownKind {
                            value: kind.get_ref().clone(),
                            suggestion,
                        },
                    );
                    None
                }
            },
            None => None,
        };
        if let Some(kind) = kind {
            self.check_keys_fit(kind, given);
        }
        let title = self.need(fm.title.take(), "title", None);
        let date = self.need(fm.date.take(), "date", None);
        let date = self.date(date);
        if let (Some(kind), Some((date, span))) = (kind, &date) {
            self.check_filing_date(kind, *date, span.clone());
        }
        if let Some(covers) = &fm.covers
            && *covers.get_ref() != i64::from(place.year)
        {
            self.error(
                covers.span(),
                Message::CoversMismatch {
                    covers: *covers.get_ref(),
                    year: place.year,
                },
            );
        }
        if let Some(section) = &fm.section
            && section.get_ref() != place.scope
        {
            self.error(
                section.span(),
                Message::SectionMismatch {
                    section: section.get_ref().clone(),
                    by_name: false,
                    folder: place.scope.to_string(),
                },
            );
        }
        let visibility = match fm.visibility.take() {
            Some(v) => self.vocab(v, "visibility", Visibility::parse, Visibility::ids()),
            None => Some(Visibility::Internal),
        };
        let chair = self.person(fm.chair.take());
        let attendees = self.references(RefKind::Person, fm.attendees.take());
        let attachments = self.references(RefKind::Attachment, fm.attachments.take());
        let record_date = date.as_ref().map(|(d, _)| *d);
        let details = match kind {
            Some(kind) => self.details(kind, &mut fm, record_date),
            None => None,
        };
        let body = body.or(fm.body.take()).unwrap_or_default();
        let draft = body.contains(PLACEHOLDER) || title.as_ref().is_some_and(|t| t.get_ref().contains(PLACEHOLDER));
        Some(Record {
            id: fm.id.map(Spanned::into_inner).unwrap_or_else(|| place.default_id()),
            file: place.file.to_string(),
            year: place.year,
            scope: place.scope.to_string(),
            kind: kind?,
            title: title?.into_inner(),
            date: date?.0,
            chair,
            attendees,
            tags: fm.tags.unwrap_or_default(),
            summary: one_line(fm.summary),
            reason: one_line(fm.reason),
            attachments,
            visibility: visibility?,
            body,
            draft,
            details: details?,
        })
    }

    /// Keys of other kinds, and `body` in a Markdown record.
    fn check_keys_fit(&mut self, kind: Kind, given: &[(String, Range<usize>)]) {
        let common = [
            "kind",
            "title",
            "date",
            "section",
            "id",
            "chair",
            "attendees",
            "covers",
            "tags",
            "summary",
            "reason",
            "attachments",
            "visibility",
        ];
        for (key, span) in given {
            if common.contains(&key.as_str()) || kind.extra_keys().contains(&key.as_str()) {
                continue;
            }
            if key == "body" {
                if !self.place.is_toml {
                    self.error(span.clone(), Message::BodyOnlyInToml);
                }
                continue;
            }
            self.error(span.clone(), Message::KeyNotForKind { key: key.clone(), kind });
        }
    }

    /// The date must fall in the year folder, or up to January 31 of the
    /// next year for the kinds whose window reaches into it.
    fn check_filing_date(&mut self, kind: Kind, date: NaiveDate, span: Range<usize>) {
        let year = self.place.year;
        let in_year = date.year() == year;
        let reaches = kind.reaches_next_year();
        let in_january_after = reaches && date.year() == year + 1 && date.ordinal() <= 31;
        if !in_year && !in_january_after {
            self.error(
                span,
                Message::DateOutsideYear {
                    date: date.to_string(),
                    year,
                    reaches_next_year: reaches,
                },
            );
        }
    }
}

/// Ids are used in links and messages: no blanks, no path tricks.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.contains("..")
        && !id.starts_with('/')
        && !id
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "\\?#%\"<>".contains(c))
}

/// A one-line field as a report quotes it: trimmed, without its closing
/// punctuation; nothing when empty.
fn one_line(text: Option<String>) -> Option<String> {
    text.map(|s| s.trim().trim_end_matches(['。', '；', '，']).to_string())
        .filter(|s| !s.is_empty())
}
