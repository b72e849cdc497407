//! `zerenzhi export`: the ledgers as a workbook and CSV files, the
//! deadlines as a calendar, read back by independent readers (the `csv`
//! crate here; openpyxl and LibreOffice in the tests marked `ignore`, which
//! CI runs), byte-identical from the same records and day, and without
//! restricted records or petitioners' names in a public export.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{sample_records, zerenzhi};

/// Runs `export` on the sample as of 2026-12-31 into a new folder; the
/// files it wrote.
fn export(format: &str, extra: &[&str]) -> (tempfile::TempDir, Vec<PathBuf>) {
    let out = tempfile::tempdir().unwrap();
    let records = sample_records().to_string_lossy().to_string();
    let dir = out.path().to_string_lossy().to_string();
    let mut args = vec![
        "export",
        "--records",
        &records,
        "--as-of",
        "2026-12-31",
        "--format",
        format,
        "--out",
        &dir,
    ];
    args.extend_from_slice(extra);
    let run = zerenzhi(&args);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let mut files: Vec<PathBuf> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    (out, files)
}

fn named<'a>(files: &'a [PathBuf], part: &str) -> &'a Path {
    files
        .iter()
        .find(|f| f.to_string_lossy().contains(part))
        .unwrap_or_else(|| panic!("no {part} in {files:?}"))
}

/// The rows of a CSV file as the `csv` crate reads them.
fn rows(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "no byte-order mark for Excel");
    csv::Reader::from_reader(&bytes[3..])
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn csv_ledgers_hold_the_judged_year() {
    let (_dir, files) = export("csv", &[]);
    assert_eq!(files.len(), 9, "{files:?}");
    let findings = rows(named(&files, "问题整改台账"));
    assert_eq!(findings.len(), 4, "{findings:?}");
    assert!(findings.iter().all(|r| r.len() == 15));
    assert_eq!(findings[0][0], "1");
    // dates as dates, the overdue days of a finding past its deadline
    assert!(findings.iter().any(|r| r[7].len() == 10 && r[7].starts_with("2026-")));
    // the 统计表: a row for the leadership and each section, then the
    // totals, which agree with the ledgers
    let statistics = rows(named(&files, "统计表"));
    let total = statistics.last().unwrap();
    assert_eq!(total[0], "合计");
    assert_eq!(total[6], findings.len().to_string(), "findings found: {total:?}");
    // rectified: checked and closed (已销号) or not yet (已整改待销号);
    // the 整改率 counts the closed ones only
    let rectified = findings.iter().filter(|r| r[9].starts_with("已")).count();
    let closed = findings.iter().filter(|r| r[9] == "已销号").count();
    assert_eq!(total[7], rectified.to_string(), "{total:?}");
    assert_eq!(total[9], closed.to_string(), "{total:?}");
    assert_eq!(total[10], "50%");
    let petitions = rows(named(&files, "来信来访台账"));
    assert_eq!(total[11], petitions.len().to_string());
    // the 整改率 by source, and the 考核 results with the 考核组's grades
    let sources = rows(named(&files, "整改率分来源"));
    assert_eq!(sources.last().unwrap(), &["合计", "4", "3", "2", "50%"]);
    let scores = rows(named(&files, "考核结果"));
    assert_eq!(scores[0][0], "办公室");
    assert!(scores.iter().any(|r| r[0] == "科室" && r[7] == "优秀"), "{scores:?}");
    let outcomes = rows(named(&files, "规则落实情况"));
    assert!(outcomes.iter().any(|r| r[5] == "违反") && outcomes.iter().any(|r| r[5] == "符合"));
    // no rule id, field key or English status in what a reader sees
    for row in &outcomes {
        for cell in row {
            assert!(!cell.contains("finding.") && !cell.contains("violated"), "{cell}");
        }
    }
    let petitions = rows(named(&files, "来信来访台账"));
    assert!(
        petitions.iter().all(|r| r[3].is_empty() || r[3].ends_with("**")),
        "{petitions:?}"
    );
}

#[test]
fn a_public_export_has_no_restricted_record_and_no_petitioner() {
    let (_dir, files) = export("csv", &["--public"]);
    let records = rows(named(&files, "工作记录"));
    assert!(!records.is_empty());
    assert!(
        records.iter().all(|r| r[6].is_empty()),
        "restricted records in a public export"
    );
    let all: String = files.iter().map(|f| std::fs::read_to_string(f).unwrap()).collect();
    assert!(
        !all.contains("对行政财务科副科长张伟的责任追究"),
        "a restricted record's title"
    );
    assert!(rows(named(&files, "来信来访台账")).iter().all(|r| r[3].is_empty()));
}

#[test]
fn exports_are_byte_identical_from_the_same_records_and_day() {
    for format in ["xlsx", "csv", "ics"] {
        let (_a, first) = export(format, &[]);
        let (_b, second) = export(format, &[]);
        for (a, b) in first.iter().zip(&second) {
            assert_eq!(
                std::fs::read(a).unwrap(),
                std::fs::read(b).unwrap(),
                "{format}: {}",
                a.display()
            );
        }
    }
}

#[test]
fn the_calendar_holds_every_pending_deadline() {
    let (_dir, files) = export("ics", &[]);
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(text.matches("BEGIN:VEVENT").count(), text.matches("END:VEVENT").count());
    assert!(text.matches("BEGIN:VEVENT").count() >= 1);
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "a line longer than 75 octets: {line}");
    }
    // as of the last day of the year, what is pending is due next year
    assert!(text.contains("DTSTART;VALUE=DATE:2027"), "{text}");
}

/// Whether `program` can be run here.
fn have(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
#[ignore = "needs python3 with openpyxl (CI installs it)"]
fn the_workbook_reads_back_in_openpyxl() {
    assert!(
        have("python3", &["-c", "import openpyxl"]),
        "python3 -c 'import openpyxl' fails"
    );
    let (_dir, files) = export("xlsx", &[]);
    let script = r#"
import sys, openpyxl, datetime
wb = openpyxl.load_workbook(sys.argv[1])
names = [ws.title for ws in wb.worksheets]
assert names == ["规则落实情况", "问题整改台账", "来信来访台账", "责任追究", "工作记录", "科室统计", "统计表", "整改率分来源", "考核结果"], names
total = [c.value for c in wb["统计表"][wb["统计表"].max_row]]
assert total[:9] == ["合计", 2, 12, 1, 46, 1, 4, 3, 2], total
ws = wb["问题整改台账"]
assert [c.value for c in ws[1]][:7] == ["序号", "问题", "科室", "问题来源", "整改措施", "责任领导", "责任人"]
assert ws.max_row == 5, ws.max_row
assert isinstance(ws.cell(2, 8).value, datetime.datetime), ws.cell(2, 8).value
assert ws.freeze_panes == "A2", ws.freeze_panes
assert wb.properties.created == datetime.datetime(2026, 12, 31), wb.properties.created
print("ok")
"#;
    let run = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&files[0])
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
}

#[test]
#[ignore = "needs LibreOffice (CI installs libreoffice-calc-nogui)"]
fn the_workbook_opens_in_libreoffice() {
    let (dir, files) = export("xlsx", &[]);
    let profile = tempfile::tempdir().unwrap();
    let run = Command::new("soffice")
        .arg("--headless")
        .arg(format!("-env:UserInstallation=file://{}", profile.path().display()))
        .args([
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
        ])
        .arg("--outdir")
        .arg(dir.path().join("lo"))
        .arg(&files[0])
        .output()
        .expect("soffice");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    // one CSV per sheet, as LibreOffice read them
    let sheets: Vec<PathBuf> = std::fs::read_dir(dir.path().join("lo"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(sheets.len(), 9, "{sheets:?}");
    let findings = std::fs::read_to_string(
        sheets
            .iter()
            .find(|p| p.to_string_lossy().contains("问题整改台账"))
            .unwrap(),
    )
    .unwrap();
    assert!(
        findings.starts_with("序号,问题,科室,问题来源,整改措施,责任领导,责任人"),
        "{findings}"
    );
    assert_eq!(findings.lines().count(), 5, "{findings}");
    assert!(
        findings.contains("2026-08-31"),
        "dates as LibreOffice shows them: {findings}"
    );
}
