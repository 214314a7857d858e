//! The audit log: what happened to the data and when — imports, exports (masked or not,
//! with the reason given), follow-up imports.
//!
//! Append-only (triggers refuse UPDATE and DELETE) and hash-chained: each entry carries
//! the SHA-256 of the entry before, so editing or removing an entry behind the
//! database's back breaks the chain, which [`verify`] detects.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::Result;

/// One audit entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AuditEntry {
    #[ts(type = "number")]
    pub id: i64,
    /// RFC 3339, local time.
    pub at: String,
    /// `import`, `export`, `followup`, …
    pub action: String,
    /// What, in words; never an ID or phone number.
    pub detail: String,
    pub rows: u32,
    /// For exports: whether IDs and phones were masked.
    pub masked: Option<bool>,
}

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

fn entry_hash(prev: &str, at: &str, action: &str, detail: &str, rows: u32, masked: Option<bool>) -> String {
    let mut h = Sha256::new();
    for part in [prev, at, action, detail, &rows.to_string(), &format!("{masked:?}")] {
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    format!("{:x}", h.finalize())
}

/// Appends an entry. Call inside the transaction of the work it records.
pub fn append(conn: &Connection, action: &str, detail: &str, rows: u32, masked: Option<bool>) -> Result<()> {
    let prev: String = conn
        .query_row("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1", [], |r| r.get(0))
        .optional()?
        .unwrap_or_else(|| GENESIS.to_string());
    let at = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let hash = entry_hash(&prev, &at, action, detail, rows, masked);
    conn.execute(
        "INSERT INTO audit_log (at, action, detail, rows, masked, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![at, action, detail, rows, masked, prev, hash],
    )?;
    Ok(())
}

/// Every entry, oldest first.
pub fn entries(conn: &Connection) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare_cached("SELECT id, at, action, detail, rows, masked FROM audit_log ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok(AuditEntry { id: r.get(0)?, at: r.get(1)?, action: r.get(2)?, detail: r.get(3)?, rows: r.get(4)?, masked: r.get(5)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Checks the chain; returns the id of the first entry that does not fit, if any.
pub fn verify(conn: &Connection) -> Result<Option<i64>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, at, action, detail, rows, masked, prev_hash, hash FROM audit_log ORDER BY id")?;
    let mut rows = stmt.query([])?;
    let mut prev = GENESIS.to_string();
    while let Some(r) = rows.next()? {
        let (id, at, action, detail): (i64, String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        let (count, masked, prev_hash, hash): (u32, Option<bool>, String, String) = (r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?);
        if prev_hash != prev || entry_hash(&prev, &at, &action, &detail, count, masked) != hash {
            return Ok(Some(id));
        }
        prev = hash;
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chain_verifies_and_an_edit_breaks_it() {
        let conn = crate::store::open_in_memory().unwrap();
        append(&conn, "import", "household.xlsx", 10, None).unwrap();
        append(&conn, "export", "worklists", 5, Some(false)).unwrap();
        append(&conn, "followup", "returned.xlsx", 3, None).unwrap();
        assert_eq!(verify(&conn).unwrap(), None);
        // The triggers stop ordinary edits; someone bypassing them breaks the chain.
        assert!(conn.execute("UPDATE audit_log SET rows = 50 WHERE id = 2", []).is_err());
        conn.execute_batch("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET masked = 1 WHERE id = 2;").unwrap();
        assert_eq!(verify(&conn).unwrap(), Some(2));
    }

    #[test]
    fn entries_cannot_be_deleted() {
        let conn = crate::store::open_in_memory().unwrap();
        append(&conn, "import", "household.xlsx", 10, None).unwrap();
        assert!(conn.execute("DELETE FROM audit_log", []).is_err());
    }
}
