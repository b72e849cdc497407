//! Reading org.toml: the unit, its sections and its people.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;
use toml::de::DeTable;

use super::date::DateInput;
use super::schema::{self, ORG_KEYS, Origin, PERSON_KEYS, SECTION_KEYS, UNIT_KEYS};
use crate::diag::{Diagnostic, Message};
use crate::model::{LEADERSHIP, Org, Person, Role, Section, Unit};

/// The whole file, as the JSON Schema describes it; the loader reads the
/// tables one by one so that one bad entry does not hide the others.
#[derive(schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // only described, never built
#[schemars(title = "org.toml", description = "单位、科室和人员（见 docs/记录格式.md）")]
pub struct OrgFile {
    /// 单位
    unit: UnitDef,
    /// 科室，每个科室一段 [[section]]
    #[serde(default)]
    section: Vec<SectionDef>,
    /// 人员，每人一段 [[person]]
    #[serde(default)]
    person: Vec<PersonDef>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct UnitDef {
    /// 单位全称，用于报告的标题
    #[schemars(with = "String")]
    name: Option<Spanned<String>>,
    /// 单位简称
    short_name: Option<String>,
    /// 接收单位年度专题报告的纪委，如 市纪委
    discipline_body: Option<String>,
    /// 接收科室专题报告的党支部
    party_branch: Option<String>,
    /// 单位代码：统一社会信用代码或上级给的编码，汇总时用来区分单位
    code: Option<String>,
    /// 层级，如 市级、县级、乡镇级
    level: Option<String>,
    /// 汇总本单位的上级单位（一级抓一级），默认为 discipline_body
    parent: Option<String>,
    /// 本单位网站的地址（http:// 或 https:// 开头），汇总网站链接到这里
    #[schemars(with = "Option<String>", regex(pattern = "^https?://"))]
    site_url: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct SectionDef {
    /// 科室编号，也是年度文件夹下的文件夹名：字母、数字、_、- 或汉字；leadership 留给领导班子
    #[schemars(
        with = "String",
        regex(pattern = "^[A-Za-z0-9_\\-\u{3400}-\u{9fff}\u{f900}-\u{faff}]+$")
    )]
    #[schemars(extend("not" = {"const": "leadership"}))]
    id: Option<Spanned<String>>,
    /// 科室名称
    #[schemars(with = "String")]
    name: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct PersonDef {
    /// 人员编号，唯一；记录中的 chair、attendees、person 等写这个编号
    #[schemars(with = "String")]
    id: Option<Spanned<String>>,
    /// 姓名
    #[schemars(with = "String")]
    name: Option<Spanned<String>>,
    /// 职务（可多项）
    #[schemars(with = "Option<Vec<Role>>")]
    roles: Option<Vec<Spanned<String>>>,
    /// 分管的科室（科室编号列表）
    #[schemars(with = "Option<Vec<String>>")]
    oversees: Option<Vec<Spanned<String>>>,
    /// 所在科室：科长、科室副职和工作人员必填
    #[schemars(with = "Option<String>")]
    section: Option<Spanned<String>>,
    /// 到任日期（含），可不写
    #[schemars(with = "Option<DateInput>")]
    from: Option<Spanned<DateInput>>,
    /// 离任日期（含），可不写
    #[schemars(with = "Option<DateInput>")]
    until: Option<Spanned<DateInput>>,
}

/// The organisation, plus the ids of sections and people whose entries had
/// errors: references to them are not reported again as unknown.
#[derive(Debug, Default, Clone)]
pub struct LoadedOrg {
    /// The unit, its sections and its people, as far as they could be read.
    pub org: Org,
    /// Ids of sections whose entries had errors.
    pub broken_sections: BTreeSet<String>,
    /// Ids of people whose entries had errors.
    pub broken_people: BTreeSet<String>,
    /// False when the file could not be read at all: then no reference to
    /// a section or person can be judged.
    pub usable: bool,
}

/// The organisation file, at the top of the records folder.
pub const FILE: &str = "org.toml";

/// Parses `org.toml`, reporting each bad entry and keeping the others.
pub fn parse(text: &str, diags: &mut Vec<Diagnostic>) -> LoadedOrg {
    let origin = Origin { file: FILE, offset: 0 };
    let mut out = LoadedOrg::default();
    let root = match super::parse_toml(
        text,
        origin,
        &[
            schema::ORG_KEYS,
            schema::UNIT_KEYS,
            schema::SECTION_KEYS,
            schema::PERSON_KEYS,
        ],
        diags,
    ) {
        Some(root) => root,
        None => return out,
    };
    out.usable = true;
    let (root_table, _) = schema::check_table(root.get_ref(), ORG_KEYS, origin, diags);

    match root_table.get("unit") {
        Some(unit) => {
            if let Some(table) = unit.get_ref().as_table() {
                out.org.unit = parse_unit(table, unit.span(), origin, diags);
            }
        }
        None => diags.push(origin.error(
            0..0,
            Message::MissingKey {
                key: "[unit]".into(),
                when: None,
            },
        )),
    }

    for item in array_tables(&root_table, "section") {
        let Some(table) = item.get_ref().as_table() else {
            continue;
        };
        let (table, ok) = schema::check_table(table, SECTION_KEYS, origin, diags);
        let def: Option<SectionDef> = schema::deserialize(table, item.span(), origin, diags);
        let Some(def) = def else { continue };
        let id = require(def.id, "id", item.span(), origin, diags);
        let name = require(def.name, "name", item.span(), origin, diags);
        let Some(id) = id else { continue };
        let id_ok = check_section_id(&id, origin, diags)
            && page_name_ok(
                "section",
                &id,
                out.org.sections.iter().map(|s| s.id.as_str()),
                origin,
                diags,
            );
        if let Some(other) = out.org.sections.iter().find(|s| s.id == *id.get_ref()) {
            diags.push(origin.error(
                id.span(),
                Message::DuplicateId {
                    what: "section",
                    id: other.id.clone(),
                    other: FILE.into(),
                },
            ));
            continue;
        }
        match name {
            Some(name) if ok && id_ok => out.org.sections.push(Section {
                id: id.into_inner(),
                name: name.into_inner(),
            }),
            _ => {
                out.broken_sections.insert(id.into_inner());
            }
        }
    }

    for item in array_tables(&root_table, "person") {
        let Some(table) = item.get_ref().as_table() else {
            continue;
        };
        let (table, ok) = schema::check_table(table, PERSON_KEYS, origin, diags);
        let def: Option<PersonDef> = schema::deserialize(table, item.span(), origin, diags);
        let Some(def) = def else { continue };
        match parse_person(def, item.span(), ok, &out, origin, diags) {
            Ok(person) => out.org.people.push(person),
            Err(Some(id)) => {
                out.broken_people.insert(id);
            }
            Err(None) => {}
        }
    }
    out
}

fn array_tables<'a, 'i>(root: &'a DeTable<'i>, key: &str) -> impl Iterator<Item = &'a Spanned<toml::de::DeValue<'i>>> {
    root.get(key).and_then(|v| v.get_ref().as_array()).into_iter().flatten()
}

fn parse_unit(
    table: &DeTable<'_>,
    span: std::ops::Range<usize>,
    origin: Origin<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Unit {
    let (table, _) = schema::check_table(table, UNIT_KEYS, origin, diags);
    let Some(def) = schema::deserialize::<UnitDef>(table, span.clone(), origin, diags) else {
        return Unit::default();
    };
    let name = require(def.name, "name", span, origin, diags)
        .map(Spanned::into_inner)
        .unwrap_or_default();
    let site_url = def.site_url.and_then(|url| {
        let text = url.get_ref().trim();
        if text.starts_with("http://") || text.starts_with("https://") {
            Some(text.to_string())
        } else {
            diags.push(origin.error(
                url.span(),
                Message::BadValue {
                    key: "site_url".into(),
                    value: text.to_string(),
                    allowed: vec!["https://…".into(), "http://…".into()],
                    suggestion: None,
                },
            ));
            None
        }
    });
    let given = |text: Option<String>| text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    let discipline_body = def.discipline_body.unwrap_or_default();
    Unit {
        short_name: def.short_name.unwrap_or_else(|| name.clone()),
        code: given(def.code),
        level: given(def.level),
        parent: given(def.parent).or_else(|| given(Some(discipline_body.clone()))),
        site_url,
        discipline_body,
        party_branch: def.party_branch.unwrap_or_default(),
        name,
    }
}

fn parse_person(
    def: PersonDef,
    span: std::ops::Range<usize>,
    mut ok: bool,
    org: &LoadedOrg,
    origin: Origin<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Result<Person, Option<String>> {
    let id = require(def.id, "id", span.clone(), origin, diags);
    let name = require(def.name, "name", span.clone(), origin, diags);
    let Some(id) = id else { return Err(None) };
    ok &= name.is_some();
    if id.get_ref() != id.get_ref().trim() || id.get_ref().is_empty() {
        ok = false;
        diags.push(origin.error(
            id.span(),
            Message::BadId {
                id: id.get_ref().clone(),
            },
        ));
    }
    if org.org.people.iter().any(|p| p.id == *id.get_ref()) || org.broken_people.contains(id.get_ref()) {
        diags.push(origin.error(
            id.span(),
            Message::DuplicateId {
                what: "person",
                id: id.get_ref().clone(),
                other: FILE.into(),
            },
        ));
        return Err(None);
    }
    ok &= page_name_ok(
        "person",
        &id,
        org.org.people.iter().map(|p| p.id.as_str()),
        origin,
        diags,
    );

    let mut roles = Vec::new();
    for role in def.roles.into_iter().flatten() {
        match Role::parse(role.get_ref()) {
            Some(r) => roles.push(r),
            None => {
                ok = false;
                diags.push(origin.error(role.span(), bad_value("roles", role.get_ref(), Role::ids())));
            }
        }
    }
    let section_ref = |value: &Spanned<String>, diags: &mut Vec<Diagnostic>| {
        let known = org.org.section(value.get_ref()).is_some() || org.broken_sections.contains(value.get_ref());
        if !known {
            diags.push(origin.error(
                value.span(),
                Message::UnknownSection {
                    id: value.get_ref().clone(),
                    suggestion: schema::suggest_section(&org.org, value.get_ref(), false),
                },
            ));
        }
        known
    };
    let oversees: Vec<Spanned<String>> = def.oversees.unwrap_or_default();
    for s in &oversees {
        ok &= section_ref(s, diags);
    }
    if let Some(s) = &def.section {
        ok &= section_ref(s, diags);
    }
    let from = date_value(def.from, origin, diags, &mut ok);
    let until = date_value(def.until, origin, diags, &mut ok);
    if let (Some((from, _)), Some((until, until_span))) = (from.clone(), until.clone())
        && until < from
    {
        ok = false;
        diags.push(origin.error(
            until_span,
            Message::DateOrder {
                key: "until".into(),
                value: until.to_string(),
                earlier: "from".into(),
            },
        ));
    }
    if !ok {
        return Err(Some(id.into_inner()));
    }
    Ok(Person {
        id: id.into_inner(),
        name: name.map(Spanned::into_inner).unwrap_or_default(),
        roles,
        oversees: oversees.into_iter().map(Spanned::into_inner).collect(),
        section: def.section.map(Spanned::into_inner),
        from: from.map(|d| d.0),
        until: until.map(|d| d.0),
    })
}

fn date_value(
    value: Option<Spanned<DateInput>>,
    origin: Origin<'_>,
    diags: &mut Vec<Diagnostic>,
    ok: &mut bool,
) -> Option<(NaiveDate, std::ops::Range<usize>)> {
    let value = value?;
    match &value.get_ref().0 {
        Ok(date) => Some((*date, value.span())),
        Err(text) => {
            *ok = false;
            diags.push(origin.error(value.span(), Message::BadDate { value: text.clone() }));
            None
        }
    }
}

/// Whether `id` can name its page (`sections/ID.html`, `people/ID.html`):
/// a file name everywhere, none of the site's own, and apart from the
/// `earlier` ids of its kind by more than case or punctuation.
fn page_name_ok<'a>(
    what: &'static str,
    id: &Spanned<String>,
    earlier: impl Iterator<Item = &'a str>,
    origin: Origin<'_>,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    use crate::model::names;
    let page = names::page_name(id.get_ref());
    if let Some(why) = names::unfit(&page) {
        let (span, id) = (id.span(), id.get_ref().clone());
        diags.push(origin.error(span, Message::UnfitId { what, id, why }));
        return false;
    }
    let folded = names::fold(&page);
    let mut earlier = earlier;
    if let Some(other) = earlier.find(|o| *o != id.get_ref() && names::fold(&names::page_name(o)) == folded) {
        diags.push(origin.error(
            id.span(),
            Message::IdCollision {
                what,
                id: id.get_ref().clone(),
                other: other.to_string(),
                place: FILE.into(),
            },
        ));
        return false;
    }
    true
}

fn check_section_id(id: &Spanned<String>, origin: Origin<'_>, diags: &mut Vec<Diagnostic>) -> bool {
    let text = id.get_ref();
    if text == LEADERSHIP {
        diags.push(origin.error(id.span(), Message::ReservedSectionId));
        return false;
    }
    let valid = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || is_cjk(c));
    if !valid {
        diags.push(origin.error(id.span(), Message::BadId { id: text.clone() }));
    }
    valid
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3134f}')
}

/// Reports a missing required key at the table it belongs to.
pub(super) fn require<T>(
    value: Option<T>,
    key: &str,
    table_span: std::ops::Range<usize>,
    origin: Origin<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    if value.is_none() {
        diags.push(origin.error(
            table_span.start..table_span.start,
            Message::MissingKey {
                key: key.into(),
                when: None,
            },
        ));
    }
    value
}

/// A value outside `allowed` for `key`, with the closest allowed value suggested.
pub fn bad_value(key: &str, value: &str, allowed: Vec<String>) -> Message {
    Message::BadValue {
        key: key.into(),
        value: value.into(),
        suggestion: schema::suggest(value, allowed.iter().map(String::as_str)),
        allowed,
    }
}
