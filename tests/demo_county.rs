//! The demo county through the engine: its gaps equal the truth the generator wrote.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use enrolgap::{analyze, import_file, latest_gaps, store, ImportOptions, ListKind, NoProgress};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(path)
}

fn as_of() -> NaiveDate {
    let text = std::fs::read_to_string(fixture("demo/as_of.txt")).unwrap();
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").unwrap()
}

/// The truth file's rows, without the header, sorted.
fn truth() -> Vec<String> {
    let text = std::fs::read_to_string(fixture("demo/truth.csv")).unwrap();
    let mut rows: Vec<String> = text.lines().skip(1).map(String::from).collect();
    rows.sort();
    rows
}

#[test]
fn demo_county_gaps_equal_the_truth() {
    let mut conn = store::open_in_memory().unwrap();
    let options = ImportOptions::default();
    let household = import_file(
        &mut conn,
        &fixture("demo/household.xlsx"),
        &options,
        &NoProgress,
    )
    .unwrap();
    let enrolment = import_file(
        &mut conn,
        &fixture("demo/enrolment.xlsx"),
        &options,
        &NoProgress,
    )
    .unwrap();
    assert_eq!(household.kind, ListKind::Household);
    assert_eq!(enrolment.kind, ListKind::Enrolment);

    let summary = analyze(&mut conn, as_of(), &NoProgress).unwrap();
    let gaps = latest_gaps(&conn).unwrap();
    let mut got: Vec<String> = gaps
        .iter()
        .map(|g| {
            format!(
                "{},{},{},{}",
                g.code.as_str(),
                g.id_number.as_deref().unwrap_or(""),
                g.name,
                g.birth_date.as_deref().unwrap_or("")
            )
        })
        .collect();
    got.sort();
    assert_eq!(got, truth());
    assert_eq!(summary.gaps_total as usize, truth().len());
    assert_eq!(
        summary.residents - summary.enrolled_residents,
        summary.gaps_total
    );
}

#[test]
fn household_title_rows_and_totals_row_are_not_people() {
    let mut conn = store::open_in_memory().unwrap();
    let s = import_file(
        &mut conn,
        &fixture("demo/household.xlsx"),
        &ImportOptions::default(),
        &NoProgress,
    )
    .unwrap();
    // 320 people between a two-line title and a 合计 row.
    assert_eq!(s.rows_imported, 320);
    let first_row: u32 = conn
        .query_row(
            "SELECT MIN(row_number) FROM list_row WHERE batch_id = ?1",
            [s.batch_id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        first_row, 4,
        "data starts on Excel row 4, below the title, filler and header rows"
    );
}

#[test]
fn every_gap_names_its_source_row_and_a_reason() {
    let mut conn = store::open_in_memory().unwrap();
    for f in ["demo/household.xlsx", "demo/enrolment.xlsx"] {
        import_file(
            &mut conn,
            &fixture(f),
            &ImportOptions::default(),
            &NoProgress,
        )
        .unwrap();
    }
    analyze(&mut conn, as_of(), &NoProgress).unwrap();
    for gap in latest_gaps(&conn).unwrap() {
        assert_eq!(gap.source_file, "household.xlsx");
        assert!(gap.source_row >= 4, "row {}", gap.source_row);
        assert!(
            gap.reason.contains("2026年度无有效参保记录"),
            "{}",
            gap.reason
        );
        if let Some(id) = &gap.id_number {
            assert_eq!(gap.id_masked.as_deref().unwrap().len(), id.len());
            assert!(!gap.id_masked.as_deref().unwrap().contains(&id[6..14]));
        }
    }
}

#[test]
fn unusable_ids_are_reported_with_their_row_and_not_guessed() {
    let mut conn = store::open_in_memory().unwrap();
    let s = import_file(
        &mut conn,
        &fixture("demo/household.xlsx"),
        &ImportOptions::default(),
        &NoProgress,
    )
    .unwrap();
    let mut stmt = conn
        .prepare("SELECT f.row_number, f.column_name, r.id_number FROM finding f JOIN list_row r ON r.batch_id = f.batch_id AND r.row_number = f.row_number WHERE f.code = 'id_lost_precision'")
        .unwrap();
    let rows: Vec<(u32, String, Option<String>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len() as u32, s.rows_with_problems);
    assert!(!rows.is_empty());
    for (_, column, id) in rows {
        assert_eq!(column, "公民身份号码");
        assert_eq!(id, None);
    }
}
