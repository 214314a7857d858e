//! Backup and restore through SQLite's online backup API — never a file copy, which can
//! catch a database mid-write (WAL pages not yet checkpointed) and produce a broken copy.
//!
//! A restore first checks that the file is an enrolgap database (its application id and
//! tables) and passes SQLite's integrity check; only then does it replace the live data.

use std::path::Path;
use std::time::Duration;

use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};

use super::APPLICATION_ID;
use crate::{ErrorKind, Result};

/// Copies the live database into `target` (overwritten if it exists). The copy is
/// encrypted with `passphrase` when the live database is.
pub fn backup(conn: &Connection, target: &Path, passphrase: Option<&str>) -> Result<()> {
    let fail = |reason: String| -> crate::Error { ErrorKind::WriteFailed { file: target.display().to_string(), reason }.into() };
    let tmp = target.with_extension("backup-in-progress");
    let _ = std::fs::remove_file(&tmp);
    {
        let mut dst = Connection::open(&tmp).map_err(|e| fail(e.to_string()))?;
        if let Some(p) = passphrase {
            dst.pragma_update(None, "key", p).map_err(|e| fail(e.to_string()))?;
        }
        let copy = Backup::new(conn, &mut dst).map_err(|e| fail(e.to_string()))?;
        copy.run_to_completion(512, Duration::from_millis(5), None).map_err(|e| fail(e.to_string()))?;
    }
    std::fs::rename(&tmp, target).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail(e.to_string())
    })
}

/// Replaces the live database's content with the backup at `source`, after checking it.
pub fn restore(conn: &mut Connection, source: &Path, passphrase: Option<&str>) -> Result<()> {
    let file = source.display().to_string();
    let refuse = |reason: &str| -> crate::Error { ErrorKind::NotABackup { file: file.clone(), reason: reason.into() }.into() };
    let backup = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|_| refuse("无法打开"))?;
    if let Some(p) = passphrase {
        backup.pragma_update(None, "key", p).map_err(|_| refuse("口令无法使用"))?;
    }
    let app_id: i64 = backup.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(|_| refuse("不是 SQLite 数据库"))?;
    if app_id != APPLICATION_ID {
        return Err(refuse("不是 enrolgap 的数据库"));
    }
    let check: String = backup.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(|_| refuse("完整性检查无法运行"))?;
    if check != "ok" {
        return Err(refuse("未通过完整性检查，文件已损坏"));
    }
    drop(backup);
    // Restore page by page from the checked file through the backup API.
    let src = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|_| refuse("无法打开"))?;
    if let Some(p) = passphrase {
        src.pragma_update(None, "key", p)?;
    }
    Backup::new(&src, conn)?.run_to_completion(512, Duration::from_millis(5), None)?;
    super::configure(conn)?;
    super::migrations().to_latest(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_backup_restores_what_it_held() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = crate::store::open(&dir.path().join("live.sqlite3")).unwrap();
        crate::settings::set(&conn, "county", "海丰县").unwrap();
        let copy = dir.path().join("backup.sqlite3");
        backup(&conn, &copy, None).unwrap();
        crate::settings::set(&conn, "county", "陆丰市").unwrap();
        restore(&mut conn, &copy, None).unwrap();
        assert_eq!(crate::settings::load(&conn).unwrap().county, "海丰县");
    }

    #[test]
    fn restore_refuses_what_is_not_an_enrolgap_database() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = crate::store::open(&dir.path().join("live.sqlite3")).unwrap();
        let other = dir.path().join("other.sqlite3");
        Connection::open(&other).unwrap().execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
        let err = restore(&mut conn, &other, None).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::NotABackup { .. }), "{err}");
        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "hello").unwrap();
        assert!(matches!(restore(&mut conn, &text, None).unwrap_err().kind(), ErrorKind::NotABackup { .. }));
    }

    #[test]
    fn restore_refuses_a_damaged_backup() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = crate::store::open(&dir.path().join("live.sqlite3")).unwrap();
        let tx = conn.transaction().unwrap();
        for i in 0..2000 {
            crate::audit::append(&tx, "import", &format!("file {i}"), i, None).unwrap();
        }
        tx.commit().unwrap();
        let copy = dir.path().join("backup.sqlite3");
        backup(&conn, &copy, None).unwrap();
        // Scribble over the middle of the file: pages of the audit table's b-tree.
        let mut bytes = std::fs::read(&copy).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle..middle + 4096].fill(0xAB);
        std::fs::write(&copy, bytes).unwrap();
        let mut live = crate::store::open(&dir.path().join("live2.sqlite3")).unwrap();
        let err = restore(&mut live, &copy, None).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::NotABackup { .. }), "{err}");
    }
}
