//! The versions of every list: which are in force, which were superseded or retired, and
//! what each replaced. Retiring, restoring, re-dating and purging are audited.
//!
//! The rules it implements are written down in docs/rules.md, "Retire, restore, purge".

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::list_date::{ListDate, ListDateSource};
use super::replacement::Replacement;
use super::scope::{describe_unit, Scope, ScopeDimension};
use crate::audit::Subject;
use crate::bilingual::Bilingual;
use crate::vocabulary::stored_vocabulary;
use crate::{ErrorKind, ListKind, Result};

stored_vocabulary! {
    /// Whether a version is used by the rules.
    pub enum VersionStatus {
        /// Read by the analysis (perhaps without the parts a newer version replaced).
        InForce = "in_force",
        /// Replaced by a newer version: kept for history, never read by the rules.
        Superseded = "superseded",
        /// Taken out of force by an officer (`enrolgap retire`).
        Retired = "retired",
    }
}

impl VersionStatus {
    pub fn chinese_name(self) -> &'static str {
        match self {
            VersionStatus::InForce => "使用中",
            VersionStatus::Superseded => "已被替换",
            VersionStatus::Retired => "已停用",
        }
    }
}

/// One version of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ListVersion {
    #[ts(type = "number")]
    pub batch_id: i64,
    pub kind: ListKind,
    pub file: String,
    /// The list's own date, stored form ("2025-07"); `list_date_label` in words.
    pub list_date: Option<String>,
    pub list_date_label: String,
    pub list_date_source: ListDateSource,
    /// The department or unit that sent it, when the file says.
    pub source_unit: Option<String>,
    pub scope: Scope,
    pub scope_label: String,
    pub status: VersionStatus,
    /// Units of a version in force that newer versions replaced, in words.
    pub parts_replaced: Vec<String>,
    #[ts(type = "number | null")]
    pub superseded_by: Option<i64>,
    pub rows: u32,
    /// RFC 3339, local time.
    pub imported_at: String,
    /// What this version replaced when it came.
    pub replaced: Vec<Replacement>,
}

/// Every version, by kind (in [`ListKind::ALL`] order), then newest first.
pub fn versions(conn: &Connection) -> Result<Vec<ListVersion>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, file_name, list_date, list_date_source, source_unit, scope_dimension, scope_units,
                status, superseded_by, rows_imported, imported_at
         FROM batch ORDER BY COALESCE(list_date, '') DESC, id DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, String>(8)?,
            r.get::<_, Option<i64>>(9)?,
            r.get::<_, u32>(10)?,
            r.get::<_, String>(11)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (
            batch_id,
            kind,
            file,
            list_date,
            source,
            source_unit,
            dimension,
            units,
            status,
            superseded_by,
            rows,
            imported_at,
        ) = row?;
        // Written by a newer version of enrolgap: left out rather than misread.
        let (Some(kind), Some(dimension), Some(status)) = (
            ListKind::from_stored(&kind),
            ScopeDimension::from_stored(&dimension),
            VersionStatus::from_stored(&status),
        ) else {
            continue;
        };
        let scope = Scope {
            dimension,
            units: serde_json::from_str(&units).unwrap_or_default(),
        };
        out.push(ListVersion {
            batch_id,
            kind,
            list_date_label: list_date
                .as_deref()
                .and_then(ListDate::from_stored)
                .map_or_else(|| "（无日期）".into(), ListDate::chinese),
            list_date,
            list_date_source: ListDateSource::from_stored(&source)
                .unwrap_or(ListDateSource::ImportDate),
            source_unit,
            scope_label: scope.describe(),
            scope,
            status,
            parts_replaced: parts_replaced(conn, batch_id)?,
            superseded_by,
            rows,
            file,
            imported_at,
            replaced: replaced_by(conn, batch_id)?,
        });
    }
    out.sort_by_key(|v| ListKind::ALL.iter().position(|k| *k == v.kind));
    Ok(out)
}

fn parts_replaced(conn: &Connection, batch_id: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT dimension, unit FROM superseded_part WHERE batch_id = ?1 ORDER BY unit",
    )?;
    let parts = stmt.query_map([batch_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut out = Vec::new();
    for part in parts {
        let (dimension, unit) = part?;
        if let Some(d) = ScopeDimension::from_stored(&dimension) {
            out.push(describe_unit(d, &unit));
        }
    }
    Ok(out)
}

/// What `batch_id` replaced when it was imported.
pub fn replaced_by(conn: &Connection, batch_id: i64) -> Result<Vec<Replacement>> {
    let mut stmt = conn.prepare_cached(
        "SELECT replaced_batch, replaced_file, replaced_list_date, whole, parts, rows_replaced, people_left, people_joined
         FROM replacement WHERE batch_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([batch_id], |r| {
        Ok(Replacement {
            batch_id: r.get(0)?,
            file: r.get(1)?,
            list_date: r.get(2)?,
            whole: r.get(3)?,
            parts: serde_json::from_str(&r.get::<_, String>(4)?).unwrap_or_default(),
            rows_replaced: r.get(5)?,
            people_left: r.get(6)?,
            people_joined: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What the commands below need of a batch.
struct StoredBatch {
    kind: ListKind,
    file: String,
    status: VersionStatus,
    rows: u32,
}

/// A batch's kind, file, status and rows, or a clear error when there is none.
fn batch(conn: &Connection, batch_id: i64) -> Result<StoredBatch> {
    let found = conn
        .query_row(
            "SELECT kind, file_name, status, rows_imported FROM batch WHERE id = ?1",
            [batch_id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, u32>(3)?,
                ))
            },
        )
        .optional()?;
    let no_such = || ErrorKind::InvalidArgument {
        message: format!("没有编号为 {batch_id} 的导入批次；enrolgap lists 列出所有版本"),
    };
    let (kind, file, status, rows) = found.ok_or_else(no_such)?;
    match (
        ListKind::from_stored(&kind),
        VersionStatus::from_stored(&status),
    ) {
        (Some(kind), Some(status)) => Ok(StoredBatch {
            kind,
            file,
            status,
            rows,
        }),
        _ => Err(no_such().into()),
    }
}

/// Takes a version out of force; the next analysis no longer reads it. The versions it
/// replaced stay superseded: restore them with [`restore`] if they should count again.
pub fn retire(conn: &mut Connection, batch_id: i64) -> Result<()> {
    let StoredBatch {
        kind,
        file,
        status,
        rows,
    } = batch(conn, batch_id)?;
    if status != VersionStatus::InForce {
        return Err(ErrorKind::InvalidArgument {
            message: format!(
                "批次 {batch_id}（{file}）{}，无需停用",
                status.chinese_name()
            ),
        }
        .into());
    }
    let tx = conn.transaction()?;
    tx.execute(
        "UPDATE batch SET status = ?1, status_changed_at = ?2 WHERE id = ?3",
        params![VersionStatus::Retired.as_str(), super::now(), batch_id],
    )?;
    crate::audit::append_about(
        &tx,
        "retire",
        &Bilingual::new(
            format!("停用{} {file}（批次 {batch_id}）", kind.chinese_name()),
            format!(
                "Retired the {} {file} (batch {batch_id})",
                kind.english_name()
            ),
        ),
        rows,
        None,
        Subject::Batch(batch_id),
    )?;
    super::mark_changed(&tx)?;
    tx.commit()?;
    Ok(())
}

/// Puts a superseded or retired version back in force, whole (with any part a newer
/// version had replaced). Returns the versions in force of the same scope beside it,
/// which the officer may want to retire.
pub fn restore(conn: &mut Connection, batch_id: i64) -> Result<Vec<i64>> {
    let StoredBatch {
        kind,
        file,
        status,
        rows,
    } = batch(conn, batch_id)?;
    let partly: u32 = conn.query_row(
        "SELECT COUNT(*) FROM superseded_part WHERE batch_id = ?1",
        [batch_id],
        |r| r.get(0),
    )?;
    if status == VersionStatus::InForce && partly == 0 {
        return Err(ErrorKind::InvalidArgument {
            message: format!("批次 {batch_id}（{file}）已在使用中"),
        }
        .into());
    }
    let tx = conn.transaction()?;
    tx.execute(
        "UPDATE batch SET status = ?1, superseded_by = NULL, status_changed_at = ?2 WHERE id = ?3",
        params![VersionStatus::InForce.as_str(), super::now(), batch_id],
    )?;
    tx.execute(
        "DELETE FROM superseded_part WHERE batch_id = ?1",
        [batch_id],
    )?;
    crate::audit::append_about(
        &tx,
        "restore_list",
        &Bilingual::new(
            format!("恢复使用{} {file}（批次 {batch_id}）", kind.chinese_name()),
            format!(
                "Put the {} {file} (batch {batch_id}) back in force",
                kind.english_name()
            ),
        ),
        rows,
        None,
        Subject::Batch(batch_id),
    )?;
    super::mark_changed(&tx)?;
    let mut stmt = tx
        .prepare("SELECT id FROM batch WHERE kind = ?1 AND status = ?2 AND id <> ?3 ORDER BY id")?;
    let beside: Vec<i64> = stmt
        .query_map(
            params![kind.as_str(), VersionStatus::InForce.as_str(), batch_id],
            |r| r.get(0),
        )?
        .collect::<rusqlite::Result<_>>()?;
    drop(stmt);
    tx.commit()?;
    Ok(beside)
}

/// Changes a version's own date (the officer knows better than the file).
pub fn set_list_date(conn: &mut Connection, batch_id: i64, date: &str) -> Result<ListDate> {
    let StoredBatch { kind, file, .. } = batch(conn, batch_id)?;
    let parsed = ListDate::from_stored(date).ok_or_else(|| ErrorKind::InvalidArgument {
        message: format!("“{date}”不是名单日期；请写成 2025-07、2025-07-31 或 2025"),
    })?;
    let tx = conn.transaction()?;
    tx.execute(
        "UPDATE batch SET list_date = ?1, list_date_source = ?2 WHERE id = ?3",
        params![parsed.stored(), ListDateSource::Officer.as_str(), batch_id],
    )?;
    crate::audit::append_about(
        &tx,
        "list_date",
        &Bilingual::new(
            format!(
                "{} {file}（批次 {batch_id}）的名单日期改为 {}",
                kind.chinese_name(),
                parsed.chinese()
            ),
            format!(
                "List date of the {} {file} (batch {batch_id}) changed to {}",
                kind.english_name(),
                parsed.english()
            ),
        ),
        0,
        None,
        Subject::Batch(batch_id),
    )?;
    // The date decides which version is newer and the year an exclusion holds for.
    super::mark_changed(&tx)?;
    tx.commit()?;
    Ok(parsed)
}

/// Deletes superseded and retired versions dated before `before`, with their rows;
/// what they were stays in the audit log and in the replacements that name them.
/// Returns the number of versions and rows deleted.
pub fn purge(conn: &mut Connection, before: &str) -> Result<(u32, u32)> {
    let before = ListDate::from_stored(before).ok_or_else(|| ErrorKind::InvalidArgument {
        message: format!("“{before}”不是日期；请写成 2025-07-31"),
    })?;
    let tx = conn.transaction()?;
    let (versions, rows): (u32, u32) = tx.query_row(
        "SELECT COUNT(*), COALESCE(SUM(rows_imported), 0) FROM batch
         WHERE status IN (?1, ?2) AND COALESCE(list_date, '') < ?3",
        params![
            VersionStatus::Superseded.as_str(),
            VersionStatus::Retired.as_str(),
            before.stored()
        ],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    tx.execute(
        "DELETE FROM batch WHERE status IN (?1, ?2) AND COALESCE(list_date, '') < ?3",
        params![
            VersionStatus::Superseded.as_str(),
            VersionStatus::Retired.as_str(),
            before.stored()
        ],
    )?;
    crate::audit::append(
        &tx,
        "purge",
        &Bilingual::new(
            format!(
                "清除 {} 之前已被替换或停用的名单版本 {versions} 个",
                before.chinese()
            ),
            format!(
                "Purged {versions} superseded or retired list versions dated before {}",
                before.english()
            ),
        ),
        rows,
        None,
    )?;
    tx.commit()?;
    Ok((versions, rows))
}
