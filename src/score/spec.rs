//! Reading the 考核细则: the `[scoring]` table of `rules.toml`, built in or
//! the unit's own, merged by id like the rules, checked, and compiled into
//! a [`Scoring`].

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;
use toml::de::DeTable;

use super::{Category, Form, Grade, Item, ItemScope, Scoring, Veto};
use crate::diag::{Diagnostic, Message};
use crate::load::org::bad_value;
use crate::model::{Kind, Severity};
use crate::spanned::{self as schema, KeySpec, Origin, ValueType::*, key};

/// The keys of `[scoring]`.
pub const SCORING_KEYS: &[KeySpec] = &[
    key("difference", Number, "差异提示分数"),
    key("veto", Table, "一票否决"),
    key("grade", TableList, "等次"),
    key("category", TableList, "类别"),
    key("item", TableList, "考核项目"),
];
const VETO_KEYS: &[KeySpec] = &[
    key("severities", StrList, "情节"),
    key("leaders", Bool, "领导干部被追责"),
];
const GRADE_KEYS: &[KeySpec] = &[
    key("name", Str, "名称"),
    key("min", Number, "最低分"),
    key("quota", Number, "名额比例"),
];
const CATEGORY_KEYS: &[KeySpec] = &[
    key("id", Str, "编号"),
    key("enabled", Bool, "启用"),
    key("name", Str, "名称"),
    key("weight", Number, "权重"),
];
/// The keys of a `[[scoring.item]]` table.
pub const ITEM_KEYS: &[KeySpec] = &[
    key("id", Str, "编号"),
    key("enabled", Bool, "启用"),
    key("category", Str, "类别"),
    key("scope", Str, "考核对象"),
    key("title", Str, "项目"),
    key("points", Number, "分值"),
    key("form", Str, "计分方式"),
    key("rules", StrList, "规则"),
    key("kinds", StrList, "记录类型"),
    key("per", Number, "每次分数"),
    key("floor", Number, "最低得分"),
    key("severity", Table, "按情节扣分"),
];
const SEVERITY_KEYS: &[KeySpec] = &[
    key("minor", Number, "情节较轻"),
    key("ordinary", Number, "一般"),
    key("serious", Number, "情节较重"),
    key("grave", Number, "情节严重"),
];
const FORMS: &[&str] = &["met", "proportional", "deduct", "bonus", "cases"];
const SCOPES: &[&str] = &["unit", "section", "leader"];

#[derive(Debug, Default, Clone, Deserialize)]
struct ItemDef {
    id: Option<Spanned<String>>,
    enabled: Option<bool>,
    category: Option<Spanned<String>>,
    scope: Option<Spanned<String>>,
    title: Option<String>,
    points: Option<Spanned<f64>>,
    form: Option<Spanned<String>>,
    rules: Option<Vec<Spanned<String>>>,
    kinds: Option<Vec<Spanned<String>>>,
    per: Option<Spanned<f64>>,
    floor: Option<Spanned<f64>>,
    severity: Option<Spanned<SeverityDef>>,
}

#[derive(Debug, Default, Clone, Deserialize)]
struct SeverityDef {
    minor: Option<f64>,
    ordinary: Option<f64>,
    serious: Option<f64>,
    grave: Option<f64>,
}

/// `merge`: the keys an override gives replace those before it.
macro_rules! overridable {
    ($ty:ident { $($f:ident),* }) => {
        impl $ty {
            fn merge(&mut self, over: $ty) {
                $(if over.$f.is_some() { self.$f = over.$f; })*
            }
        }
    };
}

overridable!(ItemDef {
    enabled,
    category,
    scope,
    title,
    points,
    form,
    rules,
    kinds,
    per,
    floor,
    severity
});
overridable!(CategoryDef { enabled, name, weight });

#[derive(Debug, Default, Clone, Deserialize)]
struct CategoryDef {
    id: Option<Spanned<String>>,
    enabled: Option<bool>,
    name: Option<String>,
    weight: Option<Spanned<f64>>,
}

#[derive(Debug, Clone, Deserialize)]
struct GradeDef {
    name: Option<Spanned<String>>,
    min: Option<Spanned<f64>>,
    quota: Option<Spanned<f64>>,
}

#[derive(Debug, Clone, Deserialize)]
struct VetoDef {
    severities: Option<Vec<Spanned<String>>>,
    leaders: Option<bool>,
}

/// One definition and where its last part was written.
#[derive(Debug, Clone)]
struct Entry<T> {
    def: T,
    file: String,
    span: Range<usize>,
}

/// The 细则 as read so far, before it is compiled.
#[derive(Debug, Default)]
pub struct Defs {
    items: Vec<Entry<ItemDef>>,
    categories: Vec<Entry<CategoryDef>>,
    grades: Option<Vec<Entry<GradeDef>>>,
    veto: Option<VetoDef>,
    difference: Option<f64>,
}

fn invalid(what: &str, zh: String, en: String) -> Message {
    Message::ScoringInvalid {
        what: what.to_string(),
        detail_zh: zh,
        detail_en: en,
    }
}

/// Reads a `[scoring]` table and merges it into `defs`: items and
/// categories by id; the grades, the veto and the difference replace the
/// earlier ones when given.
pub fn read<'i>(table: &DeTable<'i>, origin: Origin<'_>, defs: &mut Defs, diags: &mut Vec<Diagnostic>) {
    let (table, _) = schema::check_table(table, SCORING_KEYS, origin, diags);
    let tables = |name: &str, keys: &[KeySpec], diags: &mut Vec<Diagnostic>| -> Vec<(DeTable<'i>, Range<usize>)> {
        let mut out = Vec::new();
        for item in table
            .get(name)
            .and_then(|v| v.get_ref().as_array())
            .into_iter()
            .flatten()
        {
            if let Some(t) = item.get_ref().as_table() {
                // a table with a wrong key is reported once, not again as incomplete
                let (clean, ok) = schema::check_table(t, keys, origin, diags);
                if ok {
                    out.push((clean, item.span()));
                }
            }
        }
        out
    };
    if let Some(d) = table
        .get("difference")
        .and_then(|v| deserialize::<f64>(v, origin, diags))
    {
        defs.difference = Some(d);
    }
    if let Some(v) = table.get("veto")
        && let Some(t) = v.get_ref().as_table()
    {
        let (clean, _) = schema::check_table(t, VETO_KEYS, origin, diags);
        defs.veto = schema::deserialize(clean, v.span(), origin, diags);
    }
    let grades: Vec<Entry<GradeDef>> = tables("grade", GRADE_KEYS, diags)
        .into_iter()
        .filter_map(|(t, span)| {
            Some(Entry {
                def: schema::deserialize(t, span.clone(), origin, diags)?,
                file: origin.file.to_string(),
                span,
            })
        })
        .collect();
    if !grades.is_empty() {
        defs.grades = Some(grades);
    }
    for (t, span) in tables("category", CATEGORY_KEYS, diags) {
        if let Some(def) = schema::deserialize::<CategoryDef>(t, span.clone(), origin, diags) {
            merge(
                &mut defs.categories,
                def,
                origin,
                span,
                diags,
                |d| &d.id,
                CategoryDef::merge,
            );
        }
    }
    for (t, span) in tables("item", ITEM_KEYS, diags) {
        let severity_ok = match t.get("severity") {
            Some(v) => v
                .get_ref()
                .as_table()
                .is_some_and(|s| schema::check_table(s, SEVERITY_KEYS, origin, diags).1),
            None => true,
        };
        if !severity_ok {
            continue;
        }
        if let Some(def) = schema::deserialize::<ItemDef>(t, span.clone(), origin, diags) {
            merge(&mut defs.items, def, origin, span, diags, |d| &d.id, ItemDef::merge);
        }
    }
}

fn deserialize<T: serde::de::DeserializeOwned>(
    value: &Spanned<toml::de::DeValue<'_>>,
    origin: Origin<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    let mut wrapper = DeTable::new();
    wrapper.insert(Spanned::new(0..0, "v".into()), value.clone());
    #[derive(Deserialize)]
    struct V<T> {
        v: T,
    }
    schema::deserialize::<V<T>>(wrapper, value.span(), origin, diags).map(|w| w.v)
}

/// Adds `def` to `list`, or merges it into the entry of the same id.
fn merge<T: Clone>(
    list: &mut Vec<Entry<T>>,
    def: T,
    origin: Origin<'_>,
    span: Range<usize>,
    diags: &mut Vec<Diagnostic>,
    id: fn(&T) -> &Option<Spanned<String>>,
    over: fn(&mut T, T),
) {
    let Some(new_id) = id(&def).clone() else {
        diags.push(origin.error(
            span.start..span.start,
            Message::MissingKey {
                key: "id".into(),
                when: None,
            },
        ));
        return;
    };
    match list
        .iter_mut()
        .find(|e| id(&e.def).as_ref().map(Spanned::get_ref) == Some(new_id.get_ref()))
    {
        Some(entry) if entry.file != origin.file => {
            over(&mut entry.def, def);
            entry.file = origin.file.to_string();
            entry.span = origin.span(new_id.span());
        }
        Some(entry) => diags.push(origin.error(
            new_id.span(),
            Message::DuplicateId {
                what: "scoring",
                id: new_id.get_ref().clone(),
                other: entry.file.clone(),
            },
        )),
        None => list.push(Entry {
            def,
            file: origin.file.to_string(),
            span: origin.span(new_id.span()),
        }),
    }
}

/// Compiles the merged 细则 against the rules in force (`rule_ids`); a
/// rule that is defined but disabled (`defined`) drops out of its items,
/// and an item left with no rule drops out.
pub fn compile(defs: Defs, rule_ids: &[&str], defined: &[&str], diags: &mut Vec<Diagnostic>) -> Scoring {
    let mut categories = Vec::new();
    for e in &defs.categories {
        if e.def.enabled == Some(false) {
            continue;
        }
        let id = e.def.id.as_ref().map(|i| i.get_ref().clone()).unwrap_or_default();
        let weight = e.def.weight.as_ref().map_or(0.0, |w| *w.get_ref());
        if weight <= 0.0 {
            diags.push(Diagnostic::error(
                &e.file,
                e.span.clone(),
                invalid(&id, "权重（weight）须大于 0".into(), "`weight` must be above 0".into()),
            ));
            continue;
        }
        categories.push(Category {
            name: e.def.name.clone().unwrap_or_else(|| id.clone()),
            id,
            weight,
        });
    }
    let mut items = Vec::new();
    for e in defs.items.into_iter().filter(|e| e.def.enabled != Some(false)) {
        if let Some(item) = compile_item(&e, &categories, rule_ids, defined, diags) {
            items.push(item);
        }
    }
    let mut grades = Vec::new();
    for e in defs.grades.unwrap_or_default() {
        let (Some(name), Some(min)) = (&e.def.name, &e.def.min) else {
            diags.push(Diagnostic::error(
                &e.file,
                e.span.clone(),
                Message::MissingKey {
                    key: if e.def.name.is_none() { "name" } else { "min" }.into(),
                    when: Some("考核细则的等次".into()),
                },
            ));
            continue;
        };
        let quota = e.def.quota.as_ref().map(|q| *q.get_ref());
        if quota.is_some_and(|q| !(0.0..=100.0).contains(&q))
            && let Some(q) = &e.def.quota
        {
            diags.push(Diagnostic::error(
                &e.file,
                q.span(),
                invalid(
                    name.get_ref(),
                    "名额比例（quota）是百分数，须在 0 到 100 之间".into(),
                    "`quota` is a percentage from 0 to 100".into(),
                ),
            ));
            continue;
        }
        if let Some(last) = grades.last().map(|g: &Grade| g.min)
            && *min.get_ref() >= last
        {
            diags.push(Diagnostic::error(
                &e.file,
                min.span(),
                invalid(
                    name.get_ref(),
                    format!("等次须从高到低排列，最低分（min）须低于上一等次的 {last}"),
                    format!("grades go from high to low: `min` must be below the previous grade's {last}"),
                ),
            ));
            continue;
        }
        grades.push(Grade {
            name: name.get_ref().clone(),
            min: *min.get_ref(),
            quota,
        });
    }
    let veto = defs.veto.map_or_else(Veto::default, |v| Veto {
        severities: v
            .severities
            .into_iter()
            .flatten()
            .filter_map(|s| Severity::parse(s.get_ref()))
            .collect(),
        leaders: v.leaders.unwrap_or(false),
    });
    Scoring {
        categories,
        items,
        grades,
        veto,
        difference: defs.difference.unwrap_or(5.0),
    }
}

/// What compiling one item reports to: its file, and whether all is well.
struct Checker<'a> {
    file: &'a str,
    id: &'a str,
    ok: bool,
    diags: &'a mut Vec<Diagnostic>,
}

impl Checker<'_> {
    fn fail(&mut self, span: Range<usize>, message: Message) {
        self.ok = false;
        self.diags.push(Diagnostic::error(self.file, span, message));
    }

    fn invalid(&mut self, span: Range<usize>, zh: String, en: String) {
        let message = invalid(self.id, zh, en);
        self.fail(span, message);
    }

    /// `value` is one of `allowed`, else reported.
    fn one_of(&mut self, value: &Option<Spanned<String>>, key: &str, allowed: &[&str]) -> bool {
        match value {
            Some(v) if !allowed.contains(&v.get_ref().as_str()) => {
                let names = allowed.iter().map(|s| s.to_string()).collect();
                self.fail(v.span(), bad_value(key, v.get_ref(), names));
                false
            }
            _ => true,
        }
    }

    /// An id among `known`, else reported with the closest one.
    fn known(&mut self, value: &Spanned<String>, (what, what_en): (&str, &str), known: &[&str]) -> bool {
        if known.contains(&value.get_ref().as_str()) {
            return true;
        }
        let mut zh = format!("没有编号为 `{}` 的{what}", value.get_ref());
        if let Some(s) = schema::suggest(value.get_ref(), known.iter().copied()) {
            zh += &format!("，是否想写 `{s}`");
        }
        let en = format!("there is no {what_en} `{}`", value.get_ref());
        self.invalid(value.span(), zh, en);
        false
    }
}

fn compile_item(
    e: &Entry<ItemDef>,
    categories: &[Category],
    rule_ids: &[&str],
    defined: &[&str],
    diags: &mut Vec<Diagnostic>,
) -> Option<Item> {
    let def = &e.def;
    let id = def.id.as_ref().map(|i| i.get_ref().clone()).unwrap_or_default();
    let mut c = Checker {
        file: &e.file,
        id: &id,
        ok: true,
        diags,
    };
    if !(c.one_of(&def.form, "form", FORMS) & c.one_of(&def.scope, "scope", SCOPES)) {
        return None;
    }
    let Some(form) = def.form.as_ref().map(|f| f.get_ref().as_str()) else {
        c.invalid(
            e.span.clone(),
            "缺少 `form`（计分方式）".into(),
            "`form` is missing".into(),
        );
        return None;
    };
    let points = def.points.as_ref().map_or(0.0, |p| *p.get_ref());
    if points <= 0.0 {
        let span = def.points.as_ref().map_or(e.span.clone(), Spanned::span);
        c.invalid(span, "分值（points）须大于 0".into(), "`points` must be above 0".into());
    }
    let base = matches!(form, "met" | "proportional" | "deduct");
    let category_ids: Vec<&str> = categories.iter().map(|k| k.id.as_str()).collect();
    match &def.category {
        Some(cat) => {
            c.known(cat, ("类别", "category"), &category_ids);
        }
        None if base => c.invalid(
            e.span.clone(),
            "计入基础分的项目须写 `category`（类别）".into(),
            "an item of the base score needs a `category`".into(),
        ),
        None => {}
    }
    // the rules it is scored by: known; a disabled one drops out
    let written: Vec<&Spanned<String>> = def.rules.iter().flatten().collect();
    for r in &written {
        c.known(r, ("规则", "rule"), defined);
    }
    let rules: Vec<String> = written
        .iter()
        .map(|r| r.get_ref().clone())
        .filter(|r| rule_ids.contains(&r.as_str()))
        .collect();
    let mut kinds = Vec::new();
    for k in def.kinds.iter().flatten() {
        match Kind::parse(k.get_ref()) {
            Some(kind) => kinds.push(kind),
            None => c.fail(k.span(), bad_value("kinds", k.get_ref(), Kind::ids())),
        }
    }
    let form = item_form(&mut c, def, form, points, &e.span)?;
    if !written.is_empty() && rules.is_empty() && kinds.is_empty() {
        // every rule it is scored by is disabled: so is the item
        return None;
    }
    let needs_rules = match form {
        Form::Met | Form::Proportional | Form::Deduct { .. } => written.is_empty(),
        Form::Bonus { .. } => written.is_empty() && kinds.is_empty(),
        Form::Cases { .. } => false,
    };
    if needs_rules {
        c.invalid(
            e.span.clone(),
            "须写 `rules`（据以计分的规则编号）".into(),
            "`rules` (the rules it is scored by) are missing".into(),
        );
    }
    if !c.ok {
        return None;
    }
    if kinds.is_empty() && matches!(form, Form::Cases { .. }) {
        kinds.push(Kind::Accountability);
    }
    Some(Item {
        title: def.title.clone().unwrap_or_else(|| id.clone()),
        category: if base {
            def.category.as_ref().map(|c| c.get_ref().clone())
        } else {
            None
        },
        scope: match def.scope.as_ref().map(|s| s.get_ref().as_str()) {
            Some("unit") => ItemScope::Unit,
            Some("leader") => ItemScope::Leader,
            _ => ItemScope::Section,
        },
        id,
        points,
        form,
        rules,
        kinds,
    })
}

/// The scoring form of an item, with the keys that form needs.
fn item_form(c: &mut Checker<'_>, def: &ItemDef, form: &str, points: f64, at: &Range<usize>) -> Option<Form> {
    let needs = |what: &str| {
        (
            format!("计分方式 {form} 须写 `{what}`"),
            format!("form {form} needs `{what}`"),
        )
    };
    let per = def.per.as_ref().map(|p| *p.get_ref()).filter(|p| *p > 0.0);
    Some(match form {
        "met" => Form::Met,
        "proportional" => Form::Proportional,
        "deduct" | "bonus" => {
            let Some(per) = per else {
                let (zh, en) = needs("per");
                c.invalid(at.clone(), zh, en);
                return None;
            };
            if form == "bonus" {
                return Some(Form::Bonus { per });
            }
            let floor = def.floor.as_ref().map_or(0.0, |f| *f.get_ref());
            if !(0.0..=points.max(0.0)).contains(&floor) {
                let span = def.floor.as_ref().map_or(at.clone(), Spanned::span);
                c.invalid(
                    span,
                    format!("最低得分（floor）须在 0 到分值 {points} 之间"),
                    format!("`floor` must be between 0 and the points {points}"),
                );
            }
            Form::Deduct { per, floor }
        }
        _ => {
            let Some(sev) = &def.severity else {
                let (zh, en) = needs("severity");
                c.invalid(at.clone(), zh, en);
                return None;
            };
            let s = sev.get_ref();
            Form::Cases {
                by_severity: [
                    (Severity::Minor, s.minor),
                    (Severity::Ordinary, s.ordinary),
                    (Severity::Serious, s.serious),
                    (Severity::Grave, s.grave),
                ]
                .into_iter()
                .map(|(k, v)| (k, v.unwrap_or(0.0)))
                .collect(),
            }
        }
    })
}
