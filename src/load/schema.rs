//! Which keys a TOML table may hold and of what type, checked on the parsed
//! (spanned) table before serde reads it, so every unknown key and every
//! wrong type in a file is reported, each at its own place, with a
//! "did you mean".

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, Message};

/// The TOML type a key takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    Str,
    Date,
    Int,
    Bool,
    StrList,
    Table,
    TableList,
}

impl ValueType {
    pub fn zh(self) -> &'static str {
        match self {
            ValueType::Str => "加引号的文字",
            ValueType::Date => "日期",
            ValueType::Int => "整数",
            ValueType::Bool => "true 或 false",
            ValueType::StrList => "文字列表",
            ValueType::Table => "表",
            ValueType::TableList => "表的列表",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            ValueType::Str => "a quoted string",
            ValueType::Date => "a date",
            ValueType::Int => "an integer",
            ValueType::Bool => "true or false",
            ValueType::StrList => "a list of strings",
            ValueType::Table => "a table",
            ValueType::TableList => "a list of tables",
        }
    }

    pub fn example(self) -> Option<&'static str> {
        match self {
            ValueType::Str => Some("\"……\""),
            ValueType::Date => Some("2026-06-18"),
            ValueType::Int => Some("12"),
            ValueType::Bool => Some("true"),
            ValueType::StrList => Some("[\"a\", \"b\"]"),
            ValueType::Table | ValueType::TableList => None,
        }
    }

    fn accepts(self, value: &DeValue<'_>) -> bool {
        match self {
            ValueType::Str => value.is_str(),
            ValueType::Date => value.is_str() || value.is_datetime(),
            ValueType::Int => value.is_integer(),
            ValueType::Bool => value.is_bool(),
            ValueType::StrList => value.is_array(),
            ValueType::Table => value.is_table(),
            ValueType::TableList => value.is_array(),
        }
    }
}

/// One key of a table: its name, type and Chinese label (labels also catch
/// a clerk writing the Chinese word as the key).
#[derive(Debug, Clone, Copy)]
pub struct KeySpec {
    pub name: &'static str,
    pub ty: ValueType,
    pub zh: &'static str,
}

const fn key(name: &'static str, ty: ValueType, zh: &'static str) -> KeySpec {
    KeySpec { name, ty, zh }
}

use ValueType::*;

/// Every key a record may have; which apply to which kind is in
/// [`crate::model::Kind::extra_keys`].
pub const RECORD_KEYS: &[KeySpec] = &[
    key("kind", Str, "类型"),
    key("title", Str, "标题"),
    key("date", Date, "日期"),
    key("section", Str, "科室"),
    key("id", Str, "编号"),
    key("chair", Str, "主持人"),
    key("attendees", StrList, "参加人员"),
    key("covers", Int, "年度"),
    key("tags", StrList, "标签"),
    key("attachments", StrList, "附件"),
    key("visibility", Str, "可见范围"),
    key("body", Str, "正文"),
    key("targets", StrList, "对象"),
    key("signed_by", StrList, "签订人"),
    key("participants_count", Int, "参加人数"),
    key("person", Str, "当事人"),
    key("by", Str, "谈话人"),
    key("status", Str, "状态"),
    key("closed_on", Date, "办结日期"),
    key("handler", Str, "承办人"),
    key("petitioner", Str, "来访人"),
    key("deadline", Date, "整改期限"),
    key("owner", Str, "责任人"),
    key("rectified_on", Date, "整改完成日期"),
    key("result_reported_on", Date, "结果上报日期"),
    key("source", Str, "问题来源"),
    key("to", Str, "报送机关"),
    key("submitted_on", Date, "报送日期"),
    key("target", Str, "评议对象"),
    key("inspectors", StrList, "检查人员"),
    key("clause", Str, "条款"),
    key("severity", Str, "情节"),
    key("responsibility", Str, "责任类型"),
    key("collective", Bool, "集体责任"),
    key("sanction", StrList, "处分"),
];

pub const ORG_KEYS: &[KeySpec] = &[
    key("unit", Table, "单位"),
    key("section", TableList, "科室"),
    key("person", TableList, "人员"),
];

pub const UNIT_KEYS: &[KeySpec] = &[
    key("name", Str, "名称"),
    key("short_name", Str, "简称"),
    key("discipline_body", Str, "纪委"),
    key("party_branch", Str, "党支部"),
];

pub const SECTION_KEYS: &[KeySpec] = &[key("id", Str, "编号"), key("name", Str, "名称")];

pub const PERSON_KEYS: &[KeySpec] = &[
    key("id", Str, "编号"),
    key("name", Str, "姓名"),
    key("roles", StrList, "职务"),
    key("oversees", StrList, "分管"),
    key("section", Str, "科室"),
    key("from", Date, "任职起"),
    key("until", Date, "任职止"),
];

/// Where a table sits: the file it came from and the byte offset of its
/// TOML text inside that file (non-zero for front matter).
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    pub file: &'a str,
    pub offset: usize,
}

impl Origin<'_> {
    pub fn span(&self, span: Range<usize>) -> Range<usize> {
        span.start + self.offset..span.end + self.offset
    }

    pub fn error(&self, span: Range<usize>, message: Message) -> Diagnostic {
        Diagnostic::error(self.file, self.span(span), message)
    }
}

/// Checks the keys and value types of `table` against `keys`, reports every
/// problem, and returns the table without the offending keys. The boolean
/// is true when nothing was wrong.
pub fn check_table<'i>(
    table: &DeTable<'i>,
    keys: &[KeySpec],
    origin: Origin<'_>,
    diags: &mut Vec<Diagnostic>,
) -> (DeTable<'i>, bool) {
    let mut clean = DeTable::new();
    let mut ok = true;
    for (name, value) in table {
        let Some(spec) = keys.iter().find(|k| k.name == name.get_ref().as_ref()) else {
            ok = false;
            diags.push(origin.error(
                name.span(),
                Message::UnknownKey {
                    key: name.get_ref().to_string(),
                    suggestion: suggest_key(name.get_ref(), keys),
                },
            ));
            continue;
        };
        if !check_value(spec, value, origin, diags) {
            ok = false;
            continue;
        }
        clean.insert(name.clone(), value.clone());
    }
    (clean, ok)
}

fn check_value(spec: &KeySpec, value: &Spanned<DeValue<'_>>, origin: Origin<'_>, diags: &mut Vec<Diagnostic>) -> bool {
    let wrong = |span: Range<usize>, found: &str, diags: &mut Vec<Diagnostic>| {
        diags.push(origin.error(
            span,
            Message::WrongType {
                key: spec.name.to_string(),
                expected: spec.ty,
                found: found.to_string(),
            },
        ));
        false
    };
    if !spec.ty.accepts(value.get_ref()) {
        return wrong(value.span(), value.get_ref().type_str(), diags);
    }
    let element_ok = |v: &DeValue<'_>| match spec.ty {
        StrList => v.is_str(),
        TableList => v.is_table(),
        _ => true,
    };
    let mut ok = true;
    for item in value.get_ref().as_array().into_iter().flatten() {
        if !element_ok(item.get_ref()) {
            ok = wrong(item.span(), item.get_ref().type_str(), diags);
        }
    }
    ok
}

/// Reads a checked table into its serde type. The checks above leave serde
/// nothing to reject in practice; should it still fail, the failure is
/// reported rather than lost.
pub fn deserialize<T: DeserializeOwned>(
    table: DeTable<'_>,
    span: Range<usize>,
    origin: Origin<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    let mut table = table;
    table.make_owned();
    let de = toml::de::Deserializer::from(Spanned::new(span.clone(), table));
    match T::deserialize(de) {
        Ok(value) => Some(value),
        Err(err) => {
            let at = err.span().unwrap_or(span);
            diags.push(origin.error(
                at,
                Message::TomlSyntax {
                    detail: err.message().to_string(),
                },
            ));
            None
        }
    }
}

/// The key a clerk most likely meant: the key whose Chinese label they
/// typed, else the closest spelling.
pub fn suggest_key(typed: &str, keys: &[KeySpec]) -> Option<String> {
    if let Some(spec) = keys.iter().find(|k| k.zh == typed) {
        return Some(spec.name.to_string());
    }
    suggest(typed, keys.iter().map(|k| k.name))
}

/// The closest candidate by edit distance, if it is close enough to be a
/// plausible typo.
pub fn suggest<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let typed_lower = typed.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&typed_lower, &c.to_lowercase()), c))
        .filter(|(d, c)| {
            let len = typed.chars().count().max(c.chars().count());
            *d <= (len / 3).max(1)
        })
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(suggest_key("titel", RECORD_KEYS).as_deref(), Some("title"));
        assert_eq!(suggest_key("attendee", RECORD_KEYS).as_deref(), Some("attendees"));
        assert_eq!(suggest_key("标题", RECORD_KEYS).as_deref(), Some("title"));
        assert_eq!(suggest_key("Date", RECORD_KEYS).as_deref(), Some("date"));
        assert_eq!(suggest_key("zzzzzz", RECORD_KEYS), None);
        assert_eq!(suggest("zonhe", ["zonghe", "caiwu"]).as_deref(), Some("zonghe"));
    }

    #[test]
    fn reports_every_bad_key_and_type() {
        let text = "titel = \"x\"\ndate = 5\nattendees = [\"a\", 3]\nkind = \"plan\"\n";
        let table = DeTable::parse(text).unwrap();
        let mut diags = Vec::new();
        let origin = Origin {
            file: "f.md",
            offset: 4,
        };
        let (clean, ok) = check_table(table.get_ref(), RECORD_KEYS, origin, &mut diags);
        assert!(!ok);
        let mut codes: Vec<_> = diags.iter().map(|d| (d.span.start, d.code())).collect();
        codes.sort();
        // `titel` at 0, the 5 of `date` at 19, the 3 in the list at 39; plus the offset
        assert_eq!(codes, [(4, "E-KEY-UNKNOWN"), (23, "E-TYPE"), (43, "E-TYPE")]);
        let keys: Vec<_> = clean.keys().map(|k| k.get_ref().to_string()).collect();
        assert_eq!(keys, ["kind"]);
    }
}
