//! What an import would do, without doing it: the detected kind, each sheet's header row
//! and column roles, and the first rows, so the user can check or fix the mapping first.

use std::path::Path;

use rusqlite::Connection;
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::column_letters::column_letters;
use super::plan::{parse_overrides, plan_import};
use super::roles::Role;
use super::{batch, file_name, read_file, reader, ImportOptions};
use crate::{ListKind, Result};

/// Rows of each sheet shown in a preview.
const SAMPLE_ROWS: usize = 5;

/// One column as the import reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PreviewColumn {
    /// Excel's column letter.
    pub letter: String,
    pub title: String,
    /// What the column holds, when it holds something the import reads.
    pub role: Option<Role>,
}

/// One sheet that holds (part of) the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PreviewSheet {
    pub name: String,
    /// The header's row as Excel numbers it.
    pub header_row: u32,
    pub columns: Vec<PreviewColumn>,
    /// The first data rows, as displayed text, one entry per column.
    pub sample: Vec<Vec<String>>,
}

/// What importing a file would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ImportPreview {
    pub file: String,
    pub kind: ListKind,
    pub sheets: Vec<PreviewSheet>,
    /// True when a mapping saved for this header layout would be applied.
    pub uses_saved_mapping: bool,
    /// The batch that already holds this exact file, if any.
    #[ts(type = "number | null")]
    pub already_imported: Option<i64>,
}

/// Reads the head of `path` and says how it would be imported with `options`.
pub fn preview(conn: &Connection, path: &Path, options: &ImportOptions) -> Result<ImportPreview> {
    let file = file_name(path);
    let bytes = read_file(&file, path)?;
    let already_imported =
        batch::find_by_content(conn, &format!("{:x}", Sha256::digest(&bytes)))?.map(|b| b.id);
    let overrides = parse_overrides(&options.mapping);
    let opened = reader::open(&file, &bytes)?;
    let plan = plan_import(conn, &file, &opened.heads, options.kind, &overrides)?;
    let sheets = plan
        .parts
        .iter()
        .map(|(head, header)| {
            let width = header.titles.keys().max().map_or(0, |c| c + 1);
            let columns = (0..width)
                .map(|c| PreviewColumn {
                    letter: column_letters(c as u32),
                    title: header.titles.get(&c).cloned().unwrap_or_default(),
                    role: header
                        .columns
                        .iter()
                        .find(|(_, col)| **col == c)
                        .map(|(r, _)| *r),
                })
                .collect();
            let sample = head
                .sheet
                .rows
                .iter()
                .skip(header.data_start)
                .filter(|row| !row.iter().all(super::cell::Cell::is_blank))
                .take(SAMPLE_ROWS)
                .map(|row| {
                    (0..width)
                        .map(|c| row.get(c).map(|cell| cell.display()).unwrap_or_default())
                        .collect()
                })
                .collect();
            PreviewSheet {
                name: head.sheet.name.clone(),
                header_row: head.sheet.excel_row(header.row_index),
                columns,
                sample,
            }
        })
        .collect();
    Ok(ImportPreview {
        file,
        kind: plan.kind,
        sheets,
        uses_saved_mapping: plan.used_saved_mapping,
        already_imported,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previews_a_list_without_importing_it() {
        let conn = crate::store::open_in_memory().unwrap();
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/import/merged_two_row_header.xlsx");
        let p = preview(&conn, &path, &ImportOptions::default()).unwrap();
        assert_eq!(p.kind, ListKind::Enrolment);
        let sheet = &p.sheets[0];
        assert_eq!(sheet.header_row, 1);
        let role = |letter: &str| {
            sheet
                .columns
                .iter()
                .find(|c| c.letter == letter)
                .and_then(|c| c.role)
        };
        assert_eq!(role("C"), Some(Role::IdNumber));
        assert_eq!(role("D"), Some(Role::Scheme));
        assert_eq!(sheet.sample.len(), 3);
        assert_eq!(sheet.sample[0][1], "钟伟");
        let batches: i64 = conn
            .query_row("SELECT COUNT(*) FROM batch", [], |r| r.get(0))
            .unwrap();
        assert_eq!(batches, 0, "a preview stores nothing");
    }
}
