//! Every import pitfall fixture (fixtures/import/) against the truth written beside it:
//! the kind detected, the normalised rows stored, the problems reported. Each file is
//! imported twice, through the engine and through the command line, and both must agree.

use std::path::{Path, PathBuf};

use enrolgap::{import_file, quality, store, ImportOptions, NoProgress};
use rusqlite::Connection;
use serde_json::Value;

fn import_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/import")
}

/// The fixtures and their truths, by file name.
fn fixtures() -> Vec<(PathBuf, Value)> {
    let mut out: Vec<(PathBuf, Value)> = std::fs::read_dir(import_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".truth.json"))
        .map(|truth_path| {
            let truth: Value =
                serde_json::from_slice(&std::fs::read(&truth_path).unwrap()).unwrap();
            (import_dir().join(truth["file"].as_str().unwrap()), truth)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(
        out.len() >= 17,
        "expected every pitfall fixture, found {}",
        out.len()
    );
    out
}

/// The stored rows of a database as (sheet, row, id, name, name key, birth, sex, township),
/// in sheet-then-row order.
fn stored_rows(conn: &Connection) -> Vec<Value> {
    let mut stmt = conn
        .prepare(
            "SELECT sheet, row_number, id_number, name, name_key, birth_date, sex, township
             FROM list_row ORDER BY id",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok(serde_json::json!({
            "sheet": r.get::<_, String>(0)?, "row": r.get::<_, u32>(1)?, "id_number": r.get::<_, Option<String>>(2)?,
            "name": r.get::<_, Option<String>>(3)?, "name_key": r.get::<_, Option<String>>(4)?,
            "birth_date": r.get::<_, Option<String>>(5)?, "sex": r.get::<_, Option<String>>(6)?,
            "township": r.get::<_, Option<String>>(7)?,
        }))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn expected_rows(truth: &Value) -> Vec<Value> {
    truth["rows"].as_array().unwrap().clone()
}

/// (sheet, row, code) of every finding, sorted.
fn finding_keys(conn: &Connection) -> Vec<(String, u64, String)> {
    let mut keys: Vec<_> = quality::findings(conn, None)
        .unwrap()
        .into_iter()
        .map(|f| (f.sheet, u64::from(f.row), f.code))
        .collect();
    keys.sort();
    keys
}

fn expected_findings(truth: &Value) -> Vec<(String, u64, String)> {
    let mut keys: Vec<_> = truth["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["sheet"].as_str().unwrap().to_string(),
                f["row"].as_u64().unwrap(),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    keys.sort();
    keys
}

#[test]
fn each_fixture_imports_to_its_truth() {
    let mut failures = Vec::new();
    for (file, truth) in fixtures() {
        let mut conn = store::open_in_memory().unwrap();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let summary = match import_file(&mut conn, &file, &ImportOptions::default(), &NoProgress) {
            Ok(s) => s,
            Err(e) => {
                failures.push(format!("{name}: import failed: {e}"));
                continue;
            }
        };
        if summary.kind.as_str() != truth["kind"].as_str().unwrap() {
            failures.push(format!(
                "{name}: kind {:?}, truth {}",
                summary.kind, truth["kind"]
            ));
        }
        let (got, want) = (stored_rows(&conn), expected_rows(&truth));
        if got != want {
            failures.push(format!(
                "{name}: rows differ\n got:  {got:?}\n want: {want:?}"
            ));
        }
        let (got, want) = (finding_keys(&conn), expected_findings(&truth));
        if got != want {
            failures.push(format!(
                "{name}: findings differ\n got:  {got:?}\n want: {want:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_command_line_imports_each_fixture_as_the_engine_does() {
    for (file, _) in fixtures() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("cli.sqlite3");
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_enrolgap"))
            .env_remove("ENROLGAP_DB")
            .arg("--db")
            .arg(&db)
            .arg("import")
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}: {}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let cli = Connection::open(&db).unwrap();

        let mut engine = store::open_in_memory().unwrap();
        import_file(&mut engine, &file, &ImportOptions::default(), &NoProgress).unwrap();
        assert_eq!(
            stored_rows(&cli),
            stored_rows(&engine),
            "{}",
            file.display()
        );
        assert_eq!(
            finding_keys(&cli),
            finding_keys(&engine),
            "{}",
            file.display()
        );
    }
}

#[test]
fn quality_messages_never_hold_a_full_id() {
    for (file, truth) in fixtures() {
        let mut conn = store::open_in_memory().unwrap();
        import_file(&mut conn, &file, &ImportOptions::default(), &NoProgress).unwrap();
        for finding in quality::findings(&conn, None).unwrap() {
            for row in truth["rows"].as_array().unwrap() {
                if let Some(id) = row["id_number"].as_str() {
                    assert!(
                        !finding.message.contains(id),
                        "{}: {}",
                        file.display(),
                        finding.message
                    );
                }
            }
        }
    }
}
