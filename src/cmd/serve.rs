//! `zerenzhi serve`: live preview of the site while records are edited.

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::Exit;
use super::build::SiteArgs;
use zerenzhi::diag::Lang;
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
        writeln!(
            err,
            "{}",
            input.lang.pick(super::NOT_FOUND_HINT, super::NOT_FOUND_HINT_EN)
        )?;
        return Ok(Exit::Usage);
    }
    let config = Config {
        records: place.records,
        templates: args.templates.clone(),
        as_of: input.as_of,
        audience: args.audience.audience(),
        limits: input.limits(),
        lang: input.lang,
        history: !args.no_history,
    };
    let server = match Server::bind(serve.port, config) {
        Ok(server) => server,
        Err(message) => {
            input.failed(err, &message)?;
            return Ok(Exit::Usage);
        }
    };
    let lang = input.lang;
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        if let Err(e) = ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst)) {
            let said = lang.pick(format!("无法处理 Ctrl-C：{e}"), format!("cannot handle Ctrl-C: {e}"));
            input.fail(err, &said)?;
        }
    }
    tell(&server.rebuild(&Scope::All), lang, out, err)?;
    server.spawn_http();
    let port = server.port();
    let said = lang.pick(
        format!("正在预览 http://127.0.0.1:{port}/ ，保存记录后页面自动刷新；按 Ctrl-C 停止。"),
        format!("Previewing http://127.0.0.1:{port}/ ; pages reload when records are saved. Ctrl-C stops."),
    );
    writeln!(out, "{said}")?;
    out.flush()?;
    let mut failed = None;
    let watched = server.watch(&stop, |report| {
        if let Err(e) = tell(report, lang, out, err) {
            failed.get_or_insert(e);
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    if let Err(message) = watched {
        input.failed(err, &message)?;
        return Ok(Exit::Problems);
    }
    writeln!(out, "{}", lang.pick("已停止预览。", "Preview stopped."))?;
    Ok(Exit::Ok)
}

fn tell(report: &BuildReport, lang: Lang, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<()> {
    let ms = report.elapsed.as_millis();
    let time = chrono::Local::now().format("%H:%M:%S");
    if report.ok {
        let years: Vec<String> = report.years.iter().map(i32::to_string).collect();
        let pages = report.pages;
        let said = match (lang, years.is_empty()) {
            (Lang::Zh, true) => format!("[{time}] 已生成 {pages} 个页面（{ms} 毫秒）"),
            (Lang::Zh, false) => format!("[{time}] 已生成{} 年度的 {pages} 个页面（{ms} 毫秒）", years.join("、")),
            (Lang::En, true) => format!("[{time}] built {pages} pages ({ms} ms)"),
            (Lang::En, false) => format!("[{time}] built {pages} pages of {} ({ms} ms)", years.join(", ")),
        };
        writeln!(out, "{said}")?;
    } else {
        write!(err, "{}", report.problems)?;
        let said = lang.pick(
            format!("[{time}] 有数据错误，网站未更新；页面上显示了错误（{ms} 毫秒）"),
            format!("[{time}] data errors: the site was not updated; the pages show them ({ms} ms)"),
        );
        writeln!(out, "{said}")?;
    }
    out.flush()
}
