//! `zerenzhi pdf`: the special reports (and the dossier) printed to PDF by
//! a headless Chromium found on the machine. No other PDF toolchain.

use std::io::{self, Write};
use std::path::PathBuf;

use super::{Exit, RecordsArgs};
use zerenzhi::judge::Urls;
use zerenzhi::print::{find_chromium, print};
use zerenzhi::{Judge, render};

#[derive(Debug, Clone, clap::Args)]
pub(crate) struct PdfArgs {
    #[command(flatten)]
    pub input: RecordsArgs,
    /// PDF 的输出目录，默认为记录旁的 pdf
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub which: super::which::Which,
    /// 同时打印年度工作台账
    #[arg(long)]
    pub dossier: bool,
    /// 本单位的字体文件目录（如仿宋_GB2312、方正小标宋简体的 .ttf），只用于这次打印；
    /// 默认为记录旁的 templates/assets/fonts（如果有）
    #[arg(long, value_name = "DIR")]
    pub fonts: Option<PathBuf>,
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
    let chosen = match args.which.chosen(input, data, err)? {
        Ok(chosen) => chosen,
        Err(exit) => return Ok(exit),
    };
    let year = chosen.year;
    let Some(chromium) = find_chromium(args.chromium.as_deref()) else {
        writeln!(err, "{}", input.lang.pick(INSTALL_HINT, INSTALL_HINT_EN))?;
        return Ok(Exit::Problems);
    };
    let jobs = jobs(args, &chosen, data);
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
    let fonts_dir = args
        .fonts
        .clone()
        .or_else(|| Some(place.base.join("templates/assets/fonts")).filter(|d| d.is_dir()));
    let fontconfig = match &fonts_dir {
        Some(dir) if !dir.is_dir() => {
            let said = input.lang.pick(
                format!("字体目录 {} 不存在", dir.display()),
                format!("the fonts folder {} does not exist", dir.display()),
            );
            input.fail(err, &said)?;
            return Ok(Exit::Usage);
        }
        Some(dir) => Some(zerenzhi::print::fonts::config_with(dir, work.path())?),
        None => None,
    };
    say_fonts(&theme, fontconfig.as_deref(), input.lang, out, err)?;
    std::fs::create_dir_all(&pdf_dir)?;
    // Every PDF is printed into the work folder first and moved into place
    // only when all are done: a failed run leaves no half-written file.
    let mut printed = Vec::new();
    for (page, name) in &jobs {
        let draft = work.path().join(format!("print-{}.pdf", printed.len()));
        let dated = zerenzhi::print::PdfDate::of(as_of);
        let page_file = site_dir.join(page);
        if let Err(message) = print(&chromium, &page_file, &draft, work.path(), dated, fontconfig.as_deref()) {
            let said = input.lang.pick(
                format!("打印 {page} 失败：{message}"),
                format!("printing {page} failed: {}", message.text(input.lang)),
            );
            input.fail(err, &said)?;
            return Ok(Exit::Problems);
        }
        printed.push((draft, pdf_dir.join(name)));
    }
    super::which::put_in_place(input, printed, out, err)
}

/// Says which face each role of the report resolved to, and warns where a
/// role falls back to a face the document does not ask for.
fn say_fonts(
    theme: &zerenzhi::render::templates::Theme,
    fontconfig: Option<&std::path::Path>,
    lang: zerenzhi::diag::Lang,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<()> {
    let css = theme
        .assets
        .iter()
        .find(|(name, _)| name == "style.css")
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .unwrap_or_default();
    let Some(resolved) = zerenzhi::print::fonts::resolve(&css, fontconfig) else {
        return Ok(());
    };
    for r in &resolved {
        let outline = if r.truetype {
            lang.pick("TrueType，嵌入为 CID TrueType", "TrueType, embedded as CID TrueType")
        } else {
            lang.pick("CFF，嵌入为 Type 3", "CFF, embedded as Type 3")
        };
        writeln!(
            out,
            "{} {}：{}（{outline}）",
            lang.pick("字体", "font"),
            r.role,
            r.family
        )?;
        if !r.own_face {
            let said = lang.pick(
                format!(
                    "警告：{}要用“{}”，本机没有，改用 {}。请用 --fonts 指定本单位的字体文件目录，或放在 templates/assets/fonts 中。",
                    r.role, r.wanted, r.family
                ),
                format!(
                    "warning: the {} wants “{}”, which this machine lacks; {} is used instead. Name the office's font folder with --fonts, or put the files in templates/assets/fonts.",
                    r.role, r.wanted, r.family
                ),
            );
            writeln!(err, "{said}")?;
        }
    }
    Ok(())
}

/// Which pages to print: (site path, PDF file name).
fn jobs(args: &PdfArgs, chosen: &super::which::Chosen, data: &zerenzhi::model::Records) -> Vec<(String, String)> {
    let year = chosen.year;
    let mut names = super::which::FileNames::default();
    let mut jobs: Vec<(String, String)> = chosen
        .scopes
        .iter()
        .map(|scope| {
            let scope = scope.as_deref();
            (Urls::report(year, scope), names.report(data, year, scope, "pdf"))
        })
        .collect();
    if args.dossier {
        jobs.push((
            Urls::year_page(year, "dossier"),
            names.name(year, &data.org.unit.short_name, "年度台账", "pdf"),
        ));
    }
    jobs
}
