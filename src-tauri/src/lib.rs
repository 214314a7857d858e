//! The enrolgap desktop app: a Tauri 2 shell around the `enrolgap` engine.
//!
//! - [`run`] builds the app: the dialog plugin, the shared [`AppState`] and the commands.
//! - [`commands`] holds the IPC commands by area, each a thin call into the engine, and
//!   `commands::dialogs`, the only place that opens a native dialog.
//! - [`progress`] forwards engine progress to the UI, throttled, and carries cancellation.
//!
//! The app opens the database lazily, on the first command that needs it, at
//! `enrolgap::store::default_db_path()` (the per-user data dir, or env `ENROLGAP_DB`), so a
//! database that cannot be opened shows up in the UI as a readable error instead of a
//! window that never appears. An encrypted database is opened with the passphrase from
//! env `ENROLGAP_PASSPHRASE`, as the command line does, or with one the user types
//! (`unlock_db`); the passphrase stays in memory only.

pub mod commands;
pub mod progress;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

pub use commands::app::AppInfo;

/// State shared by all commands. Cheap to clone (one `Arc`), so a job can take it into a
/// blocking thread.
#[derive(Clone, Default)]
pub struct AppState {
    shared: Arc<Shared>,
}

struct Shared {
    /// The open database; `None` until first used. One job at a time holds it.
    conn: Mutex<Option<Connection>>,
    /// Set by `cancel_job`; cleared when a job starts.
    cancel: Arc<AtomicBool>,
    /// The passphrase of an encrypted database, if any.
    passphrase: Mutex<Option<String>>,
    /// How the screens name people: a keyed hash per session, never the person key.
    refs: Arc<enrolgap::person_ref::PersonRefs>,
}

impl Default for Shared {
    fn default() -> Self {
        Shared {
            conn: Mutex::default(),
            cancel: Arc::default(),
            passphrase: Mutex::new(
                std::env::var(enrolgap::store::PASSPHRASE_ENV)
                    .ok()
                    .filter(|p| !p.is_empty()),
            ),
            refs: Arc::default(),
        }
    }
}

impl AppState {
    /// The session's person references (see `enrolgap::person_ref`).
    pub(crate) fn person_refs(&self) -> Arc<enrolgap::person_ref::PersonRefs> {
        Arc::clone(&self.shared.refs)
    }

    /// The flag that long jobs poll through `Progress::is_cancelled`.
    pub(crate) fn cancel_flag(&self) -> &Arc<AtomicBool> {
        &self.shared.cancel
    }

    /// Runs `f` with the database connection, opening it first if needed. Blocks while
    /// another job holds the connection; call it off the main thread.
    pub(crate) fn with_conn<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> enrolgap::Result<T>,
    ) -> enrolgap::Result<T> {
        let path = db_path()?;
        let mut guard = lock(&self.shared.conn);
        if guard.is_none() {
            let passphrase = lock(&self.shared.passphrase).clone();
            let passphrase = passphrase.as_deref();
            // A database on a read-only folder or medium can still be looked at; jobs
            // that write then say why they cannot.
            let conn = match enrolgap::store::open_keyed(&path, passphrase) {
                Err(e) if matches!(e.kind(), enrolgap::ErrorKind::DatabaseReadOnly { .. }) => {
                    enrolgap::store::open_read_only(&path, passphrase)?
                }
                other => other?,
            };
            *guard = Some(conn);
        }
        let conn = guard.as_mut().expect("connection opened above");
        let result = f(conn).map_err(|e| e.at_db(&path));
        // Anchor the audit log's latest entry outside the database after every job (a
        // no-op when the job appended nothing new). A failure here does not undo the
        // job: the file lags until the next seal, and the keyed chain and the anchor
        // row still guard the entries after it.
        if let Err(e) = enrolgap::audit::seal(conn) {
            eprintln!("enrolgap: {}", e.at_db(&path));
        }
        result
    }

    /// The passphrase of the open (encrypted) database, if any: backups are encrypted
    /// with it, and a restored backup must open with it.
    pub(crate) fn passphrase(&self) -> Option<String> {
        lock(&self.shared.passphrase).clone()
    }

    /// Opens the database with `passphrase` (replacing any open connection) and keeps the
    /// passphrase for later opens when it works.
    pub(crate) fn unlock(&self, passphrase: String) -> enrolgap::Result<()> {
        let mut guard = lock(&self.shared.conn);
        let conn = enrolgap::store::open_keyed(&db_path()?, Some(&passphrase))?;
        *guard = Some(conn);
        *lock(&self.shared.passphrase) = Some(passphrase);
        Ok(())
    }
}

/// Locks a mutex even if a panicking job poisoned it: the data stays valid (SQLite rolled
/// back the job's transaction).
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Where the database lives (honours env `ENROLGAP_DB`).
pub(crate) fn db_path() -> enrolgap::Result<PathBuf> {
    enrolgap::store::default_db_path()
}

/// Builds and runs the app; returns when the last window closes.
pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        // Used from Rust only (commands::open_folder); the webview is granted nothing.
        .plugin(tauri_plugin_opener::init())
        .manage(AppState::default())
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::import::pick_files,
            commands::import::import_files,
            commands::analysis::analyze,
            commands::analysis::latest_summary,
            commands::analysis::latest_gaps,
            commands::app::cancel_job,
            commands::app::unlock_db,
            commands::import::preview_file,
            commands::import::column_roles,
            commands::import::batches,
            commands::analysis::report,
            commands::quality::quality_findings,
            commands::quality::save_quality,
            commands::review::review_pending,
            commands::review::review_decide,
            commands::review::review_undo,
            commands::followup::latest_outcomes,
            commands::followup::record_outcome,
            commands::followup::pick_folder,
            commands::followup::export_worklists,
            commands::followup::open_folder,
            commands::followup::pick_followup,
            commands::followup::import_followup,
            commands::settings::settings_load,
            commands::settings::settings_set,
            commands::settings::backup_db,
            commands::settings::restore_db,
            commands::audit::audit_entries,
            commands::audit::audit_verify,
            commands::lists::list_versions,
            commands::lists::retire_list,
            commands::lists::restore_list,
            commands::lists::set_list_date,
            commands::lists::freshness,
            commands::lists::case_changes,
            commands::outcomes::record_outcomes,
            commands::followup::dispatch,
            commands::analysis::person_history,
        ])
        .run(tauri::generate_context!())
        .expect("error while running the enrolgap app");
}
