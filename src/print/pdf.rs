//! Just enough reading of the PDFs Chromium (Skia) writes to know on
//! which page each named destination — an element a link inside the page
//! points at — landed: the page tree and the `/Dests` of the catalog,
//! which Skia writes as plain dictionaries.

use std::collections::HashMap;

/// The objects of the file, by number: the text between `N 0 obj` and
/// `endobj`.
fn objects(pdf: &[u8]) -> HashMap<u32, &[u8]> {
    let mut found = HashMap::new();
    let mut at = 0;
    while let Some(i) = memchr::memmem::find(&pdf[at..], b" 0 obj").map(|i| at + i) {
        let start = pdf[..i].iter().rposition(|b| !b.is_ascii_digit()).map_or(0, |p| p + 1);
        let number = std::str::from_utf8(&pdf[start..i]).ok().and_then(|n| n.parse().ok());
        let body_start = i + b" 0 obj".len();
        let end = memchr::memmem::find(&pdf[body_start..], b"endobj").map_or(pdf.len(), |e| body_start + e);
        if let Some(n) = number {
            found.insert(n, &pdf[body_start..end]);
        }
        at = end.max(body_start);
    }
    found
}

/// The object numbers of `N 0 R` references in `text`, in order.
fn references(text: &[u8]) -> Vec<u32> {
    let text = String::from_utf8_lossy(text);
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || "[]<>/".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(3)
        .filter(|w| w[1] == "0" && w[2] == "R")
        .filter_map(|w| w[0].parse().ok())
        .collect()
}

/// The value of `key` in a dictionary: the text up to the next key at the
/// same level (good for `/Kids [...]` and `/Dests N 0 R`).
fn value_of<'a>(dict: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let at = memchr::memmem::find(dict, key)? + key.len();
    let rest = &dict[at..];
    let rest = rest.strip_prefix(b" ").unwrap_or(rest);
    let end = match rest.first() {
        Some(b'[') => rest.iter().position(|b| *b == b']').map_or(rest.len(), |e| e + 1),
        Some(b'<') => {
            let mut depth = 0i32;
            let mut end = rest.len();
            for (i, pair) in rest.windows(2).enumerate() {
                if pair == b"<<" {
                    depth += 1;
                } else if pair == b">>" {
                    depth -= 1;
                    if depth == 0 {
                        end = i + 2;
                        break;
                    }
                }
            }
            end
        }
        _ => rest.iter().position(|b| *b == b'/' || *b == b'>').unwrap_or(rest.len()),
    };
    Some(&rest[..end])
}

/// The page (1, 2…) each named destination of `pdf` is on; empty when the
/// file is not as Skia writes it.
pub(super) fn named_pages(pdf: &[u8]) -> HashMap<String, usize> {
    let objects = objects(pdf);
    // the page tree's leaves, in order, from its root (the /Pages node
    // with no parent)
    let Some(root) = objects
        .iter()
        .filter(|(_, o)| {
            memchr::memmem::find(o, b"/Type /Pages").is_some() && memchr::memmem::find(o, b"/Parent").is_none()
        })
        .map(|(n, _)| *n)
        .min()
    else {
        return HashMap::new();
    };
    let mut page_of: HashMap<u32, usize> = HashMap::new();
    let mut stack = vec![root];
    let mut order = Vec::new();
    while let Some(n) = stack.pop() {
        let Some(object) = objects.get(&n) else { continue };
        if memchr::memmem::find(object, b"/Type /Pages").is_some() {
            let kids = value_of(object, b"/Kids").map(references).unwrap_or_default();
            stack.extend(kids.into_iter().rev());
        } else if order.len() < objects.len() {
            order.push(n);
        }
    }
    for (i, n) in order.iter().enumerate() {
        page_of.insert(*n, i + 1);
    }
    // the catalog's /Dests: /name [page 0 R /XYZ …]
    let Some(dests) = objects
        .values()
        .find(|o| memchr::memmem::find(o, b"/Type /Catalog").is_some())
        .and_then(|catalog| value_of(catalog, b"/Dests"))
    else {
        return HashMap::new();
    };
    let dests = match references(dests).first() {
        Some(n) if !dests.starts_with(b"<<") => objects.get(n).copied().unwrap_or_default(),
        _ => dests,
    };
    let text = String::from_utf8_lossy(dests);
    let mut found = HashMap::new();
    for entry in text.split('/').skip(1) {
        let Some((name, rest)) = entry.split_once(|c: char| c.is_whitespace() || c == '[') else {
            continue;
        };
        if let Some(page) = references(rest.as_bytes()).first().and_then(|p| page_of.get(p)) {
            found.insert(name.to_string(), *page);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations_are_found_on_their_pages() {
        let pdf = b"1 0 obj\n<</Type /Catalog\n/Pages 9 0 R\n/Dests 8 0 R>>\nendobj\n\
            9 0 obj\n<</Type /Pages\n/Count 3\n/Kids [7 0 R 3 0 R]>>\nendobj\n\
            7 0 obj\n<</Type /Pages\n/Count 2\n/Kids [4 0 R 5 0 R]\n/Parent 9 0 R>>\nendobj\n\
            4 0 obj\n<</Type /Page\n/Parent 7 0 R>>\nendobj\n\
            5 0 obj\n<</Type /Page\n/Parent 7 0 R>>\nendobj\n\
            3 0 obj\n<</Type /Page\n/Parent 9 0 R>>\nendobj\n\
            8 0 obj\n<</r1 [5 0 R /XYZ 0 792 0]\n/r12 [3 0 R /XYZ 0 400 0]>>\nendobj\n";
        let pages = named_pages(pdf);
        assert_eq!(pages.get("r1"), Some(&2));
        assert_eq!(pages.get("r12"), Some(&3));
        assert!(named_pages(b"not a pdf").is_empty());
    }
}
