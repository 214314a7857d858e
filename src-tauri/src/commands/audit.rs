//! IPC commands for the audit log: its entries and the check of its hash chain.

use enrolgap::audit::AuditEntry;
use enrolgap::Error;
use tauri::State;

use super::with_conn;
use crate::AppState;

/// The audit log, oldest first.
#[tauri::command]
pub async fn audit_entries(state: State<'_, AppState>) -> Result<Vec<AuditEntry>, Error> {
    with_conn(&state, |conn| enrolgap::audit::entries(conn)).await
}

/// Checks the audit log's hash chain; the id of the first entry that does not fit, if any.
#[tauri::command]
pub async fn audit_verify(state: State<'_, AppState>) -> Result<Option<i64>, Error> {
    with_conn(&state, |conn| enrolgap::audit::verify(conn)).await
}
