//! The staff's own words: a year's (or a section's) `report.md` laid over
//! the drafted report heading by heading.

use super::{Part, Report, renumber};
use crate::render::markdown;

/// Strips 一、 （一） 1. and spaces from a heading, for matching.
fn normalize(heading: &str) -> String {
    let mut h = heading.trim();
    if let Some(rest) = h.strip_prefix('（').and_then(|r| r.split_once('）')) {
        h = rest.1;
    } else if let Some((num, rest)) = h.split_once('、')
        && num
            .chars()
            .all(|c| "一二三四五六七八九十".contains(c) || c.is_ascii_digit())
    {
        h = rest;
    } else if let Some((num, rest)) = h.split_once('.')
        && num.chars().all(|c| c.is_ascii_digit())
    {
        h = rest;
    }
    h.chars().filter(|c| !c.is_whitespace()).collect()
}

impl Part {
    /// Whether a narrative heading (normalised) names this part, by its
    /// heading or by one it had before.
    fn answers_to(&self, key: &str) -> bool {
        normalize(&self.title) == key || self.aliases.iter().any(|a| normalize(a) == key)
    }
}

/// Splits a narrative into its opening and (level, heading, body) sections
/// by Markdown ATX headings.
fn sections(narrative: &str) -> (String, Vec<(usize, String, String)>) {
    let mut opening = String::new();
    let mut out: Vec<(usize, String, String)> = Vec::new();
    let mut in_fence = false;
    for line in narrative.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        let hashes = line.chars().take_while(|c| *c == '#').count();
        let is_heading = !in_fence && (1..=3).contains(&hashes) && line[hashes..].starts_with(' ');
        if is_heading {
            out.push((hashes.max(2), line[hashes..].trim().to_string(), String::new()));
            continue;
        }
        let target = match out.last_mut() {
            Some(section) => &mut section.2,
            None => &mut opening,
        };
        target.push_str(line);
        target.push('\n');
    }
    (opening, out)
}

/// Overlays the staff's narrative: text before the first heading replaces
/// the opening; a `##` heading replaces the part of the same title (a new
/// title adds a part); a `###` heading replaces the sub-part of the same
/// title under the current part (or adds one).
pub fn apply_narrative(report: &mut Report, narrative: &str) {
    let (opening, list) = sections(narrative);
    if !opening.trim().is_empty() {
        report.opening_html = Some(markdown::to_html(&opening));
        report.opening_source = Some(opening);
        report.has_narrative = true;
    }
    let mut current: Option<usize> = None;
    for (level, heading, body) in list {
        report.has_narrative = true;
        let key = normalize(&heading);
        let html = (!body.trim().is_empty()).then(|| markdown::to_html(&body));
        let source = html.as_ref().map(|_| body.clone());
        if level == 2 {
            let i = match report.parts.iter().position(|p| p.answers_to(&key)) {
                Some(i) => i,
                None => {
                    report.parts.push(Part::new(&key, vec![]));
                    report.parts.len() - 1
                }
            };
            let part = &mut report.parts[i];
            part.title.clone_from(&key);
            if html.is_some() || part.children.is_empty() {
                part.html = html;
                part.source = source;
                part.paras.clear();
                part.written = true;
            }
            current = Some(i);
        } else {
            // the sub-part of that title under the current part, else under
            // any part; a new title is added under the current part
            let under = |i: usize, parts: &[Part]| parts[i].children.iter().position(|c| c.answers_to(&key));
            let found = current
                .and_then(|i| under(i, &report.parts).map(|j| (i, j)))
                .or_else(|| (0..report.parts.len()).find_map(|i| under(i, &report.parts).map(|j| (i, j))));
            let (i, j) = match found {
                Some(found) => found,
                None => {
                    let i = current.unwrap_or(1.min(report.parts.len().saturating_sub(1)));
                    let Some(part) = report.parts.get_mut(i) else { continue };
                    part.children.push(Part::new(&key, vec![]));
                    (i, part.children.len() - 1)
                }
            };
            let child = &mut report.parts[i].children[j];
            child.title.clone_from(&key);
            child.html = html;
            child.source = source;
            child.paras.clear();
            child.written = true;
        }
    }
    renumber(&mut report.parts);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_match_without_their_numbers() {
        assert_eq!(normalize("四、下一步工作打算"), "下一步工作打算");
        assert_eq!(normalize("（七）问题整改"), "问题整改");
        assert_eq!(normalize("3. 其他"), "其他");
        assert_eq!(normalize(" 存在的 问题 "), "存在的问题");
    }

    #[test]
    fn narrative_sections() {
        let (opening, list) =
            sections("导语\n\n## 四、下一步工作打算\n\n1. 甲\n\n### （二）教育\n\n乙\n```\n## not a heading\n```\n");
        assert_eq!(opening.trim(), "导语");
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].1, "四、下一步工作打算");
        assert_eq!(list[1].0, 3);
        assert!(list[1].2.contains("## not a heading"));
    }
}
