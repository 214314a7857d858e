//! No full ID number or phone number reaches a message or an output: the command line's
//! output and errors over a whole job on the demo county — the gaps CSV and JSON and the
//! review list's JSON included — are scanned for every ID and phone the county holds.
//! Only `gaps --unmasked --reason` prints them, and that is audited. (Worklists are
//! checked in tests/worklists.rs.)

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
    let all: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(all.len() > 300);
    all
}

#[test]
fn a_whole_job_prints_no_full_id_or_phone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.sqlite3");
    let run = |args: &[&std::ffi::OsStr]| {
        let out = Command::new(env!("CARGO_BIN_EXE_enrolgap"))
            .env_remove("ENROLGAP_DB")
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .unwrap();
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    };
    let mut printed = String::new();
    let mut import: Vec<&std::ffi::OsStr> = vec!["import".as_ref()];
    let files = demo_files();
    import.extend(files.iter().map(|f| f.as_os_str()));
    printed += &run(&import);
    printed += &run(&[fixture("demo/household.xlsx").as_os_str()]); // a usage error
    printed += &run(&[
        "import".as_ref(),
        fixture("demo/household.xlsx").as_os_str(),
    ]); // already imported
    printed += &run(&[
        "analyze".as_ref(),
        "--as-of".as_ref(),
        "2026-06-30".as_ref(),
    ]);
    let quality_csv = dir.path().join("quality.csv");
    let gaps_csv = dir.path().join("gaps.csv");
    for cmd in [
        &["report"][..],
        &["report", "--format", "json"],
        &["review"],
        &["review", "--format", "json"],
        &["gaps"],
        &["gaps", "--format", "json"],
        &["gaps", "--out", gaps_csv.to_str().unwrap()],
        &["quality"],
        &["quality", "--format", "json"],
        &["quality", "--out", quality_csv.to_str().unwrap()],
        &["audit"],
        &["settings"],
    ] {
        printed += &run(&cmd.iter().map(|s| s.as_ref()).collect::<Vec<_>>());
    }
    let out = dir.path().join("worklists");
    printed += &run(&["worklist".as_ref(), "--out".as_ref(), out.as_os_str()]);
    printed += &run(&[
        "followup".as_ref(),
        out.join("乡镇-海城镇.xlsx").as_os_str(),
    ]);
    printed += &std::fs::read_to_string(&gaps_csv).unwrap();
    printed += &std::fs::read_to_string(&quality_csv).unwrap();
    assert!(
        printed.contains("参保率")
            && printed.contains("\"candidate\"")
            && printed.contains("lapsed"),
        "the job ran: {printed}"
    );
    for secret in secrets() {
        assert!(
            !printed.contains(&secret),
            "printed a full ID or phone ({}…)",
            &secret[..6]
        );
    }
    // The one way to full IDs: asked for, with a reason, and audited.
    let secrets = secrets();
    let reason = format!("交县医保局核对 {}", secrets[0]);
    let full = run(&[
        "gaps".as_ref(),
        "--unmasked".as_ref(),
        "--reason".as_ref(),
        reason.as_ref(),
    ]);
    assert!(secrets.iter().any(|s| full.contains(s.as_str())));
    // Even a reason that names someone is logged masked.
    let audit = run(&["audit".as_ref()]);
    assert!(
        audit.contains("交县医保局核对")
            && audit.contains("未脱敏")
            && !audit.contains(&secrets[0]),
        "{audit}"
    );
}
