//! The demo county through the engine: its gaps equal the truth the generator wrote, and
//! its possible matches wait in the review queue.

mod common;

use common::{demo_as_of, fixture, import_demo, DEMO_LISTS};

use enrolgap::{analyze, import_file, latest_gaps, store, ImportOptions, NoProgress};

/// A truth file's rows, without the header, sorted.
fn truth(file: &str) -> Vec<String> {
    let text = std::fs::read_to_string(fixture(file)).unwrap();
    let mut rows: Vec<String> = text.lines().skip(1).map(String::from).collect();
    rows.sort();
    rows
}

#[test]
fn demo_county_gaps_equal_the_truth() {
    let mut conn = import_demo();
    let summary = analyze(&mut conn, demo_as_of(), &NoProgress).unwrap();
    let mut got: Vec<String> = latest_gaps(&conn)
        .unwrap()
        .iter()
        .map(|g| {
            let id = g.id_number.as_deref().unwrap_or("");
            format!(
                "{},{id},{},{}",
                g.code.as_str(),
                g.name,
                g.birth_date.as_deref().unwrap_or("")
            )
        })
        .collect();
    got.sort();
    assert_eq!(got, truth("demo/truth.csv"));
    assert_eq!(summary.gaps_total as usize, got.len());
}

#[test]
fn possible_matches_wait_for_review_and_are_not_gaps() {
    let mut conn = import_demo();
    let summary = analyze(&mut conn, demo_as_of(), &NoProgress).unwrap();
    let mut pending: Vec<String> = enrolgap::analysis::review::pending(&conn)
        .unwrap()
        .into_iter()
        .map(|i| {
            format!(
                "{},{}",
                i.person.name,
                i.person.birth_date.unwrap_or_default()
            )
        })
        .collect();
    pending.sort();
    let want = truth("demo/review_truth.csv");
    assert_eq!(pending, want);
    assert_eq!(summary.review_pending as usize, want.len());
    let gaps = latest_gaps(&conn).unwrap();
    for person in &want {
        let name = person.split(',').next().unwrap();
        assert!(
            !gaps.iter().any(|g| g.name == name),
            "{name} waits for review, so is not a gap"
        );
    }
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
    let (first_row, last_row): (u32, u32) = conn
        .query_row(
            "SELECT MIN(row_number), MAX(row_number) FROM list_row WHERE batch_id = ?1",
            [s.batch_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        first_row, 4,
        "data starts on Excel row 4, below the title, filler and header rows"
    );
    assert_eq!(
        last_row,
        3 + s.rows_imported,
        "every row up to the 合计 row is a person, the 合计 row is not"
    );
}

#[test]
fn every_gap_names_its_source_rows_and_a_reason() {
    let mut conn = import_demo();
    analyze(&mut conn, demo_as_of(), &NoProgress).unwrap();
    for gap in latest_gaps(&conn).unwrap() {
        assert!(
            DEMO_LISTS.iter().any(|(f, _)| *f == gap.source_file),
            "{}",
            gap.source_file
        );
        assert!(gap.source_row >= 2, "row {}", gap.source_row);
        assert!(gap
            .sources
            .iter()
            .any(|s| s.file == gap.source_file && s.row == gap.source_row));
        assert!(gap.reason.contains("2026年度"), "{}", gap.reason);
        if let Some(id) = &gap.id_number {
            let masked = gap.id_masked.as_deref().unwrap();
            assert_eq!(masked.len(), id.len());
            assert!(!masked.contains(&id[6..14]));
        }
    }
}

#[test]
fn unusable_ids_are_reported_with_their_row_and_not_guessed() {
    let mut conn = store::open_in_memory().unwrap();
    import_file(
        &mut conn,
        &fixture("demo/household.xlsx"),
        &ImportOptions::default(),
        &NoProgress,
    )
    .unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT f.column_name, r.id_number, r.id_raw FROM finding f
             JOIN list_row r ON r.batch_id = f.batch_id AND r.row_number = f.row_number
             WHERE f.code = 'id_lost_precision'",
        )
        .unwrap();
    let rows: Vec<(String, Option<String>, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(!rows.is_empty());
    for (column, id, raw) in rows {
        assert_eq!(column, "公民身份号码");
        assert_eq!(id, None, "{raw} must not be repaired");
        assert!(raw.contains("E+"), "{raw}");
    }
}
