//! Per-county settings, kept in the county's database.
//!
//! Grace periods differ between counties (docs/rules.md, "Grace periods, deadlines and
//! priority"), so they live with the data they apply to.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ErrorKind, Result};

/// The settings the rules read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Settings {
    /// The county's name, for titles and reports.
    pub county: String,
    /// Days after birth within which a newborn's enrolment is back-dated to birth.
    pub newborn_grace_days: u32,
    /// Days after hiring within which an employer must register a worker.
    pub worker_grace_days: u32,
    /// Days after which a list is old enough to warn about.
    pub list_age_warning_days: u32,
    /// Days a unit has to return a worklist after it was sent (`dispatch`).
    pub worklist_return_days: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            county: String::new(),
            newborn_grace_days: 90,
            worker_grace_days: 30,
            list_age_warning_days: 90,
            worklist_return_days: 14,
        }
    }
}

const KEYS: [&str; 5] = [
    "county",
    "newborn_grace_days",
    "worker_grace_days",
    "list_age_warning_days",
    "worklist_return_days",
];

/// The stored settings, defaults where nothing is stored.
pub fn load(conn: &Connection) -> Result<Settings> {
    let get = |key: &str| -> Result<Option<String>> {
        Ok(conn
            .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    };
    let mut s = Settings::default();
    if let Some(v) = get("county")? {
        s.county = v;
    }
    for (key, field) in [
        ("newborn_grace_days", &mut s.newborn_grace_days),
        ("worker_grace_days", &mut s.worker_grace_days),
        ("list_age_warning_days", &mut s.list_age_warning_days),
        ("worklist_return_days", &mut s.worklist_return_days),
    ] {
        if let Some(v) = get(key)? {
            *field = v.parse().unwrap_or(*field);
        }
    }
    Ok(s)
}

/// Sets one setting by name, checking its value.
pub fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    if !KEYS.contains(&key) {
        return Err(ErrorKind::InvalidArgument {
            message: format!("没有“{key}”这项设置；可用的有：{}", KEYS.join(", ")),
        }
        .into());
    }
    if key != "county" && value.parse::<u32>().map_or(true, |d| d > 3650) {
        return Err(ErrorKind::InvalidArgument {
            message: format!("{key} 应为 0–3650 之间的天数，而不是“{value}”"),
        }
        .into());
    }
    conn.execute(
        "INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    // Grace periods change who is a gap: the latest analysis is out of date.
    crate::lists::mark_changed(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_until_set_and_checked_when_set() {
        let conn = crate::store::open_in_memory().unwrap();
        assert_eq!(load(&conn).unwrap().newborn_grace_days, 90);
        set(&conn, "newborn_grace_days", "60").unwrap();
        assert_eq!(load(&conn).unwrap().newborn_grace_days, 60);
        assert!(set(&conn, "newborn_grace_days", "sixty").is_err());
        assert!(set(&conn, "no_such_setting", "1").is_err());
    }
}
