//! What an import is asked to do and what it reports back.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::roles::Role;
use crate::lists::{ListDateSource, ReplaceMode, Settled};
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
    /// What the new version replaces: by scope (the default), nothing, or named batches.
    #[serde(default)]
    pub replace_mode: ReplaceMode,
    /// The contribution year of a register that names none (no year column, no year in
    /// its sheet names, title or file name).
    #[serde(default)]
    pub year: Option<i32>,
    /// The list's own date ("2025-07", "2025-08-31"), overriding what the file says.
    #[serde(default)]
    pub list_date: Option<String>,
    /// Work out what the import would do, report it, and store nothing.
    #[serde(default)]
    pub dry_run: bool,
}

/// "This column holds this role": `role` by its stable name (`id_number`, `name`, …) over
/// IPC and on the command line, `column` a header text or an Excel column letter (`C`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ColumnMapping {
    pub role: Role,
    pub column: String,
}

impl std::str::FromStr for ColumnMapping {
    type Err = String;

    /// Parses `ROLE=COLUMN`, as given to `--map`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (role, column) = s
            .split_once('=')
            .ok_or_else(|| format!("“{s}”应写成 角色=列，如 id_number=证件号码 或 id_number=C"))?;
        let role = role.trim();
        let role = Role::from_stored(role).ok_or_else(|| {
            format!(
                "没有“{role}”这个列角色；可用的有：{}",
                Role::names().join(", ")
            )
        })?;
        Ok(ColumnMapping {
            role,
            column: column.trim().to_string(),
        })
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
    /// The list's own date: stored form, in words, and where it was read.
    pub list_date: String,
    pub list_date_label: String,
    pub list_date_source: ListDateSource,
    /// The department or unit the title names (填报单位), if any.
    pub source_unit: Option<String>,
    /// The scope found and what the new version replaced (or, for events, added).
    pub settled: Settled,
    /// True when nothing was stored: the summary says what the import would do.
    pub dry_run: bool,
}
