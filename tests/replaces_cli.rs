//! `enrolgap import --replaces BATCH`, run as an officer would: the named version is
//! superseded whole even though the new list's scope (another township) does not cover
//! it, and the next analysis reads only the new one; without the flag both stay in force.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use enrolgap::lists::versions::{versions, VersionStatus};
use enrolgap::{latest_gaps, store};

fn enrolgap(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("enrolgap").unwrap();
    cmd.env_remove("ENROLGAP_DB").arg("--db").arg(db);
    cmd
}

/// A household list of one township, its title naming the township (so its scope is
/// that township alone) and the month.
fn township_list(dir: &Path, township: &str, name: &str, serial: u32) -> PathBuf {
    let path = dir.join(format!("{township}户籍.xlsx"));
    let rows = vec![
        vec![format!("{township}2026年8月户籍人口")],
        ["姓名", "身份证号", "乡镇", "村(社区)"]
            .map(String::from)
            .to_vec(),
        vec![
            name.to_string(),
            common::county::id(serial),
            township.to_string(),
            "一村".to_string(),
        ],
    ];
    common::sheets::write(&path, &[("Sheet1".to_string(), rows)]);
    path
}

/// Imports 海城镇's list, then 附城镇's with these extra arguments, and analyses.
/// Returns each version's status (海城镇's, 附城镇's) and who is flagged.
fn second_import_with(args: &[String]) -> (VersionStatus, VersionStatus, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.sqlite3");
    let haicheng = township_list(dir.path(), "海城镇", "陈海城", 1);
    let fucheng = township_list(dir.path(), "附城镇", "林附城", 3);
    enrolgap(&db)
        .arg("import")
        .arg(&haicheng)
        .assert()
        .success();
    let first: i64 = store::open(&db)
        .unwrap()
        .query_row("SELECT MAX(id) FROM batch", [], |r| r.get(0))
        .unwrap();
    let args: Vec<String> = args
        .iter()
        .map(|a| a.replace("FIRST", &first.to_string()))
        .collect();
    enrolgap(&db)
        .arg("import")
        .arg(&fucheng)
        .args(&args)
        .assert()
        .success();
    enrolgap(&db)
        .args(["analyze", "--as-of", "2026-08-31"])
        .assert()
        .success();

    let conn = store::open(&db).unwrap();
    let all = versions(&conn).unwrap();
    let status = |batch_is_first: bool| {
        all.iter()
            .find(|v| (v.batch_id == first) == batch_is_first)
            .unwrap()
            .status
    };
    let mut flagged: Vec<String> = latest_gaps(&conn)
        .unwrap()
        .into_iter()
        .map(|g| g.name)
        .collect();
    flagged.sort();
    (status(true), status(false), flagged)
}

#[test]
fn by_scope_another_townships_list_replaces_nothing() {
    assert_eq!(
        second_import_with(&[]),
        (
            VersionStatus::InForce,
            VersionStatus::InForce,
            vec!["林附城".to_string(), "陈海城".to_string()]
        )
    );
}

#[test]
fn replaces_batch_supersedes_that_version_whole_whatever_the_scopes() {
    assert_eq!(
        second_import_with(&["--replaces".into(), "FIRST".into()]),
        (
            VersionStatus::Superseded,
            VersionStatus::InForce,
            vec!["林附城".to_string()]
        )
    );
}
