//! The unit's report to the discipline body: 一、基本情况 二、主要工作及成效
//! 三、存在的问题 四、下一步工作打算.

use chrono::{Datelike, NaiveDate};

use super::{Drafter, Para, Part, Report, day, join_days, renumber};
use crate::model::*;
use crate::render::year::Year;
use crate::rules::Outcome;

/// The unit's report to the discipline body.
pub(in crate::render) fn unit(y: &Year<'_>) -> Report {
    let d = Drafter::new(y, |_| true);
    let org = d.org();
    let year = d.year;
    let unit = &org.unit;
    let mut work = Part::new("主要工作及成效", vec![]);
    work.children = vec![
        Part::new("组织领导与责任分解", organisation(&d)),
        Part::new("教育", education(&d)),
        Part::new("制度建设", regulations(&d)),
        Part::new("监督检查与考核", supervision(&d)),
        Part::new("民主生活会与谈话诫勉", life_meetings(&d)),
        Part::new("信访", petitions(&d)),
        Part::new("问题整改", rectification(&d)),
        Part::new("责任追究", accountability(&d)),
        Part::new("表彰", commendations(&d)),
    ];
    let all = |_: &Outcome| true;
    let mut parts = vec![
        Part::new("基本情况", basic(&d)),
        work,
        Part::new("存在的问题", d.problems(all)),
        Part::new("下一步工作打算", d.plans(all)),
    ];
    renumber(&mut parts);
    Report {
        title: format!("关于{year}年度落实党风廉政建设责任制情况的专题报告"),
        to: unit.discipline_body.clone(),
        opening: vec![Para::default().text(format!(
            "{year}年，{}坚持党支部统一领导、各科室各负其责，把党风廉政建设与业务工作一起部署、一起落实、一起检查、一起考核，认真落实党风廉政建设责任制。根据《党风廉政责任制实施办法》第十一条的规定，现将{year}年度落实党风廉政建设责任制情况报告如下。",
            unit.name
        ))],
        opening_html: None,
        parts,
        signature: unit.name.clone(),
        date_zh: date_zh(d.dated(LEADERSHIP)),
        has_narrative: false,
    }
}

/// 一、基本情况: the sections, who answers for what, and who came and went.
fn basic(d: &Drafter<'_, '_>) -> Vec<Para> {
    let org = d.org();
    let y = d.year;
    let as_of = d.v.as_of;
    let on = as_of.within(Period::year(y));
    let mut basic = Para::default().text(format!(
        "{}内设{}个科室：{}。",
        org.unit.name,
        org.sections.len(),
        org.sections
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>()
            .join("、")
    ));
    let directors: Vec<&Person> = org.with_role_on(Role::Director, on).collect();
    if let Some(director) = directors.first() {
        basic = basic.text(format!(
            "主任{}同志为党风廉政建设第一责任人，对办公室党风廉政建设负总责（第四条）；",
            director.name
        ));
    }
    let overseers: Vec<String> = org
        .people
        .iter()
        .filter(|p| p.in_post_on(on) && !p.oversees.is_empty() && !p.has_role(Role::Director))
        .map(|p| {
            let role = p.roles.first().map_or("", |r| r.zh());
            format!("{role}{}同志分管{}", p.name, d.names(&p.oversees))
        })
        .collect();
    if !overseers.is_empty() {
        basic = basic.text(format!("{}，对分管科室负直接领导责任；", overseers.join("，")));
    }
    basic = basic.text("各科科长对本科室党风廉政建设负总责（第五条）。");
    let in_year = |date: Option<NaiveDate>| as_of.seen(date).filter(|d| d.year() == y);
    let mut changes = Vec::new();
    for p in org.people.iter().filter(|p| p.is_leader()) {
        if let Some(until) = in_year(p.until) {
            changes.push(format!("{}同志于{}离任", p.name, day(y, until)));
        }
        if let Some(from) = in_year(p.from) {
            let what = if p.oversees.is_empty() {
                String::new()
            } else {
                format!("，分管{}", d.names(&p.oversees))
            };
            changes.push(format!("{}同志自{}起任职{what}", p.name, day(y, from)));
        }
    }
    let mut paras = vec![basic];
    if !changes.is_empty() {
        paras.push(Para::default().text(format!("年内人员调整：{}。", changes.join("；"))));
    }
    paras
}

fn lead(r: &Record) -> bool {
    r.in_leadership()
}

/// （一）组织领导与责任分解: plans, responsibility letters, meetings,
/// the mid-year review and the year's summary.
fn organisation(d: &Drafter<'_, '_>) -> Vec<Para> {
    let y = d.year;
    let mut paras = Vec::new();
    let plans = d.of(Kind::Plan, lead);
    if !plans.is_empty() {
        paras.push(
            d.list(Para::default(), &plans, "印发")
                .text("，年初对全年工作作出部署。"),
        );
    }
    for letter in d.of(Kind::ResponsibilityLetter, |_| true) {
        let n = match &letter.details {
            Details::ResponsibilityLetter { signed_by } => signed_by.len(),
            _ => 0,
        };
        let p = Para::default()
            .text(format!("{}，", day(y, letter.date)))
            .link(letter.title.clone(), d.url(letter));
        paras.push(if n > 0 {
            p.text(format!("，共签订{n}份，层层落实责任。"))
        } else {
            p.text("。")
        });
    }
    let meetings = d.of(Kind::SpecialMeeting, lead);
    if !meetings.is_empty() {
        let p = Para::default().text(format!(
            "全年召开领导班子党风廉政工作专题会议{}次（{}）：",
            meetings.len(),
            join_days(y, &meetings)
        ));
        paras.push(d.list(p, &meetings, "召开").text("。"));
    }
    let reviews = d.of(Kind::MidyearReview, lead);
    let summaries = d.of(Kind::YearSummary, lead);
    if !reviews.is_empty() || !summaries.is_empty() {
        let mut p = Para::default();
        if !reviews.is_empty() {
            p = d.list(p.text("年中，"), &reviews, "开展").text("。");
        }
        if !summaries.is_empty() {
            p = d.list(p.text("年底，"), &summaries, "形成").text("。");
        }
        paras.push(p);
    }
    paras
}

/// （二）教育.
fn education(d: &Drafter<'_, '_>) -> Vec<Para> {
    let educations = d.of(Kind::Education, |_| true);
    if educations.is_empty() {
        return vec![Para::default().text("本年度尚无廉政教育记录。")];
    }
    let people: u32 = educations
        .iter()
        .filter_map(|r| match r.details {
            Details::Education { participants_count } => participants_count,
            _ => None,
        })
        .sum();
    let count = if people > 0 {
        format!("，参加{people}人次")
    } else {
        String::new()
    };
    let p = Para::default().text(format!(
        "坚持把教育作为基础性工作，全年开展党性党风党纪和廉政教育{}次{count}：",
        educations.len()
    ));
    vec![d.list(p, &educations, "组织").text("。")]
}

/// （三）制度建设.
fn regulations(d: &Drafter<'_, '_>) -> Vec<Para> {
    let regulations = d.of(Kind::Regulation, |_| true);
    if regulations.is_empty() {
        return vec![Para::default().text("本年度尚无制度建设记录。")];
    }
    let p = Para::default().text(format!("结合实际制定、修订党风廉政制度{}项：", regulations.len()));
    vec![d.list(p, &regulations, "").text("。")]
}

/// （四）监督检查与考核: assessments, the office's inspections, the
/// sections' own checks and evaluations.
fn supervision(d: &Drafter<'_, '_>) -> Vec<Para> {
    let y = d.year;
    let mut paras = Vec::new();
    let assessments = d.of(Kind::Assessment, |_| true);
    if !assessments.is_empty() {
        let p = Para::default().text(format!("全年开展责任制考核{}次：", assessments.len()));
        paras.push(d.list(p, &assessments, "开展").text("，考核结果与年度考核相结合。"));
    }
    for r in d.of(Kind::Inspection, lead) {
        let p = Para::default()
            .text(format!("{}，", day(y, r.date)))
            .link(r.title.clone(), d.url(r));
        paras.push(if r.targets().is_empty() {
            p.text("。")
        } else {
            p.text(format!("，检查了{}。", d.names(r.targets())))
        });
    }
    let selfs = d.of(Kind::Inspection, |r| !r.in_leadership());
    if !selfs.is_empty() {
        let by_section: Vec<String> = d
            .org()
            .sections
            .iter()
            .filter_map(|s| {
                let n = selfs.iter().filter(|r| r.scope == s.id).count();
                (n > 0).then(|| format!("{}{n}次", s.name))
            })
            .collect();
        paras.push(Para::default().text(format!(
            "各科室开展党风廉政建设自查{}次（{}）。",
            selfs.len(),
            by_section.join("、")
        )));
    }
    let evaluations = d.of(Kind::Evaluation, |_| true);
    if !evaluations.is_empty() {
        paras.push(d.list(Para::default(), &evaluations, "开展").text("。"));
    }
    if paras.is_empty() {
        paras.push(Para::default().text("本年度尚无监督检查和考核记录。"));
    }
    paras
}

/// （五）民主生活会与谈话诫勉.
fn life_meetings(d: &Drafter<'_, '_>) -> Vec<Para> {
    let mut paras = Vec::new();
    let lead_life = d.of(Kind::LifeMeeting, lead);
    if !lead_life.is_empty() {
        paras.push(
            d.list(Para::default(), &lead_life, "召开")
                .text("，班子成员开展批评和自我批评。"),
        );
    }
    let section_life = d.of(Kind::LifeMeeting, |r| !r.in_leadership());
    if !section_life.is_empty() {
        let per: Vec<String> = d
            .org()
            .sections
            .iter()
            .map(|s| {
                format!(
                    "{}{}次",
                    s.name,
                    section_life.iter().filter(|r| r.scope == s.id).count()
                )
            })
            .collect();
        paras.push(Para::default().text(format!(
            "各科室共召开廉洁自律专题民主生活会{}次（{}）。",
            section_life.len(),
            per.join("、")
        )));
    }
    let talks = d.of(Kind::Talk, |_| true);
    if !talks.is_empty() {
        paras.push(Para::default().text(format!("坚持谈话诫勉制度，全年开展谈话诫勉{}人次。", talks.len())));
    }
    if paras.is_empty() {
        paras.push(Para::default().text("本年度尚无民主生活会和谈话诫勉记录。"));
    }
    paras
}

/// （六）信访: received, closed, closed within 60 days, still open.
fn petitions(d: &Drafter<'_, '_>) -> Vec<Para> {
    let petitions = d.of(Kind::Petition, |_| true);
    if petitions.is_empty() {
        return vec![Para::default().text("本年度未受理群众来信来访。")];
    }
    let closed: Vec<(&Record, NaiveDate)> = petitions
        .iter()
        .filter_map(|r| d.v.as_of.petition_closed(r).map(|c| (*r, c)))
        .collect();
    let in_time = closed.iter().filter(|(r, c)| (*c - r.date).num_days() <= 60).count();
    let open = petitions.len() - closed.len();
    let mut text = format!(
        "认真处理群众来信来访，全年受理{}件，已办结{}件，其中60日内办结{}件",
        petitions.len(),
        closed.len(),
        in_time
    );
    if open > 0 {
        text.push_str(&format!("；正在办理{open}件"));
    }
    text.push('。');
    vec![Para::default().text(text)]
}

/// （七）问题整改: found, rectified on time and late, reported, still open
/// and overdue.
fn rectification(d: &Drafter<'_, '_>) -> Vec<Para> {
    let findings: Vec<FindingState> = d
        .of(Kind::Finding, |_| true)
        .iter()
        .filter_map(|r| d.v.as_of.finding(r))
        .collect();
    if findings.is_empty() {
        return vec![Para::default().text("本年度考核和检查中未发现需要整改的问题。")];
    }
    let done: Vec<&FindingState> = findings.iter().filter(|f| !f.is_open()).collect();
    let late = done.iter().filter(|f| f.overdue).count();
    let reported = done.iter().filter(|f| f.reported.is_some()).count();
    let open: Vec<&FindingState> = findings.iter().filter(|f| f.is_open()).collect();
    let overdue = open.iter().filter(|f| f.overdue).count();
    let mut text = format!(
        "考核、检查中发现的问题均下达整改通知，限期改正。全年发现问题{}个，已整改{}个（按期{}个，逾期{}个），已上报整改结果{}个",
        findings.len(),
        done.len(),
        done.len() - late,
        late,
        reported
    );
    if !open.is_empty() {
        text.push_str(&format!("；尚未整改{}个，其中已超过期限{overdue}个", open.len()));
    }
    text.push('。');
    let p = Para::default()
        .text(text)
        .text("详见")
        .link("问题整改台账", Some(crate::judge::Urls::year_page(d.year, "findings")))
        .text("。");
    vec![p]
}

/// （八）责任追究: each case, its clause, who (by post, not by name) and
/// the sanctions.
fn accountability(d: &Drafter<'_, '_>) -> Vec<Para> {
    let org = d.org();
    let cases = d.of(Kind::Accountability, |_| true);
    if cases.is_empty() {
        return vec![Para::default().text("本年度未发生需要追究责任的情形。")];
    }
    let mut p = Para::default().text(format!("严格执行责任追究制度，全年实施责任追究{}起：", cases.len()));
    for (i, r) in cases.iter().enumerate() {
        let Details::Accountability {
            person,
            clause,
            responsibility,
            sanctions,
            ..
        } = &r.details
        else {
            continue;
        };
        let who = org
            .person(person)
            .map(|p| {
                let section = p.section.as_deref().map(|s| org.scope_name(s)).unwrap_or("");
                format!("{section}1名{}", p.roles.first().map_or("干部", |r| r.zh()))
            })
            .unwrap_or_else(|| "1名干部".into());
        if i > 0 {
            p = p.text("；");
        }
        p = p
            .text(format!("{}，依据", day(d.year, r.date)))
            .link(clause.zh(), d.url(r))
            .text(format!(
                "，对{who}（{}）给予{}",
                responsibility.zh(),
                sanctions.iter().map(|s| s.zh()).collect::<Vec<_>>().join("、")
            ));
    }
    vec![p.text("。")]
}

/// （九）表彰.
fn commendations(d: &Drafter<'_, '_>) -> Vec<Para> {
    let commendations = d.of(Kind::Commendation, |_| true);
    if commendations.is_empty() {
        return vec![Para::default().text("本年度无表彰奖励记录。")];
    }
    vec![
        d.list(
            Para::default().text("注重发挥先进典型的示范作用（第十七条）："),
            &commendations,
            "",
        )
        .text("。"),
    ]
}
