//! The messages in Chinese.

use super::*;

impl Message {
    pub(super) fn zh(&self) -> (String, Option<String>) {
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
            BadDate { value } => match crate::diag::impossible_date(value) {
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
            Conflict { key, zh, .. } => (format!("`{key}` {zh}"), None),
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
            ScoringInvalid { what, detail_zh, .. } => (format!("考核细则 `{what}` 无效：{detail_zh}"), None),
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
}

/// "是否想写 `x`？" for a suggestion; one written `id（name）` (a section
/// meant by its name) as "是否想写 `id`（name）？".
fn mean_zh(suggestion: &Option<String>) -> Option<String> {
    suggestion.as_ref().map(|s| match s.split_once('（') {
        Some((id, name)) => format!("是否想写 `{id}`（{name}？"),
        None => format!("是否想写 `{s}`？"),
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
