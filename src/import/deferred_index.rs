//! The list rows' lookup indexes, built once after a large batch instead of row by row.
//!
//! The ID and name-key indexes take a batch's rows in random order: each row is a B-tree
//! descent and, past the page cache, page reads. When a batch is at least as large as
//! everything stored before it (the first import of a county's household list, a new
//! register), dropping the two indexes and creating them again after the rows is cheaper
//! (one sort). For a small batch into a large table it is not: the rebuild reads every
//! row, so then the indexes stay. Both steps run inside the import's transaction: a
//! failed or cancelled import rolls back to the indexes as they were, and readers (WAL)
//! keep seeing them meanwhile.

use rusqlite::{Connection, OptionalExtension};

use crate::Result;

/// The indexes that take rows in random order (`list_row_by_place` follows the batch).
const RANDOM_ORDER: [&str; 2] = ["list_row_by_id", "list_row_by_name_key"];

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

/// Creates the dropped indexes again, over every row.
pub fn rebuild(tx: &Connection, deferred: Deferred) -> Result<()> {
    for sql in deferred.0 {
        tx.execute_batch(&sql)?;
    }
    Ok(())
}
