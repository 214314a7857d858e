//! How long jobs tell their caller how far they are, and learn that they should stop.
//!
//! The engine calls [`Progress::report`] often and cheaply; throttling for a UI is the
//! implementer's business. A job checks [`Progress::is_cancelled`] between units of work
//! and, when it is set, rolls back and returns [`crate::ErrorKind::Cancelled`].

use serde::Serialize;
use ts_rs::TS;

/// The step a long job is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Reading and parsing a file.
    Reading,
    /// Writing parsed rows to the database.
    Storing,
    /// Comparing lists and applying the gap rules.
    Analysing,
}

/// One progress report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ProgressUpdate {
    pub stage: Stage,
    /// File being worked on, by name only (no directories), when there is one.
    pub file: Option<String>,
    /// Units done so far (rows, usually).
    #[ts(type = "number")]
    pub done: u64,
    /// Units in all, when known.
    #[ts(type = "number | null")]
    pub total: Option<u64>,
}

/// Receives progress from a long job and may ask it to stop.
pub trait Progress: Sync {
    /// Called as work advances; must be cheap.
    fn report(&self, update: ProgressUpdate);
    /// True once the caller wants the job to stop.
    fn is_cancelled(&self) -> bool {
        false
    }
}

/// Progress that goes nowhere and never cancels, for callers that do not need it.
pub struct NoProgress;

impl Progress for NoProgress {
    fn report(&self, _update: ProgressUpdate) {}
}
