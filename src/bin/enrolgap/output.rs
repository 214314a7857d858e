//! Where a command's output goes: a file written whole or not at all, or standard
//! output, where a reader that stops early (`enrolgap gaps | head`) is no error.

use std::io::Write;
use std::path::{Path, PathBuf};

use enrolgap::{store, ErrorKind};

/// The database this run works on, for [`emit`]'s list of temporary files.
static DB: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// Records the database this run works on; set once, before any command runs.
pub fn set_database(db: &Path) {
    DB.get_or_init(|| db.to_path_buf());
}

/// Writes to `out` when given (atomically), else to standard output. The temporary file
/// is listed beside the database while it exists, so that a killed run's is removed on
/// the next start.
pub fn emit(
    out: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> enrolgap::Result<()> {
    match out {
        Some(path) => {
            let tmp = enrolgap::safe_write::temporary_path(path);
            let db = DB.get().expect("set before any command runs");
            store::leftovers::remember(db, &tmp);
            let result = enrolgap::safe_write::write_file(path, write);
            store::leftovers::forget(db, &tmp);
            result
        }
        None => match write(&mut std::io::stdout().lock()) {
            // The reader stopped early (`enrolgap gaps | head`): not an error.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other.map_err(|e| write_failed(Path::new("标准输出"), e)),
        },
    }
}

fn write_failed(path: &Path, e: std::io::Error) -> enrolgap::Error {
    ErrorKind::WriteFailed {
        file: path.display().to_string(),
        reason: e.to_string(),
    }
    .into()
}
