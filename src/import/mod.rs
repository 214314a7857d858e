//! Import: one file in, one all-or-nothing batch out.
//!
//! The steps: read the bytes (and hash them, to spot a file imported before) →
//! [`reader`] turns them into sheets of cells → [`header`] finds each sheet's header and
//! the column roles → [`row`] normalises each data row → [`batch`] stores the rows and
//! the problems found in one transaction. A bad row is reported and skipped; a bad file
//! changes nothing.

mod batch;
pub mod cell;
pub mod header;
pub mod reader;
pub mod row;
mod summary;

use std::path::Path;

use rusqlite::Connection;
use sha2::{Digest, Sha256};

use crate::{ErrorKind, Progress, ProgressUpdate, Result, Stage};
use header::{Header, Role};
use reader::Sheet;

pub use summary::{ImportOptions, ImportSummary};

/// Imports one list file into the database as a new batch.
pub fn import_file(
    conn: &mut Connection,
    path: &Path,
    options: &ImportOptions,
    progress: &dyn Progress,
) -> Result<ImportSummary> {
    let file = file_name(path);
    progress.report(ProgressUpdate {
        stage: Stage::Reading,
        file: Some(file.clone()),
        done: 0,
        total: None,
    });
    let bytes = std::fs::read(path).map_err(|e| ErrorKind::FileUnreadable {
        file: file.clone(),
        reason: e.to_string(),
    })?;
    let content_sha256 = format!("{:x}", Sha256::digest(&bytes));
    let earlier = batch::find_by_content(conn, &content_sha256)?;
    if let (Some(earlier), false) = (&earlier, options.replace) {
        return Err(ErrorKind::AlreadyImported {
            file,
            batch: earlier.id,
            imported_at: earlier.imported_at.clone(),
        }
        .into());
    }
    if progress.is_cancelled() {
        return Err(ErrorKind::Cancelled.into());
    }

    let sheets = reader::read_sheets(&file, &bytes)?;
    let parts = locate_lists(&file, &sheets)?;
    let kind = match options.kind {
        Some(kind) => kind,
        None => parts
            .iter()
            .find_map(|(_, header)| header::guess_kind(header, &file))
            .ok_or_else(|| ErrorKind::UnknownKind { file: file.clone() })?,
    };
    let parts = parts
        .into_iter()
        .map(|(sheet, header)| batch::SheetPart { sheet, header })
        .collect::<Vec<_>>();
    let replaced = earlier.map(|b| b.id);
    batch::store(
        conn,
        batch::NewBatch {
            file: &file,
            kind,
            content_sha256: &content_sha256,
            parts: &parts,
            replaces: replaced,
        },
        progress,
    )
}

/// The sheets that hold the list, each with its header. Sheets without a recognisable
/// header (instructions, summaries, empty sheets) are skipped; the list must have an ID
/// and a name column somewhere.
fn locate_lists<'a>(file: &str, sheets: &'a [Sheet]) -> Result<Vec<(&'a Sheet, Header)>> {
    if sheets
        .iter()
        .all(|s| s.rows.iter().flatten().all(cell::Cell::is_blank))
    {
        return Err(ErrorKind::EmptyFile { file: file.into() }.into());
    }
    let found: Vec<(&Sheet, Header)> = sheets
        .iter()
        .filter_map(|s| header::find_header(s).map(|h| (s, h)))
        .collect();
    let missing = |column: &str, examples: &str| ErrorKind::MissingColumn {
        file: file.into(),
        column: column.into(),
        examples: examples.into(),
    };
    if !found
        .iter()
        .any(|(_, h)| h.column(Role::IdNumber).is_some())
    {
        return Err(missing("身份证号", header::ID_HEADER_EXAMPLES).into());
    }
    let with_id: Vec<_> = found
        .into_iter()
        .filter(|(_, h)| h.column(Role::IdNumber).is_some())
        .collect();
    if !with_id.iter().any(|(_, h)| h.column(Role::Name).is_some()) {
        return Err(missing("姓名", header::NAME_HEADER_EXAMPLES).into());
    }
    if with_id.iter().all(|(s, h)| s.rows.len() <= h.row_index + 1) {
        return Err(ErrorKind::EmptyFile { file: file.into() }.into());
    }
    Ok(with_id)
}

/// The file's name without its directories: messages and the database never hold paths,
/// which often contain a person's or a township's name.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
