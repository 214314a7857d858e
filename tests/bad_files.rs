//! Files that cannot be used are refused with one clear error naming the file, and the
//! database stays exactly as it was.

mod common;

use common::fixture;

use std::path::Path;

use enrolgap::{import_file, store, ErrorKind, ImportOptions, NoProgress};
use rusqlite::Connection;


fn counts(conn: &Connection) -> Vec<i64> {
    ["batch", "list_row", "finding", "saved_mapping"]
        .iter()
        .map(|t| conn.query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0)).unwrap())
        .collect()
}

fn refused(file: &str) -> ErrorKind {
    let mut conn = store::open_in_memory().unwrap();
    import_file(&mut conn, &fixture("demo/household.xlsx"), &ImportOptions::default(), &NoProgress).unwrap();
    let before = counts(&conn);
    let err = import_file(&mut conn, &fixture(file), &ImportOptions::default(), &NoProgress).unwrap_err();
    assert_eq!(counts(&conn), before, "{file} changed the database");
    let name = Path::new(file).file_name().unwrap().to_string_lossy().into_owned();
    let message = err.to_string();
    assert!(message.contains(&name), "{file}: message does not name the file: {message}");
    assert!(!message.contains('\n'), "{file}: message is not one line: {message}");
    err.kind().clone()
}

#[test]
fn a_truncated_workbook_is_refused() {
    assert!(matches!(refused("errors/truncated.xlsx"), ErrorKind::NotASpreadsheet { .. }));
}

#[test]
fn an_empty_file_is_refused() {
    assert!(matches!(refused("errors/empty.xlsx"), ErrorKind::EmptyFile { .. }));
}

#[test]
fn random_bytes_are_refused() {
    assert!(matches!(refused("errors/random_bytes.xlsx"), ErrorKind::NotASpreadsheet { .. }));
}

#[test]
fn text_named_xlsx_is_refused() {
    assert!(matches!(refused("errors/not_a_spreadsheet.xlsx"), ErrorKind::NotASpreadsheet { .. }));
}

#[test]
fn a_workbook_of_empty_sheets_is_refused() {
    assert!(matches!(refused("errors/empty_sheets_only.xlsx"), ErrorKind::EmptyFile { .. }));
}

#[test]
fn a_password_protected_workbook_is_refused_as_such() {
    assert!(matches!(refused("errors/password_protected.xlsx"), ErrorKind::PasswordProtected { .. }));
}

#[test]
fn a_list_without_an_id_column_is_refused() {
    let kind = refused("errors/household_without_id_column.xlsx");
    assert!(matches!(kind, ErrorKind::MissingColumn { ref column, .. } if column == "身份证号"), "{kind:?}");
}

#[test]
fn a_list_whose_columns_name_nothing_known_is_refused() {
    assert!(matches!(refused("errors/unknown_columns.csv"), ErrorKind::MissingColumn { .. }));
}

#[test]
fn a_missing_file_is_refused() {
    let mut conn = store::open_in_memory().unwrap();
    let err = import_file(&mut conn, Path::new("/no/such/名单.xlsx"), &ImportOptions::default(), &NoProgress)
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::FileUnreadable { file, .. } if file == "名单.xlsx"));
}
