//! `zerenzhi build`: the records as a static site.

use std::io::{self, Write};
use std::path::PathBuf;

use chrono::NaiveDate;

use super::Exit;
use crate::diag::Lang;
use crate::history::History;
use crate::render::{self, Options, templates};

/// What a site is made from: shared by `build` and `serve`.
#[derive(Debug, Clone, clap::Args)]
pub struct SiteArgs {
    /// 记录目录（records folder）；默认在当前目录及上级目录中查找 org.toml 或 records/org.toml
    #[arg(long, value_name = "DIR")]
    pub records: Option<PathBuf>,
    /// 以这一天结束时为准评估规则，默认取 SOURCE_DATE_EPOCH 或今天
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<NaiveDate>,
    /// 用此目录中的同名文件替换内置模板（templates override folder）
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// 对外公开版：不含限制级记录（visibility = "restricted"）和任何个人信息
    #[arg(long)]
    pub public: bool,
    /// 显示来信来访人的完整姓名（公开版中无效）
    #[arg(long)]
    pub include_personal: bool,
    /// 附件大小上限（MB），超过的附件报错且不读取
    #[arg(long, value_name = "MB", default_value_t = 50)]
    pub max_attachment_mb: u64,
    /// 提示语言（message language）
    #[arg(long, value_enum, default_value_t)]
    pub lang: Lang,
    /// 不读取 git 历史：记录页不显示创建、修改的时间和人
    #[arg(long)]
    pub no_history: bool,
}

#[derive(Debug, Clone, clap::Args)]
pub struct BuildArgs {
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

pub fn run(build: &BuildArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Exit> {
    let args = &build.site;
    let zh = args.lang == Lang::Zh;
    let place = super::locate(args.records.as_deref());
    let site = build.out.clone().unwrap_or_else(|| place.base.join("site"));
    // git runs while the records load
    let history = {
        let (records, skip) = (place.records.clone(), args.no_history);
        std::thread::spawn(move || {
            if skip {
                History::unknown("构建时未读取 git 历史（--no-history）")
            } else {
                History::read(&records)
            }
        })
    };
    let (project, as_of) = match super::open_project(&place.records, args.as_of, args.max_attachment_mb, err)? {
        Ok(opened) => opened,
        Err(exit) => return Ok(exit),
    };
    super::print_diagnostics(&project.data.diags, &project.data.sources, args.lang, err)?;
    let errors = project.data.errors().count();
    if errors > 0 {
        if zh {
            writeln!(err, "有 {errors} 个数据错误，未生成网站；{} 保持不变。", site.display())?;
        } else {
            writeln!(
                err,
                "{errors} data errors: the site was not built; {} is unchanged.",
                site.display()
            )?;
        }
        return Ok(Exit::Problems);
    }
    let theme = match templates::load(args.templates.as_deref()) {
        Ok(theme) => theme,
        Err(message) => {
            writeln!(err, "zerenzhi: {message}")?;
            return Ok(Exit::Problems);
        }
    };
    if let Some(year) = build.year
        && !project.data.records.years.contains(&year)
    {
        writeln!(err, "zerenzhi: 记录中没有 {year} 年度文件夹")?;
        return Ok(Exit::Usage);
    }
    let options = Options {
        as_of,
        years: build.year.map(|y| vec![y]),
        public: args.public,
        include_personal: args.include_personal,
        history: std::sync::Arc::new(history.join().unwrap_or_default()),
        only_years: None,
        bodies: None,
    };
    let result = {
        let _t = crate::timing::stage("render");
        let mut tell = |out: &std::path::Path| {
            let _ = if zh {
                writeln!(err, "另一个 zerenzhi 正在写入 {}，等它完成……", out.display())
            } else {
                writeln!(err, "another zerenzhi is writing {}; waiting for it…", out.display())
            };
        };
        let wait = if build.no_wait {
            crate::write::Wait::No
        } else {
            crate::write::Wait::Yes(&mut tell)
        };
        crate::write::write_site(&site, &place.records, wait, |sink| {
            render::render(
                &project.data.records,
                &project.rules,
                &theme,
                &project.data.root,
                &options,
                sink,
            )
        })
    };
    match result {
        Ok(summary) => {
            let (pages, files) = (summary.pages, summary.attachments);
            if zh {
                writeln!(
                    out,
                    "已生成 {pages} 个页面、{files} 个附件到 {}（截至 {as_of}）",
                    site.display()
                )?;
            } else {
                writeln!(
                    out,
                    "Built {pages} pages and {files} attachments in {} (as of {as_of})",
                    site.display()
                )?;
            }
            Ok(Exit::Ok)
        }
        Err(message) => {
            writeln!(err, "zerenzhi: {message}")?;
            Ok(Exit::Problems)
        }
    }
}
