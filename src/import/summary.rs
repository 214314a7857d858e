//! What an import is asked to do and what it reports back.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ListKind;

/// Choices the user makes for one import.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportOptions {
    /// The list kind; guessed from the headers and file name when absent.
    pub kind: Option<ListKind>,
    /// Replace an earlier batch with the same content instead of refusing it.
    #[serde(default)]
    pub replace: bool,
}

/// The outcome of importing one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ImportSummary {
    /// The new batch's id in the database.
    #[ts(type = "number")]
    pub batch_id: i64,
    /// File name, without directories.
    pub file: String,
    pub kind: ListKind,
    /// Sheets the rows came from, in workbook order.
    pub sheets: Vec<String>,
    /// Data rows seen (header, title, blank and totals rows excluded).
    pub rows_read: u32,
    /// Rows stored as people.
    pub rows_imported: u32,
    /// Stored rows with at least one quality finding (e.g. an unusable ID).
    pub rows_with_problems: u32,
    /// The earlier batch this one replaced, when `replace` was asked for.
    #[ts(type = "number | null")]
    pub replaced_batch: Option<i64>,
}
