//! Outcomes recorded by hand in the app: one person, or several at once from the gaps
//! table's selection. Every one lands, is audited (what outcome, how many, by whom — never
//! the resident), passes `audit --verify`, and a batch with a key the analysis does not
//! flag records nothing. Also the worklist export restricted to the people an officer
//! filtered on screen.

mod common;

use enrolgap::worklist::{self, followup, Outcome, WorklistOptions};
use enrolgap::{analyze, audit, latest_gaps, NoProgress};
use rusqlite::Connection;

fn demo() -> Connection {
    let mut conn = common::import_demo();
    analyze(&mut conn, common::demo_as_of(), &NoProgress).unwrap();
    conn
}

fn distinct_keys(conn: &Connection, n: usize) -> Vec<String> {
    let mut keys: Vec<String> = latest_gaps(conn)
        .unwrap()
        .into_iter()
        .map(|g| g.person_key)
        .collect();
    keys.dedup();
    keys.truncate(n);
    assert_eq!(
        keys.len(),
        n,
        "the demo county has at least {n} people with gaps"
    );
    keys
}

#[test]
fn a_batch_of_hand_recorded_outcomes_lands_for_everyone_and_is_audited_once_with_its_count() {
    let mut conn = demo();
    let keys = distinct_keys(&conn, 3);
    let before = audit::entries(&conn).unwrap().len();
    let n = followup::record_many(
        &mut conn,
        &keys,
        Outcome::Mobilised,
        Some("2026-07-31"),
        Some("李明"),
        None,
    )
    .unwrap();
    assert_eq!(n, 3);
    let outcomes = enrolgap::outcome::store::latest_outcomes(&conn).unwrap();
    for key in &keys {
        assert_eq!(outcomes.get(key), Some(&Outcome::Mobilised), "{key}");
    }
    let entries = audit::entries(&conn).unwrap();
    let new: Vec<_> = entries[before..].iter().collect();
    let recorded = new
        .iter()
        .find(|e| e.action == "followup")
        .expect("a followup entry");
    assert_eq!(recorded.rows, 3);
    assert_eq!(
        recorded.detail,
        "手工录入跟进结果：已动员待缴费，3 人，跟进日期 2026-07-31，经办人 李明"
    );
    let gaps = latest_gaps(&conn).unwrap();
    for g in gaps.iter().filter(|g| keys.contains(&g.person_key)) {
        assert!(
            !recorded.detail.contains(&g.name),
            "the resident's name stays out of the log"
        );
    }
    assert_eq!(
        audit::verify(&conn).unwrap(),
        None,
        "the log still verifies"
    );
}

#[test]
fn one_hand_recorded_outcome_is_audited_with_the_outcome_it_set() {
    let mut conn = demo();
    let key = distinct_keys(&conn, 1).remove(0);
    followup::record(
        &mut conn,
        &key,
        Outcome::Refused,
        None,
        None,
        Some("电话回访"),
    )
    .unwrap();
    let last = audit::entries(&conn).unwrap().pop().unwrap();
    assert_eq!((last.action.as_str(), last.rows), ("followup", 1));
    assert_eq!(last.detail, "手工录入跟进结果：拒绝参保，1 人");
    assert_eq!(audit::verify(&conn).unwrap(), None);
}

#[test]
fn a_batch_with_a_person_the_analysis_does_not_flag_records_nothing() {
    let mut conn = demo();
    let mut keys = distinct_keys(&conn, 2);
    keys.push("no-such-person".into());
    let before = audit::entries(&conn).unwrap().len();
    assert!(followup::record_many(&mut conn, &keys, Outcome::Enrolled, None, None, None).is_err());
    assert!(enrolgap::outcome::store::latest_outcomes(&conn)
        .unwrap()
        .is_empty());
    assert_eq!(audit::entries(&conn).unwrap().len(), before);
    assert!(followup::record_many(&mut conn, &[], Outcome::Enrolled, None, None, None).is_err());
}

#[test]
fn the_export_can_be_restricted_to_the_people_filtered_on_screen() {
    let mut conn = demo();
    let keys = distinct_keys(&conn, 4);
    let dir = tempfile::tempdir().unwrap();
    let options = WorklistOptions {
        person_keys: keys.clone(),
        ..Default::default()
    };
    let summary = worklist::export(&mut conn, dir.path(), &options).unwrap();
    let expected = latest_gaps(&conn)
        .unwrap()
        .iter()
        .filter(|g| keys.contains(&g.person_key))
        .count();
    assert_eq!(summary.rows as usize, expected);
    assert!(summary.masked);
    let last = audit::entries(&conn)
        .unwrap()
        .into_iter()
        .rfind(|e| e.action == "export")
        .unwrap();
    assert!(last.detail.contains("仅筛选出的 4 人"), "{}", last.detail);
}
