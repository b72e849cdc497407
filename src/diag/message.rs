//! The text of every diagnostic, in Chinese and English, with its stable code.
//!
//! Codes are a contract (tests and scripts match on them); the sentences are
//! for people and may be improved at any time.

mod en;
mod zh;

use super::Lang;
use super::ValueType;
use crate::model::Kind;
use crate::model::names::{self, Unfit};

/// What a diagnostic says, with the details its sentence needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    // --- reading files
    /// The file could not be read.
    Io {
        /// The operating system's error, as it says it (in English).
        error: String,
        /// The same in Chinese, by its kind.
        zh: &'static str,
    },
    /// The file is not valid UTF-8.
    NotUtf8,
    /// The file is empty.
    Empty,
    /// The file is over the size limit and was not read.
    TooLarge {
        /// The limit as shown to the user (`5 MB`).
        limit: String,
    },
    /// Not a regular file (a device, a pipe…), so not read.
    NotRegularFile,
    /// A symbolic link that points outside the records folder.
    SymlinkOutside {
        /// Where the link points.
        target: String,
    },
    /// The records folder has no `org.toml`.
    MissingOrg,
    // --- front matter and TOML
    /// A Markdown record whose first line is not `+++`.
    NoOpeningFence,
    /// No `+++` line closes the front matter.
    NoClosingFence,
    /// A line of TOML that does not parse, explained from what it holds.
    Syntax {
        /// What is wrong.
        mistake: super::Mistake,
        /// The line as it should be, when it can be told.
        fixed: Option<String>,
    },
    /// Parsed TOML that still cannot be read into its type.
    TomlSyntax {
        /// The `toml` parser's own message.
        detail: String,
    },
    /// A date that does not exist or is not written like `2026-06-18`.
    BadDate {
        /// The date as written.
        value: String,
    },
    // --- keys and values
    /// A key the format does not have.
    UnknownKey {
        /// The key as written.
        key: String,
        /// A known key close to it, if any.
        suggestion: Option<String>,
    },
    /// A key that records of this kind do not take.
    KeyNotForKind {
        /// The key as written.
        key: String,
        /// The record's kind.
        kind: Kind,
    },
    /// `body` in a Markdown record, whose body follows the front matter.
    BodyOnlyInToml,
    /// A required key is missing.
    MissingKey {
        /// The missing key (`[unit]` for a table).
        key: String,
        /// Why it is required here, in Chinese, when only some records need it.
        when: Option<String>,
    },
    /// A value of the wrong TOML type.
    WrongType {
        /// The key whose value it is.
        key: String,
        /// The type the key takes.
        expected: ValueType,
        /// TOML's name for the type found (`string`, `integer`…).
        found: String,
    },
    /// A record kind that does not exist.
    UnknownKind {
        /// The kind as written.
        value: String,
        /// A known kind close to it, if any.
        suggestion: Option<String>,
    },
    /// A value the key does not allow.
    BadValue {
        /// The key whose value it is.
        key: String,
        /// The value as written.
        value: String,
        /// The values the key allows; empty when they cannot be listed.
        allowed: Vec<String>,
        /// An allowed value close to it, if any.
        suggestion: Option<String>,
    },
    /// An id that is empty or contains characters ids cannot have.
    BadId {
        /// The id as written.
        id: String,
    },
    /// A date earlier than the date it must follow.
    DateOrder {
        /// The key of the later date.
        key: String,
        /// The date as written.
        value: String,
        /// The key of the date it must not precede.
        earlier: String,
    },
    /// Two values of a record that cannot both hold.
    Conflict {
        /// The key written wrongly.
        key: String,
        /// Why, in Chinese.
        zh: String,
        /// Why, in English.
        en: String,
    },
    // --- filing
    /// A record's date outside the year of its folder.
    DateOutsideYear {
        /// The record's date.
        date: String,
        /// The year of the folder.
        year: i32,
        /// Whether records of this kind may be dated up to January 31 of the next year.
        reaches_next_year: bool,
    },
    /// `covers` differs from the year of the record's folder.
    CoversMismatch {
        /// The year given in `covers`.
        covers: i64,
        /// The year of the folder.
        year: i32,
    },
    /// `section` differs from the folder the record is in.
    SectionMismatch {
        /// The section given in `section`.
        section: String,
        /// Whether it is the name of the folder's section rather than its id.
        by_name: bool,
        /// The folder the record is in.
        folder: String,
    },
    /// A folder that is neither a section of `org.toml` nor `leadership`.
    UnknownFolder {
        /// The folder's name.
        folder: String,
        /// A known section id close to it, if any.
        suggestion: Option<String>,
    },
    // --- references
    /// A reference to a person `org.toml` does not list.
    UnknownPerson {
        /// The person id as written.
        id: String,
        /// A known person id close to it, if any.
        suggestion: Option<String>,
    },
    /// A reference to a section `org.toml` does not list.
    UnknownSection {
        /// The section id as written.
        id: String,
        /// A known section id close to it, if any.
        suggestion: Option<String>,
    },
    /// A `source` naming no record.
    UnknownSource {
        /// The record id as written.
        id: String,
        /// A known record id close to it, if any.
        suggestion: Option<String>,
    },
    /// An id already taken by another record, person, section or rule.
    DuplicateId {
        /// What the id names: `record`, `person`, `section` or `rule`.
        what: &'static str,
        /// The id.
        id: String,
        /// The file where the id was first given.
        other: String,
    },
    /// `leadership` used as a section id.
    ReservedSectionId,
    /// An id that cannot be the file name of its page.
    UnfitId {
        /// What the id names: `record`, `person` or `section`.
        what: &'static str,
        /// The id.
        id: String,
        /// Why it cannot be a file name.
        why: Unfit,
    },
    /// Two ids whose pages would be one file on some system.
    IdCollision {
        /// What the ids name: `record`, `person` or `section`.
        what: &'static str,
        /// The id reported.
        id: String,
        /// The earlier id it collides with.
        other: String,
        /// The file where `other` is given.
        place: String,
    },
    /// Raw HTML nested deeper than a browser nests it.
    HtmlTooDeep {
        /// The deepest nesting allowed.
        limit: usize,
    },
    /// An attachment that does not exist.
    AttachmentMissing {
        /// The path as written, relative to the record's folder.
        path: String,
    },
    /// An attachment path that is absolute or leads out of the records folder.
    AttachmentOutside {
        /// The path as written.
        path: String,
    },
    /// An attachment that is not a regular file.
    AttachmentNotFile {
        /// The path as written.
        path: String,
    },
    /// An attachment over the size limit, not read.
    AttachmentTooLarge {
        /// The path as written.
        path: String,
        /// The limit as shown to the user (`… MB`).
        limit: String,
    },
    // --- rules.toml
    /// A rule without `type` whose id matches no known rule.
    UnknownRule {
        /// The rule id as written.
        id: String,
        /// A known rule id close to it, if any.
        suggestion: Option<String>,
    },
    /// A rule that cannot be used as written.
    RuleInvalid {
        /// The rule's id.
        id: String,
        /// What is wrong, in Chinese.
        detail_zh: String,
        /// What is wrong, in English.
        detail_en: String,
    },
    /// A part of the 考核细则 that cannot be used as written.
    ScoringInvalid {
        /// The item, category or grade concerned.
        what: String,
        /// What is wrong, in Chinese.
        detail_zh: String,
        /// What is wrong, in English.
        detail_en: String,
    },
    // --- warnings
    /// A file that is neither a record nor any record's attachment.
    StrayFile,
    /// A symbolic link to a folder, which is not followed.
    SymlinkDir,
    /// A record that still holds the placeholders `new` wrote.
    Draft,
    /// A person named in a record dated when they were not in post.
    NotInPost {
        /// The person's name.
        person: String,
        /// The record's date, in Chinese.
        date: String,
    },
}

impl Message {
    /// The message for a file the operating system would not read: its
    /// own words for English, and the kind of failure in Chinese.
    pub fn io(err: &std::io::Error) -> Message {
        use std::io::ErrorKind::*;
        let zh = match err.kind() {
            NotFound => "文件不存在",
            PermissionDenied => "没有读取权限",
            IsADirectory => "这是文件夹，不是文件",
            NotADirectory => "路径中有一段不是文件夹",
            InvalidData | InvalidInput => "内容无法读取",
            Interrupted | TimedOut | WouldBlock => "读取被中断，请重试",
            OutOfMemory => "内存不足",
            _ => "操作系统报告读取失败",
        };
        Message::Io {
            error: err.to_string(),
            zh,
        }
    }
}

impl Message {
    /// The short stable code shown with the message (`E-DATE`, `W-STRAY`…).
    pub fn code(&self) -> &'static str {
        use Message::*;
        match self {
            Io { .. } => "E-IO",
            NotUtf8 => "E-UTF8",
            Empty => "E-EMPTY",
            TooLarge { .. } => "E-TOO-LARGE",
            NotRegularFile => "E-NOT-FILE",
            SymlinkOutside { .. } => "E-SYMLINK",
            MissingOrg => "E-ORG-MISSING",
            NoOpeningFence | NoClosingFence => "E-FRONTMATTER",
            TomlSyntax { .. } => "E-TOML",
            Syntax { mistake, .. } => match mistake {
                super::Mistake::ChineseDate(_) | super::Mistake::DateForm(_) => "E-DATE",
                _ => "E-TOML",
            },
            BadDate { .. } => "E-DATE",
            UnknownKey { .. } | BodyOnlyInToml => "E-KEY-UNKNOWN",
            KeyNotForKind { .. } => "E-KEY-KIND",
            MissingKey { .. } => "E-KEY-MISSING",
            WrongType { .. } => "E-TYPE",
            UnknownKind { .. } => "E-KIND",
            BadValue { .. } | ReservedSectionId => "E-VALUE",
            BadId { .. } => "E-ID",
            UnfitId { .. } => "E-ID-NAME",
            IdCollision { .. } => "E-ID-COLLISION",
            HtmlTooDeep { .. } => "E-HTML-DEPTH",
            DateOrder { .. } => "E-DATE-ORDER",
            Conflict { .. } => "E-CONFLICT",
            DateOutsideYear { .. } => "E-DATE-YEAR",
            CoversMismatch { .. } => "E-COVERS",
            SectionMismatch { .. } => "E-SECTION",
            UnknownFolder { .. } => "E-FOLDER",
            UnknownPerson { .. } => "E-PERSON",
            UnknownSection { .. } => "E-SECTION-UNKNOWN",
            UnknownSource { .. } => "E-SOURCE",
            DuplicateId { .. } => "E-ID-DUP",
            AttachmentMissing { .. } | AttachmentNotFile { .. } | AttachmentTooLarge { .. } => "E-ATTACH",
            AttachmentOutside { .. } => "E-ATTACH-OUTSIDE",
            UnknownRule { .. } => "E-RULE-UNKNOWN",
            RuleInvalid { .. } => "E-RULE",
            ScoringInvalid { .. } => "E-SCORING",
            StrayFile => "W-STRAY",
            SymlinkDir => "W-SYMLINK-DIR",
            Draft => "W-DRAFT",
            NotInPost { .. } => "W-NOT-IN-POST",
        }
    }

    /// The sentence, and an optional hint shown under it.
    pub fn text(&self, lang: Lang) -> (String, Option<String>) {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.en(),
        }
    }

    /// Sentence and hint joined, for one-line and JSON output.
    pub fn full_text(&self, lang: Lang) -> String {
        let (text, hint) = self.text(lang);
        match hint {
            Some(hint) if lang == Lang::Zh => format!("{text}（{hint}）"),
            Some(hint) => format!("{text} ({hint})"),
            None => text,
        }
    }
}
