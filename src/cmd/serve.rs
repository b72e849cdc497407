//! `zerenzhi serve`: live preview of the site while records are edited.

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::Exit;
use super::build::SiteArgs;
use zerenzhi::serve::{BuildReport, Config, Scope, Server};

#[derive(Debug, Clone, clap::Args)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// 端口，只在本机（127.0.0.1）上开放；0 表示任选一个空闲端口
    #[arg(long, value_name = "PORT", default_value_t = 1111)]
    pub port: u16,
}

pub(crate) fn run(serve: &ServeArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Exit> {
    let args = &serve.site;
    let input = &args.input;
    let place = input.place();
    if !place.records.is_dir() {
        writeln!(err, "zerenzhi: {}", zerenzhi::LoadError::NoRecordsDir(place.records))?;
        writeln!(err, "{}", super::NOT_FOUND_HINT)?;
        return Ok(Exit::Usage);
    }
    let config = Config {
        records: place.records,
        templates: args.templates.clone(),
        as_of: input.as_of,
        audience: args.audience(),
        limits: input.limits(),
        lang: input.lang,
        history: !args.no_history,
    };
    let server = match Server::bind(serve.port, config) {
        Ok(server) => server,
        Err(message) => {
            writeln!(err, "zerenzhi: {message}")?;
            return Ok(Exit::Usage);
        }
    };
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        if let Err(e) = ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst)) {
            writeln!(err, "zerenzhi: 无法处理 Ctrl-C：{e}")?;
        }
    }
    tell(&server.rebuild(&Scope::All), out, err)?;
    server.spawn_http();
    writeln!(
        out,
        "正在预览 http://127.0.0.1:{}/ ，保存记录后页面自动刷新；按 Ctrl-C 停止。",
        server.port()
    )?;
    out.flush()?;
    let mut failed = None;
    let watched = server.watch(&stop, |report| {
        if let Err(e) = tell(report, out, err) {
            failed.get_or_insert(e);
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    if let Err(message) = watched {
        writeln!(err, "zerenzhi: {message}")?;
        return Ok(Exit::Problems);
    }
    writeln!(out, "已停止预览。")?;
    Ok(Exit::Ok)
}

fn tell(report: &BuildReport, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<()> {
    let ms = report.elapsed.as_millis();
    let time = chrono::Local::now().format("%H:%M:%S");
    if report.ok {
        let years: Vec<String> = report.years.iter().map(i32::to_string).collect();
        let which = if years.is_empty() {
            String::new()
        } else {
            format!("{} 年度的", years.join("、"))
        };
        writeln!(out, "[{time}] 已生成{which} {} 个页面（{ms} 毫秒）", report.pages)?;
    } else {
        write!(err, "{}", report.problems)?;
        writeln!(out, "[{time}] 有数据错误，网站未更新；页面上显示了错误（{ms} 毫秒）")?;
    }
    out.flush()
}
