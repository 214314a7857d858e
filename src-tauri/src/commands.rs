//! IPC commands: thin calls into the engine.
//!
//! Every command is `async` so it never runs on the main (UI) thread, and does its work
//! in `spawn_blocking`, because the engine and SQLite block. Every command returns
//! `Result<T, enrolgap::Error>`: the error crosses IPC as the engine's tagged `ErrorKind`
//! JSON (`{"kind": "missing_column", "file": …}`) and the UI phrases it.
//!
//! Long jobs (`import_files`, `analyze`) report through a `Channel<ProgressUpdate>`,
//! throttled by [`crate::progress`], and stop when `cancel_job` is called.

use std::path::PathBuf;
use std::sync::atomic::Ordering;

use chrono::NaiveDate;
use enrolgap::{
    AnalysisSummary, Error, ErrorKind, Gap, ImportOptions, ImportSummary, ListKind, Progress,
    ProgressUpdate,
};
use rusqlite::Connection;
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;
use ts_rs::TS;

use crate::progress::Forwarder;
use crate::AppState;

/// Env var for automation: when set, `pick_files` returns these paths instead of opening
/// the native file dialog (which WebDriver cannot drive). Paths are separated by the OS
/// path-list separator (`:` on Linux/macOS, `;` on Windows), as in `PATH`; they are
/// parsed with `std::env::split_paths`. Used by `scripts/e2e.sh`.
pub const SCRIPTED_PICK_ENV: &str = "ENROLGAP_SCRIPTED_PICK";

/// About the running app, for the footer.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppInfo {
    /// The app's version (from Cargo.toml).
    pub version: String,
    /// Where the database lives on this computer.
    pub db_path: String,
}

/// Version and database location.
#[tauri::command]
pub async fn app_info() -> Result<AppInfo, Error> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        db_path: crate::db_path()?.display().to_string(),
    })
}

/// Asks the user for spreadsheets to import (several at once), in a native dialog over
/// the app's window titled `title` (the UI passes it in its current language). Empty
/// when the user cancels. See [`SCRIPTED_PICK_ENV`] for the automation override.
#[tauri::command]
pub async fn pick_files(
    window: WebviewWindow,
    title: Option<String>,
) -> Result<Vec<PathBuf>, Error> {
    if let Some(list) = std::env::var_os(SCRIPTED_PICK_ENV) {
        return Ok(scripted_paths(&list));
    }
    let picked = blocking(move || {
        let mut dialog = window
            .dialog()
            .file()
            .set_parent(&window)
            .add_filter("Excel / WPS / CSV", &["xlsx", "xls", "csv"]);
        if let Some(title) = title {
            dialog = dialog.set_title(title);
        }
        Ok(dialog.blocking_pick_files())
    })
    .await?;
    Ok(picked
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| p.into_path().ok())
        .collect())
}

fn scripted_paths(list: &std::ffi::OsStr) -> Vec<PathBuf> {
    std::env::split_paths(list)
        .filter(|p| !p.as_os_str().is_empty())
        .collect()
}

/// Imports each file as one batch, in order; stops at the first error (files before it
/// stay imported). `kind` forces the list kind; `None` lets the engine guess.
#[tauri::command]
pub async fn import_files(
    state: State<'_, AppState>,
    paths: Vec<PathBuf>,
    kind: Option<ListKind>,
    channel: Channel<ProgressUpdate>,
) -> Result<Vec<ImportSummary>, Error> {
    let opts = ImportOptions {
        kind,
        ..ImportOptions::default()
    };
    run_job(&state, channel, move |conn, progress| {
        paths
            .iter()
            .map(|path| enrolgap::import_file(conn, path, &opts, progress))
            .collect()
    })
    .await
}

/// Compares the imported lists as of `as_of` (`YYYY-MM-DD`) and records the gaps.
#[tauri::command]
pub async fn analyze(
    state: State<'_, AppState>,
    as_of: String,
    channel: Channel<ProgressUpdate>,
) -> Result<AnalysisSummary, Error> {
    let as_of = parse_date(&as_of)?;
    run_job(&state, channel, move |conn, progress| {
        enrolgap::analyze(conn, as_of, progress)
    })
    .await
}

/// The summary of the latest analysis, if there is one.
#[tauri::command]
pub async fn latest_summary(state: State<'_, AppState>) -> Result<Option<AnalysisSummary>, Error> {
    let state = state.inner().clone();
    blocking(move || state.with_conn(|conn| enrolgap::analysis::latest_summary(conn))).await
}

/// The gaps of the latest analysis.
#[tauri::command]
pub async fn latest_gaps(state: State<'_, AppState>) -> Result<Vec<Gap>, Error> {
    let state = state.inner().clone();
    blocking(move || state.with_conn(|conn| enrolgap::latest_gaps(conn))).await
}

/// Asks the running job, if any, to stop; it rolls back and fails with `cancelled`.
#[tauri::command]
pub async fn cancel_job(state: State<'_, AppState>) -> Result<(), Error> {
    state.cancel_flag().store(true, Ordering::Relaxed);
    Ok(())
}

/// Opens an encrypted database with the passphrase the user typed (error
/// `wrong_passphrase` when it does not fit).
#[tauri::command]
pub async fn unlock_db(state: State<'_, AppState>, passphrase: String) -> Result<(), Error> {
    let state = state.inner().clone();
    blocking(move || state.unlock(passphrase)).await
}

fn parse_date(text: &str) -> Result<NaiveDate, Error> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        ErrorKind::InvalidArgument {
            message: format!("日期“{text}”应为 YYYY-MM-DD"),
        }
        .into()
    })
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
    fn scripted_paths_split_on_the_os_separator_and_skip_empties() {
        let joined = std::env::join_paths(["/a/household.xlsx", "/b/enrolment.xlsx"]).unwrap();
        assert_eq!(
            scripted_paths(&joined),
            vec![
                PathBuf::from("/a/household.xlsx"),
                PathBuf::from("/b/enrolment.xlsx")
            ]
        );
        assert!(scripted_paths(std::ffi::OsStr::new("")).is_empty());
    }

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
