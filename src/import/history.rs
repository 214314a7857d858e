//! The imports so far: what each list is, when it came, and whether it is getting old.

use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;

use crate::{ErrorKind, ListKind, Result};

/// One imported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BatchInfo {
    #[ts(type = "number")]
    pub batch_id: i64,
    pub kind: ListKind,
    pub file: String,
    /// RFC 3339, local time.
    pub imported_at: String,
    pub rows_imported: u32,
    pub rows_with_problems: u32,
}

/// Every batch, newest first.
pub fn batches(conn: &Connection) -> Result<Vec<BatchInfo>> {
    let mut stmt = conn.prepare_cached(
        "SELECT b.id, b.kind, b.file_name, b.imported_at, b.rows_imported,
                (SELECT COUNT(DISTINCT f.sheet || ':' || f.row_number) FROM finding f WHERE f.batch_id = b.id)
         FROM batch b ORDER BY b.id DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (batch_id, kind, file, imported_at, rows_imported, rows_with_problems) = row?;
        let Some(kind) = ListKind::from_stored(&kind) else {
            continue;
        };
        out.push(BatchInfo {
            batch_id,
            kind,
            file,
            imported_at,
            rows_imported,
            rows_with_problems,
        });
    }
    Ok(out)
}

/// Removes a batch and everything stored from it (rows, findings); recorded in the audit log.
pub fn delete_batch(conn: &mut Connection, batch_id: i64) -> Result<()> {
    let tx = conn.transaction()?;
    let file: String = tx
        .query_row(
            "SELECT file_name FROM batch WHERE id = ?1",
            [batch_id],
            |r| r.get(0),
        )
        .map_err(|_| ErrorKind::InvalidArgument {
            message: format!("没有编号为 {batch_id} 的导入批次"),
        })?;
    tx.execute("DELETE FROM batch WHERE id = ?1", params![batch_id])?;
    crate::audit::append(
        &tx,
        "delete",
        &crate::bilingual::Bilingual::new(
            format!("删除导入批次 {batch_id}（{file}）"),
            format!("Deleted import batch {batch_id} ({file})"),
        ),
        0,
        None,
    )?;
    crate::lists::mark_changed(&tx)?;
    tx.commit()?;
    Ok(())
}
