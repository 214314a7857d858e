//! The two-month campaign through the command line, as an officer runs it: a plain
//! `enrolgap import` of every August file over July names each replacement in one line,
//! the August gaps equal the August truth, and `enrolgap lists` shows July's versions
//! as superseded.

mod common;

use std::process::Command;

use common::fixture;

fn enrolgap(db: &std::path::Path, args: &[&str], dir: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_enrolgap"))
        .env_remove("ENROLGAP_DB")
        .current_dir(fixture(dir))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn xlsx_in(dir: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(fixture(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f.ends_with(".xlsx"))
        .collect();
    files.sort();
    files
}

fn import(db: &std::path::Path, month: &str) -> String {
    let dir = format!("campaign/{month}");
    let files = xlsx_in(&dir);
    let mut args = vec!["import"];
    args.extend(files.iter().map(String::as_str));
    enrolgap(db, &args, &dir)
}

#[test]
fn august_over_july_through_the_cli_names_each_replacement_and_gives_augusts_truth() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("campaign.sqlite3");
    import(&db, "2026-07");
    enrolgap(
        &db,
        &["analyze", "--as-of", "2026-07-31"],
        "campaign/2026-07",
    );
    let printed = import(&db, "2026-08");
    assert!(
        printed.contains(
            "替换 2026年7月 民政困难人员（批次 8，24 行）→ 本次 19 行：减少 8 人，新增 3 人"
        ),
        "{printed}"
    );
    assert!(
        printed.contains("中海丰县实验中学的部分"),
        "a school's roll replaces only that school: {printed}"
    );
    assert!(
        printed.contains("新增 3 条记录；5 条已在使用中的名单里"),
        "{printed}"
    );
    enrolgap(
        &db,
        &["analyze", "--as-of", "2026-08-31"],
        "campaign/2026-08",
    );
    let csv = enrolgap(
        &db,
        &[
            "gaps",
            "--format",
            "csv",
            "--unmasked",
            "--reason",
            "核对测试数据",
        ],
        "campaign/2026-08",
    );
    let mut got: Vec<String> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').take(4).collect::<Vec<_>>().join(","))
        .collect();
    got.sort();
    let truth = std::fs::read_to_string(fixture("campaign/2026-08/truth.csv")).unwrap();
    let mut want: Vec<String> = truth.lines().skip(1).map(String::from).collect();
    want.sort();
    assert_eq!(got, want);
    let lists = enrolgap(&db, &["lists"], "campaign/2026-08");
    let july_welfare = lists
        .lines()
        .find(|l| l.starts_with("  批次") && l.contains("民政困难人员2026年7月.xlsx"))
        .unwrap();
    assert!(
        july_welfare.contains("已被替换（被批次 14 替换）"),
        "{july_welfare}"
    );
    let july_register = lists
        .lines()
        .find(|l| l.starts_with("  批次") && l.contains("参保登记2026年7月.xlsx"))
        .unwrap();
    assert!(july_register.contains("已被替换"), "{july_register}");
}

#[test]
fn the_same_content_is_still_refused_and_a_dry_run_stores_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("campaign.sqlite3");
    import(&db, "2026-07");
    let dry = enrolgap(
        &db,
        &["import", "--dry-run", "户籍人口202608.xlsx"],
        "campaign/2026-08",
    );
    assert!(
        dry.starts_with("预览（未导入）") && dry.contains("替换 2026年7月 户籍人口"),
        "{dry}"
    );
    let lists = enrolgap(&db, &["lists", "--kind", "household"], "campaign/2026-08");
    assert_eq!(
        lists.lines().filter(|l| l.contains("批次")).count(),
        1,
        "{lists}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_enrolgap"))
        .env_remove("ENROLGAP_DB")
        .current_dir(fixture("campaign/2026-07"))
        .args([
            "--db".as_ref(),
            db.as_os_str(),
            "import".as_ref(),
            "户籍人口202607.xlsx".as_ref(),
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("已于"));
}

#[test]
fn dispatch_and_history_through_the_cli_follow_a_sheet_out_and_a_person_by_case_code() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("campaign.sqlite3");
    let out = tmp.path().join("out");
    import(&db, "2026-07");
    enrolgap(
        &db,
        &["analyze", "--as-of", "2026-07-31"],
        "campaign/2026-07",
    );
    enrolgap(
        &db,
        &[
            "worklist",
            "--out",
            out.to_str().unwrap(),
            "--split-by",
            "township",
        ],
        "campaign/2026-07",
    );
    let json = enrolgap(&db, &["dispatch", "--format", "json"], "campaign/2026-07");
    let units: serde_json::Value = serde_json::from_str(&json).unwrap();
    let units = units.as_array().unwrap();
    assert!(!units.is_empty());
    assert!(units.iter().all(|u| u["status"] == "sent"), "{json}");
    let text = enrolgap(
        &db,
        &["dispatch", "--today", "2099-01-01"],
        "campaign/2026-07",
    );
    assert_eq!(
        text.matches("已逾期").count(),
        units.len(),
        "every unit is overdue long after: {text}"
    );

    // The case code printed on a row finds that person's history; no full ID is printed.
    let workbook = common::sheets::worklists(&out).into_iter().next().unwrap();
    let book = common::sheets::read(&workbook);
    let rows = &book[0].1;
    let (code_col, name_col) = (
        common::sheets::column(rows, enrolgap::worklist::columns::CASE_CODE),
        common::sheets::column(rows, enrolgap::worklist::columns::NAME),
    );
    let first = common::sheets::data_rows(rows).start;
    let (case_code, name) = (&rows[first][code_col], &rows[first][name_col]);
    let history = enrolgap(&db, &["history", case_code], "campaign/2026-07");
    assert!(history.starts_with(name.as_str()), "{history}");
    assert!(history.contains("2026-07-31\t标记："), "{history}");
    assert!(
        !history
            .split(|c: char| !c.is_ascii_digit())
            .any(|run| run.len() >= 15),
        "no full ID: {history}"
    );
}
