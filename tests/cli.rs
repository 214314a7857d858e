//! The `enrolgap` command line, run as a user would: exit codes, output, errors.

mod common;

use common::fixture;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn enrolgap(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("enrolgap").unwrap();
    cmd.env_remove("ENROLGAP_DB").arg("--db").arg(db);
    cmd
}

fn counts(db: &Path) -> (i64, i64, i64) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let count = |table: &str| {
        conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    (count("batch"), count("list_row"), count("finding"))
}

fn import_demo(db: &Path) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture("demo"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 8, "the demo county has eight lists");
    enrolgap(db).arg("import").args(&files).assert().success();
}

#[test]
fn gaps_csv_of_the_demo_county_equals_its_truth() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.sqlite3");
    import_demo(&db);
    let as_of = std::fs::read_to_string(fixture("demo/as_of.txt")).unwrap();
    enrolgap(&db)
        .args(["analyze", "--as-of", as_of.trim()])
        .assert()
        .success();
    let out = enrolgap(&db)
        .args([
            "gaps",
            "--format",
            "csv",
            "--unmasked",
            "--reason",
            "核对测试数据",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).unwrap();
    let mut lines = csv.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("code,id_number,name,birth_date,"));
    let mut got: Vec<String> = lines
        .map(|l| l.splitn(5, ',').take(4).collect::<Vec<_>>().join(","))
        .collect();
    got.sort();
    let truth = std::fs::read_to_string(fixture("demo/truth.csv")).unwrap();
    let mut want: Vec<String> = truth.lines().skip(1).map(String::from).collect();
    want.sort();
    assert_eq!(got, want);
}

#[test]
fn gaps_json_and_out_file_hold_the_same_gaps() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.sqlite3");
    import_demo(&db);
    enrolgap(&db)
        .args(["analyze", "--as-of", "2026-06-30"])
        .assert()
        .success();
    let out_file = dir.path().join("gaps.json");
    enrolgap(&db)
        .args(["gaps", "--format", "json", "--out"])
        .arg(&out_file)
        .assert()
        .success();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out_file).unwrap()).unwrap();
    let truth_rows = std::fs::read_to_string(fixture("demo/truth.csv"))
        .unwrap()
        .lines()
        .count()
        - 1;
    assert_eq!(json.as_array().unwrap().len(), truth_rows);
    assert!(json[0]["reason"].as_str().unwrap().contains("年度"));
}

/// Imports `file` into a database holding the demo county, expects it refused, and
/// returns the one line of error, after checking the database did not change.
fn refused_in_one_line(file: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.sqlite3");
    import_demo(&db);
    let before = counts(&db);
    let out = enrolgap(&db)
        .arg("import")
        .arg(fixture(file))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_eq!(counts(&db), before);
    stderr
}

#[test]
fn a_file_that_is_not_a_spreadsheet_fails_with_one_line_and_changes_nothing() {
    let stderr = refused_in_one_line("errors/not_a_spreadsheet.xlsx");
    assert!(
        stderr.contains("not_a_spreadsheet.xlsx") && stderr.contains("不是可识别的电子表格"),
        "{stderr}"
    );
}

#[test]
fn a_list_without_an_id_column_fails_with_one_line_and_changes_nothing() {
    let stderr = refused_in_one_line("errors/household_without_id_column.xlsx");
    assert!(
        stderr.contains("household_without_id_column.xlsx") && stderr.contains("身份证号"),
        "{stderr}"
    );
}

#[test]
fn importing_the_same_file_twice_is_refused_unless_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.sqlite3");
    import_demo(&db);
    let before = counts(&db);
    let out = enrolgap(&db)
        .arg("import")
        .arg(fixture("demo/household.xlsx"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--replace"));
    assert_eq!(counts(&db), before);
    enrolgap(&db)
        .args(["import", "--replace"])
        .arg(fixture("demo/household.xlsx"))
        .assert()
        .success();
    assert_eq!(
        counts(&db).1,
        before.1,
        "the replacement took the old batch's place"
    );
}

#[test]
fn a_bad_file_does_not_stop_the_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.sqlite3");
    let out = enrolgap(&db)
        .arg("import")
        .arg(fixture("errors/not_a_spreadsheet.xlsx"))
        .arg(fixture("demo/household.xlsx"))
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "a failed file makes the exit code non-zero"
    );
    assert_eq!(counts(&db).0, 1, "the good file was imported");
}

#[test]
fn gaps_before_any_analysis_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.sqlite3");
    let out = enrolgap(&db).arg("gaps").output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("enrolgap analyze"));
}

#[test]
fn a_malformed_as_of_date_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = enrolgap(&dir.path().join("x.sqlite3"))
        .args(["analyze", "--as-of", "30/06/2026"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("YYYY-MM-DD"));
}

#[test]
fn the_db_location_can_come_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("from-env.sqlite3");
    Command::cargo_bin("enrolgap")
        .unwrap()
        .env("ENROLGAP_DB", &db)
        .arg("import")
        .arg(fixture("demo/household.xlsx"))
        .assert()
        .success();
    assert_eq!(counts(&db).0, 1);
}

#[test]
fn imports_are_listed_and_a_batch_can_be_removed() {
    let mut conn = enrolgap::store::open_in_memory().unwrap();
    let options = enrolgap::ImportOptions::default();
    let s = enrolgap::import_file(
        &mut conn,
        &fixture("demo/school.xlsx"),
        &options,
        &enrolgap::NoProgress,
    )
    .unwrap();
    let listed = enrolgap::import::history::batches(&conn).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].kind, listed[0].rows_imported),
        (enrolgap::ListKind::School, s.rows_imported)
    );
    enrolgap::import::history::delete_batch(&mut conn, s.batch_id).unwrap();
    assert!(enrolgap::import::history::batches(&conn)
        .unwrap()
        .is_empty());
    let rows: i64 = conn
        .query_row("SELECT COUNT(*) FROM list_row", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 0, "the batch's rows went with it");
    let actions: Vec<String> = enrolgap::audit::entries(&conn)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        ["import", "delete"],
        "the import and the removal are both in the audit log"
    );
}

#[test]
fn worklist_choices_from_the_command_line_and_a_second_export_into_the_same_folder() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.sqlite3");
    import_demo(&db);
    enrolgap(&db)
        .args(["analyze", "--as-of", "2026-06-30"])
        .assert()
        .success();
    let out = dir.path().join("海城镇");
    let run = enrolgap(&db)
        .args(["worklist", "--out"])
        .arg(&out)
        .args([
            "--unit",
            "海城镇",
            "--urgent",
            "--not-followed-up",
            "--detail",
            "--target-rate",
            "96.5",
        ])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stdout = String::from_utf8(run.stdout).unwrap();
    assert!(
        stdout.contains("乡镇-海城镇.xlsx") && stdout.contains("汇总.xlsx"),
        "{stdout}"
    );
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        2,
        "one unit and the summary"
    );

    let again = enrolgap(&db)
        .args(["worklist", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    let stderr = String::from_utf8(again.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("之前导出"), "{stderr}");
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        2,
        "nothing mixed in"
    );
}

#[test]
fn formula_leading_fields_are_neutralised_in_gaps_and_quality_csv() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.sqlite3");
    // A list whose file name, and one person's name, are formulas; the same ID twice
    // gives the quality report a finding on that file.
    let list = dir.path().join("=HYPERLINK(1).csv");
    std::fs::write(
        &list,
        "姓名,身份证号,乡镇,村(社区)\n\"=HYPERLINK(\"\"http://evil.example\"\",\"\"点我\"\")\",11010519491231002X,@海城镇,+东门社区\n张三,11010519491231002X,海城镇,东门社区\n",
    )
    .unwrap();
    enrolgap(&db).arg("import").arg(&list).assert().success();
    enrolgap(&db)
        .args(["analyze", "--as-of", "2026-06-30"])
        .assert()
        .success();
    let gaps = String::from_utf8(enrolgap(&db).arg("gaps").output().unwrap().stdout).unwrap();
    assert!(
        gaps.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"点我\"\")\""),
        "{gaps}"
    );
    assert!(
        gaps.contains("\"'@海城镇\"") && gaps.contains("\"'=HYPERLINK(1).csv\""),
        "{gaps}"
    );
    let quality = String::from_utf8(enrolgap(&db).arg("quality").output().unwrap().stdout).unwrap();
    assert!(quality.lines().count() > 1, "{quality}");
    for line in quality.lines().skip(1) {
        assert!(line.starts_with("\"'=HYPERLINK(1).csv\","), "{line}");
    }
    // Read back as CSV, every field that began with a formula lead now begins with '.
    for text in [&gaps, &quality] {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        for record in reader.records() {
            for field in record.unwrap().iter() {
                assert!(
                    !field.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{field}"
                );
            }
        }
    }
}

#[test]
fn tampering_with_the_audit_log_is_named_by_audit_verify() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.sqlite3");
    import_demo(&db);
    enrolgap(&db)
        .args(["analyze", "--as-of", "2026-06-30"])
        .assert()
        .success();
    enrolgap(&db)
        .args(["gaps", "--unmasked", "--reason", "核对", "--out"])
        .arg(dir.path().join("full.csv"))
        .assert()
        .success();
    enrolgap(&db).args(["audit", "--verify"]).assert().success();
    // Hide the unmasked export: drop the trigger, delete its entry (the last one).
    let last: i64 = {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("DROP TRIGGER audit_log_no_delete")
            .unwrap();
        let last = conn
            .query_row("SELECT MAX(id) FROM audit_log", [], |r| r.get(0))
            .unwrap();
        conn.execute("DELETE FROM audit_log WHERE id = ?1", [last])
            .unwrap();
        last
    };
    let out = enrolgap(&db).args(["audit", "--verify"]).output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains(&format!("第 {last} 条")), "{stderr}");
}
