//! The schema's history. Append new migrations; never edit one that has shipped.
//!
//! `user_version` counts the migrations applied, as rusqlite_migration counts them; the
//! store applies them itself ([`bring_up_to_date`]) so that the version is read and the
//! migrations run inside one `BEGIN IMMEDIATE` transaction: two processes opening a new
//! database at once then take turns instead of both creating the same tables.

use rusqlite::{Connection, TransactionBehavior};
use rusqlite_migration::{Migrations, M};

use crate::{ErrorKind, Result};

/// Every migration's SQL, oldest first.
const SQL: &[&str] = &[
    include_str!("migrations/001_lists_and_gaps.sql"),
    include_str!("migrations/002_every_list_kind.sql"),
    include_str!("migrations/003_rules_review_settings.sql"),
    include_str!("migrations/004_worklists_followups_audit.sql"),
    include_str!("migrations/005_list_versions.sql"),
    include_str!("migrations/006_audit_anchor.sql"),
    include_str!("migrations/007_worklist_case_codes.sql"),
    include_str!("migrations/008_compact_originals.sql"),
    include_str!("migrations/009_reason_in_english.sql"),
    include_str!("migrations/010_findings_and_audit_in_english.sql"),
    include_str!("migrations/011_review_in_english_and_undo.sql"),
    include_str!("migrations/012_batch_row_range.sql"),
    include_str!("migrations/013_flagged_person.sql"),
    include_str!("migrations/014_batch_stored_columns.sql"),
];

/// The schema version this build writes and reads.
pub const LATEST: i64 = SQL.len() as i64;

/// Every migration, oldest first (for validation; the store applies [`SQL`] itself).
pub fn migrations() -> Migrations<'static> {
    Migrations::new(SQL.iter().map(|sql| M::up(sql)).collect())
}

/// The schema version of `conn`'s database.
pub(crate) fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Applies the migrations `conn`'s database lacks and marks it as enrolgap's; returns the
/// schema version it found (0: this call created the schema). Cheap when nothing is
/// pending: one read, no write.
pub(crate) fn bring_up_to_date(conn: &mut Connection) -> Result<i64> {
    if version(conn)? == LATEST && super::application_id(conn)? == super::APPLICATION_ID {
        return Ok(LATEST);
    }
    // IMMEDIATE takes the write lock before reading the version (waiting for another
    // process's migration under the busy timeout), so the version read is still true
    // when the migrations run.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let current = version(&tx)?;
    if current > LATEST {
        return Err(ErrorKind::NewerDatabase {
            file: String::new(),
            found: current,
            supported: LATEST,
        }
        .into());
    }
    for sql in &SQL[current as usize..] {
        tx.execute_batch(sql)?;
    }
    if current < LATEST {
        tx.pragma_update(None, "user_version", LATEST)?;
    }
    if super::application_id(&tx)? != super::APPLICATION_ID {
        tx.pragma_update(None, "application_id", super::APPLICATION_ID)?;
    }
    tx.commit()?;
    Ok(current)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }

    /// A database brought up to the migration whose SQL contains `marker` (not
    /// included), given `before` (what an older build stored), then brought up to date:
    /// what an officer's database goes through when this build first opens it.
    fn migrated_across(marker: &str, before: &str) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        let at = SQL.iter().position(|sql| sql.contains(marker)).unwrap();
        for sql in &SQL[..at] {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch(before).unwrap();
        for sql in &SQL[at..] {
            conn.execute_batch(sql).unwrap();
        }
        conn
    }

    /// A database made before batches recorded their row range gets it from its rows, so
    /// the analysis and the scope units still read every row of an older batch.
    #[test]
    fn batches_stored_before_the_row_range_get_it_from_their_rows() {
        let conn = migrated_across(
            "ADD COLUMN first_row_id",
            "INSERT INTO batch (id, kind, file_name, content_sha256, sheets, mapping, rows_read,
                 rows_imported, imported_at)
             VALUES (1, 'household', 'a.xlsx', 'a', '[]', '{}', 2, 2, 'now'),
                    (2, 'household', 'b.xlsx', 'b', '[]', '{}', 1, 1, 'now'),
                    (3, 'household', 'c.xlsx', 'c', '[]', '{}', 0, 0, 'now');
             INSERT INTO list_row (id, batch_id, sheet, row_number, original, id_status)
             VALUES (7, 1, 's', 2, '', 'valid'), (8, 1, 's', 3, '', 'valid'),
                    (9, 2, 's', 2, '', 'valid');",
        );
        let ranges: Vec<(i64, Option<i64>, Option<i64>)> = conn
            .prepare("SELECT id, first_row_id, last_row_id FROM batch ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            ranges,
            [
                (1, Some(7), Some(8)),
                (2, Some(9), Some(9)),
                (3, None, None)
            ]
        );
    }

    /// A database whose analyses were stored before the funnel's table gets it from their
    /// gaps: each person once, as their latest gap left them.
    #[test]
    fn people_flagged_before_the_funnel_table_get_their_latest_gap() {
        let conn = migrated_across(
            "CREATE TABLE flagged_person",
            "INSERT INTO analysis (id, as_of, coverage_year, created_at, residents, enrolled_residents)
             VALUES (1, '2026-07-31', 2026, 'then', 0, 0), (2, '2026-08-31', 2026, 'now', 0, 0);
             INSERT INTO gap (id, analysis_id, code, name, township, reason, source_file,
                 source_sheet, source_row, person_key, route_type, route_unit)
             VALUES (1, 1, 'G01', '甲', '海城镇', '', 'a', 's', 2, 'p1', 'township', '海城镇'),
                    (2, 1, 'G01', '乙', NULL, '', 'a', 's', 3, 'p2', 'school', '一中'),
                    (3, 2, 'G01', '甲', '公平镇', '', 'b', 's', 2, 'p1', 'township', '公平镇');",
        );
        let people: Vec<(String, i64, Option<String>, String)> = conn
            .prepare(
                "SELECT person_key, analysis_id, township, route_unit FROM flagged_person
                 ORDER BY person_key",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            people,
            [
                ("p1".into(), 2, Some("公平镇".into()), "公平镇".into()),
                ("p2".into(), 1, None, "一中".into()),
            ]
        );
    }
}
