//! Temporary files that may hold the county's data in clear (a backup being written, an
//! unmasked export before its rename), listed beside the database while they exist so
//! that one a killed process left behind is removed on the next start.
//!
//! The list is `<database>.temporary-files`, one path a line. A file still being written
//! by another running process must not be taken from under it, so only files untouched
//! for [`ABANDONED_AFTER`] are removed; until then they are private to their owner
//! ([`super::create_private`]).

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::sidecar;

/// How long a listed temporary file goes unmodified before it counts as abandoned: a
/// backup or an export in progress writes far more often than this.
const ABANDONED_AFTER: Duration = Duration::from_secs(120);

fn list(db: &Path) -> PathBuf {
    sidecar(db, ".temporary-files")
}

fn read(db: &Path) -> Vec<PathBuf> {
    std::fs::read_to_string(list(db))
        .map(|t| {
            t.lines()
                .filter(|l| !l.is_empty())
                .map(PathBuf::from)
                .collect()
        })
        .unwrap_or_default()
}

fn write(db: &Path, paths: &[PathBuf]) {
    if paths.is_empty() {
        let _ = std::fs::remove_file(list(db));
    } else {
        let text: String = paths.iter().map(|p| format!("{}\n", p.display())).collect();
        let _ = std::fs::write(list(db), text);
    }
}

/// Lists `tmp` before it is created. Best effort: a database folder that cannot be
/// written only loses the clean-up, not the work.
pub fn remember(db: &Path, tmp: &Path) {
    let mut paths = read(db);
    if !paths.iter().any(|p| p == tmp) {
        paths.push(tmp.to_path_buf());
        write(db, &paths);
    }
}

/// Unlists `tmp` once it is renamed or removed.
pub fn forget(db: &Path, tmp: &Path) {
    let mut paths = read(db);
    paths.retain(|p| p != tmp);
    write(db, &paths);
}

/// Removes the listed temporary files that were abandoned, with their SQLite journals;
/// called on every write-mode open.
pub(crate) fn remove_abandoned(db: &Path) {
    let mut paths = read(db);
    if paths.is_empty() {
        return;
    }
    paths.retain(|tmp| {
        let modified = std::fs::metadata(tmp).and_then(|m| m.modified());
        let abandoned = match modified {
            Err(_) => true, // gone already
            Ok(at) => at.elapsed().is_ok_and(|age| age >= ABANDONED_AFTER),
        };
        if abandoned {
            let _ = std::fs::remove_file(tmp);
            let _ = std::fs::remove_file(sidecar(tmp, "-journal"));
        }
        !abandoned
    });
    write(db, &paths);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_abandoned_temporary_file_goes_and_a_fresh_one_stays() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("county.sqlite3");
        let (old, fresh) = (
            dir.path().join("old.backup-in-progress"),
            dir.path().join(".gaps.csv.7.tmp"),
        );
        std::fs::write(&old, "11010519491231002X").unwrap();
        std::fs::write(&fresh, "11010519491231002X").unwrap();
        let hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
        std::fs::File::options()
            .write(true)
            .open(&old)
            .unwrap()
            .set_modified(hour_ago)
            .unwrap();
        remember(&db, &old);
        remember(&db, &fresh);
        drop(crate::store::open(&db).unwrap());
        assert!(!old.exists() && fresh.exists());
        assert_eq!(read(&db), vec![fresh.clone()]);
        forget(&db, &fresh);
        assert!(!list(&db).exists());
    }
}
