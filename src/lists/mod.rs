//! Lists over time (底数清: know the current baseline). Every import is a *version* of a
//! list, with its own date ([`list_date`]), source and [`scope`]; a newer version
//! replaces the versions in force whose scope it covers ([`replacement`]), and the
//! analysis reads only what is in force. [`versions`] lists, retires, restores and
//! purges versions; every change of what is in force is audited and bumps the data
//! version, which tells the app that the latest analysis is out of date.
//!
//! The rules it implements are written down in docs/rules.md, "List lifecycle".

pub mod list_date;
pub mod replacement;
pub mod scope;
pub mod versions;

use rusqlite::Connection;

use crate::Result;
use scope::ScopeDimension;

pub use list_date::{ListDate, ListDateSource};
pub use replacement::{EventCount, ReplaceMode, Replacement, Settled};
pub use scope::Scope;
pub use versions::{ListVersion, VersionStatus};

fn now() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// An SQL condition true for the rows `row` of batch `batch`: the id range its import
/// recorded (`batch.first_row_id`, `last_row_id`), so SQLite walks that range of the
/// table instead of looking each row up through the batch index. The `+` keeps the
/// batch check from choosing that index.
pub fn rows_of_batch_sql(row: &str, batch: i64) -> String {
    format!(
        "{row}.id BETWEEN (SELECT first_row_id FROM batch WHERE id = {batch})
             AND (SELECT last_row_id FROM batch WHERE id = {batch}) AND +{row}.batch_id = {batch}"
    )
}

/// An SQL condition true for the rows of `row` (a `list_row` alias) that no newer
/// version replaced part-wise: none of the batch's superseded parts names the row's unit.
pub fn row_still_in_force_sql(row: &str, batch: &str) -> String {
    let cases: String = ScopeDimension::ALL
        .iter()
        .filter_map(|d| {
            Some(format!(
                " WHEN '{}' THEN {}",
                d.as_str(),
                d.row_unit_sql()?.replace("r.", &format!("{row}."))
            ))
        })
        .collect();
    format!("NOT EXISTS (SELECT 1 FROM superseded_part s WHERE s.batch_id = {batch} AND s.unit = CASE s.dimension{cases} END)")
}

/// Records that the data the analysis reads changed (an import, a retirement, a
/// follow-up, a review decision): the latest analysis is now out of date.
pub fn mark_changed(conn: &Connection) -> Result<()> {
    conn.execute(
        "UPDATE data_version SET version = version + 1 WHERE id = 1",
        [],
    )?;
    Ok(())
}

/// The current data version.
pub fn data_version(conn: &Connection) -> Result<i64> {
    Ok(
        conn.query_row("SELECT version FROM data_version WHERE id = 1", [], |r| {
            r.get(0)
        })?,
    )
}
