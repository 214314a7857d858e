//! IPC commands for data quality: the findings of one import or of all, and writing them
//! as a correction list (.xlsx) to a file the user chooses.

use enrolgap::quality::QualityFinding;
use enrolgap::Error;
use tauri::{State, WebviewWindow};

use super::dialogs::{self, SaveAs};
use super::with_conn;
use crate::AppState;

/// Quality findings of one batch, or of all when `batch` is `None`.
#[tauri::command]
pub async fn quality_findings(
    state: State<'_, AppState>,
    batch: Option<i64>,
) -> Result<Vec<QualityFinding>, Error> {
    with_conn(&state, move |conn| enrolgap::quality::findings(conn, batch)).await
}

/// Writes the findings of `batch` (all when `None`) as a correction list (.xlsx) to a
/// file the user chooses in a native save dialog suggesting `file_name`. Returns where it
/// was written, or `None` when the user cancelled.
#[tauri::command]
pub async fn save_quality(
    window: WebviewWindow,
    state: State<'_, AppState>,
    batch: Option<i64>,
    title: String,
    file_name: String,
) -> Result<Option<String>, Error> {
    let Some(path) = dialogs::save_file(window, title, file_name, SaveAs::Workbook).await? else {
        return Ok(None);
    };
    let written = path.display().to_string();
    with_conn(&state, move |conn| {
        let findings = enrolgap::quality::findings(conn, batch)?;
        enrolgap::quality::write_xlsx(&findings, &path)
    })
    .await?;
    Ok(Some(written))
}
