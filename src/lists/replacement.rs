//! What a new version replaces, decided by scope inside the import's transaction, so the
//! decision, its counts and the rows land together or not at all (and a dry run can
//! show them, then roll back).
//!
//! The rules it implements are written down in docs/rules.md, "Replace or add".

use std::collections::HashSet;

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::list_date::ListDate;
use super::scope::{self, Scope, ScopeDimension};
use super::versions::VersionStatus;
use crate::vocabulary::PersonStatus;
use crate::{ErrorKind, ListKind, Result};

/// How an import treats the versions in force of its kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "mode", content = "batches", rename_all = "snake_case")]
pub enum ReplaceMode {
    /// Replace what the new version's scope covers (events always add).
    #[default]
    ByScope,
    /// Add beside the versions in force, replacing nothing (`--adds`).
    Adds,
    /// Replace these versions whole, whatever the scopes (`--replaces BATCH`).
    #[ts(type = "Array<number>")]
    Replaces(Vec<i64>),
}

/// One version (or part of one) a new version took out of force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Replacement {
    #[ts(type = "number")]
    pub batch_id: i64,
    pub file: String,
    /// The replaced version's own date, stored form.
    pub list_date: Option<String>,
    /// True when the whole version left force; else only `parts` did.
    pub whole: bool,
    /// The units replaced, in officers' words, when only part was.
    pub parts: Vec<String>,
    /// Rows of the replaced version that left force.
    pub rows_replaced: u32,
    /// People in the replaced rows and not in the new version.
    pub people_left: u32,
    /// People in the new version and not in the replaced rows.
    pub people_joined: u32,
}

/// For birth and death lists: how many rows are new events and how many were known.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
pub struct EventCount {
    pub new_events: u32,
    pub known_events: u32,
}

/// What became of a new version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Settled {
    pub scope: Scope,
    pub replacements: Vec<Replacement>,
    pub events: Option<EventCount>,
    /// Set when a version in force is newer than this one and covers it: this one was
    /// kept as history, not put in force.
    #[ts(type = "number | null")]
    pub older_than: Option<i64>,
}

/// The new version, already stored (rows and batch record) in the open transaction.
pub struct NewVersion<'a> {
    pub batch_id: i64,
    pub kind: ListKind,
    pub list_date: ListDate,
    /// The title rows and file name, where a scope may be named.
    pub named_in: &'a str,
    pub mode: &'a ReplaceMode,
    /// The rows' distinct units along [`scope::row_dimension`], when the import collected
    /// them ([`scope::UnitsSeen`]); read back from the rows otherwise.
    pub units_seen: Option<Vec<String>>,
}

/// A row's person, for counting who left and who joined.
const PERSON_KEY_SQL: &str =
    "COALESCE(r.id_number, 'nb:' || r.name_key || '|' || r.birth_date, 'row:' || r.id)";

/// Decides and applies what `new` replaces.
pub fn settle(conn: &Connection, new: &NewVersion<'_>) -> Result<Settled> {
    let scope = scope::detect(
        conn,
        new.batch_id,
        new.kind,
        new.named_in,
        new.units_seen.as_deref(),
    )?;
    conn.execute(
        "UPDATE batch SET scope_dimension = ?1, scope_units = ?2 WHERE id = ?3",
        params![
            scope.dimension.as_str(),
            serde_json::to_string(&scope.units).expect("strings serialise"),
            new.batch_id
        ],
    )?;
    let mut settled = Settled {
        scope,
        replacements: Vec::new(),
        events: None,
        older_than: None,
    };
    match new.mode {
        ReplaceMode::Adds => {}
        ReplaceMode::Replaces(ids) => {
            for id in ids {
                let old = in_force_version(conn, *id, new.kind)?;
                settled
                    .replacements
                    .push(replace(conn, new.batch_id, &old, None)?);
            }
        }
        ReplaceMode::ByScope if settled.scope.dimension == ScopeDimension::Events => {}
        ReplaceMode::ByScope => replace_by_scope(conn, new, &mut settled)?,
    }
    if settled.scope.dimension == ScopeDimension::Events {
        settled.events = Some(count_events(conn, new.batch_id, new.kind)?);
    }
    Ok(settled)
}

/// A version in force, as a candidate for replacement.
struct OldVersion {
    id: i64,
    file: String,
    list_date: Option<String>,
}

fn in_force_version(conn: &Connection, id: i64, kind: ListKind) -> Result<OldVersion> {
    let found = conn.query_row(
        "SELECT id, file_name, list_date, kind, status FROM batch WHERE id = ?1",
        [id],
        |r| {
            Ok((
                OldVersion {
                    id: r.get(0)?,
                    file: r.get(1)?,
                    list_date: r.get(2)?,
                },
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        },
    );
    let (old, old_kind, status) = found.map_err(|_| ErrorKind::InvalidArgument {
        message: format!("没有编号为 {id} 的导入批次"),
    })?;
    if old_kind != kind.as_str() {
        return Err(ErrorKind::InvalidArgument {
            message: format!(
                "批次 {id}（{}）不是{}，不能被本文件替换",
                old.file,
                kind.chinese_name()
            ),
        }
        .into());
    }
    if VersionStatus::from_stored(&status) != Some(VersionStatus::InForce) {
        return Err(ErrorKind::InvalidArgument {
            message: format!("批次 {id}（{}）已不在使用中，无需替换", old.file),
        }
        .into());
    }
    Ok(old)
}

fn replace_by_scope(conn: &Connection, new: &NewVersion<'_>, settled: &mut Settled) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT id, file_name, list_date FROM batch WHERE kind = ?1 AND status = ?2 AND id <> ?3 ORDER BY id",
    )?;
    let candidates: Vec<OldVersion> = stmt
        .query_map(
            params![
                new.kind.as_str(),
                VersionStatus::InForce.as_str(),
                new.batch_id
            ],
            |r| {
                Ok(OldVersion {
                    id: r.get(0)?,
                    file: r.get(1)?,
                    list_date: r.get(2)?,
                })
            },
        )?
        .collect::<rusqlite::Result<_>>()?;
    let new_date = new.list_date.stored();
    let dimension = settled.scope.dimension;
    // First what each version in force would lose, then apply: a newer version in the
    // way means nothing is replaced.
    let mut plans = Vec::new();
    for old in candidates {
        let units = in_force_units(conn, old.id, dimension)?;
        let covered: Vec<String> = units
            .iter()
            .filter(|u| settled.scope.covers(u))
            .cloned()
            .collect();
        if dimension != ScopeDimension::County && covered.is_empty() {
            continue;
        }
        // A version in force dated after this one stays; this one becomes history.
        if old
            .list_date
            .as_deref()
            .is_some_and(|d| d > new_date.as_str())
        {
            mark_superseded(conn, new.batch_id, old.id)?;
            settled.older_than = Some(old.id);
            return Ok(());
        }
        let whole = dimension == ScopeDimension::County || covered.len() == units.len();
        plans.push((old, (!whole).then_some(covered)));
    }
    for (old, parts) in plans {
        let parts = parts.as_deref().map(|p| (dimension, p));
        settled
            .replacements
            .push(replace(conn, new.batch_id, &old, parts)?);
    }
    Ok(())
}

/// The units of a version's rows still in force along `dimension` (all rows for the
/// county: one unit standing for the whole).
fn in_force_units(
    conn: &Connection,
    batch_id: i64,
    dimension: ScopeDimension,
) -> Result<Vec<String>> {
    let units = scope::distinct_units(conn, batch_id, dimension)?;
    let mut stmt = conn.prepare_cached(
        "SELECT unit FROM superseded_part WHERE batch_id = ?1 AND dimension = ?2",
    )?;
    let gone: HashSet<String> = stmt
        .query_map(params![batch_id, dimension.as_str()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(units.into_iter().filter(|u| !gone.contains(u)).collect())
}

fn mark_superseded(conn: &Connection, batch_id: i64, by: i64) -> Result<()> {
    conn.execute(
        "UPDATE batch SET status = ?1, superseded_by = ?2, status_changed_at = ?3 WHERE id = ?4",
        params![
            VersionStatus::Superseded.as_str(),
            by,
            super::now(),
            batch_id
        ],
    )?;
    Ok(())
}

/// Takes `old` (whole, or the `parts` along a dimension) out of force in favour of
/// `new_batch`, counting rows and people, and records the replacement.
fn replace(
    conn: &Connection,
    new_batch: i64,
    old: &OldVersion,
    parts: Option<(ScopeDimension, &[String])>,
) -> Result<Replacement> {
    // Batch ids are the database's own integers: written into the SQL as literals, so
    // each statement below binds nothing.
    let (old_id, new_id) = (old.id, new_batch);
    let condition = match parts {
        None => super::row_still_in_force_sql("r", &old_id.to_string()),
        Some((dimension, units)) => {
            let mut insert = conn.prepare_cached(
                "INSERT OR REPLACE INTO superseded_part (batch_id, dimension, unit, by_batch) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for unit in units {
                insert.execute(params![old_id, dimension.as_str(), unit, new_id])?;
            }
            format!(
                "{} IN (SELECT unit FROM superseded_part WHERE batch_id = {old_id} AND by_batch = {new_id} AND dimension = '{}')",
                dimension.row_unit_sql().expect("a dimension with units"),
                dimension.as_str()
            )
        }
    };
    // People on the list: rows whose own status takes them off it (迁出, 退出) do not count.
    let on_list = on_list_sql();
    let (old_rows, new_rows) = (
        super::rows_of_batch_sql("r", old_id),
        super::rows_of_batch_sql("r", new_id),
    );
    let rows_replaced: u32 = conn.query_row(
        &format!("SELECT COUNT(*) FROM list_row r WHERE {old_rows} AND {condition}"),
        [],
        |r| r.get(0),
    )?;
    // Who left and who joined, in one grouping of both versions' people: a person seen
    // only on the old side (1) left, only on the new side (2) joined. Two `EXCEPT`s of
    // two `DISTINCT`s each sorted a register's million keys four times over.
    let (people_left, people_joined): (u32, u32) = conn.query_row(
        &format!(
            "WITH sides AS (
                 SELECT {PERSON_KEY_SQL} AS person, 1 AS side FROM list_row r
                 WHERE {old_rows} AND {condition} AND {on_list}
                 UNION ALL
                 SELECT {PERSON_KEY_SQL}, 2 FROM list_row r WHERE {new_rows} AND {on_list}
             )
             SELECT COALESCE(SUM(seen = 1), 0), COALESCE(SUM(seen = 2), 0)
             FROM (SELECT SUM(DISTINCT side) AS seen FROM sides GROUP BY person)"
        ),
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if parts.is_none() {
        mark_superseded(conn, old.id, new_batch)?;
    }
    let part_labels: Vec<String> = parts
        .map(|(dimension, units)| {
            units
                .iter()
                .map(|u| scope::describe_unit(dimension, u))
                .collect()
        })
        .unwrap_or_default();
    conn.execute(
        "INSERT INTO replacement (batch_id, replaced_batch, replaced_file, replaced_list_date, whole, parts,
            rows_replaced, people_left, people_joined)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            new_batch,
            old.id,
            old.file,
            old.list_date,
            parts.is_none(),
            serde_json::to_string(&part_labels).expect("strings serialise"),
            rows_replaced,
            people_left,
            people_joined
        ],
    )?;
    Ok(Replacement {
        batch_id: old.id,
        file: old.file.clone(),
        list_date: old.list_date.clone(),
        whole: parts.is_none(),
        parts: part_labels,
        rows_replaced,
        people_left,
        people_joined,
    })
}

/// An SQL condition true for a `list_row r` whose own status keeps it on its list.
fn on_list_sql() -> String {
    let leaving: Vec<String> = PersonStatus::ALL
        .into_iter()
        .filter(|s| s.leaves_the_list())
        .map(|s| format!("'{}'", s.as_str()))
        .collect();
    format!(
        "COALESCE(r.person_status, '') NOT IN ({})",
        leaving.join(", ")
    )
}

/// Rows of a birth or death list that are events already known from a version in force
/// (same certificate number or ID, else the same name and birth date).
fn count_events(conn: &Connection, batch_id: i64, kind: ListKind) -> Result<EventCount> {
    let key = match kind {
        ListKind::Birth => "COALESCE(r.birth_cert_number, r.id_number, r.name_key || '|' || r.birth_date, 'row:' || r.id)",
        _ => "COALESCE(r.id_number, r.name_key || '|' || r.birth_date, 'row:' || r.id)",
    };
    let sql = format!(
        "WITH new AS (SELECT DISTINCT {key} AS k FROM list_row r WHERE r.batch_id = ?1),
              known AS (SELECT DISTINCT {key} AS k FROM list_row r JOIN batch b ON b.id = r.batch_id
                        WHERE b.kind = ?2 AND b.status = ?3 AND b.id <> ?1)
         SELECT (SELECT COUNT(*) FROM new WHERE k NOT IN (SELECT k FROM known)),
                (SELECT COUNT(*) FROM new WHERE k IN (SELECT k FROM known))"
    );
    Ok(conn.query_row(
        &sql,
        params![batch_id, kind.as_str(), VersionStatus::InForce.as_str()],
        |r| {
            Ok(EventCount {
                new_events: r.get(0)?,
                known_events: r.get(1)?,
            })
        },
    )?)
}
