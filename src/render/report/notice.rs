//! The 通报 a roll-up drafts: the units by result, in the report layout.

use super::{Annex, Para, Part, Report, renumber};
use crate::bundle::rollup::{UnitRow, YearRollup, reporting_zh};
use crate::bundle::{Identity, ReportText};
use crate::model::date_zh;

/// How many units a sentence names before it counts the rest.
const NAMED: usize = 10;

/// Names units in a sentence, each linked to its page.
struct Namer<'a> {
    url: &'a dyn Fn(&UnitRow) -> String,
}

impl Namer<'_> {
    /// The first [`NAMED`] of `list`, each followed by `with` (its
    /// figure), then how many there are in all.
    fn names(&self, list: &[&UnitRow], with: &dyn Fn(&UnitRow) -> String) -> Para {
        let shown: Vec<Para> = list
            .iter()
            .take(NAMED)
            .map(|u| Para::default().link(format!("{}{}", u.content.unit.short_name, with(u)), Some((self.url)(u))))
            .collect();
        let p = Para::join(shown, "、");
        if list.len() > NAMED {
            p.text(format!("等{}个单位", list.len()))
        } else {
            p
        }
    }

    /// "{said}N个单位：A、B……。"
    fn sentence(&self, said: &str, list: &[&UnitRow], with: &dyn Fn(&UnitRow) -> String) -> Para {
        Para::default()
            .text(format!("{said}{}个单位：", list.len()))
            .append(self.names(list, with))
            .text("。")
    }
}

fn nothing(_: &UnitRow) -> String {
    String::new()
}

/// 总体情况: the rules and the findings over all units.
fn overall(y: &YearRollup) -> Vec<Para> {
    let t = y.totals();
    let total = t.met + t.pending + t.violated + t.not_carried_out;
    vec![
        Para::default().text(format!(
            "本次汇总{}个单位，按实施办法评估规则{total}项次：已符合{}项次，尚未到期{}项次，违反必须规则{}项次，倡导性要求未落实{}项次。",
            y.units.len(),
            t.met,
            t.pending,
            t.violated,
            t.not_carried_out
        )),
        Para::default().text(format!(
            "各单位共发现问题{}个，已整改{}个，经核查销号{}个，整改率{}；逾期未整改{}个。",
            t.found,
            t.rectified,
            t.verified,
            t.rate(),
            t.overdue
        )),
    ]
}

/// 年度专题报告报送情况: who sent it on time, late, not at all.
fn reporting(y: &YearRollup, n: &Namer<'_>) -> Vec<Para> {
    let r = y.reporting();
    [
        (&r.on_time, "按时报送年度专题报告的"),
        (&r.late, "逾期报送的"),
        (&r.missing, "逾期未报送的"),
        (&r.not_due, "尚未到报送期限的"),
        (&r.unknown, "无法判断报送情况的"),
    ]
    .into_iter()
    .filter(|(list, _)| !list.is_empty())
    .map(|(list, said)| n.sentence(said, list, &nothing))
    .chain((!y.absent.is_empty()).then(|| {
        let shown: Vec<&str> = y.absent.iter().take(NAMED).map(String::as_str).collect();
        let more = if y.absent.len() > NAMED {
            format!("等{}个单位", y.absent.len())
        } else {
            String::new()
        };
        Para::default().text(format!(
            "没有报送汇总包的{}个单位：{}{more}。",
            y.absent.len(),
            shown.join("、")
        ))
    }))
    .collect()
}

/// 责任制考核结果: the best scores and how many of each grade.
fn scores(y: &YearRollup, n: &Namer<'_>) -> Vec<Para> {
    let scored: Vec<&UnitRow> = y.units.iter().filter(|u| u.member.score.is_some()).collect();
    if scored.is_empty() {
        return Vec::new();
    }
    let points = |u: &UnitRow| {
        u.member
            .score
            .map(|s| format!("（{}分）", crate::score::points(s)))
            .unwrap_or_default()
    };
    let mut grades: Vec<(String, usize)> = Vec::new();
    for u in &scored {
        let g = u.grade().unwrap_or("待定").to_string();
        match grades.iter_mut().find(|(name, _)| *name == g) {
            Some((_, count)) => *count += 1,
            None => grades.push((g, 1)),
        }
    }
    let said: Vec<String> = grades.iter().map(|(g, c)| format!("{g}{c}个")).collect();
    vec![
        Para::default()
            .text("按考核细则计算，得分居前的单位：")
            .append(n.names(&scored[..scored.len().min(5)], &points))
            .text("。"),
        Para::default().text(format!("考核等次：{}。", said.join("、"))),
    ]
}

/// 存在的主要问题: the units with violations, and with overdue findings.
fn problems(y: &YearRollup, n: &Namer<'_>) -> Vec<Para> {
    let mut out = Vec::new();
    let violating: Vec<&UnitRow> = y
        .by_violations()
        .into_iter()
        .filter(|u| u.member.totals.violated > 0)
        .collect();
    if violating.is_empty() {
        out.push(Para::default().text("各单位均未违反必须规则。"));
    } else {
        let count = |u: &UnitRow| format!("（{}项）", u.member.totals.violated);
        out.push(n.sentence("违反必须规则的", &violating, &count));
    }
    let mut overdue: Vec<&UnitRow> = y.units.iter().filter(|u| u.member.totals.overdue > 0).collect();
    overdue.sort_by_key(|u| std::cmp::Reverse(u.member.totals.overdue));
    if !overdue.is_empty() {
        let count = |u: &UnitRow| format!("（{}个）", u.member.totals.overdue);
        out.push(n.sentence("有逾期未整改问题的", &overdue, &count));
    }
    out
}

/// The 通报 of `y`, from `unit` (the roll-up's, when named), each unit
/// linked to its page by `url`.
pub fn notice(y: &YearRollup, unit: Option<&Identity>, url: &dyn Fn(&UnitRow) -> String) -> Report {
    let year = y.year;
    let n = Namer { url };
    let opening = vec![Para::default().text(format!(
        "根据各单位报送的{year}年度党风廉政建设责任制汇总包（数据截至{}），现将{}个单位落实党风廉政建设责任制的情况通报如下。",
        date_zh(y.as_of),
        y.units.len()
    ))];
    let scores = scores(y, &n);
    let mut parts = vec![
        Part::new("总体情况", overall(y)),
        Part::new("年度专题报告报送情况", reporting(y, &n)),
    ];
    if !scores.is_empty() {
        parts.push(Part::new("责任制考核结果", scores));
    }
    parts.push(Part::new("存在的主要问题", problems(y, &n)));
    let demands = vec![Para::default().text(
        "各单位要对照本通报，逐项查找责任制落实中的薄弱环节：违反必须规则的，要说明原因、明确责任人和完成时限；逾期未整改的问题，要加快整改、按时销号；逾期未报送年度专题报告的，要立即报送。整改情况纳入下一年度责任制考核。",
    )];
    parts.push(Part::new("工作要求", demands));
    renumber(&mut parts);
    let from = unit.map_or("", |u| u.name.as_str());
    let title = format!("关于{year}年度党风廉政建设责任制落实情况的通报");
    Report {
        title_parts: vec![format!("关于{year}年度党风廉政建设责任制"), "落实情况的通报".into()],
        title,
        to: "各有关单位".into(),
        opening,
        opening_html: None,
        opening_source: None,
        parts,
        closing: "特此通报。".into(),
        annexes: vec![ranking_annex(y)],
        signature: from.to_string(),
        date_zh: date_zh(y.as_of),
        has_narrative: false,
    }
}

/// 附件: the units by result.
fn ranking_annex(y: &YearRollup) -> Annex {
    let rows = y
        .units
        .iter()
        .map(|u| {
            let t = &u.member.totals;
            vec![
                u.rank.map_or_else(|| "—".into(), |r| r.to_string()),
                u.content.unit.short_name.clone(),
                u.member.score.map(crate::score::points).unwrap_or_else(|| "—".into()),
                u.grade().unwrap_or("—").to_string(),
                t.violated.to_string(),
                t.not_carried_out.to_string(),
                t.rate(),
                t.overdue.to_string(),
                reporting_zh(u).to_string(),
            ]
        })
        .collect();
    Annex {
        number: 1,
        title: format!("{}年度各单位党风廉政建设责任制落实情况", y.year),
        header: [
            "名次",
            "单位",
            "得分",
            "等次",
            "违反",
            "未落实",
            "整改率",
            "逾期问题",
            "专题报告",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        total: false,
        wide: false,
    }
}

/// A report as the text a bundle carries: `cite` says how a linked piece
/// reads (a restricted record's title is left out by it).
pub fn text_of(report: &Report, cite: &dyn Fn(&crate::render::view::Link) -> String) -> ReportText {
    fn written(source: Option<&String>) -> Option<Vec<String>> {
        source.map(|s| {
            s.split("\n\n")
                .map(|p| p.trim().replace('\n', ""))
                .filter(|p| !p.is_empty())
                .collect()
        })
    }
    let plain = |p: &Para| -> String { p.0.iter().map(cite).collect() };
    fn part(p: &Part, plain: &dyn Fn(&Para) -> String) -> crate::bundle::ReportPart {
        let mut paras = written(p.source.as_ref()).unwrap_or_default();
        paras.extend(p.paras.iter().map(plain));
        crate::bundle::ReportPart {
            heading: format!("{}{}", p.number, p.title),
            paras,
            parts: p.children.iter().map(|c| part(c, plain)).collect(),
        }
    }
    ReportText {
        title: report.title.clone(),
        to: report.to.clone(),
        opening: written(report.opening_source.as_ref()).unwrap_or_else(|| report.opening.iter().map(plain).collect()),
        parts: report.parts.iter().map(|p| part(p, &plain)).collect(),
        closing: report.closing.clone(),
        signature: report.signature.clone(),
        date: report.date_zh.clone(),
    }
}
