//! Periods (a year or a half-year) and the dates rules are judged against.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// A half of a calendar year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Half {
    /// January to June (上半年).
    H1,
    /// July to December (下半年).
    H2,
}

/// A calendar year or one of its halves (`2026`, `2026-H1`, `2026-H2`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    /// The calendar year.
    pub year: i32,
    /// The half of it, or `None` for the whole year.
    pub half: Option<Half>,
}

impl Period {
    /// The whole of `year`.
    pub fn year(year: i32) -> Self {
        Period { year, half: None }
    }

    /// One half of `year`.
    pub fn half(year: i32, half: Half) -> Self {
        Period { year, half: Some(half) }
    }

    /// The first day of the period.
    pub fn start(self) -> NaiveDate {
        let month = if self.half == Some(Half::H2) { 7 } else { 1 };
        ymd(self.year, month, 1)
    }

    /// The last day of the period.
    pub fn end(self) -> NaiveDate {
        match self.half {
            Some(Half::H1) => ymd(self.year, 6, 30),
            _ => ymd(self.year, 12, 31),
        }
    }

    /// Whether `date` falls in the period, first and last day included.
    pub fn contains(self, date: NaiveDate) -> bool {
        self.start() <= date && date <= self.end()
    }

    /// "2026年", "2026年上半年".
    pub fn zh(self) -> String {
        match self.half {
            None => format!("{}年", self.year),
            Some(Half::H1) => format!("{}年上半年", self.year),
            Some(Half::H2) => format!("{}年下半年", self.year),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.half {
            None => write!(f, "{}", self.year),
            Some(Half::H1) => write!(f, "{}-H1", self.year),
            Some(Half::H2) => write!(f, "{}-H2", self.year),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A date of a valid calendar day. Callers pass constant months and days
/// that exist in every year, or clamp with [`month_day`].
pub fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MIN)
}

/// `month`-`day` of `year`, with Feb 29 falling back to Feb 28 in common
/// years; `None` for days that exist in no year.
pub fn month_day(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day).or_else(|| (month == 2 && day == 29).then(|| ymd(year, 2, 28)))
}

/// "2026年12月30日" (no leading zeros, as GB/T 9704 writes dates).
pub fn date_zh(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_cover_the_year() {
        let h1 = Period::half(2026, Half::H1);
        let h2 = Period::half(2026, Half::H2);
        assert_eq!(h1.end().succ_opt(), Some(h2.start()));
        assert_eq!(Period::year(2026).start(), h1.start());
        assert_eq!(Period::year(2026).end(), h2.end());
        assert_eq!(h2.to_string(), "2026-H2");
        assert_eq!(h1.zh(), "2026年上半年");
    }

    #[test]
    fn feb_29_clamps_in_common_years() {
        assert_eq!(month_day(2026, 2, 29), Some(ymd(2026, 2, 28)));
        assert_eq!(month_day(2028, 2, 29), Some(ymd(2028, 2, 29)));
        assert_eq!(month_day(2026, 4, 31), None);
        assert_eq!(date_zh(ymd(2026, 3, 5)), "2026年3月5日");
    }
}
