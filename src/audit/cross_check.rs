//! The tables the audit log describes, checked against it: every row made after the log
//! became keyed (schema 006) has an entry naming it, and an export's entry agrees with
//! the export it names. An unmasked export whose entry was removed — the case the log
//! exists for — then shows even if the chain and its anchors were somehow made whole.
//!
//! A new audited kind of row (a list retirement, a purge) is one more line in
//! [`DESCRIBED`], with `audit::append_about` called where the row is made.

use rusqlite::{Connection, OptionalExtension};

use super::Failure;
use crate::Result;

/// A table whose rows each have an audit entry.
struct Described {
    table: &'static str,
    /// The rowid-like column `audit_log.subject_id` refers to.
    id: &'static str,
    /// The action of the entry that records the row.
    action: &'static str,
    /// The row, in words.
    what: &'static str,
}

const DESCRIBED: &[Described] = &[
    Described {
        table: "batch",
        id: "id",
        action: "import",
        what: "导入批次",
    },
    Described {
        table: "worklist_export",
        id: "id",
        action: "export",
        what: "导出记录",
    },
    Described {
        table: "review_decision",
        id: "rowid",
        action: "review",
        what: "复核结论",
    },
];

pub(super) fn run(conn: &Connection) -> Result<Option<Failure>> {
    for d in DESCRIBED {
        let sql = format!(
            "SELECT t.{id} FROM {table} t
             WHERE t.{id} > COALESCE((SELECT last_id FROM audit_baseline WHERE subject_table = '{table}'), 0)
               AND NOT EXISTS (SELECT 1 FROM audit_log a
                               WHERE a.subject_table = '{table}' AND a.subject_id = t.{id} AND a.action = '{action}')
             ORDER BY t.{id} LIMIT 1",
            id = d.id,
            table = d.table,
            action = d.action
        );
        if let Some(row) = conn
            .query_row(&sql, [], |r| r.get::<_, i64>(0))
            .optional()?
        {
            return Ok(Some(Failure {
                entry: 0,
                reason: format!(
                    "{} {row} 没有对应的审计条目（记录它的条目可能被删除）",
                    d.what
                ),
            }));
        }
    }
    let disagreeing: Option<(i64, i64)> = conn
        .query_row(
            "SELECT a.id, a.subject_id FROM audit_log a JOIN worklist_export w ON w.id = a.subject_id
             WHERE a.subject_table = 'worklist_export' AND (a.masked IS NOT w.masked OR a.rows <> w.rows)
             ORDER BY a.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((entry, export)) = disagreeing {
        return Ok(Some(Failure {
            entry,
            reason: format!("第 {entry} 条与导出记录 {export} 不符（是否脱敏或人数被改动）"),
        }));
    }
    let orphaned: Option<(i64, i64)> = conn
        .query_row(
            "SELECT a.id, a.subject_id FROM audit_log a
             WHERE a.subject_table = 'worklist_export'
               AND NOT EXISTS (SELECT 1 FROM worklist_export w WHERE w.id = a.subject_id)
             ORDER BY a.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(orphaned.map(|(entry, export)| Failure {
        entry,
        reason: format!("第 {entry} 条记录的导出（导出记录 {export}）已被删除"),
    }))
}
