//! `zerenzhi schema`: the JSON Schemas editors use to complete keys and
//! flag mistakes in `org.toml`, `rules.toml` and records.

use std::fs;
use std::io::{self, Write};
use std::path::PathBuf;

use super::Exit;

#[derive(Debug, Clone, clap::Args)]
pub(crate) struct SchemaArgs {
    /// 输出目录；其中同名的 schema 文件会被更新
    #[arg(long, value_name = "DIR", default_value = "schemas")]
    pub out: PathBuf,
}

pub(crate) fn run(args: &SchemaArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Exit> {
    if let Err(e) = fs::create_dir_all(&args.out) {
        writeln!(err, "zerenzhi: 无法创建 {}：{e}", args.out.display())?;
        return Ok(Exit::Problems);
    }
    for (name, text) in zerenzhi::schemas::all() {
        let path = args.out.join(name);
        if let Err(e) = fs::write(&path, text) {
            writeln!(err, "zerenzhi: 无法写入 {}：{e}", path.display())?;
            return Ok(Exit::Problems);
        }
        writeln!(out, "已写入 {}", path.display())?;
    }
    Ok(Exit::Ok)
}
