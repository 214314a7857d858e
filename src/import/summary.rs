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
    /// Columns the user assigned to roles, overriding the guess. A confirmed mapping is
    /// saved and reused for later files with the same header.
    #[serde(default)]
    pub mapping: Vec<ColumnMapping>,
}

/// "This column holds this role": `role` is a role's stable name (`id_number`, `name`, …),
/// `column` a header text or an Excel column letter (`C`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ColumnMapping {
    pub role: String,
    pub column: String,
}

impl std::str::FromStr for ColumnMapping {
    type Err = String;

    /// Parses `ROLE=COLUMN`, as given to `--map`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (role, column) = s
            .split_once('=')
            .ok_or_else(|| format!("“{s}”应写成 角色=列，如 id_number=证件号码 或 id_number=C"))?;
        Ok(ColumnMapping { role: role.trim().to_string(), column: column.trim().to_string() })
    }
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
    /// True when a mapping saved for this header layout was applied.
    pub used_saved_mapping: bool,
}
