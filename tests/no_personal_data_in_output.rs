//! No full ID number or phone number reaches a message: the command line's output and
//! errors over a whole job on the demo county are scanned for every ID and phone the
//! county holds. (The gaps CSV is data the user asked for, not a message, so `gaps` is
//! the one command left out; worklists are checked in tests/worklists.rs.)

mod common;

use common::fixture;

use std::path::PathBuf;
use std::process::Command;

use enrolgap::{import_file, store, ImportOptions, NoProgress};


fn demo_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture("demo"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    files.sort();
    files
}

/// Every normalised ID and phone number in the demo county.
fn secrets() -> Vec<String> {
    let mut conn = store::open_in_memory().unwrap();
    for f in demo_files() {
        import_file(&mut conn, &f, &ImportOptions::default(), &NoProgress).unwrap();
    }
    let mut stmt = conn
        .prepare("SELECT id_number FROM list_row WHERE id_number IS NOT NULL UNION SELECT phone FROM list_row WHERE phone IS NOT NULL")
        .unwrap();
    let all: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    assert!(all.len() > 300);
    all
}

#[test]
fn a_whole_job_prints_no_full_id_or_phone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.sqlite3");
    let run = |args: &[&std::ffi::OsStr]| {
        let out = Command::new(env!("CARGO_BIN_EXE_enrolgap")).env_remove("ENROLGAP_DB").arg("--db").arg(&db).args(args).output().unwrap();
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
    };
    let mut printed = String::new();
    let mut import: Vec<&std::ffi::OsStr> = vec!["import".as_ref()];
    let files = demo_files();
    import.extend(files.iter().map(|f| f.as_os_str()));
    printed += &run(&import);
    printed += &run(&[fixture("demo/household.xlsx").as_os_str()]); // a usage error
    printed += &run(&["import".as_ref(), fixture("demo/household.xlsx").as_os_str()]); // already imported
    printed += &run(&["analyze".as_ref(), "--as-of".as_ref(), "2026-06-30".as_ref()]);
    for cmd in [&["report"][..], &["review"], &["quality"], &["audit"], &["settings"]] {
        printed += &run(&cmd.iter().map(|s| s.as_ref()).collect::<Vec<_>>());
    }
    let out = dir.path().join("worklists");
    printed += &run(&["worklist".as_ref(), "--out".as_ref(), out.as_os_str()]);
    printed += &run(&["followup".as_ref(), out.join("乡镇-海城镇.xlsx").as_os_str()]);
    assert!(printed.contains("参保率"), "the job ran: {printed}");
    for secret in secrets() {
        assert!(!printed.contains(&secret), "printed a full ID or phone ({}…)", &secret[..6]);
    }
}
