//! The Tera templates and assets, compiled into the binary from
//! `templates/`; `--templates DIR` overrides any of them by name (like a
//! Zola theme) and may add assets of its own (fonts, images) under
//! `DIR/assets/`.

use crate::error::Error;
use std::fs;
use std::path::Path;

use tera::Tera;

use crate::beneath::{ReadError, Refused, Root};

/// Largest template or asset (a font) that is read.
const MAX_TEMPLATE_BYTES: u64 = 64 * 1024 * 1024;

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../templates/", $name))),)*]
    };
}

/// Every template, by the name pages use.
pub const TEMPLATES: &[(&str, &str)] = embedded![
    "base.html",
    "components.html",
    "_outcomes.html",
    "_records.html",
    "_rule.html",
    "_month.html",
    "_dossier_entry.html",
    "_activity_chart.html",
    "_compliance_chart.html",
    "_annex_table.html",
    "_sources_table.html",
    "_score.html",
    "index.html",
    "dashboard.html",
    "section.html",
    "person.html",
    "record.html",
    "findings.html",
    "statistics.html",
    "scores.html",
    "rules.html",
    "timeline.html",
    "report.html",
    "_official.html",
    "dossier.html",
    "search.html",
    "rollup_base.html",
    "rollup_index.html",
    "rollup_year.html",
    "rollup_matrix.html",
    "rollup_unit.html",
    "rollup_notice.html",
];

/// Files copied to `assets/` in the site.
pub const ASSETS: &[(&str, &str)] = &[
    ("style.css", include_str!("../../templates/style.css")),
    ("search.js", include_str!("../../templates/search.js")),
    ("print.js", include_str!("../../templates/print.js")),
];

/// The loaded templates and the assets to write.
pub struct Theme {
    /// The templates, compiled.
    pub tera: Tera,
    /// The assets (stylesheet and scripts) by file name.
    pub assets: Vec<(String, Vec<u8>)>,
}

/// Loads the embedded theme, with the files of `overrides` taking the place
/// of the embedded ones of the same name.
pub fn load(overrides: Option<&Path>) -> Result<Theme, Error> {
    let mut templates: Vec<(String, String)> = TEMPLATES.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
    let mut assets: Vec<(String, Vec<u8>)> = ASSETS
        .iter()
        .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
        .collect();
    if let Some(dir) = overrides {
        if !dir.is_dir() {
            return Err(Error::Template(format!("找不到模板目录 {}", dir.display())));
        }
        // beneath the templates folder only, like the records
        let root = Root::open(dir).map_err(|e| Error::file("无法读取模板目录", dir, e))?;
        let read = |path: &Path| {
            let rel = path
                .strip_prefix(dir)
                .unwrap_or(path)
                .to_string_lossy()
                .replace('\\', "/");
            root.read(&rel, MAX_TEMPLATE_BYTES).map_err(|e| {
                let why = match e {
                    ReadError::TooLarge => "超过 64 MB".to_string(),
                    ReadError::Refused(Refused::Outside) => "符号链接指向模板目录之外，未读取".to_string(),
                    ReadError::Refused(Refused::NotRegular | Refused::Kernel) => "不是普通文件，未读取".to_string(),
                    ReadError::Refused(Refused::Missing) => "文件不存在".to_string(),
                    ReadError::Refused(Refused::Io(e)) => e.to_string(),
                };
                Error::Template(format!("无法读取模板 {}：{why}", path.display()))
            })
        };
        let mut entries: Vec<_> = fs::read_dir(dir)
            .map_err(|e| Error::file("无法读取模板目录", dir, e))?
            .filter_map(Result::ok)
            .collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().to_string();
            let path = entry.path();
            if name.ends_with(".html") && !path.is_dir() {
                let text = String::from_utf8(read(&path)?)
                    .map_err(|_| Error::Template(format!("模板 {name} 不是 UTF-8 编码")))?;
                match templates.iter_mut().find(|(n, _)| *n == name) {
                    Some(slot) => slot.1 = text,
                    None => templates.push((name, text)),
                }
            } else if name == "style.css" && !path.is_dir() {
                assets[0].1 = read(&path)?;
            }
        }
        let asset_dir = dir.join("assets");
        if asset_dir.is_dir() {
            let mut files: Vec<_> = fs::read_dir(&asset_dir)
                .map_err(|e| Error::file("无法读取模板目录", &asset_dir, e))?
                .filter_map(Result::ok)
                .collect();
            files.sort_by_key(|e| e.file_name());
            for entry in files.into_iter().filter(|e| !e.path().is_dir()) {
                let name = entry.file_name().to_string_lossy().to_string();
                let bytes = read(&entry.path())?;
                match assets.iter_mut().find(|(n, _)| *n == name) {
                    Some(slot) => slot.1 = bytes,
                    None => assets.push((name, bytes)),
                }
            }
        }
    }
    let mut tera = Tera::new();
    tera.autoescape_on([".html"]);
    tera.set_escape_fn(escape_to);
    tera.add_raw_templates(templates)
        .map_err(|e| Error::Template(describe(&e)))?;
    Ok(Theme { tera, assets })
}

/// Escapes text for HTML content and quoted attribute values. Unlike
/// Tera's default it leaves `/` alone, so paths read as paths.
pub fn escape(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    // writing to a Vec cannot fail, and escaping keeps UTF-8 valid
    let _ = escape_to(text, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`escape`], written to `out`: Tera's escape function.
pub fn escape_to(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&text.as_bytes()[start..i])?;
        out.write_all(entity)?;
        start = i + 1;
    }
    out.write_all(&text.as_bytes()[start..])
}

/// A Tera error with its chain of causes, which name the template and line.
pub fn describe(err: &tera::Error) -> String {
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text.push_str("\n  ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
