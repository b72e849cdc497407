//! Helpers shared by the integration tests: small records trees in
//! temporary folders, and the real binary run on them.

// Shared by every test binary, each of which uses only part of it.
#![allow(unreachable_pub, dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// A small unit: two sections, a director, a deputy overseeing both
/// sections, a chief for each, and a staff member.
pub const ORG: &str = r#"[unit]
name = "测试市人民政府办公室"
short_name = "测试办"
discipline_body = "测试市纪委"
party_branch = "测试办党支部"

[[section]]
id = "s1"
name = "一科"

[[section]]
id = "s2"
name = "二科"

[[person]]
id = "dir"
name = "主任甲"
roles = ["director"]

[[person]]
id = "dep"
name = "副主任乙"
roles = ["deputy_director"]
oversees = ["s1", "s2"]

[[person]]
id = "c1"
name = "科长丙"
roles = ["section_chief"]
section = "s1"

[[person]]
id = "c2"
name = "科长丁"
roles = ["section_chief"]
section = "s2"

[[person]]
id = "st"
name = "科员戊"
roles = ["staff"]
section = "s1"
"#;

pub struct Tree {
    pub dir: tempfile::TempDir,
}

impl Tree {
    /// A tree with the default org.toml.
    pub fn new() -> Tree {
        Tree::bare().file("org.toml", ORG)
    }

    /// An empty tree.
    pub fn bare() -> Tree {
        Tree {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(self, rel: &str, text: &str) -> Tree {
        self.bytes(rel, text.as_bytes())
    }

    pub fn bytes(self, rel: &str, bytes: &[u8]) -> Tree {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, bytes).expect("write");
        self
    }

    /// A record with the given front matter lines and a short body.
    pub fn record(self, rel: &str, front_matter: &str) -> Tree {
        self.file(rel, &format!("+++\n{}\n+++\n正文。\n", front_matter.trim()))
    }

    /// `check --format json` as of a date, parsed.
    pub fn check_json(&self, as_of: &str) -> (Value, i32) {
        let out = self.run_check(&["--format", "json", "--as-of", as_of]);
        let json: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("bad JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
        (json, out.status.code().unwrap_or(-1))
    }

    pub fn run_check(&self, args: &[&str]) -> Output {
        let records = self.path().to_string_lossy().to_string();
        let mut all = vec!["check", "--records", records.as_str()];
        all.extend_from_slice(args);
        zerenzhi(&all)
    }

    /// Every data error as (file, line, column, code).
    pub fn errors(&self) -> Vec<(String, u64, u64, String)> {
        let (json, _) = self.check_json("2026-12-31");
        diags(&json["errors"])
    }

    pub fn warnings(&self) -> Vec<(String, u64, u64, String)> {
        let (json, _) = self.check_json("2026-12-31");
        diags(&json["warnings"])
    }
}

pub fn diags(list: &Value) -> Vec<(String, u64, u64, String)> {
    list.as_array()
        .expect("array")
        .iter()
        .map(|e| {
            (
                e["file"].as_str().unwrap_or_default().to_string(),
                e["line"].as_u64().unwrap_or(0),
                e["column"].as_u64().unwrap_or(0),
                e["code"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// Runs the binary with `args`, with a fixed environment.
pub fn zerenzhi(args: &[&str]) -> Output {
    command().args(args).output().expect("run zerenzhi")
}

/// Runs the binary with `args` in the folder `dir`.
pub fn zerenzhi_in(dir: &Path, args: &[&str]) -> Output {
    command().args(args).current_dir(dir).output().expect("run zerenzhi")
}

/// The binary under test: this build's, or the one `ZERENZHI_TEST_BIN`
/// names (to show that a test fails on an older build).
pub fn binary() -> PathBuf {
    std::env::var_os("ZERENZHI_TEST_BIN").map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_zerenzhi")), PathBuf::from)
}

/// The binary, with a fixed environment.
pub fn command() -> Command {
    let mut command = Command::new(binary());
    command.env_remove("SOURCE_DATE_EPOCH").env("NO_COLOR", "1");
    command
}

/// The sample records folder of the repository.
pub fn sample_records() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("records")
}

/// Compares `actual` with the golden file `tests/golden/NAME`, printing a
/// line diff on a mismatch; with `UPDATE_GOLDEN=1` the golden file is
/// rewritten instead, except in CI (`CI` set), where golden files are
/// only ever compared.
pub fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        assert!(
            std::env::var_os("CI").is_none(),
            "UPDATE_GOLDEN is refused in CI: golden files are compared there, never rewritten"
        );
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, actual).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing golden file {}; run with UPDATE_GOLDEN=1", path.display()));
    if expected != actual {
        let diff = similar::TextDiff::from_lines(expected.as_str(), actual)
            .unified_diff()
            .context_radius(3)
            .header("expected", "actual")
            .to_string();
        panic!(
            "output differs from {} (run with UPDATE_GOLDEN=1 to accept):\n{diff}",
            path.display()
        );
    }
}

/// What a tool of the machine (poppler, LibreOffice…) prints, failing the
/// test when it fails.
pub fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(
        out.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// A PDF's page size in points and its number of pages, as `pdfinfo` says.
pub fn pdf_pages(pdf: &str) -> ((f64, f64), usize) {
    let info = tool("pdfinfo", &[pdf]);
    let size = info.lines().find(|l| l.starts_with("Page size:")).unwrap();
    let numbers: Vec<f64> = size.split_whitespace().filter_map(|w| w.parse().ok()).collect();
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    ((numbers[0], numbers[1]), pages)
}

/// Whether a page size is A4 (595.28 × 841.89 pt, as rounded by the
/// program that wrote it).
pub fn is_a4((w, h): (f64, f64)) -> bool {
    (w - 595.28).abs() < 1.0 && (h - 841.89).abs() < 1.0
}

/// Checks every `href` and `src` of every page: the file exists, and a
/// `#fragment` names an `id` in it.
pub fn check_links(site: &Path) -> usize {
    let pages: Vec<PathBuf> = walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().to_path_buf())
        .collect();
    let mut checked = 0;
    for page in &pages {
        let html = std::fs::read_to_string(page).unwrap();
        for attr in ["href=\"", "src=\"", "url="] {
            for (i, _) in html.match_indices(attr) {
                let rest = &html[i + attr.len()..];
                let end = rest.find(['"', '>']).unwrap_or(rest.len());
                let link = &rest[..end];
                // a link out to another site, marked as one (a unit's own site)
                if html[..i].ends_with("rel=\"external\" ") {
                    continue;
                }
                assert!(
                    !link.starts_with("http:") && !link.starts_with("https:") && !link.starts_with("//"),
                    "remote asset {link} in {}",
                    page.display()
                );
                if link.starts_with("mailto:") {
                    continue;
                }
                let (path, fragment) = link.split_once('#').unwrap_or((link, ""));
                let target = if path.is_empty() {
                    page.clone()
                } else {
                    let decoded = percent_encoding::percent_decode_str(path)
                        .decode_utf8()
                        .unwrap()
                        .to_string();
                    page.parent().unwrap().join(decoded)
                };
                assert!(target.is_file(), "broken link {link} in {}", page.display());
                if !fragment.is_empty() {
                    let text = std::fs::read_to_string(&target).unwrap();
                    assert!(
                        text.contains(&format!("id=\"{fragment}\"")),
                        "missing #{fragment} in {}",
                        target.display()
                    );
                }
                checked += 1;
            }
        }
    }
    checked
}
