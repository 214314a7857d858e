//! Whether the latest analysis still describes the data: an import, a retirement, a
//! review decision or a follow-up after it makes it out of date until the next run.
//! Each snapshot records the data version it saw and the list versions it read.
//!
//! The rules it implements are written down in docs/rules.md, "Stale results".

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::Result;

/// The latest analysis and whether it is current.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Freshness {
    #[ts(type = "number | null")]
    pub analysis_id: Option<i64>,
    /// True when the data changed after the latest analysis (or nothing was analysed
    /// while lists are imported).
    pub stale: bool,
    /// The list versions (batch ids) the latest analysis read.
    #[ts(type = "Array<number>")]
    pub batches_used: Vec<i64>,
}

pub fn freshness(conn: &Connection) -> Result<Freshness> {
    let now = crate::lists::data_version(conn)?;
    let latest: Option<(i64, i64)> = conn
        .query_row(
            "SELECT id, data_version FROM analysis ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((analysis_id, seen)) = latest else {
        let any_list: bool =
            conn.query_row("SELECT EXISTS (SELECT 1 FROM batch)", [], |r| r.get(0))?;
        return Ok(Freshness {
            analysis_id: None,
            stale: any_list,
            batches_used: Vec::new(),
        });
    };
    let mut stmt = conn.prepare_cached(
        "SELECT batch_id FROM analysis_batch WHERE analysis_id = ?1 ORDER BY batch_id",
    )?;
    let batches_used = stmt
        .query_map([analysis_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Freshness {
        analysis_id: Some(analysis_id),
        stale: now > seen,
        batches_used,
    })
}
