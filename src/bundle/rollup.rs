//! Many bundles compared (一级抓一级): for each year, the units ranked,
//! their rules side by side, and the change against the year before;
//! decided here once for the roll-up's site, its workbook, its 通报 and
//! the bundle it sends up.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::intake::{Members, Problem, Received, Severity};
use super::{
    BundleKind, Content, Identity, Member, RECORDS_FORMAT, ReportText, RuleTally, Source, StatisticsRow, Tool, Totals,
    Versions,
};
use crate::export::{Cell, Table};
use crate::rules::Level;

/// The bundles of every year, compared.
#[derive(Debug)]
pub struct Rollup {
    /// The unit rolling up, when it was named.
    pub unit: Option<Identity>,
    /// Each year, ascending.
    pub years: Vec<YearRollup>,
}

/// The bundles of one year, compared.
#[derive(Debug)]
pub struct YearRollup {
    /// The year.
    pub year: i32,
    /// The day the bundles were judged as of.
    pub as_of: NaiveDate,
    /// The units, best first: by score, then fewest violations, then name.
    pub units: Vec<UnitRow>,
    /// Every rule any unit was judged by, in the order first met.
    pub rules: Vec<RuleColumn>,
    /// The units of the members list that sent no bundle, as listed.
    pub absent: Vec<String>,
}

/// A rule as a column of the matrix.
#[derive(Debug, Clone)]
pub struct RuleColumn {
    /// Its id.
    pub rule: String,
    /// Its title.
    pub title: String,
    /// Its article.
    pub article: String,
    /// Required or advisory.
    pub level: Level,
}

/// One unit of a year.
#[derive(Debug)]
pub struct UnitRow {
    /// The bundle file it came from.
    pub file: String,
    /// The SHA-256 of that file's content.
    pub sha256: String,
    /// The name of its page.
    pub slug: String,
    /// The bundle.
    pub content: Content,
    /// What the comparison takes of it.
    pub member: Member,
    /// Its place by score (units with a score only); ties share it.
    pub rank: Option<u32>,
    /// What intake warned of it.
    pub warnings: Vec<String>,
    /// The same unit the year before, when its bundle is here.
    pub previous: Option<Previous>,
    /// Each rule's tally, by the rule's column.
    pub tallies: Vec<Option<RuleTally>>,
}

impl UnitRow {
    /// The unit's 考核 grade: 待定 while pending points could change it,
    /// none without a score (a roll-up).
    pub fn grade(&self) -> Option<&str> {
        match (&self.member.grade, self.member.score) {
            (Some(grade), _) => Some(grade),
            (None, Some(_)) => Some("待定"),
            (None, None) => None,
        }
    }

    /// Violations of required rules, then advisory misses: how units are
    /// ordered by what needs attention.
    pub fn violations(&self) -> (u32, u32) {
        (self.member.totals.violated, self.member.totals.not_carried_out)
    }
}

/// A unit's figures the year before.
#[derive(Debug, Clone)]
pub struct Previous {
    /// Violations of required rules.
    pub violated: u32,
    /// 整改率.
    pub rate: String,
    /// The score.
    pub score: Option<f64>,
}

impl Member {
    /// What a roll-up compares of a bundle.
    pub fn of(content: &Content) -> Member {
        let score = content.scores.as_ref();
        Member {
            unit: content.unit.clone(),
            kind: content.kind,
            totals: content.totals.clone(),
            score: score.map(|s| s.unit.total),
            grade: score.and_then(|s| s.unit.grade.clone()),
            reporting: content.reporting.clone(),
            clean: content.source.clean,
        }
    }
}

/// The name of a unit's page: the start of the SHA-256 of its key, the
/// same for the unit every year.
pub fn slug(unit: &Identity) -> String {
    super::sha256(unit.key().as_bytes())[..12].to_string()
}

impl Rollup {
    /// The comparison of `received`, with what intake warned of each file.
    pub fn new(
        unit: Option<Identity>,
        received: Vec<Received>,
        problems: &[Problem],
        members: Option<&Members>,
    ) -> Rollup {
        let mut warnings: HashMap<&str, Vec<String>> = HashMap::new();
        for p in problems.iter().filter(|p| p.severity == Severity::Warning) {
            warnings.entry(p.file.as_str()).or_default().push(p.message.clone());
        }
        let mut by_year: BTreeMap<i32, Vec<UnitRow>> = BTreeMap::new();
        for mut r in received {
            // checked at intake; the comparison takes the tallies, and 3 000
            // units' outcomes would be most of the memory
            r.content.outcomes = Vec::new();
            by_year.entry(r.content.year).or_default().push(UnitRow {
                warnings: warnings.get(r.file.as_str()).cloned().unwrap_or_default(),
                slug: slug(&r.content.unit),
                member: Member::of(&r.content),
                file: r.file,
                sha256: r.sha256,
                content: r.content,
                rank: None,
                previous: None,
                tallies: Vec::new(),
            });
        }
        let mut years: Vec<YearRollup> = Vec::new();
        for (year, mut units) in by_year {
            if let Some(before) = years.last().filter(|y| year.checked_sub(1) == Some(y.year)) {
                let prev: HashMap<&str, &UnitRow> = before.units.iter().map(|u| (u.content.unit.key(), u)).collect();
                for u in &mut units {
                    u.previous = prev.get(u.content.unit.key()).map(|p| Previous {
                        violated: p.member.totals.violated,
                        rate: p.member.totals.rate(),
                        score: p.member.score,
                    });
                }
            }
            let absent = members.map_or_else(Vec::new, |m| {
                m.absent(units.iter().map(|u| &u.content), year)
                    .into_iter()
                    .map(|(_, unit)| unit.to_string())
                    .collect()
            });
            years.push(YearRollup::new(year, units, absent));
        }
        Rollup { unit, years }
    }

    /// The year `year`, if any bundle is of it.
    pub fn year(&self, year: i32) -> Option<&YearRollup> {
        self.years.iter().find(|y| y.year == year)
    }
}

impl YearRollup {
    fn new(year: i32, mut units: Vec<UnitRow>, absent: Vec<String>) -> YearRollup {
        let mut rules: Vec<RuleColumn> = Vec::new();
        let mut column: HashMap<String, usize> = HashMap::new();
        for u in &units {
            for t in &u.content.rules {
                if !column.contains_key(&t.rule) {
                    column.insert(t.rule.clone(), rules.len());
                    rules.push(RuleColumn {
                        rule: t.rule.clone(),
                        title: t.title.clone(),
                        article: t.article.clone(),
                        level: t.level,
                    });
                }
            }
        }
        for u in &mut units {
            let mut tallies = vec![None; rules.len()];
            for t in &u.content.rules {
                if let Some(&i) = column.get(&t.rule) {
                    tallies[i] = Some(t.clone());
                }
            }
            u.tallies = tallies;
        }
        // by score (highest first; a unit without one after those with),
        // then by fewest violations, then by name
        units.sort_by(|a, b| {
            let score = |u: &UnitRow| u.member.score.map(|s| -crate::score::round(s));
            match (score(a), score(b)) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            }
            .then(a.violations().cmp(&b.violations()))
            .then_with(|| a.content.unit.name.cmp(&b.content.unit.name))
        });
        // ties by the points as pages print them (to hundredths)
        let mut last: Option<(f64, u32)> = None;
        for (i, u) in units.iter_mut().enumerate() {
            u.rank = u.member.score.map(crate::score::round).map(|s| match last {
                Some((prev, rank)) if prev == s => rank,
                _ => {
                    let rank = i as u32 + 1;
                    last = Some((s, rank));
                    rank
                }
            });
        }
        let as_of = units.first().map_or(NaiveDate::MIN, |u| u.content.as_of);
        YearRollup {
            year,
            as_of,
            units,
            rules,
            absent,
        }
    }

    /// The units by violations of required rules, most first (then
    /// advisory misses, then name): who needs attention.
    pub fn by_violations(&self) -> Vec<&UnitRow> {
        let mut list: Vec<&UnitRow> = self.units.iter().collect();
        list.sort_by(|a, b| {
            b.violations()
                .cmp(&a.violations())
                .then_with(|| a.content.unit.name.cmp(&b.content.unit.name))
        });
        list
    }

    /// The units (not roll-ups) by how their special report stands.
    pub fn reporting(&self) -> Reported<'_> {
        let mut r = Reported::default();
        for u in &self.units {
            let list = match u.member.submission() {
                Some(Submission::OnTime) => &mut r.on_time,
                Some(Submission::Late) => &mut r.late,
                Some(Submission::NotDue) => &mut r.not_due,
                Some(Submission::Overdue) => &mut r.missing,
                Some(Submission::Unknown) => &mut r.unknown,
                None => continue,
            };
            list.push(u);
        }
        r
    }

    /// Every unit's figures added up.
    pub fn totals(&self) -> Totals {
        Totals::sum(self.units.iter().map(|u| &u.member.totals))
    }

    /// A unit's row of the 统计表: its own 合计, under its short name.
    fn statistics_row(u: &UnitRow) -> StatisticsRow {
        let total = u
            .content
            .statistics
            .last()
            .cloned()
            .unwrap_or_else(|| StatisticsRow::total(std::iter::empty()));
        StatisticsRow {
            name: u.content.unit.short_name.clone(),
            grade: u.grade().map(str::to_string),
            ..total
        }
    }

    /// The 统计表 of the roll-up: each unit's total, then the sum.
    pub fn statistics(&self) -> Vec<StatisticsRow> {
        let mut rows: Vec<StatisticsRow> = self.units.iter().map(YearRollup::statistics_row).collect();
        rows.push(StatisticsRow::total(&rows));
        rows
    }

    /// Each rule's tallies added up over the units.
    pub fn rule_tallies(&self) -> Vec<RuleTally> {
        self.rules
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut sum = RuleTally {
                    rule: r.rule.clone(),
                    title: r.title.clone(),
                    article: r.article.clone(),
                    level: r.level,
                    met: 0,
                    pending: 0,
                    violated: 0,
                };
                for t in self.units.iter().filter_map(|u| u.tallies[i].as_ref()) {
                    sum.met += t.met;
                    sum.pending += t.pending;
                    sum.violated += t.violated;
                }
                sum
            })
            .collect()
    }

    /// The bundle the roll-up sends to the level above: the units'
    /// figures as members, and the 通报's text.
    pub fn bundle(&self, unit: &Identity, notice: Option<ReportText>) -> Content {
        Content {
            kind: BundleKind::Rollup,
            unit: unit.clone(),
            year: self.year,
            as_of: self.as_of,
            public: self.units.iter().all(|u| u.content.public),
            tool: Tool::this(),
            versions: Versions {
                records: RECORDS_FORMAT,
                builtin_rules: super::short_hash(crate::rules::BUILTIN),
                unit_rules: None,
            },
            // clean when every unit's records were; unknown when any's were
            source: Source {
                commit: None,
                clean: self
                    .units
                    .iter()
                    .try_fold(true, |clean, u| u.member.clean.map(|c| clean && c)),
            },
            rules: self.rule_tallies(),
            outcomes: Vec::new(),
            statistics: self.statistics(),
            totals: self.totals(),
            findings: Vec::new(),
            reporting: None,
            scores: None,
            report: notice,
            members: self.units.iter().map(|u| u.member.clone()).collect(),
        }
    }

    /// The workbook's sheets: the 汇总表, each unit's rules, the ranking,
    /// and what intake warned of.
    pub fn tables(&self) -> Vec<Table> {
        let summary = crate::export::statistics_table("汇总表", "单位", &self.statistics());
        let mut rules = Vec::new();
        for u in &self.units {
            for (r, t) in self.rules.iter().zip(&u.tallies) {
                let Some(t) = t else { continue };
                rules.push(vec![
                    Cell::Text(u.content.unit.short_name.clone()),
                    Cell::Text(r.article.clone()),
                    Cell::Text(r.title.clone()),
                    Cell::Text(r.level.zh().into()),
                    Cell::Number(i64::from(t.met)),
                    Cell::Number(i64::from(t.pending)),
                    Cell::Number(i64::from(t.violated)),
                ]);
            }
        }
        vec![
            summary,
            Table {
                name: "规则落实",
                header: vec!["单位", "条文", "规则", "要求", "符合", "待办", "违反（未落实）"],
                rows: rules,
            },
            self.ranking(),
            self.checks(),
        ]
    }

    /// The 汇总校验 sheet: what intake warned of each unit, and the
    /// listed units that sent nothing.
    fn checks(&self) -> Table {
        let rows = self
            .units
            .iter()
            .flat_map(|u| {
                u.warnings.iter().map(|w| {
                    vec![
                        Cell::Text(u.content.unit.name.clone()),
                        Cell::Text(u.file.clone()),
                        Cell::Text(w.clone()),
                    ]
                })
            })
            .chain(self.absent.iter().map(|unit| {
                vec![
                    Cell::Text(unit.clone()),
                    Cell::Empty,
                    Cell::Text(format!("没有报送 {} 年度的汇总包", self.year)),
                ]
            }))
            .collect();
        Table {
            name: "汇总校验",
            header: vec!["单位", "文件", "提示"],
            rows,
        }
    }

    /// The 排名 sheet: the units in the overview's order.
    fn ranking(&self) -> Table {
        let rows = self
            .units
            .iter()
            .map(|u| {
                let t = &u.member.totals;
                vec![
                    u.rank.map_or(Cell::Empty, |r| Cell::Number(i64::from(r))),
                    Cell::Text(u.content.unit.name.clone()),
                    Cell::Text(u.content.unit.code.clone().unwrap_or_default()),
                    Cell::Text(u.member.score.map(crate::score::points).unwrap_or_default()),
                    Cell::Text(u.grade().unwrap_or_default().to_string()),
                    Cell::Number(i64::from(t.violated)),
                    Cell::Number(i64::from(t.not_carried_out)),
                    Cell::Number(i64::from(t.pending)),
                    Cell::Number(i64::from(t.found)),
                    Cell::Number(i64::from(t.verified)),
                    Cell::Text(t.rate()),
                    Cell::Number(i64::from(t.overdue)),
                    Cell::Text(reporting_zh(u).into()),
                    u.member
                        .reporting
                        .as_ref()
                        .and_then(|r| r.submitted_on)
                        .map_or(Cell::Empty, Cell::Date),
                    u.previous.as_ref().map_or(Cell::Empty, |p| {
                        Cell::Number(i64::from(t.violated) - i64::from(p.violated))
                    }),
                ]
            })
            .collect();
        Table {
            name: "排名",
            header: vec![
                "名次",
                "单位",
                "单位代码",
                "得分",
                "等次",
                "违反",
                "未落实",
                "待办",
                "发现问题",
                "已销号",
                "整改率",
                "逾期未整改",
                "专题报告",
                "报送日期",
                "违反较上年",
            ],
            rows,
        }
    }
}

/// The units by how their special report stands.
#[derive(Debug, Default)]
pub struct Reported<'a> {
    /// Sent by the due day.
    pub on_time: Vec<&'a UnitRow>,
    /// Sent after it.
    pub late: Vec<&'a UnitRow>,
    /// Not sent, and not due yet.
    pub not_due: Vec<&'a UnitRow>,
    /// Not sent, and overdue.
    pub missing: Vec<&'a UnitRow>,
    /// The bundle does not say (its report rule was not judged).
    pub unknown: Vec<&'a UnitRow>,
}

/// How a unit's year-end special report stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submission {
    /// Sent by the due day.
    OnTime,
    /// Sent after it.
    Late,
    /// Not sent, and not due yet.
    NotDue,
    /// Not sent, and overdue.
    Overdue,
    /// Not known: the unit's report rule was not judged.
    Unknown,
}

impl Submission {
    /// In words.
    pub fn zh(self) -> &'static str {
        match self {
            Submission::OnTime => "按时报送",
            Submission::Late => "逾期报送",
            Submission::NotDue => "未到报送期限",
            Submission::Overdue => "逾期未报送",
            Submission::Unknown => "无法判断",
        }
    }
}

impl Member {
    /// How the unit's special report stands; `None` for a roll-up, which
    /// sends none of its own.
    pub fn submission(&self) -> Option<Submission> {
        if self.kind == BundleKind::Rollup {
            return None;
        }
        Some(match &self.reporting {
            Some(r) if r.submitted_on.is_some() && r.on_time() => Submission::OnTime,
            Some(r) if r.submitted_on.is_some() => Submission::Late,
            Some(r) if r.status == crate::rules::Status::Pending => Submission::NotDue,
            Some(_) => Submission::Overdue,
            None => Submission::Unknown,
        })
    }
}

/// How a unit's special report stands, in words (— for a roll-up).
pub fn reporting_zh(u: &UnitRow) -> &'static str {
    u.member.submission().map_or("—", Submission::zh)
}
