//! What a date decides in the next analysis: an 已在外地参保 field outcome holds for the
//! calendar year of its date and not the year after, re-dating an exclusion list moves
//! the year it holds for, and re-dating the version in force decides whether a later
//! import is newer than it (re-dating alone does not re-decide what is in force).

mod common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use enrolgap::lists::versions::{set_list_date, versions, VersionStatus};
use enrolgap::worklist::followup;
use enrolgap::worklist::Outcome;
use enrolgap::{analyze, import_file, latest_gaps, store, GapCode, ImportOptions, NoProgress};
use rusqlite::Connection;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A valid ID of someone born 1980-01-01, sequence `seq`.
fn id(seq: u32) -> String {
    common::with_check_digit(&format!("44152119800101{seq:03}"))
}

/// Writes a one-sheet workbook: a title line naming the list's date, then the rows (the
/// first is the header).
fn list(dir: &Path, file: &str, title: &str, rows: &[Vec<&str>]) -> PathBuf {
    let path = dir.join(file);
    let mut cells: Vec<Vec<String>> = vec![vec![title.to_string()]];
    cells.extend(
        rows.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect()),
    );
    common::sheets::write(&path, &[("Sheet1".to_string(), cells)]);
    path
}

fn household(dir: &Path, file: &str, title: &str, people: &[(&str, &str)]) -> PathBuf {
    let mut rows = vec![vec!["姓名", "公民身份号码", "乡镇"]];
    rows.extend(people.iter().map(|(name, id)| vec![*name, *id, "海城镇"]));
    list(dir, file, title, &rows)
}

fn import(conn: &mut Connection, path: &Path) -> i64 {
    import_file(conn, path, &ImportOptions::default(), &NoProgress)
        .unwrap()
        .batch_id
}

/// The names flagged by an analysis on `as_of`, sorted.
fn flagged_on(conn: &mut Connection, as_of: NaiveDate) -> Vec<String> {
    analyze(conn, as_of, &NoProgress).unwrap();
    let mut names: Vec<String> = latest_gaps(conn)
        .unwrap()
        .into_iter()
        .map(|g| g.name)
        .collect();
    names.sort();
    names
}

#[test]
fn an_insured_elsewhere_outcome_holds_in_its_year_and_not_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let a = id(11);
    let file = household(
        dir.path(),
        "户籍.xlsx",
        "海丰县2026年户籍人口",
        &[("陈一", &a)],
    );
    let mut conn = store::open_in_memory().unwrap();
    import(&mut conn, &file);
    assert_eq!(flagged_on(&mut conn, day(2026, 6, 30)), ["陈一"]);
    let key = latest_gaps(&conn).unwrap()[0].person_key.clone();
    followup::record(
        &mut conn,
        &key,
        Outcome::InsuredElsewhere,
        Some("2026-07-15"),
        None,
        None,
    )
    .unwrap();

    assert!(
        flagged_on(&mut conn, day(2026, 12, 31)).is_empty(),
        "settled for 2026"
    );
    assert_eq!(
        flagged_on(&mut conn, day(2027, 1, 31)),
        ["陈一"],
        "compared again in 2027"
    );
    let gap = &latest_gaps(&conn).unwrap()[0];
    assert_eq!(gap.code, GapCode::ResidentNotEnrolled);
    assert!(
        gap.reason.contains("2026-07-15") && gap.reason.contains("仅对当年有效"),
        "{}",
        gap.reason
    );
}

#[test]
fn re_dating_an_exclusion_list_moves_the_year_it_holds_for() {
    let dir = tempfile::tempdir().unwrap();
    let a = id(11);
    let people = household(
        dir.path(),
        "户籍.xlsx",
        "海丰县2026年8月户籍人口",
        &[("陈一", &a)],
    );
    let exclusion = list(
        dir.path(),
        "外地参保.xlsx",
        "2025年12月已在外地参保人员",
        &[
            vec!["姓名", "身份证号", "原因"],
            vec!["陈一", &a, "已在外地参保"],
        ],
    );
    let mut conn = store::open_in_memory().unwrap();
    import(&mut conn, &people);
    let excl = import(&mut conn, &exclusion);
    let as_of = day(2026, 8, 31);
    assert_eq!(flagged_on(&mut conn, as_of), ["陈一"], "a 2025 exclusion");

    set_list_date(&mut conn, excl, "2026-01").unwrap();
    assert!(
        flagged_on(&mut conn, as_of).is_empty(),
        "dated 2026, the exclusion holds in 2026"
    );
    set_list_date(&mut conn, excl, "2025").unwrap();
    assert_eq!(flagged_on(&mut conn, as_of), ["陈一"], "back to 2025");
}

/// Imports an August household list naming 陈一, re-dates it to `august_redated_to`
/// when given, then imports a May list naming 林二; returns the status of each version
/// and who the next analysis flags.
fn august_then_may(august_redated_to: Option<&str>) -> (VersionStatus, VersionStatus, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (id(11), id(22));
    let august = household(
        dir.path(),
        "户籍8月.xlsx",
        "海丰县2026年8月户籍人口",
        &[("陈一", &a)],
    );
    let may = household(
        dir.path(),
        "户籍5月.xlsx",
        "海丰县2026年5月户籍人口",
        &[("林二", &b)],
    );
    let mut conn = store::open_in_memory().unwrap();
    let first = import(&mut conn, &august);
    if let Some(date) = august_redated_to {
        set_list_date(&mut conn, first, date).unwrap();
    }
    let second = import(&mut conn, &may);
    let status = |batch: i64| {
        versions(&conn)
            .unwrap()
            .into_iter()
            .find(|v| v.batch_id == batch)
            .unwrap()
            .status
    };
    let (s1, s2) = (status(first), status(second));
    (s1, s2, flagged_on(&mut conn, day(2026, 8, 31)))
}

#[test]
fn the_list_date_decides_whether_a_later_import_is_newer_than_the_version_in_force() {
    // As dated, the May list is older than the August one in force: kept as history.
    assert_eq!(
        august_then_may(None),
        (
            VersionStatus::InForce,
            VersionStatus::Superseded,
            vec!["陈一".to_string()]
        )
    );
    // Re-dated to January, the version in force is older than May: the May list replaces it.
    assert_eq!(
        august_then_may(Some("2026-01")),
        (
            VersionStatus::Superseded,
            VersionStatus::InForce,
            vec!["林二".to_string()]
        )
    );
}

#[test]
fn re_dating_does_not_re_decide_what_is_in_force() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (id(11), id(22));
    let august = household(
        dir.path(),
        "户籍8月.xlsx",
        "海丰县2026年8月户籍人口",
        &[("陈一", &a)],
    );
    let may = household(
        dir.path(),
        "户籍5月.xlsx",
        "海丰县2026年5月户籍人口",
        &[("林二", &b)],
    );
    let mut conn = store::open_in_memory().unwrap();
    import(&mut conn, &august);
    let history = import(&mut conn, &may);
    // The May list, kept as history, re-dated after the August one: still history.
    set_list_date(&mut conn, history, "2026-12").unwrap();
    assert_eq!(flagged_on(&mut conn, day(2026, 8, 31)), ["陈一"]);
}
