//! `cargo run --release --example gen_corpus -- N DIR [HUGO_DIR]`: writes N
//! synthetic records to DIR (and the same Markdown bodies as a minimal Hugo
//! site to HUGO_DIR), deterministically for a given N.

#[path = "../benches/corpus.rs"]
mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(dir)) = (args.first().and_then(|n| n.parse::<usize>().ok()), args.get(1)) else {
        eprintln!("usage: gen_corpus N DIR [HUGO_DIR]");
        return ExitCode::from(2);
    };
    let hugo = args.get(2).map(PathBuf::from);
    match corpus::generate(n, &PathBuf::from(dir), hugo.as_deref()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            ExitCode::FAILURE
        }
    }
}
