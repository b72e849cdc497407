//! Names that become file names in the site: section and person ids (a
//! page each per year) and record ids (a page each). Each must be a file
//! name on every system a site is copied to, must not be one of the names
//! the site itself uses, and must differ from every other such name by
//! more than case or Unicode normalisation (macOS and Windows file systems
//! do not tell those apart).

use unicode_normalization::UnicodeNormalization;

/// Names of the site's own pages and folders, which no id may take.
pub const RESERVED: &[&str] = &[
    "index",
    "report",
    "people",
    "sections",
    "records",
    "files",
    "assets",
    "search",
    "search-index",
    "timeline",
    "findings",
    "rules",
    "dossier",
    crate::model::LEADERSHIP,
];

/// Longest file name, in bytes, that a page name may reach (with room for
/// `.html` and a `-2` suffix within the 255 bytes every system allows).
pub const MAX_NAME_BYTES: usize = 200;

/// Whether `c` is kept as it is in a file name of the site: letters,
/// digits, `-`, `_` and (where `dot`) `.`.
fn is_safe(c: char, dot: bool) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_' || (dot && c == '.')
}

/// `text` as (part of) a file name of the site: letters, digits, `-`, `_`
/// and `.`, any other character as `_`. Every name the site and `pdf`
/// make from what the records say goes through here or [`page_name`].
pub fn safe_file_part(text: &str) -> String {
    text.chars().map(|c| if is_safe(c, true) { c } else { '_' }).collect()
}

/// The file name of the page of a section or person id: its letters,
/// digits, `-` and `_`, anything else as `_`.
pub fn page_name(id: &str) -> String {
    id.chars().map(|c| if is_safe(c, false) { c } else { '_' }).collect()
}

/// A record id as the path of its page under `records/`: each part keeps
/// letters, digits, `-`, `_` and `.`; empty, `.` and `..` parts are
/// dropped.
pub fn record_page(id: &str) -> std::borrow::Cow<'_, str> {
    let safe_part = |part: &str| !part.is_empty() && part != "." && part != "..";
    if id.chars().all(|c| c == '/' || is_safe(c, true)) && id.split('/').all(safe_part) {
        return id.into();
    }
    id.split('/')
        .filter(|part| safe_part(part))
        .map(safe_file_part)
        .collect::<Vec<_>>()
        .join("/")
        .into()
}

/// Why a name cannot be a file name of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unfit {
    /// One of [`RESERVED`].
    Reserved,
    /// Longer than [`MAX_NAME_BYTES`].
    TooLong,
    /// A device name on Windows (`CON`, `NUL`, `COM1`…), or ends with a dot
    /// or a space, which Windows drops.
    Windows,
}

/// Whether `name` (one path component, without extension) can be a file
/// name of the site.
pub fn unfit(name: &str) -> Option<Unfit> {
    let lower = name.to_lowercase();
    if RESERVED.contains(&lower.as_str()) {
        return Some(Unfit::Reserved);
    }
    component_unfit(name, 0)
}

/// [`unfit`] without the reserved names: for the parts of a record id,
/// whose pages live under `records/` (`extra` bytes, such as `.html`, are
/// added to the name on disk).
pub fn component_unfit(name: &str, extra: usize) -> Option<Unfit> {
    if name.len() + extra > MAX_NAME_BYTES {
        return Some(Unfit::TooLong);
    }
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    let is = |device: &str| stem.eq_ignore_ascii_case(device);
    let numbered = stem.len() == 4
        && (stem.as_bytes()[..3].eq_ignore_ascii_case(b"COM") || stem.as_bytes()[..3].eq_ignore_ascii_case(b"LPT"))
        && stem.as_bytes()[3].is_ascii_digit();
    let device = ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"].into_iter().any(is) || numbered;
    if device || name.ends_with('.') || name.ends_with(' ') {
        return Some(Unfit::Windows);
    }
    None
}

/// The form two names share when a case-blind or normalising file system
/// would take them for one: lower case, NFC.
pub fn fold(name: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{IsNormalized, is_nfc_quick};
    if name.is_ascii() {
        return if name.bytes().any(|b| b.is_ascii_uppercase()) {
            name.to_ascii_lowercase().into()
        } else {
            name.into()
        };
    }
    let nfc: std::borrow::Cow<'_, str> = if is_nfc_quick(name.chars()) == IsNormalized::Yes {
        name.into()
    } else {
        name.nfc().collect::<String>().into()
    };
    // title-case letters (ǅ) are not upper case, yet lower to another letter
    let lower = nfc.to_lowercase();
    if lower == nfc { nfc } else { lower.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unfit_names() {
        for ok in [
            "zonghe",
            "综合科",
            "wang-jun_2",
            "com10",
            "console",
            "2026-06-18-民主生活会",
        ] {
            assert_eq!(unfit(ok), None, "{ok}");
        }
        for (bad, why) in [
            ("index", Unfit::Reserved),
            ("Report", Unfit::Reserved),
            ("assets", Unfit::Reserved),
            ("CON", Unfit::Windows),
            ("nul", Unfit::Windows),
            ("com1", Unfit::Windows),
            ("LPT9.txt", Unfit::Windows),
            ("a.", Unfit::Windows),
        ] {
            assert_eq!(unfit(bad), Some(why), "{bad}");
        }
        // never a slice inside a character
        assert_eq!(unfit("a中"), None);
        assert_eq!(unfit(&"长".repeat(66)), None);
        assert_eq!(unfit(&"长".repeat(67)), Some(Unfit::TooLong));
        assert_eq!(unfit(&"a".repeat(300)), Some(Unfit::TooLong));
    }

    #[test]
    fn folding() {
        assert_eq!(fold("Zhang_Wei"), fold("zhang_wei"));
        assert_eq!(fold("e\u{301}"), fold("\u{e9}"));
        assert_ne!(fold("zhang.wei"), fold("zhang_wei"));
    }
}
