//! A section's report to the party branch.

use super::{Drafter, Para, Part, Report, day, renumber};
use crate::model::*;
use crate::render::year::Year;
use crate::rules::Outcome;

/// A section's report to the party branch.
pub(in crate::render) fn section(y: &Year<'_>, s: &Section) -> Report {
    let d = Drafter::new(y, |r| r.scope == s.id);
    let org = d.org();
    let year = d.year;
    let mut children = vec![life_meetings(&d), checks(&d, y, s)];
    children.extend(findings(&d));
    for (kind, title) in [
        (Kind::Petition, "信访"),
        (Kind::Education, "教育"),
        (Kind::Regulation, "制度建设"),
    ] {
        let list = d.of(kind, |_| true);
        if !list.is_empty() {
            children.push(Part::new(title, vec![d.list(Para::default(), &list, "").text("。")]));
        }
    }
    let mut work = Part::new("主要工作及成效", vec![]);
    work.children = children;
    let mine = |o: &Outcome| y.judged.section_of(o) == Some(s.id.as_str());
    let mut parts = vec![
        Part::new("基本情况", vec![basic(&d, s)]),
        work,
        Part::new("存在的问题", d.problems(mine)),
        Part::new("下一步工作打算", d.plans(mine)),
    ];
    renumber(&mut parts);
    Report {
        title: format!("{}关于{year}年度落实党风廉政建设责任制情况的报告", s.name),
        to: org.unit.party_branch.clone(),
        opening: vec![Para::default().text(format!(
            "根据《党风廉政责任制实施办法》第十一条的规定，现将{}{year}年度落实党风廉政建设责任制情况报告如下。",
            s.name
        ))],
        opening_html: None,
        parts,
        signature: format!("{}{}", org.unit.short_name, s.name),
        date_zh: date_zh(d.dated(&s.id)),
        has_narrative: false,
    }
}

/// 一、基本情况: who is in the section, who answers for it, who oversees it.
fn basic(d: &Drafter<'_, '_>, s: &Section) -> Para {
    let org = d.org();
    let on = d.v.as_of.within(Period::year(d.year));
    let names = |role: Role| -> Vec<String> {
        org.people
            .iter()
            .filter(|p| p.section.as_deref() == Some(s.id.as_str()) && p.has_role(role) && p.in_post_on(on))
            .map(|p| p.name.clone())
            .collect()
    };
    let chiefs = names(Role::SectionChief);
    let mut staff = Vec::new();
    if !chiefs.is_empty() {
        staff.push(format!("科长{}", chiefs.join("、")));
    }
    let deputies = names(Role::DeputyChief);
    if !deputies.is_empty() {
        staff.push(format!("副职{}", deputies.join("、")));
    }
    let others = names(Role::Staff);
    if !others.is_empty() {
        staff.push(format!("工作人员{}", others.join("、")));
    }
    let mut basic = Para::default()
        .text(format!("{}现有", s.name))
        .text(if staff.is_empty() {
            "人员未登记".to_string()
        } else {
            staff.join("，")
        })
        .text("。");
    if !chiefs.is_empty() {
        basic = basic.text(format!(
            "科长{}同志对本科室党风廉政建设负总责（第五条）",
            chiefs.join("、")
        ));
    }
    let overseers: Vec<String> = org.overseers_on(&s.id, on).iter().map(|p| p.name.clone()).collect();
    if !overseers.is_empty() {
        basic = basic.text(format!("，分管领导为{}同志", overseers.join("、")));
    }
    basic.text("。")
}

/// （一）民主生活会.
fn life_meetings(d: &Drafter<'_, '_>) -> Part {
    let life = d.of(Kind::LifeMeeting, |_| true);
    Part::new(
        "民主生活会",
        vec![if life.is_empty() {
            Para::default().text("本年度尚未召开廉洁自律专题民主生活会。")
        } else {
            let p = Para::default().text(format!("全年召开廉洁自律专题民主生活会{}次：", life.len()));
            d.list(p, &life, "召开").text("。")
        }],
    )
}

/// （二）检查与自查: the section's own checks and the office's checks of it.
fn checks(d: &Drafter<'_, '_>, y: &Year<'_>, s: &Section) -> Part {
    let own = d.of(Kind::Inspection, |_| true);
    let targeted: Vec<&Record> = y
        .records
        .iter()
        .copied()
        .filter(|r| {
            y.v.as_of.counts(r) && r.in_leadership() && r.kind == Kind::Inspection && r.targets().contains(&s.id)
        })
        .collect();
    let mut paras = Vec::new();
    if !own.is_empty() {
        paras.push(
            d.list(Para::default().text("组织本科室党风廉政建设自查："), &own, "开展")
                .text("。"),
        );
    }
    if !targeted.is_empty() {
        paras.push(
            d.list(Para::default().text("接受办公室检查："), &targeted, "")
                .text("。"),
        );
    }
    if paras.is_empty() {
        paras.push(Para::default().text("本年度尚无检查记录。"));
    }
    Part::new("检查与自查", paras)
}

/// （三）问题整改, when the section had findings.
fn findings(d: &Drafter<'_, '_>) -> Option<Part> {
    let y = d.year;
    let findings = d.of(Kind::Finding, |_| true);
    if findings.is_empty() {
        return None;
    }
    let p = Para::default().text(format!("考核、检查发现问题{}个：", findings.len()));
    let p = findings.iter().enumerate().fold(p, |p, (i, r)| {
        let state = match d.v.as_of.finding(r) {
            Some(f) => match f.rectified {
                Some(on) if on <= f.deadline => format!("已于{}整改", day(y, on)),
                Some(on) => format!("于{}整改，超过期限", day(y, on)),
                None => format!("尚未整改，期限{}", day(y, f.deadline)),
            },
            None => String::new(),
        };
        let p = if i > 0 { p.text("；") } else { p };
        p.link(r.title.clone(), d.url(r)).text(format!("，{state}"))
    });
    Some(Part::new("问题整改", vec![p.text("。")]))
}
