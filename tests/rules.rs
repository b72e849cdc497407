//! Every built-in rule with met, pending and violated cases at chosen as-of
//! dates, including the edges of windows and deadlines.

mod common;

use chrono::NaiveDate;
use common::Tree;
use zerenzhi::Project;
use zerenzhi::diag::Lang;
use zerenzhi::rules::{Outcome, Status, evaluate};

use Status::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// All outcomes of the tree for 2026 as of a date; the tree must load
/// without data errors.
fn outcomes(tree: &Tree, as_of: &str) -> Vec<Outcome> {
    let project = Project::open(tree.path()).unwrap();
    let errors: Vec<_> = project
        .data
        .diags
        .iter()
        .filter(|d| d.code().starts_with('E'))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    evaluate(&project.rules, &project.data.records, &[2026], d(as_of), Lang::Zh)
}

/// The one outcome of `rule` for `scope` (and `period`, when given).
#[track_caller]
fn one(tree: &Tree, as_of: &str, rule: &str, scope: &str) -> Outcome {
    let all = outcomes(tree, as_of);
    let found: Vec<Outcome> = all.into_iter().filter(|o| o.rule == rule && o.scope == scope).collect();
    assert_eq!(found.len(), 1, "{rule} {scope}: {found:#?}");
    found.into_iter().next().unwrap()
}

#[track_caller]
fn status(tree: &Tree, as_of: &str, rule: &str, scope: &str) -> Status {
    one(tree, as_of, rule, scope).status
}

fn rec(kind: &str, date: &str, extra: &str) -> String {
    format!("kind = \"{kind}\"\ntitle = \"{kind} {date}\"\ndate = {date}\n{extra}")
}

// ---------------------------------------------------------------- org

#[test]
fn first_responsible() {
    let tree = Tree::new();
    assert_eq!(status(&tree, "2026-12-31", "org.first-responsible", "unit"), Met);

    let two = common::ORG.replace("roles = [\"deputy_director\"]", "roles = [\"director\"]");
    let tree = Tree::bare().file("org.toml", &two);
    let o = one(&tree, "2026-12-31", "org.first-responsible", "unit");
    assert_eq!((o.status, o.found), (Violated, 2));
    assert!(o.message.contains("只能有1人"), "{}", o.message);

    let none = common::ORG.replace("roles = [\"director\"]", "roles = [\"staff\"]");
    let tree = Tree::bare().file("org.toml", &none);
    assert_eq!(status(&tree, "2026-12-31", "org.first-responsible", "unit"), Violated);
}

#[test]
fn director_handover_mid_year() {
    // the old director leaves June 30, the new one starts July 1
    let org = common::ORG.replace("roles = [\"director\"]", "roles = [\"director\"]\nuntil = 2026-06-30")
        + "\n[[person]]\nid = \"dir2\"\nname = \"新主任\"\nroles = [\"director\"]\nfrom = 2026-07-01\n";
    let tree = Tree::bare().file("org.toml", &org);
    for as_of in ["2026-03-01", "2026-06-30", "2026-07-01", "2026-12-31"] {
        assert_eq!(status(&tree, as_of, "org.first-responsible", "unit"), Met, "{as_of}");
    }
}

#[test]
fn section_chief() {
    let tree = Tree::new();
    assert_eq!(status(&tree, "2026-12-31", "org.section-chief", "s1"), Met);
    let org = common::ORG.replace("section = \"s2\"", "section = \"s1\"");
    let tree = Tree::bare().file("org.toml", &org);
    assert_eq!(status(&tree, "2026-12-31", "org.section-chief", "s2"), Violated);
    assert_eq!(status(&tree, "2026-12-31", "org.section-chief", "s1"), Met);
}

#[test]
fn section_overseer() {
    let tree = Tree::new();
    assert_eq!(status(&tree, "2026-12-31", "org.section-overseer", "s2"), Met);
    // two leaders oversee s1; nobody oversees s2
    let org = common::ORG
        .replace("oversees = [\"s1\", \"s2\"]", "oversees = [\"s1\"]")
        .replace("roles = [\"director\"]", "roles = [\"director\"]\noversees = [\"s1\"]");
    let tree = Tree::bare().file("org.toml", &org);
    assert_eq!(one(&tree, "2026-12-31", "org.section-overseer", "s1").found, 2);
    assert_eq!(status(&tree, "2026-12-31", "org.section-overseer", "s1"), Violated);
    assert_eq!(status(&tree, "2026-12-31", "org.section-overseer", "s2"), Violated);
}

// ---------------------------------------------------------------- counting rules

#[test]
fn plan_in_the_first_quarter() {
    let empty = Tree::new();
    // a deadline passes at the end of its day: pending the day before,
    // violated on the day itself
    assert_eq!(status(&empty, "2026-03-30", "plan.early-year", "unit"), Pending);
    assert_eq!(status(&empty, "2026-03-31", "plan.early-year", "unit"), Violated);
    assert_eq!(
        one(&empty, "2026-03-31", "plan.early-year", "unit").due,
        Some(d("2026-03-31"))
    );

    // first and last day of the window count; the day after does not
    for (date, expected) in [("2026-01-01", Met), ("2026-03-31", Met), ("2026-04-01", Violated)] {
        let tree = Tree::new().record("2026/leadership/p.md", &rec("plan", date, ""));
        assert_eq!(
            status(&tree, "2026-12-31", "plan.early-year", "unit"),
            expected,
            "{date}"
        );
    }
    // a plan filed in a section folder does not count for the leadership
    let tree = Tree::new().record("2026/s1/p.md", &rec("plan", "2026-01-10", ""));
    assert_eq!(status(&tree, "2026-12-31", "plan.early-year", "unit"), Violated);
}

#[test]
fn mid_year_review_window() {
    for (date, expected) in [
        ("2026-05-31", Violated),
        ("2026-06-01", Met),
        ("2026-08-31", Met),
        ("2026-09-01", Violated),
    ] {
        let tree = Tree::new().record("2026/leadership/r.md", &rec("midyear_review", date, ""));
        assert_eq!(
            status(&tree, "2026-12-31", "review.mid-year", "unit"),
            expected,
            "{date}"
        );
    }
    let empty = Tree::new();
    assert_eq!(status(&empty, "2026-08-30", "review.mid-year", "unit"), Pending);
    assert_eq!(status(&empty, "2026-08-31", "review.mid-year", "unit"), Violated);
}

#[test]
fn year_summary_reaches_into_january() {
    let tree = Tree::new().record(
        "2026/leadership/s.md",
        &rec("year_summary", "2027-01-31", "covers = 2026"),
    );
    assert_eq!(status(&tree, "2027-01-31", "summary.year-end", "unit"), Met);
    // as of a day before it was written, it has not happened yet
    assert_eq!(status(&tree, "2027-01-30", "summary.year-end", "unit"), Pending);
    let empty = Tree::new();
    assert_eq!(status(&empty, "2027-01-30", "summary.year-end", "unit"), Pending);
    assert_eq!(status(&empty, "2027-01-31", "summary.year-end", "unit"), Violated);
    // November is before the window
    let early = Tree::new().record("2026/leadership/s.md", &rec("year_summary", "2026-11-30", ""));
    assert_eq!(status(&early, "2027-02-01", "summary.year-end", "unit"), Violated);
    let first = Tree::new().record("2026/leadership/s.md", &rec("year_summary", "2026-12-01", ""));
    assert_eq!(status(&first, "2026-12-01", "summary.year-end", "unit"), Met);
}

#[test]
fn education_is_advisory() {
    let empty = Tree::new();
    let o = one(&empty, "2026-12-30", "education.yearly", "unit");
    assert_eq!((o.status, o.level), (Pending, zerenzhi::rules::Level::Advisory));
    assert_eq!(status(&empty, "2026-12-31", "education.yearly", "unit"), Violated);
    let tree = Tree::new().record(
        "2026/leadership/e.md",
        &rec("education", "2026-05-05", "participants_count = 30"),
    );
    assert_eq!(status(&tree, "2026-12-31", "education.yearly", "unit"), Met);
}

#[test]
fn special_meetings_twice_a_year() {
    let one_meeting = Tree::new().record(
        "2026/leadership/m1.md",
        &rec("special_meeting", "2026-03-02", "chair = \"dir\""),
    );
    let o = one(&one_meeting, "2026-12-30", "meeting.special-twice", "unit");
    assert_eq!((o.status, o.found, o.needed), (Pending, 1, 2));
    let o = one(&one_meeting, "2026-12-31", "meeting.special-twice", "unit");
    assert_eq!((o.status, o.found), (Violated, 1));
    assert_eq!(
        o.message,
        "2026年仅召开1次党风廉政专题会议，第七条（一）要求每年至少2次"
    );
    assert_eq!(o.records, ["2026/leadership/m1"]);

    let two = Tree::new()
        .record("2026/leadership/m1.md", &rec("special_meeting", "2026-03-02", ""))
        .record("2026/leadership/m2.md", &rec("special_meeting", "2026-09-02", ""));
    assert_eq!(status(&two, "2026-12-31", "meeting.special-twice", "unit"), Met);
    // as of August, the September meeting has not happened yet
    assert_eq!(one(&two, "2026-08-31", "meeting.special-twice", "unit").found, 1);
}

#[test]
fn special_meeting_chaired_by_the_director() {
    let tree = Tree::new()
        .record(
            "2026/leadership/m1.md",
            &rec("special_meeting", "2026-03-02", "chair = \"dir\""),
        )
        .record(
            "2026/leadership/m2.md",
            &rec("special_meeting", "2026-09-02", "chair = \"dep\""),
        )
        .record("2026/leadership/m3.md", &rec("special_meeting", "2026-10-02", ""));
    assert_eq!(
        status(&tree, "2026-12-31", "meeting.special-chair", "2026/leadership/m1"),
        Met
    );
    let o = one(&tree, "2026-12-31", "meeting.special-chair", "2026/leadership/m2");
    assert_eq!(o.status, Violated);
    assert!(o.message.contains("副主任乙主持，不是主任主任甲"), "{}", o.message);
    assert_eq!(
        status(&tree, "2026-12-31", "meeting.special-chair", "2026/leadership/m3"),
        Violated
    );
    // records after the as-of date get no instance
    assert!(
        outcomes(&tree, "2026-08-31")
            .iter()
            .all(|o| o.scope != "2026/leadership/m2")
    );
}

#[test]
fn leadership_life_meeting() {
    let empty = Tree::new();
    assert_eq!(status(&empty, "2026-12-30", "life-meeting.leadership", "unit"), Pending);
    assert_eq!(
        status(&empty, "2026-12-31", "life-meeting.leadership", "unit"),
        Violated
    );
    let tree = Tree::new().record("2026/leadership/l.md", &rec("life_meeting", "2026-07-01", ""));
    assert_eq!(status(&tree, "2026-12-31", "life-meeting.leadership", "unit"), Met);
}

#[test]
fn section_life_meetings_twice() {
    let tree = Tree::new()
        .record(
            "2026/s1/a.md",
            &rec("life_meeting", "2026-05-01", "attendees = [\"dep\"]"),
        )
        .record(
            "2026/s1/b.md",
            &rec("life_meeting", "2026-11-01", "attendees = [\"dep\"]"),
        )
        .record(
            "2026/s2/a.md",
            &rec("life_meeting", "2026-05-01", "attendees = [\"dep\"]"),
        )
        // a leadership life meeting is not a section's
        .record("2026/leadership/l.md", &rec("life_meeting", "2026-07-01", ""));
    assert_eq!(status(&tree, "2026-12-31", "life-meeting.section-twice", "s1"), Met);
    assert_eq!(status(&tree, "2026-12-30", "life-meeting.section-twice", "s2"), Pending);
    // as of Dec 31 the year is over: one of the two is missing for good
    let o = one(&tree, "2026-12-31", "life-meeting.section-twice", "s2");
    assert_eq!((o.status, o.found), (Violated, 1));
    assert!(o.message.starts_with("2026年二科仅召开1次"), "{}", o.message);
}

#[test]
fn overseer_attends_section_life_meetings() {
    let tree = Tree::new()
        .record(
            "2026/s1/a.md",
            &rec(
                "life_meeting",
                "2026-05-01",
                "chair = \"c1\"\nattendees = [\"c1\", \"dep\"]",
            ),
        )
        .record("2026/s1/b.md", &rec("life_meeting", "2026-06-01", "chair = \"dep\""))
        .record(
            "2026/s2/a.md",
            &rec("life_meeting", "2026-05-01", "chair = \"c2\"\nattendees = [\"c2\"]"),
        );
    assert_eq!(
        status(&tree, "2026-12-31", "life-meeting.overseer-attends", "2026/s1/a"),
        Met
    );
    assert_eq!(
        status(&tree, "2026-12-31", "life-meeting.overseer-attends", "2026/s1/b"),
        Met
    );
    let o = one(&tree, "2026-12-31", "life-meeting.overseer-attends", "2026/s2/a");
    assert_eq!(o.status, Violated);
    assert_eq!(o.message, "分管领导副主任乙未参加「life_meeting 2026-05-01」");
}

#[test]
fn overseer_is_who_was_in_post_on_the_day() {
    // dep leaves May 31; dep2 oversees both sections from June 1
    let org = common::ORG.replace(
        "oversees = [\"s1\", \"s2\"]",
        "oversees = [\"s1\", \"s2\"]\nuntil = 2026-05-31",
    ) + "\n[[person]]\nid = \"dep2\"\nname = \"副主任己\"\nroles = [\"deputy_director\"]\noversees = [\"s1\", \"s2\"]\nfrom = 2026-06-01\n";
    let tree = Tree::bare()
        .file("org.toml", &org)
        .record(
            "2026/s1/a.md",
            &rec("life_meeting", "2026-05-31", "attendees = [\"dep\"]"),
        )
        .record(
            "2026/s1/b.md",
            &rec("life_meeting", "2026-06-01", "attendees = [\"dep2\"]"),
        )
        .record(
            "2026/s2/c.md",
            &rec("life_meeting", "2026-06-01", "attendees = [\"c2\"]"),
        );
    assert_eq!(
        status(&tree, "2026-12-31", "life-meeting.overseer-attends", "2026/s1/a"),
        Met
    );
    assert_eq!(
        status(&tree, "2026-12-31", "life-meeting.overseer-attends", "2026/s1/b"),
        Met
    );
    assert_eq!(
        status(&tree, "2026-12-31", "life-meeting.overseer-attends", "2026/s2/c"),
        Violated
    );
    // and exactly one overseer per section at the end of the year
    assert_eq!(status(&tree, "2026-12-31", "org.section-overseer", "s1"), Met);
}

#[test]
fn section_self_inspection() {
    let tree = Tree::new().record(
        "2026/s1/i.md",
        &rec("inspection", "2026-04-01", "inspectors = [\"c1\"]"),
    );
    assert_eq!(status(&tree, "2026-12-31", "inspection.section-self", "s1"), Met);
    assert_eq!(status(&tree, "2026-12-30", "inspection.section-self", "s2"), Pending);
    assert_eq!(status(&tree, "2026-12-31", "inspection.section-self", "s2"), Violated);
}

#[test]
fn assessment_every_half_year() {
    let tree = Tree::new().record(
        "2026/leadership/a.md",
        &rec("assessment", "2026-06-30", "targets = [\"s1\"]"),
    );
    let all = outcomes(&tree, "2026-12-30");
    let halves: Vec<(String, Status)> = all
        .iter()
        .filter(|o| o.rule == "assessment.half-yearly")
        .map(|o| (o.period.to_string(), o.status))
        .collect();
    assert_eq!(halves, [("2026-H1".to_string(), Met), ("2026-H2".to_string(), Pending)]);
    let all = outcomes(&tree, "2026-12-31");
    let h2 = all
        .iter()
        .find(|o| o.rule == "assessment.half-yearly" && o.period.to_string() == "2026-H2")
        .unwrap();
    assert_eq!(h2.status, Violated);

    // July 1 belongs to the second half; the first half passes June 30 unmet
    let tree = Tree::new().record("2026/s1/a.md", &rec("assessment", "2026-07-01", ""));
    let all = outcomes(&tree, "2026-07-01");
    let statuses: Vec<Status> = all
        .iter()
        .filter(|o| o.rule == "assessment.half-yearly")
        .map(|o| o.status)
        .collect();
    assert_eq!(statuses, [Violated, Met]);
}

// ---------------------------------------------------------------- per-record rules

fn finding(deadline: &str, rest: &str) -> String {
    rec("finding", "2026-03-01", &format!("deadline = {deadline}\n{rest}"))
}

#[test]
fn finding_deadline() {
    let tree = Tree::new()
        .record(
            "2026/s1/on-time.md",
            &finding(
                "2026-04-30",
                "status = \"rectified\"\nrectified_on = 2026-04-30\nresult_reported_on = 2026-05-02",
            ),
        )
        .record(
            "2026/s1/late.md",
            &finding(
                "2026-04-30",
                "status = \"rectified\"\nrectified_on = 2026-05-01\nresult_reported_on = 2026-05-02",
            ),
        )
        .record("2026/s1/open.md", &finding("2026-04-30", "status = \"open\""));
    assert_eq!(status(&tree, "2026-12-31", "finding.deadline", "2026/s1/on-time"), Met);
    let late = one(&tree, "2026-12-31", "finding.deadline", "2026/s1/late");
    assert_eq!(late.status, Violated);
    assert!(late.message.contains("超过期限2026年4月30日共1天"), "{}", late.message);
    assert_eq!(status(&tree, "2026-04-29", "finding.deadline", "2026/s1/open"), Pending);
    // still open as of its deadline day: violated
    let open = one(&tree, "2026-04-30", "finding.deadline", "2026/s1/open");
    assert_eq!((open.status, open.due), (Violated, Some(d("2026-04-30"))));
    assert!(open.message.contains("期限2026年4月30日已到，仍未"), "{}", open.message);
    let open = one(&tree, "2026-05-01", "finding.deadline", "2026/s1/open");
    assert!(open.message.contains("期限2026年4月30日已过1天"), "{}", open.message);
    // as of a day before it was rectified, the finding was still open
    assert_eq!(status(&tree, "2026-04-29", "finding.deadline", "2026/s1/late"), Pending);
}

#[test]
fn finding_result_reported() {
    let tree = Tree::new()
        .record(
            "2026/s1/a.md",
            &finding(
                "2026-04-30",
                "status = \"rectified\"\nrectified_on = 2026-04-20\nresult_reported_on = 2026-04-22",
            ),
        )
        .record(
            "2026/s1/b.md",
            &finding("2026-04-30", "status = \"rectified\"\nrectified_on = 2026-04-20"),
        )
        .record("2026/s1/c.md", &finding("2026-04-30", "status = \"open\""));
    assert_eq!(status(&tree, "2026-12-31", "finding.result-reported", "2026/s1/a"), Met);
    let b = one(&tree, "2026-12-31", "finding.result-reported", "2026/s1/b");
    assert_eq!(b.status, Violated);
    // said by its Chinese label, not its key
    assert!(b.message.contains("未写明结果上报日期") && !b.message.contains("result_reported_on"));
    // an open finding has no result to report yet
    assert!(
        outcomes(&tree, "2026-12-31")
            .iter()
            .all(|o| !(o.rule == "finding.result-reported" && o.scope == "2026/s1/c"))
    );
    // as of the day of rectification, the report (two days later) is not yet made
    assert_eq!(
        status(&tree, "2026-04-21", "finding.result-reported", "2026/s1/a"),
        Violated
    );
}

#[test]
fn annual_special_reports() {
    let tree = Tree::new()
        .record(
            "2026/leadership/r.md",
            &rec("special_report", "2027-01-31", "to = \"测试市纪委\""),
        )
        .record(
            "2026/s1/r.md",
            &rec("special_report", "2026-12-28", "to = \"测试办党支部\""),
        );
    assert_eq!(status(&tree, "2027-01-31", "report.unit-annual", "unit"), Met);
    assert_eq!(status(&tree, "2027-01-30", "report.unit-annual", "unit"), Pending);
    assert_eq!(status(&tree, "2026-12-31", "report.section-annual", "s1"), Met);
    assert_eq!(status(&tree, "2027-01-30", "report.section-annual", "s2"), Pending);
    assert_eq!(status(&tree, "2027-01-31", "report.section-annual", "s2"), Violated);
    let empty = Tree::new();
    assert_eq!(status(&empty, "2027-02-01", "report.unit-annual", "unit"), Violated);
}

#[test]
fn duty_reports_of_leaders_in_post() {
    // c2 leaves June 30: owes no duty report for 2026 once gone
    let org = common::ORG.replace("section = \"s2\"", "section = \"s2\"\nuntil = 2026-06-30");
    let tree = Tree::bare().file("org.toml", &org).record(
        "2026/leadership/d.md",
        &rec("duty_report", "2027-01-15", "person = \"dir\""),
    );
    let leaders: Vec<String> = outcomes(&tree, "2027-01-20")
        .into_iter()
        .filter(|o| o.rule == "duty-report.leaders")
        .map(|o| format!("{}:{:?}", o.scope, o.status))
        .collect();
    // staff (st) owe none; the director's report counts
    assert_eq!(leaders, ["dir:Met", "dep:Pending", "c1:Pending"]);
    // as of May, c2 is still in post and owes one
    assert!(
        outcomes(&tree, "2026-05-01")
            .iter()
            .any(|o| o.rule == "duty-report.leaders" && o.scope == "c2")
    );
    assert_eq!(status(&tree, "2027-02-01", "duty-report.leaders", "c1"), Violated);
    // another person's report does not count
    let tree = Tree::new().record("2026/s1/d.md", &rec("duty_report", "2026-12-20", "person = \"c2\""));
    assert_eq!(status(&tree, "2027-02-01", "duty-report.leaders", "c1"), Violated);
    assert_eq!(status(&tree, "2027-02-01", "duty-report.leaders", "c2"), Met);
}

#[test]
fn evaluations() {
    let tree = Tree::new().record(
        "2026/leadership/e.md",
        &rec("evaluation", "2026-11-01", "target = \"s1\""),
    );
    assert_eq!(status(&tree, "2026-12-31", "evaluation.staff-yearly", "unit"), Met);
    assert_eq!(
        status(&tree, "2026-12-30", "evaluation.leadership-yearly", "unit"),
        Pending
    );
    assert_eq!(
        status(&tree, "2026-12-31", "evaluation.leadership-yearly", "unit"),
        Violated
    );
    let tree = Tree::new().record(
        "2026/leadership/e.md",
        &rec("evaluation", "2026-11-01", "target = \"leadership\""),
    );
    assert_eq!(status(&tree, "2026-12-31", "evaluation.leadership-yearly", "unit"), Met);
    assert_eq!(status(&tree, "2027-01-01", "evaluation.staff-yearly", "unit"), Violated);
}

#[test]
fn office_inspects_each_section() {
    let tree = Tree::new().record(
        "2026/leadership/i.md",
        &rec("inspection", "2026-09-01", "targets = [\"s1\"]"),
    );
    assert_eq!(status(&tree, "2026-12-31", "inspection.sections", "s1"), Met);
    assert_eq!(status(&tree, "2026-12-30", "inspection.sections", "s2"), Pending);
    assert_eq!(status(&tree, "2026-12-31", "inspection.sections", "s2"), Violated);
}

#[test]
fn petitions_closed_within_60_days() {
    let tree = Tree::new()
        .record(
            "2026/s1/a.md",
            &rec("petition", "2026-03-01", "status = \"closed\"\nclosed_on = 2026-04-30"),
        ) // day 60
        .record(
            "2026/s1/b.md",
            &rec("petition", "2026-03-01", "status = \"closed\"\nclosed_on = 2026-05-01"),
        ) // day 61
        .record("2026/s1/c.md", &rec("petition", "2026-03-01", "status = \"open\""));
    assert_eq!(status(&tree, "2026-12-31", "petition.handled", "2026/s1/a"), Met);
    assert_eq!(status(&tree, "2026-12-31", "petition.handled", "2026/s1/b"), Violated);
    let c = one(&tree, "2026-04-29", "petition.handled", "2026/s1/c");
    assert_eq!((c.status, c.due), (Pending, Some(d("2026-04-30"))));
    assert!(c.message.contains("还有1天"), "{}", c.message);
    // still open as of day 60: violated
    assert_eq!(status(&tree, "2026-04-30", "petition.handled", "2026/s1/c"), Violated);
}

#[test]
fn responsibility_type_must_be_stated() {
    let case = |collective: &str| {
        rec(
            "accountability",
            "2026-05-01",
            &format!(
                "person = \"st\"\nclause = \"15.1\"\nseverity = \"minor\"\nresponsibility = \"main\"\nsanction = [\"warning\"]\n{collective}"
            ),
        )
    };
    let tree = Tree::new()
        .record("2026/s1/a.md", &case("collective = false"))
        .record("2026/s1/b.md", &case(""));
    assert_eq!(
        status(&tree, "2026-12-31", "accountability.responsibility-type", "2026/s1/a"),
        Met
    );
    let b = one(&tree, "2026-12-31", "accountability.responsibility-type", "2026/s1/b");
    assert_eq!(b.status, Violated);
    assert!(b.message.contains("集体责任"), "{}", b.message);
}

// ---------------------------------------------------------------- overrides

#[test]
fn override_changes_exactly_the_overridden_rules() {
    let base = Tree::new()
        .record(
            "2026/leadership/m1.md",
            &rec("special_meeting", "2026-03-02", "chair = \"dir\""),
        )
        .record(
            "2026/leadership/m2.md",
            &rec("special_meeting", "2026-09-02", "chair = \"dir\""),
        )
        .record("2026/leadership/e.md", &rec("education", "2026-05-05", ""));
    let before = outcomes(&base, "2026-12-30");
    let over = base.file(
        "rules.toml",
        "[[rule]]\nid = \"meeting.special-twice\"\nmin = 4\n\n[[rule]]\nid = \"education.yearly\"\nenabled = false\n",
    );
    let after = outcomes(&over, "2026-12-30");

    let key = |o: &Outcome| {
        format!(
            "{} {} {} {:?} {}/{}",
            o.rule, o.scope, o.period, o.status, o.found, o.needed
        )
    };
    let before: Vec<String> = before.iter().map(key).collect();
    let after: Vec<String> = after.iter().map(key).collect();
    let removed: Vec<&String> = before.iter().filter(|k| !after.contains(k)).collect();
    let added: Vec<&String> = after.iter().filter(|k| !before.contains(k)).collect();
    assert_eq!(
        removed,
        [
            "education.yearly unit 2026 Met 1/1",
            "meeting.special-twice unit 2026 Met 2/2"
        ]
    );
    assert_eq!(added, ["meeting.special-twice unit 2026 Pending 2/4"]);
}

#[test]
fn a_unit_can_add_a_rule_of_an_existing_type() {
    let tree = Tree::new()
        .file(
            "rules.toml",
            r#"[[rule]]
id = "education.section-half"
type = "count"
article = "第九条（三）"
level = "advisory"
title = "各科室每半年至少开展一次廉政教育"
scope = "section"
period = "half"
kinds = ["education"]
folder = "section"
min = 1
verb = "开展"
unit = "次"
what = "科室廉政教育"
"#,
        )
        .record("2026/s1/e.md", &rec("education", "2026-03-01", ""));
    let all: Vec<(String, String, Status)> = outcomes(&tree, "2026-12-30")
        .into_iter()
        .filter(|o| o.rule == "education.section-half")
        .map(|o| (o.scope.to_string(), o.period.to_string(), o.status))
        .collect();
    assert_eq!(
        all,
        [
            ("s1".into(), "2026-H1".into(), Met),
            ("s2".into(), "2026-H1".into(), Violated),
            ("s1".into(), "2026-H2".into(), Pending),
            ("s2".into(), "2026-H2".into(), Pending),
        ]
    );
}

#[test]
fn an_override_can_change_a_window_and_a_level() {
    let tree = Tree::new()
        .file(
            "rules.toml",
            "[[rule]]\nid = \"plan.early-year\"\nuntil = \"02-28\"\nlevel = \"advisory\"\n",
        )
        .record("2026/leadership/p.md", &rec("plan", "2026-03-10", ""));
    let o = one(&tree, "2026-12-31", "plan.early-year", "unit");
    assert_eq!(
        (o.status, o.level, o.due),
        (Violated, zerenzhi::rules::Level::Advisory, Some(d("2026-02-28")))
    );
}

#[test]
fn a_new_rule_without_its_keys_is_an_error() {
    let tree = Tree::new().file(
        "rules.toml",
        "[[rule]]\nid = \"x.new\"\ntype = \"count\"\narticle = \"第九条\"\nlevel = \"required\"\n",
    );
    assert_eq!(tree.errors(), [("rules.toml".to_string(), 2, 6, "E-RULE".to_string())]);
    let tree = Tree::new().file(
        "rules.toml",
        "[[rule]]\nid = \"x.new\"\ntype = \"count\"\narticle = \"第三十条\"\n",
    );
    assert!(tree.errors().iter().any(|e| e.3 == "E-RULE" && e.1 == 4));
}
