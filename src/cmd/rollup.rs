//! `zerenzhi rollup`: many units' bundles as one comparison site, a 通报
//! and a 汇总表; and, for the level above, a bundle of the roll-up.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::Exit;
use zerenzhi::bundle::intake::{self, Expect, Severity};
use zerenzhi::bundle::rollup::Rollup;
use zerenzhi::bundle::{self, Identity};
use zerenzhi::diag::{Lang, SourceMap};
use zerenzhi::render;

#[derive(Debug, Clone, clap::Args)]
pub(crate) struct RollupArgs {
    /// 汇总包文件（zerenzhi export --bundle 导出的 .json），或存放汇总包的文件夹
    #[arg(value_name = "汇总包或文件夹", required = true)]
    pub inputs: Vec<PathBuf>,
    /// 汇总网站的输出目录；只在生成成功后整体替换
    #[arg(long, value_name = "DIR", default_value = "rollup")]
    pub out: PathBuf,
    /// 要求所有汇总包都截至这一天（judged as of this day）
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_date)]
    pub as_of: Option<NaiveDate>,
    /// 本级单位的 org.toml（只读 [unit]）：检查各汇总包的上级单位，并作为通报的署名
    #[arg(long, value_name = "FILE")]
    pub org: Option<PathBuf>,
    /// 应报送汇总包的下级单位名单：文本文件，每行一个单位的全称、简称或单位代码；没有报送的单位在网站和通报中列出
    #[arg(long, value_name = "FILE")]
    pub members: Option<PathBuf>,
    /// 同时为上一级导出本级的汇总包（需要 --org）
    #[arg(long, value_name = "FILE", requires = "org")]
    pub bundle: Option<PathBuf>,
    /// 导出汇总包的年度，默认为最新一年
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i32>,
    /// 同时把通报打印为 PDF（需要本机的 Chromium 浏览器）
    #[arg(long)]
    pub pdf: bool,
    /// Chromium（或 Chrome、Edge）的路径；默认在 PATH 中查找
    #[arg(long, value_name = "PATH", env = "ZERENZHI_CHROMIUM")]
    pub chromium: Option<PathBuf>,
    /// 用此目录中的同名文件替换内置模板
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

fn fail(err: &mut dyn Write, message: &str) -> io::Result<Exit> {
    writeln!(err, "zerenzhi: {message}")?;
    Ok(Exit::Problems)
}

/// The unit of `--org`, or what is wrong with the file.
fn rolling_unit(path: &Path, err: &mut dyn Write) -> io::Result<Result<Identity, Exit>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            writeln!(err, "zerenzhi: 无法读取 {}：{e}", path.display())?;
            return Ok(Err(Exit::Usage));
        }
    };
    let mut diags = Vec::new();
    let loaded = zerenzhi::load::org::parse(&text, &mut diags);
    let errors: Vec<_> = diags
        .iter()
        .filter(|d| d.severity == zerenzhi::diag::Severity::Error)
        .collect();
    if !errors.is_empty() || loaded.org.unit.name.is_empty() {
        let mut sources = SourceMap::default();
        sources.insert(zerenzhi::load::org::FILE, text.clone());
        super::print_diagnostics(errors, &sources, Lang::Zh, err)?;
        writeln!(err, "zerenzhi: {} 有错误，未汇总。", path.display())?;
        return Ok(Err(Exit::Problems));
    }
    Ok(Ok(Identity::of(&loaded.org.unit)))
}

pub(crate) fn run(args: &RollupArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Exit> {
    let unit = match &args.org {
        Some(path) => match rolling_unit(path, err)? {
            Ok(unit) => Some(unit),
            Err(exit) => return Ok(exit),
        },
        None => None,
    };
    let members = match &args.members {
        Some(path) => match intake::Members::read(path) {
            Ok(members) => Some(members),
            Err(e) => {
                writeln!(err, "zerenzhi: 无法读取单位名单 {}：{e}", path.display())?;
                return Ok(Exit::Usage);
            }
        },
        None => None,
    };
    let (files, mut problems) = intake::files(&args.inputs);
    let expect = Expect {
        unit: unit.clone(),
        as_of: args.as_of,
        members,
    };
    let (received, more) = intake::read_all(&files, &expect);
    problems.extend(more);
    for p in &problems {
        writeln!(err, "{}\n", p.render())?;
    }
    let errors = problems.iter().filter(|p| p.severity == Severity::Error).count();
    if errors > 0 {
        let shown = args.out.display();
        writeln!(
            err,
            "有 {errors} 个汇总包错误，未生成汇总网站；{shown} 保持不变。改正或移出有错误的汇总包后再汇总。"
        )?;
        return Ok(Exit::Problems);
    }
    let rollup = Rollup::new(unit, received, &problems, expect.members.as_ref());
    let theme = match render::templates::load(args.templates.as_deref()) {
        Ok(theme) => theme,
        Err(e) => return fail(err, &e.text(Lang::Zh)),
    };
    let mut extra = render::rollup::Extra::new();
    if args.pdf {
        match print_notices(args, &rollup, &theme, err)? {
            Ok(pdfs) => extra = pdfs,
            Err(exit) => return Ok(exit),
        }
    }
    // the bundle for the level above, made before anything is written
    let upward = match &args.bundle {
        Some(path) => {
            let Some(y) = args.year.map_or(rollup.years.last(), |year| rollup.year(year)) else {
                return fail(err, "汇总包中没有这一年度");
            };
            let Some(unit) = rollup.unit.as_ref() else {
                return fail(err, "导出本级汇总包需要用 --org 指明本级单位");
            };
            let content = y.bundle(unit, Some(render::rollup::notice_text(&rollup, y)));
            match bundle::encode(&content) {
                Ok(bytes) => Some((path.clone(), bytes)),
                Err(e) => return fail(err, &e.text(Lang::Zh)),
            }
        }
        None => None,
    };
    let base = args
        .inputs
        .first()
        .map(|p| {
            if p.is_dir() {
                p.clone()
            } else {
                p.parent().map(Path::to_path_buf).unwrap_or_default()
            }
        })
        .unwrap_or_default();
    let written = zerenzhi::write::write_site(&args.out, &base, zerenzhi::write::Wait::No, |sink| {
        render::rollup::render(&rollup, &theme, &extra, sink)
    });
    match written {
        Ok(summary) => {
            let units: usize = rollup.years.iter().map(|y| y.units.len()).sum();
            writeln!(
                out,
                "已汇总 {units} 个汇总包，生成 {} 个页面到 {}",
                summary.pages,
                args.out.display()
            )?;
        }
        Err(e) => return fail(err, &e.text(Lang::Zh)),
    }
    if let Some((path, bytes)) = upward {
        if let Err(e) = super::export::write_whole(&path, &bytes) {
            return fail(err, &format!("无法写入 {}：{e}", path.display()));
        }
        writeln!(out, "已导出本级汇总包 {}", path.display())?;
    }
    Ok(Exit::Ok)
}

/// Each year's 通报 printed to PDF: the pages rendered into a work folder
/// and printed there, before the site is written.
fn print_notices(
    args: &RollupArgs,
    rollup: &Rollup,
    theme: &render::templates::Theme,
    err: &mut dyn Write,
) -> io::Result<Result<render::rollup::Extra, Exit>> {
    let Some(chromium) = zerenzhi::print::find_chromium(args.chromium.as_deref()) else {
        writeln!(
            err,
            "zerenzhi: 未找到 Chromium 浏览器，无法生成 PDF；不加 --pdf 可只生成网页和 Word 文档。"
        )?;
        return Ok(Err(Exit::Problems));
    };
    let work = tempfile::Builder::new().prefix("zerenzhi-rollup-").tempdir()?;
    let site = work.path().join("site");
    let keep = |path: &str| path.ends_with("/tongbao.html");
    let built = zerenzhi::write::write_site(&site, work.path(), zerenzhi::write::Wait::No, |sink| {
        let only = render::Only { sink, keep: &keep };
        render::rollup::render(rollup, theme, &Vec::new(), &only)
    });
    if let Err(e) = built {
        fail(err, &e.text(Lang::Zh))?;
        return Ok(Err(Exit::Problems));
    }
    let mut pdfs = Vec::new();
    for y in &rollup.years {
        let target = work.path().join(format!("{}.pdf", y.year));
        let page = site.join(format!("{}/tongbao.html", y.year));
        let dated = zerenzhi::print::PdfDate::of(y.as_of);
        if let Err(e) = zerenzhi::print::print(&chromium, &page, &target, work.path(), dated, None) {
            fail(err, &format!("打印 {} 年度通报失败：{}", y.year, e.text(Lang::Zh)))?;
            return Ok(Err(Exit::Problems));
        }
        pdfs.push((render::rollup::files(y.year).2, std::fs::read(&target)?));
    }
    Ok(Ok(pdfs))
}
