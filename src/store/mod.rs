//! The local SQLite database: where it lives, how it is opened, its schema.
//!
//! Connection settings (pragmas) are applied on every open, outside the migrations;
//! the schema itself only ever moves forward through [`migrations`].

mod migrations;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::{ErrorKind, Result};

pub use migrations::migrations;

/// The environment variable that overrides the database location.
pub const DB_ENV: &str = "ENROLGAP_DB";

/// Opens (creating if needed) the database at `path` and brings its schema up to date.
pub fn open(path: &Path) -> Result<Connection> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| ErrorKind::Database {
            message: format!("无法创建数据库目录 {}：{e}", dir.display()),
        })?;
    }
    let mut conn = Connection::open(path)?;
    configure(&conn)?;
    migrations().to_latest(&mut conn)?;
    Ok(conn)
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
fn configure(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
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
