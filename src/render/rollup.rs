//! The roll-up's site: a renderer over a [`Rollup`] like the unit's site
//! over a judged project, with the same look, offline and with relative
//! links. Per year: the overview with the ranking, the units × rules
//! matrix, a page per unit, and the 通报 (HTML, Word) and the 汇总表.

use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use super::report::{self, Report};
use super::templates::Theme;
use super::{Renderer, Sink, Summary, css_string, value};
use crate::bundle::rollup::{Rollup, Submission, UnitRow, YearRollup, reporting_zh};
use crate::bundle::{BundleKind, Identity, ReportText, StatisticsRow};
use crate::error::Error;
use crate::model::date_zh;
use crate::rules::{Level, Status};

/// The page of a unit in `year`.
pub fn unit_url(year: i32, u: &UnitRow) -> String {
    format!("{year}/units/{}.html", u.slug)
}

/// The roll-up's name: its unit's, or a plain one.
fn title(unit: Option<&Identity>) -> String {
    unit.map_or_else(|| "汇总".to_string(), |u| u.name.clone())
}

/// The 通报 of `y` as drafted.
pub fn notice(rollup: &Rollup, y: &YearRollup) -> Report {
    let year = y.year;
    report::notice(y, rollup.unit.as_ref(), &|u| unit_url(year, u))
}

/// The 通报 of `y` as the text a bundle carries.
pub fn notice_text(rollup: &Rollup, y: &YearRollup) -> ReportText {
    report::text_of(&notice(rollup, y), &|l| l.text.clone())
}

/// Files written beside the pages that are not rendered from templates:
/// (site path, bytes), such as the 通报's PDF.
pub type Extra = Vec<(String, Vec<u8>)>;

/// Renders the roll-up's site into `sink`.
pub fn render(rollup: &Rollup, theme: &Theme, extra: &Extra, sink: &dyn Sink) -> Result<Summary, Error> {
    let guard = super::sink::Unique::new(sink);
    let sink: &dyn Sink = &guard;
    let renderer = Renderer {
        theme,
        sink,
        pages: std::sync::atomic::AtomicUsize::new(0),
    };
    for y in &rollup.years {
        year(&renderer, rollup, y, extra)?;
    }
    let newest = rollup.years.last();
    let site = site_view(
        rollup,
        newest.map_or(0, |y| y.year),
        newest.map_or(chrono::NaiveDate::MIN, |y| y.as_of),
    );
    #[derive(Serialize)]
    struct Index {
        target: Option<String>,
    }
    renderer.page(
        "index.html",
        "rollup_index.html",
        &site,
        &Index {
            target: newest.map(|y| format!("{}/index.html", y.year)),
        },
    )?;
    for (path, bytes) in extra {
        sink.file(path, bytes)?;
    }
    for (name, bytes) in &theme.assets {
        sink.file(&format!("assets/{name}"), bytes)?;
    }
    Ok(Summary {
        pages: renderer.pages.load(std::sync::atomic::Ordering::Relaxed),
        attachments: 0,
    })
}

#[derive(Serialize)]
struct RollupSite {
    name: String,
    year: i32,
    years: Vec<super::YearLink>,
    as_of_zh: String,
    version: &'static str,
    print_mark: String,
}

fn site_view(rollup: &Rollup, year: i32, as_of: chrono::NaiveDate) -> Value {
    let name = title(rollup.unit.as_ref());
    value(&RollupSite {
        years: rollup
            .years
            .iter()
            .rev()
            .map(|y| super::YearLink {
                year: y.year,
                url: format!("{}/index.html", y.year),
                current: y.year == year,
            })
            .collect(),
        year,
        as_of_zh: date_zh(as_of),
        version: env!("CARGO_PKG_VERSION"),
        print_mark: css_string(&format!("{name}　内部资料")),
        name,
    })
}

/// A unit as the tables show it.
#[derive(Serialize)]
struct UnitView<'a> {
    name: &'a str,
    short_name: &'a str,
    code: Option<&'a str>,
    level: Option<&'a str>,
    url: String,
    rollup: bool,
    rank: Option<u32>,
    score: Option<String>,
    grade: Option<&'a str>,
    met: u32,
    pending: u32,
    violated: u32,
    not_carried_out: u32,
    found: u32,
    verified: u32,
    rate: String,
    overdue: u32,
    reporting: &'static str,
    on_time: bool,
    submitted_on: Option<String>,
    /// The change in violations against the year before, signed.
    violated_change: Option<String>,
    previous_rate: Option<String>,
    score_change: Option<String>,
    warnings: &'a [String],
}

fn signed(n: i64) -> String {
    match n {
        0 => "持平".into(),
        n if n > 0 => format!("+{n}"),
        n => n.to_string(),
    }
}

fn unit_view<'a>(year: i32, u: &'a UnitRow) -> UnitView<'a> {
    let t = &u.member.totals;
    let reporting = u.member.reporting.as_ref();
    UnitView {
        name: &u.content.unit.name,
        short_name: &u.content.unit.short_name,
        code: u.content.unit.code.as_deref(),
        level: u.content.unit.level.as_deref(),
        url: unit_url(year, u),
        rollup: u.content.kind == BundleKind::Rollup,
        rank: u.rank,
        score: u.member.score.map(crate::score::points),
        grade: u.grade(),
        met: t.met,
        pending: t.pending,
        violated: t.violated,
        not_carried_out: t.not_carried_out,
        found: t.found,
        verified: t.verified,
        rate: t.rate(),
        overdue: t.overdue,
        reporting: reporting_zh(u),
        on_time: u.member.submission() == Some(Submission::OnTime),
        submitted_on: reporting.and_then(|r| r.submitted_on).map(date_zh),
        violated_change: u
            .previous
            .as_ref()
            .map(|p| signed(i64::from(t.violated) - i64::from(p.violated))),
        previous_rate: u.previous.as_ref().map(|p| p.rate.clone()),
        score_change: u.previous.as_ref().and_then(|p| {
            let (now, before) = (u.member.score?, p.score?);
            let d = now - before;
            Some(if d.abs() < 0.005 {
                "持平".into()
            } else if d > 0.0 {
                format!("+{}", crate::score::points(d))
            } else {
                format!("-{}", crate::score::points(-d))
            })
        }),
        warnings: &u.warnings,
    }
}

#[derive(Serialize)]
struct Overview<'a> {
    units: Vec<UnitView<'a>>,
    by_violations: Vec<UnitView<'a>>,
    count: usize,
    on_time: usize,
    late: usize,
    missing: usize,
    not_due: usize,
    unknown: usize,
    /// Listed units that sent no bundle.
    absent: &'a [String],
    totals: crate::bundle::Totals,
    rate: String,
    on_time_share: String,
    has_previous: bool,
    warned: usize,
}

#[derive(Serialize)]
struct RuleHead<'a> {
    anchor: &'a str,
    title: &'a str,
    article: &'a str,
    advisory: bool,
}

#[derive(Serialize)]
struct MatrixCell {
    /// met, pending, violated, missed (an advisory miss) or none
    state: &'static str,
    label: &'static str,
    met: u32,
    pending: u32,
    violated: u32,
}

#[derive(Serialize)]
struct MatrixRow<'a> {
    name: &'a str,
    url: String,
    cells: Vec<MatrixCell>,
}

#[derive(Serialize)]
struct Matrix<'a> {
    rules: Vec<RuleHead<'a>>,
    rows: Vec<MatrixRow<'a>>,
}

fn cell(level: Level, t: Option<&crate::bundle::RuleTally>) -> MatrixCell {
    let Some(t) = t else {
        return MatrixCell {
            state: "none",
            label: "—",
            met: 0,
            pending: 0,
            violated: 0,
        };
    };
    let (state, label) = if t.violated > 0 {
        let state = match level {
            Level::Required => "violated",
            Level::Advisory => "missed",
        };
        (state, Status::Violated.zh_at(level))
    } else if t.pending > 0 {
        ("pending", Status::Pending.zh())
    } else if t.met > 0 {
        ("met", Status::Met.zh())
    } else {
        ("none", "—")
    };
    MatrixCell {
        state,
        label,
        met: t.met,
        pending: t.pending,
        violated: t.violated,
    }
}

#[derive(Serialize)]
struct RuleLine<'a> {
    article: &'a str,
    title: &'a str,
    level: &'static str,
    cell: MatrixCell,
}

#[derive(Serialize)]
struct UnitPage<'a> {
    unit: UnitView<'a>,
    identity: &'a Identity,
    file: &'a str,
    sha256: &'a str,
    as_of_zh: String,
    public: bool,
    commit: Option<&'a str>,
    clean: Option<bool>,
    tool_version: &'a str,
    statistics: report::Annex,
    rules: Vec<RuleLine<'a>>,
    findings: Vec<FindingView<'a>>,
    scores: Option<ScoresView<'a>>,
    report: Option<&'a ReportText>,
    members: Vec<MemberView<'a>>,
}

#[derive(Serialize)]
struct FindingView<'a> {
    section: &'a str,
    title: Option<&'a str>,
    source: &'a str,
    stage: &'a str,
    deadline: String,
    late: Option<i64>,
}

#[derive(Serialize)]
struct MemberView<'a> {
    name: &'a str,
    score: Option<String>,
    grade: Option<&'a str>,
    violated: u32,
    not_carried_out: u32,
    rate: String,
    overdue: u32,
}

#[derive(Serialize)]
struct ScoresView<'a> {
    unit: ScoreView<'a>,
    sections: Vec<ScoreView<'a>>,
}

/// A score with its points written as reports write them (95, 71.5).
#[derive(Serialize)]
struct ScoreView<'a> {
    name: &'a str,
    rank: Option<u32>,
    total: String,
    max: String,
    pending: Option<String>,
    grade: Option<&'a str>,
    recorded: Option<String>,
    vetoed: bool,
}

fn score_view(s: &crate::bundle::ScoreEntry) -> ScoreView<'_> {
    let p = crate::score::points;
    ScoreView {
        name: &s.name,
        rank: s.rank,
        total: p(s.total),
        max: p(s.max),
        pending: (s.pending > 0.0).then(|| p(s.pending)),
        grade: s.grade.as_deref(),
        recorded: s.recorded_score.map(p),
        vetoed: s.vetoed,
    }
}

#[derive(Serialize)]
struct NoticePage {
    report: Report,
    docx: String,
    xlsx: String,
    pdf: Option<String>,
}

/// The file names of a year's 通报 and 汇总表.
pub fn files(year: i32) -> (String, String, String) {
    (
        format!("{year}/tongbao.docx"),
        format!("{year}/huizong.xlsx"),
        format!("{year}/tongbao.pdf"),
    )
}

fn statistics_annex(year: i32, rows: &[StatisticsRow], first: &'static str) -> report::Annex {
    report::statistics_annex(year, 1, &crate::export::statistics_table("统计表", first, rows))
}

fn overview(y: &YearRollup) -> Overview<'_> {
    let year = y.year;
    let reported = y.reporting();
    let reporting_units = y.units.iter().filter(|u| u.content.kind == BundleKind::Unit).count();
    let totals = y.totals();
    Overview {
        units: y.units.iter().map(|u| unit_view(year, u)).collect(),
        by_violations: y
            .by_violations()
            .into_iter()
            .filter(|u| u.member.totals.violated + u.member.totals.not_carried_out > 0)
            .map(|u| unit_view(year, u))
            .collect(),
        count: y.units.len(),
        on_time: reported.on_time.len(),
        late: reported.late.len(),
        missing: reported.missing.len(),
        not_due: reported.not_due.len(),
        unknown: reported.unknown.len(),
        absent: &y.absent,
        rate: totals.rate(),
        totals,
        on_time_share: crate::export::percent(reported.on_time.len() as i64, reporting_units as i64),
        has_previous: y.units.iter().any(|u| u.previous.is_some()),
        warned: y.units.iter().filter(|u| !u.warnings.is_empty()).count(),
    }
}

fn matrix(y: &YearRollup) -> Matrix<'_> {
    let year = y.year;
    Matrix {
        rules: y
            .rules
            .iter()
            .map(|r| RuleHead {
                anchor: &r.rule,
                title: &r.title,
                article: &r.article,
                advisory: r.level == Level::Advisory,
            })
            .collect(),
        rows: y
            .units
            .iter()
            .map(|u| MatrixRow {
                name: &u.content.unit.short_name,
                url: unit_url(year, u),
                cells: y
                    .rules
                    .iter()
                    .zip(&u.tallies)
                    .map(|(r, t)| cell(r.level, t.as_ref()))
                    .collect(),
            })
            .collect(),
    }
}

fn unit_page<'a>(y: &'a YearRollup, u: &'a UnitRow) -> UnitPage<'a> {
    let year = y.year;
    let c = &u.content;
    UnitPage {
        unit: unit_view(year, u),
        identity: &c.unit,
        // the file's name: where the roll-up read it from is no reader's concern
        file: std::path::Path::new(&u.file)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(&u.file),
        sha256: &u.sha256,
        as_of_zh: date_zh(c.as_of),
        public: c.public,
        commit: c.source.commit.as_deref(),
        clean: c.source.clean,
        tool_version: &c.tool.version,
        statistics: statistics_annex(
            year,
            &c.statistics,
            if c.kind == BundleKind::Rollup {
                "单位"
            } else {
                "科室"
            },
        ),
        rules: y
            .rules
            .iter()
            .zip(&u.tallies)
            .filter(|(_, t)| t.is_some())
            .map(|(r, t)| RuleLine {
                article: &r.article,
                title: &r.title,
                level: r.level.zh(),
                cell: cell(r.level, t.as_ref()),
            })
            .collect(),
        findings: c
            .findings
            .iter()
            .filter(|f| f.verified_on.is_none())
            .map(|f| FindingView {
                section: &f.section,
                title: f.title.as_deref(),
                source: &f.source,
                stage: &f.stage,
                deadline: date_zh(f.deadline),
                late: f.days_late,
            })
            .collect(),
        scores: c.scores.as_ref().map(|s| ScoresView {
            unit: score_view(&s.unit),
            sections: s.sections.iter().map(score_view).collect(),
        }),
        report: c.report.as_ref(),
        members: c
            .members
            .iter()
            .map(|m| MemberView {
                name: &m.unit.short_name,
                score: m.score.map(crate::score::points),
                grade: m.grade.as_deref(),
                violated: m.totals.violated,
                not_carried_out: m.totals.not_carried_out,
                rate: m.totals.rate(),
                overdue: m.totals.overdue,
            })
            .collect(),
    }
}

fn year(renderer: &Renderer<'_>, rollup: &Rollup, y: &YearRollup, extra: &Extra) -> Result<(), Error> {
    let year = y.year;
    let site = site_view(rollup, year, y.as_of);
    renderer.page(&format!("{year}/index.html"), "rollup_year.html", &site, &overview(y))?;

    renderer.page(&format!("{year}/matrix.html"), "rollup_matrix.html", &site, &matrix(y))?;

    y.units
        .par_iter()
        .try_for_each(|u| renderer.page(&unit_url(year, u), "rollup_unit.html", &site, &unit_page(y, u)))?;

    let (docx, xlsx, pdf) = files(year);
    let drafted = notice(rollup, y);
    renderer.sink.file(&docx, &super::docx::docx(&drafted, y.as_of)?)?;
    let workbook_title = format!(
        "{}{year}年度党风廉政建设责任制汇总表（截至{}）· 内部资料",
        title(rollup.unit.as_ref()),
        date_zh(y.as_of)
    );
    renderer
        .sink
        .file(&xlsx, &crate::export::xlsx(&y.tables(), &workbook_title, y.as_of)?)?;
    let page = NoticePage {
        report: drafted,
        docx: docx.trim_start_matches(&format!("{year}/")).to_string(),
        xlsx: xlsx.trim_start_matches(&format!("{year}/")).to_string(),
        pdf: extra
            .iter()
            .any(|(p, _)| *p == pdf)
            .then(|| pdf.trim_start_matches(&format!("{year}/")).to_string()),
    };
    renderer.page(&format!("{year}/tongbao.html"), "rollup_notice.html", &site, &page)
}
