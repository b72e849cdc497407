//! Every kind of bad input, run through the binary: each must be reported
//! with its file, line, column and code, never a panic.

mod common;

use common::{Tree, diags};

type Err = (String, u64, u64, String);

fn e(file: &str, line: u64, column: u64, code: &str) -> Err {
    (file.to_string(), line, column, code.to_string())
}

/// Asserts the tree has exactly these errors.
#[track_caller]
fn assert_errors(tree: &Tree, expected: &[Err]) {
    assert_eq!(tree.errors(), expected);
}

const MEETING: &str = "kind = \"special_meeting\"\ntitle = \"专题会议\"\ndate = 2026-03-02";

#[test]
fn clean_tree_has_no_errors() {
    let tree = Tree::new().record("2026/leadership/a.md", MEETING);
    assert_errors(&tree, &[]);
    assert!(tree.warnings().is_empty());
}

#[test]
fn toml_syntax_errors_are_all_reported() {
    let tree = Tree::new().file(
        "2026/leadership/a.md",
        "+++\nkind = \"special_meeting\"\ntitle = \"会议\ndate = 2026-03-02\nx = [1,\n+++\n",
    );
    let errors = tree.errors();
    assert!(errors.len() >= 2, "{errors:?}");
    // the string opened at column 9 is still open at the end of line 3
    assert_eq!(errors[0], e("2026/leadership/a.md", 3, 12, "E-TOML"));
    assert!(errors.iter().all(|e| e.3 == "E-TOML"));
}

#[test]
fn unquoted_chinese_key() {
    let tree = Tree::new().file("2026/leadership/a.md", "+++\n标题 = \"会议\"\n+++\n");
    assert_errors(&tree, &[e("2026/leadership/a.md", 2, 1, "E-TOML")]);
    let out = tree.run_check(&["--as-of", "2026-12-31"]);
    let text = String::from_utf8_lossy(&out.stderr);
    // the key meant, by its Chinese label (not "quote the key": a quoted
    // Chinese key is still no key of a record)
    assert!(
        text.contains("键名“标题”要用英文写") && text.contains("是否想写 `title`"),
        "{text}"
    );
}

#[test]
fn missing_front_matter_fences() {
    let tree = Tree::new()
        .file("2026/leadership/a.md", "kind = \"plan\"\n")
        .file("2026/leadership/b.md", "+++\nkind = \"plan\"\n正文\n");
    assert_errors(
        &tree,
        &[
            e("2026/leadership/a.md", 1, 1, "E-FRONTMATTER"),
            e("2026/leadership/b.md", 1, 1, "E-FRONTMATTER"),
        ],
    );
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let tree = Tree::new().record("2026/leadership/a.md", &format!("{MEETING}\nattendee = [\"dir\"]"));
    assert_errors(&tree, &[e("2026/leadership/a.md", 5, 1, "E-KEY-UNKNOWN")]);
    let (json, _) = tree.check_json("2026-12-31");
    let message = json["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("`attendees`"), "{message}");
}

#[test]
fn chinese_key_name_suggests_the_english_key() {
    let tree = Tree::new().record("2026/leadership/a.md", &format!("{MEETING}\n\"主持人\" = \"dir\""));
    let (json, _) = tree.check_json("2026-12-31");
    assert_eq!(
        diags(&json["errors"]),
        [e("2026/leadership/a.md", 5, 1, "E-KEY-UNKNOWN")]
    );
    assert!(json["errors"][0]["message"].as_str().unwrap().contains("`chair`"));
}

#[test]
fn missing_keys_are_all_reported_at_line_one() {
    let tree = Tree::new().record("2026/leadership/a.md", "kind = \"plan\"");
    assert_errors(
        &tree,
        &[
            e("2026/leadership/a.md", 1, 1, "E-KEY-MISSING"),
            e("2026/leadership/a.md", 1, 1, "E-KEY-MISSING"),
        ],
    );
}

#[test]
fn unknown_kind() {
    let tree = Tree::new().record(
        "2026/leadership/a.md",
        "kind = \"metting\"\ntitle = \"x\"\ndate = 2026-03-02",
    );
    assert_errors(&tree, &[e("2026/leadership/a.md", 2, 8, "E-KIND")]);
}

#[test]
fn kinds_by_chinese_name() {
    let tree = Tree::new().record(
        "2026/leadership/a.md",
        "kind = \"党风廉政专题会议\"\ntitle = \"x\"\ndate = 2026-03-02",
    );
    assert_errors(&tree, &[]);
}

#[test]
fn impossible_dates() {
    let tree = Tree::new()
        .record(
            "2026/leadership/a.md",
            "kind = \"plan\"\ntitle = \"x\"\ndate = 2026-02-30",
        )
        .record(
            "2026/leadership/b.md",
            "kind = \"plan\"\ntitle = \"x\"\ndate = \"2026-02-30\"",
        )
        .record(
            "2026/leadership/c.md",
            "kind = \"plan\"\ntitle = \"x\"\ndate = \"2026/3/2\"",
        );
    assert_errors(
        &tree,
        &[
            e("2026/leadership/a.md", 4, 8, "E-DATE"),
            e("2026/leadership/b.md", 4, 8, "E-DATE"),
            e("2026/leadership/c.md", 4, 8, "E-DATE"),
        ],
    );
}

#[test]
fn date_outside_its_year_folder() {
    let tree = Tree::new()
        .record(
            "2026/leadership/a.md",
            "kind = \"plan\"\ntitle = \"x\"\ndate = 2025-12-30",
        )
        // a year summary may be dated in January of the next year, not later
        .record(
            "2026/leadership/b.md",
            "kind = \"year_summary\"\ntitle = \"x\"\ndate = 2027-01-31",
        )
        .record(
            "2026/leadership/c.md",
            "kind = \"year_summary\"\ntitle = \"x\"\ndate = 2027-02-01",
        )
        .record(
            "2026/leadership/d.md",
            "kind = \"plan\"\ntitle = \"x\"\ndate = 2027-01-05",
        );
    assert_errors(
        &tree,
        &[
            e("2026/leadership/a.md", 4, 8, "E-DATE-YEAR"),
            e("2026/leadership/c.md", 4, 8, "E-DATE-YEAR"),
            e("2026/leadership/d.md", 4, 8, "E-DATE-YEAR"),
        ],
    );
}

#[test]
fn covers_must_match_the_folder() {
    let tree = Tree::new()
        .record(
            "2026/leadership/a.md",
            "kind = \"year_summary\"\ntitle = \"x\"\ndate = 2027-01-10\ncovers = 2026",
        )
        .record(
            "2026/leadership/b.md",
            "kind = \"year_summary\"\ntitle = \"x\"\ndate = 2026-12-10\ncovers = 2025",
        );
    assert_errors(&tree, &[e("2026/leadership/b.md", 5, 10, "E-COVERS")]);
}

#[test]
fn section_must_match_its_folder() {
    let tree = Tree::new().record(
        "2026/s1/a.md",
        "kind = \"life_meeting\"\ntitle = \"x\"\ndate = 2026-03-02\nsection = \"s2\"",
    );
    assert_errors(&tree, &[e("2026/s1/a.md", 5, 11, "E-SECTION")]);
}

#[test]
fn folder_that_is_no_section() {
    let tree = Tree::new().record("2026/s3/a.md", MEETING);
    assert_errors(&tree, &[e("2026/s3", 1, 1, "E-FOLDER")]);
}

#[test]
fn unknown_people_wherever_a_person_is_named() {
    let tree = Tree::new()
        .record("2026/leadership/a.md", &format!("{MEETING}\nchair = \"nobody\"\nattendees = [\"dir\", \"ghost\"]"))
        .record("2026/leadership/b.md", "kind = \"talk\"\ntitle = \"x\"\ndate = 2026-03-02\nperson = \"c9\"\nby = \"dep\"")
        .record(
            "2026/leadership/c.md",
            "kind = \"responsibility_letter\"\ntitle = \"x\"\ndate = 2026-01-02\nsigned_by = [\"c1\", \"cx\"]",
        )
        .record(
            "2026/leadership/d.md",
            "kind = \"inspection\"\ntitle = \"x\"\ndate = 2026-03-02\ntargets = [\"s1\"]\ninspectors = [\"zz\"]",
        )
        .record("2026/leadership/e.md", "kind = \"duty_report\"\ntitle = \"x\"\ndate = 2026-12-02\nperson = \"qq\"")
        .record(
            "2026/s1/f.md",
            "kind = \"finding\"\ntitle = \"x\"\ndate = 2026-03-02\ndeadline = 2026-04-01\nstatus = \"open\"\nowner = \"o1\"",
        )
        .record(
            "2026/s1/g.md",
            "kind = \"petition\"\ntitle = \"x\"\ndate = 2026-03-02\nstatus = \"open\"\nhandler = \"h1\"",
        );
    assert_errors(
        &tree,
        &[
            e("2026/leadership/a.md", 5, 9, "E-PERSON"),
            e("2026/leadership/a.md", 6, 21, "E-PERSON"),
            e("2026/leadership/b.md", 5, 10, "E-PERSON"),
            e("2026/leadership/c.md", 5, 20, "E-PERSON"),
            e("2026/leadership/d.md", 6, 15, "E-PERSON"),
            e("2026/leadership/e.md", 5, 10, "E-PERSON"),
            e("2026/s1/f.md", 7, 9, "E-PERSON"),
            e("2026/s1/g.md", 6, 11, "E-PERSON"),
        ],
    );
}

#[test]
fn duplicate_record_ids() {
    let tree = Tree::new()
        .record("2026/leadership/a.md", &format!("{MEETING}\nid = \"m1\""))
        .record(
            "2026/s1/b.md",
            "kind = \"life_meeting\"\ntitle = \"x\"\ndate = 2026-03-02\nid = \"m1\"",
        );
    assert_errors(&tree, &[e("2026/s1/b.md", 5, 6, "E-ID-DUP")]);
}

#[test]
fn kind_specific_required_keys_and_values() {
    let tree = Tree::new()
        // a finding without a deadline
        .record("2026/s1/a.md", "kind = \"finding\"\ntitle = \"x\"\ndate = 2026-03-02\nstatus = \"open\"")
        // a closed petition without closed_on
        .record("2026/s1/b.md", "kind = \"petition\"\ntitle = \"x\"\ndate = 2026-03-02\nstatus = \"closed\"")
        // an unknown sanction id
        .record(
            "2026/s1/c.md",
            "kind = \"accountability\"\ntitle = \"x\"\ndate = 2026-03-02\nperson = \"st\"\nclause = \"15.1\"\nseverity = \"minor\"\nresponsibility = \"main\"\ncollective = false\nsanction = [\"warnning\"]",
        )
        // a status that is neither open nor rectified
        .record(
            "2026/s1/d.md",
            "kind = \"finding\"\ntitle = \"x\"\ndate = 2026-03-02\ndeadline = 2026-04-01\nstatus = \"done\"",
        );
    assert_errors(
        &tree,
        &[
            e("2026/s1/a.md", 1, 1, "E-KEY-MISSING"),
            e("2026/s1/b.md", 1, 1, "E-KEY-MISSING"),
            e("2026/s1/c.md", 10, 13, "E-VALUE"),
            e("2026/s1/d.md", 6, 10, "E-VALUE"),
        ],
    );
    let (json, _) = tree.check_json("2026-12-31");
    let messages: Vec<&str> = json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert!(messages[0].contains("`deadline`"), "{messages:?}");
    assert!(
        messages[1].contains("`closed_on`") && messages[1].contains("已办结"),
        "{messages:?}"
    );
    assert!(messages[2].contains("`warning`"), "{messages:?}");
}

#[test]
fn every_required_key_of_every_kind_is_enforced() {
    use zerenzhi::model::Kind;
    for kind in Kind::ALL {
        for key in kind.required_keys() {
            let tree = Tree::new().record(
                "2026/s1/a.md",
                &format!("kind = \"{}\"\ntitle = \"x\"\ndate = 2026-03-02", kind.id()),
            );
            let errors = tree.errors();
            assert!(
                errors.iter().any(|e| e.3 == "E-KEY-MISSING"),
                "{kind:?} without {key}: {errors:?}"
            );
        }
    }
}

#[test]
fn source_must_name_a_record() {
    let tree = Tree::new().record(
        "2026/s1/a.md",
        "kind = \"finding\"\ntitle = \"x\"\ndate = 2026-03-02\ndeadline = 2026-04-01\nstatus = \"open\"\nsource = \"2026/leadership/nothing\"",
    );
    assert_errors(&tree, &[e("2026/s1/a.md", 7, 10, "E-SOURCE")]);
}

#[test]
fn a_source_with_errors_is_not_reported_twice() {
    let tree = Tree::new()
        .record("2026/leadership/x.md", "kind = \"assessment\"\ntitle = \"x\"\ndate = 2026-13-02")
        .record(
            "2026/s1/a.md",
            "kind = \"finding\"\ntitle = \"x\"\ndate = 2026-03-02\ndeadline = 2026-04-01\nstatus = \"open\"\nsource = \"2026/leadership/x\"",
        );
    assert_errors(&tree, &[e("2026/leadership/x.md", 4, 8, "E-DATE")]);
}

#[test]
fn attachments_missing_or_outside_the_root() {
    let tree = Tree::new()
        .file("2026/leadership/attachments/ok.pdf", "%PDF")
        .record(
            "2026/leadership/a.md",
            &format!(
                "{MEETING}\nattachments = [\"attachments/ok.pdf\", \"attachments/missing.pdf\", \"../../../../etc/passwd\", \"/etc/passwd\"]"
            ),
        );
    assert_errors(
        &tree,
        &[
            e("2026/leadership/a.md", 5, 38, "E-ATTACH"),
            e("2026/leadership/a.md", 5, 65, "E-ATTACH-OUTSIDE"),
            e("2026/leadership/a.md", 5, 91, "E-ATTACH-OUTSIDE"),
        ],
    );
}

#[cfg(unix)]
#[test]
fn symlinks_that_leave_the_root_are_never_read() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md");
    std::fs::write(
        &secret,
        "+++\nkind = \"plan\"\ntitle = \"秘密\"\ndate = 2026-01-02\n+++\n",
    )
    .unwrap();
    std::fs::write(outside.path().join("secret.pdf"), "%PDF").unwrap();
    let tree = Tree::new().record(
        "2026/leadership/a.md",
        &format!("{MEETING}\nattachments = [\"attachments/link.pdf\"]"),
    );
    std::fs::create_dir_all(tree.path().join("2026/leadership/attachments")).unwrap();
    std::os::unix::fs::symlink(&secret, tree.path().join("2026/leadership/b.md")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.pdf"),
        tree.path().join("2026/leadership/attachments/link.pdf"),
    )
    .unwrap();
    assert_errors(
        &tree,
        &[
            e("2026/leadership/a.md", 5, 16, "E-ATTACH-OUTSIDE"),
            e("2026/leadership/b.md", 1, 1, "E-SYMLINK"),
        ],
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_inside_the_root_is_read() {
    let tree = Tree::new().record("2026/leadership/a.md", MEETING);
    std::fs::create_dir_all(tree.path().join("2026/s1")).unwrap();
    std::os::unix::fs::symlink(
        tree.path().join("2026/leadership/a.md"),
        tree.path().join("2026/s1/b.md"),
    )
    .unwrap();
    // the same front matter filed under s1 is a valid (if odd) record
    let (json, _) = tree.check_json("2026-12-31");
    assert_eq!(diags(&json["errors"]), []);
}

#[test]
fn files_that_are_not_utf8_or_empty() {
    let tree = Tree::new()
        .bytes(
            "2026/leadership/a.md",
            b"+++\nkind = \"plan\"\ntitle = \"\xd6\xd0\xce\xc4\"\n+++\n",
        )
        .file("2026/leadership/b.md", "")
        .file("2026/leadership/c.md", "  \n\n");
    assert_errors(
        &tree,
        &[
            e("2026/leadership/a.md", 1, 1, "E-UTF8"),
            e("2026/leadership/b.md", 1, 1, "E-EMPTY"),
            e("2026/leadership/c.md", 1, 1, "E-EMPTY"),
        ],
    );
}

#[test]
fn bom_crlf_and_quoted_dates_are_fine() {
    let tree = Tree::new()
        .bytes(
            "2026/leadership/a.md",
            "\u{feff}+++\r\nkind = \"plan\"\r\ntitle = \"计划\"\r\ndate = \"2026-01-05\"\r\n+++\r\n正文\r\n".as_bytes(),
        )
        .file(
            "2026/leadership/b.toml",
            "kind = \"plan\"\ntitle = \"计划\"\ndate = 2026-01-06\nbody = \"正文\"\n",
        );
    assert_errors(&tree, &[]);
}

#[test]
fn keys_of_other_kinds_and_body_in_markdown() {
    let tree = Tree::new().record(
        "2026/leadership/a.md",
        &format!("{MEETING}\ndeadline = 2026-04-01\nbody = \"x\""),
    );
    assert_errors(
        &tree,
        &[
            e("2026/leadership/a.md", 5, 1, "E-KEY-KIND"),
            e("2026/leadership/a.md", 6, 1, "E-KEY-UNKNOWN"),
        ],
    );
}

#[test]
fn wrong_value_types() {
    let tree = Tree::new().record(
        "2026/leadership/a.md",
        "kind = \"education\"\ntitle = 12\ndate = 2026-03-02\nattendees = \"dir\"\nparticipants_count = \"40\"",
    );
    assert_errors(
        &tree,
        &[
            e("2026/leadership/a.md", 3, 9, "E-TYPE"),
            e("2026/leadership/a.md", 5, 13, "E-TYPE"),
            e("2026/leadership/a.md", 6, 22, "E-TYPE"),
        ],
    );
}

#[test]
fn date_order_inside_a_record() {
    let tree = Tree::new().record(
        "2026/s1/a.md",
        "kind = \"finding\"\ntitle = \"x\"\ndate = 2026-03-02\ndeadline = 2026-04-01\nstatus = \"rectified\"\nrectified_on = 2026-03-01",
    );
    assert_errors(&tree, &[e("2026/s1/a.md", 7, 16, "E-DATE-ORDER")]);
}

#[test]
fn org_toml_problems() {
    let org = common::ORG.replace("roles = [\"staff\"]", "roles = [\"staf\"]")
        + "\n[[person]]\nid = \"dir\"\nname = \"重复\"\n\n[[section]]\nid = \"leadership\"\nname = \"x\"\n";
    let tree = Tree::bare().file("org.toml", &org).record(
        "2026/s1/a.md",
        "kind = \"life_meeting\"\ntitle = \"x\"\ndate = 2026-03-02\nchair = \"st\"",
    );
    let errors = tree.errors();
    let codes: Vec<(u64, &str)> = errors.iter().map(|e| (e.1, e.3.as_str())).collect();
    // line 41: roles = ["staf"]; line 45: a second "dir"; line 49: id = "leadership"
    assert_eq!(
        codes,
        [(41, "E-VALUE"), (45, "E-ID-DUP"), (49, "E-VALUE")],
        "{errors:?}"
    );
    assert!(errors.iter().all(|e| e.0 == "org.toml"));
}

#[test]
fn missing_org_toml() {
    let tree = Tree::bare().record("2026/leadership/a.md", MEETING);
    assert_errors(&tree, &[e("org.toml", 1, 1, "E-ORG-MISSING")]);
}

#[test]
fn stray_files_warn_unless_attached() {
    let tree = Tree::new()
        .record(
            "2026/leadership/a.md",
            &format!("{MEETING}\nattachments = [\"纪要.docx\"]"),
        )
        .file("2026/leadership/纪要.docx", "x")
        .file("2026/leadership/notes.txt", "x")
        .file("2026/leadership/.hidden.md", "ignored")
        .file("2026/_drafts/x.md", "ignored");
    assert_errors(&tree, &[]);
    assert_eq!(tree.warnings(), [e("2026/leadership/notes.txt", 1, 1, "W-STRAY")]);
    // --deny warnings turns the warning into a failure
    let out = tree.run_check(&["--as-of", "2026-01-01", "--deny", "warnings", "--year", "2026"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn person_not_in_post_is_a_warning() {
    let org = common::ORG.replace("name = \"科员戊\"", "name = \"科员戊\"\nuntil = 2026-02-28");
    let tree = Tree::bare().file("org.toml", &org).record(
        "2026/s1/a.md",
        "kind = \"life_meeting\"\ntitle = \"x\"\ndate = 2026-03-02\nattendees = [\"c1\", \"st\"]",
    );
    assert_errors(&tree, &[]);
    assert_eq!(tree.warnings(), [e("2026/s1/a.md", 5, 20, "W-NOT-IN-POST")]);
}

#[test]
fn rules_toml_problems_are_data_errors() {
    let tree = Tree::new().file(
        "rules.toml",
        "[[rule]]\nid = \"meeting.special-twise\"\nmin = 4\n\n[[rule]]\nid = \"education.yearly\"\nlevel = \"mandatory\"\n",
    );
    assert_errors(
        &tree,
        &[
            e("rules.toml", 2, 6, "E-RULE-UNKNOWN"),
            e("rules.toml", 7, 9, "E-VALUE"),
        ],
    );
    let (json, _) = tree.check_json("2026-12-31");
    assert!(
        json["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("meeting.special-twice")
    );
}

#[test]
fn usage_errors_exit_2() {
    let out = common::zerenzhi(&["check", "--records", "/nonexistent/records"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("找不到记录目录"));
    let out = common::zerenzhi(&["check", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
    let out = common::zerenzhi(&["check", "--as-of", "2026-02-30"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn english_messages() {
    let tree = Tree::new().record(
        "2026/leadership/a.md",
        "kind = \"metting\"\ntitle = \"x\"\ndate = 2026-03-02",
    );
    let out = tree.run_check(&["--format", "json", "--as-of", "2026-12-31", "--lang", "en"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["errors"][0]["message"], "unknown record kind `metting`");
    let tree = Tree::new().record("2026/leadership/a.md", &format!("{MEETING}\ntitel = \"x\""));
    let out = tree.run_check(&["--format", "json", "--as-of", "2026-12-31", "--lang", "en"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["errors"][0]["message"],
        "unknown key `titel` (did you mean `title`?)"
    );
}
