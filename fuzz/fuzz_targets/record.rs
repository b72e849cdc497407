//! One record file (Markdown or TOML), then every diagnostic it produced,
//! rendered the way users see them: no input may panic either step.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zerenzhi::diag::{self, Lang, SourceMap};
use zerenzhi::load::record::{Place, parse};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    let is_toml = selector & 1 == 1;
    let file = if is_toml { "2026/s1/x.toml" } else { "2026/s1/x.md" };
    let place = Place { file, year: 2026, scope: "s1", is_toml };
    let mut diags = Vec::new();
    let _ = parse(place, text, &mut diags);
    let mut sources = SourceMap::default();
    sources.insert(file, text);
    for d in &diags {
        let _ = diag::render_human(d, &sources, Lang::Zh, selector & 2 == 2);
        let json = diag::to_json(d, &sources, Lang::En);
        assert!(json.line >= 1 && json.column >= 1);
    }
});
