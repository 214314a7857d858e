//! IPC commands: thin calls into the engine. Every command is `async` so it never runs on
//! the main (UI) thread, and works in `spawn_blocking`, as the engine and SQLite block.
//! Every command returns `Result<T, enrolgap::Error>`: the error crosses IPC as the
//! engine's tagged `ErrorKind` JSON (`{"kind": "missing_column", …}`), phrased by the UI.
//!
//! Long jobs (`import_files`, `analyze`) report through a throttled `Channel<ProgressUpdate>`
//! ([`crate::progress`]) and stop on `cancel_job`. Lists over time: [`lists`].

pub mod lists;
pub mod outcomes;
use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use chrono::NaiveDate;
use enrolgap::analysis::review::{Decision, ReviewItem};
use enrolgap::audit::AuditEntry;
use enrolgap::import::history::BatchInfo;
use enrolgap::import::preview::ImportPreview;
use enrolgap::import::roles::Role;
use enrolgap::outcome::Outcome;
use enrolgap::quality::QualityFinding;
use enrolgap::report::Report;
use enrolgap::settings::Settings;
use enrolgap::worklist::followup::FollowupSummary;
use enrolgap::worklist::{ExportSummary, WorklistOptions};
use enrolgap::{
    AnalysisSummary, ColumnMapping, Error, ErrorKind, Gap, ImportOptions, ImportSummary, ListKind,
    Progress, ProgressUpdate,
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

/// Env var for automation: when set, `pick_folder` returns this folder instead of opening
/// the native folder dialog (the worklist export's destination).
pub const SCRIPTED_FOLDER_ENV: &str = "ENROLGAP_SCRIPTED_FOLDER";

/// Env var for automation: when set, every native *save* dialog (quality correction list,
/// backup) is skipped and the file is written into this folder under the name the dialog
/// would have suggested.
pub const SCRIPTED_SAVE_ENV: &str = "ENROLGAP_SCRIPTED_SAVE";

/// Env var for automation: the filled worklists `pick_followup` returns (a path list, as
/// [`SCRIPTED_PICK_ENV`]). The files need not exist when the app starts.
pub const SCRIPTED_FOLLOWUP_ENV: &str = "ENROLGAP_SCRIPTED_FOLLOWUP";

/// Env var for automation: the backup file `pick_restore` returns.
pub const SCRIPTED_RESTORE_ENV: &str = "ENROLGAP_SCRIPTED_RESTORE";

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
    let shared = ImportOptions {
        kind,
        ..ImportOptions::default()
    };
    let options = options.unwrap_or_default();
    if !options.is_empty() && options.len() != paths.len() {
        return Err(invalid("每个文件需要一组导入选项"));
    }
    let options = if options.is_empty() {
        vec![shared]
    } else {
        options
    };
    run_job(&state, channel, move |conn, progress| {
        // The next file is read while the one before is stored (enrolgap::import::files).
        enrolgap::import_files(
            conn,
            &paths,
            &options,
            enrolgap::import::files::OnError::Stop,
            progress,
        )
        .into_iter()
        .collect()
    })
    .await
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

/// The bureau's report of the latest analysis (coverage, changes, funnel), if any.
#[tauri::command]
pub async fn report(state: State<'_, AppState>) -> Result<Option<Report>, Error> {
    with_conn(&state, |conn| {
        if enrolgap::analysis::latest_summary(conn)?.is_none() {
            return Ok(None);
        }
        enrolgap::report::build(conn).map(Some)
    })
    .await
}

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
/// was written, or `None` when the user cancelled. See [`SCRIPTED_SAVE_ENV`].
#[tauri::command]
pub async fn save_quality(
    window: WebviewWindow,
    state: State<'_, AppState>,
    batch: Option<i64>,
    title: String,
    file_name: String,
) -> Result<Option<String>, Error> {
    let Some(path) = save_dialog(window, title, file_name, "Excel", "xlsx").await? else {
        return Ok(None);
    };
    let written = path.clone();
    with_conn(&state, move |conn| {
        let findings = enrolgap::quality::findings(conn, batch)?;
        enrolgap::quality::write_xlsx(&findings, &path)
    })
    .await?;
    Ok(Some(written.display().to_string()))
}

/// Possible matches waiting for a person's decision.
#[tauri::command]
pub async fn review_pending(state: State<'_, AppState>) -> Result<Vec<ReviewItem>, Error> {
    with_conn(&state, |conn| enrolgap::analysis::review::pending(conn)).await
}

/// Records a decision on a possible match; it applies from the next analysis.
#[tauri::command]
pub async fn review_decide(
    state: State<'_, AppState>,
    item_id: i64,
    decision: Decision,
) -> Result<(), Error> {
    with_conn(&state, move |conn| {
        enrolgap::analysis::review::decide(conn, item_id, decision)
    })
    .await
}

/// The latest follow-up outcome of each person, by person key.
#[tauri::command]
pub async fn latest_outcomes(
    state: State<'_, AppState>,
) -> Result<HashMap<String, Outcome>, Error> {
    with_conn(&state, |conn| {
        enrolgap::outcome::store::latest_outcomes(conn)
    })
    .await
}

/// Records an outcome by hand (from the gap's detail panel).
#[tauri::command]
pub async fn record_outcome(
    state: State<'_, AppState>,
    person_key: String,
    outcome: Outcome,
    date: Option<String>,
    officer: Option<String>,
    note: Option<String>,
) -> Result<(), Error> {
    let date = match date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => Some(parse_date(d)?.format("%Y-%m-%d").to_string()),
        None => None,
    };
    let officer = officer.filter(|o| !o.trim().is_empty());
    let note = note.filter(|n| !n.trim().is_empty());
    with_conn(&state, move |conn| {
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

/// Asks for a folder (the worklists' destination) in a native dialog; `None` when
/// cancelled. See [`SCRIPTED_FOLDER_ENV`].
#[tauri::command]
pub async fn pick_folder(window: WebviewWindow, title: String) -> Result<Option<String>, Error> {
    if let Some(dir) = scripted(SCRIPTED_FOLDER_ENV) {
        return Ok(Some(PathBuf::from(dir).display().to_string()));
    }
    let picked = blocking(move || {
        Ok(window
            .dialog()
            .file()
            .set_parent(&window)
            .set_title(title)
            .blocking_pick_folder())
    })
    .await?;
    Ok(picked
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string()))
}

/// Writes the worklists of the latest analysis into `dir`.
#[tauri::command]
pub async fn export_worklists(
    state: State<'_, AppState>,
    dir: PathBuf,
    options: WorklistOptions,
) -> Result<ExportSummary, Error> {
    with_conn(&state, move |conn| {
        enrolgap::worklist::export(conn, &dir, &options)
    })
    .await
}

/// Opens `dir` in the system's file manager (only folders the app wrote to are passed).
#[tauri::command]
pub async fn open_folder(app: tauri::AppHandle, dir: PathBuf) -> Result<(), Error> {
    use tauri_plugin_opener::OpenerExt;
    if !dir.is_dir() {
        return Err(invalid(&format!("文件夹不存在：{}", dir.display())));
    }
    app.opener()
        .open_path(dir.display().to_string(), None::<&str>)
        .map_err(|e| invalid(&format!("无法打开文件夹：{e}")))
}

/// Asks for filled worklists to read back (several at once). See [`SCRIPTED_FOLLOWUP_ENV`].
#[tauri::command]
pub async fn pick_followup(window: WebviewWindow, title: String) -> Result<Vec<PathBuf>, Error> {
    if let Some(list) = scripted(SCRIPTED_FOLLOWUP_ENV) {
        return Ok(scripted_paths(&list));
    }
    let picked = blocking(move || {
        Ok(window
            .dialog()
            .file()
            .set_parent(&window)
            .set_title(title)
            .add_filter("Excel / WPS", &["xlsx"])
            .blocking_pick_files())
    })
    .await?;
    Ok(picked
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| p.into_path().ok())
        .collect())
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
    let Some(path) = save_dialog(window, title, file_name, "enrolgap backup", "sqlite3").await?
    else {
        return Ok(None);
    };
    let written = path.clone();
    let passphrase = state.passphrase();
    with_conn(&state, move |conn| {
        enrolgap::store::backup::backup(conn, &path, passphrase.as_deref())
    })
    .await?;
    Ok(Some(written.display().to_string()))
}

/// Replaces the database with a backup chosen in a native dialog; `None` when cancelled.
/// See [`SCRIPTED_RESTORE_ENV`].
#[tauri::command]
pub async fn restore_db(
    window: WebviewWindow,
    state: State<'_, AppState>,
    title: String,
) -> Result<Option<String>, Error> {
    let source = match scripted(SCRIPTED_RESTORE_ENV) {
        Some(p) => Some(PathBuf::from(p)),
        None => blocking(move || {
            Ok(window
                .dialog()
                .file()
                .set_parent(&window)
                .set_title(title)
                .blocking_pick_file())
        })
        .await?
        .and_then(|p| p.into_path().ok()),
    };
    let Some(source) = source else {
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

/// The gaps of the latest analysis, for the screen: the full ID number never crosses to
/// the webview (`id_number` is `None`; `id_masked` is shown) and phones are masked.
#[tauri::command]
pub async fn latest_gaps(state: State<'_, AppState>) -> Result<Vec<Gap>, Error> {
    let state = state.inner().clone();
    let gaps = blocking(move || state.with_conn(|conn| enrolgap::latest_gaps(conn))).await?;
    Ok(gaps.into_iter().map(for_screen).collect())
}

/// A gap as the screen may show it: no full ID, masked phone.
fn for_screen(mut gap: Gap) -> Gap {
    gap.id_number = None;
    gap.phone = gap.phone.as_deref().map(enrolgap::phone::mask_phone);
    gap
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

fn invalid(message: &str) -> Error {
    ErrorKind::InvalidArgument {
        message: message.to_owned(),
    }
    .into()
}

/// The value of an automation env var, when set and not empty.
fn scripted(var: &str) -> Option<OsString> {
    std::env::var_os(var).filter(|v| !v.is_empty())
}

/// A native save dialog over `window`; `None` when cancelled. With
/// [`SCRIPTED_SAVE_ENV`] set, returns `<that folder>/<file_name>` without asking.
async fn save_dialog(
    window: WebviewWindow,
    title: String,
    file_name: String,
    filter_name: &'static str,
    extension: &'static str,
) -> Result<Option<PathBuf>, Error> {
    if let Some(dir) = scripted(SCRIPTED_SAVE_ENV) {
        return Ok(Some(scripted_save_path(Path::new(&dir), &file_name)));
    }
    let picked = blocking(move || {
        Ok(window
            .dialog()
            .file()
            .set_parent(&window)
            .set_title(title)
            .set_file_name(file_name)
            .add_filter(filter_name, &[extension])
            .blocking_save_file())
    })
    .await?;
    Ok(picked.and_then(|p| p.into_path().ok()))
}

/// Where a scripted save writes: only the suggested name's last part, inside `dir`.
fn scripted_save_path(dir: &Path, file_name: &str) -> PathBuf {
    let name = Path::new(file_name)
        .file_name()
        .map(|n| n.to_owned())
        .unwrap_or_else(|| OsString::from("enrolgap-output"));
    dir.join(name)
}

/// Runs `f` with the connection on a blocking thread.
async fn with_conn<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&mut Connection) -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    let state = state.clone();
    blocking(move || state.with_conn(f)).await
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
    fn scripted_saves_stay_inside_the_folder() {
        assert_eq!(
            scripted_save_path(Path::new("/out"), "质量问题.xlsx"),
            PathBuf::from("/out/质量问题.xlsx")
        );
        assert_eq!(
            scripted_save_path(Path::new("/out"), "../../etc/passwd"),
            PathBuf::from("/out/passwd")
        );
    }

    #[test]
    fn the_screen_never_gets_a_full_id_or_phone() {
        use enrolgap::analysis::{MatchTier, Priority, RouteType};
        let gap = Gap {
            code: enrolgap::GapCode::Lapsed,
            id_number: Some("441521198003130017".into()),
            id_masked: Some("441521********0017".into()),
            name: "林晓明".into(),
            birth_date: None,
            sex: None,
            township: None,
            village: None,
            reason: String::new(),
            source_file: String::new(),
            source_sheet: String::new(),
            source_row: 2,
            person_key: "k".into(),
            deadline: None,
            priority: Priority::Normal,
            route_type: RouteType::Township,
            route_unit: String::new(),
            route_detail: String::new(),
            match_tier: MatchTier::IdExact,
            sources: Vec::new(),
            phone: Some("13812341234".into()),
        };
        let shown = for_screen(gap);
        assert_eq!(shown.id_number, None);
        assert_eq!(shown.id_masked.as_deref(), Some("441521********0017"));
        assert_eq!(shown.phone.as_deref(), Some("138****1234"));
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
