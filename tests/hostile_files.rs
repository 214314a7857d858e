//! Hostile and broken files (`fixtures/hostile/`, `fixtures/errors/`): each import ends
//! with one clear line naming the file, or, where the file is harmless, a clean import;
//! the database is unchanged by a refusal; and every import runs through the real CLI
//! under a wall-clock limit and an address-space cap, so a hang or an allocation bomb
//! fails the test instead of taking the machine down.

mod common;

use common::fixture;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rusqlite::Connection;

/// A hang guard, not a speed assertion: each of these takes well under a second.
const TIMEOUT: Duration = Duration::from_secs(60);
/// The address space the import may use: far above a real import of these small files,
/// far below what any of the bombs would take.
const MEMORY_CAP: &str = "2147483648";

fn counts(db: &Path) -> Vec<i64> {
    let conn = Connection::open(db).unwrap();
    ["batch", "list_row", "finding", "saved_mapping"]
        .iter()
        .map(|t| {
            conn.query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0))
                .unwrap()
        })
        .collect()
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// `enrolgap --db DB import FILE` under `prlimit --as` and a timeout; the child is killed
/// and the test fails if it outlives the timeout.
fn import(db: &Path, file: &Path) -> Run {
    let mut child = Command::new("prlimit")
        .arg(format!("--as={MEMORY_CAP}"))
        .arg(env!("CARGO_BIN_EXE_enrolgap"))
        .env_remove("ENROLGAP_DB")
        .env_remove("ENROLGAP_PASSPHRASE")
        .arg("--db")
        .arg(db)
        .arg("import")
        .arg(file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("prlimit (util-linux) runs the CLI");
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > TIMEOUT {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("{}: import still running after {TIMEOUT:?}", file.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    Run {
        // A signal (an abort, the memory cap) has no code: -1 fails every assertion below.
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A database holding the demo household list, to see that a refusal leaves it as it was.
fn seeded_db(dir: &Path) -> PathBuf {
    let db = dir.join("enrolgap.sqlite3");
    let run = import(&db, &fixture("demo/household.xlsx"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    db
}

/// Imports `file` and expects a one-line refusal naming it and containing `expected`.
fn refused(file: &str, expected: &str) {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded_db(dir.path());
    let before = counts(&db);
    let run = import(&db, &fixture(file));
    assert_eq!(
        run.code, 1,
        "{file}: exit {} (stdout {:?}, stderr {:?})",
        run.code, run.stdout, run.stderr
    );
    let name = Path::new(file)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let message = run.stderr.trim_end();
    assert!(!message.contains('\n'), "{file}: not one line: {message}");
    assert!(
        message.contains(&name),
        "{file}: message does not name the file: {message}"
    );
    assert!(
        message.contains(expected),
        "{file}: message lacks {expected:?}: {message}"
    );
    assert!(!message.contains("panicked"), "{file}: {message}");
    assert_eq!(counts(&db), before, "{file} changed the database");
    let conn = Connection::open(&db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

/// Imports `file` and expects it to be imported as the control list is: three residents.
fn imported(file: &str) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("enrolgap.sqlite3");
    let run = import(&db, &fixture(file));
    assert_eq!(run.code, 0, "{file}: {}", run.stderr);
    assert_eq!(counts(&db)[..2], [1, 3], "{file}");
}

#[test]
fn the_control_workbook_imports() {
    // The hostile workbooks wrap this list: they are refused for what was added, not for
    // a broken structure.
    imported("hostile/control.xlsx");
}

#[test]
fn a_workbook_named_csv_imports_as_a_workbook() {
    imported("hostile/workbook_named_as.csv");
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_decompressed() {
    refused("hostile/zip_bomb.xlsx", "压缩比");
}

#[test]
fn a_huge_declared_shared_string_count_is_refused_before_calamine_reserves_it() {
    refused("hostile/huge_shared_strings_count.xlsx", "uniqueCount");
}

#[test]
fn a_sheet_declared_to_fill_the_grid_is_refused() {
    refused("hostile/cell_at_xfd1048576.xlsx", "A1:XFD1048576");
}

#[test]
fn a_cell_at_xfd1048576_is_refused_while_streaming() {
    refused("hostile/cell_at_xfd1048576_undeclared.xlsx", "第 16384 列");
}

#[test]
fn a_row_past_excels_grid_is_refused() {
    refused("hostile/row_beyond_excel.xlsx", "第 4000000000 行");
}

#[test]
fn a_megabyte_cell_repeated_in_many_rows_is_refused() {
    refused("hostile/long_cell_repeated.xlsx", "32767 个字符");
}

#[test]
fn a_long_field_in_a_csv_is_refused() {
    refused("hostile/long_cell.csv", "32767 个字符");
}

#[test]
fn entity_expansion_is_refused() {
    refused("hostile/billion_laughs.xlsx", "实体");
}

#[test]
fn broken_files_are_refused_through_the_cli_too() {
    for (file, expected) in [
        ("errors/truncated.xlsx", "不是可识别的电子表格"),
        ("errors/empty.xlsx", "没有数据行"),
        ("errors/random_bytes.xlsx", "不是可识别的电子表格"),
        ("errors/not_a_spreadsheet.xlsx", "不是可识别的电子表格"),
        ("errors/empty_sheets_only.xlsx", "没有数据行"),
        ("errors/password_protected.xlsx", "密码"),
    ] {
        refused(file, expected);
    }
}

#[test]
fn every_hostile_fixture_is_covered() {
    // A fixture added to the generator must be added here too.
    let covered = [
        "control.xlsx",
        "workbook_named_as.csv",
        "zip_bomb.xlsx",
        "huge_shared_strings_count.xlsx",
        "cell_at_xfd1048576.xlsx",
        "cell_at_xfd1048576_undeclared.xlsx",
        "row_beyond_excel.xlsx",
        "long_cell_repeated.xlsx",
        "long_cell.csv",
        "billion_laughs.xlsx",
    ];
    for entry in std::fs::read_dir(fixture("hostile")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with("fuzz_") {
            continue; // fuzz regressions: tests/hostile_files.rs `fuzz_regressions`
        }
        assert!(
            covered.contains(&name.as_str()),
            "fixtures/hostile/{name} has no test"
        );
    }
}

#[test]
fn fuzz_regressions_end_cleanly() {
    // Inputs the fuzzer once crashed on (fixtures/hostile/fuzz_*): each now ends with a
    // clean import or a one-line error, exit 0 or 1, never a panic, abort or hang.
    for entry in std::fs::read_dir(fixture("hostile")).unwrap() {
        let path = entry.unwrap().path();
        if !path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("fuzz_")
        {
            continue;
        }
        let dir = tempfile::tempdir().unwrap();
        let run = import(&dir.path().join("db.sqlite3"), &path);
        assert!(
            run.code == 0 || run.code == 1,
            "{}: exit {}: {}",
            path.display(),
            run.code,
            run.stderr
        );
        assert!(
            !run.stderr.contains("panicked"),
            "{}: {}",
            path.display(),
            run.stderr
        );
    }
}
