//! IPC commands, one module per area of the app, each command a thin call into the engine.
//! Every command is `async` so it never runs on the main (UI) thread, and works in
//! `spawn_blocking`, as the engine and SQLite block. Every command returns
//! `Result<T, enrolgap::Error>`: the error crosses IPC as the engine's tagged `ErrorKind`
//! JSON (`{"kind": "missing_column", …}`), phrased by the UI.
//!
//! - [`app`]: version and database location, unlocking an encrypted database, cancelling.
//! - [`import`]: choosing files, their preview and import, the import history.
//! - [`analysis`]: running the analysis, its summary, gaps and the bureau's report.
//! - [`quality`], [`review`], [`followup`] (worklists out, outcomes back), [`audit`],
//!   [`settings`] (settings, backup and restore of the database), [`lists`] (lists over time).
//! - [`dialogs`]: every native dialog; the only module that opens one.
//!
//! Long jobs (`import_files`, `analyze`) report through a throttled `Channel<ProgressUpdate>`
//! ([`crate::progress`]) and stop on `cancel_job`. The invoke names are the functions' own
//! names (the UI calls `invoke("import_files", …)`), whatever module holds them.

pub mod analysis;
pub mod app;
pub mod audit;
pub mod dialogs;
pub mod followup;
pub mod import;
pub mod lists;
pub mod outcomes;
pub mod quality;
pub mod review;
pub mod settings;

use std::sync::atomic::Ordering;

use chrono::NaiveDate;
use enrolgap::{Error, ErrorKind, Progress, ProgressUpdate};
use rusqlite::Connection;
use tauri::ipc::Channel;

use crate::progress::Forwarder;
use crate::AppState;

/// An `invalid_argument` error with `message` (phrased in Chinese, as the engine's).
fn invalid(message: &str) -> Error {
    ErrorKind::InvalidArgument {
        message: message.to_owned(),
    }
    .into()
}

/// A date the UI sends as `YYYY-MM-DD`; anything else is an `invalid_argument`.
fn parse_date(text: &str) -> Result<NaiveDate, Error> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        ErrorKind::InvalidArgument {
            message: format!("日期“{text}”应为 YYYY-MM-DD"),
        }
        .into()
    })
}

/// Runs `f` with the connection on a blocking thread.
async fn with_conn<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&mut Connection) -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    let state = state.clone();
    blocking(move || state.with_conn(f)).await
}

/// Runs a long job on a blocking thread with the connection and a progress forwarder
/// sending to `channel`; clears the cancel flag first and flushes progress at the end.
async fn run_job<T: Send + 'static>(
    state: &AppState,
    channel: Channel<ProgressUpdate>,
    job: impl FnOnce(&mut Connection, &dyn Progress) -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    let state = state.clone();
    state.cancel_flag().store(false, Ordering::Relaxed);
    blocking(move || {
        let send = move |update: ProgressUpdate| {
            // The window may be gone; progress is best-effort.
            let _ = channel.send(update);
        };
        let progress = Forwarder::new(send, state.cancel_flag().clone());
        let result = state.with_conn(|conn| job(conn, &progress));
        progress.finish();
        result
    })
    .await
}

/// Runs blocking work off the async runtime's threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| {
            Err(ErrorKind::Database {
                message: format!("后台任务异常终止：{e}"),
            }
            .into())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_iso() {
        assert_eq!(
            parse_date("2026-06-30").unwrap(),
            NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()
        );
        let err = parse_date("30/06/2026").unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::InvalidArgument { .. }));
    }
}
