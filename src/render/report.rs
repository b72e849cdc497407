//! The year-end 专题报告 (Article 11): drafted from the records and the rule
//! results, in the register of a real report, then overlaid heading by
//! heading with what the staff wrote in the year's `report.md` (or a
//! section's own `report.md`).

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::markdown;
use super::view::{Link, Views, href};
use crate::model::*;
use crate::rules::{Level, Outcome, Status};

/// A paragraph: text with links to the records it cites.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Para(pub Vec<Link>);

impl Para {
    fn text(mut self, text: impl Into<String>) -> Para {
        let text = text.into();
        match self.0.last_mut() {
            Some(last) if last.url.is_none() => last.text.push_str(&text),
            _ => self.0.push(Link {
                text,
                url: None,
                download: None,
            }),
        }
        self
    }

    fn link(mut self, text: impl Into<String>, url: Option<String>) -> Para {
        self.0.push(Link {
            text: text.into(),
            url: url.as_deref().map(href),
            download: None,
        });
        self
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Part {
    /// 一、 or （一）
    pub number: String,
    pub title: String,
    pub paras: Vec<Para>,
    /// The staff's text, when it replaces the draft.
    pub html: Option<String>,
    pub children: Vec<Part>,
    /// Written by the staff rather than drafted.
    pub written: bool,
}

impl Part {
    fn new(title: &str, paras: Vec<Para>) -> Part {
        Part {
            number: String::new(),
            title: title.to_string(),
            paras: paras.into_iter().filter(|p| !p.is_empty()).collect(),
            html: None,
            children: Vec::new(),
            written: false,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub title: String,
    /// 主送机关
    pub to: String,
    pub opening: Vec<Para>,
    pub opening_html: Option<String>,
    pub parts: Vec<Part>,
    /// 发文机关署名
    pub signature: String,
    /// 成文日期, as 2026年12月30日
    pub date_zh: String,
    /// True when some part comes from the staff's narrative.
    pub has_narrative: bool,
}

const NUMBERS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

fn number(i: usize) -> &'static str {
    NUMBERS.get(i).copied().unwrap_or("十")
}

/// Puts 一、二、… on parts and （一）（二）… on their children.
fn renumber(parts: &mut [Part]) {
    for (i, part) in parts.iter_mut().enumerate() {
        part.number = format!("{}、", number(i));
        for (j, child) in part.children.iter_mut().enumerate() {
            child.number = format!("（{}）", number(j));
        }
    }
}

/// "2月26日" within the report's year, "2027年1月20日" outside it.
fn day(year: i32, date: NaiveDate) -> String {
    if date.year() == year {
        format!("{}月{}日", date.month(), date.day())
    } else {
        date_zh(date)
    }
}

fn join_days(year: i32, records: &[&Record]) -> String {
    records.iter().map(|r| day(year, r.date)).collect::<Vec<_>>().join("、")
}

struct Drafter<'a, 'v> {
    v: &'a Views<'v>,
    year: i32,
    /// The records of the year that have happened as of the date.
    records: Vec<&'a Record>,
    outcomes: &'a [Outcome],
}

impl<'a> Drafter<'a, '_> {
    fn of(&self, kind: Kind, pred: impl Fn(&Record) -> bool) -> Vec<&'a Record> {
        self.records
            .iter()
            .copied()
            .filter(|r| r.kind == kind && pred(r))
            .collect()
    }

    fn url(&self, r: &Record) -> Option<String> {
        self.v.urls.record(&r.id)
    }

    /// "2月26日召开…；9月3日召开…", each title linked to its record; a
    /// plan's title is a document's name and gets 《》.
    fn list(&self, mut p: Para, records: &[&Record], verb: &str) -> Para {
        for (i, r) in records.iter().enumerate() {
            if i > 0 {
                p = p.text("；");
            }
            let title = if r.kind == Kind::Plan && !r.title.contains('《') {
                format!("《{}》", r.title)
            } else {
                r.title.clone()
            };
            p = p
                .text(format!("{}{verb}", day(self.year, r.date)))
                .link(title, self.url(r));
        }
        p
    }

    fn org(&self) -> &Org {
        &self.v.data.org
    }

    fn names(&self, ids: &[String]) -> String {
        ids.iter()
            .map(|id| self.org().scope_name(id).to_string())
            .collect::<Vec<_>>()
            .join("、")
    }

    /// The date the report is dated: that of the special report record
    /// filed for it, else the as-of date.
    fn dated(&self, scope: &str) -> NaiveDate {
        self.v
            .data
            .of_year(self.year)
            .find(|r| r.kind == Kind::SpecialReport && r.scope == scope)
            .map_or(self.v.as_of, |r| r.date)
    }

    fn problems(&self, mine: impl Fn(&Outcome) -> bool) -> Vec<Para> {
        let mut list: Vec<&Outcome> = self
            .outcomes
            .iter()
            .filter(|o| o.status == Status::Violated && mine(o))
            .collect();
        list.sort_by_key(|o| (o.level, o.due));
        if list.is_empty() {
            return vec![Para::default().text("对照实施办法逐条检查，截至目前未发现未落实的事项。")];
        }
        let mut paras = vec![Para::default().text(format!(
            "对照实施办法逐条检查，截至{}，仍有{}项要求未落实到位：",
            date_zh(self.v.as_of),
            list.len()
        ))];
        for (i, o) in list.iter().enumerate() {
            let mut p = Para::default().text(format!("{}. ", i + 1)).text(o.message.clone());
            if o.level == Level::Advisory {
                p = p.text("（倡导性要求）");
            }
            paras.push(p.text("。"));
        }
        paras
    }

    fn plans(&self, mine: impl Fn(&Outcome) -> bool) -> Vec<Para> {
        let violated: Vec<&Outcome> = self
            .outcomes
            .iter()
            .filter(|o| o.status == Status::Violated && mine(o))
            .collect();
        let mut items: Vec<String> = Vec::new();
        if !violated.is_empty() {
            items.push("针对上述问题逐项制定整改措施，明确责任人和完成时限，整改结果按规定及时上报。".into());
        }
        let mut seen = Vec::new();
        for o in &violated {
            if seen.contains(&o.rule) {
                continue;
            }
            seen.push(o.rule.clone());
            if let Some(rule) = self.v.rules.iter().find(|r| r.id == o.rule) {
                items.push(format!("严格落实“{}”的要求（{}）。", rule.title, rule.article));
            }
        }
        items.push(
            "坚持把党风廉政建设与业务工作一起部署、一起落实、一起检查、一起考核，推动责任制各项要求落到实处。".into(),
        );
        items
            .into_iter()
            .enumerate()
            .map(|(i, t)| Para::default().text(format!("{}. {t}", i + 1)))
            .collect()
    }
}

/// The unit's report to the discipline body.
pub fn unit(v: &Views<'_>, outcomes: &[Outcome]) -> Report {
    let d = Drafter {
        v,
        year: v.year,
        records: v.records().filter(|r| r.date <= v.as_of).collect(),
        outcomes,
    };
    let org = d.org();
    let y = d.year;
    let unit = &org.unit;
    let on = Period::year(y).end().min(v.as_of);

    // 一、基本情况
    let mut basic = Para::default().text(format!(
        "{}内设{}个科室：{}。",
        unit.name,
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
    let mut changes = Vec::new();
    for p in org.people.iter().filter(|p| p.is_leader()) {
        if let Some(until) = p.until.filter(|u| u.year() == y && *u <= v.as_of) {
            changes.push(format!("{}同志于{}离任", p.name, day(y, until)));
        }
        if let Some(from) = p.from.filter(|f| f.year() == y && *f <= v.as_of) {
            let what = if p.oversees.is_empty() {
                String::new()
            } else {
                format!("，分管{}", d.names(&p.oversees))
            };
            changes.push(format!("{}同志自{}起任职{what}", p.name, day(y, from)));
        }
    }
    let mut basic_paras = vec![basic];
    if !changes.is_empty() {
        basic_paras.push(Para::default().text(format!("年内人员调整：{}。", changes.join("；"))));
    }

    // 二、主要工作及成效
    let lead = |r: &Record| r.in_leadership();
    let mut org_paras = Vec::new();
    let plans = d.of(Kind::Plan, lead);
    if !plans.is_empty() {
        org_paras.push(
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
        org_paras.push(if n > 0 {
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
        org_paras.push(d.list(p, &meetings, "召开").text("。"));
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
        org_paras.push(p);
    }

    let educations = d.of(Kind::Education, |_| true);
    let edu = if educations.is_empty() {
        vec![Para::default().text("本年度尚无廉政教育记录。")]
    } else {
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
    };

    let regulations = d.of(Kind::Regulation, |_| true);
    let reg = if regulations.is_empty() {
        vec![Para::default().text("本年度尚无制度建设记录。")]
    } else {
        let p = Para::default().text(format!("结合实际制定、修订党风廉政制度{}项：", regulations.len()));
        vec![d.list(p, &regulations, "").text("。")]
    };

    let mut supervision = Vec::new();
    let assessments = d.of(Kind::Assessment, |_| true);
    if !assessments.is_empty() {
        let p = Para::default().text(format!("全年开展责任制考核{}次：", assessments.len()));
        supervision.push(d.list(p, &assessments, "开展").text("，考核结果与年度考核相结合。"));
    }
    for r in d.of(Kind::Inspection, lead) {
        let p = Para::default()
            .text(format!("{}，", day(y, r.date)))
            .link(r.title.clone(), d.url(r));
        supervision.push(if r.targets().is_empty() {
            p.text("。")
        } else {
            p.text(format!("，检查了{}。", d.names(r.targets())))
        });
    }
    let selfs = d.of(Kind::Inspection, |r| !r.in_leadership());
    if !selfs.is_empty() {
        let mut by_section: Vec<(String, usize)> = Vec::new();
        for s in &org.sections {
            let n = selfs.iter().filter(|r| r.scope == s.id).count();
            if n > 0 {
                by_section.push((s.name.clone(), n));
            }
        }
        supervision.push(Para::default().text(format!(
            "各科室开展党风廉政建设自查{}次（{}）。",
            selfs.len(),
            by_section.iter().map(|(s, n)| format!("{s}{n}次")).collect::<Vec<_>>().join("、")
        )));
    }
    let evaluations = d.of(Kind::Evaluation, |_| true);
    if !evaluations.is_empty() {
        supervision.push(d.list(Para::default(), &evaluations, "开展").text("。"));
    }
    if supervision.is_empty() {
        supervision.push(Para::default().text("本年度尚无监督检查和考核记录。"));
    }

    let mut life = Vec::new();
    let lead_life = d.of(Kind::LifeMeeting, lead);
    if !lead_life.is_empty() {
        life.push(
            d.list(Para::default(), &lead_life, "召开")
                .text("，班子成员开展批评和自我批评。"),
        );
    }
    let section_life = d.of(Kind::LifeMeeting, |r| !r.in_leadership());
    if !section_life.is_empty() {
        let per: Vec<String> = org
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
        life.push(Para::default().text(format!(
            "各科室共召开廉洁自律专题民主生活会{}次（{}）。",
            section_life.len(),
            per.join("、")
        )));
    }
    let talks = d.of(Kind::Talk, |_| true);
    if !talks.is_empty() {
        life.push(Para::default().text(format!("坚持谈话诫勉制度，全年开展谈话诫勉{}人次。", talks.len())));
    }
    if life.is_empty() {
        life.push(Para::default().text("本年度尚无民主生活会和谈话诫勉记录。"));
    }

    let petitions = d.of(Kind::Petition, |_| true);
    let petition = if petitions.is_empty() {
        vec![Para::default().text("本年度未受理群众来信来访。")]
    } else {
        let closed: Vec<(&Record, NaiveDate)> = petitions
            .iter()
            .filter_map(|r| match r.details {
                Details::Petition { closed_on: Some(c), .. } if c <= v.as_of => Some((*r, c)),
                _ => None,
            })
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
    };

    let findings: Vec<&Record> = d.of(Kind::Finding, |_| true);
    let rectification = if findings.is_empty() {
        vec![Para::default().text("本年度考核和检查中未发现需要整改的问题。")]
    } else {
        let done: Vec<(NaiveDate, NaiveDate, bool)> = findings
            .iter()
            .filter_map(|r| match r.details {
                Details::Finding {
                    deadline,
                    rectified_on: Some(on),
                    result_reported_on,
                    ..
                } if on <= v.as_of => Some((deadline, on, result_reported_on.is_some_and(|d| d <= v.as_of))),
                _ => None,
            })
            .collect();
        let late = done.iter().filter(|(dl, on, _)| on > dl).count();
        let reported = done.iter().filter(|(_, _, rep)| *rep).count();
        let open: Vec<&&Record> = findings
            .iter()
            .filter(|r| !matches!(r.details, Details::Finding { rectified_on: Some(on), .. } if on <= v.as_of))
            .collect();
        let overdue = open
            .iter()
            .filter(|r| matches!(r.details, Details::Finding { deadline, .. } if !crate::rules::before_deadline(v.as_of, deadline)))
            .count();
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
        let mut p = Para::default().text(text);
        p = p
            .text("详见")
            .link("问题整改台账", Some(format!("{y}/findings.html")))
            .text("。");
        vec![p]
    };

    let cases = d.of(Kind::Accountability, |_| true);
    let accountability = if cases.is_empty() {
        vec![Para::default().text("本年度未发生需要追究责任的情形。")]
    } else {
        let mut p = Para::default().text(format!("严格执行责任追究制度，全年实施责任追究{}起：", cases.len()));
        for (i, r) in cases.iter().enumerate() {
            if let Details::Accountability {
                person,
                clause,
                responsibility,
                sanctions,
                ..
            } = &r.details
            {
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
                    .text(format!("{}，依据", day(y, r.date)))
                    .link(clause.zh(), d.url(r))
                    .text(format!(
                        "，对{who}（{}）给予{}",
                        responsibility.zh(),
                        sanctions.iter().map(|s| s.zh()).collect::<Vec<_>>().join("、")
                    ));
            }
        }
        vec![p.text("。")]
    };

    let commendations = d.of(Kind::Commendation, |_| true);
    let commendation = if commendations.is_empty() {
        vec![Para::default().text("本年度无表彰奖励记录。")]
    } else {
        vec![
            d.list(
                Para::default().text("注重发挥先进典型的示范作用（第十七条）："),
                &commendations,
                "",
            )
            .text("。"),
        ]
    };

    let mut work = Part::new("主要工作及成效", vec![]);
    work.children = vec![
        Part::new("组织领导与责任分解", org_paras),
        Part::new("教育", edu),
        Part::new("制度建设", reg),
        Part::new("监督检查与考核", supervision),
        Part::new("民主生活会与谈话诫勉", life),
        Part::new("信访", petition),
        Part::new("问题整改", rectification),
        Part::new("责任追究", accountability),
        Part::new("表彰", commendation),
    ];
    let all = |_: &Outcome| true;
    let mut parts = vec![
        Part::new("基本情况", basic_paras),
        work,
        Part::new("存在的问题", d.problems(all)),
        Part::new("下一步工作打算", d.plans(all)),
    ];
    renumber(&mut parts);
    Report {
        title: format!("关于{y}年度落实党风廉政建设责任制情况的专题报告"),
        to: unit.discipline_body.clone(),
        opening: vec![Para::default().text(format!(
            "{y}年，{}坚持党支部统一领导、各科室各负其责，把党风廉政建设与业务工作一起部署、一起落实、一起检查、一起考核，认真落实党风廉政建设责任制。根据《党风廉政责任制实施办法》第十一条的规定，现将{y}年度落实党风廉政建设责任制情况报告如下。",
            unit.name
        ))],
        opening_html: None,
        parts,
        signature: unit.name.clone(),
        date_zh: date_zh(d.dated(LEADERSHIP)),
        has_narrative: false,
    }
}

/// A section's report to the party branch.
pub fn section(v: &Views<'_>, outcomes: &[Outcome], s: &Section) -> Report {
    let d = Drafter {
        v,
        year: v.year,
        records: v.records().filter(|r| r.date <= v.as_of && r.scope == s.id).collect(),
        outcomes,
    };
    let org = d.org();
    let y = d.year;
    let on = Period::year(y).end().min(v.as_of);
    let names = |role: Role| -> Vec<String> {
        org.people
            .iter()
            .filter(|p| p.section.as_deref() == Some(s.id.as_str()) && p.has_role(role) && p.in_post_on(on))
            .map(|p| p.name.clone())
            .collect()
    };
    let chiefs = names(Role::SectionChief);
    let mut basic = Para::default().text(format!("{}现有", s.name));
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
    basic = basic
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
    basic = basic.text("。");

    let mut children = Vec::new();
    let life = d.of(Kind::LifeMeeting, |_| true);
    children.push(Part::new(
        "民主生活会",
        vec![if life.is_empty() {
            Para::default().text("本年度尚未召开廉洁自律专题民主生活会。")
        } else {
            let p = Para::default().text(format!("全年召开廉洁自律专题民主生活会{}次：", life.len()));
            d.list(p, &life, "召开").text("。")
        }],
    ));
    let checks = d.of(Kind::Inspection, |_| true);
    let targeted: Vec<&Record> = v
        .records()
        .filter(|r| r.date <= v.as_of && r.in_leadership() && r.kind == Kind::Inspection && r.targets().contains(&s.id))
        .collect();
    let mut check_paras = Vec::new();
    if !checks.is_empty() {
        check_paras.push(
            d.list(Para::default().text("组织本科室党风廉政建设自查："), &checks, "开展")
                .text("。"),
        );
    }
    if !targeted.is_empty() {
        check_paras.push(
            d.list(Para::default().text("接受办公室检查："), &targeted, "")
                .text("。"),
        );
    }
    if check_paras.is_empty() {
        check_paras.push(Para::default().text("本年度尚无检查记录。"));
    }
    children.push(Part::new("检查与自查", check_paras));
    let findings = d.of(Kind::Finding, |_| true);
    if !findings.is_empty() {
        let p = Para::default().text(format!("考核、检查发现问题{}个：", findings.len()));
        let p = findings.iter().enumerate().fold(p, |p, (i, r)| {
            let state = match r.details {
                Details::Finding {
                    rectified_on: Some(on),
                    deadline,
                    ..
                } if on <= v.as_of => {
                    if on <= deadline {
                        format!("已于{}整改", day(y, on))
                    } else {
                        format!("于{}整改，超过期限", day(y, on))
                    }
                }
                Details::Finding { deadline, .. } => format!("尚未整改，期限{}", day(y, deadline)),
                _ => String::new(),
            };
            let p = if i > 0 { p.text("；") } else { p };
            p.link(r.title.clone(), d.url(r)).text(format!("，{state}"))
        });
        children.push(Part::new("问题整改", vec![p.text("。")]));
    }
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
    let mine = |o: &Outcome| o.scope == s.id || v.data.record(&o.scope).is_some_and(|r| r.scope == s.id);
    let mut parts = vec![
        Part::new("基本情况", vec![basic]),
        work,
        Part::new("存在的问题", d.problems(mine)),
        Part::new("下一步工作打算", d.plans(mine)),
    ];
    renumber(&mut parts);
    Report {
        title: format!("{}关于{y}年度落实党风廉政建设责任制情况的报告", s.name),
        to: org.unit.party_branch.clone(),
        opening: vec![Para::default().text(format!(
            "根据《党风廉政责任制实施办法》第十一条的规定，现将{}{y}年度落实党风廉政建设责任制情况报告如下。",
            s.name
        ))],
        opening_html: None,
        parts,
        signature: format!("{}{}", org.unit.short_name, s.name),
        date_zh: date_zh(d.dated(&s.id)),
        has_narrative: false,
    }
}

/// Strips 一、 （一） 1. and spaces from a heading, for matching.
fn normalize(heading: &str) -> String {
    let mut h = heading.trim();
    if let Some(rest) = h.strip_prefix('（').and_then(|r| r.split_once('）')) {
        h = rest.1;
    } else if let Some((num, rest)) = h.split_once('、')
        && num.chars().all(|c| NUMBERS.concat().contains(c) || c.is_ascii_digit())
    {
        h = rest;
    } else if let Some((num, rest)) = h.split_once('.')
        && num.chars().all(|c| c.is_ascii_digit())
    {
        h = rest;
    }
    h.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Splits a narrative into its opening and (level, heading, body) sections
/// by Markdown ATX headings.
fn sections(narrative: &str) -> (String, Vec<(usize, String, String)>) {
    let mut opening = String::new();
    let mut out: Vec<(usize, String, String)> = Vec::new();
    let mut in_fence = false;
    for line in narrative.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        let hashes = line.chars().take_while(|c| *c == '#').count();
        let is_heading = !in_fence && (1..=3).contains(&hashes) && line[hashes..].starts_with(' ');
        if is_heading {
            out.push((hashes.max(2), line[hashes..].trim().to_string(), String::new()));
            continue;
        }
        let target = match out.last_mut() {
            Some(section) => &mut section.2,
            None => &mut opening,
        };
        target.push_str(line);
        target.push('\n');
    }
    (opening, out)
}

/// Overlays the staff's narrative: text before the first heading replaces
/// the opening; a `##` heading replaces the part of the same title (a new
/// title adds a part); a `###` heading replaces the sub-part of the same
/// title under the current part (or adds one).
pub fn apply_narrative(report: &mut Report, narrative: &str) {
    let (opening, list) = sections(narrative);
    if !opening.trim().is_empty() {
        report.opening_html = Some(markdown::to_html(&opening));
        report.has_narrative = true;
    }
    let mut current: Option<usize> = None;
    for (level, heading, body) in list {
        report.has_narrative = true;
        let key = normalize(&heading);
        let html = (!body.trim().is_empty()).then(|| markdown::to_html(&body));
        if level == 2 {
            let i = match report.parts.iter().position(|p| normalize(&p.title) == key) {
                Some(i) => i,
                None => {
                    report.parts.push(Part::new(&key, vec![]));
                    report.parts.len() - 1
                }
            };
            let part = &mut report.parts[i];
            if html.is_some() || part.children.is_empty() {
                part.html = html;
                part.paras.clear();
                part.written = true;
            }
            current = Some(i);
        } else {
            // the sub-part of that title under the current part, else under
            // any part; a new title is added under the current part
            let under = |i: usize, parts: &[Part]| parts[i].children.iter().position(|c| normalize(&c.title) == key);
            let found = current
                .and_then(|i| under(i, &report.parts).map(|j| (i, j)))
                .or_else(|| (0..report.parts.len()).find_map(|i| under(i, &report.parts).map(|j| (i, j))));
            let (i, j) = match found {
                Some(found) => found,
                None => {
                    let i = current.unwrap_or(1.min(report.parts.len().saturating_sub(1)));
                    let Some(part) = report.parts.get_mut(i) else { continue };
                    part.children.push(Part::new(&key, vec![]));
                    (i, part.children.len() - 1)
                }
            };
            let child = &mut report.parts[i].children[j];
            child.html = html;
            child.paras.clear();
            child.written = true;
        }
    }
    renumber(&mut report.parts);
}

/// The site path of a report page.
pub fn url(year: i32, section: Option<&str>) -> String {
    match section {
        None => format!("{year}/report/index.html"),
        Some(id) => format!("{year}/report/{}.html", super::view::file_name(id)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_match_without_their_numbers() {
        assert_eq!(normalize("四、下一步工作打算"), "下一步工作打算");
        assert_eq!(normalize("（七）问题整改"), "问题整改");
        assert_eq!(normalize("3. 其他"), "其他");
        assert_eq!(normalize(" 存在的 问题 "), "存在的问题");
    }

    #[test]
    fn narrative_sections() {
        let (opening, list) =
            sections("导语\n\n## 四、下一步工作打算\n\n1. 甲\n\n### （二）教育\n\n乙\n```\n## not a heading\n```\n");
        assert_eq!(opening.trim(), "导语");
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].1, "四、下一步工作打算");
        assert_eq!(list[1].0, 3);
        assert!(list[1].2.contains("## not a heading"));
    }
}
