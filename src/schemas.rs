//! JSON Schemas (draft-07) of the files staff write, for editors: they
//! complete keys and flag mistakes while staff type. Generated with
//! schemars from the same types and key tables the loader reads with, so
//! the schemas cannot drift from what `check` accepts.

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value};

use crate::load::org::OrgFile;
use crate::load::record::FrontMatter;
use crate::spanned::{KeySpec, ValueType};

/// File names of the schemas, as `zerenzhi schema` and `init` write them.
pub const ORG: &str = "org.schema.json";
/// File name of the schema of `rules.toml`.
pub const RULES: &str = "rules.schema.json";
/// File name of the schema of a record.
pub const RECORD: &str = "record.schema.json";
/// File name of the schema of a bundle (汇总包).
pub const BUNDLE: &str = "bundle.schema.json";

/// Every schema, as (file name, pretty JSON text ending in a newline).
pub fn all() -> Vec<(&'static str, String)> {
    [
        (ORG, org()),
        (RULES, rules()),
        (RECORD, record()),
        (BUNDLE, crate::bundle::schema()),
    ]
    .into_iter()
    .map(|(name, schema)| {
        let text = serde_json::to_string_pretty(&schema).unwrap_or_default();
        (name, text + "\n")
    })
    .collect()
}

fn generate<T: JsonSchema>() -> Value {
    let mut schema = generate_json::<T>();
    drop_null(&mut schema);
    schema
}

/// The schema of a JSON file (where, unlike TOML, null is a value).
pub(crate) fn generate_json<T: JsonSchema>() -> Value {
    SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value()
}

/// TOML has no null: an optional key is simply left out, so `"type":
/// ["string", "null"]` becomes `"type": "string"`.
fn drop_null(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    map.insert("type".into(), only);
                }
            }
            map.values_mut().for_each(drop_null);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_null),
        _ => {}
    }
}

/// The schema of `org.toml`.
pub fn org() -> Value {
    generate::<OrgFile>()
}

/// The schema of a record: a `.md` file's front matter or a `.toml` record.
pub fn record() -> Value {
    generate::<FrontMatter>()
}

/// `rules.toml`: `[[rule]]` tables with the keys of the loader's key table,
/// and the `[sanctions]` table.
pub fn rules() -> Value {
    let mut properties = Map::new();
    for key in crate::rules::spec::rule_keys() {
        properties.insert(key.name.to_string(), value_schema(key));
    }
    let mut items = Map::new();
    for key in crate::score::ITEM_KEYS {
        items.insert(key.name.to_string(), value_schema(key));
    }
    serde_json::json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "rules.toml",
        "description": "本单位对内置规则的调整和补充：同一 id 的 [[rule]] 覆盖内置规则中写出的键，新的 id 需写 type（见 docs/规则与检查.md）",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "rule": {
                "description": "规则，每条一段 [[rule]]",
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["id"],
                    "properties": properties,
                }
            },
            "sanctions": {
                "description": "第十五条的处分种类和幅度：条款 → 情节 → 可用的处分",
                "type": "object",
            },
            "scoring": {
                "description": "考核细则：类别（category）、考核项目（item）、等次（grade）、一票否决（veto）（见 docs/规则与检查.md“考核”）",
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "difference": {"type": "number", "description": "考核组评分与计算得分相差超过此数时提示核对"},
                    "veto": {"type": "object", "description": "一票否决：severities（情节）、leaders（领导干部被追责）"},
                    "grade": {"type": "array", "items": {"type": "object"}, "description": "等次，从高到低：name、min、quota"},
                    "category": {"type": "array", "items": {"type": "object"}, "description": "类别：id、name、weight"},
                    "item": {
                        "type": "array",
                        "description": "考核项目，每项一段 [[scoring.item]]",
                        "items": {
                            "type": "object",
                            "additionalProperties": false,
                            "required": ["id"],
                            "properties": items,
                        }
                    }
                }
            }
        }
    })
}

fn value_schema(key: &KeySpec) -> Value {
    let description = key.zh;
    match key.ty {
        ValueType::Str => serde_json::json!({"type": "string", "description": description}),
        ValueType::Date => serde_json::json!({"type": "string", "format": "date", "description": description}),
        ValueType::Int => serde_json::json!({"type": "integer", "description": description}),
        ValueType::Number => serde_json::json!({"type": "number", "description": description}),
        ValueType::Bool => serde_json::json!({"type": "boolean", "description": description}),
        ValueType::StrList => {
            serde_json::json!({"type": "array", "items": {"type": "string"}, "description": description})
        }
        ValueType::Table => serde_json::json!({"type": "object", "description": description}),
        ValueType::TableList => {
            serde_json::json!({"type": "array", "items": {"type": "object"}, "description": description})
        }
    }
}
