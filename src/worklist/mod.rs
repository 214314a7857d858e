//! Worklists: the Excel files officers take to the field, one per township (or village),
//! school or agency, and read back when they return filled in.
//!
//! [`export`] writes them from the latest analysis with IDs and phones masked unless the
//! user gives a reason for a full export (logged in the [`crate::audit`] log). Every row
//! carries a random token in a hidden column; [`followup`] reads filled worklists back by
//! that token, whatever the officers did to row order.

pub mod columns;
pub mod followup;
pub mod outcome;
mod sheet;
mod summary_book;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rand::Rng;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::analysis::{latest_gaps, latest_summary, Gap, RouteType};
use crate::{ErrorKind, GapCode, Result};

pub use outcome::Outcome;

/// How worklists are split into files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum SplitBy {
    /// Township gaps, a workbook per township with a sheet per village.
    Township,
    /// Township gaps, a workbook per village.
    Village,
    /// Student gaps, a workbook per school with a sheet per class.
    School,
    /// Worker gaps, a workbook per staffing agency with a sheet per client company.
    Agency,
}

/// What to export.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WorklistOptions {
    /// `None`: every gap, each to its natural unit (township, school, agency).
    pub split_by: Option<SplitBy>,
    /// Only these codes; empty for all.
    pub codes: Vec<GapCode>,
    /// Full IDs and phone numbers, for this stated reason. `None` exports masked.
    pub unmasked_reason: Option<String>,
}

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

/// The workbook a group of gaps goes to, and its sheets.
struct Book<'a> {
    unit: String,
    file: String,
    route: RouteType,
    sheets: BTreeMap<String, Vec<&'a Gap>>,
}

/// Writes the worklists of the latest analysis into `dir`, plus a summary workbook.
pub fn export(conn: &mut Connection, dir: &Path, options: &WorklistOptions) -> Result<ExportSummary> {
    let masked = match options.unmasked_reason.as_deref().map(str::trim) {
        None => true,
        Some("") => {
            return Err(ErrorKind::InvalidArgument { message: "导出完整身份证号必须填写原因（--reason）".into() }.into())
        }
        Some(_) => false,
    };
    let summary = latest_summary(conn)?
        .ok_or_else(|| ErrorKind::NotReady { message: "还没有分析结果；请先运行 enrolgap analyze".into() })?;
    let gaps: Vec<Gap> = latest_gaps(conn)?
        .into_iter()
        .filter(|g| options.codes.is_empty() || options.codes.contains(&g.code))
        .collect();
    let books = group(&gaps, options.split_by);
    std::fs::create_dir_all(dir)
        .map_err(|e| ErrorKind::WriteFailed { file: dir.display().to_string(), reason: e.to_string() })?;

    let settings = crate::settings::load(conn)?;
    let lists_used = lists_used(conn)?;
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO worklist_export (analysis_id, created_at, split_by, codes, masked, reason, files, rows)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, 0)",
        params![
            summary.analysis_id,
            now(),
            options.split_by.map_or("natural", |s| match s {
                SplitBy::Township => "township",
                SplitBy::Village => "village",
                SplitBy::School => "school",
                SplitBy::Agency => "agency",
            }),
            serde_json::to_string(&options.codes.iter().map(|c| c.as_str()).collect::<Vec<_>>()).expect("serialises"),
            masked,
            options.unmasked_reason,
        ],
    )?;
    let export_id = tx.last_insert_rowid();
    let mut files = Vec::new();
    let mut written: Vec<PathBuf> = Vec::new();
    let result = (|| -> Result<()> {
        let mut insert = tx.prepare_cached(
            "INSERT INTO worklist_row (token, export_id, person_key, code, name) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for book in &books {
            let mut tokens = Vec::new();
            for gap in book.sheets.values().flatten() {
                let token = new_token();
                insert.execute(params![token, export_id, gap.person_key, gap.code.as_str(), gap.name])?;
                tokens.push(token);
            }
            let title = sheet::Title {
                county: &settings.county,
                unit: &book.unit,
                as_of: &summary.as_of,
                coverage_year: summary.coverage_year,
                lists_used: &lists_used,
            };
            let bytes = sheet::workbook(&title, book.route, &book.sheets, &tokens, masked)?;
            let path = dir.join(&book.file);
            crate::safe_write::write_bytes(&path, &bytes)?;
            written.push(path);
            let rows = tokens.len() as u32;
            files.push(ExportedFile { file: book.file.clone(), unit: book.unit.clone(), rows });
        }
        let summary_file = "汇总.xlsx";
        let bytes = summary_book::workbook(&tx, &summary, &files)?;
        let path = dir.join(summary_file);
        crate::safe_write::write_bytes(&path, &bytes)?;
        written.push(path);
        Ok(())
    })();
    if let Err(e) = result {
        // All or nothing: remove what this export already wrote; the transaction rolls back.
        for path in written {
            let _ = std::fs::remove_file(path);
        }
        return Err(e);
    }
    let rows: u32 = files.iter().map(|f| f.rows).sum();
    tx.execute("UPDATE worklist_export SET files = ?1, rows = ?2 WHERE id = ?3", params![files.len() as i64, rows, export_id])?;
    let detail = match &options.unmasked_reason {
        None => format!("导出跟进名单 {} 个文件（已脱敏）", files.len()),
        // The reason is typed by the officer and may name a person by ID or phone.
        Some(reason) => format!("导出跟进名单 {} 个文件（完整身份证号和电话），原因：{}", files.len(), crate::identity::mask_numbers(reason.trim())),
    };
    crate::audit::append_about(&tx, "export", &detail, rows, Some(masked), crate::audit::Subject::WorklistExport(export_id))?;
    tx.commit()?;
    files.push(ExportedFile { file: "汇总.xlsx".into(), unit: "汇总".into(), rows: 0 });
    Ok(ExportSummary { dir: dir.display().to_string(), files, rows, masked })
}

/// Groups gaps into workbooks and sheets.
fn group(gaps: &[Gap], split_by: Option<SplitBy>) -> Vec<Book<'_>> {
    let mut books: BTreeMap<(RouteType, String), Book<'_>> = BTreeMap::new();
    for g in gaps {
        let wanted = match split_by {
            None => true,
            Some(SplitBy::Township | SplitBy::Village) => g.route_type == RouteType::Township,
            Some(SplitBy::School) => g.route_type == RouteType::School,
            Some(SplitBy::Agency) => g.route_type == RouteType::Agency,
        };
        if !wanted {
            continue;
        }
        let detail = if g.route_detail.is_empty() { "其他".to_string() } else { g.route_detail.clone() };
        let (unit, file, sheet) = match (g.route_type, split_by) {
            (RouteType::Township, Some(SplitBy::Village)) => {
                let unit = format!("{}{}", g.route_unit, g.route_detail);
                (unit.clone(), format!("村-{}-{}.xlsx", file_safe(&g.route_unit), file_safe(&detail)), "名单".to_string())
            }
            (RouteType::Township, _) => (g.route_unit.clone(), format!("乡镇-{}.xlsx", file_safe(&g.route_unit)), detail),
            (RouteType::School, _) => (g.route_unit.clone(), format!("学校-{}.xlsx", file_safe(&g.route_unit)), detail),
            (RouteType::Agency, _) => (g.route_unit.clone(), format!("单位-{}.xlsx", file_safe(&g.route_unit)), detail),
        };
        books
            .entry((g.route_type, file.clone()))
            .or_insert_with(|| Book { unit, file, route: g.route_type, sheets: BTreeMap::new() })
            .sheets
            .entry(sheet)
            .or_default()
            .push(g);
    }
    books.into_values().collect()
}

/// A unit name as a file name: characters Windows forbids replaced.
fn file_safe(name: &str) -> String {
    name.chars().map(|c| if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') { '_' } else { c }).collect()
}

/// A random row token: 12 characters from an alphabet without look-alikes (no 0/O, 1/I).
fn new_token() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..12).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect()
}

/// The lists the analysis compared, for worklist titles: "户籍人口、参保记录、…".
fn lists_used(conn: &Connection) -> Result<String> {
    let mut stmt = conn.prepare_cached("SELECT DISTINCT kind FROM batch ORDER BY kind")?;
    let kinds: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let mut names: Vec<&str> = crate::ListKind::ALL
        .iter()
        .filter(|k| kinds.iter().any(|s| s == k.as_str()))
        .map(|k| k.chinese_name())
        .collect();
    names.dedup();
    Ok(names.join("、"))
}

fn now() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}
