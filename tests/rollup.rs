//! 一级抓一级: units export bundles, and the level above rolls them up.
//! Round trips against the units' own `check --format json` and 统计表,
//! every intake error, the canaries, and a two-level roll-up.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{check_links, golden, sample_records, zerenzhi};
use serde_json::Value;

const AS_OF: &str = "2026-12-31";

/// A copy of the sample records, with `org` edits applied to its org.toml
/// (`(from, to)` replacements) and `remove` files left out.
fn sample_copy(edits: &[(&str, &str)], remove: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&sample_records(), dir.path());
    let org = dir.path().join("org.toml");
    let mut text = std::fs::read_to_string(&org).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "{from}");
        text = text.replacen(from, to, 1);
    }
    std::fs::write(&org, text).unwrap();
    for rel in remove {
        std::fs::remove_file(dir.path().join(rel)).unwrap();
    }
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn ok(out: &Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Exports the bundle of `year` of `records` into `file`.
fn export(records: &Path, year: &str, as_of: &str, file: &Path, extra: &[&str]) {
    let records = records.to_str().unwrap();
    let file = file.to_str().unwrap();
    let mut args = vec![
        "export",
        "--bundle",
        "--records",
        records,
        "--year",
        year,
        "--as-of",
        as_of,
        "--out",
        file,
    ];
    args.extend_from_slice(extra);
    ok(&zerenzhi(&args));
}

fn rollup(inputs: &[&Path], out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<String> = vec!["rollup".into()];
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    args.extend(["--out".into(), out.display().to_string()]);
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    zerenzhi(&args)
}

/// The second unit of the tests: the sample office renamed, with a code
/// and a site, and with a special meeting and a finding's rectification
/// left out, so that its results differ.
fn second_unit() -> tempfile::TempDir {
    sample_copy(
        &[
            ("name = \"临江市人民政府办公室\"", "name = \"临江市发展和改革委员会\""),
            (
                "short_name = \"市政府办公室\"",
                "short_name = \"市发改委\"\ncode = \"11331000MB1234567X\"\nsite_url = \"https://fgw.example.gov.cn/zrz/\"",
            ),
        ],
        &["2026/leadership/2026-09-03-special-meeting.md"],
    )
}

/// The matrix's cells: unit name → rule title → (met, pending, violated).
fn matrix(page: &str) -> BTreeMap<String, BTreeMap<String, (u32, u32, u32)>> {
    let head = &page[page.find("<thead>").unwrap()..page.find("</thead>").unwrap()];
    let titles: Vec<String> = head
        .split("<th scope=\"col\"")
        .skip(2)
        .map(|th| {
            let start = th.find('>').unwrap() + 1;
            th[start..th.find("<small>").unwrap()].to_string()
        })
        .collect();
    let body = &page[page.find("<tbody>").unwrap()..page.find("</tbody>").unwrap()];
    let mut out = BTreeMap::new();
    for row in body.split("<tr>").skip(1) {
        let link = row.find("<a href=\"").unwrap();
        let name_start = link + row[link..].find("\">").unwrap() + 2;
        let name = row[name_start..row.find("</a>").unwrap()].to_string();
        let mut cells = BTreeMap::new();
        for (title, cell) in titles.iter().zip(row.split("<td ").skip(1)) {
            let num = |attr: &str| -> u32 {
                let at = cell.find(&format!("{attr}=\"")).unwrap() + attr.len() + 2;
                cell[at..at + cell[at..].find('"').unwrap()].parse().unwrap()
            };
            cells.insert(
                title.clone(),
                (num("data-met"), num("data-pending"), num("data-violated")),
            );
        }
        out.insert(name, cells);
    }
    out
}

/// The unit's own results by rule title, from `check --format json`.
fn own_results(records: &Path, year: &str) -> BTreeMap<String, (u32, u32, u32)> {
    let out = zerenzhi(&[
        "check",
        "--records",
        records.to_str().unwrap(),
        "--format",
        "json",
        "--as-of",
        AS_OF,
        "--year",
        year,
    ]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules = zerenzhi(&["rules", "--records", records.to_str().unwrap(), "--format", "json"]);
    let rules: Value = serde_json::from_slice(&rules.stdout).unwrap();
    let title_of: BTreeMap<String, String> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["title"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut out: BTreeMap<String, (u32, u32, u32)> = title_of.values().map(|t| (t.clone(), (0, 0, 0))).collect();
    for o in json["rules"].as_array().unwrap() {
        let t = out.get_mut(&title_of[o["rule"].as_str().unwrap()]).unwrap();
        match o["status"].as_str().unwrap() {
            "met" => t.0 += 1,
            "pending" => t.1 += 1,
            _ => t.2 += 1,
        }
    }
    out
}

/// The 统计表 rows of the unit's own `export --format csv`.
fn own_statistics(records: &Path, year: &str) -> Vec<Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    ok(&zerenzhi(&[
        "export",
        "--records",
        records.to_str().unwrap(),
        "--format",
        "csv",
        "--year",
        year,
        "--as-of",
        AS_OF,
        "--out",
        dir.path().to_str().unwrap(),
    ]));
    let file = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with("-统计表.csv"))
        .unwrap();
    let text = std::fs::read_to_string(file).unwrap();
    text.trim_start_matches('\u{feff}')
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

/// The rows of the first annex table of a page, as text.
fn annex_rows(page: &str) -> Vec<Vec<String>> {
    let start = page.find("<table class=\"annex-table").unwrap();
    let table = &page[start..start + page[start..].find("</table>").unwrap()];
    let body = &table[table.find("<tbody>").unwrap()..];
    body.split("<tr")
        .skip(1)
        .map(|row| {
            row.split(['<', '>'])
                .collect::<Vec<_>>()
                .windows(2)
                .filter(|w| w[0].starts_with("td") || w[0].starts_with("th scope"))
                .map(|w| w[1].to_string())
                .collect()
        })
        .collect()
}

struct TwoUnits {
    sample: PathBuf,
    second: tempfile::TempDir,
    bundles: tempfile::TempDir,
}

fn two_units() -> TwoUnits {
    let second = second_unit();
    let bundles = tempfile::tempdir().unwrap();
    let sample = sample_records();
    export(&sample, "2026", AS_OF, &bundles.path().join("a-2026.json"), &[]);
    export(&sample, "2025", AS_OF, &bundles.path().join("a-2025.json"), &[]);
    export(second.path(), "2026", AS_OF, &bundles.path().join("b-2026.json"), &[]);
    TwoUnits {
        sample,
        second,
        bundles,
    }
}

#[test]
fn every_figure_of_the_rollup_is_the_units_own() {
    let units = two_units();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let run = rollup(&[units.bundles.path()], &site, &[]);
    ok(&run);
    let page = std::fs::read_to_string(site.join("2026/matrix.html")).unwrap();
    let m = matrix(&page);
    assert_eq!(m.len(), 2, "{m:?}");
    for (name, records) in [
        ("市政府办公室", units.sample.as_path()),
        ("市发改委", units.second.path()),
    ] {
        let own = own_results(records, "2026");
        let shown = &m[name];
        for (title, counts) in &own {
            if *counts == (0, 0, 0) {
                continue;
            }
            assert_eq!(shown.get(title), Some(counts), "{name} {title}");
        }
        // and no rule the unit was not judged by
        for (title, counts) in shown {
            assert_eq!(own.get(title).copied().unwrap_or_default(), *counts, "{name} {title}");
        }
    }
    // the two units differ (one special meeting less)
    assert_ne!(m["市政府办公室"], m["市发改委"]);
    // each unit page's 统计表 is the unit's own
    let year = std::fs::read_to_string(site.join("2026/index.html")).unwrap();
    for (name, records) in [
        ("市政府办公室", units.sample.as_path()),
        ("市发改委", units.second.path()),
    ] {
        let at = year.find(&format!(">{name}</a>")).unwrap();
        let href_start = year[..at].rfind("href=\"").unwrap() + 6;
        let href = &year[href_start..at - 1];
        let unit_page = std::fs::read_to_string(site.join("2026").join(href.trim_start_matches("../2026/"))).unwrap();
        assert_eq!(annex_rows(&unit_page), own_statistics(records, "2026"), "{name}");
    }
    // the year before is there, and its change is shown
    assert!(year.contains("违反较上年"), "{year}");
    // the 汇总表 and the 通报 are written, and every link resolves
    for file in [
        "2026/huizong.xlsx",
        "2026/tongbao.docx",
        "2026/tongbao.html",
        "2025/index.html",
    ] {
        assert!(site.join(file).is_file(), "{file}");
    }
    assert!(check_links(&site) > 20);
    // the link to the unit's own site
    let b = std::fs::read_dir(site.join("2026/units"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .find(|p| p.contains("市发改委"))
        .unwrap();
    assert!(
        b.contains("rel=\"external\" href=\"https://fgw.example.gov.cn/zrz/\""),
        "{b}"
    );
    assert!(b.contains("11331000MB1234567X"));
}

#[test]
fn the_rollup_is_the_same_bytes_every_time() {
    let units = two_units();
    let out = tempfile::tempdir().unwrap();
    let read = |site: &Path| -> BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(site)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(site).unwrap().display().to_string(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect()
    };
    ok(&rollup(&[units.bundles.path()], &out.path().join("one"), &[]));
    ok(&rollup(&[units.bundles.path()], &out.path().join("two"), &[]));
    assert_eq!(read(&out.path().join("one")), read(&out.path().join("two")));
}

/// A bundle's text with `edit` applied to its JSON, the checksum made
/// right again when `reseal`.
fn edited(file: &Path, reseal: bool, edit: impl Fn(&mut Value)) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    let mut json: Value = serde_json::from_str(&text).unwrap();
    edit(&mut json);
    if reseal {
        let content = serde_json::to_string(&json["content"]).unwrap();
        json["sha256"] = Value::String(sha256(content.as_bytes()));
        // the checksum is over the content's bytes as written: write them so
        let head = format!(
            "{{\"format\":{},\"version\":{},\"sha256\":{},\"content\":",
            json["format"], json["version"], json["sha256"]
        );
        return format!("{head}{content}}}");
    }
    serde_json::to_string_pretty(&json).unwrap()
}

fn sha256(bytes: &[u8]) -> String {
    let out = std::process::Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(bytes)?;
            child.wait_with_output()
        })
        .unwrap();
    String::from_utf8(out.stdout).unwrap()[..64].to_string()
}

/// Rolls up `files` (name → text) expecting failure, and returns stderr.
fn refused(files: &[(&str, String)], extra: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let site = dir.path().join("site");
    let run = rollup(&[dir.path()], &site, extra);
    let stderr = String::from_utf8_lossy(&run.stderr).to_string();
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(!site.exists(), "a refused roll-up wrote {}", site.display());
    assert!(stderr.contains("未生成汇总网站"), "{stderr}");
    stderr
}

#[test]
fn each_bad_bundle_is_an_error_naming_its_file_and_json_path() {
    let units = two_units();
    let a = units.bundles.path().join("a-2026.json");
    let b = units.bundles.path().join("b-2026.json");
    let good_a = std::fs::read_to_string(&a).unwrap();
    let good_b = std::fs::read_to_string(&b).unwrap();

    // a newer version
    let newer = edited(&a, false, |j| j["version"] = 2.into());
    let e = refused(&[("x.json", newer), ("b.json", good_b.clone())], &[]);
    assert!(
        e.contains("E-BUNDLE-VERSION") && e.contains("x.json") && e.contains("$.version"),
        "{e}"
    );
    assert!(e.contains("请升级 zerenzhi"), "{e}");

    // changed after export: the checksum no longer fits
    let changed = good_a.replacen("\"violated\": 0", "\"violated\": 9", 1);
    let e = refused(&[("x.json", changed), ("b.json", good_b.clone())], &[]);
    assert!(
        e.contains("E-BUNDLE-CHECKSUM") && e.contains("x.json") && e.contains("$.sha256"),
        "{e}"
    );

    // a figure changed and sealed again: it no longer adds up
    let forged = edited(&a, true, |j| {
        j["content"]["totals"]["violated"] = 0.into();
    });
    let e = refused(&[("x.json", forged)], &[]);
    assert!(
        e.contains("E-BUNDLE-CONTENT") && e.contains("$.content.totals") && e.contains("对不上"),
        "{e}"
    );
    let forged = edited(&a, true, |j| {
        j["content"]["statistics"][1]["found"] = 0.into();
    });
    let e = refused(&[("x.json", forged)], &[]);
    assert!(e.contains("E-BUNDLE-CONTENT"), "{e}");
    // the unit's site is linked to: only a web address
    let script = edited(&a, true, |j| {
        j["content"]["unit"]["site_url"] = "javascript:alert(1)".into();
    });
    let e = refused(&[("x.json", script)], &[]);
    assert!(
        e.contains("E-BUNDLE-CONTENT") && e.contains("$.content.unit.site_url"),
        "{e}"
    );
    // a negative count is no count
    let negative = edited(&a, true, |j| {
        j["content"]["totals"]["found"] = (-3).into();
    });
    let e = refused(&[("x.json", negative)], &[]);
    assert!(
        e.contains("E-BUNDLE-CONTENT") && e.contains("$.content.totals.found"),
        "{e}"
    );

    // a field missing, sealed again: the path names it
    let broken = edited(&a, true, |j| {
        j["content"]["unit"].as_object_mut().unwrap().remove("name");
    });
    let e = refused(&[("x.json", broken)], &[]);
    assert!(e.contains("E-BUNDLE-CONTENT") && e.contains("$.content.unit"), "{e}");
    assert!(e.contains("缺少 name"), "{e}");

    // not a bundle at all
    let e = refused(&[("x.json", "{\"a\": 1".into())], &[]);
    assert!(e.contains("E-BUNDLE-JSON") && e.contains("第 1 行"), "{e}");
    let e = refused(&[("x.json", "{\"format\": \"other\"}".into())], &[]);
    assert!(e.contains("E-BUNDLE-FORMAT") && e.contains("$.format"), "{e}");

    // the same unit and year twice
    let e = refused(&[("x.json", good_a.clone()), ("y.json", good_a.clone())], &[]);
    assert!(
        e.contains("E-BUNDLE-DUPLICATE") && e.contains("y.json") && e.contains("x.json"),
        "{e}"
    );

    // a unit whose parent is not the roll-up's unit
    let org = units.bundles.path().join("county.toml");
    std::fs::write(&org, "[unit]\nname = \"临江县纪委\"\n").unwrap();
    let e = refused(&[("x.json", good_a.clone())], &["--org", org.to_str().unwrap()]);
    assert!(
        e.contains("E-BUNDLE-PARENT") && e.contains("$.content.unit.parent"),
        "{e}"
    );
    assert!(e.contains("中共临江市纪律检查委员会"), "{e}");

    // judged as of another day than the others, or than asked
    let other_day = tempfile::tempdir().unwrap();
    let late = other_day.path().join("late.json");
    export(units.second.path(), "2026", "2026-12-30", &late, &[]);
    let late = std::fs::read_to_string(&late).unwrap();
    let e = refused(
        &[
            ("x.json", good_a.clone()),
            ("late.json", late),
            ("z.json", edited_name(&good_a)),
        ],
        &[],
    );
    assert!(
        e.contains("E-BUNDLE-AS-OF") && e.contains("late.json") && e.contains("$.content.as_of"),
        "{e}"
    );
    let e = refused(&[("x.json", good_a.clone())], &["--as-of", "2027-01-31"]);
    assert!(e.contains("E-BUNDLE-AS-OF") && e.contains("2027-01-31"), "{e}");
}

/// The sample bundle as if from another unit, sealed.
fn edited_name(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.json");
    std::fs::write(&file, text).unwrap();
    edited(&file, true, |j| {
        j["content"]["unit"]["name"] = "另一个单位".into();
        j["content"]["unit"]["short_name"] = "另一个".into();
    })
}

#[test]
fn a_bundle_from_uncommitted_records_is_rolled_up_with_a_warning() {
    // the copy is not in git: nothing traces its figures to a commit
    let second = second_unit();
    let dir = tempfile::tempdir().unwrap();
    export(second.path(), "2026", AS_OF, &dir.path().join("b.json"), &[]);
    let site = dir.path().join("site");
    let run = rollup(&[&dir.path().join("b.json")], &site, &[]);
    ok(&run);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("W-BUNDLE-UNCOMMITTED") && stderr.contains("b.json") && stderr.contains("$.content.source"),
        "{stderr}"
    );
    let year = std::fs::read_to_string(site.join("2026/index.html")).unwrap();
    assert!(year.contains("汇总时的提示") && year.contains("有提示"), "{year}");

    // in git with a change not committed: clean is false
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(second.path())
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "records"]);
    export(second.path(), "2026", AS_OF, &dir.path().join("clean.json"), &[]);
    let clean: Value = serde_json::from_str(&std::fs::read_to_string(dir.path().join("clean.json")).unwrap()).unwrap();
    assert_eq!(clean["content"]["source"]["clean"], true);
    assert_eq!(clean["content"]["source"]["commit"].as_str().map(str::len), Some(40));
    std::fs::write(
        second.path().join("2026/zonghe/note.md"),
        "+++\nkind = \"plan\"\ntitle = \"新\"\ndate = 2026-03-01\n+++\n",
    )
    .unwrap();
    export(second.path(), "2026", AS_OF, &dir.path().join("dirty.json"), &[]);
    let dirty: Value = serde_json::from_str(&std::fs::read_to_string(dir.path().join("dirty.json")).unwrap()).unwrap();
    assert_eq!(dirty["content"]["source"]["clean"], false);
}

#[test]
fn no_restricted_text_or_petitioner_name_leaves_in_a_bundle() {
    let canary_title = "CANARY-TITLE-7f3a";
    let canary_body = "CANARY-BODY-91c2";
    let canary_person = "CANARY-PETITIONER-b8e1";
    let records = sample_copy(&[], &[]);
    std::fs::write(
        records.path().join("2026/zonghe/2026-03-02-canary-talk.md"),
        format!("+++\nkind = \"talk\"\ntitle = \"{canary_title}\"\ndate = 2026-03-02\nperson = \"liuting\"\nby = \"wangjun\"\nvisibility = \"restricted\"\n+++\n{canary_body}\n"),
    )
    .unwrap();
    std::fs::write(
        records.path().join("2026/zonghe/2026-03-03-canary-finding.md"),
        format!("+++\nkind = \"finding\"\ntitle = \"{canary_title}-finding\"\ndate = 2026-03-03\ndeadline = 2026-04-03\nstatus = \"open\"\nowner = \"liuting\"\nvisibility = \"restricted\"\n+++\n{canary_body}\n"),
    )
    .unwrap();
    std::fs::write(
        records.path().join("2026/xinfang/2026-03-04-canary-petition.md"),
        format!("+++\nkind = \"petition\"\ntitle = \"反映的问题\"\ndate = 2026-03-04\nstatus = \"open\"\npetitioner = \"{canary_person}\"\n+++\n正文。\n"),
    )
    .unwrap();
    // a restricted education with a summary the report would quote
    std::fs::write(
        records.path().join("2026/zonghe/2026-03-05-canary-education.md"),
        format!("+++\nkind = \"education\"\ntitle = \"{canary_title}-education\"\ndate = 2026-03-05\nsummary = \"{canary_body}-summary\"\nparticipants_count = 7\nvisibility = \"restricted\"\n+++\n{canary_body}\n"),
    )
    .unwrap();
    let check = zerenzhi(&["check", "--records", records.path().to_str().unwrap(), "--data-only"]);
    ok(&check);
    let dir = tempfile::tempdir().unwrap();
    let internal = dir.path().join("internal.json");
    let public = dir.path().join("public.json");
    export(records.path(), "2026", AS_OF, &internal, &[]);
    export(records.path(), "2026", AS_OF, &public, &["--public"]);
    let personal = dir.path().join("personal.json");
    export(records.path(), "2026", AS_OF, &personal, &["--include-personal"]);
    for file in [&internal, &public, &personal] {
        let text = std::fs::read_to_string(file).unwrap();
        for canary in [canary_title, canary_body, canary_person, "CANARY"] {
            assert!(!text.contains(canary), "{canary} in {}", file.display());
        }
        assert!(!text.contains("C**"), "{}", file.display());
        // the sample's restricted accountability case: not its particulars
        // (a section deputy held responsible and criticised)
        assert!(
            !text.contains("1名科室副职") && !text.contains("批评教育"),
            "{}",
            file.display()
        );
    }
    let figures = |file: &Path| -> Value {
        let json: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        json["content"]["statistics"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()
            .clone()
    };
    // the office's bundle counts the restricted records; the public one does not
    let (i, p) = (figures(&internal), figures(&public));
    assert_eq!(
        i["talks"].as_i64().unwrap(),
        p["talks"].as_i64().unwrap() + 2,
        "{i} {p}"
    );
    assert_eq!(
        i["found"].as_i64().unwrap(),
        p["found"].as_i64().unwrap() + 1,
        "{i} {p}"
    );
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&internal).unwrap()).unwrap();
    assert!(
        json["content"]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["title"].is_null())
    );
    // and the rolled-up site of them carries none either
    let site = dir.path().join("site");
    ok(&rollup(&[&internal], &site, &[]));
    for e in walkdir::WalkDir::new(&site).into_iter().filter_map(Result::ok) {
        if e.file_type().is_file() {
            let bytes = std::fs::read(e.path()).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains("CANARY"), "{}", e.path().display());
        }
    }
}

#[test]
fn units_roll_up_to_a_county_and_counties_to_a_city() {
    let county_parent = |name: &str| -> tempfile::TempDir {
        sample_copy(
            &[
                ("name = \"临江市人民政府办公室\"", &format!("name = \"{name}\"")),
                (
                    "short_name = \"市政府办公室\"",
                    &format!("short_name = \"{name}\"\nparent = \"临江县纪委\"\nlevel = \"乡镇级\""),
                ),
            ],
            &[],
        )
    };
    let a = county_parent("东乡镇");
    let b = sample_copy(
        &[
            ("name = \"临江市人民政府办公室\"", "name = \"西乡镇\""),
            (
                "short_name = \"市政府办公室\"",
                "short_name = \"西乡镇\"\nparent = \"临江县纪委\"",
            ),
        ],
        &["2026/leadership/2026-09-03-special-meeting.md"],
    );
    let dir = tempfile::tempdir().unwrap();
    let units = dir.path().join("units");
    std::fs::create_dir_all(&units).unwrap();
    export(a.path(), "2026", AS_OF, &units.join("a.json"), &[]);
    export(b.path(), "2026", AS_OF, &units.join("b.json"), &[]);
    let county_org = dir.path().join("county.toml");
    std::fs::write(
        &county_org,
        "[unit]\nname = \"临江县纪委\"\ncode = \"X-LJX\"\nlevel = \"县级\"\nparent = \"临江市纪委\"\n",
    )
    .unwrap();
    let city_org = dir.path().join("city.toml");
    std::fs::write(
        &city_org,
        "[unit]\nname = \"中共临江市纪律检查委员会\"\nshort_name = \"临江市纪委\"\n",
    )
    .unwrap();
    let county_bundle = dir.path().join("up/county.json");
    let county_site = dir.path().join("county-site");
    ok(&rollup(
        &[&units],
        &county_site,
        &[
            "--org",
            county_org.to_str().unwrap(),
            "--bundle",
            county_bundle.to_str().unwrap(),
        ],
    ));
    let county: Value = serde_json::from_str(&std::fs::read_to_string(&county_bundle).unwrap()).unwrap();
    assert_eq!(county["content"]["kind"], "rollup");
    assert_eq!(county["content"]["members"].as_array().unwrap().len(), 2);
    assert!(county["content"]["report"]["title"].as_str().unwrap().contains("通报"));
    let city_site = dir.path().join("city-site");
    ok(&rollup(
        &[&county_bundle],
        &city_site,
        &["--org", city_org.to_str().unwrap()],
    ));
    // the county's tallies at the city are the sums of its units'
    let at_county = matrix(&std::fs::read_to_string(county_site.join("2026/matrix.html")).unwrap());
    let at_city = matrix(&std::fs::read_to_string(city_site.join("2026/matrix.html")).unwrap());
    let county_row = &at_city["临江县纪委"];
    for (title, counts) in county_row {
        let sum = at_county
            .values()
            .map(|cells| cells[title])
            .fold((0, 0, 0), |s, c| (s.0 + c.0, s.1 + c.1, s.2 + c.2));
        assert_eq!(*counts, sum, "{title}");
    }
    // its page lists the units below it
    let page = std::fs::read_dir(city_site.join("2026/units"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .next()
        .unwrap();
    assert!(
        page.contains("下级单位") && page.contains("东乡镇") && page.contains("西乡镇"),
        "{page}"
    );
    // the city's 通报 is signed by the city
    let notice = std::fs::read_to_string(city_site.join("2026/tongbao.html")).unwrap();
    assert!(notice.contains("中共临江市纪律检查委员会"));
    // a county bundle sent to the wrong city is refused
    std::fs::write(&city_org, "[unit]\nname = \"别的市纪委\"\n").unwrap();
    let run = rollup(
        &[&county_bundle],
        &dir.path().join("wrong"),
        &["--org", city_org.to_str().unwrap()],
    );
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("E-BUNDLE-PARENT"));
}

#[test]
fn a_small_rollup_matches_its_golden_pages() {
    // records outside git, so that the pages name no commit
    let a = sample_copy(&[], &[]);
    let b = second_unit();
    let dir = tempfile::tempdir().unwrap();
    export(a.path(), "2026", AS_OF, &dir.path().join("a.json"), &[]);
    export(b.path(), "2026", AS_OF, &dir.path().join("b.json"), &[]);
    let org = dir.path().join("org.toml");
    std::fs::write(
        &org,
        "[unit]\nname = \"中共临江市纪律检查委员会\"\nshort_name = \"市纪委\"\n",
    )
    .unwrap();
    let site = dir.path().join("site");
    ok(&rollup(
        &[&dir.path().join("a.json"), &dir.path().join("b.json")],
        &site,
        &["--org", org.to_str().unwrap()],
    ));
    let read = |p: &str| std::fs::read_to_string(site.join(p)).unwrap();
    golden("rollup-year.html", &read("2026/index.html"));
    golden("rollup-matrix.html", &read("2026/matrix.html"));
    golden("rollup-notice.html", &read("2026/tongbao.html"));
    let slug = {
        let year = read("2026/index.html");
        let at = year.find(">市发改委</a>").unwrap();
        let start = year[..at].rfind("units/").unwrap();
        year[start..at - 1].to_string()
    };
    golden("rollup-unit.html", &read(&format!("2026/{slug}")));
}

#[test]
fn a_bundle_fits_its_schema_and_its_documentation() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.json");
    export(&sample_records(), "2026", AS_OF, &file, &[]);
    let schema_out = tempfile::tempdir().unwrap();
    ok(&zerenzhi(&["schema", "--out", schema_out.path().to_str().unwrap()]));
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_out.path().join("bundle.schema.json")).unwrap()).unwrap();
    let bundle: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&bundle).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    // every field of the schema is in the project's documentation
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/汇总包格式.md")).unwrap();
    let mut fields = std::collections::BTreeSet::new();
    collect_fields(&schema, &mut fields);
    for field in &fields {
        assert!(
            doc.contains(&format!("`{field}`")),
            "docs/汇总包格式.md does not name `{field}`"
        );
    }
    assert!(fields.len() > 60, "{fields:?}");
}

fn collect_fields(schema: &Value, out: &mut std::collections::BTreeSet<String>) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = map.get("properties") {
                out.extend(props.keys().cloned());
            }
            map.values().for_each(|v| collect_fields(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_fields(v, out)),
        _ => {}
    }
}

#[test]
#[ignore = "needs LibreOffice (CI installs libreoffice-calc-nogui and -writer-nogui)"]
fn the_notice_and_the_workbook_open_in_libreoffice() {
    let units = two_units();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    ok(&rollup(&[units.bundles.path()], &site, &[]));
    let profile = format!("-env:UserInstallation=file://{}", out.path().join("profile").display());
    let lo = out.path().join("lo");
    let convert = |to: &str, file: &Path| {
        let run = std::process::Command::new("soffice")
            .args(["--headless", &profile, "--convert-to", to, "--outdir"])
            .arg(&lo)
            .arg(file)
            .output()
            .expect("soffice");
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    };
    // the 通报 as LibreOffice reads it: its title, the units, the signature
    convert("txt:Text", &site.join("2026/tongbao.docx"));
    let text = std::fs::read_to_string(lo.join("tongbao.txt")).unwrap();
    for said in ["落实情况的通报", "各有关单位", "市发改委", "特此通报。", "名次"] {
        assert!(text.contains(said), "{said} not in {text}");
    }
    // the 汇总表's sheets as LibreOffice reads them
    convert(
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
        &site.join("2026/huizong.xlsx"),
    );
    let sheets: Vec<String> = std::fs::read_dir(&lo)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".csv"))
        .collect();
    assert_eq!(sheets.len(), 4, "{sheets:?}");
    let summary = sheets.iter().find(|n| n.contains("汇总表")).unwrap();
    let summary = std::fs::read_to_string(lo.join(summary)).unwrap();
    assert!(summary.starts_with("单位,专题会议（次）"), "{summary}");
    assert!(summary.contains("市发改委") && summary.contains("合计"), "{summary}");
}

#[test]
fn a_unit_site_address_must_be_a_web_address() {
    let records = sample_copy(
        &[(
            "short_name = \"市政府办公室\"",
            "short_name = \"市政府办公室\"\nsite_url = \"intranet/zrz\"",
        )],
        &[],
    );
    let out = zerenzhi(&["check", "--records", records.path().to_str().unwrap(), "--data-only"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("E-VALUE") && stderr.contains("site_url") && stderr.contains("org.toml:7:12"),
        "{stderr}"
    );
}

#[test]
fn the_rollup_takes_templates_like_the_unit_site() {
    let units = two_units();
    let out = tempfile::tempdir().unwrap();
    let templates = out.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    let original = zerenzhi::render::templates::TEMPLATES
        .iter()
        .find(|(name, _)| *name == "rollup_year.html")
        .unwrap()
        .1;
    std::fs::write(
        templates.join("rollup_year.html"),
        original.replace("各单位排名</h2>", "各单位排名（本级样式）</h2>"),
    )
    .unwrap();
    let site = out.path().join("site");
    ok(&rollup(
        &[units.bundles.path()],
        &site,
        &["--templates", templates.to_str().unwrap()],
    ));
    let year = std::fs::read_to_string(site.join("2026/index.html")).unwrap();
    assert!(year.contains("各单位排名（本级样式）"), "{year}");
    // a template with a mistake: no site, the old one kept
    std::fs::write(templates.join("rollup_year.html"), "{% if %}").unwrap();
    let run = rollup(
        &[units.bundles.path()],
        &site,
        &["--templates", templates.to_str().unwrap()],
    );
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("rollup_year.html"));
    assert!(
        std::fs::read_to_string(site.join("2026/index.html"))
            .unwrap()
            .contains("本级样式")
    );
}

#[test]
#[ignore = "needs Chromium and poppler (CI installs them)"]
fn the_notice_prints_to_an_a4_pdf() {
    let units = two_units();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    ok(&rollup(&[units.bundles.path()], &site, &["--pdf"]));
    let pdf = site.join("2026/tongbao.pdf");
    let (size, pages) = common::pdf_pages(pdf.to_str().unwrap());
    assert!(common::is_a4(size), "{size:?}");
    assert!(pages >= 2, "{pages}");
    let text = common::tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(text.contains("落实情况的通报") && text.contains("特此通报"), "{text}");
    let notice = std::fs::read_to_string(site.join("2026/tongbao.html")).unwrap();
    assert!(notice.contains("href=\"tongbao.pdf\""), "the page offers the PDF");
}

#[test]
fn what_a_bundle_says_is_text_on_the_pages() {
    let units = two_units();
    let a = units.bundles.path().join("a-2026.json");
    let hostile = edited(&a, true, |j| {
        j["content"]["unit"]["short_name"] = "<script>alert(1)</script>".into();
        j["content"]["report"]["opening"][0] = "<img src=x onerror=alert(1)>".into();
    });
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.json"), hostile).unwrap();
    let site = dir.path().join("site");
    ok(&rollup(&[&dir.path().join("a.json")], &site, &[]));
    for e in walkdir::WalkDir::new(&site).into_iter().filter_map(Result::ok) {
        if e.path().extension().is_some_and(|x| x == "html") {
            let page = std::fs::read_to_string(e.path()).unwrap();
            assert!(
                !page.contains("<script>alert") && !page.contains("<img src=x"),
                "{}",
                e.path().display()
            );
        }
    }
    let year = std::fs::read_to_string(site.join("2026/index.html")).unwrap();
    assert!(year.contains("&lt;script&gt;alert(1)"), "{year}");
}

#[test]
fn a_members_list_names_the_units_that_sent_nothing() {
    let units = two_units();
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("名单.txt");
    std::fs::write(
        &list,
        "# 应报送汇总包的单位\n市政府办公室\n11331000MB1234567X   # 发改委，按代码\n临江市财政局\n",
    )
    .unwrap();
    let site = dir.path().join("site");
    let run = rollup(&[units.bundles.path()], &site, &["--members", list.to_str().unwrap()]);
    ok(&run);
    let stderr = String::from_utf8_lossy(&run.stderr);
    // 财政局 sent nothing for either year; 发改委 nothing for 2025
    assert!(
        stderr.contains("W-BUNDLE-MISSING")
            && stderr.contains("名单.txt  第 4 行")
            && stderr.contains("临江市财政局没有报送 2026 年度的汇总包"),
        "{stderr}"
    );
    assert!(
        stderr.contains("11331000MB1234567X没有报送 2025 年度的汇总包"),
        "{stderr}"
    );
    assert!(!stderr.contains("市政府办公室没有报送"), "{stderr}");
    let year = std::fs::read_to_string(site.join("2026/index.html")).unwrap();
    assert!(
        year.contains("没有报送汇总包的 1 个单位</strong>：临江市财政局"),
        "{year}"
    );
    let notice = std::fs::read_to_string(site.join("2026/tongbao.html")).unwrap();
    assert!(notice.contains("没有报送汇总包的1个单位：临江市财政局。"), "{notice}");
    // a bundle from a unit the list does not name
    std::fs::write(&list, "市政府办公室\n").unwrap();
    let run = rollup(
        &[units.bundles.path()],
        &dir.path().join("site2"),
        &["--members", list.to_str().unwrap()],
    );
    ok(&run);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("W-BUNDLE-UNLISTED") && stderr.contains("b-2026.json"),
        "{stderr}"
    );
}
