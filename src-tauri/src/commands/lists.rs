//! IPC commands for lists over time: the versions of every list, retiring and restoring
//! them, their own dates, whether the latest analysis is still current and what changed
//! since the one before. Each a thin call into the engine (`enrolgap::lists`,
//! `enrolgap::analysis::freshness`, `enrolgap::analysis::campaign`).
//!
//! An import's dry run (what it would replace, with counts) is `import_files` with
//! `dry_run: true` in its options.

use enrolgap::analysis::campaign::CaseChanges;
use enrolgap::analysis::freshness::Freshness;
use enrolgap::lists::versions;
use enrolgap::lists::ListVersion;
use enrolgap::Error;
use tauri::State;

use super::with_conn;
use crate::AppState;

/// Every version of every list: by kind, newest first, in force or not.
#[tauri::command]
pub async fn list_versions(state: State<'_, AppState>) -> Result<Vec<ListVersion>, Error> {
    with_conn(&state, |conn| versions::versions(conn)).await
}

/// Takes a version out of force (audited); the next analysis no longer reads it.
#[tauri::command]
pub async fn retire_list(state: State<'_, AppState>, batch: i64) -> Result<(), Error> {
    with_conn(&state, move |conn| versions::retire(conn, batch)).await
}

/// Puts a superseded or retired version back in force (audited). Returns the versions of
/// the same kind also in force, which the officer may want to retire.
#[tauri::command]
pub async fn restore_list(state: State<'_, AppState>, batch: i64) -> Result<Vec<i64>, Error> {
    with_conn(&state, move |conn| versions::restore(conn, batch)).await
}

/// Changes a version's own date (`2025-07`, `2025-07-31` or `2025`; audited).
#[tauri::command]
pub async fn set_list_date(
    state: State<'_, AppState>,
    batch: i64,
    date: String,
) -> Result<(), Error> {
    with_conn(&state, move |conn| {
        versions::set_list_date(conn, batch, &date).map(|_| ())
    })
    .await
}

/// Whether the latest analysis still describes the data (stale after an import, a
/// retirement, a review decision or a follow-up).
#[tauri::command]
pub async fn freshness(state: State<'_, AppState>) -> Result<Freshness, Error> {
    with_conn(&state, |conn| {
        enrolgap::analysis::freshness::freshness(conn)
    })
    .await
}

/// The people new since the analysis before and those closed, with why (IDs masked).
#[tauri::command]
pub async fn case_changes(state: State<'_, AppState>) -> Result<CaseChanges, Error> {
    with_conn(&state, |conn| {
        enrolgap::analysis::campaign::latest_case_changes(conn)
    })
    .await
}
