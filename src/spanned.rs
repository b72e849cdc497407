//! Which keys a TOML table may hold and of what type, checked on the parsed
//! (spanned) table before serde reads it, so every unknown key and every
//! wrong type in a file is reported, each at its own place, with a
//! "did you mean". The records format (`load`) and the rules (`rules`)
//! both check their tables with it; the key tables themselves are theirs.

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

pub use crate::diag::ValueType;
use crate::diag::{Diagnostic, Message};

/// One key of a table: its name, type and Chinese label (labels also catch
/// a clerk writing the Chinese word as the key).
#[derive(Debug, Clone, Copy)]
pub struct KeySpec {
    /// The key as written in TOML.
    pub name: &'static str,
    /// The type its value takes.
    pub ty: ValueType,
    /// The Chinese label.
    pub zh: &'static str,
}

/// A [`KeySpec`] (the key tables are written with it).
pub const fn key(name: &'static str, ty: ValueType, zh: &'static str) -> KeySpec {
    KeySpec { name, ty, zh }
}

/// Whether a value has the type `ty` (the elements of a list are checked
/// apart).
fn accepts(ty: ValueType, value: &DeValue<'_>) -> bool {
    match ty {
        ValueType::Str => value.is_str(),
        ValueType::Date => value.is_str() || value.is_datetime(),
        ValueType::Int => value.is_integer(),
        ValueType::Number => value.is_integer() || value.is_float(),
        ValueType::Bool => value.is_bool(),
        ValueType::StrList => value.is_array(),
        ValueType::Table => value.is_table(),
        ValueType::TableList => value.is_array(),
    }
}

/// Where a table sits: the file it came from and the byte offset of its
/// TOML text inside that file (non-zero for front matter).
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    /// The file, relative to the records root.
    pub file: &'a str,
    /// Byte offset of the TOML text in the file.
    pub offset: usize,
}

impl Origin<'_> {
    /// A span in the table's TOML text, as a span in the file.
    pub fn span(&self, span: Range<usize>) -> Range<usize> {
        span.start + self.offset..span.end + self.offset
    }

    /// An error at `span` of the table's TOML text.
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
    if !accepts(spec.ty, value.get_ref()) {
        return wrong(value.span(), value.get_ref().type_str(), diags);
    }
    let element_ok = |v: &DeValue<'_>| match spec.ty {
        ValueType::StrList => v.is_str(),
        ValueType::TableList => v.is_table(),
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
