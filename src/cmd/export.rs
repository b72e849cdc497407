//! `zerenzhi export`: the year's ledgers as a workbook or CSV files, and
//! what falls due as a calendar.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{Exit, RecordsArgs};
use zerenzhi::{Judge, export};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub(crate) enum ExportFormat {
    /// 一个表格文件（Excel、WPS 表格），每个台账一张工作表
    #[default]
    Xlsx,
    /// 每个台账一个 CSV 文件（UTF-8）
    Csv,
    /// 日历文件：待办事项和整改期限
    Ics,
}

#[derive(Debug, Clone, clap::Args)]
pub(crate) struct ExportArgs {
    #[command(flatten)]
    pub input: RecordsArgs,
    /// 导出格式
    #[arg(long, value_enum, default_value_t)]
    pub format: ExportFormat,
    /// 导出汇总包（供上级汇总的 JSON 文件，见 docs/汇总包格式.md），代替台账
    #[arg(long)]
    pub bundle: bool,
    /// 年度，默认为最新一年
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i32>,
    /// 输出目录，默认为记录旁的 export；导出汇总包时可以是文件名（以 .json 结尾）
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub audience: super::AudienceArgs,
}

pub(crate) fn run(args: &ExportArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Exit> {
    let input = &args.input;
    let place = input.place();
    // a bundle says which commit its figures come from
    let history = if args.bundle {
        zerenzhi::HistoryFrom::Git(None)
    } else {
        zerenzhi::HistoryFrom::Skip("")
    };
    let opened = input.open_clean_with(&place, history, ("未导出", "nothing was exported"), err)?;
    let (project, history, as_of) = match opened {
        Ok(opened) => opened,
        Err(exit) => return Ok(exit),
    };
    let years = &project.data.records.years;
    let Some(year) = args
        .year
        .or_else(|| years.last().copied())
        .filter(|y| years.contains(y))
    else {
        let said = input
            .lang
            .pick("记录中没有这一年度的文件夹", "the records have no folder for that year");
        input.fail(err, said)?;
        return Ok(Exit::Usage);
    };
    // a bundle leaves the office: never a petitioner's name, whatever the flags
    let audience = if args.bundle {
        zerenzhi::Audience::of_flags(args.audience.public, false)
    } else {
        args.audience.audience()
    };
    let judged = project.judge(Judge {
        audience,
        years: Some(vec![year]),
        history: std::sync::Arc::new(history),
        ..Judge::new(as_of)
    });
    let unit = zerenzhi::model::names::safe_file_part(&judged.records.org.unit.short_name);
    if args.bundle {
        let content = zerenzhi::bundle::Content::of_unit(&judged, year);
        let bytes = match zerenzhi::bundle::encode(&content) {
            Ok(bytes) => bytes,
            Err(e) => return failed(input, err, &e),
        };
        let path = match &args.out {
            Some(out) if out.extension().is_some_and(|x| x == "json") => out.clone(),
            Some(dir) => dir.join(format!("{year}-{unit}-汇总包.json")),
            None => place.base.join("export").join(format!("{year}-{unit}-汇总包.json")),
        };
        return write_all(input, vec![(path, bytes)], out, err);
    }
    let files: Vec<(String, Vec<u8>)> = match args.format {
        ExportFormat::Xlsx => {
            let tables = export::tables(&judged, year);
            match export::xlsx(&tables, &export::title(&judged, year), as_of) {
                Ok(bytes) => vec![(format!("{year}-{unit}-台账.xlsx"), bytes)],
                Err(e) => return failed(input, err, &e),
            }
        }
        ExportFormat::Csv => {
            let mut files = Vec::new();
            for table in export::tables(&judged, year) {
                match export::csv(&table) {
                    Ok(bytes) => files.push((format!("{year}-{unit}-{}.csv", table.name), bytes)),
                    Err(e) => return failed(input, err, &e),
                }
            }
            files
        }
        ExportFormat::Ics => vec![(
            format!("{year}-{unit}-期限.ics"),
            export::ics(&judged, year).into_bytes(),
        )],
    };
    let dir = args.out.clone().unwrap_or_else(|| place.base.join("export"));
    let files = files.into_iter().map(|(name, bytes)| (dir.join(name), bytes)).collect();
    write_all(input, files, out, err)
}

/// Writes each file whole, saying so.
fn write_all(
    input: &RecordsArgs,
    files: Vec<(PathBuf, Vec<u8>)>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    for (path, bytes) in files {
        if let Err(e) = write_whole(&path, &bytes) {
            let shown = path.display();
            let said = input
                .lang
                .pick(format!("无法写入 {shown}：{e}"), format!("cannot write {shown}: {e}"));
            input.fail(err, &said)?;
            return Ok(Exit::Problems);
        }
        writeln!(out, "{} {}", input.lang.pick("已导出", "exported"), path.display())?;
    }
    Ok(Exit::Ok)
}

fn failed(input: &RecordsArgs, err: &mut dyn Write, e: &zerenzhi::Error) -> io::Result<Exit> {
    input.failed(err, e)?;
    Ok(Exit::Problems)
}

/// Writes `bytes` beside `path` and renames it into place: a reader never
/// sees half a file.
pub(crate) fn write_whole(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new().prefix(".zerenzhi-").tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    // readable like any file the user makes (a temporary file is not)
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.persist(path).map(|_| ()).map_err(|e| e.error)
}
