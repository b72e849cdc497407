//! The subcommands, one module each.

use std::io::{self, Write};
use std::path::Path;

use chrono::NaiveDate;

use crate::validate::Limits;
use crate::{Project, resolve_as_of};

pub mod build;
pub mod check;
pub mod new;
pub mod pdf;
pub mod rules;

/// Exit status of a run (RULES.md): 0 clean, 1 problems, 2 usage error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Ok = 0,
    Problems = 1,
    Usage = 2,
}

/// Output format of `check` and `rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// 供人阅读的文字
    #[default]
    Human,
    /// JSON 文档
    Json,
}

/// Whether to colour text written to a stream.
pub fn use_color(stream_is_terminal: bool) -> bool {
    stream_is_terminal && std::env::var_os("NO_COLOR").is_none()
}

/// The common start of the commands that read a records folder: the date
/// rules are judged as of, and the loaded project; or, after reporting it on
/// `err`, the exit status of a usage error.
pub fn open_project(
    records: &Path,
    as_of: Option<NaiveDate>,
    max_attachment_mb: u64,
    err: &mut dyn Write,
) -> io::Result<Result<(Project, NaiveDate), Exit>> {
    let as_of = match resolve_as_of(as_of) {
        Ok(date) => date,
        Err(message) => {
            writeln!(err, "zerenzhi: {message}")?;
            return Ok(Err(Exit::Usage));
        }
    };
    let limits = Limits {
        max_attachment_bytes: max_attachment_mb.saturating_mul(1024 * 1024),
    };
    match Project::open_with(records, &limits) {
        Ok(project) => Ok(Ok((project, as_of))),
        Err(e) => {
            writeln!(err, "zerenzhi: {e}")?;
            Ok(Err(Exit::Usage))
        }
    }
}
