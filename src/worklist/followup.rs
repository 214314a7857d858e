//! Reading filled worklists back: each row finds its case by the hidden token, whatever
//! the officers did to the order of rows, and wherever they copied them (any workbook with
//! the worklist's columns will do).
//!
//! Importing the same file twice changes nothing. A later follow-up date updates a case;
//! a different outcome for the same case without a later date is a conflict, reported
//! with both places and not applied.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::columns as col;
use super::Outcome;
use crate::{ErrorKind, Result};

/// A row that could not be applied, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FollowupProblem {
    pub sheet: String,
    pub row: u32,
    pub message: String,
}

/// What importing one filled worklist did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FollowupSummary {
    pub file: String,
    /// Rows with a token.
    pub rows_read: u32,
    /// Outcomes recorded for the first time.
    pub applied: u32,
    /// Outcomes that replaced an earlier one with a later follow-up date.
    pub updated: u32,
    /// Rows already imported before, or left blank: nothing to do.
    pub unchanged: u32,
    pub problems: Vec<FollowupProblem>,
}

/// The columns of a worklist sheet, found by header text.
struct Columns {
    header_row: usize,
    token: usize,
    outcome: usize,
    date: Option<usize>,
    officer: Option<usize>,
    note: Option<usize>,
}

fn find_columns(rows: &[Vec<Data>]) -> Option<Columns> {
    rows.iter().take(30).enumerate().find_map(|(i, row)| {
        let at = |name: &str| row.iter().position(|c| c.to_string().trim() == name);
        Some(Columns {
            header_row: i,
            token: at(col::TOKEN)?,
            outcome: at(col::OUTCOME)?,
            date: at(col::OUTCOME_DATE),
            officer: at(col::OFFICER),
            note: at(col::NOTE),
        })
    })
}

fn text(row: &[Data], col: Option<usize>) -> Option<String> {
    let s = match row.get(col?)? {
        Data::DateTime(dt) => dt.as_datetime().map(|d| d.date().to_string()).unwrap_or_default(),
        Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
        other => other.to_string(),
    };
    let s = s.trim().to_string();
    (!s.is_empty()).then_some(s)
}

/// The follow-up date as YYYY-MM-DD, however it was typed (a date cell, a serial number,
/// 2026年7月2日, 2026.7.2); the text as written when it cannot be read as a date.
fn date_text(row: &[Data], col: Option<usize>) -> Option<String> {
    let parsed = match row.get(col?)? {
        Data::DateTime(dt) => dt.as_datetime().map(|d| d.date()),
        Data::Float(f) => crate::dates::from_excel_serial(*f),
        other => crate::dates::parse_date_text(&other.to_string()),
    };
    parsed.map(crate::dates::iso).or_else(|| text(row, col))
}

/// Imports the outcomes written on one filled worklist.
pub fn import(conn: &mut Connection, path: &Path) -> Result<FollowupSummary> {
    let file = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let bytes = std::fs::read(path).map_err(|e| ErrorKind::FileUnreadable { file: file.clone(), reason: e.to_string() })?;
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| ErrorKind::NotASpreadsheet {
        file: file.clone(),
        reason: format!("不是可读取的工作簿：{e}"),
    })?;
    let mut summary = FollowupSummary { file: file.clone(), rows_read: 0, applied: 0, updated: 0, unchanged: 0, problems: vec![] };
    let tx = conn.transaction()?;
    let mut found_any = false;
    for sheet in workbook.sheet_names() {
        let Ok(range) = workbook.worksheet_range(&sheet) else { continue };
        let first_row = range.start().map_or(0, |(r, _)| r);
        let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
        let Some(cols) = find_columns(&rows) else { continue };
        found_any = true;
        for (i, row) in rows.iter().enumerate().skip(cols.header_row + 1) {
            let row_number = first_row + i as u32 + 1;
            let Some(token) = text(row, Some(cols.token)) else { continue };
            summary.rows_read += 1;
            let problem = |message: String| FollowupProblem { sheet: sheet.clone(), row: row_number, message };
            let Some(outcome_text) = text(row, Some(cols.outcome)) else {
                summary.unchanged += 1;
                continue;
            };
            let Some(outcome) = Outcome::from_label(&outcome_text) else {
                // The cell is echoed so the officer can find it, masked: it may hold an ID or phone.
                let typed = crate::identity::mask_numbers(&outcome_text);
                summary.problems.push(problem(format!("跟进结果“{typed}”不在下拉列表中；请从列表中选择")));
                continue;
            };
            let case: Option<(String, String)> = tx
                .query_row("SELECT person_key, code FROM worklist_row WHERE token = ?1", [&token], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let Some((person_key, code)) = case else {
                summary.problems.push(problem("行令牌不是本系统导出的；这一行可能是手工添加的，请在系统中核对".into()));
                continue;
            };
            let date = date_text(row, cols.date);
            let (officer, note) = (text(row, cols.officer), text(row, cols.note));
            let latest: Option<(String, Option<String>, String, u32)> = tx
                .query_row(
                    "SELECT outcome, outcome_date, file, row_number FROM followup WHERE token = ?1
                     ORDER BY COALESCE(outcome_date, '') DESC, id DESC LIMIT 1",
                    [&token],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            let is_update = match &latest {
                None => false,
                Some((_, earlier_date, _, _)) if date.as_deref() > earlier_date.as_deref() => true,
                Some((earlier, _, earlier_file, earlier_row)) if earlier != outcome.as_str() => {
                    let label = Outcome::ALL.iter().find(|o| o.as_str() == earlier).map_or(earlier.as_str(), |o| o.label());
                    summary.problems.push(problem(format!(
                        "与此前导入的结果“{label}”（{earlier_file} 第 {earlier_row} 行）不同，且跟进日期不晚于它；未更新，请核实后填写更晚的跟进日期"
                    )));
                    continue;
                }
                Some(_) => false,
            };
            let inserted = tx.execute(
                "INSERT OR IGNORE INTO followup (token, person_key, code, outcome, outcome_date, officer, note, file, sheet, row_number, imported_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![token, person_key, code, outcome.as_str(), date, officer, note, file, sheet, row_number, super::now()],
            )?;
            match (inserted, is_update) {
                (0, _) => summary.unchanged += 1,
                (_, true) => summary.updated += 1,
                _ => summary.applied += 1,
            }
        }
    }
    if !found_any {
        return Err(ErrorKind::MissingColumn {
            file,
            column: col::TOKEN.into(),
            examples: "请导入本系统导出的跟进名单（含隐藏的行令牌列）".into(),
        }
        .into());
    }
    crate::audit::append(&tx, "followup", &format!("导入跟进结果 {}", summary.file), summary.applied + summary.updated, None)?;
    tx.commit()?;
    Ok(summary)
}

/// An outcome recorded by hand in the app (a phone call, a visit without a printed list)
/// for a person flagged by the latest analysis.
pub fn record(
    conn: &mut Connection,
    person_key: &str,
    outcome: Outcome,
    date: Option<&str>,
    officer: Option<&str>,
    note: Option<&str>,
) -> Result<()> {
    let tx = conn.transaction()?;
    let code: String = tx
        .query_row(
            "SELECT code FROM gap WHERE person_key = ?1 AND analysis_id = (SELECT MAX(id) FROM analysis) LIMIT 1",
            [person_key],
            |r| r.get(0),
        )
        .map_err(|_| ErrorKind::InvalidArgument { message: "最近一次分析中没有这个人".into() })?;
    let name: String = tx.query_row(
        "SELECT name FROM gap WHERE person_key = ?1 AND analysis_id = (SELECT MAX(id) FROM analysis) LIMIT 1",
        [person_key],
        |r| r.get(0),
    )?;
    // A hand-entered outcome is a one-row export of its own, so every outcome has a token.
    let analysis_id: i64 = tx.query_row("SELECT MAX(id) FROM analysis", [], |r| r.get(0))?;
    tx.execute(
        "INSERT INTO worklist_export (analysis_id, created_at, split_by, codes, masked, files, rows)
         VALUES (?1, ?2, 'manual', '[]', 1, 0, 1)",
        params![analysis_id, super::now()],
    )?;
    let export_id = tx.last_insert_rowid();
    let token = super::new_token();
    tx.execute(
        "INSERT INTO worklist_row (token, export_id, person_key, code, name) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![token, export_id, person_key, code, name],
    )?;
    tx.execute(
        "INSERT INTO followup (token, person_key, code, outcome, outcome_date, officer, note, file, sheet, row_number, imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '（手工录入）', '', 0, ?8)",
        params![token, person_key, code, outcome.as_str(), date, officer, note, super::now()],
    )?;
    crate::audit::append(&tx, "followup", "手工录入跟进结果", 1, None)?;
    tx.commit()?;
    Ok(())
}

/// The latest outcome recorded for each person, by person key.
pub fn latest_outcomes(conn: &Connection) -> Result<std::collections::HashMap<String, Outcome>> {
    let mut stmt = conn.prepare_cached(
        "SELECT person_key, outcome FROM followup f
         WHERE NOT EXISTS (SELECT 1 FROM followup g WHERE g.person_key = f.person_key
             AND (COALESCE(g.outcome_date, '') > COALESCE(f.outcome_date, '')
                  OR (COALESCE(g.outcome_date, '') = COALESCE(f.outcome_date, '') AND g.id > f.id)))",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = std::collections::HashMap::new();
    for row in rows {
        let (key, outcome) = row?;
        if let Some(o) = Outcome::ALL.into_iter().find(|o| o.as_str() == outcome) {
            out.insert(key, o);
        }
    }
    Ok(out)
}
