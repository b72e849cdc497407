//! The `zerenzhi` command: each subcommand (in [`cmd`]) opens the records,
//! judges them and hands them to a renderer of the library.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

mod cmd;

use cmd::Exit;

/// 责任制（zerenzhi）：党风廉政建设责任制记录的校验与报告工具。
///
/// 读取 records 目录中的工作记录，像编译器一样报告数据错误（文件、行、列和中文说明），
/// 并按《党风廉政责任制实施办法》逐条判断责任是否落实（符合 / 待办 / 违反）。
#[derive(Parser)]
#[command(name = "zerenzhi", version, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 新建记录库：org.toml（带说明）、示例记录、编辑器设置、提交前检查和持续集成示例
    Init(cmd::init::InitArgs),
    /// 检查记录：报告数据错误，并按实施办法评估各项规则
    Check(cmd::check::CheckArgs),
    /// 列出生效的规则及其条文（内置规则加上本单位的 rules.toml）
    Rules(cmd::rules::RulesArgs),
    /// 生成内网网站：年度概览、科室、领导、记录、整改台账、规则和时间线
    Build(cmd::build::BuildArgs),
    /// 本机预览网站：修改记录或模板后自动重新生成并刷新页面，有数据错误时在页面上显示
    Serve(cmd::serve::ServeArgs),
    /// 导出年度台账（表格或 CSV）、待办事项日历，或供上级汇总的汇总包
    Export(cmd::export::ExportArgs),
    /// 汇总下级单位的汇总包（一级抓一级）：生成对比网站、汇总表和通报，并可导出本级汇总包
    Rollup(cmd::rollup::RollupArgs),
    /// 把年度专题报告（和年度台账）打印为 PDF，需要本机的 Chromium 浏览器
    Pdf(cmd::pdf::PdfArgs),
    /// 把年度专题报告（及附件）生成为 Word 文档（.docx），按公文格式排版，可在 Word、WPS 中修改
    Docx(cmd::docx::DocxArgs),
    /// 新建一份记录：按类型写好需要的字段，放在正确的年度和科室文件夹中
    New(cmd::new::NewArgs),
    /// 输出编辑器用的 JSON Schema（org.toml、rules.toml 和记录），输入时即可补全字段、提示错误
    Schema(cmd::schema::SchemaArgs),
    /// 输出命令行补全脚本，例如 zerenzhi completions bash > /etc/bash_completion.d/zerenzhi
    Completions {
        /// bash、zsh、fish、powershell 或 elvish
        shell: clap_complete::Shell,
    },
}

/// clap's own words in Chinese: headings, usage, and the help and version
/// flags, for this command and every subcommand.
fn localize(cmd: clap::Command) -> clap::Command {
    use clap::{Arg, ArgAction};
    let has_version = cmd.get_version().is_some();
    let mut cmd = cmd
        .help_template("{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .disable_version_flag(true)
        .mut_args(|arg| {
            let heading = if arg.is_positional() { "参数" } else { "选项" };
            // defaults and choices said in Chinese, after the help text
            let mut notes = Vec::new();
            let choices: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            if !choices.is_empty() && arg.get_action().takes_values() {
                notes.push(format!("可选：{}", choices.join("、")));
            }
            let defaults: Vec<String> = arg
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().to_string())
                .collect();
            if !defaults.is_empty() {
                notes.push(format!("默认：{}", defaults.join("、")));
            }
            let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            let help = if notes.is_empty() {
                help
            } else {
                format!("{help}（{}）", notes.join("；"))
            };
            let arg = arg.help_heading(heading).help(help);
            if arg.get_action().takes_values() {
                arg.hide_default_value(true).hide_possible_values(true)
            } else {
                arg
            }
        })
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助")
                .help_heading("选项"),
        );
    if has_version {
        cmd = cmd.arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本")
                .help_heading("选项"),
        );
    }
    let cmd = cmd.mut_subcommands(localize);
    // the usage line as clap writes it, with "[OPTIONS]" in Chinese
    let usage = cmd.clone().render_usage().to_string();
    let usage = usage
        .trim_start_matches("Usage: ")
        .trim()
        .replace("[OPTIONS]", "[选项]");
    let usage = if usage.starts_with("zerenzhi") {
        usage
    } else {
        format!("zerenzhi {usage}")
    };
    cmd.override_usage(usage)
}

/// A command-line mistake, said in Chinese (help and version are shown as
/// clap renders them); exit status 2, as docs/规则与检查.md says of usage errors.
fn usage_error(e: clap::Error) -> ! {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let get = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(list)) => list.join("、"),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let suggestion = |kind: ContextKind| {
        let s = get(kind);
        if s.is_empty() {
            String::new()
        } else {
            format!("，是否想写 `{s}`？")
        }
    };
    let message = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            e.exit()
        }
        ErrorKind::InvalidSubcommand => format!(
            "没有 `{}` 这个命令{}",
            get(ContextKind::InvalidSubcommand),
            suggestion(ContextKind::SuggestedSubcommand)
        ),
        ErrorKind::UnknownArgument => format!(
            "不认识的选项 `{}`{}",
            get(ContextKind::InvalidArg),
            suggestion(ContextKind::SuggestedArg)
        ),
        ErrorKind::InvalidValue => format!(
            "{} 的值 `{}` 不在可选范围内（可选：{}）",
            get(ContextKind::InvalidArg),
            get(ContextKind::InvalidValue),
            get(ContextKind::ValidValue)
        ),
        ErrorKind::ValueValidation => {
            // what our own parsers say is Chinese; clap's and the standard
            // library's is not, and is left out
            let why = std::error::Error::source(&e)
                .map(ToString::to_string)
                .filter(|why| !why.is_ascii())
                .map(|why| format!("：{why}"))
                .unwrap_or_default();
            format!(
                "{} 的值 `{}` 无效{why}",
                get(ContextKind::InvalidArg),
                get(ContextKind::InvalidValue)
            )
        }
        ErrorKind::MissingRequiredArgument => format!("缺少 {}", get(ContextKind::InvalidArg)),
        ErrorKind::ArgumentConflict => format!(
            "{} 不能与 {} 同时使用",
            get(ContextKind::InvalidArg),
            get(ContextKind::PriorArg)
        ),
        ErrorKind::NoEquals | ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("{} 的值个数不对", get(ContextKind::InvalidArg))
        }
        _ => e.to_string().trim_start_matches("error: ").trim_end().to_string(),
    };
    eprintln!("zerenzhi：{message}\n用 zerenzhi --help 或 zerenzhi 命令 --help 查看用法。");
    std::process::exit(Exit::Usage as i32)
}

/// Page rendering allocates many small, short-lived strings from two
/// threads; mimalloc serves them with less work than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match localize(Cli::command())
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches))
    {
        Ok(cli) => cli,
        Err(e) => usage_error(e),
    };
    // buffered: stdout is line-buffered, and `check --format json` prints
    // one line per field
    let mut out = io::BufWriter::new(io::stdout().lock());
    // not locked for the whole run: worker threads may write to stderr too
    let mut err = io::stderr();
    let result = match &cli.command {
        Command::Init(args) => cmd::init::run(args, &mut out, &mut err),
        Command::Check(args) => cmd::check::run(args, &mut out, &mut err),
        Command::Rules(args) => cmd::rules::run(args, &mut out, &mut err),
        Command::Build(args) => cmd::build::run(args, &mut out, &mut err),
        Command::Serve(args) => cmd::serve::run(args, &mut out, &mut err),
        Command::Pdf(args) => cmd::pdf::run(args, &mut out, &mut err),
        Command::Docx(args) => cmd::docx::run(args, &mut out, &mut err),
        Command::Export(args) => cmd::export::run(args, &mut out, &mut err),
        Command::Rollup(args) => cmd::rollup::run(args, &mut out, &mut err),
        Command::New(args) => cmd::new::run(args, &mut out, &mut err),
        Command::Schema(args) => cmd::schema::run(args, &mut out, &mut err),
        Command::Completions { shell } => {
            clap_complete::generate(*shell, &mut localize(Cli::command()), "zerenzhi", &mut out);
            Ok(Exit::Ok)
        }
    };
    let _ = out.flush();
    match result {
        Ok(exit) => ExitCode::from(exit as u8),
        // A closed pipe (`zerenzhi check | head`) is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(err, "zerenzhi: {e}");
            ExitCode::from(Exit::Problems as u8)
        }
    }
}
