//! The local SQLite database: where it lives, how it is opened, its schema.
//!
//! Connection settings (pragmas) are applied on every open, outside the migrations;
//! the schema itself only ever moves forward through [`migrations`].

pub mod backup;
pub mod encryption;
mod migrations;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::{ErrorKind, Result};

pub use migrations::migrations;

/// The environment variable that overrides the database location.
pub const DB_ENV: &str = "ENROLGAP_DB";

/// Opens (creating if needed) the database at `path` and brings its schema up to date.
pub fn open(path: &Path) -> Result<Connection> {
    open_keyed(path, None)
}

/// Opens the database at `path`, encrypted with `passphrase` when one is given
/// (SQLCipher: pages, WAL and backups are unreadable without it).
pub fn open_keyed(path: &Path, passphrase: Option<&str>) -> Result<Connection> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| ErrorKind::Database {
            message: format!("无法创建数据库目录 {}：{e}", dir.display()),
        })?;
    }
    // A WAL file left behind means the last session did not close cleanly (power lost,
    // process killed): only then is the whole-file check worth its cost (seconds at a
    // county's size). A clean close checkpoints and removes the WAL.
    let unclean = std::fs::metadata(wal_path(path)).is_ok_and(|m| m.len() > 0);
    let mut conn = Connection::open(path)?;
    unlock(&conn, passphrase)?;
    configure(&conn)?;
    if unclean {
        check(&conn)?;
    }
    migrations().to_latest(&mut conn)?;
    Ok(conn)
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
    match conn.query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)) {
        Ok(_) => Ok(()),
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::NotADatabase => {
            Err(ErrorKind::WrongPassphrase { given: passphrase.is_some() }.into())
        }
        Err(e) => Err(e.into()),
    }
}

/// Opens the database at `path` for a restore only: no check, no migration, since the
/// point is to replace what may be a damaged file.
pub fn open_for_restore(path: &Path, passphrase: Option<&str>) -> Result<Connection> {
    let conn = Connection::open(path)?;
    if let Some(p) = passphrase {
        conn.pragma_update(None, "key", p)?;
    }
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
}

fn wal_path(db: &Path) -> std::path::PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-wal");
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
        Err(ErrorKind::DatabaseDamaged.into())
    }
}

/// Opens a private in-memory database, for tests and one-off jobs.
pub fn open_in_memory() -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    configure(&conn)?;
    migrations().to_latest(&mut conn)?;
    Ok(conn)
}

/// Connection settings. WAL lets the app read while an import writes; synchronous=FULL
/// because a laptop in the field loses power, and an import must survive that whole.
pub(crate) fn configure(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
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
