//! A cross-list finding: a township a list names that the household list in force does not
//! have under any spelling (海城 and 海城镇 are the same; 海成镇 is not). Its people are
//! counted and routed under that name as written, so the officer checks the spelling.

use std::collections::HashSet;

use rusqlite::Connection;

use super::{Cell, FindingText, QualityFinding};
use crate::analysis::places::key;
use crate::lists::VersionStatus;
use crate::{ListKind, Result};

pub fn unknown_townships(conn: &Connection, batch: Option<i64>) -> Result<Vec<QualityFinding>> {
    let in_force = VersionStatus::InForce.as_str();
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT r.township FROM list_row r JOIN batch b ON b.id = r.batch_id
         WHERE b.kind = ?1 AND b.status = ?2 AND r.township IS NOT NULL",
    )?;
    let known: HashSet<String> = stmt
        .query_map(
            rusqlite::params![ListKind::Household.as_str(), in_force],
            |r| r.get::<_, String>(0),
        )?
        .map(|t| t.map(|t| key(&t)))
        .collect::<rusqlite::Result<_>>()?;
    if known.is_empty() {
        return Ok(Vec::new());
    }
    // The first row of each other list that writes each township.
    let mut stmt = conn.prepare_cached(
        "SELECT r.batch_id, b.file_name, r.sheet, MIN(r.row_number), r.township FROM list_row r JOIN batch b ON b.id = r.batch_id
         WHERE b.kind <> ?1 AND b.status = ?2 AND r.township IS NOT NULL AND (?3 IS NULL OR r.batch_id = ?3)
         GROUP BY r.batch_id, r.sheet, r.township ORDER BY r.batch_id, r.sheet, 4",
    )?;
    let rows = stmt.query_map(
        rusqlite::params![ListKind::Household.as_str(), in_force, batch],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, u32>(3)?,
                r.get::<_, String>(4)?,
            ))
        },
    )?;
    let mut out = Vec::new();
    for row in rows {
        let (batch_id, file, sheet, row, township) = row?;
        if !known.contains(&key(&township)) {
            let cell = Cell {
                batch_id,
                file,
                sheet,
                row,
            };
            let text = FindingText::TownshipUnknown(township);
            out.push(QualityFinding::at(cell, "乡镇", &text));
        }
    }
    Ok(out)
}
