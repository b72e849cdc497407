//! `zerenzhi pdf`: the special reports (and the dossier) printed to PDF by
//! a headless Chromium found on the machine. No other PDF toolchain.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use super::Exit;
use crate::diag::Lang;
use crate::render::{self, Options, report, templates};

#[derive(Debug, Clone, clap::Args)]
pub struct PdfArgs {
    /// 记录目录（records folder）；默认在当前目录及上级目录中查找 org.toml 或 records/org.toml
    #[arg(long, value_name = "DIR")]
    pub records: Option<PathBuf>,
    /// PDF 的输出目录，默认为记录旁的 pdf
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// 年度，默认为最新一年
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i32>,
    /// 以这一天结束时为准评估规则，默认取 SOURCE_DATE_EPOCH 或今天
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<NaiveDate>,
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
    /// 附件大小上限（MB），超过的附件报错且不读取
    #[arg(long, value_name = "MB", default_value_t = 50)]
    pub max_attachment_mb: u64,
    /// 提示语言（message language）
    #[arg(long, value_enum, default_value_t)]
    pub lang: Lang,
}

/// Browsers that print with `--headless --print-to-pdf`.
const CANDIDATES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "msedge",
    "microsoft-edge",
];

const INSTALL_HINT: &str = "未找到 Chromium 浏览器，无法生成 PDF。请先安装：
  Debian / Ubuntu：sudo apt-get install chromium fonts-noto-cjk
  Windows / macOS：安装 Google Chrome 或 Microsoft Edge，再用 --chromium 指定它的路径，
    例如 --chromium \"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\"
也可以运行 zerenzhi build，用浏览器打开网站中的专题报告，点“打印”另存为 PDF。";

pub fn run(args: &PdfArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Exit> {
    let place = super::locate(args.records.as_deref());
    let pdf_dir = args.out.clone().unwrap_or_else(|| place.base.join("pdf"));
    let (project, as_of) = match super::open_project(&place.records, args.as_of, args.max_attachment_mb, err)? {
        Ok(opened) => opened,
        Err(exit) => return Ok(exit),
    };
    let errors: Vec<_> = project.data.errors().collect();
    if !errors.is_empty() {
        super::print_diagnostics(errors.iter().copied(), &project.data.sources, args.lang, err)?;
        writeln!(err, "有 {} 个数据错误，未生成 PDF。", errors.len())?;
        return Ok(Exit::Problems);
    }
    let data = &project.data.records;
    let Some(year) = args.year.or_else(|| data.years.last().copied()) else {
        writeln!(err, "zerenzhi: 记录中没有年度文件夹")?;
        return Ok(Exit::Usage);
    };
    if !data.years.contains(&year) {
        writeln!(err, "zerenzhi: 记录中没有 {year} 年度文件夹")?;
        return Ok(Exit::Usage);
    }
    if let Some(id) = &args.section
        && data.org.section(id).is_none()
    {
        writeln!(err, "zerenzhi: org.toml 中没有科室 `{id}`")?;
        return Ok(Exit::Usage);
    }
    let Some(chromium) = find_chromium(args.chromium.as_deref()) else {
        writeln!(err, "{INSTALL_HINT}")?;
        return Ok(Exit::Problems);
    };

    // Which pages: (site path, PDF file name).
    // The names come from org.toml: each reduced to letters, digits, `-`,
    // `_` and `.`, like every file name of the site, so none can lead out
    // of the output folder.
    // Two names that reduce alike (or a section named like the unit) get
    // `-2`, `-3`…: one printout never replaces another.
    let mut taken = std::collections::HashSet::new();
    let mut file = |who: &str, what: &str| {
        let who: String = who.chars().map(crate::render::view::safe_char).collect();
        let base = format!("{year}-{}-{what}", who.trim_start_matches('.'));
        let mut name = format!("{base}.pdf");
        let mut n = 2;
        while !taken.insert(crate::model::names::fold(&name).into_owned()) {
            name = format!("{base}-{n}.pdf");
            n += 1;
        }
        name
    };
    let mut jobs: Vec<(String, String)> = Vec::new();
    let unit_name = &data.org.unit.short_name;
    if args.section.is_none() {
        jobs.push((report::url(year, None), file(unit_name, "专题报告")));
    }
    for s in &data.org.sections {
        if args.all || args.section.as_deref() == Some(s.id.as_str()) {
            jobs.push((report::url(year, Some(&s.id)), file(&s.name, "专题报告")));
        }
    }
    if args.dossier {
        jobs.push((format!("{year}/dossier.html"), file(unit_name, "年度台账")));
    }

    let theme = match templates::load(args.templates.as_deref()) {
        Ok(theme) => theme,
        Err(message) => {
            writeln!(err, "zerenzhi: {message}")?;
            return Ok(Exit::Problems);
        }
    };
    let options = Options {
        as_of,
        years: Some(vec![year]),
        public: false,
        history: Default::default(),
        only_years: None,
        bodies: None,
        include_personal: false,
    };
    let work = tempfile::Builder::new().prefix("zerenzhi-pdf-").tempdir()?;
    let site_dir = work.path().join("site");
    let built = crate::write::write_site(&site_dir, &place.records, crate::write::Wait::No, |sink| {
        render::render(data, &project.rules, &theme, &project.data.root, &options, sink)
    });
    if let Err(message) = built {
        writeln!(err, "zerenzhi: {message}")?;
        return Ok(Exit::Problems);
    }
    std::fs::create_dir_all(&pdf_dir)?;
    // Every PDF is printed into the work folder first and moved into place
    // only when all are done: a failed run leaves no half-written file.
    let mut printed = Vec::new();
    for (page, name) in &jobs {
        let draft = work.path().join(format!("print-{}.pdf", printed.len()));
        if let Err(message) = print(&chromium, &site_dir.join(page), &draft, work.path()) {
            writeln!(err, "zerenzhi: 打印 {page} 失败：{message}")?;
            return Ok(Exit::Problems);
        }
        printed.push((draft, pdf_dir.join(name)));
    }
    for (draft, target) in printed {
        if let Err(e) = move_into_place(&draft, &target) {
            writeln!(err, "zerenzhi: 无法写入 {}：{e}", target.display())?;
            return Ok(Exit::Problems);
        }
        writeln!(out, "已生成 {}", target.display())?;
    }
    Ok(Exit::Ok)
}

/// The given browser, else the first candidate on PATH, else Chrome or
/// Edge where their installers put them on Windows and macOS.
fn find_chromium(given: Option<&Path>) -> Option<PathBuf> {
    if let Some(path) = given {
        return path.is_file().then(|| path.to_path_buf());
    }
    CANDIDATES
        .iter()
        .find_map(|name| which::which(name).ok())
        .or_else(|| installed().into_iter().find(|p| p.is_file()))
}

/// The default install folders of Chrome, Edge and Chromium.
fn installed() -> Vec<PathBuf> {
    let mut found = Vec::new();
    for var in ["ProgramFiles", "ProgramFiles(x86)", "LOCALAPPDATA"] {
        if let Some(dir) = std::env::var_os(var).map(PathBuf::from) {
            found.push(dir.join(r"Google\Chrome\Application\chrome.exe"));
            found.push(dir.join(r"Microsoft\Edge\Application\msedge.exe"));
            found.push(dir.join(r"Chromium\Application\chrome.exe"));
        }
    }
    for app in ["Google Chrome", "Chromium", "Microsoft Edge"] {
        found.push(Path::new("/Applications").join(format!("{app}.app/Contents/MacOS/{app}")));
    }
    found
}

/// How Chromium is run: no window, no first-run setup and no background
/// network traffic (also used by the browser tests).
pub const HEADLESS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// Printing contacts no host: every request that is not for a local file
/// goes to a proxy that is not there (loopback included), and no name is
/// looked up.
pub const OFFLINE: &[&str] = &[
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    "--host-resolver-rules=MAP * ~NOTFOUND",
];

/// Prints one page with headless Chromium, waiting at most two minutes.
fn print(chromium: &Path, page: &Path, target: &Path, work: &Path) -> Result<(), String> {
    let page = std::path::absolute(page).map_err(|e| e.to_string())?;
    let target_abs = std::path::absolute(target).map_err(|e| e.to_string())?;
    let profile = work.join(format!("profile-{}", std::process::id()));
    let _ = std::fs::remove_file(&target_abs);
    let url = format!("file://{}", page.to_string_lossy().replace('\\', "/"));
    let mut child = Command::new(chromium)
        .args(HEADLESS)
        .args(OFFLINE)
        .args(["--disable-dev-shm-usage", "--no-pdf-header-footer"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", target_abs.display()))
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("无法启动 {}：{e}", chromium.display()))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait().map_err(|e| e.to_string())? {
            Some(status) => break status,
            None if started.elapsed() > Duration::from_secs(120) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err("Chromium 两分钟内没有完成".into());
            }
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    };
    let written = std::fs::metadata(&target_abs).is_ok_and(|m| m.len() > 0);
    if !status.success() || !written {
        return Err(format!("Chromium 没有生成 PDF（退出状态 {status}）"));
    }
    Ok(())
}

/// Puts a finished file in place of `target` in one step: a rename, or,
/// across file systems, a copy beside the target that is then renamed.
fn move_into_place(from: &Path, target: &Path) -> io::Result<()> {
    if std::fs::rename(from, target).is_ok() {
        return Ok(());
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new().prefix(".zerenzhi-").tempfile_in(dir)?;
    io::copy(&mut std::fs::File::open(from)?, tmp.as_file_mut())?;
    tmp.persist(target).map(|_| ()).map_err(|e| e.error)
}
