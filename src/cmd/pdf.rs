//! `zerenzhi pdf`: the special reports (and the dossier) printed to PDF by
//! a headless Chromium found on the machine. No other PDF toolchain.

use std::io::{self, Write};
use std::path::PathBuf;

use super::{Exit, RecordsArgs};
use zerenzhi::judge::Urls;
use zerenzhi::print::{find_chromium, move_into_place, print};
use zerenzhi::{Judge, render};

#[derive(Debug, Clone, clap::Args)]
pub(crate) struct PdfArgs {
    #[command(flatten)]
    pub input: RecordsArgs,
    /// PDF 的输出目录，默认为记录旁的 pdf
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// 年度，默认为最新一年
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i32>,
    /// 只打印这个科室的报告（科室编号）
    #[arg(long, value_name = "ID", conflicts_with = "all")]
    pub section: Option<String>,
    /// 打印单位报告和所有科室的报告
    #[arg(long)]
    pub all: bool,
    /// 同时打印年度工作台账
    #[arg(long)]
    pub dossier: bool,
    /// Chromium（或 Chrome、Edge）的路径；默认在 PATH 中查找
    #[arg(long, value_name = "PATH", env = "ZERENZHI_CHROMIUM")]
    pub chromium: Option<PathBuf>,
    /// 用此目录中的同名文件替换内置模板
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

const INSTALL_HINT: &str = "未找到 Chromium 浏览器，无法生成 PDF。请先安装：
  Debian / Ubuntu：sudo apt-get install chromium fonts-noto-cjk
  Windows / macOS：安装 Google Chrome 或 Microsoft Edge，再用 --chromium 指定它的路径，
    例如 --chromium \"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\"
也可以运行 zerenzhi build，用浏览器打开网站中的专题报告，点“打印”另存为 PDF。";

/// [`INSTALL_HINT`] in English.
const INSTALL_HINT_EN: &str = "No Chromium found: cannot make a PDF. Install one first:
  Debian / Ubuntu: sudo apt-get install chromium fonts-noto-cjk
  Windows / macOS: install Google Chrome or Microsoft Edge, then name it with --chromium,
    for example --chromium \"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\"
Or run zerenzhi build, open the special report of the site in a browser and print it to PDF.";

pub(crate) fn run(args: &PdfArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Exit> {
    let input = &args.input;
    let place = input.place();
    let pdf_dir = args.out.clone().unwrap_or_else(|| place.base.join("pdf"));
    let (project, as_of) = match input.open_clean(&place, ("未生成 PDF", "no PDF was made"), err)? {
        Ok(opened) => opened,
        Err(exit) => return Ok(exit),
    };
    let data = &project.data.records;
    let (year, section) = match what_to_print(args, data) {
        Ok(chosen) => chosen,
        Err(said) => {
            input.fail(err, &said)?;
            return Ok(Exit::Usage);
        }
    };
    let Some(chromium) = find_chromium(args.chromium.as_deref()) else {
        writeln!(err, "{}", input.lang.pick(INSTALL_HINT, INSTALL_HINT_EN))?;
        return Ok(Exit::Problems);
    };
    let jobs = jobs(args, section.as_deref(), data, year);
    let theme = match input.theme(args.templates.as_deref(), err)? {
        Ok(theme) => theme,
        Err(exit) => return Ok(exit),
    };
    let judged = project.judge(Judge {
        years: Some(vec![year]),
        ..Judge::new(as_of)
    });
    // only the pages to print are rendered
    let work = tempfile::Builder::new().prefix("zerenzhi-pdf-").tempdir()?;
    let site_dir = work.path().join("site");
    let wanted: std::collections::HashSet<&str> = jobs.iter().map(|(page, _)| page.as_str()).collect();
    let keep = |path: &str| wanted.contains(path);
    let built = zerenzhi::write::write_site(&site_dir, &place.records, zerenzhi::write::Wait::No, |sink| {
        let only = render::Only { sink, keep: &keep };
        render::render(&judged, &theme, &render::Options::default(), &only)
    });
    if let Err(message) = built {
        input.failed(err, &message)?;
        return Ok(Exit::Problems);
    }
    std::fs::create_dir_all(&pdf_dir)?;
    // Every PDF is printed into the work folder first and moved into place
    // only when all are done: a failed run leaves no half-written file.
    let mut printed = Vec::new();
    for (page, name) in &jobs {
        let draft = work.path().join(format!("print-{}.pdf", printed.len()));
        let dated = zerenzhi::print::PdfDate::of(as_of);
        if let Err(message) = print(&chromium, &site_dir.join(page), &draft, work.path(), dated) {
            let said = input.lang.pick(
                format!("打印 {page} 失败：{message}"),
                format!("printing {page} failed: {}", message.text(input.lang)),
            );
            input.fail(err, &said)?;
            return Ok(Exit::Problems);
        }
        printed.push((draft, pdf_dir.join(name)));
    }
    for (draft, target) in printed {
        if let Err(e) = move_into_place(&draft, &target) {
            let shown = target.display();
            let said = input
                .lang
                .pick(format!("无法写入 {shown}：{e}"), format!("cannot write {shown}: {e}"));
            input.fail(err, &said)?;
            return Ok(Exit::Problems);
        }
        writeln!(out, "{} {}", input.lang.pick("已生成", "made"), target.display())?;
    }
    Ok(Exit::Ok)
}

/// The year to print (the newest by default) and the section whose report
/// alone to print, if one is asked for (by id or name); or what is wrong
/// with what was asked.
fn what_to_print(args: &PdfArgs, data: &zerenzhi::model::Records) -> Result<(i32, Option<String>), String> {
    let lang = args.input.lang;
    let Some(year) = args.year.or_else(|| data.years.last().copied()) else {
        return Err(lang
            .pick("记录中没有年度文件夹", "the records have no year folder")
            .into());
    };
    if !data.years.contains(&year) {
        return Err(lang.pick(
            format!("记录中没有 {year} 年度文件夹"),
            format!("the records have no folder for {year}"),
        ));
    }
    match args.section.as_deref() {
        None => Ok((year, None)),
        Some(given) => match super::section_id(&data.org, given) {
            Some(id) => Ok((year, Some(id))),
            None => Err(lang.pick(
                format!("org.toml 中没有科室 `{given}`"),
                format!("org.toml has no section `{given}`"),
            )),
        },
    }
}

/// Which pages to print: (site path, PDF file name). The names come from
/// org.toml, each reduced to letters, digits, `-`, `_` and `.` like every
/// file name of the site, so none can lead out of the output folder; two
/// names that reduce alike (or a section named like the unit) get `-2`,
/// `-3`…: one printout never replaces another.
fn jobs(args: &PdfArgs, section: Option<&str>, data: &zerenzhi::model::Records, year: i32) -> Vec<(String, String)> {
    let mut taken = std::collections::HashSet::new();
    let mut file = |who: &str, what: &str| {
        let who = zerenzhi::model::names::safe_file_part(who);
        let base = format!("{year}-{}-{what}", who.trim_start_matches('.'));
        let mut name = format!("{base}.pdf");
        let mut n = 2;
        while !taken.insert(zerenzhi::model::names::fold(&name).into_owned()) {
            name = format!("{base}-{n}.pdf");
            n += 1;
        }
        name
    };
    let mut jobs = Vec::new();
    let unit_name = &data.org.unit.short_name;
    if section.is_none() {
        jobs.push((Urls::report(year, None), file(unit_name, "专题报告")));
    }
    for s in &data.org.sections {
        if args.all || section == Some(s.id.as_str()) {
            jobs.push((Urls::report(year, Some(&s.id)), file(&s.name, "专题报告")));
        }
    }
    if args.dossier {
        jobs.push((Urls::year_page(year, "dossier"), file(unit_name, "年度台账")));
    }
    jobs
}
