//! The database itself: `encrypt`, `restore`, `check`, `backup`, `audit` and
//! `settings`. `encrypt` and `restore` run before the database is opened normally, since
//! they must work on a plain or damaged one.

use std::path::Path;
use std::process::ExitCode;

use enrolgap::{store, ErrorKind};
use rusqlite::Connection;

/// `enrolgap encrypt`: encrypts the plain database in place with the passphrase given in
/// the environment (never on the command line, where other users could read it).
pub fn encrypt(db: &Path, passphrase: Option<&str>) -> enrolgap::Result<ExitCode> {
    let passphrase = passphrase.ok_or_else(|| ErrorKind::InvalidArgument {
        message: format!(
            "请在环境变量 {} 中给出口令（不要写在命令行上）",
            store::PASSPHRASE_ENV
        ),
    })?;
    store::encryption::encrypt_in_place(db, passphrase)?;
    println!("数据库已加密；以后使用时请提供同一口令");
    Ok(ExitCode::SUCCESS)
}

/// `enrolgap restore`: replaces the database's content with a checked backup.
pub fn restore(db: &Path, file: &Path, passphrase: Option<&str>) -> enrolgap::Result<ExitCode> {
    let mut conn = store::open_for_restore(db, passphrase)?;
    store::backup::restore(&mut conn, file, passphrase)?;
    enrolgap::audit::seal(&conn)?;
    println!("已从 {} 恢复", file.display());
    Ok(ExitCode::SUCCESS)
}

/// `enrolgap check`: the whole database's integrity.
pub fn check(conn: &Connection) -> enrolgap::Result<ExitCode> {
    store::check(conn)?;
    println!("数据库完好");
    Ok(ExitCode::SUCCESS)
}

/// `enrolgap backup`: an online copy, under the same passphrase.
pub fn backup(
    conn: &Connection,
    file: &Path,
    passphrase: Option<&str>,
) -> enrolgap::Result<ExitCode> {
    store::backup::backup(conn, file, passphrase)?;
    println!("已备份到 {}", file.display());
    Ok(ExitCode::SUCCESS)
}

/// `enrolgap audit`: the log's entries, or with `verify` whether any was edited.
pub fn audit(conn: &Connection, verify: bool) -> enrolgap::Result<ExitCode> {
    if verify {
        return match enrolgap::audit::check(conn)? {
            None => {
                println!("审计日志完整，未发现改动");
                Ok(ExitCode::SUCCESS)
            }
            Some(f) => Err(ErrorKind::AuditTampered {
                entry: f.entry,
                reason: f.reason,
            }
            .into()),
        };
    }
    for e in enrolgap::audit::entries(conn)? {
        let masked = match e.masked {
            Some(true) => "已脱敏",
            Some(false) => "未脱敏",
            None => "",
        };
        println!(
            "{}\t{}\t{}\t{} 行\t{masked}",
            e.at, e.action, e.detail, e.rows
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `enrolgap settings [KEY VALUE]`: changes one setting when both are given, then shows
/// them all.
pub fn settings(
    conn: &Connection,
    key: Option<String>,
    value: Option<String>,
) -> enrolgap::Result<ExitCode> {
    if let (Some(key), Some(value)) = (&key, &value) {
        enrolgap::settings::set(conn, key, value)?;
    } else if key.is_some() {
        return Err(ErrorKind::InvalidArgument {
            message: "请同时给出设置名和值，如 settings newborn_grace_days 60".into(),
        }
        .into());
    }
    let s = enrolgap::settings::load(conn)?;
    println!(
        "county\t{}\nnewborn_grace_days\t{}\nworker_grace_days\t{}\nlist_age_warning_days\t{}",
        s.county, s.newborn_grace_days, s.worker_grace_days, s.list_age_warning_days
    );
    Ok(ExitCode::SUCCESS)
}
