//! Encryption at rest (SQLCipher): a database, its WAL and its backups unreadable without
//! the passphrase, for the laptop that gets lost in the field.
//!
//! A new database is encrypted by opening it with a passphrase ([`super::open_keyed`]);
//! an existing plain one is converted here with `sqlcipher_export`.

use std::path::Path;

use rusqlite::Connection;

use crate::{ErrorKind, Result};

/// Rewrites the plain database at `path` encrypted with `passphrase`. The plain file is
/// replaced only once the encrypted copy is complete.
pub fn encrypt_in_place(path: &Path, passphrase: &str) -> Result<()> {
    if passphrase.chars().count() < 8 {
        return Err(ErrorKind::InvalidArgument { message: "口令至少 8 个字符".into() }.into());
    }
    let tmp = path.with_extension("encrypting");
    let _ = std::fs::remove_file(&tmp);
    {
        let conn = Connection::open(path)?;
        super::unlock(&conn, None)?;
        // Fold the WAL into the main file so the export sees every committed page.
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        conn.execute("ATTACH DATABASE ?1 AS encrypted KEY ?2", rusqlite::params![tmp.to_string_lossy(), passphrase])?;
        conn.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
        conn.execute_batch(&format!(
            "PRAGMA encrypted.user_version = {version}; PRAGMA encrypted.application_id = {};",
            super::APPLICATION_ID
        ))?;
        conn.execute_batch("DETACH DATABASE encrypted")?;
    }
    std::fs::rename(&tmp, path).map_err(|e| ErrorKind::WriteFailed { file: path.display().to_string(), reason: e.to_string() })?;
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
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
    fn an_encrypted_database_and_its_backup_hold_no_id_in_clear() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("county.sqlite3");
        with_a_person(&db, Some("海丰县医保局2026"));
        let conn = open_keyed(&db, Some("海丰县医保局2026")).unwrap();
        let copy = dir.path().join("backup.sqlite3");
        backup::backup(&conn, &copy, Some("海丰县医保局2026")).unwrap();
        drop(conn);
        for file in [db.clone(), dir.path().join("county.sqlite3-wal"), copy.clone()] {
            assert!(!holds_in_clear(&file), "{} holds an ID in clear", file.display());
        }
        let mut restored = open_keyed(&dir.path().join("restored.sqlite3"), Some("海丰县医保局2026")).unwrap();
        backup::restore(&mut restored, &copy, Some("海丰县医保局2026")).unwrap();
        let id: String = restored.query_row("SELECT id_number FROM list_row", [], |r| r.get(0)).unwrap();
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
        let count: i64 = conn.query_row("SELECT COUNT(*) FROM list_row", [], |r| r.get(0)).unwrap();
        assert_eq!(count, 1);
    }
}
