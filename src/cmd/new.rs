//! `zerenzhi new KIND`: a new record file, correctly named and placed, with
//! the front matter its kind needs.

use std::io::{self, Write};
use std::path::PathBuf;

use chrono::NaiveDate;

use super::Exit;
use zerenzhi::Project;
use zerenzhi::load::schema::{RECORD_KEYS, suggest};
use zerenzhi::model::{Kind, LEADERSHIP, Org, PLACEHOLDER, Role};

#[derive(Debug, Clone, clap::Args)]
#[command(after_help = kinds_help())]
pub(crate) struct NewArgs {
    /// 记录类型：中文名（如 民主生活会，也可只写 生活会）或英文编号（如 life_meeting），见下方列表
    pub kind: String,
    /// 记录目录（records folder）；默认在当前目录及上级目录中查找 org.toml 或 records/org.toml
    #[arg(long, value_name = "DIR")]
    pub records: Option<PathBuf>,
    /// 科室编号，默认为领导班子（leadership）
    #[arg(long, value_name = "ID", default_value = LEADERSHIP)]
    pub section: String,
    /// 日期，默认为今天
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_date)]
    pub date: Option<NaiveDate>,
    /// 标题，默认为类型的中文名
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
}

/// The kinds, for `new --help`.
fn kinds_help() -> String {
    let list: Vec<String> = Kind::ALL
        .iter()
        .map(|k| format!("  {}（{}）", k.zh(), k.id()))
        .collect();
    format!("记录类型：\n{}", list.join("\n"))
}

pub(crate) fn run(args: &NewArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Exit> {
    let kind = match Kind::parse_loose(&args.kind) {
        Ok(kind) => Some(kind),
        Err(could_be) => {
            let hint = match &could_be[..] {
                [] => suggest(&args.kind, Kind::ALL.iter().flat_map(|k| [k.id(), k.zh()]))
                    .map(|s| format!("，是否想写 `{s}`？"))
                    .unwrap_or_default(),
                many => format!(
                    "，可能是：{}",
                    many.iter().map(|k| k.zh()).collect::<Vec<_>>().join("、")
                ),
            };
            writeln!(err, "zerenzhi: 不认识的记录类型 `{}`{hint}", args.kind)?;
            None
        }
    };
    let Some(kind) = kind else {
        writeln!(
            err,
            "可用的类型：{}",
            Kind::ALL
                .iter()
                .map(|k| format!("{}（{}）", k.id(), k.zh()))
                .collect::<Vec<_>>()
                .join("、")
        )?;
        return Ok(Exit::Usage);
    };
    let records = super::locate(args.records.as_deref()).records;
    let project = match Project::open(&records) {
        Ok(p) => p,
        Err(e) => {
            writeln!(err, "zerenzhi: {e}")?;
            return Ok(Exit::Usage);
        }
    };
    let org = &project.data.records.org;
    let Some(section) = super::section_id(org, &args.section) else {
        let hint = suggest(
            &args.section,
            org.sections.iter().map(|s| s.id.as_str()).chain([LEADERSHIP]),
        )
        .map(|s| format!("，是否想写 `{s}`？"))
        .unwrap_or_default();
        writeln!(err, "zerenzhi: org.toml 中没有科室 `{}`{hint}", args.section)?;
        return Ok(Exit::Usage);
    };
    let date = match args.date {
        Some(d) => d,
        None => match zerenzhi::resolve_as_of(None) {
            Ok(d) => d,
            Err(message) => {
                writeln!(err, "zerenzhi: {message}")?;
                return Ok(Exit::Usage);
            }
        },
    };
    let title = args.title.clone().unwrap_or_else(|| kind.zh().to_string());
    let year = chrono::Datelike::year(&date);
    let rel = format!("{year}/{section}/{date}-{}.md", file_stem(&title));
    let path = records.join(&rel);
    let text = front_matter(kind, &title, date, &section, org);
    match super::create_new(&path, &text) {
        Ok(true) => {
            writeln!(out, "已创建 {}", path.display())?;
            Ok(Exit::Ok)
        }
        Ok(false) => {
            writeln!(err, "zerenzhi: {rel} 已存在，不会覆盖；请换一个标题或日期")?;
            Ok(Exit::Problems)
        }
        Err(e) => {
            writeln!(err, "zerenzhi: 无法创建 {rel}：{e}")?;
            Ok(Exit::Problems)
        }
    }
}

/// A file name from a title: letters, digits and CJK kept, the rest `-`.
fn file_stem(title: &str) -> String {
    let stem: String = title
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    let stem = stem.trim_matches('-').to_string();
    if stem.is_empty() {
        "记录".into()
    } else {
        stem.chars().take(40).collect()
    }
}

fn label(key: &str) -> &'static str {
    RECORD_KEYS.iter().find(|k| k.name == key).map_or("", |k| k.zh)
}

/// The front matter for a kind: required keys filled with valid values
/// (marked "请核对"), optional keys as comments explaining them.
fn front_matter(kind: Kind, title: &str, date: NaiveDate, section: &str, org: &Org) -> String {
    let on = date;
    let person_with = |role: Role| org.with_role_on(role, on).next().map(|p| p.id.clone());
    let chief = org
        .people
        .iter()
        .find(|p| p.section.as_deref() == Some(section) && p.has_role(Role::SectionChief) && p.in_post_on(on))
        .map(|p| p.id.clone());
    let director = person_with(Role::Director);
    let someone = chief
        .clone()
        .or(director.clone())
        .or_else(|| org.people.first().map(|p| p.id.clone()));
    let q = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let mut lines = vec![
        "+++".to_string(),
        format!(
            "# {}（{}）：标有“必填”的字段必须写；写完后运行 zerenzhi check",
            kind.zh(),
            kind.id()
        ),
        format!("# 正文中的“{PLACEHOLDER}”都换成实际内容后，这条记录才计入规则检查"),
        format!("kind = {}", q(kind.id())),
        format!("title = {}", q(title)),
        format!("date = {date}"),
    ];
    let required = |key: &str, value: String| format!("{key} = {value}  # 必填：{}，请核对", label(key));
    let optional = |key: &str, example: &str| format!("# {key} = {example}   # {}，可选", label(key));
    match kind {
        Kind::Talk => {
            lines.push(required("person", q(&someone.clone().unwrap_or_default())));
            lines.push(required(
                "by",
                q(&director.clone().or(someone.clone()).unwrap_or_default()),
            ));
        }
        Kind::Petition => {
            lines.push(required("status", q("open")));
            lines.push("# 办结后改为 status = \"closed\"，并写 closed_on = 办结日期".into());
            lines.push(optional("handler", "\"人员编号\""));
            lines.push(optional("petitioner", "\"来信来访人姓名（网站上只显示姓氏）\""));
        }
        Kind::Finding => {
            lines.push(required("deadline", (date + chrono::Days::new(30)).to_string()));
            lines.push(required("status", q("open")));
            lines.push("# 整改完成后改为 status = \"rectified\"，并写 rectified_on、result_reported_on".into());
            if let Some(owner) = &someone {
                lines.push(required("owner", q(owner)));
            }
            lines.push(optional(
                "source",
                "\"发现问题的记录编号，如 2026/leadership/2026-06-29-assessment\"",
            ));
        }
        Kind::SpecialReport => {
            let to = if section == LEADERSHIP {
                &org.unit.discipline_body
            } else {
                &org.unit.party_branch
            };
            lines.push(required("to", q(if to.is_empty() { "主送机关" } else { to })));
            lines.push(optional("submitted_on", &date.to_string()));
        }
        Kind::DutyReport => lines.push(required(
            "person",
            q(&chief.clone().or(director.clone()).unwrap_or_default()),
        )),
        Kind::Evaluation => {
            let target = if section == LEADERSHIP { LEADERSHIP } else { section };
            lines.push(required("target", q(target)));
        }
        Kind::Accountability => {
            lines.push(required("person", q(&someone.clone().unwrap_or_default())));
            lines.push(required("clause", q("15.other")));
            lines.push(required("severity", q("minor")));
            lines.push(required("responsibility", q("important")));
            lines.push(required("collective", "false".into()));
            lines.push(required("sanction", "[\"criticism_education\"]".into()));
            lines.push("# 条款、情节、处分写错时，zerenzhi check 会列出可选的值".into());
        }
        Kind::Plan | Kind::Assessment => lines.push(optional("targets", "[\"leadership\", \"科室编号\"]")),
        Kind::Inspection => {
            lines.push(optional("targets", "[\"科室编号\"]"));
            lines.push(optional("inspectors", "[\"人员编号\"]"));
        }
        Kind::ResponsibilityLetter => lines.push(optional("signed_by", "[\"人员编号\"]")),
        Kind::Education => lines.push(optional("participants_count", "30")),
        Kind::Commendation => lines.push(optional("person", "\"人员编号（不写则表彰所在科室）\"")),
        _ => {}
    }
    finish(kind, lines)
}

/// The keys every kind may have, the closing `+++` and the body's outline.
fn finish(kind: Kind, mut lines: Vec<String>) -> String {
    let optional = |key: &str, example: &str| format!("# {key} = {example}   # {}，可选", label(key));
    if meeting_like(kind) {
        lines.push(optional("chair", "\"人员编号\""));
        lines.push(optional("attendees", "[\"人员编号\", \"人员编号\"]"));
    }
    lines.push(optional("attachments", "[\"attachments/文件名.pdf\"]"));
    lines.push(optional("visibility", "\"restricted\"   # 限制级：不出现在公开版网站"));
    lines.push("+++".into());
    for heading in outline(kind) {
        lines.push(String::new());
        lines.push(format!("## {heading}"));
        lines.push(String::new());
        lines.push(PLACEHOLDER.into());
    }
    lines.join("\n") + "\n"
}

/// Kinds held as a meeting or an activity, with a chair and attendees.
fn meeting_like(kind: Kind) -> bool {
    use Kind::*;
    matches!(
        kind,
        SpecialMeeting
            | LifeMeeting
            | MidyearReview
            | YearSummary
            | Education
            | Assessment
            | Evaluation
            | Inspection
            | Plan
    )
}

/// The headings of a record's body, by kind: what such a record says.
fn outline(kind: Kind) -> &'static [&'static str] {
    use Kind::*;
    match kind {
        Plan => &["工作目标", "主要任务", "责任分工", "时间安排"],
        ResponsibilityLetter => &["签订范围", "主要责任内容"],
        MidyearReview | YearSummary => &["主要工作", "取得成效", "存在问题", "下一步打算"],
        SpecialMeeting => &["会议议题", "研究部署", "议定事项"],
        LifeMeeting => &["会议主题", "对照检查", "批评与自我批评", "整改措施"],
        Education => &["教育内容", "教育形式", "效果"],
        Regulation => &["制度名称和文号", "主要内容"],
        Talk => &["谈话事由", "谈话内容", "本人态度"],
        Petition => &["反映问题", "办理经过", "办理结果"],
        Assessment => &["考核对象和方式", "考核结果", "发现的问题"],
        Finding => &["问题表现", "整改措施", "完成情况"],
        SpecialReport => &["报告要点"],
        DutyReport => &["履行责任情况", "廉洁自律情况", "存在问题"],
        Evaluation => &["评议对象和方式", "评议结果"],
        Inspection => &["检查对象和内容", "发现的问题"],
        Accountability => &["事实经过", "责任认定", "处理结果"],
        Commendation => &["表彰事由", "表彰形式"],
        Other => &["内容"],
    }
}
