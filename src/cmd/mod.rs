//! The subcommands, one module each.

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use chrono::NaiveDate;

use crate::diag::{self, Diagnostic, Lang, SourceMap};
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

/// Writes diagnostics to `err` the way rustc does, in colour when standard
/// error is a terminal and `NO_COLOR` is not set.
pub fn print_diagnostics<'a>(
    diags: impl IntoIterator<Item = &'a Diagnostic>,
    sources: &SourceMap,
    lang: Lang,
    err: &mut dyn Write,
) -> io::Result<()> {
    let color = io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in diags {
        writeln!(err, "{}\n", diag::render_human(d, sources, lang, color))?;
    }
    Ok(())
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
