//! Lists over time on the two-month campaign (fixtures/campaign): July's files, then a
//! plain import of every August file, give each month's truth exactly; what August
//! replaced is named, counted, kept as history and reversible; retiring, restoring and
//! purging change the next analysis and are audited.

mod common;

use std::path::PathBuf;

use chrono::NaiveDate;
use common::fixture;
use enrolgap::analysis::{campaign, freshness};
use enrolgap::lists::{versions, ReplaceMode, VersionStatus};
use enrolgap::{analyze, import_file, latest_gaps, store, ImportOptions, ListKind, NoProgress};
use rusqlite::Connection;

fn month_files(month: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture(&format!("campaign/{month}")))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    files.sort();
    files
}

fn as_of(month: &str) -> NaiveDate {
    let text = std::fs::read_to_string(fixture(&format!("campaign/{month}/as_of.txt"))).unwrap();
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").unwrap()
}

fn truth(month: &str) -> Vec<String> {
    let text = std::fs::read_to_string(fixture(&format!("campaign/{month}/truth.csv"))).unwrap();
    let mut rows: Vec<String> = text.lines().skip(1).map(String::from).collect();
    rows.sort();
    rows
}

fn gaps(conn: &Connection) -> Vec<String> {
    let mut rows: Vec<String> = latest_gaps(conn)
        .unwrap()
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
    rows.sort();
    rows
}

fn import_month(conn: &mut Connection, month: &str) {
    for file in month_files(month) {
        import_file(conn, &file, &ImportOptions::default(), &NoProgress).unwrap();
    }
}

/// July imported and analysed, then August imported and analysed.
fn two_months() -> Connection {
    let mut conn = store::open_in_memory().unwrap();
    import_month(&mut conn, "2026-07");
    analyze(&mut conn, as_of("2026-07"), &NoProgress).unwrap();
    import_month(&mut conn, "2026-08");
    analyze(&mut conn, as_of("2026-08"), &NoProgress).unwrap();
    conn
}

#[test]
fn july_then_a_plain_import_of_every_august_file_gives_each_months_truth() {
    let mut conn = store::open_in_memory().unwrap();
    import_month(&mut conn, "2026-07");
    analyze(&mut conn, as_of("2026-07"), &NoProgress).unwrap();
    assert_eq!(gaps(&conn), truth("2026-07"));
    import_month(&mut conn, "2026-08");
    analyze(&mut conn, as_of("2026-08"), &NoProgress).unwrap();
    assert_eq!(gaps(&conn), truth("2026-08"));
    assert_ne!(
        truth("2026-07"),
        truth("2026-08"),
        "the months differ, so replacing matters"
    );
}

#[test]
fn julys_state_lists_are_superseded_and_the_analysis_reads_none_of_them() {
    let conn = two_months();
    let all = versions::versions(&conn).unwrap();
    let july = |kind: ListKind| {
        all.iter()
            .find(|v| {
                v.kind == kind
                    && v.list_date
                        .as_deref()
                        .is_some_and(|d| d.starts_with("2026-07"))
            })
            .unwrap()
    };
    for kind in [ListKind::Household, ListKind::Enrolment, ListKind::Welfare] {
        assert_eq!(july(kind).status, VersionStatus::Superseded, "{kind:?}");
    }
    // The register was replaced by two files, one scheme each.
    let register = july(ListKind::Enrolment);
    let replacing: Vec<_> = all
        .iter()
        .filter(|v| v.replaced.iter().any(|r| r.batch_id == register.batch_id))
        .collect();
    assert_eq!(replacing.len(), 2);
    // School A's and agency X's new lists replace only their part; B and Y stay in force.
    let school = july(ListKind::School);
    assert_eq!(
        (school.status, school.parts_replaced.clone()),
        (VersionStatus::InForce, vec!["海丰县实验中学".to_string()])
    );
    let roster = july(ListKind::Roster);
    assert_eq!(
        (roster.status, roster.parts_replaced.clone()),
        (
            VersionStatus::InForce,
            vec!["汕尾市粤海人力资源有限公司".to_string()]
        )
    );
    // Births and deaths add: July's stay in force beside August's.
    assert_eq!(july(ListKind::Birth).status, VersionStatus::InForce);
    let used = freshness::freshness(&conn).unwrap().batches_used;
    for v in all.iter().filter(|v| v.status != VersionStatus::InForce) {
        assert!(
            !used.contains(&v.batch_id),
            "the analysis read superseded batch {}",
            v.batch_id
        );
    }
}

#[test]
fn a_replacement_counts_who_left_and_who_joined() {
    let mut conn = store::open_in_memory().unwrap();
    import_month(&mut conn, "2026-07");
    let welfare = month_files("2026-08")
        .into_iter()
        .find(|f| f.to_string_lossy().contains("民政"))
        .unwrap();
    let s = import_file(&mut conn, &welfare, &ImportOptions::default(), &NoProgress).unwrap();
    assert_eq!(s.settled.replacements.len(), 1);
    let r = &s.settled.replacements[0];
    assert!(r.whole);
    assert_eq!(
        (
            r.rows_replaced,
            s.rows_imported,
            r.people_left,
            r.people_joined
        ),
        (24, 19, 8, 3)
    );
    // Births of the year so far: July's five are known, three are new.
    let births = month_files("2026-08")
        .into_iter()
        .find(|f| f.to_string_lossy().contains("出生"))
        .unwrap();
    let s = import_file(&mut conn, &births, &ImportOptions::default(), &NoProgress).unwrap();
    let events = s.settled.events.unwrap();
    assert_eq!((events.new_events, events.known_events), (3, 5));
    assert!(s.settled.replacements.is_empty());
}

#[test]
fn since_the_last_analysis_lists_the_closed_cases_and_why() {
    let conn = two_months();
    let changes = campaign::latest_changes(&conn).unwrap();
    let cases = campaign::latest_case_changes(&conn).unwrap();
    assert_eq!(cases.new_cases.len() as u32, changes.new_gaps);
    let closed = changes.closed_enrolled
        + changes.closed_deceased
        + changes.closed_excluded
        + changes.closed_settled
        + changes.moved_to_review
        + changes.closed_not_listed;
    assert_eq!(cases.closed_cases.len() as u32, closed);
    use enrolgap::analysis::campaign::ClosedBecause::*;
    let count = |why| {
        cases
            .closed_cases
            .iter()
            .filter(|c| c.closed_because == Some(why))
            .count()
    };
    assert_eq!(count(Deceased), 2, "August's two deaths");
    let enrolled: Vec<&str> = cases
        .closed_cases
        .iter()
        .filter(|c| c.closed_because == Some(Enrolled))
        .map(|c| c.name.as_str())
        .collect();
    for newborn in ["林子涵", "张浩然"] {
        assert!(
            enrolled.contains(&newborn),
            "{newborn} was enrolled in August: {enrolled:?}"
        );
    }
    assert!(count(NotListed) >= 3, "moved out and off the welfare roll");
    assert!(cases
        .closed_cases
        .iter()
        .all(|c| c.id_masked.as_deref().is_none_or(|id| id.contains('*'))));
}

#[test]
fn retiring_and_restoring_a_version_change_the_next_analysis_and_are_audited() {
    let mut conn = two_months();
    let all = versions::versions(&conn).unwrap();
    let august_welfare = all
        .iter()
        .find(|v| v.kind == ListKind::Welfare && v.status == VersionStatus::InForce)
        .unwrap()
        .batch_id;
    let july_welfare = all
        .iter()
        .find(|v| v.kind == ListKind::Welfare && v.status == VersionStatus::Superseded)
        .unwrap()
        .batch_id;
    versions::retire(&mut conn, august_welfare).unwrap();
    assert!(
        freshness::freshness(&conn).unwrap().stale,
        "a retirement makes the results out of date"
    );
    analyze(&mut conn, as_of("2026-08"), &NoProgress).unwrap();
    assert!(
        !gaps(&conn).iter().any(|g| g.starts_with("welfare_")),
        "no welfare roll in force"
    );
    versions::restore(&mut conn, july_welfare).unwrap();
    analyze(&mut conn, as_of("2026-08"), &NoProgress).unwrap();
    let july_welfare_gaps = truth("2026-07")
        .into_iter()
        .filter(|g| g.starts_with("welfare_"))
        .count();
    assert_eq!(
        gaps(&conn)
            .iter()
            .filter(|g| g.starts_with("welfare_"))
            .count(),
        july_welfare_gaps
    );
    let actions: Vec<String> = enrolgap::audit::entries(&conn)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(
        actions.contains(&"retire".to_string()) && actions.contains(&"restore_list".to_string())
    );
    assert!(enrolgap::audit::verify(&conn).unwrap().is_none());
}

#[test]
fn purging_superseded_versions_keeps_the_analysis_and_is_audited() {
    let mut conn = two_months();
    let before = gaps(&conn);
    let (purged, rows) = versions::purge(&mut conn, "2026-08-01").unwrap();
    assert_eq!(purged, 3, "July's household, register and welfare roll");
    assert!(rows > 500);
    analyze(&mut conn, as_of("2026-08"), &NoProgress).unwrap();
    assert_eq!(gaps(&conn), before);
    assert!(versions::versions(&conn)
        .unwrap()
        .iter()
        .all(|v| v.status == VersionStatus::InForce));
    assert!(enrolgap::audit::entries(&conn)
        .unwrap()
        .iter()
        .any(|e| e.action == "purge" && e.rows == rows));
}

#[test]
fn a_dry_run_says_what_would_be_replaced_and_stores_nothing() {
    let mut conn = store::open_in_memory().unwrap();
    import_month(&mut conn, "2026-07");
    let before = versions::versions(&conn).unwrap();
    let household = month_files("2026-08")
        .into_iter()
        .find(|f| f.to_string_lossy().contains("户籍"))
        .unwrap();
    let dry = ImportOptions {
        dry_run: true,
        ..Default::default()
    };
    let s = import_file(&mut conn, &household, &dry, &NoProgress).unwrap();
    assert!(s.dry_run);
    assert_eq!(s.settled.replacements.len(), 1);
    assert_eq!(versions::versions(&conn).unwrap(), before);
    // --adds keeps July's list in force beside the new one.
    let adds = ImportOptions {
        replace_mode: ReplaceMode::Adds,
        ..Default::default()
    };
    let s = import_file(&mut conn, &household, &adds, &NoProgress).unwrap();
    assert!(s.settled.replacements.is_empty());
    let in_force = versions::versions(&conn)
        .unwrap()
        .into_iter()
        .filter(|v| v.kind == ListKind::Household && v.status == VersionStatus::InForce)
        .count();
    assert_eq!(in_force, 2);
}

#[test]
fn an_older_list_imported_after_a_newer_one_is_kept_as_history() {
    let mut conn = store::open_in_memory().unwrap();
    let file = |month: &str| {
        month_files(month)
            .into_iter()
            .find(|f| f.to_string_lossy().contains("民政"))
            .unwrap()
    };
    import_file(
        &mut conn,
        &file("2026-08"),
        &ImportOptions::default(),
        &NoProgress,
    )
    .unwrap();
    let s = import_file(
        &mut conn,
        &file("2026-07"),
        &ImportOptions::default(),
        &NoProgress,
    )
    .unwrap();
    assert!(s.settled.older_than.is_some());
    let v = versions::versions(&conn).unwrap();
    let july = v.iter().find(|v| v.batch_id == s.batch_id).unwrap();
    assert_eq!(july.status, VersionStatus::Superseded);
}
