//! `zerenzhi docx`: the special reports as Word documents, for the office
//! to put on its 红头 paper, add 发文字号 and 签发人, edit and stamp.

use std::io::{self, Write};
use std::path::PathBuf;

use super::{Exit, RecordsArgs};
use zerenzhi::Judge;
use zerenzhi::render::{docx::docx, special_reports};

#[derive(Debug, Clone, clap::Args)]
pub(crate) struct DocxArgs {
    #[command(flatten)]
    pub input: RecordsArgs,
    /// Word 文档的输出目录，默认为记录旁的 docx
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub which: super::which::Which,
}

pub(crate) fn run(args: &DocxArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Exit> {
    let input = &args.input;
    let place = input.place();
    let dir = args.out.clone().unwrap_or_else(|| place.base.join("docx"));
    let (project, as_of) = match input.open_clean(&place, ("未生成 Word 文档", "no Word document was made"), err)?
    {
        Ok(opened) => opened,
        Err(exit) => return Ok(exit),
    };
    let data = &project.data.records;
    let chosen = match args.which.chosen(input, data, err)? {
        Ok(chosen) => chosen,
        Err(exit) => return Ok(exit),
    };
    let judged = project.judge(Judge {
        years: Some(vec![chosen.year]),
        ..Judge::new(as_of)
    });
    let reports = special_reports(&judged, chosen.year);
    std::fs::create_dir_all(&dir)?;
    // every document is written beside the output first and moved into
    // place only when all are done: a failed run leaves no half a document
    let work = tempfile::Builder::new().prefix(".zerenzhi-docx-").tempdir_in(&dir)?;
    let mut names = super::which::FileNames::default();
    let mut written = Vec::new();
    for scope in &chosen.scopes {
        let Some((_, report)) = reports.iter().find(|(s, _)| s == scope) else {
            continue;
        };
        let name = names.report(data, chosen.year, scope.as_deref(), "docx");
        let draft = work.path().join(format!("{}.docx", written.len()));
        let bytes = match docx(report, as_of) {
            Ok(bytes) => bytes,
            Err(e) => {
                input.failed(err, &e)?;
                return Ok(Exit::Problems);
            }
        };
        std::fs::write(&draft, bytes)?;
        written.push((draft, dir.join(name)));
    }
    super::which::put_in_place(input, written, out, err)
}
