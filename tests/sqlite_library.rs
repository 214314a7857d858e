//! SQLite's process-wide settings, as the first database opened leaves them (a file of
//! its own: the test needs a process where nothing opened SQLite before).

use enrolgap::store;

/// With memory statistics off SQLite counts nothing, so no allocation takes the
/// process-wide lock that counting needs: the figure stays at zero however much the
/// connection allocates.
#[test]
fn opening_a_database_turns_off_sqlites_memory_statistics() {
    let dir = tempfile::tempdir().unwrap();
    let conn = store::open(&dir.path().join("county.sqlite3")).unwrap();
    conn.execute_batch(
        "CREATE TABLE t (x TEXT);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
         INSERT INTO t SELECT printf('%0200d', i) FROM n;",
    )
    .unwrap();
    let counted: i64 = conn
        .query_row("SELECT group_concat(x) IS NOT NULL FROM t", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(counted, 1);
    // SAFETY: a plain read of SQLite's counter.
    let used = unsafe { rusqlite::ffi::sqlite3_memory_used() };
    assert_eq!(used, 0, "SQLite still counts its allocations");
}
