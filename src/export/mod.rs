//! The ledgers (台账) offices keep in spreadsheets, and a calendar of what
//! falls due: renderers over a judged year like the site. [`tables`] says
//! what is in them, once; [`xlsx`], [`csv`] and [`ics`] only write it.

mod ics;
mod xlsx;

use chrono::NaiveDate;

pub use ics::ics;
pub use xlsx::xlsx;

use crate::error::Error;
use crate::judge::Judged;
use crate::model::{Details, Kind, PetitionStatus, date_zh};
use crate::rules::{Level, Status};

/// One cell of a ledger.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A whole number.
    Number(i64),
    /// A date (a spreadsheet date, `2026-06-18` in CSV).
    Date(NaiveDate),
    /// Nothing.
    Empty,
}

impl Cell {
    fn text(text: impl Into<String>) -> Cell {
        Cell::Text(text.into())
    }

    fn date(date: Option<NaiveDate>) -> Cell {
        date.map_or(Cell::Empty, Cell::Date)
    }
}

/// One ledger: a sheet of the workbook, a CSV file.
#[derive(Debug, Clone)]
pub struct Table {
    /// Its name: the sheet's and the file's.
    pub name: &'static str,
    /// The column headings.
    pub header: Vec<&'static str>,
    /// The rows, each as long as the header.
    pub rows: Vec<Vec<Cell>>,
}

/// The ledgers of `year`: the rule results, the rectification ledger, the
/// petitions, the records, and the sections' figures.
pub fn tables(judged: &Judged<'_>, year: i32) -> Vec<Table> {
    vec![
        outcomes(judged, year),
        findings(judged, year),
        petitions(judged, year),
        accountability(judged, year),
        records(judged, year),
        sections(judged, year),
        statistics(judged, year),
        rectification_by_source(judged, year),
        scores(judged, year),
    ]
}

/// The 考核 results: the unit, each section and each leader, with the
/// computed points, those pending, the 考核组's marks and the grade.
fn scores(judged: &Judged<'_>, year: i32) -> Table {
    let p = crate::score::points;
    let mut rows = Vec::new();
    if let Some(scores) = judged.scores(year) {
        let sections = scores.ranked();
        let all = std::iter::once(("办公室", &scores.unit))
            .chain(sections.into_iter().map(|s| ("科室", s)))
            .chain(scores.leaders.iter().map(|s| ("领导干部", s)));
        for (what, s) in all {
            let recorded = s.recorded.as_ref();
            let lost: Vec<String> = s
                .items
                .iter()
                .flat_map(|i| &i.reasons)
                .filter(|r| r.status == Status::Violated)
                .map(|r| format!("扣{}分：{}", p(r.points), r.text))
                .collect();
            rows.push(vec![
                Cell::text(what),
                Cell::text(s.scope.name(&judged.records)),
                s.rank.map_or(Cell::Empty, |r| Cell::Number(i64::from(r))),
                Cell::text(p(s.total)),
                Cell::text(p(s.pending)),
                Cell::text(recorded.and_then(|r| r.self_score).map(p).unwrap_or_default()),
                Cell::text(recorded.and_then(|r| r.score).map(p).unwrap_or_default()),
                Cell::text(s.final_grade().unwrap_or("待定")),
                Cell::text(lost.join("；")),
            ]);
        }
    }
    Table {
        name: "考核结果",
        header: vec![
            "对象",
            "名称",
            "名次",
            "计算得分",
            "待考核分",
            "自评分",
            "考核组评分",
            "等次",
            "扣分原因",
        ],
        rows,
    }
}

/// The year-end 统计表 (附件1 of the special report): for the leadership
/// and each section, then in total, what was held, found, rectified and
/// handled, as of the day. Records not yet happened and drafts do not
/// count; "on time" is what the deadline rules judged.
pub fn statistics(judged: &Judged<'_>, year: i32) -> Table {
    statistics_table("统计表", "单位", &statistics_rows(judged, year))
}

/// `rows` as a 统计表 named `name`, its first column headed `first`
/// (单位, or 科室 where the rows are sections).
pub fn statistics_table(name: &'static str, first: &'static str, rows: &[crate::bundle::StatisticsRow]) -> Table {
    let mut header = STATISTICS_HEADER.to_vec();
    header[0] = first;
    Table {
        name,
        header,
        rows: rows.iter().map(crate::bundle::StatisticsRow::cells).collect(),
    }
}

/// The rows of [`statistics`]: the leadership, each section, then 合计.
pub fn statistics_rows(judged: &Judged<'_>, year: i32) -> Vec<crate::bundle::StatisticsRow> {
    let data = &judged.records;
    let outcomes = judged.outcomes(year);
    let scores = judged.scores(year);
    let closed_in_time: std::collections::HashSet<&str> = outcomes
        .iter()
        .filter(|o| o.rule == "petition.handled" && o.status == Status::Met)
        .map(|o| o.scope.id())
        .collect();
    let mut by_scope: std::collections::HashMap<&str, Vec<&crate::model::Record>> = std::collections::HashMap::new();
    for r in data.of_year(year).filter(|r| judged.as_of.counts(r)) {
        by_scope.entry(r.scope.as_str()).or_default().push(r);
    }
    let mut scopes: Vec<(&str, &str)> = vec![(crate::model::LEADERSHIP, "领导班子")];
    scopes.extend(data.org.sections.iter().map(|s| (s.id.as_str(), s.name.as_str())));
    let mut rows = Vec::new();
    for (scope, name) in scopes {
        let mine: &[&crate::model::Record] = by_scope.get(scope).map_or(&[], Vec::as_slice);
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let kind = |kind: Kind| count(mine.iter().filter(|r| r.kind == kind).count());
        let people: u32 = mine
            .iter()
            .filter_map(|r| match r.details {
                Details::Education { participants_count } => participants_count,
                _ => None,
            })
            .fold(0, u32::saturating_add);
        let findings: Vec<crate::model::FindingState> = mine.iter().filter_map(|r| judged.as_of.finding(r)).collect();
        let rectified = count(findings.iter().filter(|f| !f.is_open()).count());
        let on_time = count(findings.iter().filter(|f| !f.is_open() && !f.overdue).count());
        let closed_findings = count(findings.iter().filter(|f| f.is_closed()).count());
        let petitions: Vec<&&crate::model::Record> = mine.iter().filter(|r| r.kind == Kind::Petition).collect();
        let closed = count(
            petitions
                .iter()
                .filter(|r| judged.as_of.petition_closed(r).is_some())
                .count(),
        );
        let in_time = count(
            petitions
                .iter()
                .filter(|r| closed_in_time.contains(r.id.as_str()))
                .count(),
        );
        let figures = [
            kind(Kind::SpecialMeeting),
            kind(Kind::LifeMeeting),
            kind(Kind::Education),
            people,
            kind(Kind::Talk),
            count(findings.len()),
            rectified,
            on_time,
            closed_findings,
            count(petitions.len()),
            closed,
            in_time,
            kind(Kind::Accountability),
        ];
        let score = scores.and_then(|s| {
            if scope == crate::model::LEADERSHIP {
                Some(&s.unit)
            } else {
                s.sections.iter().find(|x| x.scope == scope)
            }
        });
        let grade = score.map(|s| s.final_grade().unwrap_or("待定").to_string());
        rows.push(crate::bundle::StatisticsRow::with(name.to_string(), figures, grade));
    }
    rows.push(crate::bundle::StatisticsRow::total(&rows));
    rows
}

/// The columns of [`statistics`].
pub const STATISTICS_HEADER: [&str; 16] = [
    "单位",
    "专题会议（次）",
    "民主生活会（次）",
    "廉政教育（次）",
    "教育人次",
    "谈话诫勉（人次）",
    "发现问题（个）",
    "已整改（个）",
    "按期整改（个）",
    "已销号（个）",
    "整改率",
    "受理信访（件）",
    "已办结（件）",
    "按期办结（件）",
    "责任追究（起）",
    "考核等次",
];

/// Where in a [`statistics`] row each figure is.
pub mod column {
    /// 专题会议
    pub const SPECIAL_MEETINGS: usize = 1;
    /// 民主生活会
    pub const LIFE_MEETINGS: usize = 2;
    /// 廉政教育
    pub const EDUCATIONS: usize = 3;
    /// 教育人次
    pub const EDUCATED: usize = 4;
    /// 谈话诫勉
    pub const TALKS: usize = 5;
    /// 发现问题
    pub const FOUND: usize = 6;
    /// 已整改
    pub const RECTIFIED: usize = 7;
    /// 按期整改
    pub const ON_TIME: usize = 8;
    /// 已销号: rectified and checked
    pub const VERIFIED: usize = 9;
    /// 整改率: 已销号 of 发现问题
    pub const RATE: usize = 10;
    /// 受理信访
    pub const PETITIONS: usize = 11;
    /// 已办结
    pub const CLOSED: usize = 12;
    /// 按期办结
    pub const CLOSED_IN_TIME: usize = 13;
    /// 责任追究
    pub const CASES: usize = 14;
    /// 考核等次: the 考核组's grade where recorded, else the computed one
    pub const GRADE: usize = 15;
}

/// One row of [`statistics`]: the name, the figures, and the 整改率
/// after the findings (— where nothing was found).
pub fn statistics_row(name: &str, f: [u32; 13]) -> Vec<Cell> {
    let mut row = vec![Cell::text(name)];
    row.extend(f[..9].iter().map(|n| Cell::Number(i64::from(*n))));
    row.push(Cell::text(percent(i64::from(f[8]), i64::from(f[5]))));
    row.extend(f[9..].iter().map(|n| Cell::Number(i64::from(*n))));
    row
}

/// Where a finding was found, as the 整改率 by source counts it: in a
/// 考核, a section's own 检查, the office's 巡察 of the sections, a
/// 民主生活会, or elsewhere.
pub fn source_of(data: &crate::model::Records, finding: &crate::model::Record) -> &'static str {
    let Details::Finding { source, .. } = &finding.details else {
        return "其他";
    };
    match source.as_deref().and_then(|s| data.record(s)) {
        Some(r) if r.kind == Kind::Assessment => "考核",
        Some(r) if r.kind == Kind::Inspection && r.in_leadership() => "巡察",
        Some(r) if r.kind == Kind::Inspection => "检查",
        Some(r) if r.kind == Kind::LifeMeeting => "民主生活会",
        _ => "其他",
    }
}

/// The 整改率 by where the findings were found: found, rectified, closed
/// (销号), and the rate (closed of found), with a total.
pub fn rectification_by_source(judged: &Judged<'_>, year: i32) -> Table {
    let data = &judged.records;
    let order = ["考核", "巡察", "检查", "民主生活会", "其他"];
    let mut counts = [[0i64; 3]; 5];
    for r in data.of_year(year).filter(|r| judged.as_of.counts(r)) {
        let Some(state) = judged.as_of.finding(r) else {
            continue;
        };
        let i = order.iter().position(|s| *s == source_of(data, r)).unwrap_or(4);
        counts[i][0] += 1;
        counts[i][1] += i64::from(!state.is_open());
        counts[i][2] += i64::from(state.is_closed());
    }
    let total = counts
        .iter()
        .fold([0i64; 3], |a, c| [a[0] + c[0], a[1] + c[1], a[2] + c[2]]);
    let row = |name: &str, c: [i64; 3]| {
        vec![
            Cell::text(name),
            Cell::Number(c[0]),
            Cell::Number(c[1]),
            Cell::Number(c[2]),
            Cell::text(percent(c[2], c[0])),
        ]
    };
    let mut rows: Vec<Vec<Cell>> = order
        .iter()
        .zip(counts)
        .filter(|(_, c)| c[0] > 0)
        .map(|(name, c)| row(name, c))
        .collect();
    rows.push(row("合计", total));
    Table {
        name: "整改率分来源",
        header: vec!["问题来源", "发现问题（个）", "已整改（个）", "已销号（个）", "整改率"],
        rows,
    }
}

/// `part` of `whole` as a percentage the way reports write it (75%,
/// 66.7%), or — of nothing.
pub fn percent(part: i64, whole: i64) -> String {
    if whole == 0 {
        return "—".into();
    }
    let tenths = (part * 1000 + whole / 2) / whole;
    if tenths % 10 == 0 {
        format!("{}%", tenths / 10)
    } else {
        format!("{}.{}%", tenths / 10, tenths % 10)
    }
}

/// Every rule instance of the year as judged.
fn outcomes(judged: &Judged<'_>, year: i32) -> Table {
    let rules = &judged.rules().rules;
    let rows = judged
        .outcomes(year)
        .iter()
        .map(|o| {
            let title = rules.iter().find(|r| r.id == o.rule).map_or("", |r| r.title.as_str());
            vec![
                Cell::text(&o.article),
                Cell::text(title),
                Cell::text(o.scope.name(&judged.records)),
                Cell::text(o.period.zh()),
                Cell::text(o.level.zh()),
                Cell::text(o.status.zh_at(o.level)),
                Cell::Number(i64::from(o.found)),
                Cell::Number(i64::from(o.needed)),
                Cell::date(o.due),
                Cell::text(&o.message),
            ]
        })
        .collect();
    Table {
        name: "规则落实情况",
        header: vec![
            "条文",
            "规则",
            "对象",
            "期间",
            "要求",
            "结果",
            "已做到",
            "应做到",
            "期限",
            "说明",
        ],
        rows,
    }
}

/// The rectification ledger: every finding of the year as of the day.
pub fn findings(judged: &Judged<'_>, year: i32) -> Table {
    let data = &judged.records;
    let org = &data.org;
    let rows = data
        .of_year(year)
        .filter(|r| judged.as_of.counts(r))
        .filter_map(|r| Some((r, judged.as_of.finding(r)?)))
        .enumerate()
        .filter_map(|(i, (r, state))| {
            let Details::Finding {
                owner,
                source,
                measures,
                leader,
                verified_by,
                ..
            } = &r.details
            else {
                return None;
            };
            let leaders: Vec<&str> = match leader {
                Some(l) => vec![org.person_name(l)],
                None => org
                    .overseers_on(&r.scope, judged.as_of.within(crate::model::Period::year(year)))
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect(),
            };
            let verifier = verified_by.as_deref().filter(|_| state.verified.is_some());
            Some(vec![
                Cell::Number(i as i64 + 1),
                Cell::text(&r.title),
                Cell::text(org.scope_name(&r.scope)),
                Cell::text(
                    source
                        .as_deref()
                        .and_then(|s| data.record(s))
                        .map_or("", |s| s.title.as_str()),
                ),
                Cell::text(measures.as_deref().unwrap_or_default()),
                Cell::text(leaders.join("、")),
                Cell::text(owner.as_deref().map_or("", |o| org.person_name(o))),
                Cell::Date(r.date),
                Cell::Date(state.deadline),
                Cell::text(state.stage().zh()),
                Cell::date(state.rectified),
                Cell::date(state.reported),
                Cell::date(state.verified),
                Cell::text(verifier.map_or("", |v| org.person_name(v))),
                if state.overdue {
                    Cell::Number(state.days_late)
                } else {
                    Cell::Empty
                },
            ])
        })
        .collect();
    Table {
        name: "问题整改台账",
        header: vec![
            "序号",
            "问题",
            "科室",
            "问题来源",
            "整改措施",
            "责任领导",
            "责任人",
            "发现日期",
            "整改期限",
            "状态",
            "整改完成日期",
            "结果上报日期",
            "销号日期",
            "销号人",
            "逾期天数",
        ],
        rows,
    }
}

/// The petitions of the year: received, closed (within 60 days?), by whom.
fn petitions(judged: &Judged<'_>, year: i32) -> Table {
    let data = &judged.records;
    let org = &data.org;
    let rows = data
        .of_year(year)
        .filter_map(|r| {
            let Details::Petition {
                handler, petitioner, ..
            } = &r.details
            else {
                return None;
            };
            let closed = judged.as_of.petition_closed(r);
            let days = closed.map(|c| (c - r.date).num_days());
            let who = judged.audience.petitioner(petitioner.as_deref()).unwrap_or_default();
            Some(vec![
                Cell::Date(r.date),
                Cell::text(&r.title),
                Cell::text(org.scope_name(&r.scope)),
                Cell::text(who),
                Cell::text(if closed.is_some() {
                    PetitionStatus::Closed.zh()
                } else {
                    PetitionStatus::Open.zh()
                }),
                Cell::date(closed),
                Cell::text(handler.as_deref().map_or("", |h| org.person_name(h))),
                days.map_or(Cell::Empty, Cell::Number),
                Cell::text(match days {
                    Some(d) if d <= 60 => "是",
                    Some(_) => "否",
                    None => "",
                }),
            ])
        })
        .collect();
    Table {
        name: "来信来访台账",
        header: vec![
            "受理日期",
            "反映问题",
            "承办科室",
            "来信来访人",
            "状态",
            "办结日期",
            "承办人",
            "办理天数",
            "60日内办结",
        ],
        rows,
    }
}

/// The accountability cases of the year (第十五条): who by post, the
/// clause, how grave, the sanctions.
fn accountability(judged: &Judged<'_>, year: i32) -> Table {
    let data = &judged.records;
    let org = &data.org;
    let rows = data
        .of_year(year)
        .filter(|r| judged.as_of.counts(r))
        .filter_map(|r| match &r.details {
            Details::Accountability {
                person,
                clause,
                severity,
                responsibility,
                sanctions,
                ..
            } => Some((r, person, clause, severity, responsibility, sanctions)),
            _ => None,
        })
        .enumerate()
        .map(|(i, (r, person, clause, severity, responsibility, sanctions))| {
            let post = org.person(person).map_or(String::new(), |p| {
                let section = p.section.as_deref().map_or("", |s| org.scope_name(s));
                format!("{section}{}", p.roles.first().map_or("", |role| role.zh()))
            });
            let sanctions: Vec<&str> = sanctions.iter().map(|s| s.zh()).collect();
            vec![
                Cell::Number(i as i64 + 1),
                Cell::Date(r.date),
                Cell::text(&r.title),
                Cell::text(post),
                Cell::text(clause.zh()),
                Cell::text(severity.zh()),
                Cell::text(responsibility.zh()),
                Cell::text(sanctions.join("、")),
            ]
        })
        .collect();
    Table {
        name: "责任追究",
        header: vec![
            "序号",
            "日期",
            "事项",
            "被追究人职务",
            "适用条款",
            "情节",
            "责任类型",
            "处理",
        ],
        rows,
    }
}

/// Every record of the year, in date order.
fn records(judged: &Judged<'_>, year: i32) -> Table {
    let data = &judged.records;
    let org = &data.org;
    let rows = data
        .of_year(year)
        .map(|r| {
            let names: Vec<&str> = r.attendees.iter().map(|a| org.person_name(a)).collect();
            vec![
                Cell::Date(r.date),
                Cell::text(r.kind.zh()),
                Cell::text(&r.title),
                Cell::text(org.scope_name(&r.scope)),
                Cell::text(r.chair.as_deref().map_or("", |c| org.person_name(c))),
                Cell::text(names.join("、")),
                Cell::text(if r.is_restricted() { "限制级" } else { "" }),
                Cell::text(if r.draft { "草稿" } else { "" }),
            ]
        })
        .collect();
    Table {
        name: "工作记录",
        header: vec!["日期", "类型", "标题", "所属", "主持人", "参加人员", "密级", "备注"],
        rows,
    }
}

/// Each section's records and rule results.
fn sections(judged: &Judged<'_>, year: i32) -> Table {
    let data = &judged.records;
    let outcomes = judged.outcomes(year);
    let rows = data
        .org
        .sections
        .iter()
        .map(|s| {
            let mine: Vec<_> = outcomes
                .iter()
                .filter(|o| judged.section_of(o) == Some(s.id.as_str()))
                .collect();
            let count = |status: Status, level: Option<Level>| {
                mine.iter()
                    .filter(|o| o.status == status && level.is_none_or(|l| o.level == l))
                    .count() as i64
            };
            let kinds = |kind: Kind| data.of_year(year).filter(|r| r.scope == s.id && r.kind == kind).count() as i64;
            vec![
                Cell::text(&s.name),
                Cell::Number(data.of_year(year).filter(|r| r.scope == s.id).count() as i64),
                Cell::Number(kinds(Kind::LifeMeeting)),
                Cell::Number(kinds(Kind::Inspection)),
                Cell::Number(count(Status::Met, None)),
                Cell::Number(count(Status::Pending, None)),
                Cell::Number(count(Status::Violated, Some(Level::Required))),
                Cell::Number(count(Status::Violated, Some(Level::Advisory))),
            ]
        })
        .collect();
    Table {
        name: "科室统计",
        header: vec!["科室", "记录数", "民主生活会", "自查", "符合", "待办", "违反", "未落实"],
        rows,
    }
}

/// A table as CSV, UTF-8 with a byte-order mark (so that Excel and WPS
/// open it as UTF-8), dates as `2026-06-18`.
pub fn csv(table: &Table) -> Result<Vec<u8>, Error> {
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let io = |e: csv::Error| Error::Io(std::io::Error::other(e.to_string()));
    out.write_record(&table.header).map_err(io)?;
    for row in &table.rows {
        let fields: Vec<String> = row
            .iter()
            .map(|cell| match cell {
                Cell::Text(t) => t.clone(),
                Cell::Number(n) => n.to_string(),
                Cell::Date(d) => d.to_string(),
                Cell::Empty => String::new(),
            })
            .collect();
        out.write_record(&fields).map_err(io)?;
    }
    out.into_inner()
        .map_err(|e| Error::Io(std::io::Error::other(e.to_string())))
}

/// The heading of a ledger file: unit, year, as of, and whether it is for
/// the office (内部资料) or the public.
pub fn title(judged: &Judged<'_>, year: i32) -> String {
    let mark = if judged.audience.is_public() {
        "公开版"
    } else {
        "内部资料"
    };
    format!(
        "{}{year}年度党风廉政建设责任制台账（截至{}）· {mark}",
        judged.records.org.unit.short_name,
        date_zh(judged.as_of.date())
    )
}
