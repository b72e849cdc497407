//! The geometry of the dashboard's charts, worked out at build time; the
//! templates `_activity_chart.html` and `_compliance_chart.html` draw them
//! as inline SVG: visible without JavaScript, printable, and with fonts
//! from the page's CSS (so CJK labels measure right). Every label is
//! escaped by the templates like any other value.

use serde::Serialize;

/// A number as the SVG says it: one decimal.
fn at(v: f64) -> String {
    format!("{v:.1}")
}

/// Records per month as vertical bars.
#[derive(Serialize)]
pub struct ActivityChart {
    /// Width and height of the view box.
    w: String,
    h: String,
    /// What the chart shows, for screen readers and tooltips.
    label: String,
    /// Where the axis starts, and its height.
    left: String,
    axis_y: String,
    bars: Vec<ActivityBar>,
}

/// One month's bar.
#[derive(Serialize)]
struct ActivityBar {
    x: String,
    y: String,
    width: String,
    height: String,
    /// The bar's centre, where its labels go.
    cx: String,
    count_y: String,
    month_y: String,
    month: String,
    count: u32,
}

/// Records per month: `counts[0]` is January; a 13th entry, when present,
/// is January of the next year (reports filed after the year ends).
pub fn activity(counts: &[u32], caption: &str) -> ActivityChart {
    let (w, h, left, bottom, top) = (640.0, 220.0, 28.0, 26.0, 18.0);
    let n = counts.len().max(1) as f64;
    let max = f64::from(counts.iter().copied().max().unwrap_or(0).max(1));
    let slot = (w - left) / n;
    let bar = slot * 0.62;
    let bars = counts
        .iter()
        .enumerate()
        .map(|(i, &count)| {
            let x = left + slot * i as f64 + (slot - bar) / 2.0;
            let bh = (h - bottom - top) * f64::from(count) / max;
            let y = h - bottom - bh;
            ActivityBar {
                x: at(x),
                y: at(y),
                width: at(bar),
                height: at(bh),
                cx: at(x + bar / 2.0),
                count_y: at(y - 4.0),
                month_y: at(h - bottom + 17.0),
                month: month_label(i),
                count,
            }
        })
        .collect();
    ActivityChart {
        w: w.to_string(),
        h: h.to_string(),
        label: caption.to_string(),
        left: left.to_string(),
        axis_y: (h - bottom).to_string(),
        bars,
    }
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
#[derive(Serialize)]
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
#[derive(Serialize)]
pub struct ComplianceChart {
    /// Width and height of the view box.
    w: String,
    h: String,
    /// What the chart shows, for screen readers and tooltips.
    label: String,
    rows: Vec<ComplianceBar>,
    legend: Vec<LegendItem>,
}

/// One row: its label and its segments.
#[derive(Serialize)]
struct ComplianceBar {
    label: String,
    label_x: String,
    label_y: String,
    segments: Vec<Segment>,
}

/// The part of a row with one status.
#[derive(Serialize)]
struct Segment {
    x: String,
    y: String,
    width: String,
    /// `met`, `pending` or `violated`: the fill the template gives it.
    status: &'static str,
    /// 符合, 待办 or 违反.
    name: &'static str,
    count: u32,
    /// Wide enough to hold its count.
    labelled: bool,
    cx: String,
    count_y: String,
}

/// One entry of the legend.
#[derive(Serialize)]
struct LegendItem {
    x: String,
    y: String,
    text_x: String,
    text_y: String,
    status: &'static str,
    name: &'static str,
}

/// The statuses in the order bars and legend show them.
const STATUSES: [(&str, &str); 3] = [("met", "符合"), ("pending", "待办"), ("violated", "违反")];

/// Rule results per row as stacked horizontal bars, with a legend.
pub fn compliance(rows: &[ComplianceRow], caption: &str) -> ComplianceChart {
    let (w, row_h, label_w, right) = (640.0, 30.0, 110.0, 40.0);
    let h = row_h * rows.len() as f64 + 30.0;
    let max = f64::from(
        rows.iter()
            .map(|r| r.met + r.pending + r.violated)
            .max()
            .unwrap_or(0)
            .max(1),
    );
    let scale = (w - label_w - right) / max;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let y = row_h * i as f64 + 6.0;
            let mut x = label_w;
            let mut segments = Vec::new();
            for ((status, name), count) in STATUSES.into_iter().zip([r.met, r.pending, r.violated]) {
                if count == 0 {
                    continue;
                }
                let bw = f64::from(count) * scale;
                segments.push(Segment {
                    x: at(x),
                    y: at(y),
                    width: at(bw),
                    status,
                    name,
                    count,
                    labelled: bw >= 18.0,
                    cx: at(x + bw / 2.0),
                    count_y: at(y + 13.0),
                });
                x += bw;
            }
            ComplianceBar {
                label: r.label.clone(),
                label_x: (label_w - 8.0).to_string(),
                label_y: at(y + 14.0),
                segments,
            }
        })
        .collect();
    let ly = h - 10.0;
    let legend = STATUSES
        .into_iter()
        .enumerate()
        .map(|(i, (status, name))| {
            let lx = label_w + 64.0 * i as f64;
            LegendItem {
                x: at(lx),
                y: at(ly - 9.0),
                text_x: at(lx + 14.0),
                text_y: at(ly),
                status,
                name,
            }
        })
        .collect();
    ComplianceChart {
        w: w.to_string(),
        h: h.to_string(),
        label: caption.to_string(),
        rows: bars,
        legend,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A chart drawn by its built-in template.
    fn draw(template: &str, chart: &impl Serialize) -> String {
        let theme = crate::render::templates::load(None).expect("built-in templates");
        let mut context = tera::Context::new();
        context.insert("chart", chart);
        theme.tera.render(template, &context).expect("chart renders")
    }

    #[test]
    fn labels_are_escaped() {
        let rows = [ComplianceRow {
            label: "<script>x</script>".into(),
            met: 1,
            pending: 0,
            violated: 2,
        }];
        let svg = draw("_compliance_chart.html", &compliance(&rows, "t"));
        assert!(!svg.contains("<script>") && svg.contains("&lt;script&gt;"));
        // one bar each for met and violated, three legend swatches, and
        // the three of the two patterns
        assert_eq!(svg.matches("<rect").count(), 2 + 3 + 3, "{svg}");
        let svg = draw("_activity_chart.html", &activity(&[0, 3, 1], "\"><script>"));
        assert!(!svg.contains("<script>"));
        assert_eq!(svg.matches("<rect").count(), 3);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{svg}");
    }
}
