//! A large write (a county's household list, a new register, a county's analysis)
//! through SQLite's rollback journal instead of the WAL, when nothing else has the
//! database open.
//!
//! In WAL mode every page a transaction writes goes to the `-wal` file first and is
//! copied into the database by the checkpoint after the commit: a million-row list is
//! written twice, read back once, and the checkpoint runs on the importing thread after
//! the last row, when nothing else can overlap it. A rollback journal keeps only the old
//! content of pages that existed before the transaction; pages appended to the file (the
//! new rows, the rebuilt indexes on fresh pages) are written once, straight into the
//! database. Measured on the 1M county's eight lists in one command, paired: wall 0.86
//! and 0.95 (four and five pairs: more gained while the machine's memory is fresh, see
//! docs/scale.md), system time 0.55 and 0.85; the analysis 0.93.
//!
//! Safety is the same: with `synchronous=FULL` the journal is on disk before any page of
//! the database is overwritten, and a write cut short (power lost, process killed) is
//! rolled back by the next open, as an interrupted WAL transaction is ignored.
//!
//! The cost is concurrency for the length of that one write. Leaving WAL mode needs the
//! database to itself, so when another connection has it open (the app beside a
//! command, a report running) the switch is refused at once and the write keeps to the
//! WAL, as before: never a wait, never an error. When the switch is taken, another
//! program that opens the database during the write waits for it (up to the usual busy
//! wait, then "in use by another enrolgap program"), where in WAL mode it could have read
//! alongside. Only writes large enough to need it switch ([`LARGE_WRITE_ROWS`]); WAL mode
//! is put back as soon as the write ends, whether it worked or not.

use std::time::Duration;

use rusqlite::Connection;

use crate::Result;

/// From this many rows a write goes through the rollback journal when it can: below it
/// the WAL's second copy is a few megabytes, not worth blocking a reader for.
pub const LARGE_WRITE_ROWS: u64 = 50_000;

/// Runs `write` on `conn` in rollback-journal mode when `conn` is the only connection to
/// its database file, in WAL mode otherwise, and returns to WAL mode after. `rows` is the
/// size of the write; below [`LARGE_WRITE_ROWS`] (or unknown) nothing is switched.
pub(crate) fn for_large_write<T>(
    conn: &mut Connection,
    rows: Option<u64>,
    write: impl FnOnce(&mut Connection) -> Result<T>,
) -> Result<T> {
    if rows.is_none_or(|n| n < LARGE_WRITE_ROWS) || !try_leave_wal(conn)? {
        return write(conn);
    }
    let written = write(conn);
    // Back to WAL. This waits (the usual busy wait) for a program that opened the file
    // meanwhile and holds a read lock. Should it still fail, the write's outcome stands
    // (committed or rolled back, it is whole) and the next open switches the file to WAL:
    // [`super::configure`] does on every open.
    let _ = super::configure(conn);
    written
}

/// Switches `conn`'s database out of WAL mode if no other connection has it open;
/// false (and nothing changed) when one does, or when the database is not a WAL file.
fn try_leave_wal(conn: &Connection) -> Result<bool> {
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        // In memory (tests), or already a rollback journal: nothing to gain or undo.
        return Ok(false);
    }
    // Not waiting: another connection's lock means it is in use, and then WAL stays.
    conn.busy_timeout(Duration::ZERO)?;
    let switched = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| {
        r.get::<_, String>(0)
    });
    conn.busy_timeout(super::BUSY_WAIT)?;
    Ok(match switched {
        Ok(mode) => mode.eq_ignore_ascii_case("delete"),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if matches!(
                e.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            ) =>
        {
            false
        }
        Err(e) => return Err(e.into()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn journal_mode(conn: &Connection) -> String {
        conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap()
    }

    const LARGE: Option<u64> = Some(LARGE_WRITE_ROWS);

    #[test]
    fn a_large_write_on_the_only_connection_goes_through_the_rollback_journal_then_wal_returns() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = super::super::open(&dir.path().join("county.sqlite3")).unwrap();
        let seen = for_large_write(&mut conn, LARGE, |c| Ok(journal_mode(c))).unwrap();
        assert_eq!(seen, "delete");
        assert_eq!(journal_mode(&conn), "wal");
        let failed: Result<()> =
            for_large_write(&mut conn, LARGE, |_| Err(ErrorKind::Cancelled.into()));
        assert!(matches!(failed.unwrap_err().kind(), ErrorKind::Cancelled));
        assert_eq!(
            journal_mode(&conn),
            "wal",
            "back to WAL after a failed write"
        );
    }

    #[test]
    fn a_small_write_keeps_the_wal() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = super::super::open(&dir.path().join("county.sqlite3")).unwrap();
        for rows in [None, Some(LARGE_WRITE_ROWS - 1)] {
            let seen = for_large_write(&mut conn, rows, |c| Ok(journal_mode(c))).unwrap();
            assert_eq!(seen, "wal", "{rows:?}");
        }
    }

    #[test]
    fn with_another_connection_open_the_write_keeps_the_wal_at_once_and_the_reader_reads_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("county.sqlite3");
        let mut conn = super::super::open(&path).unwrap();
        let reader = super::super::open_read_only(&path, None).unwrap();
        let started = std::time::Instant::now();
        let seen = for_large_write(&mut conn, LARGE, |c| {
            c.execute("INSERT INTO setting (key, value) VALUES ('probe', '1')", [])?;
            // The reader reads while the write is under way (WAL), without waiting.
            let n: i64 = reader.query_row("SELECT COUNT(*) FROM batch", [], |r| r.get(0))?;
            Ok((journal_mode(c), n))
        })
        .unwrap();
        assert_eq!(seen, ("wal".to_string(), 0));
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "the switch waited {:?} for the other connection",
            started.elapsed()
        );
    }

    #[test]
    fn a_write_cut_short_in_the_rollback_journal_is_undone_by_the_next_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("county.sqlite3");
        let mut conn = super::super::open(&path).unwrap();
        for_large_write(&mut conn, LARGE, |c| {
            c.execute_batch(
                "BEGIN; INSERT INTO setting (key, value) VALUES ('kept', '1'); COMMIT;
                 BEGIN; INSERT INTO setting (key, value) VALUES ('cut short', '1');",
            )?;
            // The transaction is left open and its pages on disk, as a killed import's:
            // a 1-page cache makes SQLite write them to the file before the commit.
            c.pragma_update(None, "cache_size", 1)?;
            for i in 1..=200 {
                c.execute(
                    "INSERT INTO setting (key, value) VALUES (?1, randomblob(3000))",
                    [format!("filler {i}")],
                )?;
            }
            let journal = super::super::sidecar(&path, "-journal");
            assert!(journal.exists(), "the rollback journal is in use");
            // Copy the files as they are now: what a power cut leaves.
            let cut = dir.path().join("cut");
            std::fs::create_dir(&cut).unwrap();
            std::fs::copy(&path, cut.join("county.sqlite3")).unwrap();
            std::fs::copy(&journal, cut.join("county.sqlite3-journal")).unwrap();
            Ok(())
        })
        .unwrap();
        drop(conn);
        let reopened = super::super::open(&dir.path().join("cut/county.sqlite3")).unwrap();
        let keys: Vec<String> = reopened
            .prepare("SELECT key FROM setting ORDER BY key")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(keys, ["kept"], "the cut-short transaction is rolled back");
        assert_eq!(journal_mode(&reopened), "wal");
        let check: String = reopened
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
    }
}
