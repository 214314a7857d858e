//! enrolgap's engine: everything the desktop app and the `enrolgap` command line do,
//! with no user interface attached.
//!
//! The path through the engine follows the officers' method (底数清 → 数据比 → 专项改):
//!
//! - [`store`] opens the local SQLite database and keeps its schema current.
//! - [`import`] reads a spreadsheet as it arrives from another department, finds its
//!   header, maps columns to roles and stores every row as one all-or-nothing batch.
//! - [`identity`] normalises what identifies a person: ID numbers and names.
//! - [`lists`] keeps every import as a version of its list: its own date, its scope, what
//!   it replaced; only the versions in force reach the analysis.
//! - [`vocabulary`] reads the words lists use for status and scheme into typed enums.
//! - [`analysis`] compares the lists and records the gaps of one as-of date.
//! - [`export`] writes the gaps out (CSV, JSON).
//!
//! Long jobs take a [`Progress`] so the caller can show progress and cancel; errors are
//! one [`Error`] type whose kind can cross to the app's UI as tagged JSON.

pub mod analysis;
pub mod audit;
pub mod csv_safe;
pub mod dates;
pub mod error;
pub mod export;
pub mod identity;
pub mod import;
pub mod list_kind;
pub mod lists;
pub mod phone;
pub mod progress;
pub mod quality;
pub mod report;
pub mod safe_write;
pub mod settings;
pub mod store;
pub mod vocabulary;
pub mod worklist;

pub use analysis::{analyze, latest_gaps, AnalysisSummary, Gap, GapCode};
pub use error::{Error, ErrorKind, Result};
pub use import::{import_bytes, import_file, import_files, ColumnMapping, ImportOptions, ImportSummary};
pub use list_kind::ListKind;
pub use progress::{NoProgress, Progress, ProgressUpdate, Stage};
