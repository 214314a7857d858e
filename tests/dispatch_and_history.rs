//! Over the two-month campaign (fixtures/campaign): each township's worklist is sent,
//! one comes back filled, the rest are late; August's analysis confirms enrolments. The
//! dispatch status per unit and one person's history say exactly that, and the history
//! never carries a full ID.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use common::fixture;
use common::sheets::{self, column, data_rows};
use enrolgap::analysis::campaign::ClosedBecause;
use enrolgap::analysis::RouteType;
use enrolgap::dispatch::{self, DispatchStatus};
use enrolgap::person_history;
use enrolgap::worklist::{self, columns, followup, Outcome, SplitBy, WorklistOptions};
use enrolgap::{analyze, import_file, latest_gaps, store, ImportOptions, NoProgress};
use rusqlite::Connection;

fn import_month(conn: &mut Connection, month: &str) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture(&format!("campaign/{month}")))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    files.sort();
    for file in files {
        import_file(conn, &file, &ImportOptions::default(), &NoProgress).unwrap();
    }
}

fn as_of(month: &str) -> NaiveDate {
    let text = std::fs::read_to_string(fixture(&format!("campaign/{month}/as_of.txt"))).unwrap();
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").unwrap()
}

fn export_by_township(conn: &mut Connection, dir: &Path) {
    worklist::export(
        conn,
        dir,
        &WorklistOptions {
            split_by: Some(SplitBy::Township),
            ..Default::default()
        },
    )
    .unwrap();
}

/// Fills every row of the workbook with 已动员待缴费 and imports it; returns the names.
fn return_filled(conn: &mut Connection, workbook: &Path, dir: &Path) -> BTreeSet<String> {
    let mut book = sheets::read(workbook);
    let mut names = BTreeSet::new();
    for (_, rows) in book.iter_mut() {
        let (name, outcome, officer) = (
            column(rows, columns::NAME),
            column(rows, columns::OUTCOME),
            column(rows, columns::OFFICER),
        );
        for r in data_rows(rows) {
            rows[r][outcome] = Outcome::Mobilised.label().into();
            rows[r][officer] = "张三".into();
            names.insert(rows[r][name].clone());
        }
    }
    let returned = dir.join("returned.xlsx");
    sheets::write(&returned, &book);
    followup::import(conn, &returned).unwrap();
    names
}

fn township_gaps(conn: &Connection, township: &str) -> usize {
    let people: BTreeSet<String> = latest_gaps(conn)
        .unwrap()
        .into_iter()
        .filter(|g| g.route_type == RouteType::Township && g.route_unit == township)
        .map(|g| g.person_key)
        .collect();
    people.len()
}

#[test]
fn each_townships_worklist_is_sent_returned_or_overdue_and_its_funnel_follows_august() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = store::open_in_memory().unwrap();
    import_month(&mut conn, "2026-07");
    analyze(&mut conn, as_of("2026-07"), &NoProgress).unwrap();
    export_by_township(&mut conn, &dir.path().join("out"));

    let today = chrono::Local::now().date_naive();
    let before = dispatch::by_unit(&conn, today).unwrap();
    assert!(
        !before.is_empty(),
        "every township sent a worklist is listed"
    );
    for unit in &before {
        assert_eq!(unit.route_type, RouteType::Township);
        assert_eq!(
            unit.status,
            DispatchStatus::Sent,
            "{}: nothing back yet",
            unit.unit
        );
        assert_eq!(
            unit.sent as usize,
            township_gaps(&conn, &unit.unit),
            "{}",
            unit.unit
        );
        assert_eq!(unit.contacted, 0);
        assert_eq!(unit.sent_on, today.format("%Y-%m-%d").to_string());
        assert_eq!(
            unit.return_by,
            (today + chrono::Days::new(14))
                .format("%Y-%m-%d")
                .to_string(),
            "the default return period is 14 days"
        );
        assert!(!unit.overdue);
    }

    // The biggest township sends its sheet back, every row filled.
    let biggest = before.iter().max_by_key(|u| u.sent).unwrap().clone();
    let workbook = sheets::worklists(&dir.path().join("out"))
        .into_iter()
        .find(|p| p.to_string_lossy().contains(&biggest.unit))
        .expect("the township's workbook is named after it");
    let names = return_filled(&mut conn, &workbook, dir.path());
    assert_eq!(names.len() as u32, biggest.sent);

    // Fifteen days on, the others are overdue and the one returned is complete.
    let later = today + chrono::Days::new(15);
    let after = dispatch::by_unit(&conn, later).unwrap();
    for unit in &after {
        if unit.unit == biggest.unit {
            assert_eq!(unit.status, DispatchStatus::Completed);
            assert_eq!((unit.contacted, unit.mobilised), (unit.sent, unit.sent));
            assert_eq!(unit.returned_files, 1);
            assert!(unit.last_returned_at.is_some());
            assert!(!unit.overdue, "a completed round is never overdue");
        } else {
            assert_eq!(unit.status, DispatchStatus::Sent, "{}", unit.unit);
            assert!(unit.overdue, "{} is past its return date", unit.unit);
        }
    }

    // August's register shows some of them enrolled: the funnel counts exactly those the
    // August analysis closed as enrolled, among the people sent.
    import_month(&mut conn, "2026-08");
    analyze(&mut conn, as_of("2026-08"), &NoProgress).unwrap();
    let august = dispatch::by_unit(&conn, later).unwrap();
    let mut total_enrolled = 0;
    for unit in &august {
        let expected: u32 = conn
            .query_row(
                "SELECT COUNT(DISTINCT c.person_key) FROM closed_gap c
                 WHERE c.closed_because = 'enrolled' AND c.analysis_id = (SELECT MAX(id) FROM analysis)
                 AND c.person_key IN (SELECT w.person_key FROM worklist_row w
                     JOIN gap g ON g.person_key = w.person_key AND g.code = w.code
                     WHERE w.export_id = ?1 AND g.analysis_id = 1 AND g.route_unit = ?2)",
                rusqlite::params![unit.export_id, unit.unit],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(unit.enrolled, expected, "{}", unit.unit);
        total_enrolled += unit.enrolled;
    }
    assert!(
        total_enrolled > 0,
        "the campaign's August register enrols someone sent in July"
    );
}

#[test]
fn a_persons_history_shows_each_month_their_outcomes_and_enrolment_in_force_masked() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = store::open_in_memory().unwrap();
    import_month(&mut conn, "2026-07");
    analyze(&mut conn, as_of("2026-07"), &NoProgress).unwrap();
    let july = latest_gaps(&conn).unwrap();
    import_month(&mut conn, "2026-08");
    analyze(&mut conn, as_of("2026-08"), &NoProgress).unwrap();
    let august = latest_gaps(&conn).unwrap();

    // Someone flagged in both months, with an ID, gets an outcome by hand.
    let still = august
        .iter()
        .find(|g| g.id_number.is_some() && july.iter().any(|j| j.person_key == g.person_key))
        .expect("the campaign has people flagged in both months");
    followup::record(
        &mut conn,
        &still.person_key,
        Outcome::Refused,
        Some("2026-08-20"),
        Some("李四"),
        Some("本人电话13800138000拒绝"),
    )
    .unwrap();
    let gap_id: i64 = conn
        .query_row(
            "SELECT id FROM gap WHERE person_key = ?1 ORDER BY analysis_id DESC LIMIT 1",
            [&still.person_key],
            |r| r.get(0),
        )
        .unwrap();
    let history = person_history::of_gap(&conn, gap_id).unwrap();
    let months: Vec<&str> = history.flagged.iter().map(|f| f.as_of.as_str()).collect();
    assert!(
        months.contains(&as_of("2026-07").to_string().as_str()),
        "{months:?}"
    );
    assert!(
        months.contains(&as_of("2026-08").to_string().as_str()),
        "{months:?}"
    );
    assert_eq!(history.outcomes.len(), 1);
    assert_eq!(history.outcomes[0].outcome, Some(Outcome::Refused));
    assert_eq!(
        history.outcomes[0].file, None,
        "recorded by hand, not from a file"
    );
    let id = still.id_number.clone().unwrap();
    assert_eq!(history.id_masked.as_deref(), still.id_masked.as_deref());
    let json = serde_json::to_string(&history).unwrap();
    assert!(!json.contains(&id), "the full ID never leaves the engine");
    assert!(!json.contains("13800138000"), "a phone in a note is masked");

    // Someone closed in August because the register enrolled them: the closure and the
    // active register row in force are both in their history.
    let enrolled_key: String = conn
        .query_row(
            "SELECT person_key FROM closed_gap WHERE closed_because = 'enrolled'
             AND person_key LIKE 'id:%' ORDER BY person_key LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("the campaign closes someone as enrolled in August");
    let july_gap: i64 = conn
        .query_row(
            "SELECT id FROM gap WHERE person_key = ?1",
            [&enrolled_key],
            |r| r.get(0),
        )
        .unwrap();
    let history = person_history::of_gap(&conn, july_gap).unwrap();
    assert_eq!(history.flagged.len(), 1, "flagged in July only");
    assert_eq!(
        history
            .closed
            .iter()
            .map(|c| c.closed_because)
            .collect::<Vec<_>>(),
        vec![Some(ClosedBecause::Enrolled)]
    );
    assert!(
        history
            .enrolments
            .iter()
            .any(|e| e.status == Some(enrolgap::vocabulary::EnrolStatus::Active)),
        "the August register row that enrolled them is in force: {:?}",
        history.enrolments
    );
    assert!(
        history.enrolments.iter().all(|e| e
            .list_date
            .as_deref()
            .is_some_and(|d| d.starts_with("2026-08"))),
        "only the register in force (August) is shown, never July's superseded one: {:?}",
        history.enrolments
    );
    let _ = dir;
}

/// The township funnel counts everyone ever flagged once, in the township of their latest
/// gap, as reading every gap of every analysis would: the table each analysis keeps
/// (`flagged_person`) holds July's people August no longer flags, and August's place for
/// those it flags again.
#[test]
fn the_township_funnel_counts_everyone_ever_flagged_in_their_latest_township() {
    let mut conn = store::open_in_memory().unwrap();
    for month in ["2026-07", "2026-08"] {
        import_month(&mut conn, month);
        analyze(&mut conn, as_of(month), &NoProgress).unwrap();
    }
    // Each person's latest gap (the largest id), placed as the report places a gap.
    let mut stmt = conn
        .prepare(
            "SELECT g.person_key, g.analysis_id,
                    CASE WHEN TRIM(COALESCE(g.township, '')) <> '' THEN TRIM(g.township)
                         WHEN g.route_type = 'township' AND TRIM(g.route_unit) <> '' THEN g.route_unit
                         ELSE ?1 END
             FROM gap g WHERE g.id IN (SELECT MAX(id) FROM gap GROUP BY person_key)",
        )
        .unwrap();
    let latest: Vec<(String, i64, String)> = stmt
        .query_map([enrolgap::report::township::NO_TOWNSHIP], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let summary = enrolgap::analysis::require_latest_summary(&conn).unwrap();
    assert!(
        latest
            .iter()
            .any(|(_, analysis, _)| *analysis < summary.analysis_id),
        "July flags people August does not: the funnel must still count them"
    );
    let mut expected: std::collections::BTreeMap<String, u32> = Default::default();
    for (_, _, place) in &latest {
        *expected.entry(place.clone()).or_default() += 1;
    }
    let report = enrolgap::report::township::build(&conn, summary, Default::default()).unwrap();
    let flagged: std::collections::BTreeMap<String, u32> = report
        .funnel
        .iter()
        .map(|(place, f)| (place.clone(), f.flagged))
        .collect();
    assert_eq!(flagged, expected);
}
