//! The `+++` front-matter splitter: any text splits into in-bounds ranges on
//! character boundaries, or reports an error whose span is inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zerenzhi::load::frontmatter::split;

fuzz_target!(|text: &str| {
    match split(text) {
        Ok(parts) => {
            // slicing panics if a range is out of bounds or splits a char
            let _ = (&text[parts.toml.clone()], &text[parts.body.clone()]);
            assert!(parts.toml.end <= parts.body.start);
        }
        Err((_, span)) => assert!(span.end <= text.len() && text.is_char_boundary(span.end)),
    }
});
