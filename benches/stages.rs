//! The pipeline's stages on a 2 000-record synthetic corpus:
//! `cargo bench --bench stages`. Whole-process figures, side by side with
//! Hugo, come from `bench/run.sh` (see BENCHMARKS.md).

mod corpus;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use zerenzhi::diag::Lang;
use zerenzhi::render::{self, Options, Sink, templates};

fn main() {
    divan::main();
}

fn corpus_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        // generated once and kept: the same N always gives the same files
        let dir = std::env::temp_dir().join("zerenzhi-bench-stages-2000");
        if !dir.join("org.toml").is_file() {
            corpus::generate(2000, &dir, None).expect("corpus");
        }
        dir
    })
}

fn as_of() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 31).expect("date")
}

#[divan::bench(sample_count = 10)]
fn load() {
    divan::black_box(zerenzhi::load::load(corpus_dir()).expect("load"));
}

#[divan::bench(sample_count = 10)]
fn load_and_validate() {
    divan::black_box(zerenzhi::Project::open(corpus_dir()).expect("open"));
}

#[divan::bench(sample_count = 10)]
fn evaluate_rules(bencher: divan::Bencher) {
    let project = zerenzhi::Project::open(corpus_dir()).expect("open");
    let years = project.data.records.years.clone();
    bencher.bench(|| zerenzhi::rules::evaluate(&project.rules, &project.data.records, &years, as_of(), Lang::Zh));
}

/// Discards what it is given: rendering without the file system.
struct NullSink;

impl Sink for NullSink {
    fn file(&self, _: &str, bytes: &[u8]) -> Result<(), zerenzhi::Error> {
        divan::black_box(bytes);
        Ok(())
    }
    fn copy(&self, _: &str, _: &std::sync::Arc<zerenzhi::beneath::Root>, _: &str) -> Result<(), zerenzhi::Error> {
        Ok(())
    }
}

#[divan::bench(sample_count = 10)]
fn render_pages(bencher: divan::Bencher) {
    let project = zerenzhi::Project::open(corpus_dir()).expect("open");
    let theme = templates::load(None).expect("theme");
    bencher.bench(|| {
        let judged = project.judge(zerenzhi::Judge::new(as_of()));
        render::render(&judged, &theme, &Options::default(), &NullSink).expect("render")
    });
}
