//! Dates as staff write them: a TOML date (`2026-06-18`) or a quoted ISO
//! date (`"2026-06-18"`). An impossible or malformed quoted date is kept as
//! text so the validator can report it at its place.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};

/// A date as written: the date, or the text as given when it is not a valid date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateInput(pub Result<NaiveDate, String>);

impl<'de> Deserialize<'de> for DateInput {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match toml::Value::deserialize(d)? {
            toml::Value::Datetime(dt) => Ok(DateInput(match (dt.date, dt.time, dt.offset) {
                (Some(date), None, None) => {
                    NaiveDate::from_ymd_opt(i32::from(date.year), u32::from(date.month), u32::from(date.day))
                        .ok_or_else(|| dt.to_string())
                }
                _ => Err(dt.to_string()),
            })),
            toml::Value::String(text) => Ok(DateInput(parse_iso_date(&text).ok_or(text))),
            other => Err(D::Error::custom(format!("expected a date, found {}", other.type_str()))),
        }
    }
}

/// In the JSON Schemas: a TOML date, which editors see as an ISO date string.
impl schemars::JsonSchema for DateInput {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "pattern": "^\\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\\s*$",
        })
    }
}

/// Parses exactly `YYYY-MM-DD` (surrounding spaces allowed).
pub fn parse_iso_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) || !digits(5..7) || !digits(8..10) {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_only() {
        assert_eq!(parse_iso_date("2026-06-18"), NaiveDate::from_ymd_opt(2026, 6, 18));
        assert_eq!(parse_iso_date(" 2028-02-29 "), NaiveDate::from_ymd_opt(2028, 2, 29));
        for bad in ["2026-02-30", "2026-6-18", "2026/06/18", "18.06.2026", "", "2026-06-18x"] {
            assert_eq!(parse_iso_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn toml_dates_and_strings() {
        #[derive(Deserialize)]
        struct T {
            a: DateInput,
            b: DateInput,
            c: DateInput,
        }
        let t: T = toml::from_str("a = 2026-06-18\nb = \"2026-06-19\"\nc = 2026-06-18T10:00:00\n").unwrap();
        assert_eq!(t.a.0, Ok(NaiveDate::from_ymd_opt(2026, 6, 18).unwrap()));
        assert_eq!(t.b.0, Ok(NaiveDate::from_ymd_opt(2026, 6, 19).unwrap()));
        assert!(t.c.0.is_err());
    }
}
