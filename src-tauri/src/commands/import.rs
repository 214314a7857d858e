//! IPC commands for bringing lists in: choosing the spreadsheets, previewing how one would
//! be read, importing them (with progress and cancel), the column roles a user may assign
//! and the history of imported batches.

use std::path::PathBuf;

use enrolgap::import::files::OnError;
use enrolgap::import::history::BatchInfo;
use enrolgap::import::preview::ImportPreview;
use enrolgap::import::roles::Role;
use enrolgap::{ColumnMapping, Error, ImportOptions, ImportSummary, ListKind, ProgressUpdate};
use tauri::ipc::Channel;
use tauri::{State, WebviewWindow};

use super::{dialogs, invalid, run_job, with_conn};
use crate::AppState;

/// Asks the user for spreadsheets to import (several at once), in a native dialog titled
/// `title` (the UI passes it in its current language). Empty when the user cancels.
#[tauri::command]
pub async fn pick_files(
    window: WebviewWindow,
    title: Option<String>,
) -> Result<Vec<PathBuf>, Error> {
    dialogs::pick_spreadsheets(window, title).await
}

/// Imports each file as one batch, in order; stops at the first error (files before it
/// stay imported). `kind` forces the list kind; `None` lets the engine guess. `options`,
/// when given, holds one entry per path (kind and column mapping chosen on the preview)
/// and overrides `kind`.
#[tauri::command]
pub async fn import_files(
    state: State<'_, AppState>,
    paths: Vec<PathBuf>,
    kind: Option<ListKind>,
    options: Option<Vec<ImportOptions>>,
    channel: Channel<ProgressUpdate>,
) -> Result<Vec<ImportSummary>, Error> {
    let options = options_per_file(paths.len(), kind, options.unwrap_or_default())?;
    run_job(&state, channel, move |conn, progress| {
        // The next file is read while the one before is stored (enrolgap::import::files).
        enrolgap::import_files(conn, &paths, &options, OnError::Stop, progress)
            .into_iter()
            .collect()
    })
    .await
}

/// The options the engine gets: the preview's one per file, or one shared entry forcing
/// `kind` (the engine applies a single entry to every file).
fn options_per_file(
    files: usize,
    kind: Option<ListKind>,
    per_file: Vec<ImportOptions>,
) -> Result<Vec<ImportOptions>, enrolgap::Error> {
    if per_file.is_empty() {
        return Ok(vec![ImportOptions {
            kind,
            ..ImportOptions::default()
        }]);
    }
    if per_file.len() != files {
        return Err(invalid("每个文件需要一组导入选项"));
    }
    Ok(per_file)
}

/// How `path` would be imported with `kind` and `mapping`: detected kind, header row,
/// each column's role and the first rows. Reads the file's head only; stores nothing.
#[tauri::command]
pub async fn preview_file(
    state: State<'_, AppState>,
    path: PathBuf,
    kind: Option<ListKind>,
    mapping: Vec<ColumnMapping>,
) -> Result<ImportPreview, Error> {
    let opts = ImportOptions {
        kind,
        mapping,
        ..ImportOptions::default()
    };
    with_conn(&state, move |conn| {
        enrolgap::import::preview::preview(conn, &path, &opts)
    })
    .await
}

/// The column roles a user can assign (phrased by the UI).
#[tauri::command]
pub async fn column_roles() -> Result<Vec<Role>, Error> {
    Ok(Role::ALL.to_vec())
}

/// Every imported batch, for the overview's "last import of each list".
#[tauri::command]
pub async fn batches(state: State<'_, AppState>) -> Result<Vec<BatchInfo>, Error> {
    with_conn(&state, |conn| enrolgap::import::history::batches(conn)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_shared_entry_forces_the_kind_when_the_preview_gave_none() {
        let options = options_per_file(3, Some(ListKind::Household), Vec::new()).unwrap();
        assert_eq!(options.len(), 1);
        assert_eq!(options[0].kind, Some(ListKind::Household));
    }

    #[test]
    fn per_file_options_must_match_the_files() {
        let two = vec![ImportOptions::default(), ImportOptions::default()];
        assert_eq!(options_per_file(2, None, two.clone()).unwrap().len(), 2);
        let err = options_per_file(3, None, two).unwrap_err();
        assert!(matches!(
            err.kind(),
            enrolgap::ErrorKind::InvalidArgument { .. }
        ));
    }
}
