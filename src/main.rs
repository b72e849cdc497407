use std::io::{self, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use zerenzhi::cmd::{self, Exit};

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
    /// 把年度专题报告（和年度台账）打印为 PDF，需要本机的 Chromium 浏览器
    Pdf(cmd::pdf::PdfArgs),
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

fn main() -> ExitCode {
    let cli = Cli::parse();
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
        Command::New(args) => cmd::new::run(args, &mut out, &mut err),
        Command::Schema(args) => cmd::schema::run(args, &mut out, &mut err),
        Command::Completions { shell } => {
            clap_complete::generate(*shell, &mut Cli::command(), "zerenzhi", &mut out);
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
