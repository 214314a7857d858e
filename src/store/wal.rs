//! Switching a database file into WAL mode: the one step of opening that SQLite's busy
//! handler does not cover.
//!
//! `PRAGMA journal_mode=WAL` on a rollback-journal file (every new database, and one
//! that `encrypt` or `restore` just rewrote) reads the header under a shared lock, then
//! upgrades to the write lock to change it. SQLite never waits on such an upgrade — two
//! readers each waiting for the other to let go would deadlock — so while another
//! connection holds the write lock (another process's first open, switching the same
//! new file) it returns plain `SQLITE_BUSY` at once, whatever the busy timeout. That
//! refused one of four concurrent first opens now and then. [`switch`] tries again after
//! a short pause, until the wait it is given has passed in all: opens that race each other
//! take turns within milliseconds, and a file another process really keeps locked is
//! still refused as busy after about that wait.

use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode};

use crate::Result;

/// The pause between two tries: the opener holding the lock only rewrites the header.
const RETRY_PAUSE: Duration = Duration::from_millis(10);

/// Sets `conn`'s database to WAL, trying again while another connection holds the lock
/// the switch needs, for at most `within` in all; leaves the busy timeout at `within`.
pub(super) fn switch(conn: &Connection, within: Duration) -> Result<()> {
    let deadline = Instant::now() + within;
    let outcome = loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == ErrorCode::DatabaseBusy => {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    break Err(rusqlite::Error::SqliteFailure(e, None));
                }
                std::thread::sleep(RETRY_PAUSE.min(left));
                // The next try's own waits (for the shared lock) count against the
                // same deadline, so the whole switch stays within `within`.
                conn.busy_timeout(deadline.saturating_duration_since(Instant::now()))?;
            }
            other => break other,
        }
    };
    conn.busy_timeout(within)?;
    Ok(outcome?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    /// Holds the write lock on the (rollback-journal) file at `db` from another connection,
    /// as a concurrent opener does while it switches the file to WAL, for `hold`.
    fn hold_write_lock(db: &std::path::Path, hold: Duration) -> std::thread::JoinHandle<()> {
        let holder = Connection::open(db).unwrap();
        holder.execute_batch("BEGIN IMMEDIATE").unwrap();
        std::thread::spawn(move || {
            std::thread::sleep(hold);
            holder.execute_batch("ROLLBACK").unwrap();
        })
    }

    #[test]
    fn a_first_open_waits_for_the_lock_of_another_opener_switching_the_new_file() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("new.sqlite3");
        let hold = Duration::from_millis(400);
        let holder = hold_write_lock(&db, hold);
        let started = Instant::now();
        let conn = super::super::open(&db).unwrap();
        let waited = started.elapsed();
        holder.join().unwrap();
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        assert!(
            waited >= hold - Duration::from_millis(50) && waited < super::super::BUSY_WAIT,
            "opened after {waited:?}"
        );
    }

    #[test]
    fn a_file_locked_for_longer_than_the_wait_is_refused_as_busy_after_it() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("new.sqlite3");
        let wait = super::super::BUSY_WAIT;
        let holder = hold_write_lock(&db, wait + Duration::from_millis(1500));
        let started = Instant::now();
        let err = super::super::open(&db).unwrap_err();
        let waited = started.elapsed();
        assert!(
            matches!(err.kind(), ErrorKind::DatabaseBusy { .. }),
            "{err:?}"
        );
        assert!(
            err.to_string().contains("正被另一个 enrolgap 程序使用"),
            "{err}"
        );
        assert!(
            waited >= wait - Duration::from_millis(100) && waited < wait + Duration::from_secs(1),
            "refused after {waited:?}"
        );
        holder.join().unwrap();
    }
}
