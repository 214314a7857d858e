//! IPC commands for the worklists and what comes back from them: exporting the worklists
//! into a folder the user chooses (and opening it), reading filled worklists back, and
//! recording or listing the follow-up outcomes.

use std::collections::HashMap;
use std::path::PathBuf;

use enrolgap::worklist::followup::FollowupSummary;
use enrolgap::worklist::{ExportSummary, Outcome, WorklistOptions};
use enrolgap::Error;
use tauri::{AppHandle, State, WebviewWindow};
use tauri_plugin_opener::OpenerExt;

use super::{dialogs, invalid, parse_date, with_conn};
use crate::AppState;

/// The latest follow-up outcome of each person, by the session's person reference.
#[tauri::command]
pub async fn latest_outcomes(
    state: State<'_, AppState>,
) -> Result<HashMap<String, Outcome>, Error> {
    let refs = state.person_refs();
    with_conn(&state, move |conn| {
        enrolgap::outcome::store::latest_outcomes(conn).map(|m| refs.rekey(m))
    })
    .await
}

/// Records an outcome by hand (from the gap's detail panel). Blank date, officer or note
/// count as not given.
#[tauri::command]
pub async fn record_outcome(
    state: State<'_, AppState>,
    person_key: String,
    outcome: Outcome,
    date: Option<String>,
    officer: Option<String>,
    note: Option<String>,
) -> Result<(), Error> {
    let date = match given(date) {
        Some(d) => Some(parse_date(&d)?.format("%Y-%m-%d").to_string()),
        None => None,
    };
    let (officer, note) = (given(officer), given(note));
    let refs = state.person_refs();
    with_conn(&state, move |conn| {
        let [person_key] = <[String; 1]>::try_from(refs.resolve(conn, &[person_key])?)
            .expect("resolve returns one key per reference");
        enrolgap::worklist::followup::record(
            conn,
            &person_key,
            outcome,
            date.as_deref(),
            officer.as_deref(),
            note.as_deref(),
        )
    })
    .await
}

/// `text` as typed, or `None` when absent or only blanks.
fn given(text: Option<String>) -> Option<String> {
    text.filter(|t| !t.trim().is_empty())
}

/// Asks for a folder (the worklists' destination) in a native dialog; `None` when
/// cancelled.
#[tauri::command]
pub async fn pick_folder(window: WebviewWindow, title: String) -> Result<Option<String>, Error> {
    let picked = dialogs::pick_folder(window, title).await?;
    Ok(picked.map(|dir| dir.display().to_string()))
}

/// Writes the worklists of the latest analysis into `dir`.
#[tauri::command]
pub async fn export_worklists(
    state: State<'_, AppState>,
    dir: PathBuf,
    mut options: WorklistOptions,
) -> Result<ExportSummary, Error> {
    let refs = state.person_refs();
    with_conn(&state, move |conn| {
        // The filtered rows come as the screen's references.
        options.person_keys = refs.resolve(conn, &options.person_keys)?;
        enrolgap::worklist::export(conn, &dir, &options)
    })
    .await
}

/// Opens `dir` in the system's file manager (only folders the app wrote to are passed).
#[tauri::command]
pub async fn open_folder(app: AppHandle, dir: PathBuf) -> Result<(), Error> {
    if !dir.is_dir() {
        return Err(invalid(&format!("文件夹不存在：{}", dir.display())));
    }
    app.opener()
        .open_path(dir.display().to_string(), None::<&str>)
        .map_err(|e| invalid(&format!("无法打开文件夹：{e}")))
}

/// Asks for filled worklists to read back (several at once); empty when cancelled.
#[tauri::command]
pub async fn pick_followup(window: WebviewWindow, title: String) -> Result<Vec<PathBuf>, Error> {
    dialogs::pick_worklists(window, title).await
}

/// Reads filled worklists back, one summary per file; stops at the first error.
#[tauri::command]
pub async fn import_followup(
    state: State<'_, AppState>,
    paths: Vec<PathBuf>,
) -> Result<Vec<FollowupSummary>, Error> {
    with_conn(&state, move |conn| {
        paths
            .iter()
            .map(|p| enrolgap::worklist::followup::import(conn, p))
            .collect()
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::given;

    #[test]
    fn blank_fields_count_as_not_given() {
        assert_eq!(given(None), None);
        assert_eq!(given(Some("  ".into())), None);
        assert_eq!(given(Some("王芳".into())).as_deref(), Some("王芳"));
    }
}

/// Where each unit's latest worklist stands, judged against today.
#[tauri::command]
pub async fn dispatch(
    state: State<'_, AppState>,
) -> Result<Vec<enrolgap::dispatch::UnitDispatch>, Error> {
    with_conn(&state, |conn| {
        enrolgap::dispatch::by_unit(conn, chrono::Local::now().date_naive())
    })
    .await
}
