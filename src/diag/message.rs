//! The text of every diagnostic, in Chinese and English, with its stable code.
//!
//! Codes are a contract (tests and scripts match on them); the sentences are
//! for people and may be improved at any time.

use super::Lang;
use super::ValueType;
use crate::model::Kind;
use crate::model::names::{self, Unfit};

/// What a diagnostic says, with the details its sentence needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    // --- reading files
    /// The file could not be read.
    Io {
        /// The operating system's error, as it says it (in English).
        error: String,
        /// The same in Chinese, by its kind.
        zh: &'static str,
    },
    /// The file is not valid UTF-8.
    NotUtf8,
    /// The file is empty.
    Empty,
    /// The file is over the size limit and was not read.
    TooLarge {
        /// The limit as shown to the user (`5 MB`).
        limit: String,
    },
    /// Not a regular file (a device, a pipe…), so not read.
    NotRegularFile,
    /// A symbolic link that points outside the records folder.
    SymlinkOutside {
        /// Where the link points.
        target: String,
    },
    /// The records folder has no `org.toml`.
    MissingOrg,
    // --- front matter and TOML
    /// A Markdown record whose first line is not `+++`.
    NoOpeningFence,
    /// No `+++` line closes the front matter.
    NoClosingFence,
    /// A line of TOML that does not parse, explained from what it holds.
    Syntax {
        /// What is wrong.
        mistake: super::Mistake,
        /// The line as it should be, when it can be told.
        fixed: Option<String>,
    },
    /// Parsed TOML that still cannot be read into its type.
    TomlSyntax {
        /// The `toml` parser's own message.
        detail: String,
    },
    /// A date that does not exist or is not written like `2026-06-18`.
    BadDate {
        /// The date as written.
        value: String,
    },
    // --- keys and values
    /// A key the format does not have.
    UnknownKey {
        /// The key as written.
        key: String,
        /// A known key close to it, if any.
        suggestion: Option<String>,
    },
    /// A key that records of this kind do not take.
    KeyNotForKind {
        /// The key as written.
        key: String,
        /// The record's kind.
        kind: Kind,
    },
    /// `body` in a Markdown record, whose body follows the front matter.
    BodyOnlyInToml,
    /// A required key is missing.
    MissingKey {
        /// The missing key (`[unit]` for a table).
        key: String,
        /// Why it is required here, in Chinese, when only some records need it.
        when: Option<String>,
    },
    /// A value of the wrong TOML type.
    WrongType {
        /// The key whose value it is.
        key: String,
        /// The type the key takes.
        expected: ValueType,
        /// TOML's name for the type found (`string`, `integer`…).
        found: String,
    },
    /// A record kind that does not exist.
    UnknownKind {
        /// The kind as written.
        value: String,
        /// A known kind close to it, if any.
        suggestion: Option<String>,
    },
    /// A value the key does not allow.
    BadValue {
        /// The key whose value it is.
        key: String,
        /// The value as written.
        value: String,
        /// The values the key allows; empty when they cannot be listed.
        allowed: Vec<String>,
        /// An allowed value close to it, if any.
        suggestion: Option<String>,
    },
    /// An id that is empty or contains characters ids cannot have.
    BadId {
        /// The id as written.
        id: String,
    },
    /// A date earlier than the date it must follow.
    DateOrder {
        /// The key of the later date.
        key: String,
        /// The date as written.
        value: String,
        /// The key of the date it must not precede.
        earlier: String,
    },
    // --- filing
    /// A record's date outside the year of its folder.
    DateOutsideYear {
        /// The record's date.
        date: String,
        /// The year of the folder.
        year: i32,
        /// Whether records of this kind may be dated up to January 31 of the next year.
        reaches_next_year: bool,
    },
    /// `covers` differs from the year of the record's folder.
    CoversMismatch {
        /// The year given in `covers`.
        covers: i64,
        /// The year of the folder.
        year: i32,
    },
    /// `section` differs from the folder the record is in.
    SectionMismatch {
        /// The section given in `section`.
        section: String,
        /// Whether it is the name of the folder's section rather than its id.
        by_name: bool,
        /// The folder the record is in.
        folder: String,
    },
    /// A folder that is neither a section of `org.toml` nor `leadership`.
    UnknownFolder {
        /// The folder's name.
        folder: String,
        /// A known section id close to it, if any.
        suggestion: Option<String>,
    },
    // --- references
    /// A reference to a person `org.toml` does not list.
    UnknownPerson {
        /// The person id as written.
        id: String,
        /// A known person id close to it, if any.
        suggestion: Option<String>,
    },
    /// A reference to a section `org.toml` does not list.
    UnknownSection {
        /// The section id as written.
        id: String,
        /// A known section id close to it, if any.
        suggestion: Option<String>,
    },
    /// A `source` naming no record.
    UnknownSource {
        /// The record id as written.
        id: String,
        /// A known record id close to it, if any.
        suggestion: Option<String>,
    },
    /// An id already taken by another record, person, section or rule.
    DuplicateId {
        /// What the id names: `record`, `person`, `section` or `rule`.
        what: &'static str,
        /// The id.
        id: String,
        /// The file where the id was first given.
        other: String,
    },
    /// `leadership` used as a section id.
    ReservedSectionId,
    /// An id that cannot be the file name of its page.
    UnfitId {
        /// What the id names: `record`, `person` or `section`.
        what: &'static str,
        /// The id.
        id: String,
        /// Why it cannot be a file name.
        why: Unfit,
    },
    /// Two ids whose pages would be one file on some system.
    IdCollision {
        /// What the ids name: `record`, `person` or `section`.
        what: &'static str,
        /// The id reported.
        id: String,
        /// The earlier id it collides with.
        other: String,
        /// The file where `other` is given.
        place: String,
    },
    /// Raw HTML nested deeper than a browser nests it.
    HtmlTooDeep {
        /// The deepest nesting allowed.
        limit: usize,
    },
    /// An attachment that does not exist.
    AttachmentMissing {
        /// The path as written, relative to the record's folder.
        path: String,
    },
    /// An attachment path that is absolute or leads out of the records folder.
    AttachmentOutside {
        /// The path as written.
        path: String,
    },
    /// An attachment that is not a regular file.
    AttachmentNotFile {
        /// The path as written.
        path: String,
    },
    /// An attachment over the size limit, not read.
    AttachmentTooLarge {
        /// The path as written.
        path: String,
        /// The limit as shown to the user (`… MB`).
        limit: String,
    },
    // --- rules.toml
    /// A rule without `type` whose id matches no known rule.
    UnknownRule {
        /// The rule id as written.
        id: String,
        /// A known rule id close to it, if any.
        suggestion: Option<String>,
    },
    /// A rule that cannot be used as written.
    RuleInvalid {
        /// The rule's id.
        id: String,
        /// What is wrong, in Chinese.
        detail_zh: String,
        /// What is wrong, in English.
        detail_en: String,
    },
    // --- warnings
    /// A file that is neither a record nor any record's attachment.
    StrayFile,
    /// A symbolic link to a folder, which is not followed.
    SymlinkDir,
    /// A record that still holds the placeholders `new` wrote.
    Draft,
    /// A person named in a record dated when they were not in post.
    NotInPost {
        /// The person's name.
        person: String,
        /// The record's date, in Chinese.
        date: String,
    },
}

impl Message {
    /// The message for a file the operating system would not read: its
    /// own words for English, and the kind of failure in Chinese.
    pub fn io(err: &std::io::Error) -> Message {
        use std::io::ErrorKind::*;
        let zh = match err.kind() {
            NotFound => "文件不存在",
            PermissionDenied => "没有读取权限",
            IsADirectory => "这是文件夹，不是文件",
            NotADirectory => "路径中有一段不是文件夹",
            InvalidData | InvalidInput => "内容无法读取",
            Interrupted | TimedOut | WouldBlock => "读取被中断，请重试",
            OutOfMemory => "内存不足",
            _ => "操作系统报告读取失败",
        };
        Message::Io {
            error: err.to_string(),
            zh,
        }
    }
}

impl Message {
    /// The short stable code shown with the message (`E-DATE`, `W-STRAY`…).
    pub fn code(&self) -> &'static str {
        use Message::*;
        match self {
            Io { .. } => "E-IO",
            NotUtf8 => "E-UTF8",
            Empty => "E-EMPTY",
            TooLarge { .. } => "E-TOO-LARGE",
            NotRegularFile => "E-NOT-FILE",
            SymlinkOutside { .. } => "E-SYMLINK",
            MissingOrg => "E-ORG-MISSING",
            NoOpeningFence | NoClosingFence => "E-FRONTMATTER",
            TomlSyntax { .. } => "E-TOML",
            Syntax { mistake, .. } => match mistake {
                super::Mistake::ChineseDate(_) | super::Mistake::DateForm(_) => "E-DATE",
                _ => "E-TOML",
            },
            BadDate { .. } => "E-DATE",
            UnknownKey { .. } | BodyOnlyInToml => "E-KEY-UNKNOWN",
            KeyNotForKind { .. } => "E-KEY-KIND",
            MissingKey { .. } => "E-KEY-MISSING",
            WrongType { .. } => "E-TYPE",
            UnknownKind { .. } => "E-KIND",
            BadValue { .. } | ReservedSectionId => "E-VALUE",
            BadId { .. } => "E-ID",
            UnfitId { .. } => "E-ID-NAME",
            IdCollision { .. } => "E-ID-COLLISION",
            HtmlTooDeep { .. } => "E-HTML-DEPTH",
            DateOrder { .. } => "E-DATE-ORDER",
            DateOutsideYear { .. } => "E-DATE-YEAR",
            CoversMismatch { .. } => "E-COVERS",
            SectionMismatch { .. } => "E-SECTION",
            UnknownFolder { .. } => "E-FOLDER",
            UnknownPerson { .. } => "E-PERSON",
            UnknownSection { .. } => "E-SECTION-UNKNOWN",
            UnknownSource { .. } => "E-SOURCE",
            DuplicateId { .. } => "E-ID-DUP",
            AttachmentMissing { .. } | AttachmentNotFile { .. } | AttachmentTooLarge { .. } => "E-ATTACH",
            AttachmentOutside { .. } => "E-ATTACH-OUTSIDE",
            UnknownRule { .. } => "E-RULE-UNKNOWN",
            RuleInvalid { .. } => "E-RULE",
            StrayFile => "W-STRAY",
            SymlinkDir => "W-SYMLINK-DIR",
            Draft => "W-DRAFT",
            NotInPost { .. } => "W-NOT-IN-POST",
        }
    }

    /// The sentence, and an optional hint shown under it.
    pub fn text(&self, lang: Lang) -> (String, Option<String>) {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.en(),
        }
    }

    /// Sentence and hint joined, for one-line and JSON output.
    pub fn full_text(&self, lang: Lang) -> String {
        let (text, hint) = self.text(lang);
        match hint {
            Some(hint) if lang == Lang::Zh => format!("{text}（{hint}）"),
            Some(hint) => format!("{text} ({hint})"),
            None => text,
        }
    }

    fn zh(&self) -> (String, Option<String>) {
        self.zh_file()
            .or_else(|| self.zh_value())
            .unwrap_or_else(|| self.zh_reference())
    }

    fn zh_file(&self) -> Option<(String, Option<String>)> {
        use Message::*;
        Some(match self {
            Io { zh, .. } => (format!("无法读取此文件：{zh}"), None),
            NotUtf8 => (
                "文件不是 UTF-8 编码，无法读取".into(),
                Some("请用编辑器把文件另存为“UTF-8”编码".into()),
            ),
            Empty => ("文件是空的".into(), Some("删除此文件，或按格式填写记录".into())),
            TooLarge { limit } => (format!("文件超过 {limit} 的上限，未读取"), None),
            NotRegularFile => ("这不是普通文件（设备、管道等），未读取".into(), None),
            SymlinkOutside { target } => (
                format!("符号链接指向记录目录之外（{target}），未读取"),
                Some("请把文件本身放进记录目录".into()),
            ),
            MissingOrg => (
                "缺少 org.toml（单位、科室和人员的设置）".into(),
                Some("每个记录目录的最上层都要有 org.toml，可用 `zerenzhi init` 生成".into()),
            ),
            NoOpeningFence => (
                "记录没有以 `+++` 开头".into(),
                Some("Markdown 记录的第一行必须是 `+++`，接着写 TOML 字段，再用一行 `+++` 结束".into()),
            ),
            NoClosingFence => (
                "找不到结束字段区的 `+++` 行".into(),
                Some("在字段和正文之间加一行 `+++`".into()),
            ),
            TomlSyntax { .. } => (
                "这里的写法无法读取".into(),
                Some("每一行写作 键 = 值，文字用半角双引号括起来".into()),
            ),
            Syntax { mistake, fixed } => {
                let mut hint = mistake
                    .suggestion()
                    .map(|s| format!("是否想写 `{s}`？"))
                    .unwrap_or_default();
                if let Some(fixed) = fixed {
                    hint.push_str(&format!("改为：{fixed}"));
                }
                (mistake.zh(), (!hint.is_empty()).then_some(hint))
            }
            _ => return None,
        })
    }

    fn zh_value(&self) -> Option<(String, Option<String>)> {
        use Message::*;
        Some(match self {
            BadDate { value } => match super::impossible_date(value) {
                Some((_, m, _)) if !(1..=12).contains(&m) => (format!("日期 `{value}` 不存在：一年没有{m}月"), None),
                Some((y, m, d)) => (format!("日期 `{value}` 不存在：{y}年{m}月没有{d}日"), None),
                None => (
                    format!("日期 `{value}` 不存在或格式不对"),
                    Some("日期写作 2026-06-18 这样的形式，月和日用两位数".into()),
                ),
            },
            UnknownKey { key, suggestion } => (format!("不认识的键 `{key}`"), mean_zh(suggestion)),
            KeyNotForKind { key, kind } => (
                format!("键 `{key}` 不适用于“{}”类记录", kind.zh()),
                Some(format!("“{}”可以写的键见 docs/记录格式.md 的“类型”一节", kind.zh())),
            ),
            BodyOnlyInToml => (
                "`body` 只用于 .toml 记录".into(),
                Some("Markdown 记录的正文写在第二个 `+++` 行之后".into()),
            ),
            MissingKey { key, when } => match when {
                Some(when) => (format!("{when}，必须填写 `{key}`"), None),
                None => (format!("缺少必填的键 `{key}`"), None),
            },
            WrongType { key, expected, found } => (
                format!("`{key}` 的值应为{}，这里是{}", expected.zh(), value_type_zh(found)),
                expected.example().map(|e| format!("例如 {key} = {e}")),
            ),
            UnknownKind { value, suggestion } => (
                format!("不认识的记录类型 `{value}`"),
                mean_zh(suggestion).or(Some(
                    "类型可写英文编号（如 life_meeting）或中文名（如 民主生活会）".into(),
                )),
            ),
            BadValue {
                key,
                value,
                allowed,
                suggestion,
            } => (
                format!("`{key}` 的值 `{value}` 无效"),
                mean_zh(suggestion)
                    .or_else(|| (!allowed.is_empty()).then(|| format!("可选的值：{}", allowed.join("、")))),
            ),
            BadId { id } => (
                format!("编号 `{id}` 无效"),
                Some("编号不能为空，不能含空格、`..` 或 \\ ? # % \" < > 这些字符".into()),
            ),
            DateOrder { key, value, earlier } => (format!("`{key}`（{value}）早于 `{earlier}`"), None),
            DateOutsideYear {
                date,
                year,
                reaches_next_year,
            } => (
                format!("日期 {date} 不在年度文件夹 {year} 年内"),
                Some(if *reaches_next_year {
                    format!("此类记录可以写 {year} 年内或 {} 年1月31日之前的日期", year + 1)
                } else {
                    format!("把记录移到 {} 文件夹，或改正日期", &date[..4.min(date.len())])
                }),
            ),
            CoversMismatch { covers, year } => (
                format!("`covers` = {covers} 与年度文件夹 {year} 不一致"),
                Some("记录按年度文件夹归属，covers 可以不写".into()),
            ),
            SectionMismatch {
                section,
                by_name: true,
                folder,
            } => (
                format!("`section` = \"{section}\" 是科室的名称，编号是 `{folder}`"),
                Some(format!("是否想写 `{folder}`？记录按文件夹归属，section 可以不写")),
            ),
            SectionMismatch { section, folder, .. } => (
                format!("`section` = \"{section}\" 与所在文件夹 `{folder}` 不一致"),
                Some("记录按文件夹归属，section 可以不写".into()),
            ),
            _ => return None,
        })
    }

    fn zh_reference(&self) -> (String, Option<String>) {
        use Message::*;
        match self {
            UnknownFolder { folder, suggestion } => (
                format!("文件夹 `{folder}` 不是 org.toml 中的科室，也不是 leadership"),
                mean_zh(suggestion).or(Some("在 org.toml 中增加此科室，或把记录移到已有科室的文件夹".into())),
            ),
            UnknownPerson { id, suggestion } => (format!("org.toml 中没有编号为 `{id}` 的人员"), mean_zh(suggestion)),
            UnknownSection { id, suggestion } => (format!("org.toml 中没有编号为 `{id}` 的科室"), mean_zh(suggestion)),
            UnknownSource { id, suggestion } => (
                format!("`source` 指向的记录 `{id}` 不存在"),
                mean_zh(suggestion).or(Some("source 写问题来源记录的编号，即其文件路径去掉扩展名".into())),
            ),
            DuplicateId { what, id, other } => (format!("{}编号 `{id}` 重复，另见 {other}", what_zh(what)), None),
            ReservedSectionId => ("`leadership` 是领导班子的保留名称，不能用作科室编号".into(), None),
            UnfitId { what, id, why } => {
                let what = what_zh(what);
                match why {
                    Unfit::Reserved => (
                        format!("`{id}` 是网站自己的页面名称，不能用作{what}编号"),
                        Some(format!(
                            "请换一个编号，例如 `{id}1`；保留的名称有：{}",
                            names::RESERVED.join("、")
                        )),
                    ),
                    Unfit::TooLong => (
                        format!("{what}编号太长，超过了文件名 {} 字节的上限", names::MAX_NAME_BYTES),
                        Some("请用一个简短的编号（汉字每个占 3 字节）".into()),
                    ),
                    Unfit::Windows => (
                        format!("`{id}` 在 Windows 上不能用作文件名（CON、NUL、COM1 等设备名，或以点、空格结尾）"),
                        Some("请换一个编号".into()),
                    ),
                }
            }
            IdCollision { what, id, other, place } => (
                format!(
                    "{}编号 `{id}` 与 {place} 的 `{other}` 只差大小写或标点，生成网站时会写到同一个文件",
                    what_zh(what)
                ),
                Some("请把其中一个改成明显不同的编号".into()),
            ),
            HtmlTooDeep { limit } => (
                format!("正文中的 HTML 标签嵌套超过 {limit} 层，浏览器无法显示，未生成网页"),
                Some("请检查是否漏写了结束标签（如 </div>），或改用 Markdown 书写".into()),
            ),
            AttachmentMissing { path } => (
                format!("附件 `{path}` 不存在"),
                Some("附件路径相对于记录所在的文件夹".into()),
            ),
            AttachmentOutside { path } => (format!("附件路径 `{path}` 超出了记录目录"), None),
            AttachmentNotFile { path } => (format!("附件 `{path}` 不是普通文件"), None),
            AttachmentTooLarge { path, limit } => (
                format!("附件 `{path}` 超过 {limit} 的上限，未读取"),
                Some("大文件请另行存档，或用 --max-attachment-mb 调整上限".into()),
            ),
            UnknownRule { id, suggestion } => (
                format!("内置规则中没有 `{id}`"),
                mean_zh(suggestion).or(Some("新增规则须写明 `type`".into())),
            ),
            RuleInvalid { id, detail_zh, .. } => (format!("规则 `{id}` 无效：{detail_zh}"), None),
            StrayFile => (
                "此文件既不是记录，也没有被任何记录列为附件，已忽略".into(),
                Some("记录须为 .md 或 .toml 文件；附件请放入 attachments 文件夹并在记录中列出".into()),
            ),
            SymlinkDir => ("指向文件夹的符号链接，已忽略".into(), None),
            Draft => (
                "记录中还有“（待填写）”的地方：这是草稿，填写完成前不计入规则检查".into(),
                Some("把每个“（待填写）”换成实际内容".into()),
            ),
            NotInPost { person, date } => (format!("{person} 在 {date} 不在任（见 org.toml 的 from/until）"), None),
            _ => (self.code().to_string(), None),
        }
    }

    fn en(&self) -> (String, Option<String>) {
        self.en_file()
            .or_else(|| self.en_value())
            .unwrap_or_else(|| self.en_reference())
    }

    fn en_file(&self) -> Option<(String, Option<String>)> {
        use Message::*;
        Some(match self {
            Io { error, .. } => (format!("cannot read this file: {error}"), None),
            NotUtf8 => (
                "the file is not UTF-8".into(),
                Some("save it as UTF-8 in your editor".into()),
            ),
            Empty => ("the file is empty".into(), None),
            TooLarge { limit } => (
                format!("the file is larger than the {limit} limit and was not read"),
                None,
            ),
            NotRegularFile => ("not a regular file (device, pipe…); not read".into(), None),
            SymlinkOutside { target } => (
                format!("symbolic link leaves the records folder ({target}); not read"),
                None,
            ),
            MissingOrg => ("org.toml (unit, sections and people) is missing".into(), None),
            NoOpeningFence => (
                "the record does not start with `+++`".into(),
                Some("a Markdown record starts with a line `+++`, then TOML keys, then a line `+++`".into()),
            ),
            NoClosingFence => ("no `+++` line closes the front matter".into(), None),
            TomlSyntax { detail } => (format!("TOML syntax error: {detail}"), None),
            Syntax { mistake, fixed } => {
                let mut hint = mistake
                    .suggestion()
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default();
                if let Some(fixed) = fixed {
                    hint.push_str(&format!("write: {fixed}"));
                }
                (mistake.en(), (!hint.is_empty()).then_some(hint.trim_end().to_string()))
            }
            _ => return None,
        })
    }

    fn en_value(&self) -> Option<(String, Option<String>)> {
        use Message::*;
        Some(match self {
            BadDate { value } => (
                format!("`{value}` is not a valid date"),
                Some("write dates as 2026-06-18".into()),
            ),
            UnknownKey { key, suggestion } => (format!("unknown key `{key}`"), mean_en(suggestion)),
            KeyNotForKind { key, kind } => (format!("key `{key}` does not apply to a `{}` record", kind.id()), None),
            BodyOnlyInToml => ("`body` is only for .toml records".into(), None),
            MissingKey { key, when } => match when {
                Some(_) => (format!("`{key}` is required here"), None),
                None => (format!("missing required key `{key}`"), None),
            },
            WrongType { key, expected, found } => (
                format!("`{key}` should be {}, found {found}", expected.en()),
                expected.example().map(|e| format!("for example {key} = {e}")),
            ),
            UnknownKind { value, suggestion } => (format!("unknown record kind `{value}`"), mean_en(suggestion)),
            BadValue {
                key,
                value,
                allowed,
                suggestion,
            } => (
                format!("`{value}` is not a valid `{key}`"),
                mean_en(suggestion)
                    .or_else(|| (!allowed.is_empty()).then(|| format!("one of: {}", allowed.join(", ")))),
            ),
            BadId { id } => (format!("`{id}` is not a valid id"), None),
            DateOrder { key, value, earlier } => (format!("`{key}` ({value}) is before `{earlier}`"), None),
            DateOutsideYear { date, year, .. } => (format!("date {date} is outside the year folder {year}"), None),
            CoversMismatch { covers, year } => (
                format!("`covers` = {covers} does not match the year folder {year}"),
                None,
            ),
            SectionMismatch { section, folder, .. } => (
                format!("`section` = \"{section}\" does not match its folder `{folder}`"),
                None,
            ),
            _ => return None,
        })
    }

    fn en_reference(&self) -> (String, Option<String>) {
        use Message::*;
        match self {
            UnknownFolder { folder, suggestion } => (
                format!("folder `{folder}` is neither a section of org.toml nor leadership"),
                mean_en(suggestion),
            ),
            UnknownPerson { id, suggestion } => (format!("no person `{id}` in org.toml"), mean_en(suggestion)),
            UnknownSection { id, suggestion } => (format!("no section `{id}` in org.toml"), mean_en(suggestion)),
            UnknownSource { id, suggestion } => (format!("`source` names no record `{id}`"), mean_en(suggestion)),
            DuplicateId { what, id, other } => (format!("duplicate {what} id `{id}`, see also {other}"), None),
            ReservedSectionId => ("`leadership` is reserved and cannot be a section id".into(), None),
            UnfitId { what, id, why } => match why {
                Unfit::Reserved => (
                    format!("`{id}` is a name the site uses itself and cannot be a {what} id"),
                    Some(format!("reserved: {}", names::RESERVED.join(", "))),
                ),
                Unfit::TooLong => (
                    format!(
                        "{what} id longer than the {}-byte file name limit",
                        names::MAX_NAME_BYTES
                    ),
                    None,
                ),
                Unfit::Windows => (
                    format!(
                        "`{id}` cannot be a file name on Windows (a device name such as CON or NUL, or a trailing dot or space)"
                    ),
                    None,
                ),
            },
            IdCollision { what, id, other, place } => (
                format!(
                    "{what} id `{id}` differs from `{other}` ({place}) only in case or punctuation: their pages would be one file"
                ),
                None,
            ),
            HtmlTooDeep { limit } => (
                format!("raw HTML in the body nests deeper than {limit} levels; not rendered"),
                None,
            ),
            AttachmentMissing { path } => (format!("attachment `{path}` does not exist"), None),
            AttachmentOutside { path } => (format!("attachment `{path}` is outside the records folder"), None),
            AttachmentNotFile { path } => (format!("attachment `{path}` is not a regular file"), None),
            AttachmentTooLarge { path, limit } => {
                (format!("attachment `{path}` is larger than {limit}; not read"), None)
            }
            UnknownRule { id, suggestion } => (format!("no built-in rule `{id}`"), mean_en(suggestion)),
            RuleInvalid { id, detail_en, .. } => (format!("rule `{id}` is invalid: {detail_en}"), None),
            StrayFile => ("neither a record nor an attachment of any record; ignored".into(), None),
            SymlinkDir => ("symbolic link to a folder; ignored".into(), None),
            Draft => (
                "the record still holds “（待填写）” placeholders: a draft, not counted by any rule until filled in"
                    .into(),
                None,
            ),
            NotInPost { person, date } => (format!("{person} is not in post on {date}"), None),
            _ => (self.code().to_string(), None),
        }
    }
}

/// "是否想写 `x`？" for a suggestion; one written `id（name）` (a section
/// meant by its name) as "是否想写 `id`（name）？".
fn mean_zh(suggestion: &Option<String>) -> Option<String> {
    suggestion.as_ref().map(|s| match s.split_once('（') {
        Some((id, name)) => format!("是否想写 `{id}`（{name}？"),
        None => format!("是否想写 `{s}`？"),
    })
}

/// "did you mean `x`?" for a suggestion (`id` (name) for a section meant
/// by its name).
fn mean_en(suggestion: &Option<String>) -> Option<String> {
    suggestion.as_ref().map(|s| match s.split_once('（') {
        Some((id, name)) => format!("did you mean `{id}` ({})?", name.trim_end_matches('）')),
        None => format!("did you mean `{s}`?"),
    })
}

fn what_zh(what: &str) -> &'static str {
    match what {
        "record" => "记录",
        "person" => "人员",
        "section" => "科室",
        "rule" => "规则",
        _ => "",
    }
}

/// TOML's own type names, in Chinese.
fn value_type_zh(found: &str) -> &'static str {
    match found {
        "string" => "文字",
        "integer" => "整数",
        "float" => "小数",
        "boolean" => "true/false",
        "datetime" => "日期",
        "array" => "列表",
        "table" | "inline table" => "表",
        _ => "其他类型",
    }
}
