//! The page size of a new database: 16 KiB instead of SQLite's 4 KiB.
//!
//! Chosen by measurement on the 1M-resident county, in paired runs of one build making
//! each size: with 16 KiB pages instead of 4 KiB the eight-list import took 0.94 of the
//! wall time, the analysis 0.95 and the township worklists 0.97 (a quarter of the page
//! reads and writes, and of SQLite's per-page work, for the same rows); 64 KiB made the
//! import 1.07× slower than 16 KiB (each index insert rewrites a page four times as
//! large). The size is set only while the file has no pages yet, before
//! it goes into WAL mode; an existing database keeps the size it was made with (SQLite
//! changes it only by rewriting the whole file). An encrypted database keeps SQLCipher's
//! own page size (`cipher_page_size`), which every open would otherwise have to repeat.

use rusqlite::Connection;

use crate::Result;

/// The page size, in bytes, of a database this crate creates.
pub(crate) const NEW_DATABASE_PAGE_SIZE: i64 = 16 * 1024;

/// Sets the page size of a database that has no pages yet; leaves any other alone.
pub(crate) fn set_if_new(conn: &Connection) -> Result<()> {
    let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    if pages == 0 {
        conn.pragma_update(None, "page_size", NEW_DATABASE_PAGE_SIZE)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_size(conn: &Connection) -> i64 {
        conn.query_row("PRAGMA page_size", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_new_database_is_made_with_16_kib_pages() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.sqlite3");
        drop(crate::store::open(&path).unwrap());
        let reopened = crate::store::open(&path).unwrap();
        assert_eq!(page_size(&reopened), NEW_DATABASE_PAGE_SIZE);
    }

    #[test]
    fn a_database_with_pages_keeps_its_page_size_and_its_rows() {
        let dir = tempfile::tempdir().unwrap();
        let old = Connection::open(dir.path().join("old.sqlite3")).unwrap();
        old.execute_batch(
            "PRAGMA page_size = 4096; CREATE TABLE kept (x); INSERT INTO kept VALUES (1);",
        )
        .unwrap();
        set_if_new(&old).unwrap();
        assert_eq!(page_size(&old), 4096);
        let kept: i64 = old
            .query_row("SELECT x FROM kept", [], |r| r.get(0))
            .unwrap();
        assert_eq!(kept, 1);
    }
}
