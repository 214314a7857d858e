//! A larger SQLite page cache for the length of one step. The import, the analysis'
//! snapshot and the worklist export each write or probe indexes in no particular order,
//! where SQLite's default 2 MB cache writes pages out and reads them back many times
//! over; each sets the size it measured for its step and puts the connection's own back
//! after, whether the step worked or not.

use rusqlite::Connection;

use crate::Result;

/// Runs `step` with a page cache of `kib` KiB, then restores the cache size `conn` had
/// (which `step` is given too: part of a step may want the usual size back). The step's
/// error comes first; a failure to restore is told only when the step worked.
pub(crate) fn with_cache_kib<T>(
    conn: &mut Connection,
    kib: i64,
    step: impl FnOnce(&mut Connection, i64) -> Result<T>,
) -> Result<T> {
    let before: i64 = conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
    // Negative: a size in KiB, not a number of pages.
    conn.pragma_update(None, "cache_size", -kib)?;
    let done = step(conn, before);
    let restored = conn.pragma_update(None, "cache_size", before);
    let value = done?;
    restored?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache_size(conn: &Connection) -> i64 {
        conn.pragma_query_value(None, "cache_size", |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn the_step_runs_with_the_cache_asked_for_and_the_old_size_comes_back_even_on_failure() {
        let mut conn = Connection::open_in_memory().unwrap();
        let before = cache_size(&conn);
        let seen = with_cache_kib(&mut conn, 4096, |c, was| Ok((cache_size(c), was))).unwrap();
        assert_eq!(seen, (-4096, before));
        assert_eq!(cache_size(&conn), before);
        let failed: Result<()> = with_cache_kib(&mut conn, 4096, |_, _| {
            Err(crate::ErrorKind::Cancelled.into())
        });
        assert!(failed.is_err());
        assert_eq!(cache_size(&conn), before);
    }
}
