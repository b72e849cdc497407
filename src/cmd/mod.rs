//! The subcommands, one module each.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use zerenzhi::diag::{self, Diagnostic, Lang, SourceMap};
use zerenzhi::render::templates::Theme;
use zerenzhi::validate::Limits;
use zerenzhi::{Project, resolve_as_of};

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod docx;
pub(crate) mod export;
pub(crate) mod init;
pub(crate) mod new;
pub(crate) mod pdf;
pub(crate) mod rollup;
pub(crate) mod rules;
pub(crate) mod schema;
pub(crate) mod serve;
pub(crate) mod which;

/// Where a command finds the records, and the folder its outputs (`site/`,
/// `pdf/`) go in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Place {
    pub records: PathBuf,
    pub base: PathBuf,
}

/// `--records DIR` when given; else the records of the repository the
/// current folder is in: the nearest folder, this one or above, that holds
/// `org.toml` (a records repository) or `records/org.toml` (a project with a
/// records folder). Paths stay relative, so messages stay short.
pub(crate) fn locate(records: Option<&Path>) -> Place {
    if let Some(records) = records {
        return Place {
            records: records.to_path_buf(),
            base: PathBuf::new(),
        };
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut up = PathBuf::new();
    for dir in cwd.ancestors() {
        if dir.join(zerenzhi::load::org::FILE).is_file() {
            let records = if up.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                up.clone()
            };
            // `project/records/`: the site goes beside the records folder
            let base = if dir.file_name().is_some_and(|n| n == DEFAULT_RECORDS) && dir.parent().is_some() {
                up.join("..")
            } else {
                up
            };
            return Place { records, base };
        }
        if dir.join(DEFAULT_RECORDS).join(zerenzhi::load::org::FILE).is_file() {
            return Place {
                records: up.join(DEFAULT_RECORDS),
                base: up,
            };
        }
        up.push("..");
    }
    Place {
        records: PathBuf::from(DEFAULT_RECORDS),
        base: PathBuf::new(),
    }
}

const DEFAULT_RECORDS: &str = "records";

/// Said when no records folder was found.
pub(crate) const NOT_FOUND_HINT: &str = "提示：当前目录及其上级目录中都没有 org.toml 或 records/org.toml；\
用 --records 指定记录目录，或用 zerenzhi init 新建记录库。";

/// Writes `text` to `path` (making its folder) unless a file is there:
/// `Ok(false)` when one was. Never replaces a file, even one that appears
/// meanwhile.
pub(crate) fn create_new(path: &Path, text: &str) -> io::Result<bool> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    match std::fs::OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(mut file) => file.write_all(text.as_bytes()).map(|()| true),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e),
    }
}

/// Exit status of a run (docs/规则与检查.md): 0 clean, 1 problems, 2 usage error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exit {
    Ok = 0,
    Problems = 1,
    Usage = 2,
}

/// Output format of `check` and `rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub(crate) enum Format {
    /// 供人阅读的文字
    #[default]
    Human,
    /// JSON 文档
    Json,
}

/// Writes diagnostics to `err` the way rustc does, in colour when standard
/// error is a terminal and `NO_COLOR` is not set.
pub(crate) fn print_diagnostics<'a>(
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

/// A date given on the command line, and what is wrong with one that is
/// not a date (`2026年2月没有30日`), said in Chinese.
pub(crate) fn parse_date(text: &str) -> Result<NaiveDate, String> {
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(date);
    }
    Err(match zerenzhi::diag::impossible_date(text) {
        Some((_, m, _)) if !(1..=12).contains(&m) => format!("一年没有{m}月"),
        Some((y, m, d)) => format!("{y}年{m}月没有{d}日"),
        None => "日期要写作 2026-06-18 这样的形式：年-月-日，月和日都用两位数".into(),
    })
}

/// The id of the section `given` names, by id or by name (`--section 综合科`
/// is `--section zonghe`); `leadership` is itself.
pub(crate) fn section_id(org: &zerenzhi::model::Org, given: &str) -> Option<String> {
    if given == zerenzhi::model::LEADERSHIP || org.section(given).is_some() {
        return Some(given.to_string());
    }
    org.sections.iter().find(|s| s.name == given).map(|s| s.id.clone())
}

/// Who an output is for: shared by `build`, `serve` and `export`.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct AudienceArgs {
    /// 对外公开版：不含限制级记录（visibility = "restricted"）和任何个人信息
    #[arg(long)]
    pub public: bool,
    /// 显示来信来访人的完整姓名（公开版中无效）
    #[arg(long)]
    pub include_personal: bool,
}

impl AudienceArgs {
    /// The audience the flags ask for.
    pub(crate) fn audience(&self) -> zerenzhi::Audience {
        zerenzhi::Audience::of_flags(self.public, self.include_personal)
    }
}

/// What every command that reads a records folder is told.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct RecordsArgs {
    /// 记录目录（records folder）；默认在当前目录及上级目录中查找 org.toml 或 records/org.toml
    #[arg(long, value_name = "DIR")]
    pub records: Option<PathBuf>,
    /// 以这一天结束时为准评估规则，默认取 SOURCE_DATE_EPOCH 或今天（judge rules as of this day）
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// 附件大小上限（MB），超过的附件报错且不读取
    #[arg(long, value_name = "MB", default_value_t = 50)]
    pub max_attachment_mb: u64,
    /// 提示语言（message language）
    #[arg(long, value_enum, default_value_t)]
    pub lang: Lang,
}

impl RecordsArgs {
    /// Where the records are, and where outputs go.
    pub(crate) fn place(&self) -> Place {
        locate(self.records.as_deref())
    }

    /// The bounds on what is read.
    pub(crate) fn limits(&self) -> Limits {
        Limits {
            max_attachment_bytes: self.max_attachment_mb.saturating_mul(1024 * 1024),
        }
    }

    /// Writes `zerenzhi: message` to `err`.
    pub(crate) fn fail(&self, err: &mut dyn Write, message: &str) -> io::Result<()> {
        writeln!(err, "zerenzhi: {message}")
    }

    /// Writes `zerenzhi: ` and the error, in the language asked for.
    pub(crate) fn failed(&self, err: &mut dyn Write, error: &zerenzhi::Error) -> io::Result<()> {
        self.fail(err, &error.text(self.lang))
    }

    /// The date rules are judged as of, and the loaded project; or, after
    /// reporting it on `err`, the exit status of a usage error.
    pub(crate) fn open(&self, place: &Place, err: &mut dyn Write) -> io::Result<Result<(Project, NaiveDate), Exit>> {
        self.opened(Project::open_with(&place.records, &self.limits()), err)
    }

    /// [`RecordsArgs::open`] for a project already opened.
    pub(crate) fn opened(
        &self,
        project: Result<Project, zerenzhi::LoadError>,
        err: &mut dyn Write,
    ) -> io::Result<Result<(Project, NaiveDate), Exit>> {
        let as_of = match resolve_as_of(self.as_of) {
            Ok(date) => date,
            Err(message) => {
                self.failed(err, &message)?;
                return Ok(Err(Exit::Usage));
            }
        };
        match project {
            Ok(project) => Ok(Ok((project, as_of))),
            Err(e) => {
                self.fail(err, &e.to_string())?;
                writeln!(err, "{}", self.lang.pick(NOT_FOUND_HINT, NOT_FOUND_HINT_EN))?;
                Ok(Err(Exit::Usage))
            }
        }
    }

    /// The date and the project, when it opened and has no data errors;
    /// else, after saying so (nothing was made: `zh` / `en`), the exit
    /// status.
    pub(crate) fn open_clean(
        &self,
        place: &Place,
        said: (&str, &str),
        err: &mut dyn Write,
    ) -> io::Result<Result<(Project, NaiveDate), Exit>> {
        let skip = zerenzhi::HistoryFrom::Skip("");
        Ok(self
            .open_clean_with(place, skip, said, err)?
            .map(|(project, _, as_of)| (project, as_of)))
    }

    /// [`RecordsArgs::open_clean`], with git's history of the records read
    /// as `history` says.
    pub(crate) fn open_clean_with(
        &self,
        place: &Place,
        history: zerenzhi::HistoryFrom<'_>,
        (zh, en): (&str, &str),
        err: &mut dyn Write,
    ) -> io::Result<Result<(Project, zerenzhi::history::History, NaiveDate), Exit>> {
        let (project, history) = Project::open_with_history(&place.records, &self.limits(), None, history);
        let (project, as_of) = match self.opened(project, err)? {
            Ok(opened) => opened,
            Err(exit) => return Ok(Err(exit)),
        };
        let errors = self.errors(&project, true, err)?;
        if errors > 0 {
            let said = self.lang.pick(
                format!("有 {errors} 个数据错误，{zh}。"),
                format!("{errors} data errors: {en}."),
            );
            writeln!(err, "{said}")?;
            return Ok(Err(Exit::Problems));
        }
        Ok(Ok((project, history, as_of)))
    }

    /// How many data errors `project` has, after printing them when
    /// `print` says so.
    pub(crate) fn errors(&self, project: &Project, print: bool, err: &mut dyn Write) -> io::Result<usize> {
        let errors: Vec<&Diagnostic> = project.data.errors().collect();
        if print {
            print_diagnostics(errors.iter().copied(), &project.data.sources, self.lang, err)?;
        }
        Ok(errors.len())
    }

    /// The theme from `templates` (the built-in one when `None`), or the
    /// exit status after saying what is wrong with it.
    pub(crate) fn theme(&self, templates: Option<&Path>, err: &mut dyn Write) -> io::Result<Result<Theme, Exit>> {
        match zerenzhi::render::templates::load(templates) {
            Ok(theme) => Ok(Ok(theme)),
            Err(message) => {
                self.failed(err, &message)?;
                Ok(Err(Exit::Problems))
            }
        }
    }
}

/// [`NOT_FOUND_HINT`] in English.
pub(crate) const NOT_FOUND_HINT_EN: &str = "hint: neither this folder nor any above it holds org.toml or records/org.toml; \
name the records folder with --records, or make one with zerenzhi init.";
