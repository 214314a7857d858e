//! The list rows' lookup indexes, built once after a large batch instead of row by row.
//!
//! The ID index takes a batch's rows in random order: each row is a B-tree descent and,
//! past the page cache, page reads. When a batch is at least as large as everything
//! stored before it (the first import of a county's household list, a new register),
//! dropping the index and creating it again after the rows is cheaper (one sort). For a
//! small batch into a large table it is not: the rebuild reads every row, so then the
//! index stays. Both steps run inside the import's transaction: a failed or cancelled
//! import rolls back to the index as it was, and readers (WAL) keep seeing it meanwhile.
//!
//! How SQLite sorts for the rebuild matters as much as the rebuild itself: see
//! [`rebuild`].

use rusqlite::{Connection, OptionalExtension};

use crate::Result;

/// The indexes rebuilt after a large batch: the ID index takes rows in random order
/// (`list_row_by_place` follows the batch). The name-key index does too, but only the
/// rows without a usable ID (3 in 1,000 in the 1M county): kept row by row it costs next
/// to nothing, while its rebuild read every row of the table a second time (a third of
/// the preads of a 1M register's import, on the thread that ends it).
const RANDOM_ORDER: [&str; 1] = ["list_row_by_id"];

/// Below this many rows the difference is too small to be worth a rebuild.
const MIN_ROWS: u64 = 50_000;

/// Indexes dropped for a batch, with the SQL that made them (as the schema has it).
pub struct Deferred(Vec<String>);

/// Drops the random-order indexes when the batch (`expected_rows`, from the file's
/// declared size) is at least as large as the rows stored already.
pub fn defer_for(tx: &Connection, expected_rows: Option<u64>) -> Result<Deferred> {
    let Some(expected) = expected_rows.filter(|n| *n >= MIN_ROWS) else {
        return Ok(Deferred(Vec::new()));
    };
    let stored: i64 = tx.query_row(
        "SELECT COALESCE(SUM(rows_imported), 0) FROM batch",
        [],
        |r| r.get(0),
    )?;
    if expected < stored.max(0) as u64 {
        return Ok(Deferred(Vec::new()));
    }
    let mut dropped = Vec::new();
    for name in RANDOM_ORDER {
        let sql: Option<String> = tx
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1",
                [name],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(sql) = sql {
            tx.execute_batch(&format!("DROP INDEX {name}"))?;
            dropped.push(sql);
        }
    }
    Ok(Deferred(dropped))
}

/// Creates the dropped indexes again, over every row. `cache_size` is the connection's
/// own (small) page cache, used for the rebuild instead of the import's large one.
///
/// The build (SQLCipher's) keeps temporary data in memory, and then SQLite's sorter
/// holds every key of the index in one linked list of separately allocated records and
/// sorts it on this thread, cache miss after cache miss; the thread is alone by then
/// (the rows are all stored), so the second core idles. For a plain database the
/// sorter is given temporary files for the rebuild instead: it sorts runs of a page
/// cache's size, two worker threads sort and merge them beside this one, and the
/// temporary files (deleted when closed) hold nothing the database file does not. An
/// encrypted database keeps its temporary data in memory: SQLCipher does not encrypt
/// temporary files. Measured on a 1M-row household list: the rebuild and commit,
/// after the last row, 8.6 → 5.7 CPU s.
pub fn rebuild(tx: &Connection, deferred: Deferred, cache_size: i64) -> Result<()> {
    if deferred.0.is_empty() {
        return Ok(());
    }
    let saved = Sorting::of(tx)?;
    let sorting = Sorting {
        cache_size,
        temp_store: if is_plain_file(tx) {
            TEMP_STORE_FILE
        } else {
            saved.temp_store
        },
        threads: SORTER_THREADS,
    };
    sorting.apply(tx)?;
    let built = deferred.0.iter().try_for_each(|sql| {
        tx.execute_batch(sql).or_else(|e| {
            // The temporary files' disk full or unwritable: SQLite undid that one
            // statement (or, for some errors, the whole transaction: then the import
            // fails and nothing is stored). Sort in memory as before instead.
            if sorting.temp_store == saved.temp_store || tx.is_autocommit() {
                return Err(e);
            }
            tx.pragma_update(None, "temp_store", saved.temp_store)?;
            tx.execute_batch(sql)
        })
    });
    let restored = saved.apply(tx);
    built?;
    restored
}

/// `PRAGMA temp_store` = FILE.
const TEMP_STORE_FILE: i64 = 1;

/// Worker threads the sorter may use beside the connection's own.
const SORTER_THREADS: i64 = 2;

/// The connection settings that decide how the sorter works.
struct Sorting {
    cache_size: i64,
    temp_store: i64,
    threads: i64,
}

impl Sorting {
    fn of(conn: &Connection) -> Result<Sorting> {
        let get = |name: &str| conn.pragma_query_value(None, name, |r| r.get::<_, i64>(0));
        Ok(Sorting {
            cache_size: get("cache_size")?,
            temp_store: get("temp_store")?,
            threads: get("threads")?,
        })
    }

    fn apply(&self, conn: &Connection) -> Result<()> {
        conn.pragma_update(None, "cache_size", self.cache_size)?;
        conn.pragma_update(None, "temp_store", self.temp_store)?;
        conn.pragma_update(None, "threads", self.threads)?;
        Ok(())
    }
}

/// True when the connection's main database is a file that starts with SQLite's plain
/// header: not encrypted, not in memory.
fn is_plain_file(conn: &Connection) -> bool {
    use std::io::Read;
    const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";
    let Some(path) = conn.path().filter(|p| !p.is_empty()) else {
        return false;
    };
    let mut header = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut header))
        .is_ok_and(|()| &header == PLAIN_HEADER)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_plain_database_file_lends_the_sorter_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let plain = crate::store::open(&dir.path().join("plain.sqlite3")).unwrap();
        assert!(is_plain_file(&plain));
        let keyed =
            crate::store::open_keyed(&dir.path().join("keyed.sqlite3"), Some("口令足够长的测试"))
                .unwrap();
        assert!(
            !is_plain_file(&keyed),
            "SQLCipher leaves temporary files plain"
        );
        let memory = crate::store::open_in_memory().unwrap();
        assert!(!is_plain_file(&memory));
    }

    #[test]
    fn the_rebuild_puts_the_connection_settings_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = crate::store::open(&dir.path().join("county.sqlite3")).unwrap();
        conn.pragma_update(None, "cache_size", -64 * 1024).unwrap();
        let before = Sorting::of(&conn).unwrap();
        let tx = conn.transaction().unwrap();
        let deferred = defer_for(&tx, Some(MIN_ROWS)).unwrap();
        assert_eq!(
            deferred.0.len(),
            RANDOM_ORDER.len(),
            "an empty table defers the ID index"
        );
        rebuild(&tx, deferred, -2000).unwrap();
        let after = Sorting::of(&tx).unwrap();
        assert_eq!(
            (after.cache_size, after.temp_store, after.threads),
            (before.cache_size, before.temp_store, before.threads)
        );
        let indexes: i64 = tx
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'index'
                 AND name IN ('list_row_by_id', 'list_row_by_name_key')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(indexes, 2, "both indexes are there after the rebuild");
    }
}
