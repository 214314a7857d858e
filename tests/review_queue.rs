//! The review queue as an officer works through it: each candidate asked once, with the
//! enrolment row of the year the question is about; what the person's list says (school,
//! grade, class) beside it; decisions and their undo in the audit log, never naming the
//! resident; and every item's reason and details in English too.

mod common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use enrolgap::analysis::review::{self, Decision, ReviewField, ReviewItem};
use enrolgap::{analyze, import_file, store, ImportOptions, ListKind, NoProgress};
use rusqlite::Connection;

fn sheet(dir: &Path, file: &str, header: &[&str], rows: &[&[&str]]) -> PathBuf {
    let path = dir.join(file);
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, *v).unwrap();
        }
    }
    wb.save(&path).unwrap();
    path
}

/// The candidate's ID: a valid one, born 2010-03-13, male.
fn candidate_id() -> String {
    common::with_check_digit("44152120100313001")
}

const SCHOOL: &str = "海丰县实验中学";

/// A school roll naming 林晓明 (no ID) and a register whose rows for 林小明, born the same
/// day, are `years` (in that order), analysed on `as_of`.
fn county(years: &[&str], as_of: NaiveDate) -> Connection {
    let dir = tempfile::tempdir().unwrap();
    let roll = sheet(
        dir.path(),
        "学籍.xlsx",
        &[
            "姓名",
            "身份证号",
            "出生日期",
            "性别",
            "学校名称",
            "年级",
            "班级",
        ],
        &[&["林晓明", "", "2010-03-13", "男", SCHOOL, "初二", "3班"]],
    );
    let id = candidate_id();
    let rows: Vec<[&str; 7]> = years
        .iter()
        .map(|y| {
            [
                "林小明",
                id.as_str(),
                "2010-03-13",
                "男",
                "城乡居民基本医疗保险",
                "参保缴费",
                y,
            ]
        })
        .collect();
    let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
    let register = sheet(
        dir.path(),
        "参保记录.xlsx",
        &[
            "姓名",
            "证件号码",
            "出生日期",
            "性别",
            "险种",
            "参保状态",
            "缴费年度",
        ],
        &rows,
    );
    let mut conn = store::open_in_memory().unwrap();
    for (path, kind) in [(roll, ListKind::School), (register, ListKind::Enrolment)] {
        let opts = ImportOptions {
            kind: Some(kind),
            ..Default::default()
        };
        import_file(&mut conn, &path, &opts, &NoProgress).unwrap();
    }
    analyze(&mut conn, as_of, &NoProgress).unwrap();
    conn
}

fn in_2025() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 8, 31).unwrap()
}

fn only_item(conn: &Connection) -> ReviewItem {
    let mut pending = review::pending(conn).unwrap();
    assert_eq!(pending.len(), 1, "one candidate, one question: {pending:?}");
    pending.remove(0)
}

#[test]
fn the_register_side_shows_the_row_of_the_year_the_analysis_asks_about() {
    // The 2024 row comes first in the register; the question is about 2025.
    let conn = county(&["2024", "2025"], in_2025());
    let item = only_item(&conn);
    assert_eq!(item.candidate.row, 3, "the 2025 row: {:?}", item.candidate);
    assert!(
        item.candidate.detail.contains("2025年度"),
        "{}",
        item.candidate.detail
    );
    assert!(
        !item.candidate.detail.contains("2024"),
        "{}",
        item.candidate.detail
    );
    assert!(
        item.candidate.detail_en.contains("for 2025"),
        "{}",
        item.candidate.detail_en
    );
}

#[test]
fn without_a_row_for_the_year_the_latest_is_shown_and_says_its_year() {
    let conn = county(&["2023", "2024"], in_2025());
    let item = only_item(&conn);
    assert_eq!(item.candidate.row, 3, "the latest (2024) row");
    assert_eq!(
        item.candidate.detail,
        "居民医保 参保缴费 2024年度（无2025年度记录）"
    );
    assert_eq!(
        item.candidate.detail_en,
        "resident scheme, paid, for 2024 (no row for 2025)"
    );
}

#[test]
fn the_list_side_shows_school_grade_and_class() {
    let conn = county(&["2025"], in_2025());
    let item = only_item(&conn);
    let fact = |field: ReviewField| {
        item.person
            .facts
            .iter()
            .find(|f| f.field == field)
            .map(|f| f.value.as_str())
    };
    assert_eq!(fact(ReviewField::School), Some(SCHOOL));
    assert_eq!(fact(ReviewField::Grade), Some("初二"));
    assert_eq!(fact(ReviewField::Class), Some("3班"));
    assert_eq!(item.person.detail, "见于学籍名单");
    assert_eq!(item.person.detail_en, "on the school roll");
    assert!(
        item.candidate.facts.is_empty(),
        "the register names no school"
    );
}

/// The detail of every audit entry whose action is `review`, oldest first.
/// The review entries' details, Chinese and English, in the order written.
fn review_entries_in_both(conn: &Connection) -> Vec<(String, String)> {
    let mut entries = enrolgap::audit::entries(conn).unwrap();
    entries.sort_by_key(|e| e.id);
    entries
        .into_iter()
        .filter(|e| e.action == "review")
        .map(|e| (e.detail, e.detail_en))
        .collect()
}

fn review_entries(conn: &Connection) -> Vec<String> {
    review_entries_in_both(conn)
        .into_iter()
        .map(|(zh, _)| zh)
        .collect()
}

#[test]
fn a_decision_and_its_undo_are_both_audited_and_the_item_comes_back() {
    let mut conn = county(&["2025"], in_2025());
    let item = only_item(&conn);
    review::decide(&conn, item.id, Decision::Accept).unwrap();
    analyze(&mut conn, in_2025(), &NoProgress).unwrap();
    assert!(
        review::pending(&conn).unwrap().is_empty(),
        "accepted: nothing waits"
    );

    assert_eq!(review::undo(&conn, item.id).unwrap(), Decision::Accept);
    assert!(
        review::undo(&conn, item.id).is_err(),
        "a decision is undone once"
    );
    analyze(&mut conn, in_2025(), &NoProgress).unwrap();
    let back = only_item(&conn);
    assert_ne!(back.id, item.id, "a new analysis, a new item number");
    assert_eq!(
        (back.person.clone(), back.candidate.clone()),
        (item.person, item.candidate)
    );

    let entries = review_entries(&conn);
    assert_eq!(
        entries,
        vec![
            format!("复核第 {} 条：是同一人", item.id),
            format!("撤销复核第 {} 条的结论（是同一人）", item.id),
        ]
    );
    let english: Vec<String> = review_entries_in_both(&conn)
        .into_iter()
        .map(|(_, en)| en)
        .collect();
    assert_eq!(
        english,
        vec![
            format!("Reviewed item {}: the same person", item.id),
            format!("Undid the decision on item {} (the same person)", item.id),
        ],
        "the decision and its undo read in English too"
    );
    for detail in entries.iter().chain(&english) {
        for personal in ["林晓明", "林小明", candidate_id().as_str(), "2010-03-13"] {
            assert!(!detail.contains(personal), "{detail} names the resident");
        }
    }
    assert_eq!(
        enrolgap::audit::verify(&conn).unwrap(),
        None,
        "the log checks out"
    );

    // Deciding again after an undo is an ordinary decision.
    review::decide(&conn, back.id, Decision::Reject).unwrap();
    analyze(&mut conn, in_2025(), &NoProgress).unwrap();
    assert!(review::pending(&conn).unwrap().is_empty());
    assert_eq!(review_entries(&conn).len(), 3);
}

fn is_chinese(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Asserts every pending item's English texts carry no Chinese but the lists' own words.
fn assert_english(items: &[ReviewItem], county: &str) {
    for item in items {
        assert!(
            item.why_en.starts_with("The same birth date; "),
            "{}",
            item.why_en
        );
        assert!(
            !item.why_en.chars().any(is_chinese),
            "{county}: {}",
            item.why_en
        );
        for side in [&item.person, &item.candidate] {
            assert!(!side.detail_en.is_empty(), "{county}: {side:?}");
            assert!(
                !side.detail_en.chars().any(is_chinese),
                "{county}: {}",
                side.detail_en
            );
        }
    }
}

#[test]
fn every_review_item_of_the_demo_county_has_english_texts() {
    let mut conn = common::import_demo();
    analyze(&mut conn, common::demo_as_of(), &NoProgress).unwrap();
    let demo = review::pending(&conn).unwrap();
    assert!(demo.len() >= 2, "the demo county has possible matches");
    assert_english(&demo, "demo");
}

#[test]
fn the_command_line_takes_a_decision_back_with_undo() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("enrolgap.sqlite3");
    let run = |args: &[&str]| {
        let mut cmd = assert_cmd::Command::cargo_bin("enrolgap").unwrap();
        cmd.env_remove("ENROLGAP_DB")
            .arg("--db")
            .arg(&db)
            .args(args);
        cmd.assert()
    };
    let as_of = common::demo_as_of().to_string();
    let mut import = vec!["import".to_string()];
    for (file, _) in common::DEMO_LISTS {
        import.push(
            common::fixture(&format!("demo/{file}"))
                .display()
                .to_string(),
        );
    }
    run(&import.iter().map(String::as_str).collect::<Vec<_>>()).success();
    let pending = |args: &[&str]| {
        run(&["analyze", "--as-of", &as_of]).success();
        let out = run(args).success().get_output().stdout.clone();
        let items: serde_json::Value = serde_json::from_slice(&out).unwrap();
        items.as_array().unwrap().len()
    };
    let before = pending(&["review", "--format", "json"]);
    run(&["review", "--accept", "1"]).success();
    assert_eq!(pending(&["review", "--format", "json"]), before - 1);
    let said = run(&["review", "--undo", "1"])
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8(said).unwrap().contains("已撤销第 1 条"));
    run(&["review", "--undo", "1"]).failure();
    assert_eq!(pending(&["review", "--format", "json"]), before);
}
