//! A laptop that loses power mid-import, and a database that got damaged: the batch is
//! wholly present or wholly absent, the database passes its integrity check, and a damaged
//! database says how to get back to the last backup.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use rusqlite::Connection;

fn enrolgap(db: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_enrolgap"));
    cmd.env_remove("ENROLGAP_DB").arg("--db").arg(db);
    cmd
}

/// A household list big enough that an import takes a while.
fn big_list(path: &Path, rows: usize) {
    let mut csv = String::from("姓名,身份证号,乡镇,村(社区)\n");
    for i in 0..rows {
        let first17 = format!(
            "441521{}{:03}",
            19_800_101 + (i % 28) as u32 + 100 * ((i / 28) % 12) as u32,
            i % 1000
        );
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        let sum: u32 = first17
            .chars()
            .zip(weights)
            .map(|(c, w)| c.to_digit(10).unwrap() * w)
            .sum();
        let check = "10X98765432".chars().nth((sum % 11) as usize).unwrap();
        csv.push_str(&format!("居民{i},{first17}{check},海城镇,东门社区\n"));
    }
    std::fs::write(path, csv).unwrap();
}

#[test]
fn killing_an_import_at_random_moments_leaves_all_or_nothing() {
    // 50 kills in `make test`; `make soak` raises it (ENROLGAP_KILL_RUNS).
    let runs: u32 = std::env::var("ENROLGAP_KILL_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(50);
    kill_at_random_moments(30_000, runs);
}

/// A list large enough to be written through the rollback journal instead of the WAL
/// (`store::bulk_journal`): a kill mid-write leaves a hot journal, which the next open
/// must roll back.
#[test]
fn killing_a_large_import_written_through_the_rollback_journal_leaves_all_or_nothing() {
    let runs: u32 = std::env::var("ENROLGAP_KILL_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .map_or(20, |n: u32| n / 2);
    let cut_short_in_the_journal = kill_at_random_moments(60_000, runs);
    assert!(
        cut_short_in_the_journal > 0,
        "no kill landed while the rollback journal was in use"
    );
}

/// Imports a household list of `rows` rows `runs` times, each killed after a random
/// delay, and checks each database: whole, and the batch all there or not at all.
/// Returns how many kills left a rollback journal behind.
fn kill_at_random_moments(rows: usize, runs: u32) -> u32 {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("户籍人口.csv");
    big_list(&list, rows);
    // Calibrate: how long a whole import takes here, so the kills spread over its life
    // (and a little past it) on a fast machine or a slow one.
    let started = std::time::Instant::now();
    assert!(enrolgap(&dir.path().join("calibrate.sqlite3"))
        .arg("import")
        .arg(&list)
        .stdout(Stdio::null())
        .status()
        .unwrap()
        .success());
    let whole = started.elapsed().as_millis() as u64;
    let mut state: u64 = 2026;
    let mut outcomes = (0, 0);
    let mut journals_left = 0;
    for run in 0..runs {
        let db = dir.path().join(format!("run{run}.sqlite3"));
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let delay = Duration::from_millis((state >> 33) % (whole * 3 / 2));
        let mut child = enrolgap(&db)
            .arg("import")
            .arg(&list)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        if !db.exists() {
            continue;
        }
        let mut journal = db.as_os_str().to_owned();
        journal.push("-journal");
        journals_left += u32::from(std::fs::metadata(&journal).is_ok_and(|m| m.len() > 0));
        // The product's own open: it rolls back what a killed write left, as SQLite does
        // for any connection, and checks the whole file when a journal was left behind.
        drop(enrolgap::store::open(&db).unwrap());
        let conn = Connection::open(&db).unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "run {run} after {delay:?}");
        let has_batch_table: bool = conn
            .query_row(
                "SELECT COUNT(*) > 0 FROM sqlite_master WHERE name = 'batch'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        if !has_batch_table {
            continue;
        }
        let (batches, stored): (i64, i64) = conn
            .query_row(
                "SELECT (SELECT COUNT(*) FROM batch), (SELECT COUNT(*) FROM list_row)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        match batches {
            0 => {
                assert_eq!(stored, 0, "run {run}: rows without their batch");
                outcomes.0 += 1;
            }
            1 => {
                assert_eq!(
                    stored, rows as i64,
                    "run {run}: a batch without all its rows"
                );
                outcomes.1 += 1;
            }
            n => panic!("run {run}: {n} batches"),
        }
    }
    // Which side of the commit the kills land on depends on the machine's load; what must
    // hold every time is checked above. Most runs must at least have opened the database.
    assert!(
        outcomes.0 + outcomes.1 >= runs / 2,
        "too few runs reached the database: {outcomes:?}"
    );
    eprintln!(
        "kills before the commit: {}, after: {}, with a rollback journal left: {journals_left}",
        outcomes.0, outcomes.1
    );
    journals_left
}

#[test]
fn a_damaged_database_says_how_to_restore_and_restore_works() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.sqlite3");
    let list = dir.path().join("户籍人口.csv");
    big_list(&list, 3000);
    assert!(enrolgap(&db)
        .arg("import")
        .arg(&list)
        .status()
        .unwrap()
        .success());
    let backup = dir.path().join("backup.sqlite3");
    assert!(enrolgap(&db)
        .arg("backup")
        .arg(&backup)
        .status()
        .unwrap()
        .success());

    // Damage the live file: overwrite four whole pages in its middle, headers and cells
    // alike. (Eight kilobytes from the file's exact middle could land in the unused part
    // of one page, or in row text only, which no check can tell from a real value.)
    let mut bytes = std::fs::read(&db).unwrap();
    let page = 16 * 1024;
    let middle = bytes.len() / 2 / page * page;
    assert!(middle + 4 * page <= bytes.len(), "a list of many pages");
    bytes[middle..middle + 4 * page].fill(0x5A);
    std::fs::write(&db, bytes).unwrap();
    let out = enrolgap(&db).arg("check").output().unwrap();
    assert!(!out.status.success(), "check finds the damage");
    assert!(String::from_utf8_lossy(&out.stderr).contains("enrolgap restore"));
    let out = enrolgap(&db).arg("quality").output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("已损坏") && stderr.contains("enrolgap restore"),
        "{stderr}"
    );

    let out = enrolgap(&db).arg("restore").arg(&backup).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let conn = Connection::open(&db).unwrap();
    let rows: i64 = conn
        .query_row("SELECT COUNT(*) FROM list_row", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 3000);
}
