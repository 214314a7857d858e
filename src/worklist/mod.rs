//! Worklists: the Excel files officers take to the field, one per township (or village),
//! school or agency, and read back when they return filled in.
//!
//! [`export`] writes them from the latest analysis with IDs and phones masked unless the
//! user gives a reason for a full export (logged in the [`crate::audit`] log). Every row
//! carries a visible case code and a random token in a hidden column; [`followup`] reads
//! filled worklists back by either, checks each row against the person it was issued for,
//! and lists whatever it cannot apply. Unit names become safe, unique file and sheet names
//! ([`unit_name`]); files appear only once the database has recorded their tokens
//! ([`tokens`], [`staging`]).

mod books;
pub mod columns;
mod contacts;
mod export_detail;
mod fit;
pub mod followup;
mod followup_problem;
mod manual;
mod returned;
mod row_text;
mod selection;
mod sheet;
mod split;
mod staging;
mod summary_book;
mod tokens;
pub mod unit_name;

use std::collections::VecDeque;
use std::path::Path;

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::analysis::require_latest_summary_counted;
use crate::{ErrorKind, GapCode, Result};

pub use crate::outcome::Outcome;
pub use split::{ExportKind, SplitBy};
use tokens::new_token;
pub use tokens::normalise_case_code;

/// What to export.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct WorklistOptions {
    /// `None`: every gap, each to its natural unit (township, school, agency).
    pub split_by: Option<SplitBy>,
    /// Only these codes; empty for all.
    pub codes: Vec<GapCode>,
    /// Full IDs and phone numbers, for this stated reason. `None` exports masked.
    pub unmasked_reason: Option<String>,
    /// Only this unit: a township, school or agency as the analysis names it.
    #[serde(default)]
    pub unit: Option<String>,
    /// Only people with no follow-up outcome recorded yet (未跟进).
    #[serde(default)]
    pub only_not_followed_up: bool,
    /// Only people of urgent or high priority.
    #[serde(default)]
    pub only_urgent: bool,
    /// Add a sheet with every person's detailed reason and source rows.
    #[serde(default)]
    pub detail_sheet: bool,
    /// The coverage rate the county aims at, for the summary (0.95 when `None`).
    #[serde(default)]
    pub target_rate: Option<f64>,
    /// Only these people (their `person_key`): the rows an officer filtered on the gaps
    /// screen. Empty for everyone the other choices keep.
    #[serde(default)]
    pub person_keys: Vec<String>,
}

/// The coverage target when the county names none (the province's plan: 95 %).
pub const DEFAULT_TARGET_RATE: f64 = 0.95;

/// One written workbook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ExportedFile {
    pub file: String,
    pub unit: String,
    pub rows: u32,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ExportSummary {
    pub dir: String,
    /// The worklists, then the summary workbook.
    pub files: Vec<ExportedFile>,
    pub rows: u32,
    pub masked: bool,
}

/// Writes the worklists of the latest analysis into `dir`, plus a summary workbook.
pub fn export(
    conn: &mut Connection,
    dir: &Path,
    options: &WorklistOptions,
) -> Result<ExportSummary> {
    let masked = match options.unmasked_reason.as_deref().map(str::trim) {
        None => true,
        Some("") => {
            return Err(ErrorKind::InvalidArgument {
                message: "导出完整身份证号必须填写原因（--reason）".into(),
            }
            .into())
        }
        Some(_) => false,
    };
    let target_rate = options.target_rate.unwrap_or(DEFAULT_TARGET_RATE);
    if !(0.0..=1.0).contains(&target_rate) {
        return Err(ErrorKind::InvalidArgument {
            message: format!("目标参保率应在 0–100% 之间，而不是 {target_rate}"),
        }
        .into());
    }
    let followed = if options.only_not_followed_up {
        crate::outcome::store::latest_outcomes(conn)?
    } else {
        Default::default()
    };
    let only_people: std::collections::HashSet<&str> =
        options.person_keys.iter().map(String::as_str).collect();
    // The summary workbook counts every gap of the analysis, whatever this export
    // selects; the summary's counts per code are taken from the same pass.
    let (summary, selection::Selection { counts, gaps }) =
        require_latest_summary_counted(conn, |analysis_id| {
            let choice = selection::Choice {
                split_by: options.split_by,
                codes: &options.codes,
                only_urgent: options.only_urgent,
                followed: &followed,
                people: &only_people,
            };
            let read = selection::read(conn, analysis_id, &choice)?;
            Ok((selection::per_code(&read.counts), read))
        })?;
    let mut books = books::group(&gaps, options.split_by);
    if let Some(unit) = options.unit.as_deref().map(str::trim) {
        let all: Vec<String> = books.iter().map(|b| b.route_unit.clone()).collect();
        books.retain(|b| b.route_unit == unit || b.unit == unit);
        if books.is_empty() {
            let mut known = all;
            known.dedup();
            let shown = known
                .iter()
                .take(10)
                .cloned()
                .collect::<Vec<_>>()
                .join("、");
            return Err(ErrorKind::InvalidArgument {
                message: format!(
                    "按所选条件没有“{unit}”的跟进名单；可选的单位有：{}",
                    if shown.is_empty() {
                        "（无）".into()
                    } else {
                        shown
                    }
                ),
            }
            .into());
        }
    }

    // File and sheet names first: the folder is checked against them before anything is written.
    let mut files = unit_name::Namer::default();
    files.reserve(staging::SUMMARY_FILE);
    let file_names: Vec<String> = books
        .iter()
        .map(|b| files.file(b.prefix, &b.unit, "xlsx"))
        .collect();
    let mut all_names = file_names.clone();
    all_names.push(staging::SUMMARY_FILE.to_string());
    let staged = staging::Staging::begin(dir, &all_names)?;

    // Each person's contacts are index lookups all over the household list: with
    // SQLite's default 2 MB page cache most of them re-read pages from the file
    // (measured: a third of the export's time in read calls). Put back after. Its size
    // is in `EXPORT_CACHE_KIB`.
    crate::store::page_cache::with_cache_kib(conn, EXPORT_CACHE_KIB, |conn, _| {
        write_books(
            conn,
            dir,
            options,
            masked,
            target_rate,
            summary,
            counts,
            books,
            file_names,
            all_names,
            staged,
        )
    })
}

/// Workbooks assembled and compressed at once, beside the database work of the next one.
const WRITERS: usize = 2;

/// SQLite's page cache while exporting, in KiB. 32 MB holds the ID index's pages the
/// contact lookups walk and the issued rows' B-trees; the table pages they fetch are
/// mostly read once. With 256 MB every page read stayed cached, each in memory new to the
/// process (the kernel zeroing it cost as much as the reads saved). Paired, 3 runs × 3
/// at 1M residents: wall 0.92–0.94, peak 665 → 440 MB.
const EXPORT_CACHE_KIB: i64 = 32 * 1024;

#[allow(clippy::too_many_arguments)]
fn write_books(
    conn: &mut Connection,
    dir: &Path,
    options: &WorklistOptions,
    masked: bool,
    target_rate: f64,
    summary: crate::analysis::AnalysisSummary,
    counts: crate::report::township::GapsByTownship,
    books: Vec<books::Book<'_>>,
    file_names: Vec<String>,
    all_names: Vec<String>,
    staged: staging::Staging,
) -> Result<ExportSummary> {
    let settings = crate::settings::load(conn)?;
    let lists_used = sheet::lists_used(conn)?;
    let context = row_text::Context {
        coverage_year: summary.coverage_year,
        as_of: summary.as_of.clone(),
        newborn_grace_days: settings.newborn_grace_days,
        worker_grace_days: settings.worker_grace_days,
        masked,
    };
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO worklist_export (analysis_id, created_at, split_by, codes, masked, reason, files, rows)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, 0)",
        params![
            summary.analysis_id,
            now(),
            ExportKind::of_split(options.split_by),
            serde_json::to_string(&options.codes.iter().map(|c| c.as_str()).collect::<Vec<_>>()).expect("serialises"),
            masked,
            options.unmasked_reason,
        ],
    )?;
    let export_id = tx.last_insert_rowid();
    let mut exported = Vec::new();
    // Both cores: the database work for the next book (tokens, contacts) and recording the
    // rows of the book just handed over run here while the books before are assembled and
    // compressed on up to `WRITERS` threads of their own. Writing a book costs more than its database work, so with one writer this
    // thread waited for it; with two, both cores stay busy to the last book. Memory holds
    // the rows of `WRITERS` + 1 books at most.
    let report = std::thread::scope(|scope| -> Result<_> {
        let mut writing: VecDeque<(&String, std::thread::ScopedJoinHandle<'_, Result<Vec<u8>>>)> =
            VecDeque::with_capacity(WRITERS);
        let mut draws = tokens::Draws::default();
        for (book, file) in books.iter().zip(&file_names) {
            let mut sheet_names = unit_name::Namer::default();
            if options.detail_sheet {
                sheet_names.reserve(columns::DETAIL_SHEET);
            }
            // Each book's household rows read when it comes: the books after the first are
            // read while the ones before are written.
            let finder = contacts::Finder::new(
                &tx,
                &summary.as_of,
                book.sheets.values().flatten().copied(),
            )?;
            let mut sheets = Vec::new();
            let mut to_record = Vec::with_capacity(book.sheets.len());
            for (place, gaps) in &book.sheets {
                let issued = tokens::draw_all(&tx, &mut draws, gaps)?;
                let mut rows = Vec::with_capacity(gaps.len());
                for (gap, row) in gaps.iter().zip(&issued) {
                    rows.push(row_text::printed(
                        gap,
                        &finder.contact(gap)?,
                        &context,
                        &row.case_code,
                        &row.token,
                    ));
                }
                sheets.push(sheet::SheetRows {
                    name: sheet_names.sheet(place),
                    place: place.clone(),
                    rows,
                });
                to_record.push((gaps, issued));
            }
            let rows = sheets.iter().map(|s| s.rows.len() as u32).sum();
            exported.push(ExportedFile {
                file: file.clone(),
                unit: book.unit.clone(),
                rows,
            });
            if writing.len() == WRITERS {
                if let Some((done, handle)) = writing.pop_front() {
                    staged.write(
                        done,
                        &handle.join().expect("the workbook thread does not panic")?,
                    )?;
                }
            }
            let title = sheet::Title {
                county: &settings.county,
                unit: &book.unit,
                as_of: &summary.as_of,
                coverage_year: summary.coverage_year,
                lists_used: &lists_used,
                masked,
            };
            let (route, detail) = (book.route, options.detail_sheet);
            writing.push_back((
                file,
                scope.spawn(move || sheet::workbook(file, &title, route, &sheets, detail)),
            ));
            // Recorded while the book is written: its draws are checked already.
            for (gaps, issued) in to_record {
                tokens::record_all(&tx, export_id, gaps, &issued)?;
            }
        }
        // The summary's report, while the last books are written.
        let report = crate::report::township::build(&tx, summary.clone(), counts)?;
        for (done, handle) in writing {
            staged.write(
                done,
                &handle.join().expect("the workbook thread does not panic")?,
            )?;
        }
        Ok(report)
    })?;
    let bytes = summary_book::workbook(&report, &exported, target_rate)?;
    staged.write(staging::SUMMARY_FILE, &bytes)?;
    let rows: u32 = exported.iter().map(|f| f.rows).sum();
    tx.execute(
        "UPDATE worklist_export SET files = ?1, rows = ?2 WHERE id = ?3",
        params![exported.len() as i64, rows, export_id],
    )?;
    let detail = export_detail::export_detail(options, exported.len());
    crate::audit::append_about(
        &tx,
        "export",
        &detail,
        rows,
        Some(masked),
        crate::audit::Subject::WorklistExport(export_id),
    )?;
    // Tokens recorded first, then the files appear.
    tx.commit()?;
    staged.finish(&all_names)?;
    exported.push(ExportedFile {
        file: staging::SUMMARY_FILE.into(),
        unit: "汇总".into(),
        rows: 0,
    });
    Ok(ExportSummary {
        dir: dir.display().to_string(),
        files: exported,
        rows,
        masked,
    })
}

fn now() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}
