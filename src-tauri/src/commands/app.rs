//! IPC commands about the running app itself: its version and database location, opening
//! an encrypted database with the passphrase the user typed, and cancelling the running job.

use std::sync::atomic::Ordering;

use enrolgap::Error;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use super::blocking;
use crate::AppState;

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
