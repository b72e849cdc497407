//! Diagnostics: every problem found in the records, with its place in a file.
//!
//! A [`Diagnostic`] names a file (relative to the records root), a byte span in
//! that file's text and a [`Message`]. Line and column are computed from the
//! span when the diagnostic is shown, so the loaders only ever deal in spans,
//! the way the `toml` crate reports them.

mod message;
mod mistake;
mod render;

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

pub use message::Message;
pub use mistake::{Mistake, impossible_date};
pub use render::{JsonDiagnostic, render_human, to_json};

/// The language of messages shown to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    /// 中文
    #[default]
    Zh,
    /// English
    En,
}

impl Lang {
    /// The message in this language, of the two given.
    pub fn pick<T>(self, zh: T, en: T) -> T {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Something wrong in the records; `check` fails.
    Error,
    /// Something worth a look; `check` fails only with `--deny warnings`.
    Warning,
}

/// One problem found, with the file and the place in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Whether it is an error or a warning.
    pub severity: Severity,
    /// Path relative to the records root, with `/` separators.
    pub file: String,
    /// Byte range in the file's text; `0..0` when there is no better place.
    pub span: Range<usize>,
    /// What is wrong.
    pub message: Message,
}

impl Diagnostic {
    /// An error in `file` at `span`.
    pub fn error(file: impl Into<String>, span: Range<usize>, message: Message) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            span,
            message,
        }
    }

    /// A warning in `file` at `span`.
    pub fn warning(file: impl Into<String>, span: Range<usize>, message: Message) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            file: file.into(),
            span,
            message,
        }
    }

    /// The message's stable code (`E-DATE`, `W-STRAY`…).
    pub fn code(&self) -> &'static str {
        self.message.code()
    }
}

/// The text of every file that diagnostics may point into, keyed by the same
/// relative path the diagnostics use. A file read without trouble is only
/// noted, not kept (most never get a diagnostic); [`SourceMap::read_noted`]
/// reads again those that did.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: HashMap<String, Option<String>>,
}

impl SourceMap {
    /// Keeps the text of a file.
    pub fn insert(&mut self, file: impl Into<String>, text: impl Into<String>) {
        self.files.insert(file.into(), Some(text.into()));
    }

    /// Notes a file whose text can be read again from the records folder.
    pub fn note(&mut self, file: impl Into<String>) {
        self.files.insert(file.into(), None);
    }

    /// Keeps only the files that `keep` accepts (the texts of files without
    /// diagnostics are not needed once loading is done).
    pub fn retain(&mut self, keep: impl Fn(&str) -> bool) {
        self.files.retain(|file, _| keep(file));
    }

    /// Reads the text of every noted file from under `root`.
    pub fn read_noted(&mut self, read: impl Fn(&str) -> Option<String>) {
        for (file, text) in &mut self.files {
            if text.is_none() {
                *text = read(file);
            }
        }
    }

    /// The text of `file`, if it is kept or has been read again.
    pub fn get(&self, file: &str) -> Option<&str> {
        self.files.get(file).and_then(Option::as_deref)
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, file: &str, offset: usize) -> (usize, usize) {
        match self.get(file) {
            Some(text) => line_col(text, offset),
            None => (1, 1),
        }
    }
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The path of `path` relative to `root`, with `/` separators, for messages.
pub fn rel_path(root: &Path, path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Sorts diagnostics by file, position and code so output is deterministic.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (a.severity, &a.file, a.span.start, a.code()).cmp(&(b.severity, &b.file, b.span.start, b.code()))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_chars_not_bytes() {
        let text = "a = 1\n标题 = \"x\"\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        // after the two CJK characters (6 bytes) and a space
        assert_eq!(line_col(text, 6 + 6 + 1), (2, 4));
        // an offset inside a multi-byte char is moved back to its start
        assert_eq!(line_col(text, 7), (2, 1));
        assert_eq!(line_col(text, 10_000), (3, 1));
    }
}

/// The TOML type a key takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    /// A string.
    Str,
    /// A date, written `2026-06-18`.
    Date,
    /// An integer.
    Int,
    /// A number, whole or decimal.
    Number,
    /// `true` or `false`.
    Bool,
    /// An array of strings.
    StrList,
    /// A table.
    Table,
    /// An array of tables.
    TableList,
}

impl ValueType {
    /// The type's name in Chinese.
    pub fn zh(self) -> &'static str {
        match self {
            ValueType::Str => "加引号的文字",
            ValueType::Date => "日期",
            ValueType::Int => "整数",
            ValueType::Number => "数",
            ValueType::Bool => "true 或 false",
            ValueType::StrList => "文字列表",
            ValueType::Table => "表",
            ValueType::TableList => "表的列表",
        }
    }

    /// The type's name in English, with its article (`a date`).
    pub fn en(self) -> &'static str {
        match self {
            ValueType::Str => "a quoted string",
            ValueType::Date => "a date",
            ValueType::Int => "an integer",
            ValueType::Number => "a number",
            ValueType::Bool => "true or false",
            ValueType::StrList => "a list of strings",
            ValueType::Table => "a table",
            ValueType::TableList => "a list of tables",
        }
    }

    /// A value of this type to show in a hint; `None` for tables.
    pub fn example(self) -> Option<&'static str> {
        match self {
            ValueType::Str => Some("\"……\""),
            ValueType::Date => Some("2026-06-18"),
            ValueType::Int => Some("12"),
            ValueType::Number => Some("92.5"),
            ValueType::Bool => Some("true"),
            ValueType::StrList => Some("[\"a\", \"b\"]"),
            ValueType::Table | ValueType::TableList => None,
        }
    }
}
