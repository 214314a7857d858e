//! Outcomes recorded by hand in the app (a phone call, a visit without a printed list) for
//! people flagged by the latest analysis: one person from the detail panel, or several at
//! once from the gaps table's selection.
//!
//! Each hand-recorded batch is a worklist export of its own that writes no file, so every
//! outcome has a row token like the ones read back from paper, and the audit log names the
//! export (rows and masking checked against it by `audit --verify`) and then the outcomes:
//! which outcome, for how many people, by whom. Residents are never named in the log.

use rusqlite::{params, Connection, Transaction};

use super::Outcome;
use crate::bilingual::Bilingual;
use crate::{ErrorKind, Result};

/// Records `outcome` for one person of the latest analysis.
pub fn record(
    conn: &mut Connection,
    person_key: &str,
    outcome: Outcome,
    date: Option<&str>,
    officer: Option<&str>,
    note: Option<&str>,
) -> Result<()> {
    record_many(
        conn,
        &[person_key.to_string()],
        outcome,
        date,
        officer,
        note,
    )
    .map(|_| ())
}

/// Records the same `outcome` for every person in `person_keys`, all or none (one
/// transaction); returns how many were recorded. A key the latest analysis does not
/// flag refuses the whole batch.
pub fn record_many(
    conn: &mut Connection,
    person_keys: &[String],
    outcome: Outcome,
    date: Option<&str>,
    officer: Option<&str>,
    note: Option<&str>,
) -> Result<usize> {
    if person_keys.is_empty() {
        return Err(ErrorKind::InvalidArgument {
            message: "没有选择任何人".into(),
        }
        .into());
    }
    let tx = conn.transaction()?;
    let analysis_id: i64 = tx
        .query_row("SELECT MAX(id) FROM analysis", [], |r| {
            r.get::<_, Option<i64>>(0)
        })?
        .ok_or_else(|| ErrorKind::NotReady {
            message: "还没有分析结果".into(),
        })?;
    let rows = person_keys.len() as u32;
    tx.execute(
        "INSERT INTO worklist_export (analysis_id, created_at, split_by, codes, masked, files, rows)
         VALUES (?1, ?2, ?3, '[]', 1, 0, ?4)",
        params![analysis_id, super::now(), super::ExportKind::Manual, rows],
    )?;
    let export_id = tx.last_insert_rowid();
    for key in person_keys {
        insert_outcome(
            &tx,
            analysis_id,
            export_id,
            key,
            outcome,
            date,
            officer,
            note,
        )?;
    }
    // The export first (the log is checked against the export table), then the outcomes.
    crate::audit::append_about(
        &tx,
        "export",
        &crate::bilingual::Bilingual::new(
            "手工录入跟进结果的行令牌（不产生文件）",
            "Row tokens for outcomes recorded by hand (no file written)",
        ),
        rows,
        Some(true),
        crate::audit::Subject::WorklistExport(export_id),
    )?;
    crate::audit::append(
        &tx,
        "followup",
        &audit_detail(outcome, rows, date, officer),
        rows,
        None,
    )?;
    crate::lists::mark_changed(&tx)?;
    tx.commit()?;
    Ok(person_keys.len())
}

/// "手工录入跟进结果：已动员待缴费，3 人，跟进日期 2026-07-31，经办人 李明"
fn audit_detail(
    outcome: Outcome,
    rows: u32,
    date: Option<&str>,
    officer: Option<&str>,
) -> Bilingual {
    let mut detail = Bilingual::new(
        format!("手工录入跟进结果：{}，{rows} 人", outcome.label()),
        format!(
            "Outcome recorded by hand: {}, {rows} {}",
            outcome.english_label(),
            if rows == 1 { "person" } else { "people" }
        ),
    );
    if let Some(date) = date {
        detail.push(
            &format!("，跟进日期 {date}"),
            &format!(", followed up on {date}"),
        );
    }
    if let Some(officer) = officer {
        detail.push(&format!("，经办人 {officer}"), &format!(", by {officer}"));
    }
    detail
}

/// What a hand-recorded outcome stores as its "file" (row number 0, no sheet).
const HAND_RECORDED_FILE: &str = "（手工录入）";

#[allow(clippy::too_many_arguments)]
fn insert_outcome(
    tx: &Transaction<'_>,
    analysis_id: i64,
    export_id: i64,
    person_key: &str,
    outcome: Outcome,
    date: Option<&str>,
    officer: Option<&str>,
    note: Option<&str>,
) -> Result<()> {
    let (code, name): (String, String) = tx
        .query_row(
            "SELECT code, name FROM gap WHERE person_key = ?1 AND analysis_id = ?2 LIMIT 1",
            params![person_key, analysis_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(|_| ErrorKind::InvalidArgument {
            message: "最近一次分析中没有这个人".into(),
        })?;
    let token = super::new_token();
    tx.execute(
        "INSERT INTO worklist_row (token, export_id, person_key, code, name) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![token, export_id, person_key, code, name],
    )?;
    crate::outcome::store::insert(
        tx,
        &crate::outcome::store::NewOutcome {
            token: &token,
            person_key,
            code: &code,
            outcome,
            date,
            officer,
            note,
            file: HAND_RECORDED_FILE,
            sheet: "",
            row_number: 0,
            imported_at: &super::now(),
        },
    )?;
    Ok(())
}
