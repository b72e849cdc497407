//! The text of the measures (党风廉政责任制实施办法), so that every rule can
//! quote the article it comes from.

use std::collections::BTreeMap;
use std::sync::OnceLock;

const TEXT: &str = include_str!("measures.zh.txt");

/// Article number → its lines (the first line of an item starts with （一）…).
fn articles() -> &'static BTreeMap<u32, Vec<String>> {
    static ARTICLES: OnceLock<BTreeMap<u32, Vec<String>>> = OnceLock::new();
    ARTICLES.get_or_init(|| parse(TEXT))
}

fn parse(text: &str) -> BTreeMap<u32, Vec<String>> {
    let mut out: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    let mut current: Option<u32> = None;
    // The first line of the file is a run-on summary of the whole text.
    for line in text.lines().skip(1).map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(n) = line
            .strip_prefix('第')
            .and_then(|l| l.strip_suffix('条'))
            .and_then(chinese_number)
        {
            current = Some(n);
            continue;
        }
        if line.starts_with('第') && line.ends_with('章') {
            current = None;
            continue;
        }
        if let Some(n) = current {
            // The source writes （—） (a dash) for （一） in Article 6.
            out.entry(n).or_default().push(line.replace("（—）", "（一）"));
        }
    }
    out
}

/// 一 … 九十九 as a number.
pub fn chinese_number(text: &str) -> Option<u32> {
    let digit = |c: char| "零一二三四五六七八九".chars().position(|d| d == c).map(|p| p as u32);
    let chars: Vec<char> = text.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [d] => digit(*d),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
}

/// Where a reference like `第七条（三）、第九条` comes in the measures: its
/// first article's number and item (`(7, 3)`); references that name no
/// article come last.
pub fn order(reference: &str) -> (u32, u32) {
    let first = reference.split('、').next().unwrap_or("");
    let parsed = first
        .strip_prefix('第')
        .and_then(|rest| rest.split_once('条'))
        .and_then(|(n, rest)| {
            let item = rest
                .trim()
                .strip_prefix('（')
                .and_then(|r| r.split_once('）'))
                .and_then(|(i, _)| chinese_number(i))
                .unwrap_or(0);
            Some((chinese_number(n)?, item))
        });
    parsed.unwrap_or((u32::MAX, u32::MAX))
}

/// The text of a reference like `第七条（一）`, `第四条` or
/// `第七条（三）、第九条（二）` (several joined by a blank line). `None`
/// when the measures have no such article or item.
pub fn article_text(reference: &str) -> Option<String> {
    let parts: Vec<String> = reference
        .split('、')
        .map(|part| one_article(part.trim()))
        .collect::<Option<_>>()?;
    Some(parts.join("\n\n"))
}

fn one_article(reference: &str) -> Option<String> {
    let rest = reference.strip_prefix('第')?;
    let (number, rest) = rest.split_once('条')?;
    let lines = articles().get(&chinese_number(number)?)?;
    if rest.is_empty() {
        return Some(lines.join("\n"));
    }
    let item = rest.trim();
    if !(item.starts_with('（') && item.ends_with('）')) {
        return None;
    }
    let start = lines.iter().position(|l| l.starts_with(item))?;
    let end = lines[start + 1..]
        .iter()
        .position(|l| l.starts_with('（'))
        .map_or(lines.len(), |p| start + 1 + p);
    Some(lines[start..end].join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_in_order() {
        assert_eq!(order("第七条（三）、第九条"), (7, 3));
        assert_eq!(order("第十一条"), (11, 0));
        assert!(order("第四条") < order("第十条"));
        assert_eq!(order("附则"), (u32::MAX, u32::MAX));
    }

    #[test]
    fn numbers() {
        assert_eq!(chinese_number("四"), Some(4));
        assert_eq!(chinese_number("十"), Some(10));
        assert_eq!(chinese_number("十五"), Some(15));
        assert_eq!(chinese_number("十九"), Some(19));
        assert_eq!(chinese_number("二十一"), Some(21));
        assert_eq!(chinese_number("x"), None);
    }

    #[test]
    fn all_nineteen_articles() {
        assert_eq!(articles().len(), 19);
        assert!(article_text("第四条").unwrap().contains("第一责任人"));
    }

    #[test]
    fn items_span_their_lines() {
        let text = article_text("第七条（一）").unwrap();
        assert!(
            text.starts_with("（一）") && text.contains("每年至少召开两次"),
            "{text}"
        );
        let text = article_text("第七条（六）").unwrap();
        assert!(text.contains("民主生活会") && text.contains("谈话诫勉"), "{text}");
        // Article 6 writes its first item with a dash in the source.
        assert!(article_text("第六条（一）").unwrap().contains("年初有布置"));
        let both = article_text("第七条（三）、第九条（二）").unwrap();
        assert!(both.contains("来信来访") && both.contains("\n\n"));
        assert_eq!(article_text("第二十条"), None);
        assert_eq!(article_text("第七条（九）"), None);
    }
}
