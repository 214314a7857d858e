//! Backup and restore through SQLite's online backup API — never a file copy, which can
//! catch a database mid-write (WAL pages not yet checkpointed) and produce a broken copy.
//!
//! A backup is written to `*.backup-in-progress` beside its target, created private, and
//! renamed only when complete; it is removed when the backup fails, and — if the process
//! was killed — on the next start, from the list of temporary files kept beside the
//! database ([`super::leftovers`]).
//!
//! A restore first checks that the file is an enrolgap database (its application id and
//! tables) and passes SQLite's integrity check; then it takes the live database for itself
//! (refusing while anything else has it open) and replaces its content.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};

use super::{sidecar, APPLICATION_ID};
use crate::{ErrorKind, Result};

/// Copies the live database into `target` (overwritten if it exists). The copy is
/// encrypted with `passphrase` when the live database is.
pub fn backup(conn: &Connection, target: &Path, passphrase: Option<&str>) -> Result<()> {
    let fail = |reason: String| -> crate::Error {
        ErrorKind::WriteFailed {
            file: target.display().to_string(),
            reason,
        }
        .into()
    };
    let tmp = target.with_extension("backup-in-progress");
    let db = conn.path().filter(|p| !p.is_empty()).map(PathBuf::from);
    let _ = std::fs::remove_file(&tmp);
    if let Some(db) = &db {
        super::leftovers::remember(db, &tmp);
    }
    let result = (|| -> Result<()> {
        drop(super::create_private(&tmp).map_err(|e| fail(e.to_string()))?);
        let mut dst = Connection::open(&tmp).map_err(|e| fail(e.to_string()))?;
        if let Some(p) = passphrase {
            dst.pragma_update(None, "key", p)
                .map_err(|e| fail(e.to_string()))?;
        }
        let copy = Backup::new(conn, &mut dst).map_err(|e| fail(e.to_string()))?;
        copy.run_to_completion(512, Duration::from_millis(5), None)
            .map_err(|e| match crate::Error::from(e) {
                full if matches!(full.kind(), ErrorKind::DiskFull { .. }) => {
                    fail("磁盘已满；请清理空间或换一个位置".into())
                }
                other => fail(other.to_string()),
            })?;
        drop(copy);
        drop(dst);
        std::fs::rename(&tmp, target).map_err(|e| fail(e.to_string()))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
        let _ = std::fs::remove_file(sidecar(&tmp, "-journal"));
    }
    if let Some(db) = &db {
        super::leftovers::forget(db, &tmp);
    }
    result
}

/// Replaces the live database's content with the backup at `source`, after checking it.
/// Refuses, changing nothing, while another connection has the live database open.
pub fn restore(conn: &mut Connection, source: &Path, passphrase: Option<&str>) -> Result<()> {
    let file = source.display().to_string();
    let refuse = |reason: &str| -> crate::Error {
        ErrorKind::NotABackup {
            file: file.clone(),
            reason: reason.into(),
        }
        .into()
    };
    let backup = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|_| refuse("无法打开"))?;
    if let Some(p) = passphrase {
        backup
            .pragma_update(None, "key", p)
            .map_err(|_| refuse("口令无法使用"))?;
    }
    let app_id: i64 = backup
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|_| refuse("不是 SQLite 数据库"))?;
    if app_id != APPLICATION_ID {
        return Err(refuse("不是 enrolgap 的数据库"));
    }
    let version: i64 = backup
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|_| refuse("无法读取版本"))?;
    if version > super::SCHEMA_VERSION {
        return Err(refuse("由更新版本的 enrolgap 创建；请先升级 enrolgap"));
    }
    let check: String = backup
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|_| refuse("完整性检查无法运行"))?;
    if check != "ok" {
        return Err(refuse("未通过完整性检查，文件已损坏"));
    }
    drop(backup);
    // Restore page by page from the checked file through the backup API.
    let src = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|_| refuse("无法打开"))?;
    if let Some(p) = passphrase {
        src.pragma_update(None, "key", p)?;
    }
    super::take_exclusive(conn, "恢复")?;
    let copied = Backup::new(&src, conn)
        .and_then(|b| b.run_to_completion(512, Duration::from_millis(5), None));
    super::release_exclusive(conn)?;
    copied?;
    super::migrations::bring_up_to_date(conn)?;
    crate::audit::append(
        conn,
        "restore",
        &crate::bilingual::Bilingual::new(
            format!("从备份 {} 恢复", file_name(source)),
            format!("Restored from the backup {}", file_name(source)),
        ),
        0,
        None,
    )?;
    crate::audit::reanchor(conn)
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
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
        // The log goes on past the backup, and is sealed there.
        for i in 0..3 {
            let detail = crate::bilingual::Bilingual::new(format!("file {i}"), format!("file {i}"));
            crate::audit::append(&conn, "import", &detail, 1, None).unwrap();
        }
        crate::audit::seal(&conn).unwrap();
        restore(&mut conn, &copy, None).unwrap();
        assert_eq!(crate::settings::load(&conn).unwrap().county, "海丰县");
        // Taken back to the backup's end, plus the restore's own entry: not tampering.
        assert_eq!(crate::audit::check(&conn).unwrap(), None);
        assert_eq!(
            crate::audit::entries(&conn).unwrap().last().unwrap().action,
            "restore"
        );
    }

    #[test]
    fn a_backup_is_private_and_leaves_no_list_of_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("live.sqlite3");
        let conn = crate::store::open(&db).unwrap();
        let copy = dir.path().join("backup.sqlite3");
        backup(&conn, &copy, None).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&copy).unwrap().permissions().mode() & 0o077,
                0
            );
        }
        assert!(
            !crate::store::sidecar(&db, ".temporary-files").exists(),
            "a finished backup leaves no list behind"
        );
    }

    #[test]
    fn a_failed_backup_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::store::open(&dir.path().join("live.sqlite3")).unwrap();
        // The target's folder does not exist: the rename fails after the copy was made.
        let target = dir.path().join("missing").join("backup.sqlite3");
        assert!(backup(&conn, &target, None).is_err());
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert!(
            left.iter().all(|n| !n.to_string_lossy().contains("backup")),
            "{left:?}"
        );
    }

    #[test]
    fn restore_refuses_what_is_not_an_enrolgap_database() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = crate::store::open(&dir.path().join("live.sqlite3")).unwrap();
        let other = dir.path().join("other.sqlite3");
        Connection::open(&other)
            .unwrap()
            .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
        let err = restore(&mut conn, &other, None).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::NotABackup { .. }), "{err}");
        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "hello").unwrap();
        assert!(matches!(
            restore(&mut conn, &text, None).unwrap_err().kind(),
            ErrorKind::NotABackup { .. }
        ));
    }

    #[test]
    fn restore_refuses_a_damaged_backup() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = crate::store::open(&dir.path().join("live.sqlite3")).unwrap();
        let tx = conn.transaction().unwrap();
        for i in 0..2000 {
            let detail = crate::bilingual::Bilingual::new(format!("file {i}"), format!("file {i}"));
            crate::audit::append(&tx, "import", &detail, i, None).unwrap();
        }
        tx.commit().unwrap();
        let copy = dir.path().join("backup.sqlite3");
        backup(&conn, &copy, None).unwrap();
        // Scribble over a whole page in the middle of the file: one of the audit table's
        // b-tree (a part of a page may be only its free space).
        let mut bytes = std::fs::read(&copy).unwrap();
        let page = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
        let middle = bytes.len() / 2 / page * page;
        bytes[middle..middle + page].fill(0xAB);
        std::fs::write(&copy, bytes).unwrap();
        let mut live = crate::store::open(&dir.path().join("live2.sqlite3")).unwrap();
        let err = restore(&mut live, &copy, None).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::NotABackup { .. }), "{err}");
    }
}
