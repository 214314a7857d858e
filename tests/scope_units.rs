//! A list's scope is decided from the units its rows were seen with while stored (no
//! second read of the rows): for every demo list, the stored scope must be what reading
//! the rows back gives.

mod common;

use common::fixture;
use enrolgap::lists::scope::{distinct_units, row_dimension, ScopeDimension};
use enrolgap::{import_file, store, ImportOptions, ListKind, NoProgress};

#[test]
fn each_lists_scope_units_are_its_rows_units() {
    let mut conn = store::open_in_memory().unwrap();
    let mut checked = 0;
    for file in [
        "household",
        "enrolment",
        "school",
        "welfare",
        "roster",
        "exclusion",
    ] {
        let path = fixture(&format!("demo/{file}.xlsx"));
        import_file(&mut conn, &path, &ImportOptions::default(), &NoProgress).unwrap();
        let (batch, kind, dimension, units): (i64, String, String, String) = conn
            .query_row(
                "SELECT id, kind, scope_dimension, scope_units FROM batch ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
        let kind: ListKind = kind.parse().unwrap();
        let stored: Vec<String> = serde_json::from_str(&units).unwrap();
        let by_rows = row_dimension(kind).expect("these lists' rows have units");
        let read_back = distinct_units(&conn, batch, by_rows).unwrap();
        if dimension == by_rows.as_str() {
            assert_eq!(stored, read_back, "{file}");
            checked += 1;
        } else {
            // The county: several townships, or one the title does not name.
            assert_eq!(dimension, ScopeDimension::County.as_str(), "{file}");
            assert!(stored.is_empty(), "{file}");
        }
    }
    assert!(
        checked >= 3,
        "the register, the school roll and the roster at least"
    );
}
