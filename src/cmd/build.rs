//! `zerenzhi build`: the records as a static site.

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::Arc;

use super::{Exit, RecordsArgs};
use zerenzhi::{HistoryFrom, Judge, Project, render};

/// What a site is made from: shared by `build` and `serve`.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct SiteArgs {
    #[command(flatten)]
    pub input: RecordsArgs,
    /// 用此目录中的同名文件替换内置模板（templates override folder）
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    #[command(flatten)]
    pub audience: super::AudienceArgs,
    /// 不读取 git 历史：记录页不显示创建、修改的时间和人
    #[arg(long)]
    pub no_history: bool,
}

#[derive(Debug, Clone, clap::Args)]
pub(crate) struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// 输出目录（output folder），默认为记录旁的 site；只在构建成功后整体替换
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// 只生成这一年（only this year）
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i32>,
    /// 另一个构建正在写入同一输出目录时立即报错，而不是等它完成
    #[arg(long)]
    pub no_wait: bool,
}

pub(crate) fn run(build: &BuildArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Exit> {
    let (site_args, args) = (&build.site, &build.site.input);
    let lang = args.lang;
    let place = args.place();
    let site = build.out.clone().unwrap_or_else(|| place.base.join("site"));
    let skip = HistoryFrom::Skip("构建时未读取修改历史");
    let history = if site_args.no_history {
        skip
    } else {
        HistoryFrom::Git(None)
    };
    let (project, history) = Project::open_with_history(&place.records, &args.limits(), None, history);
    let (project, as_of) = match args.opened(project, err)? {
        Ok(opened) => opened,
        Err(exit) => return Ok(exit),
    };
    super::print_diagnostics(&project.data.diags, &project.data.sources, lang, err)?;
    let errors = args.errors(&project, false, err)?;
    if errors > 0 {
        let shown = site.display();
        let said = lang.pick(
            format!("有 {errors} 个数据错误，未生成网站；{shown} 保持不变。"),
            format!("{errors} data errors: the site was not built; {shown} is unchanged."),
        );
        writeln!(err, "{said}")?;
        return Ok(Exit::Problems);
    }
    let theme = match args.theme(site_args.templates.as_deref(), err)? {
        Ok(theme) => theme,
        Err(exit) => return Ok(exit),
    };
    if let Some(year) = build.year
        && !project.data.records.years.contains(&year)
    {
        let said = lang.pick(
            format!("记录中没有 {year} 年度文件夹"),
            format!("the records have no folder for {year}"),
        );
        args.fail(err, &said)?;
        return Ok(Exit::Usage);
    }
    let judged = project.judge(Judge {
        audience: site_args.audience.audience(),
        years: build.year.map(|y| vec![y]),
        history: Arc::new(history),
        ..Judge::new(as_of)
    });
    let result = {
        let _t = zerenzhi::timing::stage("render");
        let mut tell = |out: &std::path::Path| {
            let shown = out.display();
            let said = lang.pick(
                format!("另一个 zerenzhi 正在写入 {shown}，等它完成……"),
                format!("another zerenzhi is writing {shown}; waiting for it…"),
            );
            let _ = writeln!(err, "{said}");
        };
        let wait = if build.no_wait {
            zerenzhi::write::Wait::No
        } else {
            zerenzhi::write::Wait::Yes(&mut tell)
        };
        zerenzhi::write::write_site(&site, &place.records, wait, |sink| {
            render::render(&judged, &theme, &render::Options::default(), sink)
        })
    };
    match result {
        Ok(summary) => {
            let (pages, files, shown) = (summary.pages, summary.attachments, site.display());
            let said = lang.pick(
                format!("已生成 {pages} 个页面、{files} 个附件到 {shown}（截至 {as_of}）"),
                format!("Built {pages} pages and {files} attachments in {shown} (as of {as_of})"),
            );
            writeln!(out, "{said}")?;
            Ok(Exit::Ok)
        }
        Err(message) => {
            args.failed(err, &message)?;
            Ok(Exit::Problems)
        }
    }
}
