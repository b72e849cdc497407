//! The messages in English.

use super::*;

impl Message {
    pub(super) fn en(&self) -> (String, Option<String>) {
        self.en_file()
            .or_else(|| self.en_value())
            .unwrap_or_else(|| self.en_reference())
    }

    fn en_file(&self) -> Option<(String, Option<String>)> {
        use Message::*;
        Some(match self {
            Io { error, .. } => (format!("cannot read this file: {error}"), None),
            NotUtf8 => (
                "the file is not UTF-8".into(),
                Some("save it as UTF-8 in your editor".into()),
            ),
            Empty => ("the file is empty".into(), None),
            TooLarge { limit } => (
                format!("the file is larger than the {limit} limit and was not read"),
                None,
            ),
            NotRegularFile => ("not a regular file (device, pipe…); not read".into(), None),
            SymlinkOutside { target } => (
                format!("symbolic link leaves the records folder ({target}); not read"),
                None,
            ),
            MissingOrg => ("org.toml (unit, sections and people) is missing".into(), None),
            NoOpeningFence => (
                "the record does not start with `+++`".into(),
                Some("a Markdown record starts with a line `+++`, then TOML keys, then a line `+++`".into()),
            ),
            NoClosingFence => ("no `+++` line closes the front matter".into(), None),
            TomlSyntax { detail } => (format!("TOML syntax error: {detail}"), None),
            Syntax { mistake, fixed } => {
                let mut hint = mistake
                    .suggestion()
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default();
                if let Some(fixed) = fixed {
                    hint.push_str(&format!("write: {fixed}"));
                }
                (mistake.en(), (!hint.is_empty()).then_some(hint.trim_end().to_string()))
            }
            _ => return None,
        })
    }

    fn en_value(&self) -> Option<(String, Option<String>)> {
        use Message::*;
        Some(match self {
            BadDate { value } => (
                format!("`{value}` is not a valid date"),
                Some("write dates as 2026-06-18".into()),
            ),
            UnknownKey { key, suggestion } => (format!("unknown key `{key}`"), mean_en(suggestion)),
            KeyNotForKind { key, kind } => (format!("key `{key}` does not apply to a `{}` record", kind.id()), None),
            BodyOnlyInToml => ("`body` is only for .toml records".into(), None),
            MissingKey { key, when } => match when {
                Some(_) => (format!("`{key}` is required here"), None),
                None => (format!("missing required key `{key}`"), None),
            },
            WrongType { key, expected, found } => (
                format!("`{key}` should be {}, found {found}", expected.en()),
                expected.example().map(|e| format!("for example {key} = {e}")),
            ),
            UnknownKind { value, suggestion } => (format!("unknown record kind `{value}`"), mean_en(suggestion)),
            BadValue {
                key,
                value,
                allowed,
                suggestion,
            } => (
                format!("`{value}` is not a valid `{key}`"),
                mean_en(suggestion)
                    .or_else(|| (!allowed.is_empty()).then(|| format!("one of: {}", allowed.join(", ")))),
            ),
            BadId { id } => (format!("`{id}` is not a valid id"), None),
            DateOrder { key, value, earlier } => (format!("`{key}` ({value}) is before `{earlier}`"), None),
            Conflict { key, en, .. } => (format!("`{key}` {en}"), None),
            DateOutsideYear { date, year, .. } => (format!("date {date} is outside the year folder {year}"), None),
            CoversMismatch { covers, year } => (
                format!("`covers` = {covers} does not match the year folder {year}"),
                None,
            ),
            SectionMismatch { section, folder, .. } => (
                format!("`section` = \"{section}\" does not match its folder `{folder}`"),
                None,
            ),
            _ => return None,
        })
    }

    fn en_reference(&self) -> (String, Option<String>) {
        use Message::*;
        match self {
            UnknownFolder { folder, suggestion } => (
                format!("folder `{folder}` is neither a section of org.toml nor leadership"),
                mean_en(suggestion),
            ),
            UnknownPerson { id, suggestion } => (format!("no person `{id}` in org.toml"), mean_en(suggestion)),
            UnknownSection { id, suggestion } => (format!("no section `{id}` in org.toml"), mean_en(suggestion)),
            UnknownSource { id, suggestion } => (format!("`source` names no record `{id}`"), mean_en(suggestion)),
            DuplicateId { what, id, other } => (format!("duplicate {what} id `{id}`, see also {other}"), None),
            ReservedSectionId => ("`leadership` is reserved and cannot be a section id".into(), None),
            UnfitId { what, id, why } => match why {
                Unfit::Reserved => (
                    format!("`{id}` is a name the site uses itself and cannot be a {what} id"),
                    Some(format!("reserved: {}", names::RESERVED.join(", "))),
                ),
                Unfit::TooLong => (
                    format!(
                        "{what} id longer than the {}-byte file name limit",
                        names::MAX_NAME_BYTES
                    ),
                    None,
                ),
                Unfit::Windows => (
                    format!(
                        "`{id}` cannot be a file name on Windows (a device name such as CON or NUL, or a trailing dot or space)"
                    ),
                    None,
                ),
            },
            IdCollision { what, id, other, place } => (
                format!(
                    "{what} id `{id}` differs from `{other}` ({place}) only in case or punctuation: their pages would be one file"
                ),
                None,
            ),
            HtmlTooDeep { limit } => (
                format!("raw HTML in the body nests deeper than {limit} levels; not rendered"),
                None,
            ),
            AttachmentMissing { path } => (format!("attachment `{path}` does not exist"), None),
            AttachmentOutside { path } => (format!("attachment `{path}` is outside the records folder"), None),
            AttachmentNotFile { path } => (format!("attachment `{path}` is not a regular file"), None),
            AttachmentTooLarge { path, limit } => {
                (format!("attachment `{path}` is larger than {limit}; not read"), None)
            }
            UnknownRule { id, suggestion } => (format!("no built-in rule `{id}`"), mean_en(suggestion)),
            RuleInvalid { id, detail_en, .. } => (format!("rule `{id}` is invalid: {detail_en}"), None),
            ScoringInvalid { what, detail_en, .. } => (format!("scoring `{what}` is invalid: {detail_en}"), None),
            StrayFile => ("neither a record nor an attachment of any record; ignored".into(), None),
            SymlinkDir => ("symbolic link to a folder; ignored".into(), None),
            Draft => (
                "the record still holds “（待填写）” placeholders: a draft, not counted by any rule until filled in"
                    .into(),
                None,
            ),
            NotInPost { person, date } => (format!("{person} is not in post on {date}"), None),
            _ => (self.code().to_string(), None),
        }
    }
}

/// "did you mean `x`?" for a suggestion (`id` (name) for a section meant
/// by its name).
fn mean_en(suggestion: &Option<String>) -> Option<String> {
    suggestion.as_ref().map(|s| match s.split_once('（') {
        Some((id, name)) => format!("did you mean `{id}` ({})?", name.trim_end_matches('）')),
        None => format!("did you mean `{s}`?"),
    })
}
