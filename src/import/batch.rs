//! Storing an import: the batch record, its rows and their problems, in one transaction.

use rusqlite::{params, Connection, OptionalExtension};

use super::header::Header;
use super::saved_mapping::{self, ConfirmedMapping};
use super::reader::Sheet;
use super::row::{normalise_row, RowOutcome};
use super::ImportSummary;
use crate::{ErrorKind, ListKind, Progress, ProgressUpdate, Result, Stage};

/// How often (in rows) progress is reported and cancellation checked.
const PROGRESS_EVERY: usize = 1000;

/// An earlier batch with the same content.
pub struct EarlierBatch {
    pub id: i64,
    pub imported_at: String,
}

pub fn find_by_content(conn: &Connection, content_sha256: &str) -> Result<Option<EarlierBatch>> {
    Ok(conn
        .query_row(
            "SELECT id, imported_at FROM batch WHERE content_sha256 = ?1 ORDER BY id DESC LIMIT 1",
            [content_sha256],
            |r| {
                Ok(EarlierBatch {
                    id: r.get(0)?,
                    imported_at: r.get(1)?,
                })
            },
        )
        .optional()?)
}

/// One sheet holding part of the list.
pub struct SheetPart<'a> {
    pub sheet: &'a Sheet,
    pub header: Header,
}

pub struct NewBatch<'a> {
    pub file: &'a str,
    pub kind: ListKind,
    pub content_sha256: &'a str,
    pub parts: &'a [SheetPart<'a>],
    /// An earlier batch of the same content to delete in the same transaction.
    pub replaces: Option<i64>,
    /// Whether the columns came from a mapping saved earlier.
    pub used_saved_mapping: bool,
    /// A mapping the user just confirmed, to save with the batch.
    pub confirmed_mapping: Option<&'a ConfirmedMapping>,
}

/// Stores the batch; on any error or cancellation nothing is written.
pub fn store(
    conn: &mut Connection,
    new: NewBatch<'_>,
    progress: &dyn Progress,
) -> Result<ImportSummary> {
    let tx = conn.transaction()?;
    if let Some(old) = new.replaces {
        tx.execute("DELETE FROM batch WHERE id = ?1", [old])?;
    }
    let sheets: Vec<&str> = new.parts.iter().map(|p| p.sheet.name.as_str()).collect();
    let mapping = mapping_json(new.parts);
    tx.execute(
        "INSERT INTO batch (kind, file_name, content_sha256, sheets, mapping, rows_read, rows_imported, imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 0, 0, ?6)",
        params![
            new.kind.as_str(),
            new.file,
            new.content_sha256,
            serde_json::to_string(&sheets).expect("a list of strings serialises"),
            mapping,
            chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        ],
    )?;
    let batch_id = tx.last_insert_rowid();
    let total: usize = new
        .parts
        .iter()
        .map(|p| p.sheet.rows.len().saturating_sub(p.header.data_start))
        .sum();
    let (mut rows_read, mut rows_imported, mut rows_with_problems, mut seen) =
        (0u32, 0u32, 0u32, 0usize);
    {
        let mut insert_row = tx.prepare_cached(
            "INSERT INTO list_row (batch_id, sheet, row_number, original, id_raw, id_number, id_status,
                name, name_key, name_has_placeholder, birth_date, sex, township, village, address, phone,
                deceased, scheme, enrol_status, year, period_start, period_end, employer, subsidy,
                birth_cert_number, mother_name, mother_id_number, father_name, father_id_number,
                school, grade, class_name, student_number, agency, client_company, start_date,
                welfare_category, household_head, death_date, exclusion_reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35,
                ?36, ?37, ?38, ?39, ?40)",
        )?;
        let mut insert_problem = tx.prepare_cached(
            "INSERT INTO finding (batch_id, sheet, row_number, column_name, code, message)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for part in new.parts {
            let sheet = part.sheet;
            for (index, row) in sheet
                .rows
                .iter()
                .enumerate()
                .skip(part.header.data_start)
            {
                seen += 1;
                if seen % PROGRESS_EVERY == 0 {
                    if progress.is_cancelled() {
                        return Err(ErrorKind::Cancelled.into());
                    }
                    progress.report(ProgressUpdate {
                        stage: Stage::Storing,
                        file: Some(new.file.to_string()),
                        done: seen as u64,
                        total: Some(total as u64),
                    });
                }
                let row_number = sheet.excel_row(index);
                match normalise_row(row, &part.header, new.kind) {
                    RowOutcome::NotAPerson => {}
                    RowOutcome::Unidentifiable(problem) => {
                        rows_read += 1;
                        insert_problem.execute(params![
                            batch_id,
                            sheet.name,
                            row_number,
                            problem.column,
                            problem.code,
                            problem.message
                        ])?;
                    }
                    RowOutcome::Person(p, problems) => {
                        rows_read += 1;
                        rows_imported += 1;
                        insert_row.execute(params![
                            batch_id, sheet.name, row_number, p.original, p.id_raw, p.id_number, p.id_status,
                            p.name, p.name_key, p.name_has_placeholder, p.birth_date, p.sex, p.township,
                            p.village, p.address, p.phone, p.deceased, p.scheme, p.enrol_status, p.year,
                            p.period_start, p.period_end, p.employer, p.subsidy, p.birth_cert_number,
                            p.mother_name, p.mother_id_number, p.father_name, p.father_id_number, p.school,
                            p.grade, p.class_name, p.student_number, p.agency, p.client_company, p.start_date,
                            p.welfare_category, p.household_head, p.death_date, p.exclusion_reason,
                        ])?;
                        if !problems.is_empty() {
                            rows_with_problems += 1;
                        }
                        for problem in problems {
                            insert_problem.execute(params![
                                batch_id,
                                sheet.name,
                                row_number,
                                problem.column,
                                problem.code,
                                problem.message
                            ])?;
                        }
                    }
                }
            }
        }
    }
    if rows_imported == 0 {
        return Err(ErrorKind::EmptyFile {
            file: new.file.to_string(),
        }
        .into());
    }
    tx.execute(
        "UPDATE batch SET rows_read = ?1, rows_imported = ?2 WHERE id = ?3",
        params![rows_read, rows_imported, batch_id],
    )?;
    if progress.is_cancelled() {
        return Err(ErrorKind::Cancelled.into());
    }
    if let Some(confirmed) = new.confirmed_mapping {
        saved_mapping::save(&tx, confirmed)?;
    }
    tx.commit()?;
    progress.report(ProgressUpdate {
        stage: Stage::Storing,
        file: Some(new.file.to_string()),
        done: total as u64,
        total: Some(total as u64),
    });
    Ok(ImportSummary {
        batch_id,
        file: new.file.to_string(),
        kind: new.kind,
        sheets: sheets.iter().map(|s| s.to_string()).collect(),
        rows_read,
        rows_imported,
        rows_with_problems,
        replaced_batch: new.replaces,
        used_saved_mapping: new.used_saved_mapping,
    })
}

/// The column mapping as stored: per sheet, role -> header text.
fn mapping_json(parts: &[SheetPart<'_>]) -> String {
    let map: serde_json::Map<String, serde_json::Value> = parts
        .iter()
        .map(|p| {
            let roles: serde_json::Map<String, serde_json::Value> = p
                .header
                .columns
                .keys()
                .filter_map(|role| Some((role.as_str().to_string(), p.header.title(*role)?.into())))
                .collect();
            (p.sheet.name.clone(), serde_json::Value::Object(roles))
        })
        .collect();
    serde_json::Value::Object(map).to_string()
}
