//! Storing an import: the batch record, its rows and their problems, in one transaction.

use std::sync::mpsc;

use rusqlite::{params, Connection, OptionalExtension};

use super::header::Header;
use super::reader::RowSource;
use super::row::RowOutcome;
use super::row_insert::{PendingRow, RowInserter, ROWS_PER_INSERT};
use super::row_stages::{normalise_rows, read_rows, ParsedRow, RawRow, CHUNKS_IN_FLIGHT};
use super::saved_mapping::{self, ConfirmedMapping};
use super::ImportSummary;
use crate::bilingual::Bilingual;
use crate::lists::{self, ListDate, ListDateSource, ReplaceMode};
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
#[derive(Clone)]
pub struct SheetPart {
    /// The sheet's index in the file (as [`RowSource::stream`] takes it).
    pub index: usize,
    pub name: String,
    /// The 0-based sheet row of the sheet's row index 0.
    pub first_row: u32,
    pub header: Header,
    /// The contribution year of a register sheet without a year column.
    pub year: Option<i32>,
}

pub struct NewBatch<'a> {
    pub file: &'a str,
    pub kind: ListKind,
    pub content_sha256: &'a str,
    pub parts: &'a [SheetPart],
    /// Rows the file is expected to hold, for progress.
    pub estimated_rows: Option<u64>,
    /// An earlier batch of the same content to delete in the same transaction.
    pub replaces: Option<i64>,
    /// Whether the columns came from a mapping saved earlier.
    pub used_saved_mapping: bool,
    /// A mapping the user just confirmed, to save with the batch.
    pub confirmed_mapping: Option<&'a ConfirmedMapping>,
    /// The list's own date and where it was read.
    pub list_date: ListDate,
    pub list_date_source: ListDateSource,
    /// The department or unit named in the title (填报单位).
    pub source_unit: Option<String>,
    /// The title rows and file name, where a scope may be named.
    pub named_in: &'a str,
    pub mode: &'a ReplaceMode,
    /// Work everything out, then roll back: what the import would do.
    pub dry_run: bool,
}

/// Where a batch's rows come from.
pub enum RowFeed<'s, 'b> {
    /// The file, parsed now on a thread of the store's own.
    Parse(&'s mut RowSource<'b>),
    /// Rows a thread is already reading ahead ([`super::files`]), in the parts' order.
    Ahead(super::row_queue::RowQueue),
}

/// Stores the batch, streaming the rows from `feed`: a parser thread reads rows, a
/// second thread normalises them, and this thread, which holds the connection, inserts
/// them. On any error or cancellation nothing is written.
///
/// `before_tail` runs once every row is inserted, inside the transaction, before what
/// is left runs on this thread alone (the index rebuild, the commit): a multi-file
/// import plans its next file there and sets it reading meanwhile.
pub fn store(
    conn: &mut Connection,
    new: NewBatch<'_>,
    feed: RowFeed<'_, '_>,
    progress: &dyn Progress,
    before_tail: Option<&mut dyn FnMut(&Connection)>,
) -> Result<ImportSummary> {
    // A large page cache while storing: the ID and name indexes take rows in random
    // order, and with SQLite's default 2 MB cache a million-row batch spends most of its
    // time re-reading index pages (measured: 19.7 s → 13.9 s for 1M rows). Put back after.
    //
    // A large batch is written once, through the rollback journal, when nothing else has
    // the database open (see `store::bulk_journal`).
    let rows = new.estimated_rows;
    crate::store::bulk_journal::for_large_write(conn, rows, |conn| {
        crate::store::page_cache::with_cache_kib(conn, IMPORT_CACHE_KIB, |conn, cache_size| {
            store_rows(conn, new, feed, progress, cache_size, before_tail)
        })
    })
}

/// SQLite's page cache while storing a batch, in KiB.
const IMPORT_CACHE_KIB: i64 = 256 * 1024;

/// What storing a batch's rows recorded: their id range, the columns they have values
/// in, and their units along the list's scope dimension.
type StoredRows = (Option<(i64, i64)>, String, Option<Vec<String>>);

fn store_rows(
    conn: &mut Connection,
    new: NewBatch<'_>,
    feed: RowFeed<'_, '_>,
    progress: &dyn Progress,
    normal_cache_size: i64,
    before_tail: Option<&mut dyn FnMut(&Connection)>,
) -> Result<ImportSummary> {
    let tx = conn.transaction()?;
    if let Some(old) = new.replaces {
        tx.execute("DELETE FROM batch WHERE id = ?1", [old])?;
    }
    let deferred = super::deferred_index::defer_for(&tx, new.estimated_rows)?;
    let sheets: Vec<&str> = new.parts.iter().map(|p| p.name.as_str()).collect();
    let mapping = mapping_json(new.parts);
    tx.execute(
        "INSERT INTO batch (kind, file_name, content_sha256, sheets, mapping, rows_read, rows_imported, imported_at,
            list_date, list_date_source, source_unit, original_columns)
         VALUES (?1, ?2, ?3, ?4, ?5, 0, 0, ?6, ?7, ?8, ?9, ?10)",
        params![
            new.kind.as_str(),
            new.file,
            new.content_sha256,
            serde_json::to_string(&sheets).expect("a list of strings serialises"),
            mapping,
            chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
            new.list_date.stored(),
            new.list_date_source.as_str(),
            new.source_unit,
            super::original::columns_json(new.parts.iter().map(|p| (p.name.as_str(), &p.header))),
        ],
    )?;
    let batch_id = tx.last_insert_rowid();
    let mut total = new.estimated_rows;
    let (mut rows_read, mut rows_imported, mut rows_with_problems, mut seen) =
        (0u32, 0u32, 0u32, 0usize);
    let kind = new.kind;
    let parts = new.parts;
    let stored = std::thread::scope(|scope| -> Result<StoredRows> {
        let (sender, receiver) = mpsc::sync_channel::<Result<Vec<ParsedRow>>>(CHUNKS_IN_FLIGHT);
        // Three stages, so the two cores share the work whichever stage is slowest for
        // this file: the parser reads cells, the normaliser makes person rows, this
        // thread inserts them.
        let raw: Box<dyn Iterator<Item = Result<Vec<RawRow>>> + Send> = match feed {
            RowFeed::Parse(source) => {
                let (raw_sender, raw_receiver) =
                    mpsc::sync_channel::<Result<Vec<RawRow>>>(CHUNKS_IN_FLIGHT);
                scope.spawn(move || {
                    read_rows(source, parts, &mut |chunk| raw_sender.send(chunk).is_ok())
                });
                Box::new(raw_receiver.into_iter())
            }
            RowFeed::Ahead(queue) => Box::new(queue),
        };
        scope.spawn(move || normalise_rows(raw, parts, kind, sender));
        let mut inserter = RowInserter::new(&tx, batch_id, kind);
        let mut pending: Vec<PendingRow<'_>> = Vec::with_capacity(ROWS_PER_INSERT);
        let mut insert_problem = tx.prepare_cached(
            "INSERT INTO finding (batch_id, sheet, row_number, column_name, code, message, message_en)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        // Leaving this closure early drops the receiver, which stops the parser.
        for chunk in receiver {
            for ParsedRow {
                part,
                row_number,
                outcome,
            } in chunk?
            {
                seen += 1;
                if seen % PROGRESS_EVERY == 0 {
                    if progress.is_cancelled() {
                        return Err(ErrorKind::Cancelled.into());
                    }
                    // The estimate can fall short (text records, declared dimensions).
                    let estimate = total.map(|t| t.max(seen as u64));
                    total = estimate;
                    progress.report(ProgressUpdate {
                        stage: Stage::Storing,
                        file: Some(new.file.to_string()),
                        done: seen as u64,
                        total: estimate,
                    });
                }
                let sheet = parts[part].name.as_str();
                let mut record = |problem: &super::row::Problem| {
                    insert_problem
                        .execute(params![
                            batch_id,
                            sheet,
                            row_number,
                            problem.column,
                            problem.code,
                            problem.message,
                            problem.message_en
                        ])
                        .map(drop)
                };
                match outcome {
                    RowOutcome::NotAPerson => {}
                    RowOutcome::Unidentifiable(problem) => {
                        rows_read += 1;
                        record(&problem)?;
                    }
                    RowOutcome::Person(p, problems) => {
                        rows_read += 1;
                        rows_imported += 1;
                        pending.push((row_number, sheet, p));
                        if pending.len() == ROWS_PER_INSERT {
                            inserter.insert(&pending)?;
                            pending.clear();
                        }
                        if !problems.is_empty() {
                            rows_with_problems += 1;
                        }
                        for problem in &problems {
                            record(problem)?;
                        }
                    }
                }
            }
        }
        if !pending.is_empty() {
            inserter.insert(&pending)?;
        }
        Ok((
            inserter.stored_ids(),
            inserter.stored_columns(),
            inserter.stored_units(),
        ))
    })?;
    let (stored_ids, stored_columns, units_seen) = stored;
    // Saved before the next file is planned (`before_tail`), which may find it.
    if let Some(confirmed) = new.confirmed_mapping {
        saved_mapping::save(&tx, confirmed)?;
    }
    if let Some(before_tail) = before_tail {
        before_tail(&tx);
    }
    super::deferred_index::rebuild(&tx, deferred, normal_cache_size)?;
    if rows_imported == 0 {
        return Err(ErrorKind::EmptyFile {
            file: new.file.to_string(),
        }
        .into());
    }
    tx.execute(
        "UPDATE batch SET rows_read = ?1, rows_imported = ?2, first_row_id = ?3, last_row_id = ?4,
            stored_columns = ?5
         WHERE id = ?6",
        params![
            rows_read,
            rows_imported,
            stored_ids.map(|(first, _)| first),
            stored_ids.map(|(_, last)| last),
            stored_columns,
            batch_id
        ],
    )?;
    if progress.is_cancelled() {
        return Err(ErrorKind::Cancelled.into());
    }
    let settled = lists::replacement::settle(
        &tx,
        &lists::replacement::NewVersion {
            batch_id,
            kind: new.kind,
            list_date: new.list_date,
            named_in: new.named_in,
            mode: new.mode,
            units_seen,
        },
    )?;
    let (kind, file) = (new.kind, new.file);
    let mut detail = match new.replaces {
        Some(old) => Bilingual::new(
            format!("导入{} {file}（替换同内容批次 {old}）", kind.chinese_name()),
            format!(
                "Imported the {} {file} (replacing batch {old} of the same content)",
                kind.english_name()
            ),
        ),
        None => Bilingual::new(
            format!("导入{} {file}", kind.chinese_name()),
            format!("Imported the {} {file}", kind.english_name()),
        ),
    };
    for r in &settled.replacements {
        detail.push(
            &format!("；替换批次 {}（{} 行）", r.batch_id, r.rows_replaced),
            &format!("; replaces batch {} ({} rows)", r.batch_id, r.rows_replaced),
        );
    }
    lists::mark_changed(&tx)?;
    if new.dry_run {
        // Dropping the transaction rolls back: nothing of this import stays.
        drop(tx);
    } else {
        crate::audit::append_about(
            &tx,
            "import",
            &detail,
            rows_imported,
            None,
            crate::audit::Subject::Batch(batch_id),
        )?;
        tx.commit()?;
    }
    progress.report(ProgressUpdate {
        stage: Stage::Storing,
        file: Some(new.file.to_string()),
        done: seen as u64,
        total: Some(seen as u64),
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
        list_date: new.list_date.stored(),
        list_date_label: new.list_date.chinese(),
        list_date_source: new.list_date_source,
        source_unit: new.source_unit.clone(),
        settled,
        dry_run: new.dry_run,
    })
}

/// The column mapping as stored: per sheet, role -> header text.
fn mapping_json(parts: &[SheetPart]) -> String {
    let map: serde_json::Map<String, serde_json::Value> = parts
        .iter()
        .map(|p| {
            let roles: serde_json::Map<String, serde_json::Value> = p
                .header
                .columns
                .keys()
                .filter_map(|role| Some((role.as_str().to_string(), p.header.title(*role)?.into())))
                .collect();
            (p.name.clone(), serde_json::Value::Object(roles))
        })
        .collect();
    serde_json::Value::Object(map).to_string()
}
