//! The quality report: what is wrong in the imported lists, row by row, in words an
//! officer can send back to the department that made the list.
//!
//! Problems found while importing a row (an unusable ID, an unreadable date) are stored
//! with the batch. Problems that only show across rows are found here, when asked:
//! the same ID twice in one list, and the same ID under different names.
//! IDs in messages are masked. Every message comes in Chinese (for the officer and the
//! correction list sent back) and English (the app's English mode), from [`finding_text`].

mod finding_text;
mod places;
mod subsidy;

pub use finding_text::{english_for_stored, FindingText};

use std::io::Write;

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::Result;

/// One problem in one cell of one list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct QualityFinding {
    #[ts(type = "number")]
    pub batch_id: i64,
    pub file: String,
    pub sheet: String,
    /// The row as Excel shows it.
    pub row: u32,
    /// The column's header text.
    pub column: String,
    /// A stable code (`id_lost_precision`, `duplicate_in_list`, `id_name_conflict`, …).
    pub code: String,
    /// What is wrong and what to do, in Chinese.
    pub message: String,
    /// The same in English; a finding stored before English was kept, whose text cannot
    /// be rebuilt from its code, has the Chinese here.
    pub message_en: String,
}

impl QualityFinding {
    /// The finding `text` describes, at one cell of a list.
    fn at(cell: Cell, column: &str, text: &FindingText) -> QualityFinding {
        let words = text.text();
        QualityFinding {
            batch_id: cell.batch_id,
            file: cell.file,
            sheet: cell.sheet,
            row: cell.row,
            column: column.to_string(),
            code: text.code().to_string(),
            message: words.zh,
            message_en: words.en,
        }
    }
}

/// Where a cross-row finding is: the list's batch and file, the sheet and row.
struct Cell {
    batch_id: i64,
    file: String,
    sheet: String,
    row: u32,
}

/// Every finding, or those of one batch, ordered by file, sheet and row.
pub fn findings(conn: &Connection, batch: Option<i64>) -> Result<Vec<QualityFinding>> {
    let mut all = stored_findings(conn, batch)?;
    all.extend(duplicates_in_list(conn, batch)?);
    all.extend(id_name_conflicts(conn, batch)?);
    all.extend(subsidy::category_disagreements(conn, batch)?);
    all.extend(places::unknown_townships(conn, batch)?);
    all.sort_by(|a, b| {
        (a.batch_id, &a.sheet, a.row, &a.code).cmp(&(b.batch_id, &b.sheet, b.row, &b.code))
    });
    Ok(all)
}

fn stored_findings(conn: &Connection, batch: Option<i64>) -> Result<Vec<QualityFinding>> {
    let mut stmt = conn.prepare_cached(
        "SELECT f.batch_id, b.file_name, f.sheet, f.row_number, f.column_name, f.code, f.message,
                f.message_en
         FROM finding f JOIN batch b ON b.id = f.batch_id
         WHERE ?1 IS NULL OR f.batch_id = ?1",
    )?;
    let rows = stmt.query_map([batch], |r| {
        let (code, message, message_en): (String, String, String) =
            (r.get(5)?, r.get(6)?, r.get(7)?);
        // Stored before schema 010: rebuilt from the code where it can be, else Chinese.
        let message_en = if message_en.is_empty() {
            english_for_stored(&code, &message).unwrap_or_else(|| message.clone())
        } else {
            message_en
        };
        Ok(QualityFinding {
            batch_id: r.get(0)?,
            file: r.get(1)?,
            sheet: r.get(2)?,
            row: r.get(3)?,
            column: r.get(4)?,
            code,
            message,
            message_en,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A row involved in a cross-row problem.
struct Involved {
    batch_id: i64,
    file: String,
    sheet: String,
    row: u32,
    id: String,
    name: Option<String>,
}

impl Involved {
    fn cell(&self) -> Cell {
        Cell {
            batch_id: self.batch_id,
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            row: self.row,
        }
    }
}

/// Rows of the groups `groups_sql` selects (batch_id, id_number pairs or id_numbers),
/// ordered so each group's rows are consecutive. Grouping happens in SQL and the message
/// building in Rust, so a list where one ID repeats a hundred thousand times stays linear.
fn involved(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> Result<Vec<Involved>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params, |r| {
        Ok(Involved {
            batch_id: r.get(0)?,
            file: r.get(1)?,
            sheet: r.get(2)?,
            row: r.get(3)?,
            id: r.get(4)?,
            name: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The same ID on two rows of one list. The enrolment register is left out: one row per
/// person and year is its normal shape.
fn duplicates_in_list(conn: &Connection, batch: Option<i64>) -> Result<Vec<QualityFinding>> {
    let rows = involved(
        conn,
        "WITH dup AS (
             SELECT r.batch_id, r.id_number FROM list_row r JOIN batch b ON b.id = r.batch_id
             WHERE b.kind <> ?2 AND r.id_number IS NOT NULL AND (?1 IS NULL OR r.batch_id = ?1)
             GROUP BY r.batch_id, r.id_number HAVING COUNT(*) > 1
         )
         SELECT r.batch_id, b.file_name, r.sheet, r.row_number, r.id_number, r.name
         FROM dup JOIN list_row r ON r.batch_id = dup.batch_id AND r.id_number = dup.id_number
         JOIN batch b ON b.id = r.batch_id
         ORDER BY r.batch_id, r.id_number, r.row_number",
        rusqlite::params![batch, crate::ListKind::Enrolment],
    )?;
    let mut out = Vec::new();
    for group in rows.chunk_by(|a, b| a.batch_id == b.batch_id && a.id == b.id) {
        for r in group {
            let others: Vec<u32> = group
                .iter()
                .filter(|o| o.row != r.row || o.sheet != r.sheet)
                .map(|o| o.row)
                .collect();
            let text = FindingText::DuplicateInList {
                id: r.id.clone(),
                other_rows: others,
            };
            out.push(QualityFinding::at(r.cell(), "身份证号", &text));
        }
    }
    Ok(out)
}

/// The same ID under different names (after folding spaces, dots and traditional
/// characters), within a list or across lists: shown, never resolved silently.
fn id_name_conflicts(conn: &Connection, batch: Option<i64>) -> Result<Vec<QualityFinding>> {
    let rows = involved(
        conn,
        "WITH conflicted AS (
             SELECT id_number FROM list_row
             WHERE id_number IS NOT NULL AND name_key IS NOT NULL AND name_has_placeholder = 0
             GROUP BY id_number HAVING COUNT(DISTINCT name_key) > 1
         )
         SELECT r.batch_id, b.file_name, r.sheet, r.row_number, r.id_number, r.name
         FROM conflicted c JOIN list_row r ON r.id_number = c.id_number
         JOIN batch b ON b.id = r.batch_id
         WHERE r.name_has_placeholder = 0 AND r.name_key IS NOT NULL
         ORDER BY r.id_number, r.batch_id, r.row_number",
        [],
    )?;
    let mut out = Vec::new();
    for group in rows.chunk_by(|a, b| a.id == b.id) {
        let mut names: Vec<&str> = group.iter().filter_map(|r| r.name.as_deref()).collect();
        names.sort_unstable();
        names.dedup();
        for r in group
            .iter()
            .filter(|r| batch.is_none_or(|b| b == r.batch_id))
        {
            let own = r.name.as_deref().unwrap_or_default();
            let text = FindingText::IdNameConflict {
                id: r.id.clone(),
                own: own.to_string(),
                others: names
                    .iter()
                    .filter(|n| **n != own)
                    .take(finding_text::NAMED)
                    .map(|n| n.to_string())
                    .collect(),
            };
            out.push(QualityFinding::at(r.cell(), "姓名", &text));
        }
    }
    Ok(out)
}

/// Writes findings as UTF-8 CSV with a header row, formula-leading fields neutralised.
pub fn write_csv(findings: &[QualityFinding], out: impl Write) -> std::io::Result<()> {
    let mut w = crate::csv_safe::Writer::new(out);
    w.write_record(["file", "sheet", "row", "column", "code", "message"])?;
    for f in findings {
        w.write_record([
            f.file.as_str(),
            &f.sheet,
            &f.row.to_string(),
            &f.column,
            &f.code,
            &f.message,
        ])?;
    }
    w.flush()
}

/// Writes findings as a correction list to send back to the department that made the list:
/// one sheet, the file, sheet, row and column of each problem, and what to fix.
pub fn write_xlsx(findings: &[QualityFinding], path: &std::path::Path) -> Result<()> {
    use rust_xlsxwriter::{Format, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| -> crate::Error {
        crate::ErrorKind::WriteFailed {
            file: path.display().to_string(),
            reason: e.to_string(),
        }
        .into()
    };
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("需更正的问题").map_err(fail)?;
    let bold = Format::new().set_bold();
    let headers = [
        "文件",
        "工作表",
        "行",
        "列",
        "问题代码",
        "说明（请更正后重新报送）",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .map_err(fail)?;
    }
    for (i, f) in findings.iter().enumerate() {
        let r = 1 + i as u32;
        ws.write_string(r, 0, &f.file).map_err(fail)?;
        ws.write_string(r, 1, &f.sheet).map_err(fail)?;
        ws.write_number(r, 2, f64::from(f.row)).map_err(fail)?;
        ws.write_string(r, 3, &f.column).map_err(fail)?;
        ws.write_string(r, 4, &f.code).map_err(fail)?;
        ws.write_string(r, 5, &f.message).map_err(fail)?;
    }
    for (c, w) in [24.0, 12.0, 6.0, 14.0, 24.0, 70.0].iter().enumerate() {
        ws.set_column_width(c as u16, *w).map_err(fail)?;
    }
    ws.set_freeze_panes(1, 0).map_err(fail)?;
    ws.autofilter(0, 0, findings.len().max(1) as u32, 5)
        .map_err(fail)?;
    let bytes = wb.save_to_buffer().map_err(fail)?;
    crate::safe_write::write_bytes(path, &bytes)
}
