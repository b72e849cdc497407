//! Reading bundles at the level above, checked like records: each problem
//! names the file and the JSON path, in Chinese. A bundle with an error is
//! never rolled up silently: the roll-up is not made until it is fixed.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::{Content, FORMAT, Identity, VERSION, sha256};

/// Largest bundle read (a unit-year is kilobytes).
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The bundle cannot be rolled up.
    Error,
    /// Rolled up, and flagged on its pages.
    Warning,
}

/// A problem with a bundle.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// The file, as given.
    pub file: String,
    /// Error or warning.
    pub severity: Severity,
    /// The problem's code, such as `E-BUNDLE-CHECKSUM`.
    pub code: &'static str,
    /// Where in the file: a JSON path such as `$.content.as_of`, or a line
    /// and column.
    pub at: String,
    /// What is wrong, in Chinese.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Problem {
    fn error(file: &str, code: &'static str, at: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            file: file.to_string(),
            severity: Severity::Error,
            code,
            at: at.into(),
            message: message.into(),
            hint: None,
        }
    }

    fn warning(file: &str, code: &'static str, at: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(file, code, at, message)
        }
    }

    fn hint(mut self, hint: impl Into<String>) -> Problem {
        self.hint = Some(hint.into());
        self
    }

    /// The problem the way `check` shows data errors.
    pub fn render(&self) -> String {
        let level = match self.severity {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        };
        let mut out = format!(
            "{level}[{}]：{}\n  --> {}  {}",
            self.code, self.message, self.file, self.at
        );
        if let Some(hint) = &self.hint {
            out.push_str(&format!("\n  = 提示：{hint}"));
        }
        out
    }
}

/// A bundle read and checked.
#[derive(Debug, Clone)]
pub struct Received {
    /// The file, as given.
    pub file: String,
    /// The SHA-256 of its content.
    pub sha256: String,
    /// What it holds.
    pub content: Content,
}

/// What the level above expects of every bundle.
#[derive(Debug, Clone, Default)]
pub struct Expect {
    /// The unit rolling up: every bundle's parent must name it.
    pub unit: Option<Identity>,
    /// The day every bundle must be judged as of.
    pub as_of: Option<NaiveDate>,
    /// The units that should send a bundle.
    pub members: Option<Members>,
}

/// The units that should send a bundle each year, from a list: one a line,
/// by full name, short name or code; `#` starts a comment.
#[derive(Debug, Clone, Default)]
pub struct Members {
    /// The list's file, as given.
    pub file: String,
    /// Each unit as written, with its line (from 1).
    pub units: Vec<(usize, String)>,
}

impl Members {
    /// The list in `path`.
    pub fn read(path: &Path) -> std::io::Result<Members> {
        let text = std::fs::read_to_string(path)?;
        let units = text
            .lines()
            .enumerate()
            .map(|(i, line)| (i + 1, line.split('#').next().unwrap_or("").trim().to_string()))
            .filter(|(_, unit)| !unit.is_empty())
            .collect();
        Ok(Members {
            file: path.display().to_string(),
            units,
        })
    }

    /// Whether the list names `unit`.
    pub fn lists(&self, unit: &Identity) -> bool {
        self.units.iter().any(|(_, m)| unit.is_named_by(m))
    }

    /// The listed units that sent no bundle for `year` among `received`,
    /// with their lines.
    pub fn absent<'a>(
        &'a self,
        received: impl Iterator<Item = &'a Content> + Clone,
        year: i32,
    ) -> Vec<(usize, &'a str)> {
        self.units
            .iter()
            .filter(|(_, m)| !received.clone().any(|c| c.year == year && c.unit.is_named_by(m)))
            .map(|(line, m)| (*line, m.as_str()))
            .collect()
    }
}

/// The bundle files `inputs` name: files as given, and every `.json`
/// beneath folders, in name order; or what could not be read.
pub fn files(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<Problem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found = Vec::new();
            for entry in walkdir::WalkDir::new(input).sort_by_file_name() {
                let entry = match entry {
                    Ok(entry) => entry,
                    Err(e) => {
                        let at = e.path().unwrap_or(input).display().to_string();
                        problems.push(Problem::error(&at, "E-BUNDLE-READ", "", format!("无法读取：{e}")));
                        continue;
                    }
                };
                let name = entry.file_name().to_string_lossy();
                // a bundle is any .json but a schema, and nothing hidden
                if entry.file_type().is_file()
                    && name.ends_with(".json")
                    && !name.ends_with(".schema.json")
                    && !name.starts_with('.')
                {
                    found.push(entry.into_path());
                }
            }
            if found.is_empty() {
                problems.push(Problem::error(
                    &input.display().to_string(),
                    "E-BUNDLE-READ",
                    "",
                    "这个文件夹中没有汇总包（.json 文件）",
                ));
            }
            files.append(&mut found);
        } else if input.is_file() {
            files.push(input.clone());
        } else {
            problems.push(Problem::error(
                &input.display().to_string(),
                "E-BUNDLE-READ",
                "",
                "找不到这个文件或文件夹",
            ));
        }
    }
    (files, problems)
}

/// Reads and checks every file, in parallel; the problems sorted by file.
pub fn read_all(files: &[PathBuf], expect: &Expect) -> (Vec<Received>, Vec<Problem>) {
    let read: Vec<Result<Received, Problem>> = files.par_iter().map(|f| read(f)).collect();
    let mut received = Vec::new();
    let mut problems = Vec::new();
    for r in read {
        match r {
            Ok(r) => received.push(r),
            Err(p) => problems.push(p),
        }
    }
    problems.extend(check_set(&received, expect));
    problems.sort();
    (received, problems)
}

#[derive(Deserialize)]
struct Envelope<'a> {
    format: Option<String>,
    version: Option<serde_json::Value>,
    sha256: Option<String>,
    #[serde(borrow)]
    content: Option<&'a RawValue>,
}

/// Reads one bundle and checks it alone: its format, version, checksum
/// and content.
pub fn read(path: &Path) -> Result<Received, Problem> {
    let file = path.display().to_string();
    let err = |code, at: &str, message: String| Problem::error(&file, code, at, message);
    let too_big = std::fs::metadata(path).is_ok_and(|m| m.len() > MAX_BYTES);
    if too_big {
        return Err(err(
            "E-BUNDLE-READ",
            "",
            format!("文件超过 {} MB，不是汇总包", MAX_BYTES / 1024 / 1024),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| err("E-BUNDLE-READ", "", format!("无法读取：{e}")))?;
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return Err(err("E-BUNDLE-JSON", "", "不是 UTF-8 编码的文本，不是汇总包".into()));
    };
    let envelope: Envelope = serde_json::from_str(text).map_err(|e| {
        err(
            "E-BUNDLE-JSON",
            &format!("第 {} 行第 {} 列", e.line(), e.column()),
            "不是有效的 JSON 文件".into(),
        )
        .hint("汇总包由 zerenzhi export --bundle 生成，请勿手工修改")
    })?;
    if envelope.format.as_deref() != Some(FORMAT) {
        return Err(err(
            "E-BUNDLE-FORMAT",
            "$.format",
            format!("不是汇总包：format 应为 \"{FORMAT}\""),
        ));
    }
    let version = envelope.version.as_ref().and_then(serde_json::Value::as_u64);
    match version {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) if v > u64::from(VERSION) => {
            return Err(err(
                "E-BUNDLE-VERSION",
                "$.version",
                format!("汇总包的格式版本为 {v}，比本工具能读的版本 {VERSION} 新"),
            )
            .hint("请升级 zerenzhi 后再汇总"));
        }
        _ => {
            return Err(err(
                "E-BUNDLE-VERSION",
                "$.version",
                format!("不认识的汇总包格式版本（本工具读取版本 {VERSION}）"),
            ));
        }
    }
    let Some(content) = envelope.content else {
        return Err(err("E-BUNDLE-CONTENT", "$.content", "缺少 content".into()));
    };
    let actual = sha256(content.get().as_bytes());
    if envelope.sha256.as_deref() != Some(actual.as_str()) {
        return Err(err(
            "E-BUNDLE-CHECKSUM",
            "$.sha256",
            "内容与校验值不符：汇总包在导出后被改动过，或没有完整传输".into(),
        )
        .hint("请该单位重新运行 zerenzhi export --bundle，发来新的汇总包"));
    }
    let mut de = serde_json::Deserializer::from_str(content.get());
    let content: Content = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let at = if path == "." {
            "$.content".to_string()
        } else {
            format!("$.content.{path}")
        };
        let why = e.into_inner();
        err(
            "E-BUNDLE-CONTENT",
            &at,
            format!("内容不符合汇总包格式（{}）", describe(&why)),
        )
    })?;
    // the roll-up links to it: a web address and nothing else
    if let Some(url) = &content.unit.site_url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        return Err(err(
            "E-BUNDLE-CONTENT",
            "$.content.unit.site_url",
            format!("本单位网站的地址 `{url}` 不是以 http:// 或 https:// 开头的网址"),
        ));
    }
    if !content.adds_up() {
        return Err(err(
            "E-BUNDLE-CONTENT",
            "$.content.totals",
            "规则计数或合计与明细对不上：汇总包的内容被改动过".into(),
        )
        .hint("请该单位重新运行 zerenzhi export --bundle，发来新的汇总包"));
    }
    Ok(Received {
        file,
        sha256: actual,
        content,
    })
}

/// serde's complaint, with its English words in Chinese.
fn describe(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let text = text.split(" at line ").next().unwrap_or(&text);
    if let Some(field) = text.strip_prefix("missing field `") {
        return format!("缺少 {}", field.trim_end_matches('`'));
    }
    if let Some(rest) = text.strip_prefix("unknown field `") {
        return format!("多了 {}", rest.split('`').next().unwrap_or(""));
    }
    if text.starts_with("invalid type") || text.starts_with("invalid value") {
        return "值的类型不对".into();
    }
    if text.contains("premature end") || text.contains("input contains invalid characters") {
        return "日期应写作 2026-06-18".into();
    }
    "值无效".into()
}

/// The checks across bundles: one per unit and year, the same as-of day,
/// the right parent, committed records.
fn check_set(received: &[Received], expect: &Expect) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut seen: HashMap<(&str, i32), &str> = HashMap::new();
    for r in received {
        let c = &r.content;
        if let Some(first) = seen.insert((c.unit.key(), c.year), &r.file) {
            problems.push(
                Problem::error(
                    &r.file,
                    "E-BUNDLE-DUPLICATE",
                    "$.content.unit",
                    format!("{}的 {} 年度汇总包有两份：另一份是 {first}", c.unit.name, c.year),
                )
                .hint("每个单位每个年度只留一份汇总包（保留最新导出的）"),
            );
        }
        if let Some(unit) = &expect.unit {
            match &c.unit.parent {
                Some(parent) if !unit.is_named_by(parent) => problems.push(
                    Problem::error(
                        &r.file,
                        "E-BUNDLE-PARENT",
                        "$.content.unit.parent",
                        format!("{}的上级单位是“{parent}”，不是本级（{}）", c.unit.name, unit.name),
                    )
                    .hint("不属于本级汇总的汇总包请移出；属于的，请该单位在 org.toml 的 [unit] 中改正 parent"),
                ),
                None => problems.push(
                    Problem::warning(
                        &r.file,
                        "W-BUNDLE-PARENT",
                        "$.content.unit.parent",
                        format!("{}没有写上级单位", c.unit.name),
                    )
                    .hint("请该单位在 org.toml 的 [unit] 中写 parent 或 discipline_body"),
                ),
                Some(_) => {}
            }
        }
        let whose = match c.kind {
            super::BundleKind::Unit => format!("{}的记录", c.unit.name),
            super::BundleKind::Rollup => format!("{}汇总的单位中有的记录", c.unit.name),
        };
        match c.source.clean {
            Some(true) => {}
            Some(false) => problems.push(
                Problem::warning(
                    &r.file,
                    "W-BUNDLE-UNCOMMITTED",
                    "$.content.source.clean",
                    format!("{whose}导出时有未提交的修改：汇总的数字无法追溯到版本库中的提交"),
                )
                .hint("请该单位提交记录（git commit）后重新导出"),
            ),
            None => problems.push(Problem::warning(
                &r.file,
                "W-BUNDLE-UNCOMMITTED",
                "$.content.source.clean",
                format!("{whose}不在版本库中：汇总的数字无法追溯到提交"),
            )),
        }
    }
    problems.extend(check_as_of(received, expect));
    if let Some(members) = &expect.members {
        problems.extend(check_members(received, members));
    }
    problems
}

/// One as-of day for every bundle of a year: the one asked for, else the
/// one most bundles have.
fn check_as_of(received: &[Received], expect: &Expect) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut by_year: BTreeMap<i32, BTreeMap<NaiveDate, usize>> = BTreeMap::new();
    for r in received {
        *by_year
            .entry(r.content.year)
            .or_default()
            .entry(r.content.as_of)
            .or_default() += 1;
    }
    for r in received {
        let c = &r.content;
        let expected = expect.as_of.or_else(|| {
            by_year.get(&c.year).and_then(|days| {
                days.iter()
                    .max_by_key(|(day, n)| (**n, std::cmp::Reverse(**day)))
                    .map(|(day, _)| *day)
            })
        });
        if let Some(day) = expected.filter(|day| *day != c.as_of) {
            problems.push(
                Problem::error(
                    &r.file,
                    "E-BUNDLE-AS-OF",
                    "$.content.as_of",
                    format!(
                        "{}的汇总包截至 {}，与{}的 {day} 不同：截至不同日期的结果不能比较",
                        c.unit.name,
                        c.as_of,
                        if expect.as_of.is_some() {
                            "要求"
                        } else {
                            "其他汇总包"
                        }
                    ),
                )
                .hint(format!(
                    "请该单位用 zerenzhi export --bundle --year {} --as-of {day} 重新导出",
                    c.year
                )),
            );
        }
    }
    problems
}

/// Every bundle from a listed unit, and a bundle from every listed unit
/// for each year rolled up.
fn check_members(received: &[Received], members: &Members) -> Vec<Problem> {
    let mut problems = Vec::new();
    for r in received.iter().filter(|r| !members.lists(&r.content.unit)) {
        problems.push(
            Problem::warning(
                &r.file,
                "W-BUNDLE-UNLISTED",
                "$.content.unit",
                format!("{}不在应汇总的单位名单（{}）中", r.content.unit.name, members.file),
            )
            .hint("属于本级汇总的，请把它加进名单（全称、简称或单位代码）"),
        );
    }
    let years: std::collections::BTreeSet<i32> = received.iter().map(|r| r.content.year).collect();
    for year in years {
        for (line, unit) in members.absent(received.iter().map(|r| &r.content), year) {
            problems.push(
                Problem::warning(
                    &members.file,
                    "W-BUNDLE-MISSING",
                    format!("第 {line} 行"),
                    format!("{unit}没有报送 {year} 年度的汇总包"),
                )
                .hint("请该单位运行 zerenzhi export --bundle 后报送"),
            );
        }
    }
    problems
}
