//! The whole pipeline on a small records tree built from the input: load,
//! validate, judge the rules, render diagnostics, and render the site into
//! memory. The input is split at NUL bytes: the first piece is org.toml, and
//! each further piece is a file whose first byte picks its path.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use zerenzhi::diag::{self, Lang};
use zerenzhi::render::{self, Options, Sink, Summary, templates};

const PATHS: &[&str] = &[
    "2026/leadership/a.md",
    "2026/leadership/b.md",
    "2026/s1/c.md",
    "2026/s1/d.toml",
    "2026/s2/e.md",
    "2025/s1/f.md",
    "2026/report.md",
    "2026/s1/report.md",
    "rules.toml",
    "2026/s1/attachments/g.pdf",
    "2026/zz/h.md",
];

struct NullSink;

impl Sink for NullSink {
    fn file(&self, _: &str, _: &[u8]) -> Result<(), zerenzhi::Error> {
        Ok(())
    }
    fn copy(&self, _: &str, _: &std::sync::Arc<zerenzhi::beneath::Root>, _: &str) -> Result<(), zerenzhi::Error> {
        Ok(())
    }
}

fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| std::env::temp_dir().join(format!("zerenzhi-fuzz-loader-{}", std::process::id())))
}

fn theme() -> &'static templates::Theme {
    static THEME: OnceLock<templates::Theme> = OnceLock::new();
    THEME.get_or_init(|| templates::load(None).expect("built-in templates"))
}

fuzz_target!(|data: &[u8]| {
    let root = dir();
    let _ = std::fs::remove_dir_all(root);
    std::fs::create_dir_all(root).expect("temp dir");
    let mut pieces = data.split(|b| *b == 0);
    if let Some(org) = pieces.next() {
        std::fs::write(root.join("org.toml"), org).expect("write");
    }
    for piece in pieces.take(12) {
        let Some((&selector, content)) = piece.split_first() else { continue };
        let path = root.join(PATHS[selector as usize % PATHS.len()]);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, content).expect("write");
    }
    let Ok(project) = zerenzhi::Project::open(root) else { return };
    for d in &project.data.diags {
        let _ = diag::render_human(d, &project.data.sources, Lang::Zh, false);
        let _ = diag::to_json(d, &project.data.sources, Lang::Zh);
    }
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
    let years = project.data.records.years.clone();
    let _ = zerenzhi::rules::evaluate(&project.rules, &project.data.records, &years, as_of, Lang::Zh);
    if !project.data.has_errors() {
        let judged = project.judge(zerenzhi::Judge::new(as_of));
        let result: Result<Summary, zerenzhi::Error> =
            render::render(&judged, theme(), &Options::default(), &NullSink);
        let _ = result;
    }
});
