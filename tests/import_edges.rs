//! Import refusals and findings no fixture reaches: a file whose columns fit two kinds
//! equally is refused as a close call (`KindUnclear`) until the kind is given or another
//! sheet settles it, and a row with data but neither name nor ID is reported as
//! `no_name_or_id` while a shorter one is taken for a footer note.

mod common;

use std::path::{Path, PathBuf};

use enrolgap::{
    analyze, import_file, latest_gaps, quality, store, ErrorKind, ImportOptions, ListKind,
    NoProgress,
};
use rusqlite::Connection;

/// Writes a workbook of these sheets (name, rows; the first row is the header).
fn workbook(dir: &Path, file: &str, sheets: &[(&str, Vec<Vec<String>>)]) -> PathBuf {
    let path = dir.join(file);
    let sheets: Vec<(String, Vec<Vec<String>>)> = sheets
        .iter()
        .map(|(name, rows)| (name.to_string(), rows.clone()))
        .collect();
    common::sheets::write(&path, &sheets);
    path
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

fn batches(conn: &Connection) -> i64 {
    conn.query_row("SELECT COUNT(*) FROM batch", [], |r| r.get(0))
        .unwrap()
}

/// A sheet with a 死亡日期 column (death, 2 points) and a 原因 column (exclusion,
/// 2 points), under a name and a file name that tell neither.
fn death_or_exclusion() -> Vec<Vec<String>> {
    vec![
        row(&["姓名", "身份证号", "死亡日期", "原因"]),
        row(&["陈一", &common::county::id(1), "2026-03-01", "死亡"]),
    ]
}

#[test]
fn a_file_that_fits_two_kinds_equally_is_refused_until_the_kind_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let file = workbook(dir.path(), "名单.xlsx", &[("Sheet1", death_or_exclusion())]);
    let mut conn = store::open_in_memory().unwrap();

    let err = import_file(&mut conn, &file, &ImportOptions::default(), &NoProgress).unwrap_err();
    match err.kind() {
        ErrorKind::KindUnclear { first, second, .. } => {
            let mut both = [*first, *second];
            both.sort_by_key(|k| k.as_str());
            assert_eq!(both, [ListKind::Death, ListKind::Exclusion]);
        }
        other => panic!("expected KindUnclear, got {other:?}"),
    }
    assert!(err.to_string().contains("--kind"), "{err}");
    assert_eq!(batches(&conn), 0, "a refused import stores nothing");

    let given = ImportOptions {
        kind: Some(ListKind::Death),
        ..Default::default()
    };
    let summary = import_file(&mut conn, &file, &given, &NoProgress).unwrap();
    assert_eq!((summary.kind, summary.rows_imported), (ListKind::Death, 1));
}

#[test]
fn another_sheet_with_a_clear_kind_settles_a_close_call() {
    let dir = tempfile::tempdir().unwrap();
    let clear = vec![
        row(&["姓名", "身份证号", "死亡日期"]),
        row(&["林二", &common::county::id(3), "2026-04-01"]),
    ];
    let file = workbook(
        dir.path(),
        "名单.xlsx",
        &[("Sheet1", death_or_exclusion()), ("死亡人员", clear)],
    );
    let mut conn = store::open_in_memory().unwrap();
    let summary = import_file(&mut conn, &file, &ImportOptions::default(), &NoProgress).unwrap();
    assert_eq!(summary.kind, ListKind::Death);
}

#[test]
fn a_row_with_data_but_no_name_or_id_is_reported_and_a_footer_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let file = workbook(
        dir.path(),
        "户籍.xlsx",
        &[(
            "户籍",
            vec![
                row(&["姓名", "身份证号", "乡镇", "村(社区)", "联系电话"]),
                row(&["陈一", &common::county::id(1), "海城镇", "东门社区", ""]),
                // Row 3: three filled cells, no name, no ID: someone's data lost its person.
                row(&["", "", "海城镇", "东门社区", "13800138000"]),
                row(&["林二", &common::county::id(3), "海城镇", "东门社区", ""]),
                // Row 5: two filled cells: a note under the table.
                row(&["", "", "海城镇", "东门社区", ""]),
            ],
        )],
    );
    let mut conn = store::open_in_memory().unwrap();
    let summary = import_file(&mut conn, &file, &ImportOptions::default(), &NoProgress).unwrap();
    assert_eq!(summary.rows_imported, 2, "only the rows naming a person");

    let reported: Vec<(u32, String)> = quality::findings(&conn, Some(summary.batch_id))
        .unwrap()
        .into_iter()
        .filter(|f| f.code == "no_name_or_id")
        .map(|f| (f.row, f.sheet))
        .collect();
    assert_eq!(reported, [(3, "户籍".to_string())]);

    analyze(&mut conn, common::demo_as_of(), &NoProgress).unwrap();
    let mut flagged: Vec<String> = latest_gaps(&conn)
        .unwrap()
        .into_iter()
        .map(|g| g.name)
        .collect();
    flagged.sort();
    assert_eq!(flagged, ["林二", "陈一"], "the unstored row is no gap");
}
