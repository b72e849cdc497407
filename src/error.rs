//! What can go wrong outside the records' own data (whose problems are
//! [`crate::diag`] diagnostics): templates, rendering, writing, printing
//! and previewing. Each error says, in Chinese or in English, what
//! happened and to which file.

use std::io;

use crate::diag::Lang;

/// An error of an output.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The output folder is, holds or lies in what is read as records.
    #[error("输出目录 {out} 与记录目录 {records} 重叠；为保护记录，构建不会写入")]
    Overlap {
        /// The output folder.
        out: String,
        /// The records folder.
        records: String,
    },
    /// The output folder has no parent or no name.
    #[error("输出目录无效")]
    BadOutput,
    /// The output folder holds something that is not a site we wrote.
    #[error("{0} 已存在，但不是 zerenzhi 生成的网站（缺少 {marker}）；为免覆盖，请换一个输出目录或先移走它", marker = crate::write::MARKER)]
    NotOurs(String),
    /// Another build holds the output's lock, and `--no-wait` was given.
    #[error("另一个 zerenzhi 正在向 {0} 写入网站；它完成后再试，或去掉 --no-wait 等它完成")]
    Busy(String),
    /// A file system operation on `path` failed.
    #[error("{what} {path}：{source}")]
    File {
        /// What was being done, as the message says it (无法创建…).
        what: &'static str,
        /// The file or folder.
        path: String,
        /// Why it failed.
        source: io::Error,
    },
    /// Making the site's temporary folder failed.
    #[error("写入网站失败：{0}")]
    WriteSite(io::Error),
    /// A path could not be made absolute.
    #[error("{path}：{source}")]
    Path {
        /// The path as given.
        path: String,
        /// Why.
        source: io::Error,
    },
    /// Writing one file of the site failed.
    #[error("写入 {path} 失败：{source}")]
    Write {
        /// The file, relative to the site.
        path: String,
        /// Why it failed.
        source: io::Error,
    },
    /// Copying an attachment into the site failed.
    #[error("复制附件 {rel} 失败：{detail}")]
    Copy {
        /// The attachment, relative to the records.
        rel: String,
        /// Why it failed.
        detail: String,
    },
    /// Another thread failed while holding shared state.
    #[error("内部错误：另一个线程出错")]
    Poisoned,
    /// Two things would be written to one file of the site.
    #[error("网站中有两个文件都要写到 {path}：{first} 和 {second}；请把其中一个编号改得明显不同")]
    SameFile {
        /// The file.
        path: String,
        /// What wrote it first.
        first: String,
        /// What would write it again.
        second: String,
    },
    /// One path of the site would be both a file and a folder.
    #[error("网站中的 {path} 既要是文件又要是文件夹（{what}）；请把相关编号改得明显不同")]
    FileAndFolder {
        /// The path.
        path: String,
        /// What would write it.
        what: String,
    },
    /// A template could not be read or compiled.
    #[error("{0}")]
    Template(String),
    /// A page failed to render.
    #[error("渲染 {path}（模板 {template}）失败：{detail}")]
    Render {
        /// The page, relative to the site.
        path: String,
        /// Its template.
        template: &'static str,
        /// What Tera said.
        detail: String,
    },
    /// `SOURCE_DATE_EPOCH` is not a whole number of seconds.
    #[error("SOURCE_DATE_EPOCH 不是整数秒数：{0}")]
    EpochNotSeconds(String),
    /// `SOURCE_DATE_EPOCH` is no date.
    #[error("SOURCE_DATE_EPOCH 超出范围：{0}")]
    EpochOutOfRange(String),
    /// The browser could not be started.
    #[error("无法启动 {path}：{source}")]
    Launch {
        /// The browser.
        path: String,
        /// Why.
        source: io::Error,
    },
    /// The browser did not finish printing in time.
    #[error("Chromium 两分钟内没有完成")]
    PrintTimeout,
    /// The browser printed nothing.
    #[error("Chromium 没有生成 PDF（退出状态 {0}）")]
    PrintFailed(String),
    /// The preview could not listen on its port.
    #[error("无法在 127.0.0.1:{port} 上启动预览（{detail}）；端口可能已被占用，可用 --port 换一个")]
    Bind {
        /// The port asked for.
        port: u16,
        /// Why.
        detail: String,
    },
    /// The preview could not start watching for changes.
    #[error("无法监视文件变化：{0}")]
    Watcher(String),
    /// The preview could not watch a folder.
    #[error("无法监视 {path}：{detail}")]
    Watch {
        /// What was to be watched.
        path: String,
        /// Why.
        detail: String,
    },
    /// Any other failure of the system.
    #[error("{0}")]
    Io(#[from] io::Error),
}

impl Error {
    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.to_string(),
            Lang::En => self.en(),
        }
    }

    fn en(&self) -> String {
        use Error::*;
        match self {
            Overlap { out, records } => {
                format!("the output folder {out} overlaps the records folder {records}; nothing was written")
            }
            BadOutput => "invalid output folder".into(),
            NotOurs(out) => format!(
                "{out} exists but is not a site zerenzhi wrote (no {}); choose another output folder",
                crate::write::MARKER
            ),
            Busy(out) => format!("another zerenzhi is writing {out}; try again later, or drop --no-wait"),
            File { path, source, .. } => format!("{path}: {source}"),
            WriteSite(e) => format!("writing the site failed: {e}"),
            Path { path, source } => format!("{path}: {source}"),
            Write { path, source } => format!("writing {path} failed: {source}"),
            Copy { rel, detail } => format!("copying the attachment {rel} failed: {detail}"),
            Poisoned => "internal error: another thread failed".into(),
            SameFile { path, first, second } => format!("two files would be written to {path}: {first} and {second}"),
            FileAndFolder { path, what } => format!("{path} would be both a file and a folder ({what})"),
            Template(detail) => detail.clone(),
            Render { path, template, detail } => format!("rendering {path} (template {template}) failed: {detail}"),
            EpochNotSeconds(v) => format!("SOURCE_DATE_EPOCH is not a number of seconds: {v}"),
            EpochOutOfRange(v) => format!("SOURCE_DATE_EPOCH is out of range: {v}"),
            Launch { path, source } => format!("cannot start {path}: {source}"),
            PrintTimeout => "Chromium did not finish within two minutes".into(),
            PrintFailed(status) => format!("Chromium made no PDF (exit status {status})"),
            Bind { port, detail } => format!("cannot serve on 127.0.0.1:{port} ({detail}); try another --port"),
            Watcher(detail) => format!("cannot watch for changes: {detail}"),
            Watch { path, detail } => format!("cannot watch {path}: {detail}"),
            Io(e) => e.to_string(),
        }
    }

    /// A failure of `what` (as the message says it) on `path`.
    pub fn file(what: &'static str, path: &std::path::Path, source: io::Error) -> Error {
        Error::File {
            what,
            path: path.display().to_string(),
            source,
        }
    }
}
