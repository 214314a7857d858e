//! Encryption at rest (SQLCipher): a database, its WAL and its backups unreadable without
//! the passphrase, for the laptop that gets lost in the field.
//!
//! A new database is encrypted by opening it with a passphrase ([`super::open_keyed`]);
//! an existing plain one is converted here with `sqlcipher_export`, which writes an
//! encrypted copy. The copy then has to become the database without losing anything
//! another process writes meanwhile, so:
//!
//! 1. the database is taken exclusively first ([`super::take_exclusive`]): while the app
//!    or another command has it open, `encrypt` refuses and changes nothing;
//! 2. the copy is written beside it (`*.encrypting`, private), synced, and renamed to
//!    `*.encrypted-ready` once complete;
//! 3. its bytes are written over the database file *in place*, under the lock. Nothing is
//!    renamed over the database: a process that opened the old file while we held the
//!    lock would otherwise go on writing into a file that no longer has a name.
//!
//! A crash in step 2 leaves the database untouched (the partial copy is encrypted and is
//! removed on the next open); a crash in step 3 is finished on the next open from the
//! complete `*.encrypted-ready` copy ([`finish_interrupted`]). While the copy exists the
//! encrypting process holds an advisory lock on `*.encrypt-lock`, so an open by another
//! process meanwhile (an import started a moment before) leaves the copy alone: it is
//! work in progress, not something left by a crash.

use std::io::Write;
use std::path::Path;

use rusqlite::Connection;

use super::sidecar;
use crate::{ErrorKind, Result};

/// Rewrites the plain database at `path` encrypted with `passphrase`.
pub fn encrypt_in_place(path: &Path, passphrase: &str) -> Result<()> {
    if passphrase.chars().count() < 8 {
        return Err(ErrorKind::InvalidArgument {
            message: "口令至少 8 个字符".into(),
        }
        .into());
    }
    let conn = super::open_keyed(path, None)?;
    super::take_exclusive(&conn, "加密").map_err(|e| e.at_db(path))?;
    let copying = copy_lock(path).map_err(|e| e.at_db(path))?;
    // Waits only for another process's look at leftovers (below) to finish.
    copying.lock().map_err(|e| lock_failed(path, e))?;
    let result = encrypt_locked(&conn, path, passphrase);
    if result.is_err() {
        let _ = std::fs::remove_file(sidecar(path, ".encrypting"));
        let _ = super::release_exclusive(&conn);
    }
    // The copy is gone, whether it became the database or not.
    drop(copying);
    // Closing drops the lock, after the file holds the encrypted pages whole.
    drop(conn);
    result.map_err(|e| e.at_db(path))?;
    let conn = super::open_keyed(path, Some(passphrase))?;
    crate::audit::append(
        &conn,
        "encrypt",
        &crate::bilingual::Bilingual::new("数据库已加密", "Database encrypted"),
        0,
        None,
    )?;
    crate::audit::seal(&conn)
}

fn encrypt_locked(conn: &Connection, path: &Path, passphrase: &str) -> Result<()> {
    let (tmp, ready) = (
        sidecar(path, ".encrypting"),
        sidecar(path, ".encrypted-ready"),
    );
    let write_failed = |file: &Path, e: std::io::Error| -> crate::Error {
        ErrorKind::WriteFailed {
            file: file.display().to_string(),
            reason: e.to_string(),
        }
        .into()
    };
    let _ = std::fs::remove_file(&tmp);
    drop(super::create_private(&tmp).map_err(|e| write_failed(&tmp, e))?);
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    conn.execute(
        "ATTACH DATABASE ?1 AS encrypted KEY ?2",
        rusqlite::params![tmp.to_string_lossy(), passphrase],
    )?;
    conn.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
    conn.execute_batch(&format!(
        "PRAGMA encrypted.user_version = {version}; PRAGMA encrypted.application_id = {};",
        super::APPLICATION_ID
    ))?;
    conn.execute_batch("DETACH DATABASE encrypted")?;
    std::fs::File::open(&tmp)
        .and_then(|f| f.sync_all())
        .map_err(|e| write_failed(&tmp, e))?;
    std::fs::rename(&tmp, &ready).map_err(|e| write_failed(&ready, e))?;
    copy_over(&ready, path)?;
    let _ = std::fs::remove_file(&ready);
    Ok(())
}

/// Writes the bytes of `from` over `to` in place (same file, same inode), synced.
///
/// On Unix, closing this second handle drops the process's POSIX locks on the file,
/// including SQLite's: by then the file holds the new content whole, and the caller
/// closes its connection next without writing.
fn copy_over(from: &Path, to: &Path) -> Result<()> {
    let fail = |e: std::io::Error| -> crate::Error {
        match e.kind() {
            std::io::ErrorKind::StorageFull => ErrorKind::DiskFull {
                file: to.display().to_string(),
            }
            .into(),
            _ => ErrorKind::WriteFailed {
                file: to.display().to_string(),
                reason: e.to_string(),
            }
            .into(),
        }
    };
    let mut source = std::fs::File::open(from).map_err(fail)?;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .open(to)
        .map_err(fail)?;
    // Streamed: a county's database can be larger than the laptop's free memory.
    let len = std::io::copy(&mut source, &mut file).map_err(fail)?;
    file.flush().map_err(fail)?;
    file.set_len(len).map_err(fail)?;
    file.sync_all().map_err(fail)
}

/// The file whose advisory lock an `encrypt` holds while its copy exists (created empty
/// the first time, then kept: removing it could let two processes lock different files of
/// the same name). A file of its own, not the copy: on Windows a lock on the copy would
/// also stop SQLite writing it.
fn copy_lock(path: &Path) -> Result<std::fs::File> {
    super::private_file()
        .create(true)
        .truncate(false)
        .open(sidecar(path, ".encrypt-lock"))
        .map_err(|e| lock_failed(path, e))
}

fn lock_failed(path: &Path, e: std::io::Error) -> crate::Error {
    ErrorKind::WriteFailed {
        file: sidecar(path, ".encrypt-lock").display().to_string(),
        reason: e.to_string(),
    }
    .into()
}

/// Finishes or undoes an `encrypt` that was interrupted (power lost, process killed);
/// called on every write-mode open, before SQLite touches the file.
pub(crate) fn finish_interrupted(path: &Path) -> Result<()> {
    let (tmp, ready) = (
        sidecar(path, ".encrypting"),
        sidecar(path, ".encrypted-ready"),
    );
    if !tmp.exists() && !ready.exists() {
        return Ok(());
    }
    let copying = copy_lock(path)?;
    match copying.try_lock() {
        Ok(()) => {}
        // An encrypt is writing the copy right now: nothing here was interrupted.
        Err(std::fs::TryLockError::WouldBlock) => return Ok(()),
        Err(std::fs::TryLockError::Error(e)) => return Err(lock_failed(path, e)),
    }
    if ready.exists() {
        // The encrypted copy was complete; writing it over the database may not have been.
        copy_over(&ready, path)?;
        let _ = std::fs::remove_file(&ready);
        for suffix in ["-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(sidecar(path, suffix));
        }
    }
    // An unfinished copy: the database itself was not touched yet.
    let _ = std::fs::remove_file(&tmp);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{backup, open, open_keyed};

    const ID: &str = "11010519491231002X";

    fn with_a_person(path: &Path, passphrase: Option<&str>) {
        let conn = open_keyed(path, passphrase).unwrap();
        conn.execute(
            "INSERT INTO batch (kind, file_name, content_sha256, sheets, mapping, rows_read, rows_imported, imported_at)
             VALUES ('household', 'x.xlsx', 'h', '[]', '{}', 1, 1, 'now')",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO list_row (batch_id, sheet, row_number, original, id_number, id_status) VALUES (1, 's', 2, '{}', ?1, 'valid')",
            [ID],
        )
        .unwrap();
    }

    fn holds_in_clear(path: &Path) -> bool {
        let bytes = std::fs::read(path).unwrap_or_default();
        bytes.windows(ID.len()).any(|w| w == ID.as_bytes())
    }

    #[test]
    fn an_open_meanwhile_leaves_a_copy_being_written_and_removes_one_left_by_a_crash() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("county.sqlite3");
        let copy = sidecar(&db, ".encrypting");
        std::fs::write(&copy, b"part of an encrypted copy").unwrap();
        // As `encrypt` holds it while it writes the copy.
        let copying = copy_lock(&db).unwrap();
        copying.lock().unwrap();
        finish_interrupted(&db).unwrap();
        assert!(copy.exists(), "a copy still being written was removed");
        // The encrypting process died: its lock went with it.
        drop(copying);
        finish_interrupted(&db).unwrap();
        assert!(!copy.exists(), "a copy left by a crash was kept");
    }

    #[test]
    fn an_encrypted_database_and_its_backup_hold_no_id_in_clear() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("county.sqlite3");
        with_a_person(&db, Some("海丰县医保局2026"));
        let conn = open_keyed(&db, Some("海丰县医保局2026")).unwrap();
        let copy = dir.path().join("backup.sqlite3");
        backup::backup(&conn, &copy, Some("海丰县医保局2026")).unwrap();
        drop(conn);
        for file in [
            db.clone(),
            dir.path().join("county.sqlite3-wal"),
            copy.clone(),
        ] {
            assert!(
                !holds_in_clear(&file),
                "{} holds an ID in clear",
                file.display()
            );
        }
        let mut restored = open_keyed(
            &dir.path().join("restored.sqlite3"),
            Some("海丰县医保局2026"),
        )
        .unwrap();
        backup::restore(&mut restored, &copy, Some("海丰县医保局2026")).unwrap();
        let id: String = restored
            .query_row("SELECT id_number FROM list_row", [], |r| r.get(0))
            .unwrap();
        assert_eq!(id, ID);
    }

    #[test]
    fn a_wrong_or_missing_passphrase_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("county.sqlite3");
        with_a_person(&db, Some("correct horse"));
        let wrong = open_keyed(&db, Some("wrong horse!")).unwrap_err();
        assert_eq!(wrong.kind(), &ErrorKind::WrongPassphrase { given: true });
        let missing = open(&db).unwrap_err();
        assert_eq!(missing.kind(), &ErrorKind::WrongPassphrase { given: false });
    }

    #[test]
    fn a_plain_database_can_be_encrypted_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("county.sqlite3");
        with_a_person(&db, None);
        assert!(holds_in_clear(&db) || holds_in_clear(&dir.path().join("county.sqlite3-wal")));
        encrypt_in_place(&db, "海丰县医保局2026").unwrap();
        assert!(!holds_in_clear(&db));
        let conn = open_keyed(&db, Some("海丰县医保局2026")).unwrap();
        let count: i64 = conn
            .query_row("SELECT COUNT(*) FROM list_row", [], |r| r.get(0))
            .unwrap();
        assert_eq!(count, 1);
    }
}
