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
        .map(|t| {
            conn.query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0))
                .unwrap()
        })
        .collect()
}

fn refused(file: &str) -> ErrorKind {
    let mut conn = store::open_in_memory().unwrap();
    import_file(
        &mut conn,
        &fixture("demo/household.xlsx"),
        &ImportOptions::default(),
        &NoProgress,
    )
    .unwrap();
    let before = counts(&conn);
    let err = import_file(
        &mut conn,
        &fixture(file),
        &ImportOptions::default(),
        &NoProgress,
    )
    .unwrap_err();
    assert_eq!(counts(&conn), before, "{file} changed the database");
    let name = Path::new(file)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let message = err.to_string();
    assert!(
        message.contains(&name),
        "{file}: message does not name the file: {message}"
    );
    assert!(
        !message.contains('\n'),
        "{file}: message is not one line: {message}"
    );
    err.kind().clone()
}

#[test]
fn a_truncated_workbook_is_refused() {
    assert!(matches!(
        refused("errors/truncated.xlsx"),
        ErrorKind::NotASpreadsheet { .. }
    ));
}

#[test]
fn an_empty_file_is_refused() {
    assert!(matches!(
        refused("errors/empty.xlsx"),
        ErrorKind::EmptyFile { .. }
    ));
}

#[test]
fn random_bytes_are_refused() {
    assert!(matches!(
        refused("errors/random_bytes.xlsx"),
        ErrorKind::NotASpreadsheet { .. }
    ));
}

#[test]
fn text_named_xlsx_is_refused() {
    assert!(matches!(
        refused("errors/not_a_spreadsheet.xlsx"),
        ErrorKind::NotASpreadsheet { .. }
    ));
}

#[test]
fn a_workbook_of_empty_sheets_is_refused() {
    assert!(matches!(
        refused("errors/empty_sheets_only.xlsx"),
        ErrorKind::EmptyFile { .. }
    ));
}

#[test]
fn a_password_protected_workbook_is_refused_as_such() {
    assert!(matches!(
        refused("errors/password_protected.xlsx"),
        ErrorKind::PasswordProtected { .. }
    ));
}

#[test]
fn a_list_without_an_id_column_is_refused() {
    let kind = refused("errors/household_without_id_column.xlsx");
    assert!(
        matches!(kind, ErrorKind::MissingColumn { ref column, .. } if column == "身份证号"),
        "{kind:?}"
    );
}

#[test]
fn a_list_whose_columns_name_nothing_known_is_refused() {
    assert!(matches!(
        refused("errors/unknown_columns.csv"),
        ErrorKind::MissingColumn { .. }
    ));
}

#[test]
fn a_missing_file_is_refused() {
    let mut conn = store::open_in_memory().unwrap();
    let err = import_file(
        &mut conn,
        Path::new("/no/such/名单.xlsx"),
        &ImportOptions::default(),
        &NoProgress,
    )
    .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::FileUnreadable { file, .. } if file == "名单.xlsx"));
}

#[test]
fn a_broken_byte_in_a_utf8_csv_is_replaced_and_reported_with_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("户籍.csv");
    let mut bytes = "姓名,身份证号,乡镇\n".as_bytes().to_vec();
    for i in 0..30 {
        bytes.extend_from_slice(format!("居民{i},,海城镇\n").as_bytes());
    }
    bytes.extend_from_slice("陈大文,11010519491231002X,海城".as_bytes());
    bytes.push(0xFF);
    bytes.extend_from_slice("镇\n".as_bytes());
    std::fs::write(&path, bytes).unwrap();
    let mut conn = enrolgap::store::open_in_memory().unwrap();
    let options = enrolgap::ImportOptions {
        kind: Some(enrolgap::ListKind::Household),
        ..Default::default()
    };
    enrolgap::import_file(&mut conn, &path, &options, &enrolgap::NoProgress).unwrap();
    let name: String = conn
        .query_row("SELECT name FROM list_row WHERE row_number = 2", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(name, "居民0", "read as UTF-8, not as GB18030");
    let findings = enrolgap::quality::findings(&conn, None).unwrap();
    let broken = findings
        .iter()
        .find(|f| f.code == "text_replaced")
        .expect("the broken cell is reported");
    assert_eq!((broken.row, broken.column.as_str()), (32, "乡镇"));
}
