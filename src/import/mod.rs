//! Import: one file in, one all-or-nothing batch out.
//!
//! The steps: read the bytes (and hash them, to spot a file imported before) →
//! [`reader`] turns them into sheets of cells → [`header`] finds each sheet's header and
//! [`roles`] names its columns, corrected by the user's mapping or one saved for the same
//! layout ([`saved_mapping`]) → [`kind_guess`] tells which list it is → [`row`] normalises
//! each data row → [`batch`] stores rows and problems in one transaction. A bad row is
//! reported and skipped; a bad file changes nothing.

mod batch;
pub mod cell;
pub mod column_letters;
mod deferred_index;
pub mod files;
pub mod header;
pub mod history;
pub mod kind_guess;
pub mod limits;
pub mod list_facts;
mod merges;
mod non_data_rows;
pub mod original;
mod plan;
pub mod preview;
pub mod reader;
pub mod roles;
pub mod row;
mod row_insert;
mod row_queue;
mod row_stages;
pub mod saved_mapping;
mod summary;

use std::path::Path;

use rusqlite::Connection;
use sha2::{Digest, Sha256};

use crate::{ErrorKind, ListKind, Progress, ProgressUpdate, Result, Stage};
use header::Header;
use roles::Role;

use plan::{parse_overrides, plan_import};

pub use files::import_files;
pub use summary::{ColumnMapping, ImportOptions, ImportSummary};

/// Imports one list file into the database as a new batch.
pub fn import_file(
    conn: &mut Connection,
    path: &Path,
    options: &ImportOptions,
    progress: &dyn Progress,
) -> Result<ImportSummary> {
    let loaded = Loaded::read(path, progress)?;
    import_loaded(conn, loaded, options, progress)
}

/// A file read into memory, with what can be worked out before the database is asked:
/// its content hash. [`files::import_files`] loads the next file this way on another
/// thread while the one before is stored.
pub(crate) struct Loaded {
    file: String,
    bytes: Vec<u8>,
    modified: Option<chrono::NaiveDate>,
    content_sha256: String,
}

impl Loaded {
    pub(crate) fn read(path: &Path, progress: &dyn Progress) -> Result<Loaded> {
        let file = file_name(path);
        progress.report(ProgressUpdate {
            stage: Stage::Reading,
            file: Some(file.clone()),
            done: 0,
            total: None,
        });
        let bytes = read_file(&file, path)?;
        let modified = std::fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .map(|t| chrono::DateTime::<chrono::Local>::from(t).date_naive());
        Ok(Loaded::new(file, bytes, modified))
    }

    fn new(file: String, bytes: Vec<u8>, modified: Option<chrono::NaiveDate>) -> Loaded {
        let content_sha256 = format!("{:x}", Sha256::digest(&bytes));
        Loaded {
            file,
            bytes,
            modified,
            content_sha256,
        }
    }

    /// What is known of the file, and its bytes.
    fn into_parts(self) -> (FileFacts, Vec<u8>) {
        let facts = FileFacts {
            file: self.file,
            modified: self.modified,
            content_sha256: self.content_sha256,
        };
        (facts, self.bytes)
    }
}

/// Reads a file whole, refusing one over [`limits::MAX_FILE_BYTES`] before reading it.
fn read_file(file: &str, path: &Path) -> Result<Vec<u8>> {
    let unreadable = |e: std::io::Error| ErrorKind::FileUnreadable {
        file: file.into(),
        reason: e.to_string(),
    };
    let len = std::fs::metadata(path).map_err(unreadable)?.len();
    limits::check_file_size(file, len)?;
    Ok(std::fs::read(path).map_err(unreadable)?)
}

/// Imports the content of a file already read; `file` is its name (without directories),
/// as messages and the batch record show it.
pub fn import_bytes(
    conn: &mut Connection,
    file: &str,
    bytes: &[u8],
    options: &ImportOptions,
    progress: &dyn Progress,
) -> Result<ImportSummary> {
    import_loaded(
        conn,
        Loaded::new(file.to_string(), bytes.to_vec(), None),
        options,
        progress,
    )
}

/// Imports a file's content; `modified` is the file's modified date, the list's date of
/// last resort.
fn import_loaded(
    conn: &mut Connection,
    loaded: Loaded,
    options: &ImportOptions,
    progress: &dyn Progress,
) -> Result<ImportSummary> {
    let (facts, bytes) = loaded.into_parts();
    // Refused before the file is opened: imported before, or cancelled meanwhile.
    let replaces = refuse_imported_before(conn, &facts, options, progress)?;
    // Only the first rows of each sheet are read now; the rest stream into the database.
    let reader::Opened {
        heads,
        rows: mut source,
    } = reader::open(&facts.file, &bytes)?;
    let planned = plan_file(conn, &facts, &heads, options, replaces)?;
    batch::store(
        conn,
        planned.new_batch(options),
        batch::RowFeed::Parse(&mut source),
        progress,
        None,
    )
}

/// What is known of a file before it is opened.
pub(crate) struct FileFacts {
    file: String,
    modified: Option<chrono::NaiveDate>,
    content_sha256: String,
}

/// Everything decided about a file before its rows are read: its list, its sheets and
/// their headers, its date, the batch it replaces. Worked out from its first rows and
/// the database (an earlier batch of the same content, a saved column mapping).
pub(crate) struct Planned {
    file: String,
    kind: ListKind,
    content_sha256: String,
    parts: Vec<batch::SheetPart>,
    estimated_rows: Option<u64>,
    replaces: Option<i64>,
    used_saved_mapping: bool,
    confirmed: Option<saved_mapping::ConfirmedMapping>,
    list_date: crate::lists::ListDate,
    list_date_source: crate::lists::ListDateSource,
    source_unit: Option<String>,
    named_in: String,
}

impl Planned {
    /// The parts (sheets) whose rows are read, in the order they are read.
    pub(crate) fn parts(&self) -> &[batch::SheetPart] {
        &self.parts
    }

    fn new_batch<'a>(&'a self, options: &'a ImportOptions) -> batch::NewBatch<'a> {
        batch::NewBatch {
            file: &self.file,
            kind: self.kind,
            content_sha256: &self.content_sha256,
            parts: &self.parts,
            estimated_rows: self.estimated_rows,
            replaces: self.replaces,
            used_saved_mapping: self.used_saved_mapping,
            confirmed_mapping: self.confirmed.as_ref(),
            list_date: self.list_date,
            list_date_source: self.list_date_source,
            source_unit: self.source_unit.clone(),
            named_in: &self.named_in,
            mode: &options.replace_mode,
            dry_run: options.dry_run,
        }
    }
}

/// Refuses a file whose content was imported before, unless `options` replace it; then
/// returns the earlier batch the import replaces.
fn refuse_imported_before(
    conn: &Connection,
    facts: &FileFacts,
    options: &ImportOptions,
    progress: &dyn Progress,
) -> Result<Option<i64>> {
    let earlier = batch::find_by_content(conn, &facts.content_sha256)?;
    if let (Some(earlier), false) = (&earlier, options.replace) {
        return Err(ErrorKind::AlreadyImported {
            file: facts.file.clone(),
            batch: earlier.id,
            imported_at: earlier.imported_at.clone(),
        }
        .into());
    }
    if progress.is_cancelled() {
        return Err(ErrorKind::Cancelled.into());
    }
    Ok(earlier.map(|b| b.id))
}

/// Plans the import of a file opened to its first rows (`heads`), replacing the batch
/// [`refuse_imported_before`] found.
fn plan_file(
    conn: &Connection,
    facts: &FileFacts,
    heads: &[reader::SheetHead],
    options: &ImportOptions,
    replaces: Option<i64>,
) -> Result<Planned> {
    let file = &facts.file;
    let overrides = parse_overrides(&options.mapping);
    let plan = plan_import(conn, file, heads, options.kind, &overrides)?;
    let estimated_rows = plan
        .parts
        .iter()
        .map(|(head, header)| {
            head.estimated_rows
                .map(|n| n.saturating_sub(header.data_start as u64))
        })
        .sum();
    let titles: Vec<String> = plan
        .parts
        .iter()
        .map(|(head, header)| list_facts::title_text(head, header))
        .collect();
    let sheet_names: Vec<&str> = plan
        .parts
        .iter()
        .map(|(head, _)| head.sheet.name.as_str())
        .collect();
    let (list_date, list_date_source) = list_facts::list_date(
        options.list_date.as_deref(),
        &titles.join(" "),
        file,
        &sheet_names,
        facts.modified,
    )?;
    let named_in = format!("{} {file}", titles.join(" "));
    let mut parts: Vec<batch::SheetPart> = Vec::new();
    for ((head, header), title) in plan.parts.into_iter().zip(&titles) {
        // A register row never counts for a year it does not name.
        let year = if plan.kind == ListKind::Enrolment && names_no_year(&header) {
            let year = list_facts::register_year(options.year, &head.sheet.name, title, file);
            Some(year.ok_or_else(|| ErrorKind::YearNeeded { file: file.clone() })?)
        } else {
            None
        };
        parts.push(batch::SheetPart {
            index: heads
                .iter()
                .position(|h| std::ptr::eq(h, head))
                .expect("a head of this file"),
            name: head.sheet.name.clone(),
            first_row: head.sheet.first_row,
            header,
            year,
        });
    }
    Ok(Planned {
        file: file.clone(),
        kind: plan.kind,
        content_sha256: facts.content_sha256.clone(),
        parts,
        estimated_rows,
        replaces,
        used_saved_mapping: plan.used_saved_mapping,
        confirmed: plan.confirmed,
        list_date,
        list_date_source,
        source_unit: list_facts::source_unit(&titles.join(" ")),
        named_in,
    })
}

/// True for a register sheet with neither a year column nor period columns.
fn names_no_year(header: &Header) -> bool {
    [Role::Year, Role::PeriodStart, Role::PeriodEnd]
        .iter()
        .all(|r| header.column(*r).is_none())
}

/// The file's name without its directories: messages and the database never hold paths,
/// which often contain a person's or a township's name.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
