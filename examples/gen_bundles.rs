//! `cargo run --release --example gen_bundles -- N DIR [RECORDS]`: writes
//! N realistic bundles (汇总包) to DIR, deterministically for a given N:
//! the bundle of the sample office (or of RECORDS) as many units, each with
//! its own name, code and varied results (rule outcomes, figures, scores),
//! sealed with their checksums as `export --bundle` seals them. For the
//! roll-up benchmark (`bench/rollup.sh`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use zerenzhi::bundle::{self, Content};
use zerenzhi::rules::Status;
use zerenzhi::{Judge, Project};

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// True with probability `p` percent.
    fn chance(&mut self, p: u64) -> bool {
        self.next() % 100 < p
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const PLACES: &[&str] = &[
    "东湖", "西山", "南桥", "北塘", "青溪", "白沙", "石门", "桃源", "临江", "松阳",
];
const BODIES: &[&str] = &[
    "人民政府办公室",
    "发展和改革局",
    "财政局",
    "教育局",
    "卫生健康局",
    "自然资源局",
    "住房和城乡建设局",
    "交通运输局",
    "农业农村局",
    "市场监督管理局",
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(dir)) = (args.first().and_then(|n| n.parse::<usize>().ok()), args.get(1)) else {
        eprintln!("usage: gen_bundles N DIR [RECORDS]");
        return ExitCode::from(2);
    };
    let records = args
        .get(2)
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("records"), PathBuf::from);
    match generate(n, Path::new(dir), &records) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_bundles: {e}");
            ExitCode::FAILURE
        }
    }
}

fn generate(n: usize, dir: &Path, records: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let project = Project::open(records)?;
    let as_of = NaiveDate::from_ymd_opt(2027, 1, 31).ok_or("date")?;
    let judged = project.judge(Judge {
        years: Some(vec![2026]),
        ..Judge::new(as_of)
    });
    let base = Content::of_unit(&judged, 2026);
    std::fs::create_dir_all(dir)?;
    let mut rng = Rng(n as u64);
    for i in 0..n {
        let content = vary(&base, i, &mut rng);
        std::fs::write(dir.join(format!("{i:05}.json")), bundle::encode(&content)?)?;
    }
    Ok(())
}

/// The sample's bundle as unit `i`: another name and code, outcomes that
/// moved, figures scaled, a score of its own.
fn vary(base: &Content, i: usize, rng: &mut Rng) -> Content {
    let mut c = base.clone();
    let place = PLACES[i % PLACES.len()];
    let body = BODIES[(i / PLACES.len()) % BODIES.len()];
    c.unit.name = format!("{place}县{body}（{i}）");
    c.unit.short_name = format!("{place}{body}{i}");
    c.unit.code = Some(format!("1133{i:06}MB{:06}", rng.below(1_000_000)));
    c.unit.parent = Some("中共临江市纪律检查委员会".into());
    c.source.commit = Some(format!(
        "{:016x}{:016x}{:08x}",
        rng.next(),
        rng.next(),
        rng.next() as u32
    ));
    c.source.clean = Some(!rng.chance(3));
    let quality = rng.below(30);
    for o in &mut c.outcomes {
        o.status = match (o.status, rng.chance(quality)) {
            (Status::Met, true) => Status::Violated,
            (Status::Violated, true) => Status::Met,
            (status, _) => status,
        };
    }
    let scale = 1 + rng.below(3) as u32;
    let last = c.statistics.len().saturating_sub(1);
    for row in &mut c.statistics[..last] {
        row.found *= scale;
        row.rectified = (row.rectified * scale).min(row.found);
        row.verified = (row.verified * scale).min(row.rectified);
        row.on_time = (row.on_time * scale).min(row.rectified);
    }
    c.statistics[last] = zerenzhi::bundle::StatisticsRow::total(&c.statistics[..last]);
    // the tallies and totals again, from the moved outcomes and figures
    c.recount();
    if let Some(scores) = &mut c.scores {
        scores.unit.total = 60.0 + (rng.below(4000) as f64) / 100.0;
        scores.unit.pending = 0.0;
        scores.unit.grade = Some(
            match scores.unit.total {
                t if t >= 90.0 => "优秀",
                t if t >= 75.0 => "良好",
                _ => "合格",
            }
            .into(),
        );
    }
    if let Some(r) = &mut c.reporting {
        r.status = Status::Met;
        r.submitted_on = NaiveDate::from_ymd_opt(2027, 1, 5 + rng.below(27) as u32);
    }
    c
}
