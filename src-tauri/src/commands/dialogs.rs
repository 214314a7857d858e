//! Every native dialog the app opens (file, folder and save pickers over the main window),
//! so no command builds one itself.
//!
//! WebDriver cannot drive native dialogs, so the end-to-end test (`scripts/e2e.sh`) answers
//! them in advance through env vars — `ENROLGAP_SCRIPTED_PICK`, `_FOLDER`, `_SAVE`,
//! `_FOLLOWUP`, `_RESTORE` (see that script's header). Those lookups exist only in a build
//! with the app crate's `e2e-automation` feature: a release build has neither the names
//! nor the code, so nothing in an officer's environment can make the app skip a dialog
//! and read or write a path it was not given by the officer (`scripts/package-test.sh`
//! checks the installed binary for the names).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use enrolgap::Error;
use tauri::WebviewWindow;
use tauri_plugin_dialog::{DialogExt, FilePath};

use super::blocking;

/// The dialogs an automated run may answer in advance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scripted {
    /// The import's spreadsheets (a path list, as `PATH`; empty means cancelled).
    Spreadsheets,
    /// The worklist export's destination folder.
    Folder,
    /// A folder every save dialog writes into, under the name it would have suggested.
    SaveFolder,
    /// The filled worklists the follow-up import reads (a path list).
    Worklists,
    /// The backup file a restore reads.
    Backup,
}

#[cfg(feature = "e2e-automation")]
impl Scripted {
    /// The env var that answers this dialog.
    const fn env_var(self) -> &'static str {
        match self {
            Scripted::Spreadsheets => "ENROLGAP_SCRIPTED_PICK",
            Scripted::Folder => "ENROLGAP_SCRIPTED_FOLDER",
            Scripted::SaveFolder => "ENROLGAP_SCRIPTED_SAVE",
            Scripted::Worklists => "ENROLGAP_SCRIPTED_FOLLOWUP",
            Scripted::Backup => "ENROLGAP_SCRIPTED_RESTORE",
        }
    }
}

/// The scripted answer to `dialog`, if the automation set one. An empty spreadsheet list
/// is an answer (the user cancelled); any other empty value is no answer.
#[cfg(feature = "e2e-automation")]
fn scripted_answer(dialog: Scripted) -> Option<OsString> {
    let value = std::env::var_os(dialog.env_var())?;
    (dialog == Scripted::Spreadsheets || !value.is_empty()).then_some(value)
}

/// Without the `e2e-automation` feature (every release build) no dialog is ever answered
/// in advance: the env is not read.
#[cfg(not(feature = "e2e-automation"))]
fn scripted_answer(_dialog: Scripted) -> Option<OsString> {
    None
}

/// What a save dialog offers to write.
#[derive(Debug, Clone, Copy)]
pub enum SaveAs {
    /// A correction list or other workbook (.xlsx).
    Workbook,
    /// A backup of the database (.sqlite3).
    Backup,
}

impl SaveAs {
    /// The dialog's filter: its name and the one extension it allows.
    fn filter(self) -> (&'static str, &'static str) {
        match self {
            SaveAs::Workbook => ("Excel", "xlsx"),
            SaveAs::Backup => ("enrolgap backup", "sqlite3"),
        }
    }
}

/// Spreadsheets to import (several at once), titled `title` when given; empty when
/// cancelled.
pub async fn pick_spreadsheets(
    window: WebviewWindow,
    title: Option<String>,
) -> Result<Vec<PathBuf>, Error> {
    if let Some(list) = scripted_answer(Scripted::Spreadsheets) {
        return Ok(split_path_list(&list));
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
    Ok(local_paths(picked.unwrap_or_default()))
}

/// Filled worklists to read back (several at once); empty when cancelled.
pub async fn pick_worklists(window: WebviewWindow, title: String) -> Result<Vec<PathBuf>, Error> {
    if let Some(list) = scripted_answer(Scripted::Worklists) {
        return Ok(split_path_list(&list));
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
    Ok(local_paths(picked.unwrap_or_default()))
}

/// A folder (the worklists' destination); `None` when cancelled.
pub async fn pick_folder(window: WebviewWindow, title: String) -> Result<Option<PathBuf>, Error> {
    if let Some(dir) = scripted_answer(Scripted::Folder) {
        return Ok(Some(PathBuf::from(dir)));
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
    Ok(picked.and_then(|p| p.into_path().ok()))
}

/// A backup file to restore from; `None` when cancelled.
pub async fn pick_backup(window: WebviewWindow, title: String) -> Result<Option<PathBuf>, Error> {
    if let Some(file) = scripted_answer(Scripted::Backup) {
        return Ok(Some(PathBuf::from(file)));
    }
    let picked = blocking(move || {
        Ok(window
            .dialog()
            .file()
            .set_parent(&window)
            .set_title(title)
            .blocking_pick_file())
    })
    .await?;
    Ok(picked.and_then(|p| p.into_path().ok()))
}

/// Where to save a file of kind `save_as`, suggesting `file_name`; `None` when cancelled.
pub async fn save_file(
    window: WebviewWindow,
    title: String,
    file_name: String,
    save_as: SaveAs,
) -> Result<Option<PathBuf>, Error> {
    if let Some(dir) = scripted_answer(Scripted::SaveFolder) {
        return Ok(Some(save_path_inside(Path::new(&dir), &file_name)));
    }
    let (filter_name, extension) = save_as.filter();
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

/// The local files among a dialog's picks (a dialog may return URLs on some platforms).
fn local_paths(picked: Vec<FilePath>) -> Vec<PathBuf> {
    picked
        .into_iter()
        .filter_map(|p| p.into_path().ok())
        .collect()
}

/// A scripted path list, split on the OS path-list separator (`:` on Linux/macOS, `;` on
/// Windows) as `PATH` is; empty parts skipped.
fn split_path_list(list: &std::ffi::OsStr) -> Vec<PathBuf> {
    std::env::split_paths(list)
        .filter(|p| !p.as_os_str().is_empty())
        .collect()
}

/// Where a scripted save writes: only the suggested name's last part, inside `dir`.
fn save_path_inside(dir: &Path, file_name: &str) -> PathBuf {
    let name = Path::new(file_name)
        .file_name()
        .map(|n| n.to_owned())
        .unwrap_or_else(|| OsString::from("enrolgap-output"));
    dir.join(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripted_path_lists_split_on_the_os_separator_and_skip_empties() {
        let joined = std::env::join_paths(["/a/household.xlsx", "/b/enrolment.xlsx"]).unwrap();
        assert_eq!(
            split_path_list(&joined),
            vec![
                PathBuf::from("/a/household.xlsx"),
                PathBuf::from("/b/enrolment.xlsx")
            ]
        );
        assert!(split_path_list(std::ffi::OsStr::new("")).is_empty());
    }

    #[test]
    fn scripted_saves_stay_inside_the_folder() {
        assert_eq!(
            save_path_inside(Path::new("/out"), "质量问题.xlsx"),
            PathBuf::from("/out/质量问题.xlsx")
        );
        assert_eq!(
            save_path_inside(Path::new("/out"), "../../etc/passwd"),
            PathBuf::from("/out/passwd")
        );
    }

    /// The one test that touches these env vars, so no other test sees them change.
    /// A build without the feature (the release build) must ignore every one of them.
    #[test]
    fn scripted_answers_exist_only_with_the_e2e_automation_feature() {
        let answers = [
            (
                Scripted::Spreadsheets,
                "ENROLGAP_SCRIPTED_PICK",
                "/tmp/a.xlsx",
            ),
            (Scripted::Folder, "ENROLGAP_SCRIPTED_FOLDER", "/tmp/out"),
            (Scripted::SaveFolder, "ENROLGAP_SCRIPTED_SAVE", "/tmp/saved"),
            (
                Scripted::Worklists,
                "ENROLGAP_SCRIPTED_FOLLOWUP",
                "/tmp/w.xlsx",
            ),
            (
                Scripted::Backup,
                "ENROLGAP_SCRIPTED_RESTORE",
                "/tmp/b.sqlite3",
            ),
        ];
        for (dialog, var, value) in answers {
            std::env::set_var(var, value);
            let answer = scripted_answer(dialog);
            std::env::remove_var(var);
            if cfg!(feature = "e2e-automation") {
                assert_eq!(answer, Some(OsString::from(value)), "{var}");
            } else {
                assert_eq!(answer, None, "{var} must be ignored without e2e-automation");
            }
        }
        if cfg!(feature = "e2e-automation") {
            // An empty pick is the user cancelling; an empty folder is no answer at all.
            std::env::set_var("ENROLGAP_SCRIPTED_PICK", "");
            std::env::set_var("ENROLGAP_SCRIPTED_FOLDER", "");
            assert_eq!(
                scripted_answer(Scripted::Spreadsheets),
                Some(OsString::new())
            );
            assert_eq!(scripted_answer(Scripted::Folder), None);
            std::env::remove_var("ENROLGAP_SCRIPTED_PICK");
            std::env::remove_var("ENROLGAP_SCRIPTED_FOLDER");
        }
    }
}
