//! Settings of the SQLite library itself, made once per process before its first
//! connection (SQLite takes them only before it initialises).
//!
//! Memory statistics are off. With them on (SQLite's default) every allocation SQLite
//! makes takes a process-wide mutex to count itself: in a county's import that lock and
//! unlock were 3 % of all samples, on the thread that writes the rows, and the analysis
//! and the worklists allocate as often. Nothing here reads the statistics, and SQLite's
//! own list of recommended settings has them off.

use std::sync::Once;

static PREPARED: Once = Once::new();

/// Applies the library settings, the first time only. Every way this crate opens a
/// database calls it first. Should SQLite already be initialised (a connection opened
/// some other way in this process), it keeps its defaults: slower, never wrong.
pub(crate) fn prepare() {
    PREPARED.call_once(|| {
        // SAFETY: `sqlite3_config` is called once, before any connection of this crate
        // and with the argument its option takes (an int); once SQLite is initialised it
        // refuses with SQLITE_MISUSE and changes nothing, which is fine.
        unsafe {
            rusqlite::ffi::sqlite3_config(rusqlite::ffi::SQLITE_CONFIG_MEMSTATUS, 0);
        }
    });
}
