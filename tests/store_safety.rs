//! The database under misuse and concurrency, through the command line as officers run
//! it: readers never write and never wait on an import; a file that is not ours, or is
//! from a newer version, is refused untouched; concurrent first opens all succeed;
//! `encrypt` refuses while anything else has the database open and loses nothing.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{fixture, household_csv};
use rusqlite::Connection;

fn enrolgap(db: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_enrolgap"));
    cmd.env_remove("ENROLGAP_DB")
        .env_remove("ENROLGAP_PASSPHRASE")
        .arg("--db")
        .arg(db);
    cmd
}

fn run(db: &Path, args: &[&str]) -> Output {
    let mut cmd = enrolgap(db);
    if args == ["encrypt"] {
        cmd.env("ENROLGAP_PASSPHRASE", "海丰县医保局2026");
    }
    cmd.args(args).output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A database holding the demo county, analysed.
fn demo_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("county.sqlite3");
    let mut import = enrolgap(&db);
    import.arg("import");
    for (file, _) in common::DEMO_LISTS {
        import.arg(fixture(&format!("demo/{file}")));
    }
    assert!(import.stdout(Stdio::null()).status().unwrap().success());
    assert!(run(&db, &["analyze", "--as-of", "2026-06-30"])
        .status
        .success());
    db
}

/// Every file in `dir` with its bytes, except SQLite's shared-memory index (`-shm`) and
/// an empty `-wal`: a reader of a WAL database creates them to coordinate with writers
/// (they hold no data), and cannot remove them when it closes.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .filter(|(name, bytes)| {
            let coordination =
                name.ends_with("-shm") || (name.ends_with("-wal") && bytes.is_empty());
            !coordination
        })
        .collect();
    files.sort();
    files
}

const READERS: [&[&str]; 7] = [
    &["report"],
    &["report", "--format", "json"],
    &["gaps"],
    &["gaps", "--format", "json"],
    &["quality"],
    &["audit"],
    &["review", "--format", "json"],
];

#[test]
fn read_only_commands_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    demo_db(dir.path());
    let db = dir.path().join("county.sqlite3");
    let before = snapshot(dir.path());
    for args in READERS
        .iter()
        .chain([&["audit", "--verify"][..], &["check"]].iter())
    {
        let out = run(&db, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert!(
            snapshot(dir.path()) == before,
            "{args:?} changed the database folder"
        );
    }
}

#[test]
fn reports_proceed_while_an_import_holds_the_write_lock() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    // What an import does for its whole length: a write transaction left open.
    let writer = Connection::open(&db).unwrap();
    writer.execute_batch("BEGIN IMMEDIATE; INSERT INTO setting (key, value) VALUES ('probe', '1') ON CONFLICT DO NOTHING;").unwrap();
    for args in READERS {
        let started = Instant::now();
        let out = run(&db, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert!(
            started.elapsed() < Duration::from_secs(4),
            "{args:?} waited on the writer"
        );
    }
    // A writer meanwhile says, in Chinese and in one line, what to do.
    let out = run(&db, &["settings", "newborn_grace_days", "60"]);
    assert!(!out.status.success());
    let text = stderr(&out);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.contains("正被另一个 enrolgap 程序使用")
            && text.contains("county.sqlite3")
            && !text.contains("locked"),
        "{text}"
    );
    writer.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn an_import_and_a_report_at_the_same_time_both_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let list = dir.path().join("户籍人口-新.csv");
    household_csv(&list, 20_000);
    let mut import = spawn_import(&db, &list);
    let mut reports = 0;
    while import.try_wait().unwrap().is_none() {
        let out = run(&db, &["report"]);
        assert!(
            out.status.success(),
            "report during import: {}",
            stderr(&out)
        );
        reports += 1;
    }
    let out = import.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "import during reports: {}",
        stderr(&out)
    );
    assert!(reports > 0);
    assert_eq!(new_list_rows(&Connection::open(&db).unwrap()), 20_000);
}

/// Starts importing `list` into `db` in another process.
fn spawn_import(db: &Path, list: &Path) -> std::process::Child {
    enrolgap(db)
        .arg("import")
        .arg(list)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The rows stored from the list `spawn_import` was given (`户籍人口-新.csv`).
fn new_list_rows(conn: &Connection) -> i64 {
    conn.query_row(
        "SELECT COUNT(*) FROM list_row r JOIN batch b ON b.id = r.batch_id
         WHERE b.file_name LIKE '%新.csv'",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

/// A list large enough to go through the rollback journal (`store::bulk_journal`): a
/// report started meanwhile waits for the write instead of reading beside it, and if the
/// write outlasts its wait it says so in one line. Either way the import is whole, and the
/// database is back in WAL mode after it.
#[test]
fn a_report_during_a_large_import_waits_for_it_or_says_the_database_is_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let list = dir.path().join("户籍人口-新.csv");
    household_csv(&list, 60_000);
    let mut import = spawn_import(&db, &list);
    // Nothing else has the database open when the import starts, so it switches: its
    // journal appears once it writes.
    let mut journal = db.as_os_str().to_owned();
    journal.push("-journal");
    while !std::path::Path::new(&journal).exists() && import.try_wait().unwrap().is_none() {
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(
        std::path::Path::new(&journal).exists(),
        "the import never wrote through the rollback journal"
    );
    let (mut reports, mut refused) = (0, 0);
    while import.try_wait().unwrap().is_none() {
        let out = run(&db, &["report"]);
        reports += 1;
        if !out.status.success() {
            refused += 1;
            let text = stderr(&out);
            assert_eq!(text.lines().count(), 1, "{text}");
            assert!(text.contains("正被另一个 enrolgap 程序使用"), "{text}");
        }
    }
    let out = import.wait_with_output().unwrap();
    assert!(out.status.success(), "import: {}", stderr(&out));
    assert!(reports > 0);
    eprintln!("reports during the import: {reports}, told to wait: {refused}");
    let conn = Connection::open(&db).unwrap();
    assert_eq!(new_list_rows(&conn), 60_000);
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

/// Runs `args` on `db` and expects one line of refusal naming `words`, with the folder
/// unchanged.
fn refused_untouched(dir: &Path, db: &Path, args: &[&str], words: &str) {
    let before = snapshot(dir);
    let out = run(db, args);
    assert!(!out.status.success(), "{args:?} succeeded");
    let text = stderr(&out);
    assert_eq!(text.lines().count(), 1, "{args:?}: {text}");
    assert!(text.contains(words), "{args:?}: {text}");
    assert!(snapshot(dir) == before, "{args:?} touched the file");
}

#[test]
fn another_programs_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("wechat.db");
    Connection::open(&db).unwrap().execute_batch("CREATE TABLE message (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO message (body) VALUES ('hi');").unwrap();
    for args in [
        &["report"][..],
        &["settings", "county", "海丰县"],
        &["import", "x.csv"],
        &["encrypt"],
    ] {
        refused_untouched(dir.path(), &db, args, "不是 enrolgap 的数据库");
    }
    let text = dir.path().join("notes.txt");
    std::fs::write(
        &text,
        "这不是数据库，只是一段足够长的文字，让 SQLite 读到文件头时认出它不是数据库。".repeat(10),
    )
    .unwrap();
    refused_untouched(
        dir.path(),
        &text,
        &["import", "x.csv"],
        "不是 enrolgap 的数据库",
    );
}

#[test]
fn a_database_from_a_newer_version_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.sqlite3");
    assert!(run(&db, &["settings", "county", "海丰县"]).status.success());
    Connection::open(&db)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    for args in [
        &["report"][..],
        &["settings", "county", "陆丰市"],
        &["audit"],
    ] {
        refused_untouched(dir.path(), &db, args, "更新版本");
    }
}

/// Several first opens of one new file race through its WAL switch and its migration;
/// each round gives the race another chance (before the switch waited, about 1 process
/// in 100 was refused as busy).
#[test]
fn concurrent_first_opens_all_succeed() {
    for round in 0..6 {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("new.sqlite3");
        let children: Vec<_> = (0..8)
            .map(|i| {
                enrolgap(&db)
                    .args(["settings", "newborn_grace_days", &(60 + i).to_string()])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "round {round}: {}", stderr(&out));
        }
    }
}

fn encrypt(db: &Path) -> Output {
    run(db, &["encrypt"])
}

#[test]
fn encrypt_refuses_while_another_connection_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let app = enrolgap::store::open_read_only(&db, None).unwrap();
    let out = encrypt(&db);
    assert!(!out.status.success());
    let text = stderr(&out);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.contains("正在被其他程序打开") && text.contains("未改动"),
        "{text}"
    );
    // Still plain, still whole, still readable by the connection that was open.
    let batches: i64 = app
        .query_row("SELECT COUNT(*) FROM batch", [], |r| r.get(0))
        .unwrap();
    assert_eq!(batches, 8);
    drop(app);
    assert!(run(&db, &["report"]).status.success());
    let out = encrypt(&db);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        !run(&db, &["report"]).status.success(),
        "no passphrase, no report"
    );
}

#[test]
fn encrypt_during_an_import_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("户籍人口.csv");
    household_csv(&list, 20_000);
    let mut refused = 0;
    for (run_no, delay_ms) in [0u64, 50, 200, 600].into_iter().enumerate() {
        let db = dir.path().join(format!("run{run_no}.sqlite3"));
        assert!(run(&db, &["settings", "county", "海丰县"]).status.success());
        let import = enrolgap(&db)
            .arg("import")
            .arg(&list)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let encrypted = encrypt(&db);
        let imported = import.wait_with_output().unwrap();
        if encrypted.status.success() {
            // The import either finished before, or met an encrypted database and said so.
            assert!(
                imported.status.success() || stderr(&imported).contains("口令"),
                "run {run_no}: {}",
                stderr(&imported)
            );
        } else {
            assert!(
                stderr(&encrypted).contains("正在被其他程序打开"),
                "run {run_no}: {}",
                stderr(&encrypted)
            );
            refused += 1;
        }
        let passphrase = encrypted.status.success().then_some("海丰县医保局2026");
        let conn = enrolgap::store::open_read_only(&db, passphrase).unwrap();
        let rows: i64 = conn
            .query_row("SELECT COUNT(*) FROM list_row", [], |r| r.get(0))
            .unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "run {run_no}");
        if imported.status.success() {
            assert_eq!(rows, 20_000, "run {run_no}: the import said it succeeded");
        } else {
            assert_eq!(rows, 0, "run {run_no}: a failed import left rows");
        }
        eprintln!(
            "run {run_no} after {delay_ms} ms: encrypt {}, import {}",
            encrypted.status, imported.status
        );
    }
    assert!(
        refused > 0,
        "no run caught the import running: make the list longer"
    );
}

#[test]
fn an_interrupted_encrypt_is_finished_or_undone_on_the_next_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    // Killed while exporting: the partial copy (encrypted) goes, the database stays.
    std::fs::write(dir.path().join("county.sqlite3.encrypting"), b"partial").unwrap();
    assert!(run(&db, &["settings", "county", "海丰县"]).status.success());
    assert!(!dir.path().join("county.sqlite3.encrypting").exists());
    // Killed while writing the complete copy over the database: finished on next open.
    let copy = dir.path().join("copy.sqlite3");
    std::fs::copy(&db, &copy).unwrap();
    assert!(encrypt(&copy).status.success());
    std::fs::copy(&copy, dir.path().join("county.sqlite3.encrypted-ready")).unwrap();
    std::fs::write(&db, b"half written").unwrap();
    let out = enrolgap(&db)
        .args(["settings", "county", "海丰县"])
        .env("ENROLGAP_PASSPHRASE", "海丰县医保局2026")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let conn = enrolgap::store::open_read_only(&db, Some("海丰县医保局2026")).unwrap();
    let batches: i64 = conn
        .query_row("SELECT COUNT(*) FROM batch", [], |r| r.get(0))
        .unwrap();
    assert_eq!(batches, 8);
}

#[test]
fn restore_refuses_while_another_connection_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let backup = dir.path().join("backup.sqlite3");
    assert!(run(&db, &["backup", backup.to_str().unwrap()])
        .status
        .success());
    let app = Connection::open(&db).unwrap();
    app.query_row("SELECT COUNT(*) FROM batch", [], |r| r.get::<_, i64>(0))
        .unwrap();
    let out = run(&db, &["restore", backup.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("正在被其他程序打开"),
        "{}",
        stderr(&out)
    );
    drop(app);
    let out = run(&db, &["restore", backup.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(run(&db, &["audit", "--verify"]).status.success());
}

/// Runs the command line as an account that cannot write `dir` (a folder in a temporary
/// folder): this one after making `dir` read-only, or — when the tests run as root, whom
/// permissions do not stop — as `nobody`, on a copy of the binary it can execute.
#[cfg(unix)]
fn as_reader_of_read_only(dir: &Path, db: &Path, args: &[&str]) -> Output {
    use std::os::unix::fs::PermissionsExt;
    let root = String::from_utf8(Command::new("id").arg("-u").output().unwrap().stdout)
        .unwrap()
        .trim()
        == "0";
    let set = |p: &Path, mode: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    set(db, 0o444);
    if !root {
        set(dir, 0o555);
        let out = enrolgap(db).args(args).output().unwrap();
        set(dir, 0o755);
        return out;
    }
    // The test's temporary folders are private: let the other account in, read-only.
    set(dir.parent().unwrap(), 0o755);
    set(dir, 0o755);
    let bin = dir.parent().unwrap().join("enrolgap-reader");
    if !bin.exists() {
        std::fs::copy(env!("CARGO_BIN_EXE_enrolgap"), &bin).unwrap();
        set(&bin, 0o755);
    }
    // Another test thread forking while the copy was open for writing makes exec fail
    // with "Text file busy" for a moment.
    for _ in 0..20 {
        let out = Command::new("runuser")
            .args(["-u", "nobody", "--"])
            .arg(&bin)
            .arg("--db")
            .arg(db)
            .args(args)
            .env_remove("ENROLGAP_DB")
            .output()
            .unwrap();
        if !stderr(&out).contains("Text file busy") {
            return out;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("could not run the copy of the binary");
}

#[cfg(unix)]
#[test]
fn a_read_only_database_folder_can_be_read_and_says_why_it_cannot_be_written() {
    let outer = tempfile::tempdir().unwrap();
    let dir = outer.path().join("只读");
    std::fs::create_dir(&dir).unwrap();
    let db = demo_db(&dir);
    let before = snapshot(&dir);
    for args in [&["report"][..], &["gaps"], &["quality"]] {
        let out = as_reader_of_read_only(&dir, &db, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert!(!out.stdout.is_empty());
    }
    let out = as_reader_of_read_only(&dir, &db, &["settings", "county", "陆丰市"]);
    assert!(!out.status.success());
    let text = stderr(&out);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.contains("只读") && text.contains("county.sqlite3"),
        "{text}"
    );
    assert!(snapshot(&dir) == before);
}
