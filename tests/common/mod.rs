//! What several integration tests share: the fixture paths and the demo county loaded
//! into a fresh in-memory database.
#![allow(dead_code)] // Each test file uses its own subset.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use enrolgap::{import_file, store, ImportOptions, ListKind, NoProgress};
use rusqlite::Connection;

/// A path under `fixtures/`.
pub fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(path)
}

/// Every list of the demo county, with the kind import must recognise it as.
pub const DEMO_LISTS: [(&str, ListKind); 8] = [
    ("household.xlsx", ListKind::Household),
    ("enrolment.xlsx", ListKind::Enrolment),
    ("birth.xlsx", ListKind::Birth),
    ("school.xlsx", ListKind::School),
    ("welfare.xlsx", ListKind::Welfare),
    ("roster.xlsx", ListKind::Roster),
    ("death.xlsx", ListKind::Death),
    ("exclusion.xlsx", ListKind::Exclusion),
];

/// The demo county's as-of date (fixtures/demo/as_of.txt).
pub fn demo_as_of() -> NaiveDate {
    let text = std::fs::read_to_string(fixture("demo/as_of.txt")).unwrap();
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").unwrap()
}

/// A fresh in-memory database holding every list of the demo county, each recognised
/// as its kind.
pub fn import_demo() -> Connection {
    let mut conn = store::open_in_memory().unwrap();
    for (file, kind) in DEMO_LISTS {
        let path = fixture(&format!("demo/{file}"));
        let s = import_file(&mut conn, &path, &ImportOptions::default(), &NoProgress).unwrap();
        assert_eq!(s.kind, kind, "{file}");
    }
    conn
}

pub mod county;
pub mod sheets;
/// A household list of `rows` residents with valid, distinct IDs, as a UTF-8 CSV: big
/// enough, at tens of thousands of rows, that an import takes a while.
pub fn household_csv(path: &Path, rows: usize) {
    let mut csv = String::from("姓名,身份证号,乡镇,村(社区)\n");
    for i in 0..rows {
        let first17 = format!(
            "441521{}{:03}",
            19_800_101 + (i % 28) as u32 + 100 * ((i / 28) % 12) as u32,
            i % 1000
        );
        csv.push_str(&format!(
            "居民{i},{},海城镇,东门社区\n",
            with_check_digit(&first17)
        ));
    }
    std::fs::write(path, csv).unwrap();
}

/// The valid 18-digit ID with these first 17 digits (ISO 7064 MOD 11-2 check digit).
pub fn with_check_digit(first17: &str) -> String {
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .chars()
        .zip(weights)
        .map(|(c, w)| c.to_digit(10).unwrap() * w)
        .sum();
    format!(
        "{first17}{}",
        ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][(sum % 11) as usize]
    )
}
