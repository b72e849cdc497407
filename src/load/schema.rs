//! The keys of the records format: which a record, `org.toml` and its
//! tables may hold, of what type, with their Chinese labels. Checked with
//! [`crate::spanned`].

use crate::spanned::key;
pub use crate::spanned::{KeySpec, Origin, ValueType, check_table, deserialize, suggest, suggest_key};

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
    key("summary", Str, "成效"),
    key("reason", Str, "情况说明"),
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
    key("measures", Str, "整改措施"),
    key("leader", Str, "责任领导"),
    key("verified_by", Str, "销号人"),
    key("verified_on", Date, "销号日期"),
    key("extended_to", Date, "延期至"),
    key("extension_reason", Str, "延期理由"),
    key("scores", Table, "考核评分"),
    key("items", TableList, "责任事项"),
    key("to", Str, "报送机关"),
    key("submitted_on", Date, "报送日期"),
    key("issuer", Str, "署名"),
    key("target", Str, "评议对象"),
    key("inspectors", StrList, "检查人员"),
    key("clause", Str, "条款"),
    key("severity", Str, "情节"),
    key("responsibility", Str, "责任类型"),
    key("collective", Bool, "集体责任"),
    key("sanction", StrList, "处分"),
];

/// The keys of one section's marks in an assessment's `scores` table.
pub const SCORE_KEYS: &[KeySpec] = &[
    key("self_score", Number, "自评分"),
    key("score", Number, "考核组评分"),
    key("grade", Str, "等次"),
    key("remarks", Str, "备注"),
];

/// The keys of one `[[items]]` table of a responsibility letter.
pub const ITEM_KEYS: &[KeySpec] = &[
    key("content", Str, "内容"),
    key("owner", Str, "责任人"),
    key("due", Date, "期限"),
    key("rules", StrList, "规则"),
    key("kinds", StrList, "记录类型"),
    key("min", Int, "至少"),
];

/// Checks the tables nested in a record (`scores`, `items`) like the
/// record's own keys, and leaves in `table` only what passed.
pub fn check_nested(
    table: &mut toml::de::DeTable<'_>,
    origin: Origin<'_>,
    diags: &mut Vec<crate::diag::Diagnostic>,
) -> bool {
    use toml::de::DeValue;
    let mut ok = true;
    for (name, value) in table.iter_mut() {
        match (name.get_ref().as_ref(), value.get_mut()) {
            ("scores", DeValue::Table(scores)) => {
                for (target, marks) in scores.iter_mut() {
                    let marks_span = marks.span();
                    let DeValue::Table(inner) = marks.get_mut() else {
                        ok = false;
                        diags.push(origin.error(
                            marks_span,
                            crate::diag::Message::WrongType {
                                key: format!("scores.{}", target.get_ref()),
                                expected: Table,
                                found: marks.get_ref().type_str().into(),
                            },
                        ));
                        continue;
                    };
                    let (clean, fine) = check_table(inner, SCORE_KEYS, origin, diags);
                    ok &= fine;
                    *inner = clean;
                }
            }
            ("items", DeValue::Array(items)) => {
                for item in items.iter_mut() {
                    if let DeValue::Table(inner) = item.get_mut() {
                        let (clean, fine) = check_table(inner, ITEM_KEYS, origin, diags);
                        ok &= fine;
                        *inner = clean;
                    }
                }
            }
            _ => {}
        }
    }
    ok
}

/// The top-level keys of `org.toml`.
pub const ORG_KEYS: &[KeySpec] = &[
    key("unit", Table, "单位"),
    key("section", TableList, "科室"),
    key("person", TableList, "人员"),
];

/// The keys of the `[unit]` table of `org.toml`.
pub const UNIT_KEYS: &[KeySpec] = &[
    key("name", Str, "名称"),
    key("short_name", Str, "简称"),
    key("discipline_body", Str, "纪委"),
    key("party_branch", Str, "党支部"),
    key("code", Str, "单位代码"),
    key("level", Str, "层级"),
    key("parent", Str, "上级单位"),
    key("site_url", Str, "网站地址"),
];

/// The keys of a `[[section]]` table.
pub const SECTION_KEYS: &[KeySpec] = &[key("id", Str, "编号"), key("name", Str, "名称")];

/// The keys of a `[[person]]` table.
pub const PERSON_KEYS: &[KeySpec] = &[
    key("id", Str, "编号"),
    key("name", Str, "姓名"),
    key("roles", StrList, "职务"),
    key("oversees", StrList, "分管"),
    key("section", Str, "科室"),
    key("from", Date, "任职起"),
    key("until", Date, "任职止"),
];

/// The section a clerk most likely meant by `typed`: the one whose name
/// it is (said as `id（name）`), else the closest id (or `leadership`, where
/// that may be meant).
pub fn suggest_section(org: &crate::model::Org, typed: &str, leadership_ok: bool) -> Option<String> {
    if let Some(s) = org.sections.iter().find(|s| s.name == typed) {
        return Some(format!("{}（{}）", s.id, s.name));
    }
    let ids = org.sections.iter().map(|s| s.id.as_str());
    if leadership_ok {
        suggest(typed, ids.chain([crate::model::LEADERSHIP]))
    } else {
        suggest(typed, ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use toml::de::DeTable;

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
