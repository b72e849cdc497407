//! The 汇总包 (bundle): one unit-year's judged results as one JSON file,
//! which the level above rolls up with others (一级抓一级). A renderer over
//! a [`Judged`] like the site: [`Content::of_unit`] takes what the unit's
//! own outputs show, [`encode`] writes it with its checksum, and
//! [`intake`] reads and checks bundles as `check` reads records.
//!
//! The format is documented in `docs/汇总包格式.md`; its JSON Schema is
//! generated from these types ([`schema`]). A bundle never holds the text
//! of a restricted record or a petitioner's name: it counts restricted
//! records, and its report is drafted without them.

pub mod intake;
pub mod rollup;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::export::{self, Cell};
use crate::judge::Judged;
use crate::model::{Details, Kind, Unit};
use crate::rules::{Level, Scope, Status};

/// What every bundle says it is (`format`).
pub const FORMAT: &str = "zerenzhi-bundle";

/// The version of the bundle format this build writes and reads.
pub const VERSION: u32 = 1;

/// The version of the records format (docs/记录格式.md) the records were
/// written in.
pub const RECORDS_FORMAT: u32 = 1;

/// A bundle file: what it is, the checksum of its content, the content.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "zerenzhi 汇总包",
    description = "一个单位（或一级汇总）一个年度的规则评估、统计和报告（见 docs/汇总包格式.md）"
)]
pub struct File {
    /// 固定为 zerenzhi-bundle
    pub format: String,
    /// 汇总包格式的版本，现为 1
    pub version: u32,
    /// content 在文件中原样的字节的 SHA-256（十六进制小写）：导出后改动内容即可发现
    pub sha256: String,
    /// 内容
    pub content: Content,
}

/// Whether a bundle is one unit's or a roll-up's of many.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BundleKind {
    /// One unit's records, judged.
    Unit,
    /// A roll-up of the bundles of the units below.
    Rollup,
}

/// The content of a bundle, which the checksum covers.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Content {
    /// unit：单位自己的记录；rollup：下级汇总包的汇总
    pub kind: BundleKind,
    /// 单位
    pub unit: Identity,
    /// 年度
    pub year: i32,
    /// 规则评估截至的日期（当天结束时）
    pub as_of: NaiveDate,
    /// 是否为公开版（不含限制级记录）
    pub public: bool,
    /// 生成汇总包的工具
    pub tool: Tool,
    /// 记录格式和规则的版本
    pub versions: Versions,
    /// 记录来自版本库中的哪个提交
    pub source: Source,
    /// 每条规则的结果计数
    pub rules: Vec<RuleTally>,
    /// 每个规则实例的结果（只有单位的汇总包有）
    #[serde(default)]
    pub outcomes: Vec<OutcomeEntry>,
    /// 年度统计表：领导班子和各科室（汇总时为各下级单位）各一行，最后一行为合计
    pub statistics: Vec<StatisticsRow>,
    /// 合计
    pub totals: Totals,
    /// 发现的问题及其整改状态（只有单位的汇总包有）
    #[serde(default)]
    pub findings: Vec<FindingEntry>,
    /// 年度专题报告的报送情况
    pub reporting: Option<Reporting>,
    /// 责任制考核得分（只有单位的汇总包有）
    pub scores: Option<ScoresEntry>,
    /// 专题报告（汇总时为通报）的正文
    pub report: Option<ReportText>,
    /// 汇总的下级单位（只有汇总的汇总包有）
    #[serde(default)]
    pub members: Vec<Member>,
}

/// Who a bundle is from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    /// 单位全称
    pub name: String,
    /// 单位简称
    pub short_name: String,
    /// 单位代码（统一社会信用代码或上级给的编码）
    pub code: Option<String>,
    /// 层级，如 县级
    pub level: Option<String>,
    /// 汇总本单位的上级单位
    pub parent: Option<String>,
    /// 本单位网站的地址
    pub site_url: Option<String>,
}

impl Identity {
    /// The unit as org.toml describes it.
    pub fn of(unit: &Unit) -> Identity {
        Identity {
            name: unit.name.clone(),
            short_name: unit.short_name.clone(),
            code: unit.code.clone(),
            level: unit.level.clone(),
            parent: unit.parent.clone(),
            site_url: unit.site_url.clone(),
        }
    }

    /// What tells units apart: the code, else the full name.
    pub fn key(&self) -> &str {
        self.code.as_deref().unwrap_or(&self.name)
    }

    /// Whether `parent` (a bundle's) names this unit: by code, full name or
    /// short name.
    pub fn is_named_by(&self, parent: &str) -> bool {
        let parent = parent.trim();
        parent == self.name || parent == self.short_name || self.code.as_deref() == Some(parent)
    }
}

/// The tool that wrote a bundle.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    /// 固定为 zerenzhi
    pub name: String,
    /// 工具版本
    pub version: String,
}

/// What the records and rules were.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Versions {
    /// 记录格式的版本
    pub records: u32,
    /// 内置规则（含考核细则）的 SHA-256 前 16 位
    pub builtin_rules: String,
    /// 本单位 rules.toml 的 SHA-256 前 16 位；没有时为空
    pub unit_rules: Option<String>,
}

/// Where the records came from.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// 记录所在版本库（git）的当前提交；不在版本库中时为空
    pub commit: Option<String>,
    /// 导出时记录没有未提交的修改；无法判断时为空
    pub clean: Option<bool>,
}

/// One rule's results.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleTally {
    /// 规则编号
    pub rule: String,
    /// 规则名称
    pub title: String,
    /// 条文
    pub article: String,
    /// required（必须）或 advisory（倡导）
    pub level: Level,
    /// 符合的实例数
    pub met: u32,
    /// 待办的实例数
    pub pending: u32,
    /// 违反（倡导性规则为未落实）的实例数
    pub violated: u32,
}

/// One rule instance, without the records' text.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeEntry {
    /// 规则编号
    pub rule: String,
    /// unit、section、person 或 record
    pub scope: String,
    /// 单位、科室或人员的编号；一条记录时为空
    pub id: Option<String>,
    /// 单位、科室或人员的名称；一条记录时为空
    pub name: Option<String>,
    /// 一条记录时，它所属的科室（领导班子为 leadership）
    pub section: Option<String>,
    /// 期间：2026、2026-H1 或 2026-H2
    pub period: String,
    /// met、pending 或 violated
    pub status: Status,
    /// 已做到
    pub found: u32,
    /// 应做到
    pub needed: u32,
    /// 期限
    pub due: Option<NaiveDate>,
}

/// One row of the 统计表.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatisticsRow {
    /// 领导班子、科室名称（汇总时为单位简称）或 合计
    pub name: String,
    /// 专题会议（次）
    pub special_meetings: u32,
    /// 民主生活会（次）
    pub life_meetings: u32,
    /// 廉政教育（次）
    pub educations: u32,
    /// 教育人次
    pub educated: u32,
    /// 谈话诫勉（人次）
    pub talks: u32,
    /// 发现问题（个）
    pub found: u32,
    /// 已整改（个）
    pub rectified: u32,
    /// 按期整改（个）
    pub on_time: u32,
    /// 已销号（个）
    pub verified: u32,
    /// 受理信访（件）
    pub petitions: u32,
    /// 已办结（件）
    pub closed: u32,
    /// 按期办结（件）
    pub closed_in_time: u32,
    /// 责任追究（起）
    pub cases: u32,
    /// 考核等次（考核组评定的，否则为计算的）；尚不能确定时为 待定，没有考核时为空
    pub grade: Option<String>,
}

impl StatisticsRow {
    /// The figures in the order of the 统计表's columns.
    pub fn figures(&self) -> [u32; 13] {
        [
            self.special_meetings,
            self.life_meetings,
            self.educations,
            self.educated,
            self.talks,
            self.found,
            self.rectified,
            self.on_time,
            self.verified,
            self.petitions,
            self.closed,
            self.closed_in_time,
            self.cases,
        ]
    }

    /// A row with `f`, the figures in the 统计表's column order.
    pub fn with(name: String, f: [u32; 13], grade: Option<String>) -> StatisticsRow {
        StatisticsRow {
            name,
            special_meetings: f[0],
            life_meetings: f[1],
            educations: f[2],
            educated: f[3],
            talks: f[4],
            found: f[5],
            rectified: f[6],
            on_time: f[7],
            verified: f[8],
            petitions: f[9],
            closed: f[10],
            closed_in_time: f[11],
            cases: f[12],
            grade,
        }
    }

    /// The row as the 统计表 has it (with its 整改率).
    pub fn cells(&self) -> Vec<Cell> {
        let mut row = export::statistics_row(&self.name, self.figures());
        row.push(self.grade.clone().map_or(Cell::Empty, Cell::Text));
        row
    }

    /// The sum of `rows`, named 合计.
    pub fn total<'a>(rows: impl IntoIterator<Item = &'a StatisticsRow>) -> StatisticsRow {
        let mut sum = [0u32; 13];
        for row in rows {
            for (s, n) in sum.iter_mut().zip(row.figures()) {
                *s = s.saturating_add(n);
            }
        }
        StatisticsRow::with("合计".into(), sum, None)
    }
}

/// What a bundle adds up to: the figures the roll-up compares units by.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Totals {
    /// 规则实例：符合
    pub met: u32,
    /// 规则实例：待办
    pub pending: u32,
    /// 必须规则：违反
    pub violated: u32,
    /// 倡导性规则：未落实
    pub not_carried_out: u32,
    /// 发现问题（个）
    pub found: u32,
    /// 已整改（个）
    pub rectified: u32,
    /// 已销号（个）
    pub verified: u32,
    /// 逾期未整改（个）
    pub overdue: u32,
}

impl Totals {
    /// The sum of `all`.
    pub fn sum<'a>(all: impl IntoIterator<Item = &'a Totals>) -> Totals {
        all.into_iter().fold(Totals::default(), |a, t| Totals {
            met: a.met.saturating_add(t.met),
            pending: a.pending.saturating_add(t.pending),
            violated: a.violated.saturating_add(t.violated),
            not_carried_out: a.not_carried_out.saturating_add(t.not_carried_out),
            found: a.found.saturating_add(t.found),
            rectified: a.rectified.saturating_add(t.rectified),
            verified: a.verified.saturating_add(t.verified),
            overdue: a.overdue.saturating_add(t.overdue),
        })
    }

    /// 整改率 (已销号 of 发现问题), as the 统计表 writes it.
    pub fn rate(&self) -> String {
        export::percent(i64::from(self.verified), i64::from(self.found))
    }
}

/// One finding as of the day.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FindingEntry {
    /// 所属科室的名称（或 领导班子）
    pub section: String,
    /// 问题（限制级记录不写）
    pub title: Option<String>,
    /// 问题来源：考核、巡察、检查、民主生活会 或 其他
    pub source: String,
    /// 状态：整改中、部分整改、已整改待销号 或 已销号
    pub stage: String,
    /// 发现日期
    pub found_on: NaiveDate,
    /// 整改期限（延期后的）
    pub deadline: NaiveDate,
    /// 整改完成日期
    pub rectified_on: Option<NaiveDate>,
    /// 销号日期
    pub verified_on: Option<NaiveDate>,
    /// 逾期天数（逾期时）
    pub days_late: Option<i64>,
}

/// How the year's special report to the discipline body stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reporting {
    /// 规则 report.unit-annual 的结果
    pub status: Status,
    /// 报送期限
    pub due: Option<NaiveDate>,
    /// 报送日期（专题报告记录的 submitted_on，未写时为记录日期）
    pub submitted_on: Option<NaiveDate>,
}

impl Reporting {
    /// Submitted by the due day.
    pub fn on_time(&self) -> bool {
        match (self.submitted_on, self.due) {
            (Some(on), Some(due)) => on <= due,
            (Some(_), None) => true,
            _ => false,
        }
    }
}

/// The 考核 scores.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoresEntry {
    /// 单位（办公室）
    pub unit: ScoreEntry,
    /// 各科室，按名次
    pub sections: Vec<ScoreEntry>,
    /// 各领导干部（公开版不含）
    #[serde(default)]
    pub leaders: Vec<ScoreEntry>,
}

/// One score.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoreEntry {
    /// unit、科室编号或人员编号
    pub id: String,
    /// 名称
    pub name: String,
    /// 得分
    pub total: f64,
    /// 尚待考核的分数
    pub pending: f64,
    /// 满分
    pub max: f64,
    /// 等次（考核组评定的，否则为计算的）；待定时为空
    pub grade: Option<String>,
    /// 名次
    pub rank: Option<u32>,
    /// 考核组评分
    pub recorded_score: Option<f64>,
    /// 被一票否决
    pub vetoed: bool,
}

/// The report's text.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportText {
    /// 标题
    pub title: String,
    /// 主送机关
    pub to: String,
    /// 开头的段落
    pub opening: Vec<String>,
    /// 各部分
    pub parts: Vec<ReportPart>,
    /// 结束语
    pub closing: String,
    /// 署名
    pub signature: String,
    /// 成文日期，如 2026年12月31日
    pub date: String,
}

/// A part of a report under its heading.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportPart {
    /// 标题，含序号，如 一、主要工作
    pub heading: String,
    /// 段落
    pub paras: Vec<String>,
    /// 下一级的部分
    #[serde(default)]
    pub parts: Vec<ReportPart>,
}

/// A unit rolled up in a roll-up's bundle, as the roll-up compared it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// 单位
    pub unit: Identity,
    /// unit 或 rollup
    pub kind: BundleKind,
    /// 合计
    pub totals: Totals,
    /// 单位得分
    pub score: Option<f64>,
    /// 考核等次
    pub grade: Option<String>,
    /// 专题报告的报送情况
    pub reporting: Option<Reporting>,
    /// 导出时记录没有未提交的修改
    pub clean: Option<bool>,
}

/// The first 16 hex digits of the SHA-256 of `text`.
fn short_hash(text: &str) -> String {
    sha256(text.as_bytes())[..16].to_string()
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The SHA-256 of `bytes`, lowercase hex.
pub fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

impl Content {
    /// The bundle of `year` of a judged unit: what its own outputs show,
    /// without the text of any restricted record or any petitioner's name.
    pub fn of_unit(judged: &Judged<'_>, year: i32) -> Content {
        let data = &judged.records;
        let rules = judged.rules();
        let outcomes = judged.outcomes(year);
        let mut content = Content {
            kind: BundleKind::Unit,
            unit: Identity::of(&data.org.unit),
            year,
            as_of: judged.as_of.date(),
            public: judged.audience.is_public(),
            tool: Tool::this(),
            versions: Versions {
                records: RECORDS_FORMAT,
                builtin_rules: short_hash(crate::rules::BUILTIN),
                unit_rules: judged.rules_text().map(short_hash),
            },
            source: Source {
                commit: judged.history.head.as_ref().map(|c| c.id.clone()),
                clean: judged.history.head.as_ref().map(|_| !judged.dirty),
            },
            rules: rules
                .rules
                .iter()
                .map(|r| RuleTally {
                    rule: r.id.clone(),
                    title: r.title.clone(),
                    article: r.article.clone(),
                    level: r.level,
                    met: 0,
                    pending: 0,
                    violated: 0,
                })
                .collect(),
            outcomes: outcomes
                .iter()
                .map(|o| {
                    let (scope, id, name, section) = match &o.scope {
                        Scope::Record(_) => ("record", None, None, judged.section_of(o).map(str::to_string)),
                        Scope::Unit => ("unit", Some("unit".to_string()), Some(o.scope.name(data)), None),
                        Scope::Section(id) => ("section", Some(id.clone()), Some(o.scope.name(data)), None),
                        Scope::Person(id) => ("person", Some(id.clone()), Some(o.scope.name(data)), None),
                    };
                    OutcomeEntry {
                        rule: o.rule.clone(),
                        scope: scope.into(),
                        id,
                        name,
                        section,
                        period: o.period.to_string(),
                        status: o.status,
                        found: o.found,
                        needed: o.needed,
                        due: o.due,
                    }
                })
                .collect(),
            statistics: export::statistics_rows(judged, year),
            totals: Totals::default(),
            findings: findings(judged, year),
            reporting: reporting(judged, year),
            scores: judged.scores(year).map(|s| scores(judged, s)),
            report: Some(report_text(judged, year)),
            members: Vec::new(),
        };
        content.recount();
        content
    }

    /// The rule tallies and the totals as the details add up: the
    /// outcomes by rule, the 统计表's 合计, the overdue findings.
    fn counted(&self) -> (Vec<RuleTally>, Totals) {
        let index: std::collections::HashMap<&str, usize> = self
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.rule.as_str(), i))
            .collect();
        let mut rules: Vec<RuleTally> = self
            .rules
            .iter()
            .map(|r| RuleTally {
                met: 0,
                pending: 0,
                violated: 0,
                ..r.clone()
            })
            .collect();
        let total = self.statistics.last().cloned().unwrap_or_default();
        let mut totals = Totals {
            found: total.found,
            rectified: total.rectified,
            verified: total.verified,
            overdue: self.findings.iter().filter(|f| f.days_late.is_some()).count() as u32,
            ..Totals::default()
        };
        for o in &self.outcomes {
            let Some(r) = index.get(o.rule.as_str()).map(|&i| &mut rules[i]) else {
                continue;
            };
            let (mine, all) = match (o.status, r.level) {
                (Status::Met, _) => (&mut r.met, &mut totals.met),
                (Status::Pending, _) => (&mut r.pending, &mut totals.pending),
                (Status::Violated, Level::Required) => (&mut r.violated, &mut totals.violated),
                (Status::Violated, Level::Advisory) => (&mut r.violated, &mut totals.not_carried_out),
            };
            *mine = mine.saturating_add(1);
            *all = all.saturating_add(1);
        }
        (rules, totals)
    }

    /// Puts in the rule tallies and the totals the details add up to.
    pub fn recount(&mut self) {
        (self.rules, self.totals) = self.counted();
    }

    /// Whether a unit's tallies and totals are what its details add up
    /// to, and every outcome is of a rule it lists: a bundle edited by
    /// hand and sealed again is not.
    pub fn adds_up(&self) -> bool {
        if self.kind == BundleKind::Rollup {
            return true;
        }
        let known: std::collections::HashSet<&str> = self.rules.iter().map(|r| r.rule.as_str()).collect();
        let (rules, totals) = self.counted();
        let tallies = |r: &RuleTally| (r.rule.clone(), r.met, r.pending, r.violated);
        totals == self.totals
            && rules.iter().map(tallies).eq(self.rules.iter().map(tallies))
            && self.outcomes.iter().all(|o| known.contains(o.rule.as_str()))
            && self.statistics.last().is_some_and(|last| {
                *last == StatisticsRow::total(&self.statistics[..self.statistics.len() - 1])
                    || self.statistics.len() == 1
            })
    }
}

impl Tool {
    /// This build of zerenzhi.
    pub fn this() -> Tool {
        Tool {
            name: "zerenzhi".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        }
    }
}

/// The findings of the year as the rectification ledger has them; a
/// restricted finding without its title.
fn findings(judged: &Judged<'_>, year: i32) -> Vec<FindingEntry> {
    let data = &judged.records;
    data.of_year(year)
        .filter(|r| judged.as_of.counts(r))
        .filter_map(|r| {
            let state = judged.as_of.finding(r)?;
            Some(FindingEntry {
                section: data.org.scope_name(&r.scope).to_string(),
                title: (!r.is_restricted()).then(|| r.title.clone()),
                source: export::source_of(data, r).into(),
                stage: state.stage().zh().into(),
                found_on: r.date,
                deadline: state.deadline,
                rectified_on: state.rectified,
                verified_on: state.verified,
                days_late: state.overdue.then_some(state.days_late),
            })
        })
        .collect()
}

/// The year's special report to the discipline body: the rule's result and
/// the day it went.
fn reporting(judged: &Judged<'_>, year: i32) -> Option<Reporting> {
    let outcome = judged
        .outcomes(year)
        .iter()
        .find(|o| o.rule == "report.unit-annual" && o.scope == Scope::Unit)?;
    let submitted_on = outcome
        .records
        .iter()
        .filter_map(|id| judged.records.record(id))
        .filter_map(|r| match &r.details {
            Details::SpecialReport { submitted_on, .. } if r.kind == Kind::SpecialReport => {
                Some(submitted_on.unwrap_or(r.date))
            }
            _ => None,
        })
        .min();
    Some(Reporting {
        status: outcome.status,
        due: outcome.due,
        submitted_on,
    })
}

fn scores(judged: &Judged<'_>, scores: &crate::score::Scores) -> ScoresEntry {
    let entry = |s: &crate::score::Score| ScoreEntry {
        id: s.scope.id().to_string(),
        name: s.scope.name(&judged.records),
        total: s.total,
        pending: s.pending,
        max: s.max,
        grade: s.final_grade().map(str::to_string),
        rank: s.rank,
        recorded_score: s.recorded.as_ref().and_then(|r| r.score),
        vetoed: !s.veto.is_empty(),
    };
    ScoresEntry {
        unit: entry(&scores.unit),
        sections: scores.ranked().into_iter().map(entry).collect(),
        leaders: if judged.audience.is_public() {
            Vec::new()
        } else {
            scores.leaders.iter().map(entry).collect()
        },
    }
}

/// The unit's special report as text, drafted as the public site drafts
/// it: from the records without the restricted ones, so that no sentence
/// about one (its summary, an accountability case's particulars) leaves.
/// The staff's own parts are as they wrote them.
fn report_text(judged: &Judged<'_>, year: i32) -> ReportText {
    let public;
    let judged = if judged.audience.is_public() {
        judged
    } else {
        public = judged.for_audience(crate::judge::Audience::Public);
        &public
    };
    let report = crate::render::unit_report(judged, year);
    crate::render::report::text_of(&report, &|l| l.text.clone())
}

/// A bundle file of `content`: its checksum over the content's bytes as
/// written. Deterministic: the same content gives the same bytes.
pub fn encode(content: &Content) -> Result<Vec<u8>, crate::Error> {
    let text = serde_json::to_string_pretty(content).map_err(|e| crate::Error::Io(std::io::Error::other(e)))?;
    // indented under its key; JSON strings hold no raw line break
    let text = text.replace('\n', "\n  ");
    let mut out = format!(
        "{{\n  \"format\": \"{FORMAT}\",\n  \"version\": {VERSION},\n  \"sha256\": \"{}\",\n  \"content\": ",
        sha256(text.as_bytes())
    );
    out.push_str(&text);
    out.push_str("\n}\n");
    Ok(out.into_bytes())
}

/// The JSON Schema of a bundle file, generated from [`File`].
pub fn schema() -> serde_json::Value {
    crate::schemas::generate_json::<File>()
}
