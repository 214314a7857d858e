//! enrolgap's engine: everything the desktop app and the `enrolgap` command line do,
//! with no user interface attached.
//!
//! The path through the engine follows the officers' method (底数清 → 数据比 → 专项改);
//! the rules themselves are written down in `docs/rules.md`. One line per module:
//!
//! - [`store`] opens the local SQLite database, keeps its schema current, backs it up.
//! - [`import`] reads a spreadsheet as it arrives and stores it as one all-or-nothing batch.
//! - [`list_kind`] names the eight kinds of list officers receive (户籍, 参保记录, 学籍 …).
//! - [`identity`] normalises what identifies a person: ID numbers and names; masks IDs.
//! - [`phone`] normalises phone numbers and masks them for display.
//! - [`dates`] reads dates as officers' spreadsheets write them; the coverage year.
//! - [`vocabulary`] reads the words lists use for status and scheme into typed enums, and
//!   declares every stored vocabulary with one mapping (`stored_vocabulary!`).
//! - [`lists`] keeps each import as a dated, scoped version of its list; which are in force.
//! - [`quality`] reports what is wrong in the imported lists, row by row, for the sender.
//! - [`settings`] holds the per-county settings the rules read (grace periods).
//! - [`outcome`] is the list of follow-up outcomes and their storage, below analysis and
//!   worklists.
//! - [`analysis`] applies the gap rules for an as-of date and keeps the result as a snapshot.
//! - [`report`] gathers coverage, gaps by code and unit, changes and the funnel.
//! - [`worklist`] writes the field worklists and reads the filled ones back.
//! - [`dispatch`] tells where each unit's worklist stands: sent, returned, completed, overdue.
//! - [`person_history`] gathers one person's snapshots, outcomes and enrolment rows in force.
//! - [`person_ref`] stands in for a person key on screen: a keyed hash, never the ID.
//! - [`export`] writes gaps and findings out as CSV and JSON.
//! - [`csv_safe`] writes CSV that a hostile cell cannot turn into an Excel formula.
//! - [`safe_write`] writes output files whole or not at all.
//! - [`bilingual`] pairs a Chinese text with its English one (findings, audit details).
//! - [`audit`] keeps the append-only, tamper-evident log of what happened to the data.
//! - [`progress`] lets long jobs report progress and learn they should stop.
//! - [`error`] is the one error type, whose kind crosses to the app's UI as tagged JSON.
//!
//! Long jobs take a [`Progress`] so the caller can show progress and cancel; errors are
//! one [`Error`] type whose kind can cross to the app's UI as tagged JSON.

pub mod analysis;
pub mod audit;
pub mod bilingual;
pub mod csv_safe;
pub mod dates;
pub mod dispatch;
pub mod error;
pub mod export;
pub mod identity;
pub mod import;
pub mod list_kind;
pub mod lists;
pub mod outcome;
pub mod person_history;
pub mod person_ref;
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
pub use import::{
    import_bytes, import_file, import_files, ColumnMapping, ImportOptions, ImportSummary,
};
pub use list_kind::ListKind;
pub use progress::{NoProgress, Progress, ProgressUpdate, Stage};
