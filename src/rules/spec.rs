//! Reading rule definitions (`rules.toml`, built-in or the unit's own),
//! merging overrides by id, and compiling them into [`Rule`]s.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;
use toml::de::DeTable;

use super::measures;
use super::{Check, Folder, Level, Presence, Relation, Rule, RuleScope, SanctionTable, TargetFilter, Who, Window};
use crate::diag::{Diagnostic, Message};
use crate::load::org::bad_value;
use crate::load::schema::RECORD_KEYS;
use crate::model::{Clause, Kind, Role, Sanction, Severity};
use crate::spanned::{self as schema, KeySpec, Origin, ValueType};

const RULES_KEYS: &[KeySpec] = &[
    KeySpec {
        name: "rule",
        ty: ValueType::TableList,
        zh: "规则",
    },
    KeySpec {
        name: "sanctions",
        ty: ValueType::Table,
        zh: "处分",
    },
    KeySpec {
        name: "scoring",
        ty: ValueType::Table,
        zh: "考核细则",
    },
];

macro_rules! rule_def {
    ($($field:ident : $ty:ty = $vt:ident, $zh:literal;)*) => {
        /// One `[[rule]]` table as written; every key optional, so that an
        /// override gives only what it changes.
        #[derive(Debug, Default, Clone, Deserialize)]
        #[serde(deny_unknown_fields)]
        struct RuleDef {
            $($field: Option<$ty>,)*
            #[serde(rename = "type")]
            kind: Option<Spanned<String>>,
        }

        impl RuleDef {
            /// Keys given in `over` replace those here.
            fn merge(&mut self, over: RuleDef) {
                $(if over.$field.is_some() { self.$field = over.$field; })*
                if over.kind.is_some() { self.kind = over.kind; }
            }
        }

        const RULE_KEYS: &[KeySpec] = &[
            $(KeySpec { name: stringify!($field), ty: ValueType::$vt, zh: $zh },)*
            KeySpec { name: "type", ty: ValueType::Str, zh: "类型" },
        ];
    };
}

rule_def! {
    id: Spanned<String> = Str, "编号";
    enabled: bool = Bool, "启用";
    article: Spanned<String> = Str, "条款";
    level: Spanned<String> = Str, "级别";
    title: String = Str, "标题";
    what: String = Str, "事项";
    what_en: String = Str, "事项（英文）";
    verb: String = Str, "动词";
    verb_en: String = Str, "动词（英文）";
    unit: String = Str, "量词";
    scope: Spanned<String> = Str, "范围";
    period: Spanned<String> = Str, "周期";
    kinds: Vec<Spanned<String>> = StrList, "记录类型";
    folder: Spanned<String> = Str, "文件夹";
    min: Spanned<i64> = Int, "至少";
    max: Spanned<i64> = Int, "至多";
    from: Spanned<String> = Str, "起始";
    until: Spanned<String> = Str, "截止";
    target: Spanned<String> = Str, "对象";
    person: Spanned<String> = Str, "人员";
    chair: Spanned<String> = Str, "主持人职务";
    due: Spanned<String> = Str, "期限字段";
    due_days: Spanned<i64> = Int, "期限天数";
    due_after: Spanned<String> = Str, "期限起算字段";
    extended: Spanned<String> = Str, "延期字段";
    done: Spanned<String> = Str, "完成字段";
    when: Spanned<String> = Str, "适用条件";
    require: Vec<Spanned<String>> = StrList, "必填字段";
    who: Spanned<String> = Str, "应到人员";
    presence: Spanned<String> = Str, "到场方式";
    relation: Spanned<String> = Str, "关系";
    roles: Vec<Spanned<String>> = StrList, "职务";
}

/// The keys a `[[rule]]` table may hold (for the JSON Schema).
pub fn rule_keys() -> &'static [KeySpec] {
    RULE_KEYS
}

const TYPES: &[&str] = &[
    "count",
    "deadline",
    "fields",
    "attendance",
    "people",
    "sanctions",
    "letter",
];
const DATE_KEYS: &[&str] = &[
    "date",
    "closed_on",
    "deadline",
    "rectified_on",
    "result_reported_on",
    "submitted_on",
    "verified_on",
    "extended_to",
];

/// A merged definition and where its last part was written.
pub(super) struct Entry {
    def: RuleDef,
    file: String,
    id_span: Range<usize>,
    builtin: bool,
}

/// Parses one rules file and merges it into `entries` and `sanctions`.
pub(super) fn read_file(
    text: &str,
    file: &str,
    builtin: bool,
    entries: &mut Vec<Entry>,
    sanctions: &mut SanctionTable,
    scoring: &mut crate::score::Defs,
    diags: &mut Vec<Diagnostic>,
) {
    let origin = Origin { file, offset: 0 };
    let keys = [
        RULES_KEYS,
        rule_keys(),
        crate::score::SCORING_KEYS,
        crate::score::ITEM_KEYS,
    ];
    let Some(root) = crate::load::parse_toml(text, origin, &keys, diags) else {
        return;
    };
    let (root, _) = schema::check_table(root.get_ref(), RULES_KEYS, origin, diags);
    for item in root
        .get("rule")
        .and_then(|v| v.get_ref().as_array())
        .into_iter()
        .flatten()
    {
        let Some(table) = item.get_ref().as_table() else {
            continue;
        };
        let (table, ok) = schema::check_table(table, RULE_KEYS, origin, diags);
        let Some(def) = schema::deserialize::<RuleDef>(table, item.span(), origin, diags) else {
            continue;
        };
        let Some(id) = def.id.clone() else {
            diags.push(origin.error(
                item.span().start..item.span().start,
                Message::MissingKey {
                    key: "id".into(),
                    when: None,
                },
            ));
            continue;
        };
        if !(ok & check_values(&def, origin, diags)) {
            continue;
        }
        match entries
            .iter_mut()
            .find(|e| e.def.id.as_ref().map(|i| i.get_ref()) == Some(id.get_ref()))
        {
            Some(entry) if entry.builtin && !builtin => {
                if let (Some(new), Some(old)) = (&def.kind, &entry.def.kind)
                    && new.get_ref() != old.get_ref()
                {
                    diags.push(origin.error(
                        new.span(),
                        Message::RuleInvalid {
                            id: id.get_ref().clone(),
                            detail_zh: format!("不能改变内置规则的类型（{}）", old.get_ref()),
                            detail_en: format!("the type of a built-in rule cannot change ({})", old.get_ref()),
                        },
                    ));
                    continue;
                }
                entry.def.merge(def);
                entry.file = file.to_string();
                entry.id_span = id.span();
                entry.builtin = false;
            }
            Some(entry) => {
                diags.push(origin.error(
                    id.span(),
                    Message::DuplicateId {
                        what: "rule",
                        id: id.get_ref().clone(),
                        other: entry.file.clone(),
                    },
                ));
            }
            None if !builtin && def.kind.is_none() => {
                let suggestion = schema::suggest(
                    id.get_ref(),
                    entries
                        .iter()
                        .filter_map(|e| e.def.id.as_ref().map(|i| i.get_ref().as_str())),
                );
                diags.push(origin.error(
                    id.span(),
                    Message::UnknownRule {
                        id: id.get_ref().clone(),
                        suggestion,
                    },
                ));
            }
            None => entries.push(Entry {
                file: file.to_string(),
                id_span: id.span(),
                def,
                builtin,
            }),
        }
    }
    if let Some(table) = root.get("sanctions").and_then(|v| v.get_ref().as_table()) {
        read_sanctions(table, origin, sanctions, diags);
    }
    if let Some(table) = root.get("scoring").and_then(|v| v.get_ref().as_table()) {
        crate::score::read(table, origin, scoring, diags);
    }
}

fn read_sanctions(table: &DeTable<'_>, origin: Origin<'_>, out: &mut SanctionTable, diags: &mut Vec<Diagnostic>) {
    const SEVERITY_KEYS: &[KeySpec] = &[
        KeySpec {
            name: "minor",
            ty: ValueType::StrList,
            zh: "情节较轻",
        },
        KeySpec {
            name: "ordinary",
            ty: ValueType::StrList,
            zh: "一般",
        },
        KeySpec {
            name: "serious",
            ty: ValueType::StrList,
            zh: "情节较重",
        },
        KeySpec {
            name: "grave",
            ty: ValueType::StrList,
            zh: "情节严重",
        },
    ];
    let sanction_list =
        |value: &Spanned<toml::de::DeValue<'_>>, key: &str, diags: &mut Vec<Diagnostic>| -> Option<Vec<Sanction>> {
            let items = value.get_ref().as_array()?;
            let mut list = Vec::new();
            let mut ok = true;
            for item in items {
                match item.get_ref().as_str().and_then(Sanction::parse) {
                    Some(s) => list.push(s),
                    None => {
                        ok = false;
                        let text = item.get_ref().as_str().unwrap_or_default();
                        diags.push(origin.error(item.span(), bad_value(key, text, Sanction::ids())));
                    }
                }
            }
            ok.then_some(list)
        };
    for (key, value) in table {
        let name = key.get_ref().as_ref();
        if name == "accompany" {
            if let Some(list) = sanction_list(value, "accompany", diags) {
                out.accompany = list;
            }
            continue;
        }
        let Some(clause) = Clause::parse(name) else {
            let suggestion = schema::suggest(name, Clause::ALL.iter().map(|c| c.id()).chain(["accompany"]));
            diags.push(origin.error(
                key.span(),
                Message::UnknownKey {
                    key: name.to_string(),
                    suggestion,
                },
            ));
            continue;
        };
        let Some(inner) = value.get_ref().as_table() else {
            diags.push(origin.error(
                value.span(),
                Message::WrongType {
                    key: name.to_string(),
                    expected: ValueType::Table,
                    found: value.get_ref().type_str().into(),
                },
            ));
            continue;
        };
        let (inner, _) = schema::check_table(inner, SEVERITY_KEYS, origin, diags);
        for (sev_key, list) in &inner {
            let Some(severity) = Severity::parse(sev_key.get_ref()) else {
                continue;
            };
            if let Some(list) = sanction_list(list, sev_key.get_ref(), diags) {
                out.allowed.insert((clause, severity), list);
            }
        }
    }
}

/// Checks the values a definition gives, each at its own place.
fn check_values(def: &RuleDef, origin: Origin<'_>, diags: &mut Vec<Diagnostic>) -> bool {
    let mut ok = true;
    let mut one_of = |value: &Option<Spanned<String>>, key: &str, allowed: &[&str], diags: &mut Vec<Diagnostic>| {
        if let Some(v) = value
            && !allowed.contains(&v.get_ref().as_str())
        {
            ok = false;
            diags.push(origin.error(
                v.span(),
                bad_value(key, v.get_ref(), allowed.iter().map(|s| s.to_string()).collect()),
            ));
        }
    };
    one_of(&def.kind, "type", TYPES, diags);
    one_of(&def.level, "level", &["required", "advisory"], diags);
    one_of(&def.period, "period", &["year", "half"], diags);
    one_of(&def.folder, "folder", &["leadership", "section", "any"], diags);
    one_of(&def.target, "target", &["leadership", "section", "scope"], diags);
    one_of(&def.person, "person", &["scope"], diags);
    one_of(&def.who, "who", &["director", "overseer"], diags);
    one_of(&def.presence, "presence", &["chair", "present"], diags);
    one_of(&def.relation, "relation", &["any", "home", "oversees"], diags);
    one_of(&def.due, "due", DATE_KEYS, diags);
    one_of(&def.done, "done", DATE_KEYS, diags);
    one_of(&def.due_after, "due_after", DATE_KEYS, diags);
    one_of(&def.extended, "extended", DATE_KEYS, diags);
    one_of(&def.when, "when", DATE_KEYS, diags);
    let role_ids = Role::ids();
    let roles: Vec<&str> = role_ids.iter().map(String::as_str).collect();
    one_of(&def.chair, "chair", &roles, diags);
    let scopes: &[&str] = match def.kind.as_ref().map(|k| k.get_ref().as_str()) {
        Some("people") => &["unit", "section"],
        _ => &["unit", "section", "leader"],
    };
    one_of(&def.scope, "scope", scopes, diags);
    for role in def.roles.iter().flatten() {
        one_of(&Some(role.clone()), "roles", &roles, diags);
    }
    let kind_ids = Kind::ids();
    let kinds: Vec<&str> = kind_ids.iter().map(String::as_str).collect();
    for kind in def.kinds.iter().flatten() {
        if Kind::parse(kind.get_ref()).is_none() {
            one_of(&Some(kind.clone()), "kinds", &kinds, diags);
        }
    }
    let record_keys: Vec<&str> = RECORD_KEYS.iter().map(|k| k.name).collect();
    for key in def.require.iter().flatten() {
        one_of(&Some(key.clone()), "require", &record_keys, diags);
    }
    for number in [&def.min, &def.max, &def.due_days].into_iter().flatten() {
        if !(0..=100_000).contains(number.get_ref()) {
            ok = false;
            diags.push(origin.error(
                number.span(),
                bad_value("min/max/due_days", &number.get_ref().to_string(), vec![]),
            ));
        }
    }
    for (key, value) in [("from", &def.from), ("until", &def.until)] {
        if let Some(v) = value
            && parse_month_day(v.get_ref(), key == "until").is_none()
        {
            ok = false;
            let hint = if key == "until" {
                "MM-DD 或 next-MM-DD"
            } else {
                "MM-DD"
            };
            diags.push(origin.error(v.span(), bad_value(key, v.get_ref(), vec![hint.into()])));
        }
    }
    if let Some(article) = &def.article
        && measures::article_text(article.get_ref()).is_none()
    {
        ok = false;
        diags.push(origin.error(
            article.span(),
            Message::RuleInvalid {
                id: def.id.as_ref().map(|i| i.get_ref().clone()).unwrap_or_default(),
                detail_zh: format!("实施办法中没有“{}”", article.get_ref()),
                detail_en: format!("the measures have no article “{}”", article.get_ref()),
            },
        ));
    }
    ok
}

/// `MM-DD`, or `next-MM-DD` (only where `next_ok`): (month, day, next year).
pub(super) fn parse_month_day(text: &str, next_ok: bool) -> Option<(u32, u32, bool)> {
    let (next, md) = match text.strip_prefix("next-") {
        Some(rest) if next_ok => (true, rest),
        Some(_) => return None,
        None => (false, text),
    };
    let (m, d) = md.split_once('-')?;
    if m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    // valid in a leap year (Feb 29 clamps to Feb 28 in common years)
    chrono::NaiveDate::from_ymd_opt(2028, m, d)?;
    Some((m, d, next))
}

/// Compiles merged definitions; disabled rules are dropped. A rule missing a
/// key its type needs is reported at its id.
/// The ids of every rule defined, enabled or not.
pub(super) fn ids(entries: &[Entry]) -> Vec<String> {
    entries
        .iter()
        .filter_map(|e| e.def.id.as_ref().map(|i| i.get_ref().clone()))
        .collect()
}

pub(super) fn compile(entries: Vec<Entry>, diags: &mut Vec<Diagnostic>) -> Vec<Rule> {
    let mut rules = Vec::new();
    for entry in entries {
        if entry.def.enabled == Some(false) {
            continue;
        }
        match compile_one(&entry.def) {
            Ok(rule) => rules.push(rule),
            Err(missing) => {
                let id = entry.def.id.as_ref().map(|i| i.get_ref().clone()).unwrap_or_default();
                diags.push(Diagnostic::error(
                    &entry.file,
                    entry.id_span.clone(),
                    Message::RuleInvalid {
                        detail_zh: format!("缺少 `{missing}`"),
                        detail_en: format!("`{missing}` is missing"),
                        id,
                    },
                ));
            }
        }
    }
    rules
}

/// The value of a key a rule must have, or the key's name.
fn get<'a, T>(v: &'a Option<Spanned<T>>, key: &'static str) -> Result<&'a T, &'static str> {
    v.as_ref().map(Spanned::get_ref).ok_or(key)
}

/// The kinds of record a rule is about (at least one).
fn kinds(def: &RuleDef) -> Result<Vec<Kind>, &'static str> {
    let kinds: Vec<Kind> = def
        .kinds
        .iter()
        .flatten()
        .filter_map(|k| Kind::parse(k.get_ref()))
        .collect();
    if kinds.is_empty() { Err("kinds") } else { Ok(kinds) }
}

/// Which folders' records count.
fn folder(def: &RuleDef, required: bool) -> Result<Folder, &'static str> {
    Ok(match def.folder.as_ref().map(|f| f.get_ref().as_str()) {
        Some("leadership") => Folder::Leadership,
        Some("section") => Folder::Section,
        Some(_) => Folder::Any,
        None if required => return Err("folder"),
        None => Folder::Any,
    })
}

/// One instance per what.
fn scope(def: &RuleDef) -> Result<RuleScope, &'static str> {
    Ok(match get(&def.scope, "scope")?.as_str() {
        "section" => RuleScope::Section,
        "leader" => RuleScope::Leader,
        _ => RuleScope::Unit,
    })
}

/// A count a rule must have.
fn count(v: &Option<Spanned<i64>>, key: &'static str) -> Result<u32, &'static str> {
    get(v, key).map(|n| u32::try_from(*n).unwrap_or(0))
}

/// What a rule checks, from its `type` and the keys of that type.
fn compile_check(def: &RuleDef) -> Result<Check, &'static str> {
    Ok(match get(&def.kind, "type")?.as_str() {
        "count" => Check::Count {
            scope: scope(def)?,
            half: get(&def.period, "period")? == "half",
            kinds: kinds(def)?,
            folder: folder(def, true)?,
            min: count(&def.min, "min")?,
            window: Window {
                from: def.from.as_ref().and_then(|f| parse_month_day(f.get_ref(), false)),
                until: def.until.as_ref().and_then(|u| parse_month_day(u.get_ref(), true)),
            },
            target: def.target.as_ref().map(|t| match t.get_ref().as_str() {
                "leadership" => TargetFilter::Leadership,
                "section" => TargetFilter::AnySection,
                _ => TargetFilter::Scope,
            }),
            person_is_scope: def.person.is_some(),
            chair: def.chair.as_ref().and_then(|c| Role::parse(c.get_ref())),
        },
        "deadline" => Check::Deadline {
            kinds: kinds(def)?,
            due_field: def.due.as_ref().map(|d| d.get_ref().clone()),
            due_days: match (&def.due, &def.due_days) {
                (None, None) => return Err("due"),
                (_, days) => days.as_ref().map(|d| u32::try_from(*d.get_ref()).unwrap_or(0)),
            },
            due_after: def.due_after.as_ref().map(|d| d.get_ref().clone()),
            extended: def.extended.as_ref().map(|d| d.get_ref().clone()),
            done: get(&def.done, "done")?.clone(),
        },
        "letter" => Check::Letter { kinds: kinds(def)? },
        "fields" => Check::Fields {
            kinds: kinds(def)?,
            require: def.require.iter().flatten().map(|k| k.get_ref().clone()).collect(),
            when: def.when.as_ref().map(|w| w.get_ref().clone()),
        },
        "attendance" => Check::Attendance {
            kinds: kinds(def)?,
            folder: folder(def, false)?,
            who: match get(&def.who, "who")?.as_str() {
                "director" => Who::Director,
                _ => Who::Overseer,
            },
            presence: match get(&def.presence, "presence")?.as_str() {
                "chair" => Presence::Chair,
                _ => Presence::Present,
            },
        },
        "people" => Check::People {
            section_scope: scope(def)? == RuleScope::Section,
            roles: def
                .roles
                .iter()
                .flatten()
                .filter_map(|r| Role::parse(r.get_ref()))
                .collect(),
            relation: match def.relation.as_ref().map(|r| r.get_ref().as_str()) {
                Some("home") => Relation::Home,
                Some("oversees") => Relation::Oversees,
                _ => Relation::Any,
            },
            min: count(&def.min, "min")?,
            max: def.max.as_ref().map(|m| u32::try_from(*m.get_ref()).unwrap_or(0)),
        },
        _ => Check::Sanctions { kinds: kinds(def)? },
    })
}

fn compile_one(def: &RuleDef) -> Result<Rule, &'static str> {
    let check = compile_check(def)?;
    let id = get(&def.id, "id")?.clone();
    Ok(Rule {
        title: def.title.clone().unwrap_or_else(|| id.clone()),
        what: def.what.clone().unwrap_or_else(|| id.clone()),
        what_en: def
            .what_en
            .clone()
            .or_else(|| def.what.clone())
            .unwrap_or_else(|| id.clone()),
        verb: def.verb.clone().unwrap_or_else(|| "有".into()),
        verb_en: def.verb_en.clone().unwrap_or_else(|| "done".into()),
        unit: def.unit.clone().unwrap_or_else(|| "项".into()),
        article: get(&def.article, "article")?.clone(),
        level: match get(&def.level, "level")?.as_str() {
            "advisory" => Level::Advisory,
            _ => Level::Required,
        },
        id,
        check,
    })
}
