//! When the latest analysis of the demo county stops describing the data (结果已过期):
//! after an import into the analysed county, a restore, a batch deleted, a field outcome
//! recorded and a review decision — each fresh again once analysed — while a dry-run
//! import leaves it current.

mod common;

use std::path::{Path, PathBuf};

use enrolgap::analysis::freshness::freshness;
use enrolgap::analysis::review::{self, Decision};
use enrolgap::import::history::delete_batch;
use enrolgap::lists::versions::{restore, versions, VersionStatus};
use enrolgap::worklist::{followup, Outcome};
use enrolgap::{analyze, import_file, latest_gaps, ImportOptions, ListKind, NoProgress};
use rusqlite::Connection;

/// The demo county, imported and analysed on its as-of date: results are current.
fn analysed_demo() -> Connection {
    let mut conn = common::import_demo();
    analyze(&mut conn, common::demo_as_of(), &NoProgress).unwrap();
    assert!(!freshness(&conn).unwrap().stale, "analysed: current");
    conn
}

/// Asserts the results are out of date after `what`, then analyses again and asserts
/// they are current.
fn stale_until_analysed(conn: &mut Connection, what: &str) {
    assert!(freshness(conn).unwrap().stale, "stale after {what}");
    analyze(conn, common::demo_as_of(), &NoProgress).unwrap();
    assert!(
        !freshness(conn).unwrap().stale,
        "current after analysing {what}"
    );
}

/// A county-wide household list of one made-up resident: replaces the demo's.
fn new_household_list(dir: &Path) -> PathBuf {
    let path = dir.join("户籍.xlsx");
    let rows = vec![
        vec!["海丰县2026年12月户籍人口".to_string()],
        ["姓名", "身份证号", "乡镇", "村(社区)"]
            .map(String::from)
            .to_vec(),
        vec![
            "陈新户".to_string(),
            common::county::id(901),
            "海城镇".to_string(),
            "东门社区".to_string(),
        ],
    ];
    common::sheets::write(&path, &[("Sheet1".to_string(), rows)]);
    path
}

fn household_versions(conn: &Connection) -> Vec<(i64, VersionStatus)> {
    versions(conn)
        .unwrap()
        .into_iter()
        .filter(|v| v.kind == ListKind::Household)
        .map(|v| (v.batch_id, v.status))
        .collect()
}

#[test]
fn an_import_a_restore_and_a_delete_make_the_results_out_of_date() {
    let mut conn = analysed_demo();
    let dir = tempfile::tempdir().unwrap();
    let file = new_household_list(dir.path());

    let dry_run = ImportOptions {
        dry_run: true,
        ..Default::default()
    };
    import_file(&mut conn, &file, &dry_run, &NoProgress).unwrap();
    assert!(
        !freshness(&conn).unwrap().stale,
        "a dry run stores nothing and changes nothing"
    );

    let new = import_file(&mut conn, &file, &ImportOptions::default(), &NoProgress)
        .unwrap()
        .batch_id;
    let (old, status) = household_versions(&conn)
        .into_iter()
        .find(|(batch, _)| *batch != new)
        .unwrap();
    assert_eq!(
        status,
        VersionStatus::Superseded,
        "the demo's list replaced"
    );
    stale_until_analysed(&mut conn, "an import into an analysed county");

    restore(&mut conn, old).unwrap();
    stale_until_analysed(&mut conn, "a restore");

    delete_batch(&mut conn, new).unwrap();
    stale_until_analysed(&mut conn, "a delete");
}

#[test]
fn an_outcome_and_a_review_decision_make_the_results_out_of_date() {
    let mut conn = analysed_demo();
    let key = latest_gaps(&conn).unwrap()[0].person_key.clone();
    followup::record(
        &mut conn,
        &key,
        Outcome::Mobilised,
        Some("2026-06-30"),
        None,
        None,
    )
    .unwrap();
    stale_until_analysed(&mut conn, "a hand-recorded outcome");

    let item = review::pending(&conn).unwrap()[0].id;
    review::decide(&conn, item, Decision::Reject).unwrap();
    stale_until_analysed(&mut conn, "a review decision");

    review::undo(&conn, item).unwrap();
    stale_until_analysed(&mut conn, "a review decision undone");
}
