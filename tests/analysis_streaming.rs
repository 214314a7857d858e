//! The analysis stores its gaps chunk by chunk while the rules go on: progress counts the
//! gaps stored, a cancel stops both and keeps nothing, and the next run is whole.

mod common;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use enrolgap::{
    analyze, import_file, latest_gaps, store, ErrorKind, ImportOptions, ListKind, NoProgress,
    Progress, ProgressUpdate,
};
use rusqlite::Connection;

/// Records every report; asks to stop once `cancel_at` gaps are reported stored.
struct Recorder {
    cancel_at: u64,
    stored: AtomicU64,
    updates: Mutex<Vec<u64>>,
}

impl Recorder {
    fn new(cancel_at: u64) -> Self {
        Recorder {
            cancel_at,
            stored: AtomicU64::new(0),
            updates: Mutex::new(Vec::new()),
        }
    }
}

impl Progress for Recorder {
    fn report(&self, update: ProgressUpdate) {
        self.stored.store(update.done, Ordering::SeqCst);
        self.updates.lock().unwrap().push(update.done);
    }
    fn is_cancelled(&self) -> bool {
        self.stored.load(Ordering::SeqCst) >= self.cancel_at
    }
}

/// 3,000 household residents and no register: every one is a gap, three chunks' worth.
fn county_of_3000() -> (tempfile::TempDir, Connection) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("household.csv");
    common::household_csv(&file, 3000);
    let mut conn = store::open_in_memory().unwrap();
    let options = ImportOptions {
        kind: Some(ListKind::Household),
        ..Default::default()
    };
    import_file(&mut conn, &file, &options, &NoProgress).unwrap();
    (dir, conn)
}

fn snapshots(conn: &Connection) -> [i64; 3] {
    ["analysis", "gap", "coverage"].map(|table| {
        conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    })
}

#[test]
fn progress_counts_the_gaps_stored_chunk_by_chunk() {
    let (_dir, mut conn) = county_of_3000();
    let progress = Recorder::new(u64::MAX);
    let summary = analyze(&mut conn, common::demo_as_of(), &progress).unwrap();
    assert_eq!(summary.gaps_total, 3000);
    let stored: Vec<u64> = progress
        .updates
        .lock()
        .unwrap()
        .iter()
        .copied()
        .filter(|&d| d > 0)
        .collect();
    assert!(stored.len() >= 3, "a report per chunk stored: {stored:?}");
    assert!(stored.windows(2).all(|w| w[0] <= w[1]), "{stored:?}");
    assert_eq!(stored.last(), Some(&3000));
    assert_eq!(latest_gaps(&conn).unwrap().len(), 3000);
}

#[test]
fn a_cancel_while_gaps_are_stored_keeps_nothing_and_the_next_run_is_whole() {
    let (_dir, mut conn) = county_of_3000();
    let progress = Recorder::new(1);
    let err = analyze(&mut conn, common::demo_as_of(), &progress).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Cancelled), "{err}");
    assert!(
        progress.updates.lock().unwrap().iter().any(|&d| d > 0),
        "cancelled after a chunk was stored, not before the rules"
    );
    assert_eq!(
        snapshots(&conn),
        [0, 0, 0],
        "no snapshot, gap or coverage kept"
    );
    let summary = analyze(&mut conn, common::demo_as_of(), &NoProgress).unwrap();
    assert_eq!(summary.gaps_total, 3000);
    assert_eq!(snapshots(&conn)[..2], [1, 3000]);
}

#[test]
fn the_demo_county_gives_the_same_gaps_in_the_same_order_run_after_run() {
    let mut conn = common::import_demo();
    let as_of = common::demo_as_of();
    let first = analyze(&mut conn, as_of, &NoProgress).unwrap();
    let keys = |conn: &Connection, analysis: i64| -> Vec<(String, String)> {
        conn.prepare("SELECT person_key, code FROM gap WHERE analysis_id = ?1 ORDER BY id")
            .unwrap()
            .query_map([analysis], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let second = analyze(&mut conn, as_of, &NoProgress).unwrap();
    assert_eq!(first.gaps_total, 72);
    assert_eq!(
        keys(&conn, first.analysis_id),
        keys(&conn, second.analysis_id)
    );
}
