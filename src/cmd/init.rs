//! `zerenzhi init [DIR]`: a new records repository, ready to use. Never
//! overwrites a file that is already there.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::Datelike;

use super::Exit;

#[derive(Debug, Clone, clap::Args)]
pub(crate) struct InitArgs {
    /// 新记录库的目录，默认为当前目录；已有的文件不会被覆盖
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}

/// The folder of the example records: `_` keeps it out of `check`, the
/// dashboard and the rules, so a new repository starts with no claim of
/// work done.
const EXAMPLES: &str = "_示例";

/// The files of a new repository, as (path, text); `{{year}}` stands for
/// the current year.
const FILES: &[(&str, &str)] = &[
    ("org.toml", include_str!("init/org.toml")),
    ("README.md", include_str!("init/README.md")),
    (".gitignore", include_str!("init/gitignore")),
    (".taplo.toml", include_str!("init/taplo.toml")),
    (".vscode/settings.json", include_str!("init/vscode-settings.json")),
    (".vscode/extensions.json", include_str!("init/vscode-extensions.json")),
    (".gitlab-ci.yml", include_str!("init/gitlab-ci.yml")),
    (".githooks/pre-commit", include_str!("init/pre-commit")),
];

/// Example records: (folder, file name after the date, month-day, text).
const EXAMPLE_RECORDS: &[(&str, &str, &str, &str)] = &[
    (
        "leadership",
        "年度党风廉政建设工作部署.md",
        "01-20",
        include_str!("init/examples/leadership-plan.md"),
    ),
    (
        "leadership",
        "签订党风廉政建设责任书.md",
        "02-10",
        include_str!("init/examples/leadership-letter.md"),
    ),
    (
        "leadership",
        "第一季度党风廉政建设专题会议.md",
        "03-15",
        include_str!("init/examples/leadership-meeting.md"),
    ),
    (
        "leadership",
        "廉政警示教育专题党课.md",
        "04-18",
        include_str!("init/examples/leadership-education.md"),
    ),
    (
        "leadership",
        "来信反映办事窗口工作人员态度问题.md",
        "05-08",
        include_str!("init/examples/leadership-petition.md"),
    ),
    (
        "zonghe",
        "综合科上半年民主生活会.md",
        "06-18",
        include_str!("init/examples/zonghe-life-meeting.md"),
    ),
    (
        "caiwu",
        "公务接待审批单填写不完整.toml",
        "06-25",
        include_str!("init/examples/caiwu-finding.toml"),
    ),
];

pub(crate) fn run(args: &InitArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Exit> {
    let year = match zerenzhi::resolve_as_of(None) {
        Ok(today) => today.year(),
        Err(message) => {
            writeln!(err, "zerenzhi: {message}")?;
            return Ok(Exit::Usage);
        }
    };
    let dir = &args.dir;
    if dir.exists() && !dir.is_dir() {
        writeln!(err, "zerenzhi: {} 已存在，但不是文件夹", dir.display())?;
        return Ok(Exit::Usage);
    }
    let mut files: Vec<(String, String)> = FILES
        .iter()
        .map(|(path, text)| (path.to_string(), text.to_string()))
        .collect();
    files.extend(
        zerenzhi::schemas::all()
            .into_iter()
            .map(|(name, text)| (format!("schemas/{name}"), text)),
    );
    files.extend(EXAMPLE_RECORDS.iter().map(|(folder, name, day, text)| {
        (
            format!("{EXAMPLES}/{year}/{folder}/{year}-{day}-{name}"),
            text.replace("{{year}}", &year.to_string()),
        )
    }));

    let (mut created, mut kept) = (0, Vec::new());
    for (rel, text) in &files {
        match super::create_new(&dir.join(rel), text) {
            Ok(true) => created += 1,
            Ok(false) => kept.push(rel.as_str()),
            Err(e) => {
                writeln!(err, "zerenzhi: 无法创建 {}：{e}", dir.join(rel).display())?;
                return Ok(Exit::Problems);
            }
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let hook = dir.join(".githooks/pre-commit");
        if !kept.contains(&".githooks/pre-commit") {
            std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755))?;
        }
    }
    let git = init_git(dir);

    writeln!(out, "已在 {} 新建记录库：{created} 个文件。", dir.display())?;
    if !kept.is_empty() {
        writeln!(out, "以下文件已存在，没有改动：{}", kept.join("、"))?;
    }
    match git {
        Git::Created => writeln!(out, "已初始化 git 仓库。")?,
        Git::Existing => {}
        Git::Missing => writeln!(out, "未找到 git：记录的修改历史需要 git，请安装后在此运行 git init。")?,
    }
    let cd = if dir == Path::new(".") {
        String::new()
    } else {
        format!("cd {} && ", dir.display())
    };
    writeln!(out, "\n下一步：")?;
    writeln!(out, "  1. 修改 org.toml：单位名称、科室和人员")?;
    writeln!(
        out,
        "  2. {cd}zerenzhi new 民主生活会 --section zonghe    新建记录（示例在 {EXAMPLES}/）"
    )?;
    writeln!(out, "  3. zerenzhi check                              检查记录")?;
    writeln!(
        out,
        "  4. zerenzhi serve                              预览网站，保存后自动刷新"
    )?;
    writeln!(
        out,
        "  5. git config core.hooksPath .githooks          提交前自动检查（可选）"
    )?;
    Ok(Exit::Ok)
}

enum Git {
    Created,
    Existing,
    Missing,
}

/// `git init` in `dir` unless it is already inside a work tree.
fn init_git(dir: &Path) -> Git {
    let quiet = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
    };
    match quiet(&["rev-parse", "--is-inside-work-tree"]) {
        Err(_) => Git::Missing,
        Ok(status) if status.success() => Git::Existing,
        Ok(_) => match quiet(&["init", "-q"]) {
            Ok(status) if status.success() => Git::Created,
            _ => Git::Missing,
        },
    }
}
