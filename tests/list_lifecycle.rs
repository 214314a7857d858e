//! The rules of a list's life that the campaign fixture does not show: a register that
//! names no year is refused until `--year`, a register's year read per sheet, rows whose
//! own status takes them off their list, and suppressions that hold for one coverage
//! year only.

mod common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use enrolgap::{
    analyze, import_file, latest_gaps, store, ErrorKind, GapCode, ImportOptions, NoProgress,
};
use rusqlite::Connection;

/// One sheet to write: its name, a title line (or none), a header and rows.
type SheetSpec<'a> = (&'a str, Option<&'a str>, &'a [&'a str], Vec<Vec<&'a str>>);

/// Writes a workbook of `sheets`.
fn workbook(dir: &Path, file: &str, sheets: &[SheetSpec<'_>]) -> PathBuf {
    let path = dir.join(file);
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, title, header, rows) in sheets {
        let ws = wb.add_worksheet().set_name(*name).unwrap();
        let mut r = 0;
        if let Some(title) = title {
            ws.write_string(0, 0, *title).unwrap();
            r = 1;
        }
        for (c, h) in header.iter().enumerate() {
            ws.write_string(r, c as u16, *h).unwrap();
        }
        for (i, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                ws.write_string(r + 1 + i as u32, c as u16, *v).unwrap();
            }
        }
    }
    wb.save(&path).unwrap();
    path
}

/// A valid ID of someone born 1980-01-01, sequence `seq` (check digit computed).
fn id(seq: u32) -> String {
    common::with_check_digit(&format!("44152119800101{seq:03}"))
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 8, 31).unwrap()
}

fn codes(conn: &Connection) -> Vec<(String, GapCode)> {
    let mut v: Vec<_> = latest_gaps(conn)
        .unwrap()
        .into_iter()
        .map(|g| (g.name, g.code))
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

#[test]
fn a_register_naming_no_year_is_refused_until_the_year_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let file = workbook(
        dir.path(),
        "参保名单.xlsx",
        &[(
            "Sheet1",
            None,
            &["姓名", "证件号码", "险种", "参保状态"],
            vec![vec!["陈一", &id(11), "居民医保", "正常参保"]],
        )],
    );
    let mut conn = store::open_in_memory().unwrap();
    let err = import_file(&mut conn, &file, &ImportOptions::default(), &NoProgress).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::YearNeeded { .. }), "{err}");
    assert!(err.to_string().contains("--year"));
    let given = ImportOptions {
        year: Some(2026),
        ..Default::default()
    };
    import_file(&mut conn, &file, &given, &NoProgress).unwrap();
    let year: i32 = conn
        .query_row("SELECT year FROM list_row", [], |r| r.get(0))
        .unwrap();
    assert_eq!(year, 2026);
}

#[test]
fn each_register_sheet_takes_the_year_its_name_gives() {
    let dir = tempfile::tempdir().unwrap();
    let header: &[&str] = &["姓名", "证件号码", "险种", "参保状态"];
    let (a, b) = (id(11), id(22));
    let file = workbook(
        dir.path(),
        "参保名单.xlsx",
        &[
            (
                "2025年",
                None,
                header,
                vec![
                    vec!["陈一", &a, "城乡居民基本医疗保险", "参保缴费"],
                    vec!["林二", &b, "城乡居民基本医疗保险", "参保缴费"],
                ],
            ),
            (
                "2026年",
                None,
                header,
                vec![vec!["陈一", &a, "城乡居民基本医疗保险", "正常缴费"]],
            ),
        ],
    );
    let household = workbook(
        dir.path(),
        "户籍.xlsx",
        &[(
            "户籍",
            Some("海丰县2026年8月户籍人口"),
            &["姓名", "公民身份号码", "乡镇", "人员状态"],
            vec![
                vec!["陈一", &a, "海城镇", "正常"],
                vec!["林二", &b, "海城镇", "正常"],
            ],
        )],
    );
    let mut conn = store::open_in_memory().unwrap();
    import_file(&mut conn, &file, &ImportOptions::default(), &NoProgress).unwrap();
    import_file(
        &mut conn,
        &household,
        &ImportOptions::default(),
        &NoProgress,
    )
    .unwrap();
    analyze(&mut conn, as_of(), &NoProgress).unwrap();
    // 林二 was insured in 2025 only: lapsed. 陈一 is insured in 2026.
    assert_eq!(codes(&conn), vec![("林二".to_string(), GapCode::Lapsed)]);
}

#[test]
fn rows_whose_status_takes_them_off_their_list_are_not_on_it() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c, e) = (id(11), id(22), id(33), id(44));
    let household = workbook(
        dir.path(),
        "户籍.xlsx",
        &[(
            "户籍",
            Some("海丰县2026年8月户籍人口"),
            &["姓名", "公民身份号码", "乡镇", "人员状态"],
            vec![
                vec!["陈一", &a, "海城镇", "正常"],
                vec!["林二", &b, "海城镇", "迁出"],
                vec!["黄三", &c, "海城镇", "注销"],
            ],
        )],
    );
    let welfare = workbook(
        dir.path(),
        "困难.xlsx",
        &[(
            "困难人员",
            Some("海丰县2026年8月民政困难人员花名册"),
            &["救助对象姓名", "身份证号码", "救助类别", "救助状态"],
            vec![
                vec!["陈一", &a, "低保", "退出"],
                vec!["张四", &e, "特困", "正常"],
            ],
        )],
    );
    let roster = workbook(
        dir.path(),
        "派遣.xlsx",
        &[(
            "派遣",
            Some("2026年8月劳务派遣用工名单"),
            &[
                "派遣单位",
                "用工单位",
                "员工姓名",
                "证件号码",
                "入职日期",
                "离职日期",
            ],
            vec![vec![
                "甲派遣公司",
                "乙公司",
                "黄三",
                &c,
                "2025-01-01",
                "2026-08-10",
            ]],
        )],
    );
    let mut conn = store::open_in_memory().unwrap();
    for f in [&household, &welfare, &roster] {
        import_file(&mut conn, f, &ImportOptions::default(), &NoProgress).unwrap();
    }
    analyze(&mut conn, as_of(), &NoProgress).unwrap();
    // 陈一 left the welfare roll: a resident gap. 林二 and 黄三 are not residents, and
    // 黄三 left the agency before the as-of date. 张四 is on the roll.
    assert_eq!(
        codes(&conn),
        vec![
            ("张四".to_string(), GapCode::WelfareNotEnrolled),
            ("陈一".to_string(), GapCode::ResidentNotEnrolled)
        ]
    );
}

#[test]
fn insured_elsewhere_holds_for_the_year_it_was_recorded_and_the_reason_says_when_it_lapsed() {
    let dir = tempfile::tempdir().unwrap();
    let a = id(11);
    let household = workbook(
        dir.path(),
        "户籍.xlsx",
        &[(
            "户籍",
            Some("海丰县2026年8月户籍人口"),
            &["姓名", "公民身份号码", "乡镇"],
            vec![vec!["陈一", &a, "海城镇"]],
        )],
    );
    let last_year = workbook(
        dir.path(),
        "外地参保.xlsx",
        &[(
            "排除",
            Some("2025年12月已在外地参保人员"),
            &["姓名", "身份证号", "原因"],
            vec![vec!["陈一", &a, "已在外地参保"]],
        )],
    );
    let mut conn = store::open_in_memory().unwrap();
    import_file(
        &mut conn,
        &household,
        &ImportOptions::default(),
        &NoProgress,
    )
    .unwrap();
    import_file(
        &mut conn,
        &last_year,
        &ImportOptions::default(),
        &NoProgress,
    )
    .unwrap();
    analyze(
        &mut conn,
        NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
        &NoProgress,
    )
    .unwrap();
    assert!(latest_gaps(&conn).unwrap().is_empty(), "suppressed in 2025");
    analyze(&mut conn, as_of(), &NoProgress).unwrap();
    let gaps = latest_gaps(&conn).unwrap();
    assert_eq!(gaps.len(), 1, "compared again in 2026");
    assert!(
        gaps[0].reason.contains("2025年度排除名单"),
        "{}",
        gaps[0].reason
    );
}

#[test]
fn a_death_dated_after_the_as_of_date_has_not_happened_on_that_day() {
    let dir = tempfile::tempdir().unwrap();
    let a = id(11);
    let household = workbook(
        dir.path(),
        "户籍.xlsx",
        &[(
            "户籍",
            Some("海丰县2026年8月户籍人口"),
            &["姓名", "公民身份号码", "乡镇"],
            vec![vec!["陈一", &a, "海城镇"]],
        )],
    );
    let deaths = workbook(
        dir.path(),
        "死亡.xlsx",
        &[(
            "死亡",
            Some("2026年9月死亡人员"),
            &["姓名", "身份证号", "死亡日期"],
            vec![vec!["陈一", &a, "2026-09-12"]],
        )],
    );
    let mut conn = store::open_in_memory().unwrap();
    import_file(
        &mut conn,
        &household,
        &ImportOptions::default(),
        &NoProgress,
    )
    .unwrap();
    import_file(&mut conn, &deaths, &ImportOptions::default(), &NoProgress).unwrap();
    analyze(&mut conn, as_of(), &NoProgress).unwrap();
    assert_eq!(
        codes(&conn),
        vec![("陈一".to_string(), GapCode::ResidentNotEnrolled)],
        "alive on 2026-08-31"
    );
    analyze(
        &mut conn,
        NaiveDate::from_ymd_opt(2026, 9, 30).unwrap(),
        &NoProgress,
    )
    .unwrap();
    assert!(codes(&conn).is_empty(), "deceased by 2026-09-30");
}

#[test]
fn re_dating_a_list_or_changing_a_setting_makes_the_results_out_of_date() {
    use enrolgap::analysis::freshness::freshness;
    let dir = tempfile::tempdir().unwrap();
    let a = id(11);
    let household = workbook(
        dir.path(),
        "户籍.xlsx",
        &[(
            "户籍",
            Some("海丰县2026年8月户籍人口"),
            &["姓名", "公民身份号码", "乡镇"],
            vec![vec!["陈一", &a, "海城镇"]],
        )],
    );
    let mut conn = store::open_in_memory().unwrap();
    let s = import_file(
        &mut conn,
        &household,
        &ImportOptions::default(),
        &NoProgress,
    )
    .unwrap();
    assert!(freshness(&conn).unwrap().stale, "imported, not analysed");
    analyze(&mut conn, as_of(), &NoProgress).unwrap();
    assert!(!freshness(&conn).unwrap().stale);
    enrolgap::lists::versions::set_list_date(&mut conn, s.batch_id, "2026-07").unwrap();
    assert!(freshness(&conn).unwrap().stale);
    analyze(&mut conn, as_of(), &NoProgress).unwrap();
    enrolgap::settings::set(&conn, "worker_grace_days", "45").unwrap();
    assert!(freshness(&conn).unwrap().stale);
}
