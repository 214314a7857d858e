//! Identity on lists nobody tuned for: a row that cannot be identified is never a gap;
//! a name and birth-date match that is ambiguous, disagrees on sex, or rests on an ID one
//! digit off or failing its check digit goes to review, never to "enrolled"; invisible
//! characters never split one person in two.

mod common;

use std::path::Path;

use chrono::NaiveDate;
use enrolgap::analysis::review;
use enrolgap::{
    analyze, import_file, latest_gaps, store, GapCode, ImportOptions, ListKind, NoProgress,
};
use rusqlite::Connection;

/// A valid ID born on `birth` (YYYYMMDD) with sequence `seq` (odd: male).
fn id(birth: &str, seq: u32) -> String {
    common::with_check_digit(&format!("441521{birth}{seq:03}"))
}

fn sheet(dir: &Path, file: &str, header: &[&str], rows: &[Vec<String>]) -> std::path::PathBuf {
    let path = dir.join(file);
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, v).unwrap();
        }
    }
    wb.save(&path).unwrap();
    path
}

fn s(v: &str) -> String {
    v.to_string()
}

/// A county of one household list and one 2026 register, analysed on 2026-08-31.
fn county(household: &[Vec<String>], register: &[Vec<String>]) -> Connection {
    let dir = tempfile::tempdir().unwrap();
    let h = sheet(
        dir.path(),
        "户籍.xlsx",
        &["姓名", "公民身份号码", "出生日期", "性别", "乡镇"],
        household,
    );
    let e = sheet(
        dir.path(),
        "参保2026.xlsx",
        &[
            "姓名",
            "证件号码",
            "出生日期",
            "性别",
            "险种",
            "参保状态",
            "缴费年度",
        ],
        register,
    );
    let mut conn = store::open_in_memory().unwrap();
    let household_kind = ImportOptions {
        kind: Some(ListKind::Household),
        ..Default::default()
    };
    import_file(&mut conn, &h, &household_kind, &NoProgress).unwrap();
    let register_kind = ImportOptions {
        kind: Some(ListKind::Enrolment),
        ..Default::default()
    };
    import_file(&mut conn, &e, &register_kind, &NoProgress).unwrap();
    analyze(
        &mut conn,
        NaiveDate::from_ymd_opt(2026, 8, 31).unwrap(),
        &NoProgress,
    )
    .unwrap();
    conn
}

fn enrolled(name: &str, id: &str, birth: &str, sex: &str) -> Vec<String> {
    vec![
        s(name),
        s(id),
        s(birth),
        s(sex),
        s("城乡居民基本医疗保险"),
        s("参保缴费"),
        s("2026"),
    ]
}

fn waiting(conn: &Connection) -> Vec<String> {
    review::pending(conn)
        .unwrap()
        .into_iter()
        .map(|i| i.why)
        .collect()
}

#[test]
fn a_row_that_cannot_be_identified_is_a_finding_and_never_a_gap() {
    // The ID was lost by Excel and there is no birth date to pair with the name.
    let someone_else = enrolled("林五", &id("19700101", 11), "1970-01-01", "男");
    let conn = county(
        &[vec![
            s("陈一"),
            s("4.41521E+17"),
            s(""),
            s("男"),
            s("海城镇"),
        ]],
        &[someone_else],
    );
    assert!(latest_gaps(&conn).unwrap().is_empty());
    let findings = enrolgap::quality::findings(&conn, None).unwrap();
    let f = findings
        .iter()
        .find(|f| f.code == "unidentifiable")
        .expect("reported for correction");
    assert!(f.message.contains("请核实后补报身份证号"), "{}", f.message);
}

#[test]
fn a_name_and_birth_match_with_two_different_ids_goes_to_review() {
    let conn = county(
        &[vec![
            s("陈一"),
            s("4.41521E+17"),
            s("1980-01-01"),
            s("男"),
            s("海城镇"),
        ]],
        &[
            enrolled("陈一", &id("19800101", 11), "1980-01-01", "男"),
            enrolled("陈一", &id("19800101", 13), "1980-01-01", "男"),
        ],
    );
    assert!(latest_gaps(&conn).unwrap().is_empty(), "not a field gap");
    assert!(
        waiting(&conn)
            .iter()
            .all(|w| w.contains("多个不同的身份证号")),
        "{:?}",
        waiting(&conn)
    );
    assert_eq!(waiting(&conn).len(), 2);
    let coverage = enrolgap::analysis::coverage::latest(&conn).unwrap();
    assert_eq!(coverage[0].enrolled, 0, "never counted as enrolled");
}

#[test]
fn a_name_and_birth_match_that_disagrees_on_sex_goes_to_review() {
    let conn = county(
        &[vec![
            s("林二"),
            s(""),
            s("1990-05-05"),
            s("女"),
            s("海城镇"),
        ]],
        &[enrolled("林二", &id("19900505", 11), "1990-05-05", "男")],
    );
    assert!(latest_gaps(&conn).unwrap().is_empty());
    assert_eq!(waiting(&conn), vec!["出生日期相同，姓名相同，但性别不同"]);
}

#[test]
fn an_id_one_digit_off_or_failing_its_check_digit_goes_to_review() {
    let person = id("19750303", 22);
    // The register's ID differs in the sequence digit, and is itself valid.
    let off_by_one = id("19750303", 24);
    let conn = county(
        &[vec![
            s("黄三"),
            person.clone(),
            s("1975-03-03"),
            s("女"),
            s("海城镇"),
        ]],
        &[enrolled("黄三", &off_by_one, "1975-03-03", "女")],
    );
    assert!(latest_gaps(&conn).unwrap().is_empty());
    assert_eq!(
        waiting(&conn),
        vec!["出生日期相同，姓名相同，身份证号仅一位不同"]
    );

    // The register's copy has a wrong check digit: no usable ID on that side.
    let mut bad = person.clone();
    bad.replace_range(17.., if person.ends_with('0') { "1" } else { "0" });
    let conn = county(
        &[vec![
            s("黄三"),
            person,
            s("1975-03-03"),
            s("女"),
            s("海城镇"),
        ]],
        &[enrolled("黄三", &bad, "1975-03-03", "女")],
    );
    assert!(latest_gaps(&conn).unwrap().is_empty());
    assert_eq!(
        waiting(&conn),
        vec!["出生日期相同，姓名相同，一方身份证号校验位不符（可能抄错一位）"]
    );
    // Rejecting the candidate makes the person a gap at the next analysis.
    let item = review::pending(&conn).unwrap().remove(0);
    review::decide(&conn, item.id, review::Decision::Reject).unwrap();
    let mut conn = conn;
    analyze(
        &mut conn,
        NaiveDate::from_ymd_opt(2026, 8, 31).unwrap(),
        &NoProgress,
    )
    .unwrap();
    assert_eq!(
        latest_gaps(&conn)
            .unwrap()
            .iter()
            .map(|g| g.code)
            .collect::<Vec<_>>(),
        vec![GapCode::ResidentNotEnrolled]
    );
}

#[test]
fn invisible_characters_never_split_one_person_in_two() {
    let person = id("19880808", 31);
    let with_invisibles = format!("\u{FEFF}{}\u{200B}{}", &person[..6], &person[6..]);
    let conn = county(
        &[vec![
            s("张\u{200B}四"),
            with_invisibles,
            s("1988-08-08"),
            s("男"),
            s("海城镇"),
        ]],
        &[enrolled("张四\u{00AD}", &person, "1988-08-08", "男")],
    );
    assert!(latest_gaps(&conn).unwrap().is_empty());
    assert!(waiting(&conn).is_empty());
    let coverage = enrolgap::analysis::coverage::latest(&conn).unwrap();
    assert_eq!((coverage[0].residents, coverage[0].enrolled), (1, 1));
}

#[test]
fn a_welfare_category_that_disagrees_with_the_subsidy_category_is_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    let person = id("19660606", 41);
    let welfare = sheet(
        dir.path(),
        "海丰县2026年8月低保花名册.xlsx",
        &["救助对象姓名", "身份证号码", "救助类别"],
        &[vec![s("周六"), person.clone(), s("低保")]],
    );
    let register = sheet(
        dir.path(),
        "参保2026.xlsx",
        &[
            "姓名",
            "证件号码",
            "险种",
            "参保状态",
            "缴费年度",
            "资助类别",
        ],
        &[vec![
            s("周六"),
            person,
            s("居民医保"),
            s("参保缴费"),
            s("2026"),
            s("特困人员"),
        ]],
    );
    let mut conn = store::open_in_memory().unwrap();
    for f in [&welfare, &register] {
        import_file(&mut conn, f, &ImportOptions::default(), &NoProgress).unwrap();
    }
    let findings = enrolgap::quality::findings(&conn, None).unwrap();
    let f = findings
        .iter()
        .find(|f| f.code == "welfare_category_disagrees")
        .expect("reported");
    assert!(
        f.message.contains("低保") && f.message.contains("特困人员"),
        "{}",
        f.message
    );
}

#[test]
fn a_township_no_household_spelling_matches_is_reported_and_a_short_form_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c) = (id("19700101", 11), id("19700101", 13), id("19700101", 15));
    let household = sheet(
        dir.path(),
        "户籍人口.xlsx",
        &["姓名", "公民身份号码", "乡镇"],
        &[vec![s("陈一"), a.clone(), s("海城镇")]],
    );
    let welfare = sheet(
        dir.path(),
        "民政困难人员.xlsx",
        &["救助对象姓名", "身份证号码", "救助类别", "所属镇"],
        &[
            vec![s("陈一"), a, s("低保"), s("海城")],
            vec![s("林二"), b, s("特困"), s("海成镇")],
            vec![s("黄三"), c, s("特困"), s("海成镇")],
        ],
    );
    let mut conn = store::open_in_memory().unwrap();
    for f in [&household, &welfare] {
        import_file(&mut conn, f, &ImportOptions::default(), &NoProgress).unwrap();
    }
    let unknown: Vec<_> = enrolgap::quality::findings(&conn, None)
        .unwrap()
        .into_iter()
        .filter(|f| f.code == "township_unknown")
        .collect();
    assert_eq!(unknown.len(), 1, "{unknown:?}");
    assert!(
        unknown[0].message.contains("海成镇") && unknown[0].row == 3,
        "{:?}",
        unknown[0]
    );
}
