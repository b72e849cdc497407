//! The TOML mistakes a clerk on a Chinese keyboard makes, each in a record
//! of its own: each gets exactly one error, on its line, that says in
//! Chinese what was typed and how the line should read, with no English
//! from a dependency (an ASCII word in the message is allowed only when
//! the clerk typed it on that line).

mod common;

use common::Tree;
use zerenzhi::Project;
use zerenzhi::diag::{self, Lang};
use zerenzhi::load::schema::RECORD_KEYS;

/// The front matter every case starts from; a case replaces one of its
/// lines (by key) or adds a line at the end.
const BASE: &[(&str, &str)] = &[
    ("kind", "kind = \"special_meeting\""),
    ("title", "title = \"党风廉政专题会议\""),
    ("date", "date = 2026-03-02"),
    ("chair", "chair = \"dir\""),
    ("attendees", "attendees = [\"dep\", \"c1\"]"),
];

/// (the key whose line is replaced, or "" to add a line; the line as the
/// clerk typed it; what the Chinese message must say)
const CASES: &[(&str, &str, &str)] = &[
    ("title", "title = “党风廉政专题会议”", "全角引号“”"),
    ("title", "title = ”党风廉政专题会议“", "全角引号"),
    ("title", "title = ‘党风廉政专题会议’", "全角引号‘’"),
    ("title", "title = 「党风廉政专题会议」", "全角引号「」"),
    ("title", "title = 『党风廉政专题会议』", "全角引号『』"),
    ("title", "title = “党风廉政专题会议\"", "全角引号"),
    ("attendees", "attendees = [“dep”, “c1”]", "全角引号"),
    ("title", "title：\"党风廉政专题会议\"", "全角冒号“：”"),
    ("title", "title ： \"党风廉政专题会议\"", "全角冒号"),
    ("title", "title: \"党风廉政专题会议\"", "冒号“:”"),
    ("title", "title ＝ \"党风廉政专题会议\"", "全角等号“＝”"),
    ("title", "title＝\"党风廉政专题会议\"", "全角等号"),
    ("attendees", "attendees = [\"dep\"，\"c1\"]", "全角逗号“，”"),
    ("attendees", "attendees = [\"dep\"， \"c1\"]", "全角逗号"),
    ("attendees", "attendees = [\"dep\"、\"c1\"]", "顿号“、”"),
    ("attendees", "attendees = 【\"dep\", \"c1\"】", "全角括号【】"),
    ("attendees", "attendees = ［\"dep\", \"c1\"］", "全角括号［］"),
    ("attendees", "attendees = [\"dep\" \"c1\"]", "缺少半角逗号"),
    ("attendees", "attendees = [\"dep\", \"c1\"", "缺少结尾的半角方括号"),
    ("title", "title = \"党风廉政专题会议", "缺少结尾的半角双引号"),
    ("title", "title = \"党风廉政专题会议”", "缺少结尾的半角双引号"),
    ("title", "title = '党风廉政专题会议", "缺少结尾"),
    ("title", "title = 党风廉政专题会议", "没有用半角双引号"),
    ("title", "title = 关于 \"三重一大\" 的专题会议", "没有用半角双引号"),
    ("chair", "chair = dir", "没有用半角双引号"),
    ("title", "title = \"党风廉政专题会议\"，", "多了“，”"),
    ("title", "title = \"党风廉政专题会议\"。", "多了“。”"),
    ("title", "title　= \"党风廉政专题会议\"", "全角空格"),
    ("title", "　title = \"党风廉政专题会议\"", "全角空格"),
    ("title", "title = \"党风廉政专题会议\"　", "全角空格"),
    ("date", "date = 2026年3月2日", "改为：date = 2026-03-02"),
    ("date", "date = 2026年03月02日", "不能写成中文日期"),
    ("date", "date = 2026/3/2", "改为：date = 2026-03-02"),
    ("date", "date = 2026.3.2", "用短横线分隔"),
    ("date", "date = 2026-3-2", "月和日都用两位数"),
    ("date", "date = 2026-03-02 上午", "改为：date = 2026-03-02"),
    ("date", "date = ２０２６-０３-０２", "全角数字"),
    ("date", "date = 2026-02-30", "2026年2月没有30日"),
    ("date", "date = 2026-13-02", "一年没有13月"),
    ("chair", "主持人 = \"dir\"", "是否想写 `chair`"),
    ("title", "标题 = \"党风廉政专题会议\"", "是否想写 `title`"),
    ("date", "日期 = 2026-03-02", "是否想写 `date`"),
    ("attendees", "参加人员 = [\"dep\", \"c1\"]", "是否想写 `attendees`"),
    ("title", "title \"党风廉政专题会议\"", "缺少等号"),
    ("title", "title =", "缺少值"),
    ("", "title = \"又一个标题\"", "写了两次"),
    // a comment after the value, as `new` writes them, changes nothing
    ("date", "date = 2026年3月2日  # 会议日期，请核对", "不能写成中文日期"),
    ("chair", "chair = 主任甲  # 必填：主持人，请核对", "没有用半角双引号"),
    // punctuation in unquoted text is the text's
    (
        "title",
        "title = 党风廉政专题会议，研究部署",
        "改为：title = \"党风廉政专题会议，研究部署\"",
    ),
    ("title", "title \"会议：纪要\"", "缺少等号"),
];

/// The record with `line` in place of the line of `key` (or added), and
/// the 1-based line number it is on in the file.
fn record(key: &str, line: &str) -> (String, usize) {
    let mut lines: Vec<String> = BASE.iter().map(|(_, l)| l.to_string()).collect();
    let at = match BASE.iter().position(|(k, _)| *k == key) {
        Some(i) => {
            lines[i] = line.to_string();
            i
        }
        None => {
            lines.push(line.to_string());
            lines.len() - 1
        }
    };
    (
        format!("+++\n{}\n+++\n会议研究了党风廉政建设工作。\n", lines.join("\n")),
        at + 2,
    )
}

/// Words of two or more ASCII letters.
fn ascii_words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2)
        .collect()
}

#[test]
fn every_typical_mistake_is_one_chinese_error_on_its_line() {
    assert!(CASES.len() >= 40, "{}", CASES.len());
    let mut tree = Tree::new();
    let mut files = Vec::new();
    for (i, (key, line, _)) in CASES.iter().enumerate() {
        let rel = format!("2026/s1/case-{i:02}.md");
        let (text, line_no) = record(key, line);
        tree = tree.file(&rel, &text);
        files.push((rel, line_no));
    }
    let project = Project::open(tree.path()).unwrap();
    let mut failures = Vec::new();
    for ((rel, line_no), (_, typed, expected)) in files.iter().zip(CASES) {
        let errors: Vec<_> = project
            .data
            .errors()
            .filter(|d| d.file == *rel)
            .map(|d| {
                (
                    diag::to_json(d, &project.data.sources, Lang::Zh),
                    diag::to_json(d, &project.data.sources, Lang::En),
                )
            })
            .collect();
        let [(zh, en)] = &errors[..] else {
            let all: Vec<&str> = errors.iter().map(|(zh, _)| zh.message.as_str()).collect();
            failures.push(format!("{typed}: {} errors: {all:?}", errors.len()));
            continue;
        };
        if zh.line != *line_no {
            failures.push(format!("{typed}: on line {}, not {line_no}: {}", zh.line, zh.message));
        }
        if !zh.message.contains(expected) {
            failures.push(format!("{typed}: says “{}”, not “{expected}”", zh.message));
        }
        // what the clerk typed, and the key names a message may suggest
        let mut allowed = ascii_words(typed);
        allowed.extend(RECORD_KEYS.iter().map(|k| k.name));
        let english: Vec<&str> = ascii_words(&zh.message)
            .into_iter()
            .filter(|w| !allowed.contains(w))
            .collect();
        if !english.is_empty() {
            failures.push(format!("{typed}: English {english:?} in “{}”", zh.message));
        }
        if en.message == zh.message || ascii_words(&en.message).is_empty() {
            failures.push(format!("{typed}: no English message with --lang en: {}", en.message));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn three_mistakes_as_a_clerk_sees_them() {
    let tree = Tree::new()
        .file("2026/s1/a.md", &record("title", "title = “党风廉政专题会议”").0)
        .file("2026/s1/b.md", &record("chair", "主持人 = \"dir\"").0)
        .file("2026/s1/c.md", &record("date", "date = 2026年3月2日").0);
    let project = Project::open(tree.path()).unwrap();
    for (lang, name) in [(Lang::Zh, "mistakes.zh.txt"), (Lang::En, "mistakes.en.txt")] {
        let text: String = project
            .data
            .diags
            .iter()
            .map(|d| format!("{}\n\n", diag::render_human(d, &project.data.sources, lang, false)))
            .collect();
        common::golden(name, &text);
    }
}
