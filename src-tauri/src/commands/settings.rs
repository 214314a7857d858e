//! IPC commands for the county's settings and its database as a whole: loading and
//! changing a setting, backing the database up to a file and restoring it from one.

use enrolgap::settings::Settings;
use enrolgap::Error;
use tauri::{State, WebviewWindow};

use super::dialogs::{self, SaveAs};
use super::with_conn;
use crate::AppState;

/// The county's settings.
#[tauri::command]
pub async fn settings_load(state: State<'_, AppState>) -> Result<Settings, Error> {
    with_conn(&state, |conn| enrolgap::settings::load(conn)).await
}

/// Changes one setting (`county`, `newborn_grace_days`, `worker_grace_days`,
/// `list_age_warning_days`); the engine checks the value.
#[tauri::command]
pub async fn settings_set(
    state: State<'_, AppState>,
    key: String,
    value: String,
) -> Result<Settings, Error> {
    with_conn(&state, move |conn| {
        enrolgap::settings::set(conn, &key, &value)?;
        enrolgap::settings::load(conn)
    })
    .await
}

/// Backs the database up to a file chosen in a native save dialog (suggesting
/// `file_name`); `None` when cancelled. An encrypted database's backup is encrypted.
#[tauri::command]
pub async fn backup_db(
    window: WebviewWindow,
    state: State<'_, AppState>,
    title: String,
    file_name: String,
) -> Result<Option<String>, Error> {
    let Some(path) = dialogs::save_file(window, title, file_name, SaveAs::Backup).await? else {
        return Ok(None);
    };
    let written = path.display().to_string();
    let passphrase = state.passphrase();
    with_conn(&state, move |conn| {
        enrolgap::store::backup::backup(conn, &path, passphrase.as_deref())
    })
    .await?;
    Ok(Some(written))
}

/// Replaces the database with a backup chosen in a native dialog; `None` when cancelled.
#[tauri::command]
pub async fn restore_db(
    window: WebviewWindow,
    state: State<'_, AppState>,
    title: String,
) -> Result<Option<String>, Error> {
    let Some(source) = dialogs::pick_backup(window, title).await? else {
        return Ok(None);
    };
    let shown = source.display().to_string();
    let passphrase = state.passphrase();
    with_conn(&state, move |conn| {
        enrolgap::store::backup::restore(conn, &source, passphrase.as_deref())
    })
    .await?;
    Ok(Some(shown))
}
