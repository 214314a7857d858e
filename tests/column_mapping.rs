//! The user's column mapping (`--map ROLE=COLUMN`): it overrides the guess, and once
//! confirmed it is reused for later files with the same header.

use std::path::{Path, PathBuf};

use enrolgap::{import_file, store, ColumnMapping, ErrorKind, ImportOptions, ListKind, NoProgress};

const ID_A: &str = "11010519491231002X";
const ID_B: &str = "441521198005010119";

/// Writes a one-sheet workbook with unusual headers.
fn workbook(dir: &Path, name: &str, rows: &[[&str; 3]]) -> PathBuf {
    let path = dir.join(name);
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *cell).unwrap();
        }
    }
    wb.save(&path).unwrap();
    path
}

fn map(role: &str, column: &str) -> ColumnMapping {
    ColumnMapping {
        role: role.parse().unwrap(),
        column: column.into(),
    }
}

#[test]
fn a_mapping_names_columns_the_guess_cannot_and_is_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let march = workbook(
        dir.path(),
        "march.xlsx",
        &[["人名", "号码", "地方"], ["陈大文", ID_A, "海城镇"]],
    );
    let april = workbook(
        dir.path(),
        "april.xlsx",
        &[["人名", "号码", "地方"], ["林小红", ID_B, "附城镇"]],
    );
    let mut conn = store::open_in_memory().unwrap();

    let err = import_file(&mut conn, &march, &ImportOptions::default(), &NoProgress).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::MissingColumn { .. }),
        "{err}"
    );

    let confirmed = ImportOptions {
        kind: Some(ListKind::Household),
        mapping: vec![
            map("name", "人名"),
            map("id_number", "B"),
            map("township", "地方"),
        ],
        ..Default::default()
    };
    let first = import_file(&mut conn, &march, &confirmed, &NoProgress).unwrap();
    assert_eq!(first.rows_imported, 1);
    assert!(!first.used_saved_mapping);

    let second = import_file(&mut conn, &april, &ImportOptions::default(), &NoProgress).unwrap();
    assert!(
        second.used_saved_mapping,
        "the same header layout reuses the confirmed mapping"
    );
    assert_eq!(second.kind, ListKind::Household);
    let (id, township): (String, String) = conn
        .query_row(
            "SELECT id_number, township FROM list_row WHERE batch_id = ?1",
            [second.batch_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((id.as_str(), township.as_str()), (ID_B, "附城镇"));
}

#[test]
fn a_mapping_overrides_a_wrong_guess() {
    let dir = tempfile::tempdir().unwrap();
    // 证件号码 holds a staff number here; the ID is in 备用号码.
    let file = workbook(
        dir.path(),
        "户籍.xlsx",
        &[["姓名", "证件号码", "备用号码"], ["陈大文", "A-0001", ID_A]],
    );
    let mut conn = store::open_in_memory().unwrap();
    let options = ImportOptions {
        mapping: vec![map("id_number", "备用号码")],
        ..Default::default()
    };
    let s = import_file(&mut conn, &file, &options, &NoProgress).unwrap();
    let id: String = conn
        .query_row(
            "SELECT id_number FROM list_row WHERE batch_id = ?1",
            [s.batch_id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(id, ID_A);
}

#[test]
fn an_unknown_role_or_column_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = workbook(
        dir.path(),
        "户籍.xlsx",
        &[["姓名", "身份证号", "乡镇"], ["陈大文", ID_A, "海城镇"]],
    );
    let mut conn = store::open_in_memory().unwrap();
    // An unknown role never reaches the import: `--map` and the app's JSON are refused.
    let bad_role = "idnumber=身份证号".parse::<ColumnMapping>().unwrap_err();
    assert!(
        bad_role.contains("idnumber") && bad_role.contains("id_number"),
        "{bad_role}"
    );
    let from_app = serde_json::from_str::<ColumnMapping>(r#"{"role":"idnumber","column":"C"}"#);
    assert!(from_app.is_err());
    let bad_column = ImportOptions {
        mapping: vec![map("phone", "电话号码")],
        ..Default::default()
    };
    let err = import_file(&mut conn, &file, &bad_column, &NoProgress).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::InvalidArgument { message } if message.contains("电话号码"))
    );
}

#[test]
fn map_is_parsed_from_role_equals_column() {
    let m: ColumnMapping = "id_number=证件号码".parse().unwrap();
    assert_eq!(m, map("id_number", "证件号码"));
    assert!("id_number".parse::<ColumnMapping>().is_err());
}
