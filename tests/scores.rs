//! The 考核 (issue 16) as a user meets it through `check --format json`:
//! 销号 and extensions of findings, responsibility letters' items, the
//! scores from the 细则, a unit's own 细则, and malformed 细则 reported
//! at file, line and column.

mod common;

use common::Tree;
use serde_json::Value;

/// The status and due day of `rule`'s outcome for `scope`.
fn outcome(json: &Value, rule: &str, scope: &str) -> Option<(String, String)> {
    json["rules"].as_array()?.iter().find_map(|o| {
        (o["rule"] == rule && o["scope"] == scope).then(|| {
            (
                o["status"].as_str().unwrap_or_default().to_string(),
                o["due"].as_str().unwrap_or_default().to_string(),
            )
        })
    })
}

fn finding(extra: &str) -> Tree {
    Tree::new().record(
        "2026/s1/f.md",
        &format!(
            "kind = \"finding\"\ntitle = \"问题\"\ndate = 2026-02-01\nowner = \"c1\"\ndeadline = 2026-03-31\n{extra}"
        ),
    )
}

const FINDING: &str = "2026/s1/f";

#[test]
fn a_rectified_finding_is_closed_within_30_days_deadline_day_included() {
    let rectified = "status = \"rectified\"\nrectified_on = 2026-03-10\nresult_reported_on = 2026-03-10";
    // not verified: pending until the 30th day, violated on it
    let tree = finding(rectified);
    let status = |as_of: &str| outcome(&tree.check_json(as_of).0, "finding.verified", FINDING);
    assert_eq!(status("2026-04-08"), Some(("pending".into(), "2026-04-09".into())));
    assert_eq!(status("2026-04-09"), Some(("violated".into(), "2026-04-09".into())));
    // verified on the day itself: met; a day later: violated
    for (on, expected) in [("2026-04-09", "met"), ("2026-04-10", "violated")] {
        let tree = finding(&format!("{rectified}\nverified_by = \"dep\"\nverified_on = {on}"));
        let (json, _) = tree.check_json("2026-12-31");
        assert_eq!(outcome(&json, "finding.verified", FINDING).unwrap().0, expected, "{on}");
    }
    // an open finding has nothing to verify yet
    let (json, _) = finding("status = \"open\"").check_json("2026-12-31");
    assert_eq!(outcome(&json, "finding.verified", FINDING), None);
}

#[test]
fn an_extension_counts_only_with_its_reason() {
    let open = "status = \"open\"\nextended_to = 2026-04-30";
    // without a reason: the deadline stands and the extension is a violation
    let (json, _) = finding(open).check_json("2026-04-15");
    assert_eq!(
        outcome(&json, "finding.deadline", FINDING),
        Some(("violated".into(), "2026-03-31".into()))
    );
    assert_eq!(
        outcome(&json, "finding.extension-reason", FINDING).unwrap().0,
        "violated"
    );
    // with one: the extended deadline, pending before it, violated on it
    let tree = finding(&format!("{open}\nextension_reason = \"需经主任办公会审议\""));
    let (json, _) = tree.check_json("2026-04-15");
    assert_eq!(
        outcome(&json, "finding.deadline", FINDING),
        Some(("pending".into(), "2026-04-30".into()))
    );
    assert_eq!(outcome(&json, "finding.extension-reason", FINDING).unwrap().0, "met");
    let (json, _) = tree.check_json("2026-04-30");
    assert_eq!(outcome(&json, "finding.deadline", FINDING).unwrap().0, "violated");
}

#[test]
fn closing_errors_are_reported_where_they_are_written() {
    // the verifier is the owner
    let tree =
        finding("status = \"rectified\"\nrectified_on = 2026-03-10\nverified_by = \"c1\"\nverified_on = 2026-03-12");
    assert_eq!(tree.errors(), [("2026/s1/f.md".into(), 9, 15, "E-CONFLICT".into())]);
    // a partial rectification has no 整改完成日期, and 销号 comes after it
    let tree = finding("status = \"partial\"\nrectified_on = 2026-03-10");
    assert_eq!(tree.errors(), [("2026/s1/f.md".into(), 8, 16, "E-VALUE".into())]);
    let tree = finding("status = \"rectified\"\nrectified_on = 2026-03-10\nverified_on = 2026-03-01");
    assert_eq!(tree.errors(), [("2026/s1/f.md".into(), 9, 15, "E-DATE-ORDER".into())]);
    // an extension to before the deadline
    let tree = finding("status = \"open\"\nextended_to = 2026-03-01\nextension_reason = \"x\"");
    assert_eq!(tree.errors(), [("2026/s1/f.md".into(), 8, 15, "E-DATE-ORDER".into())]);
}

#[test]
fn the_tracker_and_statistics_count_a_finding_closed_only_once_verified() {
    let tree = finding("status = \"rectified\"\nrectified_on = 2026-03-10\nmeasures = \"建立制度\"");
    let out = tree.path().join("site");
    let records = tree.path().to_string_lossy().to_string();
    let site = out.to_string_lossy().to_string();
    let status = common::zerenzhi(&["build", "--records", &records, "--out", &site, "--as-of", "2026-06-30"]);
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let tracker = std::fs::read_to_string(out.join("2026/findings.html")).unwrap();
    assert!(tracker.contains("已整改待销号"), "{tracker}");
    let statistics = std::fs::read_to_string(out.join("2026/statistics.html")).unwrap();
    // found 1, rectified 1, closed 0: 整改率 0%
    assert!(statistics.contains("<td>0%</td>"), "{statistics}");
    assert!(statistics.contains("考核"), "{statistics}");
}

fn letter(items: &str) -> Tree {
    Tree::new()
        .record(
            "2026/leadership/letter.md",
            &format!(
                "kind = \"responsibility_letter\"\ntitle = \"责任书\"\ndate = 2026-01-10\nsigned_by = [\"c1\", \"c2\"]\n{items}"
            ),
        )
        .record(
            "2026/s1/check.md",
            "kind = \"inspection\"\ntitle = \"一科自查\"\ndate = 2026-05-20",
        )
}

/// The status of each signer's outcome for the letter's items.
fn items(json: &Value) -> Vec<(String, u64, String)> {
    json["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["rule"] == "letter.items")
        .map(|o| {
            (
                o["scope"].as_str().unwrap().to_string(),
                o["item"].as_u64().unwrap(),
                o["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn letter_items_are_met_pending_or_violated_by_their_due_day() {
    let tree = letter("[[items]]\ncontent = \"自查不少于1次\"\nkinds = [\"inspection\"]\ndue = 2026-06-30");
    let at = |as_of: &str| items(&tree.check_json(as_of).0);
    // c1's section has its check; c2's has none: pending before the day, violated on it
    let pending = [("c1".into(), 1, "met".into()), ("c2".into(), 1, "pending".into())];
    assert_eq!(at("2026-06-29"), pending);
    let violated = [("c1".into(), 1, "met".into()), ("c2".into(), 1, "violated".into())];
    assert_eq!(at("2026-06-30"), violated);
    // an item with an owner is that person's alone; one by rules follows the rules
    let tree = letter("[[items]]\ncontent = \"民主生活会\"\nowner = \"c2\"\nrules = [\"life-meeting.section-twice\"]");
    let (json, _) = tree.check_json("2026-06-30");
    assert_eq!(items(&json), [("c2".into(), 1, "pending".into())]);
    let (json, _) = tree.check_json("2026-12-31");
    assert_eq!(items(&json), [("c2".into(), 1, "violated".into())]);
}

#[test]
fn letter_items_name_known_rules_and_say_how_they_are_fulfilled() {
    let tree = letter("[[items]]\ncontent = \"x\"\nrules = [\"life-meeting.section-twic\"]");
    assert_eq!(
        tree.errors(),
        [("2026/leadership/letter.md".into(), 8, 10, "E-RULE-UNKNOWN".into())]
    );
    let tree = letter("[[items]]\ncontent = \"x\"");
    assert_eq!(
        tree.errors(),
        [("2026/leadership/letter.md".into(), 6, 1, "E-KEY-MISSING".into())]
    );
    let tree = letter("[[items]]\ncontent = \"x\"\nkinds = [\"inspection\"]\nowner = \"nobody\"");
    assert_eq!(
        tree.errors(),
        [("2026/leadership/letter.md".into(), 9, 9, "E-PERSON".into())]
    );
}

/// The unit's and the sections' scores of 2026.
fn scores(json: &Value) -> &Value {
    json["scores"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["year"] == 2026)
        .expect("2026 scores")
}

/// One item's points in a score.
fn item<'a>(score: &'a Value, id: &str) -> &'a Value {
    score["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item"] == id)
        .unwrap()
}

fn section<'a>(scores: &'a Value, id: &str) -> &'a Value {
    scores["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["scope"] == id)
        .unwrap()
}

#[test]
fn every_lost_point_names_its_rule_and_pending_points_are_neither_earned_nor_lost() {
    let tree = Tree::new().record(
        "2026/s1/life.md",
        "kind = \"life_meeting\"\ntitle = \"一科民主生活会\"\ndate = 2026-03-02\nattendees = [\"dep\"]",
    );
    let (json, _) = tree.check_json("2026-06-30");
    let s1 = section(scores(&json), "s1");
    // mid-year: the year's second meeting and the year-end duties are pending
    assert!(s1["pending"].as_f64().unwrap() > 0.0);
    assert_eq!(s1["grade"], Value::Null);
    let life = item(s1, "section.life-meetings");
    assert_eq!(
        (life["earned"].as_f64(), life["pending"].as_f64()),
        (Some(10.0), Some(10.0))
    );
    // at the year's end the pending half is lost, with its rule and record
    let (json, _) = tree.check_json("2027-02-01");
    let s1 = section(scores(&json), "s1");
    let life = item(s1, "section.life-meetings");
    assert_eq!(
        (life["earned"].as_f64(), life["lost"].as_f64()),
        (Some(10.0), Some(10.0))
    );
    let reason = &life["reasons"][0];
    assert_eq!(reason["rule"], "life-meeting.section-twice");
    assert_eq!(reason["records"], serde_json::json!(["2026/s1/life"]));
    assert_eq!(s1["pending"].as_f64(), Some(0.0));
    assert!(s1["grade"].is_string());
    for s in scores(&json)["sections"].as_array().unwrap() {
        assert!(s["total"].as_f64().unwrap() <= s["max"].as_f64().unwrap() + 2.0);
    }
}

#[test]
fn a_grave_case_or_a_sanctioned_leader_vetoes_the_grade() {
    let case = |person: &str, severity: &str| {
        Tree::new().record(
            "2026/s1/case.md",
            &format!(
                "kind = \"accountability\"\ntitle = \"追究\"\ndate = 2026-03-02\nperson = \"{person}\"\nclause = \"15.other\"\nseverity = \"{severity}\"\nresponsibility = \"important\"\ncollective = false\nsanction = [\"criticism_education\"]"
            ),
        )
    };
    let grade = |tree: &Tree| {
        let (json, _) = tree.check_json("2027-02-01");
        let s1 = section(scores(&json), "s1");
        (s1["grade"].clone(), s1["veto"].as_array().map_or(0, Vec::len))
    };
    assert_eq!(grade(&case("st", "grave")), (Value::from("不合格"), 1));
    assert_eq!(grade(&case("c1", "minor")), (Value::from("不合格"), 1));
    // a minor case of a staff member costs points, but vetoes nothing
    assert_eq!(grade(&case("st", "minor")).1, 0);
}

#[test]
fn recorded_marks_stand_beside_the_computed_score() {
    let tree = Tree::new().record(
        "2026/leadership/a.md",
        "kind = \"assessment\"\ntitle = \"考核\"\ndate = 2026-12-20\n\n[scores.s1]\nself_score = 95\nscore = 92.5\ngrade = \"优秀\"\nremarks = \"好\"",
    );
    let (json, _) = tree.check_json("2027-02-01");
    let s1 = section(scores(&json), "s1");
    assert_eq!(s1["recorded"]["score"].as_f64(), Some(92.5));
    assert_eq!(s1["recorded"]["grade"], "优秀");
    // s1 has done nothing all year: far below the 考核组's mark
    assert_eq!(s1["differs"], true);
    // a grade that is not one of the 细则's
    let marks = |marks: &str| {
        Tree::new().record(
            "2026/leadership/a.md",
            &format!("kind = \"assessment\"\ntitle = \"考核\"\ndate = 2026-12-20\n\n[scores.s1]\n{marks}"),
        )
    };
    assert_eq!(
        marks("grade = \"好\"").errors(),
        [("2026/leadership/a.md".into(), 7, 9, "E-VALUE".into())]
    );
    assert_eq!(
        marks("mark = 3").errors(),
        [("2026/leadership/a.md".into(), 7, 1, "E-KEY-UNKNOWN".into())]
    );
    assert_eq!(
        marks("score = \"90\"").errors(),
        [("2026/leadership/a.md".into(), 7, 9, "E-TYPE".into())]
    );
}

#[test]
fn a_unit_changes_the_items_of_the_builtin_rules() {
    let rules = "[[scoring.item]]\nid = \"section.commendation\"\nenabled = false\n\n[[scoring.item]]\nid = \"section.report\"\npoints = 20\n\n[[scoring.item]]\nid = \"section.talks\"\nscope = \"section\"\ntitle = \"谈话诫勉\"\npoints = 4\nform = \"bonus\"\nper = 2\nkinds = [\"talk\"]\n";
    let tree = Tree::new().file("rules.toml", rules).record(
        "2026/s1/talk.md",
        "kind = \"talk\"\ntitle = \"谈话\"\ndate = 2026-03-02\nperson = \"st\"\nby = \"c1\"",
    );
    let (json, _) = tree.check_json("2027-02-01");
    assert_eq!(json["errors"], serde_json::json!([]), "{}", json["errors"]);
    let s1 = section(scores(&json), "s1");
    let ids: Vec<&str> = s1["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["item"].as_str().unwrap())
        .collect();
    assert!(!ids.contains(&"section.commendation"));
    let talks = item(s1, "section.talks");
    assert_eq!(talks["earned"].as_f64(), Some(2.0));
    let report = item(s1, "section.report");
    assert_eq!(report["max"].as_f64(), Some(20.0));
}

#[test]
fn malformed_scoring_is_reported_at_file_line_and_column() {
    // an item of the sections, one key changed from a good one
    let item = |category: &str, points: &str, form: &str, rule: &str| {
        format!(
            "[[scoring.item]]\nid = \"x\"\nscope = \"section\"\ncategory = \"{category}\"\npoints = {points}\nform = \"{form}\"\nrules = [\"{rule}\"]\n"
        )
    };
    let good = ("main", "5", "met", "org.section-chief");
    let cases = [
        (item(good.0, good.1, "sometimes", good.3), (6, 8, "E-VALUE")),
        (item("mian", good.1, good.2, good.3), (4, 12, "E-SCORING")),
        (item(good.0, good.1, good.2, "org.section-chef"), (7, 10, "E-SCORING")),
        (item(good.0, "0", good.2, good.3), (5, 10, "E-SCORING")),
        (item(good.0, good.1, "deduct", good.3), (2, 6, "E-SCORING")),
        (
            "[[scoring.item]]\nid = \"x\"\npoints = 5\nform = \"met\"\nrule = [\"org.section-chief\"]\n".into(),
            (5, 1, "E-KEY-UNKNOWN"),
        ),
        (
            "[[scoring.grade]]\nname = \"好\"\nmin = 60\n\n[[scoring.grade]]\nname = \"优\"\nmin = 90\n".into(),
            (7, 7, "E-SCORING"),
        ),
        (
            "[[scoring.grade]]\nname = \"好\"\nmin = 60\nquota = 130\n".into(),
            (4, 9, "E-SCORING"),
        ),
        ("[scoring]\ndifference = \"5\"\n".into(), (2, 14, "E-TYPE")),
    ];
    // the good item itself is no error
    let tree = Tree::new().file("rules.toml", &item(good.0, good.1, good.2, good.3));
    assert_eq!(tree.errors(), []);
    for (text, (line, column, code)) in cases {
        let tree = Tree::new().file("rules.toml", &text);
        assert_eq!(
            tree.errors(),
            [("rules.toml".to_string(), line, column, code.to_string())],
            "{text}"
        );
    }
}
