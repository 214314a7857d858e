//! Several files in one import: each its own all-or-nothing batch, in order, the same as
//! one by one; a bad file is reported and (on the command line) the rest go on; a
//! cancellation rolls back the file being stored and stops. The rows keep their original
//! cells, read back exactly.

mod common;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use common::fixture;
use enrolgap::import::files::OnError;
use enrolgap::{
    import_file, import_files, store, ErrorKind, ImportOptions, NoProgress, Progress,
    ProgressUpdate,
};
use rusqlite::Connection;

fn demo(file: &str) -> PathBuf {
    fixture(&format!("demo/{file}"))
}

/// Each batch's kind, rows and the rows' normalised columns, in batch order.
fn stored(conn: &Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare(
            "SELECT b.kind, b.file_name, r.sheet, r.row_number, r.id_number, r.name, r.original
             FROM list_row r JOIN batch b ON b.id = r.batch_id ORDER BY r.id",
        )
        .unwrap();
    let rows = stmt.query_map([], |r| {
        Ok(format!(
            "{}|{}|{}|{}|{:?}|{:?}|{}",
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, String>(6)?
        ))
    });
    rows.unwrap().map(Result::unwrap).collect()
}

#[test]
fn several_files_store_as_one_by_one_and_a_bad_file_does_not_hold_back_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.xlsx");
    std::fs::write(&broken, b"PK\x03\x04 not really a workbook").unwrap();
    let paths = vec![
        demo("household.xlsx"),
        broken.clone(),
        demo("enrolment.xlsx"),
        demo("birth.xlsx"),
    ];

    let mut together = store::open_in_memory().unwrap();
    let results = import_files(
        &mut together,
        &paths,
        &[ImportOptions::default()],
        OnError::Continue,
        &NoProgress,
    );
    assert_eq!(results.len(), 4);
    assert!(
        results[0].is_ok() && results[2].is_ok() && results[3].is_ok(),
        "{results:?}"
    );
    assert!(matches!(
        results[1].as_ref().unwrap_err().kind(),
        ErrorKind::NotASpreadsheet { .. }
    ));

    let mut apart = store::open_in_memory().unwrap();
    for path in [&paths[0], &paths[2], &paths[3]] {
        import_file(&mut apart, path, &ImportOptions::default(), &NoProgress).unwrap();
    }
    assert_eq!(stored(&together), stored(&apart));

    // The app stops at the first bad file; the files before it stay imported.
    let mut app = store::open_in_memory().unwrap();
    let results = import_files(
        &mut app,
        &paths,
        &[ImportOptions::default()],
        OnError::Stop,
        &NoProgress,
    );
    assert_eq!(results.len(), 2);
    let batches: i64 = app
        .query_row("SELECT COUNT(*) FROM batch", [], |r| r.get(0))
        .unwrap();
    assert_eq!(batches, 1);
}

/// Cancels once the second file starts storing.
struct CancelInSecond {
    cancelled: AtomicBool,
}

impl Progress for CancelInSecond {
    fn report(&self, update: ProgressUpdate) {
        if update.file.as_deref() == Some("enrolment.xlsx") {
            self.cancelled.store(true, Ordering::SeqCst);
        }
    }
    fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::SeqCst)
    }
}

#[test]
fn a_cancellation_keeps_the_files_before_and_nothing_of_the_rest() {
    let paths = vec![
        demo("household.xlsx"),
        demo("enrolment.xlsx"),
        demo("birth.xlsx"),
    ];
    let mut conn = store::open_in_memory().unwrap();
    let progress = CancelInSecond {
        cancelled: AtomicBool::new(false),
    };
    let results = import_files(
        &mut conn,
        &paths,
        &[ImportOptions::default()],
        OnError::Continue,
        &progress,
    );
    assert_eq!(
        results.len(),
        2,
        "nothing after the cancelled file is attempted"
    );
    assert!(results[0].is_ok());
    assert!(matches!(
        results[1].as_ref().unwrap_err().kind(),
        ErrorKind::Cancelled
    ));
    let files: Vec<String> = conn
        .prepare("SELECT file_name FROM batch")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(files, vec!["household.xlsx".to_string()]);
}

#[test]
fn the_original_cells_read_back_as_the_file_has_them() {
    let mut conn = store::open_in_memory().unwrap();
    import_file(
        &mut conn,
        &demo("household.xlsx"),
        &ImportOptions::default(),
        &NoProgress,
    )
    .unwrap();
    let (row_id, name, id_raw): (i64, String, String) = conn
        .query_row("SELECT id, name, COALESCE(id_raw, id_number) FROM list_row
             WHERE name IS NOT NULL AND COALESCE(id_raw, id_number) IS NOT NULL ORDER BY id LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    let cells = enrolgap::import::original::of_row(&conn, row_id).unwrap();
    assert!(cells.values().any(|v| v == &name), "{cells:?}");
    assert!(
        cells.values().any(|v| v.contains(&id_raw[..6])),
        "{cells:?}"
    );
    assert!(cells.len() >= 3, "{cells:?}");
}

/// Writes a one-sheet workbook of text cells.
fn workbook(dir: &std::path::Path, name: &str, rows: &[&[&str]]) -> PathBuf {
    let path = dir.join(name);
    let rows = rows
        .iter()
        .map(|row| row.iter().map(|c| c.to_string()).collect())
        .collect();
    common::sheets::write(&path, &[("名单".to_string(), rows)]);
    path
}

fn household() -> ImportOptions {
    ImportOptions {
        kind: Some(enrolgap::ListKind::Household),
        ..Default::default()
    }
}

/// The next file is planned while the file before is still in its transaction: a
/// mapping that file's import confirmed is already there for it, as one by one.
#[test]
fn a_mapping_confirmed_for_one_file_serves_the_next_in_the_same_import() {
    let dir = tempfile::tempdir().unwrap();
    let header: &[&str] = &["人名", "号码", "地方"];
    let march = workbook(
        dir.path(),
        "march.xlsx",
        &[header, &["陈大文", "11010519491231002X", "海城镇"]],
    );
    let april = workbook(
        dir.path(),
        "april.xlsx",
        &[header, &["林小红", "441521198005010119", "附城镇"]],
    );
    let confirmed = ImportOptions {
        mapping: ["name=人名", "id_number=B", "township=地方"]
            .iter()
            .map(|m| {
                let (role, column) = m.split_once('=').unwrap();
                enrolgap::ColumnMapping {
                    role: role.parse().unwrap(),
                    column: column.into(),
                }
            })
            .collect(),
        ..household()
    };
    let mut conn = store::open_in_memory().unwrap();
    let results = import_files(
        &mut conn,
        &[march, april],
        &[confirmed, ImportOptions::default()],
        OnError::Continue,
        &NoProgress,
    );
    assert!(!results[0].as_ref().unwrap().used_saved_mapping);
    let second = results[1].as_ref().unwrap();
    assert!(second.used_saved_mapping, "the confirmed mapping is found");
    assert_eq!(second.rows_imported, 1);
}

/// A file that fails after its last row (no person in it) rolls back; the next file,
/// planned meanwhile against that transaction, is planned again: a copy of the failed
/// file is not "imported before", it fails for its own reason.
#[test]
fn a_file_failing_after_its_rows_leaves_the_next_file_planned_afresh() {
    let dir = tempfile::tempdir().unwrap();
    let header: &[&str] = &["姓名", "身份证号", "乡镇", "村", "地址"];
    let nobody: &[&str] = &["", "", "海城镇", "东村", "一巷 3 号"];
    let first = workbook(dir.path(), "nobody.xlsx", &[header, nobody, nobody]);
    let copy = dir.path().join("nobody-copy.xlsx");
    std::fs::copy(&first, &copy).unwrap();
    let mut conn = store::open_in_memory().unwrap();
    let results = import_files(
        &mut conn,
        &[first, copy],
        &[household()],
        OnError::Continue,
        &NoProgress,
    );
    for result in &results {
        assert!(
            matches!(
                result.as_ref().unwrap_err().kind(),
                ErrorKind::EmptyFile { .. }
            ),
            "{:?}",
            result.as_ref().map(|s| s.batch_id)
        );
    }
    let batches: i64 = conn
        .query_row("SELECT COUNT(*) FROM batch", [], |r| r.get(0))
        .unwrap();
    assert_eq!(batches, 0);
}

/// A dry run rolls every file back, so each is planned against what is stored: a copy of
/// the first file is not refused as imported before.
#[test]
fn a_dry_run_of_several_files_plans_each_against_what_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let header: &[&str] = &["姓名", "身份证号", "乡镇"];
    let first = workbook(
        dir.path(),
        "list.xlsx",
        &[header, &["陈大文", "11010519491231002X", "海城镇"]],
    );
    let copy = dir.path().join("list-copy.xlsx");
    std::fs::copy(&first, &copy).unwrap();
    let dry = ImportOptions {
        dry_run: true,
        ..household()
    };
    let mut conn = store::open_in_memory().unwrap();
    let results = import_files(
        &mut conn,
        &[first, copy],
        &[dry],
        OnError::Continue,
        &NoProgress,
    );
    for result in &results {
        let summary = result.as_ref().unwrap();
        assert!(summary.dry_run);
        assert_eq!(summary.rows_imported, 1);
    }
}
