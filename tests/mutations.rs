//! No input crashes the loader: a few hundred deterministic mutations of the
//! sample records (cut, duplicated, swapped and garbled bytes) must each
//! load, validate and evaluate without a panic.

mod common;
#[path = "../benches/corpus.rs"]
mod corpus;

use std::path::Path;

use corpus::Rng;
use zerenzhi::Project;
use zerenzhi::diag::{self, Lang};

const SNIPPETS: &[&[u8]] = &[
    b"+++",
    b"\"",
    b"[",
    b"]",
    b"=",
    b"\n",
    b"\xff\xfe",
    b"\xe4\xb8",
    b"date = 2026-02-30\n",
    b"kind = \"finding\"\n",
    b"status = \"closed\"\n",
    b"\r\n",
    b"\x00",
    b"{",
    b"}}",
    b"[[person]]\n",
    b"id = \"dir\"\n",
    b"'''",
    b"#",
    b"attachments = [\"../../x\"]\n",
    b"source = \"nope\"\n",
    b"sanction = [\"x\"]\n",
    b"9999-99-99",
];

fn mutate(rng: &mut Rng, bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for _ in 0..1 + rng.below(3) {
        let len = out.len();
        let at = rng.below(len + 1);
        match rng.below(6) {
            0 => out.truncate(at),
            1 => {
                let end = (at + rng.below(40)).min(len);
                out.drain(at..end);
            }
            2 => {
                let snippet = SNIPPETS[rng.below(SNIPPETS.len())];
                out.splice(at..at, snippet.iter().copied());
            }
            3 => {
                let end = (at + rng.below(60)).min(len);
                let copy = out[at..end].to_vec();
                out.splice(at..at, copy);
            }
            4 => {
                if let Some(b) = out.get_mut(at) {
                    *b = (rng.next_u64() & 0xff) as u8;
                }
            }
            _ => {
                // swap two lines
                let text = String::from_utf8_lossy(&out).to_string();
                let mut lines: Vec<&str> = text.lines().collect();
                if lines.len() > 2 {
                    let (i, j) = (rng.below(lines.len()), rng.below(lines.len()));
                    lines.swap(i, j);
                }
                out = lines.join("\n").into_bytes();
            }
        }
    }
    out
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

#[test]
fn mutated_sample_files_never_panic() {
    let sample = common::sample_records();
    let files: Vec<_> = walkdir::WalkDir::new(&sample)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && !e.path().to_string_lossy().contains("attachments"))
        .map(|e| e.path().strip_prefix(&sample).unwrap().to_path_buf())
        .collect();
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&sample, dir.path());
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    for round in 0..300 {
        // mutate one file (org.toml one time in ten), load, restore
        let rel = if round % 10 == 0 {
            Path::new("org.toml").to_path_buf()
        } else {
            files[rng.below(files.len())].clone()
        };
        let original = std::fs::read(sample.join(&rel)).unwrap();
        let mutated = mutate(&mut rng, &original);
        std::fs::write(dir.path().join(&rel), &mutated).unwrap();
        let project = Project::open(dir.path()).unwrap();
        let years = project.data.records.years.clone();
        let _ = zerenzhi::rules::evaluate(&project.rules, &project.data.records, &years, as_of, Lang::Zh);
        for d in &project.data.diags {
            // every diagnostic renders, and points inside its file
            let _ = diag::render_human(d, &project.data.sources, Lang::Zh, false);
            let json = diag::to_json(d, &project.data.sources, Lang::Zh);
            assert!(json.line >= 1 && json.column >= 1);
            if let Some(text) = project.data.sources.get(&d.file) {
                assert!(
                    d.span.start <= d.span.end && d.span.end <= text.len(),
                    "{}: span {:?} outside its {} bytes ({})",
                    d.file,
                    d.span,
                    text.len(),
                    d.code()
                );
                assert!(
                    json.line <= text.lines().count().max(1) + 1,
                    "{}: line {}",
                    d.file,
                    json.line
                );
            }
        }
        std::fs::write(dir.path().join(&rel), &original).unwrap();
    }
}
