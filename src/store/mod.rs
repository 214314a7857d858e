//! The local SQLite database: where it lives, how it is opened, its schema.
//!
//! Two ways in. [`open_keyed`] is for commands that change data: it creates the file if
//! needed, sets WAL mode and applies pending migrations (under `BEGIN IMMEDIATE`, so
//! concurrent first opens take turns). [`open_read_only`] is for commands that only read
//! (report, gaps, quality, audit, the review list): it writes nothing, so it never waits
//! on an import that is writing, and it works on a read-only file or folder.
//!
//! Both refuse, untouched, a file that is not an enrolgap database (another program's
//! SQLite file) or one from a newer enrolgap. Connection settings (pragmas) are applied
//! on every open, outside the migrations; the schema only moves forward through
//! [`migrations`]. Encrypt and restore take the database for themselves first
//! ([`take_exclusive`]) and refuse while anything else has it open.

pub mod backup;
pub(crate) mod bulk_journal;
pub mod encryption;
pub mod leftovers;
mod library;
mod migrations;
pub(crate) mod page_cache;
mod page_size;
mod wal;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::{ErrorKind, Result};

pub use migrations::{migrations, LATEST as SCHEMA_VERSION};

/// The environment variable that overrides the database location.
pub const DB_ENV: &str = "ENROLGAP_DB";

/// How long a command waits for another process's write (an import's commit, another
/// opener's migration) before saying the database is busy.
const BUSY_WAIT: Duration = Duration::from_secs(5);

/// Opens (creating if needed) the database at `path` and brings its schema up to date.
pub fn open(path: &Path) -> Result<Connection> {
    open_keyed(path, None)
}

/// Opens the database at `path` for reading and writing, encrypted with `passphrase`
/// when one is given (SQLCipher: pages, WAL and backups are unreadable without it).
pub fn open_keyed(path: &Path, passphrase: Option<&str>) -> Result<Connection> {
    not_a_folder(path)?;
    open_read_write(path, passphrase).map_err(|e| e.at_db(path))
}

fn not_a_folder(path: &Path) -> Result<()> {
    if path.is_dir() {
        return Err(ErrorKind::InvalidArgument {
            message: format!(
                "{} 是文件夹，不是数据库文件；请用 --db 指定数据库文件",
                path.display()
            ),
        }
        .into());
    }
    Ok(())
}

/// Opens the existing database at `path` for reading only. Nothing in it is written — no
/// pragma, no migration (unless the schema is behind, which needs one write-mode open
/// first) — so it proceeds while an import writes, and on read-only files and folders.
/// (SQLite may create its empty `-wal` and shared-memory `-shm` files beside it, to
/// coordinate with writers; they hold no data.)
pub fn open_read_only(path: &Path, passphrase: Option<&str>) -> Result<Connection> {
    not_a_folder(path)?;
    read_only(path, passphrase).map_err(|e| e.at_db(path))
}

fn open_read_write(path: &Path, passphrase: Option<&str>) -> Result<Connection> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| ErrorKind::Database {
            message: format!("无法创建数据库目录 {}：{e}", dir.display()),
        })?;
    }
    encryption::finish_interrupted(path)?;
    leftovers::remove_abandoned(path);
    // A WAL file left behind means the last session did not close cleanly (power lost,
    // process killed) — or another process has the database open right now: only then
    // is the whole-file check worth its cost (seconds at a county's size).
    // A rollback journal left behind ([`bulk_journal`]: a large import cut short) too.
    let unclean = ["-wal", "-journal"]
        .iter()
        .any(|s| std::fs::metadata(sidecar(path, s)).is_ok_and(|m| m.len() > 0));
    library::prepare();
    let mut conn = Connection::open(path)?;
    // Before anything that can meet another process's lock.
    conn.busy_timeout(BUSY_WAIT)?;
    unlock(&conn, passphrase)?;
    identify(&conn)?;
    // Before WAL mode and the schema: afterwards the size is fixed. An encrypted file
    // keeps SQLCipher's page size, which every open would otherwise have to repeat.
    if passphrase.is_none() {
        page_size::set_if_new(&conn)?;
    }
    configure(&conn)?;
    if unclean {
        check(&conn)?;
    }
    // New only if this open created the schema: another process's first open of the same
    // file may have created it (and anchored its log) since `identify` looked.
    let created = migrations::bring_up_to_date(&mut conn)? == 0;
    if created {
        // An anchor file left by a database deleted from this path would make the new,
        // empty log look truncated.
        crate::audit::forget_anchor(path);
    }
    Ok(conn)
}

fn read_only(path: &Path, passphrase: Option<&str>) -> Result<Connection> {
    if !path.exists() {
        return Err(ErrorKind::NoDatabase {
            file: String::new(),
        }
        .into());
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    library::prepare();
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(BUSY_WAIT)?;
    let conn = match unlock(&conn, passphrase) {
        Ok(()) => conn,
        // A WAL database in a folder we cannot write has no -shm to share: nobody can be
        // writing it, so read it as immutable (no locks, no shared memory).
        Err(e) if matches!(e.kind(), ErrorKind::DatabaseReadOnly { .. }) => {
            drop(conn);
            let conn = Connection::open_with_flags(immutable_uri(path), flags)?;
            unlock(&conn, passphrase)?;
            conn
        }
        Err(e) => return Err(e),
    };
    match identify(&conn)? {
        0 => {
            return Err(ErrorKind::NoDatabase {
                file: String::new(),
            }
            .into())
        }
        v if v < migrations::LATEST => {
            // Written by an older enrolgap: one write-mode open brings it up to date.
            drop(conn);
            drop(open_read_write(path, passphrase)?);
            return read_only(path, passphrase);
        }
        _ => {}
    }
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(conn)
}

/// `file:` URI of `path` with `immutable=1`; `%`, `?` and `#` are escaped.
fn immutable_uri(path: &Path) -> String {
    let escaped = path
        .to_string_lossy()
        .replace('%', "%25")
        .replace('?', "%3f")
        .replace('#', "%23");
    format!("file:{escaped}?immutable=1")
}

/// Checks that `conn`'s database is enrolgap's (or new and empty) and not from a newer
/// version; returns its schema version (0 for a new one). Reads only.
fn identify(conn: &Connection) -> Result<i64> {
    // One read transaction, so one state of the file: between separate reads another
    // process's first open can commit its migration, and a file read half before and half
    // after looks like no enrolgap database (seen: 1 of 800 concurrent first opens).
    let snapshot = conn.unchecked_transaction()?;
    let app_id = application_id(&snapshot)?;
    let version = migrations::version(&snapshot)?;
    let objects: i64 =
        snapshot.query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| r.get(0))?;
    drop(snapshot);
    if app_id == APPLICATION_ID {
        if version > migrations::LATEST {
            return Err(ErrorKind::NewerDatabase {
                file: String::new(),
                found: version,
                supported: migrations::LATEST,
            }
            .into());
        }
        Ok(version)
    } else if app_id == 0 && version == 0 && objects == 0 {
        Ok(0)
    } else {
        Err(ErrorKind::NotOurDatabase {
            file: String::new(),
        }
        .into())
    }
}

pub(crate) fn application_id(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA application_id", [], |r| r.get(0))?)
}

/// The environment variable the command line reads the database passphrase from (never
/// a command-line argument, which shell history and process lists would keep).
pub const PASSPHRASE_ENV: &str = "ENROLGAP_PASSPHRASE";

/// Applies the passphrase, then proves it by reading the schema: a wrong passphrase, or
/// one given for a plain database (or none for an encrypted one), fails here clearly.
pub(crate) fn unlock(conn: &Connection, passphrase: Option<&str>) -> Result<()> {
    // SQLCipher logs a failed key check to stderr itself; the error below says it better.
    conn.pragma_update(None, "cipher_log_level", "NONE")?;
    if let Some(p) = passphrase {
        conn.pragma_update(None, "key", p)?;
    }
    match conn.query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(()),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            if passphrase.is_none() && !looks_encrypted(conn) {
                return Err(ErrorKind::NotOurDatabase {
                    file: String::new(),
                }
                .into());
            }
            Err(ErrorKind::WrongPassphrase {
                given: passphrase.is_some(),
            }
            .into())
        }
        Err(e) => Err(e.into()),
    }
}

/// Whether the file SQLite could not read might be an encrypted database rather than
/// something else (a text file, a spreadsheet given as `--db`): SQLCipher files are whole
/// pages of random-looking bytes.
fn looks_encrypted(conn: &Connection) -> bool {
    let Some(path) = conn.path().filter(|p| !p.is_empty()) else {
        return true;
    };
    let mut bytes = Vec::with_capacity(4096);
    let Ok(file) = std::fs::File::open(path) else {
        return true;
    };
    let len = file.metadata().map_or(0, |m| m.len());
    if std::io::Read::read_to_end(&mut std::io::Read::take(file, 4096), &mut bytes).is_err() {
        return true;
    }
    let printable = bytes
        .iter()
        .filter(|b| b.is_ascii_graphic() || b.is_ascii_whitespace())
        .count();
    len >= 512 && len % 512 == 0 && printable * 10 < bytes.len() * 6
}

/// Opens the database at `path` for a restore only: no check, no migration, since the
/// point is to replace what may be a damaged file.
/// Another program's database is still refused: a restore would overwrite it.
pub fn open_for_restore(path: &Path, passphrase: Option<&str>) -> Result<Connection> {
    library::prepare();
    let conn = Connection::open(path).map_err(|e| crate::Error::from(e).at_db(path))?;
    if let Some(p) = passphrase {
        conn.pragma_update(None, "key", p)?;
    }
    conn.busy_timeout(BUSY_WAIT)?;
    if let Err(e) = identify(&conn) {
        if matches!(e.kind(), ErrorKind::NotOurDatabase { .. }) {
            return Err(e.at_db(path));
        }
    }
    Ok(conn)
}

/// `db` with `suffix` appended to its file name (`-wal`, `-shm`, `.encrypting`, …).
pub(crate) fn sidecar(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

/// Identifies an enrolgap database in the SQLite header ("ENGA").
pub const APPLICATION_ID: i64 = 0x454E_4741;

/// SQLite's quick check: a damaged database (a laptop that lost power mid-write on a bad
/// disk) is reported with the way out, instead of failing later in a confusing way.
pub fn check(conn: &Connection) -> Result<()> {
    let result: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if result == "ok" {
        Ok(())
    } else {
        Err(ErrorKind::DatabaseDamaged {
            file: conn.path().unwrap_or_default().to_string(),
        }
        .into())
    }
}

/// Opens a private in-memory database, for tests and one-off jobs.
pub fn open_in_memory() -> Result<Connection> {
    library::prepare();
    let mut conn = Connection::open_in_memory()?;
    configure(&conn)?;
    migrations::bring_up_to_date(&mut conn)?;
    Ok(conn)
}

/// Connection settings. WAL lets readers read while an import writes; synchronous=FULL
/// because a laptop in the field loses power, and an import must survive that whole.
/// The journal mode is only set when it differs: setting it takes a lock, and one that
/// SQLite does not wait for ([`wal`] waits instead).
pub(crate) fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_WAIT)?;
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
        wal::switch(conn, BUSY_WAIT)?;
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

/// Takes the database for `conn` alone, for `action` (加密, 恢复): leaves WAL mode (which
/// SQLite allows only when no other connection has the database open) and holds an
/// exclusive lock until [`release_exclusive`]. Refuses at once, with
/// [`ErrorKind::DatabaseInUse`], while another connection is open.
pub(crate) fn take_exclusive(conn: &Connection, action: &str) -> Result<()> {
    let in_use = |e: crate::Error| -> crate::Error {
        match e.kind() {
            ErrorKind::DatabaseBusy { .. } => ErrorKind::DatabaseInUse {
                file: conn.path().unwrap_or_default().to_string(),
                action: action.to_string(),
            }
            .into(),
            _ => e,
        }
    };
    // A command finishing in another window gets a moment; an open app does not.
    conn.busy_timeout(Duration::from_millis(500))?;
    conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
    let taken = (|| -> Result<()> {
        let mode: String = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("delete") {
            return Err(ErrorKind::DatabaseBusy {
                file: String::new(),
            }
            .into());
        }
        // In exclusive locking mode the write lock taken here is kept after COMMIT.
        conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;")?;
        Ok(())
    })();
    if let Err(e) = taken {
        let _ = release_exclusive(conn);
        return Err(in_use(e));
    }
    Ok(())
}

/// Gives up the exclusive lock of [`take_exclusive`] and returns to WAL mode.
pub(crate) fn release_exclusive(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "locking_mode", "NORMAL")?;
    // The lock is dropped at the end of the next transaction.
    conn.query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })?;
    configure(conn)
}

/// The database path: `ENROLGAP_DB` when set, else `enrolgap.sqlite3` in the user's
/// data directory (e.g. `~/.local/share/enrolgap`, `%APPDATA%\enrolgap`).
pub fn default_db_path() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    let dirs = directories::ProjectDirs::from("cn", "enrolgap", "enrolgap").ok_or_else(|| {
        ErrorKind::Database {
            message: format!("找不到用户数据目录；请用 --db 或环境变量 {DB_ENV} 指定数据库位置"),
        }
    })?;
    Ok(dirs.data_dir().join("enrolgap.sqlite3"))
}

/// Creates `path` new and readable by its owner only (0600 on Unix): a temporary copy of
/// the county's data must not be readable by other accounts, even for a moment.
pub(crate) fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    private_file().create_new(true).open(path)
}

/// Options for writing a file that, when they create it, is readable by its owner only
/// (0600 on Unix).
pub(crate) fn private_file() -> std::fs::OpenOptions {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_is_told_in_chinese_with_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("county.sqlite3");
        let conn = open(&db).unwrap();
        // A page limit stands in for the disk: SQLite reports both as SQLITE_FULL.
        let pages: i64 = conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap();
        conn.pragma_update(None, "max_page_count", pages).unwrap();
        let big = "户".repeat(100_000);
        let err = crate::settings::set(&conn, "county", &big)
            .map(|_| ())
            .unwrap_err()
            .at_db(&db);
        assert!(matches!(err.kind(), ErrorKind::DiskFull { .. }), "{err:?}");
        let text = err.to_string();
        assert!(
            text.contains("磁盘已满") && text.contains("county.sqlite3"),
            "{text}"
        );
    }

    #[test]
    fn restore_will_not_overwrite_another_programs_database() {
        let dir = tempfile::tempdir().unwrap();
        let other = dir.path().join("other.db");
        Connection::open(&other)
            .unwrap()
            .execute_batch("CREATE TABLE t (x)")
            .unwrap();
        let err = open_for_restore(&other, None).unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::NotOurDatabase { .. }),
            "{err:?}"
        );
    }
}
