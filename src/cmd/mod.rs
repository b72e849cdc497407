//! The subcommands, one module each.

pub mod build;
pub mod check;
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
