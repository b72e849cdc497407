//! Charts as inline SVG written at build time: visible without JavaScript,
//! printable, and with fonts from the page's CSS (so CJK labels measure
//! right). Every label is escaped.

use std::fmt::Write;

use super::templates::escape as esc;

/// Fill colour of met results (green).
pub const MET: &str = "#2e7d32";
/// Fill colour of pending results (amber), striped in the bars.
pub const PENDING: &str = "#945800";
/// Fill colour of violated results (red), crossed in the bars.
pub const VIOLATED: &str = "#c62828";

/// Records per month: `counts[0]` is January; a 13th entry, when present,
/// is January of the next year (reports filed after the year ends).
pub fn activity(counts: &[u32], caption: &str) -> String {
    let (w, h, left, bottom, top) = (640.0, 220.0, 28.0, 26.0, 18.0);
    let n = counts.len().max(1) as f64;
    let max = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let slot = (w - left) / n;
    let bar = slot * 0.62;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-label="{label}" xmlns="http://www.w3.org/2000/svg"><title>{label}</title>"#,
        label = esc(caption)
    );
    let _ = write!(
        s,
        r##"<line x1="{left}" y1="{y}" x2="{w}" y2="{y}" stroke="#9e9e9e" stroke-width="1"/>"##,
        y = h - bottom
    );
    for (i, &c) in counts.iter().enumerate() {
        let x = left + slot * i as f64 + (slot - bar) / 2.0;
        let bh = (h - bottom - top) * f64::from(c) / max;
        let y = h - bottom - bh;
        let month = month_label(i);
        let _ = write!(
            s,
            r##"<rect x="{x:.1}" y="{y:.1}" width="{bar:.1}" height="{bh:.1}" rx="2" fill="#a31f24"><title>{month}：{c} 项</title></rect>"##
        );
        if c > 0 {
            let _ = write!(
                s,
                r##"<text x="{cx:.1}" y="{ty:.1}" text-anchor="middle" font-size="12" fill="#333">{c}</text>"##,
                cx = x + bar / 2.0,
                ty = y - 4.0
            );
        }
        let _ = write!(
            s,
            r##"<text x="{cx:.1}" y="{ty:.1}" text-anchor="middle" font-size="12" fill="#555">{month}</text>"##,
            cx = x + bar / 2.0,
            ty = h - bottom + 17.0
        );
    }
    s.push_str("</svg>");
    s
}

/// The label of month `i` of [`activity`] (0 is January; 12, January of
/// the next year).
pub fn month_label(i: usize) -> String {
    if i == 12 {
        "次年1月".to_string()
    } else {
        format!("{}月", i + 1)
    }
}

/// One row per section: met, pending and violated rule results as a
/// stacked bar.
#[derive(serde::Serialize)]
pub struct ComplianceRow {
    /// The row's label: the section's name.
    pub label: String,
    /// Results met.
    pub met: u32,
    /// Results pending: not met, but not yet due.
    pub pending: u32,
    /// Results violated.
    pub violated: u32,
}

/// Rule results per row as stacked horizontal bars, with a legend.
pub fn compliance(rows: &[ComplianceRow], caption: &str) -> String {
    let (w, row_h, label_w, right) = (640.0, 30.0, 110.0, 40.0);
    let h = row_h * rows.len() as f64 + 30.0;
    let max = rows
        .iter()
        .map(|r| r.met + r.pending + r.violated)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let scale = (w - label_w - right) / max;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-label="{label}" xmlns="http://www.w3.org/2000/svg"><title>{label}</title>"#,
        label = esc(caption)
    );
    // Each result has a shape as well as a colour, so the bars read in
    // black and white too: met plain, pending striped, violated crossed.
    let _ = write!(
        s,
        r##"<defs><pattern id="chart-pending" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="{PENDING}"/><rect width="2" height="6" fill="#fff" fill-opacity=".45"/></pattern><pattern id="chart-violated" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="{VIOLATED}"/><path d="M0 0L6 6M6 0L0 6" stroke="#fff" stroke-opacity=".5" stroke-width="1.2"/></pattern></defs>"##
    );
    for (i, r) in rows.iter().enumerate() {
        let y = row_h * i as f64 + 6.0;
        let _ = write!(
            s,
            r##"<text x="{x}" y="{ty:.1}" text-anchor="end" font-size="13" fill="#333">{label}</text>"##,
            x = label_w - 8.0,
            ty = y + 14.0,
            label = esc(&r.label)
        );
        let mut x = label_w;
        for (count, color, name) in [
            (r.met, MET, "符合"),
            (r.pending, "url(#chart-pending)", "待办"),
            (r.violated, "url(#chart-violated)", "违反"),
        ] {
            if count == 0 {
                continue;
            }
            let bw = f64::from(count) * scale;
            let _ = write!(
                s,
                r#"<rect x="{x:.1}" y="{y:.1}" width="{bw:.1}" height="18" fill="{color}"><title>{label}：{name} {count} 项</title></rect>"#,
                label = esc(&r.label)
            );
            if bw >= 18.0 {
                let _ = write!(
                    s,
                    r##"<text x="{cx:.1}" y="{ty:.1}" text-anchor="middle" font-size="11" fill="#fff">{count}</text>"##,
                    cx = x + bw / 2.0,
                    ty = y + 13.0
                );
            }
            x += bw;
        }
    }
    let ly = h - 10.0;
    let mut lx = label_w;
    for (color, name) in [
        (MET, "符合"),
        ("url(#chart-pending)", "待办"),
        ("url(#chart-violated)", "违反"),
    ] {
        let _ = write!(
            s,
            r##"<rect x="{lx:.1}" y="{ry:.1}" width="10" height="10" fill="{color}"/><text x="{tx:.1}" y="{ly:.1}" font-size="12" fill="#333">{name}</text>"##,
            ry = ly - 9.0,
            tx = lx + 14.0
        );
        lx += 64.0;
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped() {
        let svg = compliance(
            &[ComplianceRow {
                label: "<script>x</script>".into(),
                met: 1,
                pending: 0,
                violated: 2,
            }],
            "t",
        );
        assert!(!svg.contains("<script>") && svg.contains("&lt;script&gt;"));
        let svg = activity(&[0, 3, 1], "\"><script>");
        assert!(!svg.contains("<script>"));
        assert_eq!(svg.matches("<rect").count(), 3);
    }
}
