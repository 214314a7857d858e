//! Names from the lists, written into worklists: a person's name that looks like a formula
//! stays text, and unit names that break writers (longer than 31 characters, equal in
//! their first 31, differing only in case, apostrophes, forbidden and control characters,
//! a 90-character township, a township named like the summary) become valid, distinct
//! file and sheet names with the full name in each title.

mod common;

use std::collections::HashSet;
use std::path::Path;

use common::sheets::{column, data_rows, raw_xml, read, worklists};
use enrolgap::worklist::{self, columns, SplitBy, WorklistOptions};
use enrolgap::{analyze, import_file, latest_gaps, store, ImportOptions, NoProgress};
use rusqlite::Connection;

/// A household list with these (name, ID, township, village) rows, imported and analysed.
fn county_of(dir: &Path, people: &[(&str, &str, &str, &str)]) -> Connection {
    let list = dir.join("户籍.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["姓名", "身份证号", "乡镇", "村(社区)"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in people.iter().enumerate() {
        for (c, v) in [row.0, row.1, row.2, row.3].iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, *v).unwrap();
        }
    }
    wb.save(&list).unwrap();
    let mut conn = store::open_in_memory().unwrap();
    import_file(&mut conn, &list, &ImportOptions::default(), &NoProgress).unwrap();
    analyze(&mut conn, common::demo_as_of(), &NoProgress).unwrap();
    conn
}

#[test]
fn names_that_look_like_formulas_stay_text() {
    let dir = tempfile::tempdir().unwrap();
    let names = ["=HYPERLINK(\"http://x\",\"点我\")", "+1-2"];
    let mut conn =
        county_of(dir.path(), &[(names[0], "11010519491231002X", "海城镇", "东村"), (names[1], "441521198005010119", "海城镇", "东村")]);
    let out = dir.path().join("out");
    worklist::export(&mut conn, &out, &WorklistOptions::default()).unwrap();
    let file = out.join("乡镇-海城镇.xlsx");
    let (_, rows) = read(&file).remove(0);
    let name = column(&rows, columns::NAME);
    let written: HashSet<String> = rows[data_rows(&rows)].iter().map(|r| r[name].clone()).collect();
    assert_eq!(written, names.iter().map(|n| n.to_string()).collect());
    assert!(!raw_xml(&file).contains("<f>"), "no formula anywhere");
}

/// IDs with a valid check digit, for made-up people.
fn id(serial: u32) -> String {
    let body = format!("44152119800101{serial:03}");
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body.bytes().zip(weights).map(|(b, w)| u32::from(b - b'0') * w).sum();
    format!("{body}{}", ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][(sum % 11) as usize])
}

#[test]
fn unit_names_that_break_writers_give_valid_distinct_files_and_sheets_with_full_titles() {
    let dir = tempfile::tempdir().unwrap();
    let long_village = "新园村民委员会第一经济合作社东片区第三村民小组居民点（老围）";
    let ninety: String = "海".repeat(88) + "镇";
    let cases: Vec<(String, String)> = vec![
        ("海城镇".into(), format!("{long_village}甲")),
        ("海城镇".into(), format!("{long_village}乙")),
        ("海城镇".into(), "'东村".into()),
        ("海城镇".into(), "西村'".into()),
        ("海城镇".into(), "南村\u{7}".into()),
        ("海城镇".into(), "北[村]:*?/\\".into()),
        ("海城镇".into(), "Village A".into()),
        ("海城镇".into(), "VILLAGE a".into()),
        ("ABC镇".into(), "一村".into()),
        ("abc镇".into(), "一村".into()),
        (ninety.clone(), "一村".into()),
        ("汇总".into(), "一村".into()),
    ];
    let ids: Vec<String> = (0..cases.len() as u32).map(|i| id(i * 2 + 1)).collect();
    let people: Vec<(&str, &str, &str, &str)> =
        cases.iter().zip(&ids).map(|((t, v), id)| ("张三", id.as_str(), t.as_str(), v.as_str())).collect();
    let mut conn = county_of(dir.path(), &people);
    assert_eq!(latest_gaps(&conn).unwrap().len(), cases.len(), "everyone is a gap");
    for split in [SplitBy::Township, SplitBy::Village] {
        let out = dir.path().join(format!("{split:?}"));
        let s = worklist::export(&mut conn, &out, &WorklistOptions { split_by: Some(split), ..Default::default() }).unwrap();
        let files = worklists(&out);
        let lower: HashSet<String> = files.iter().map(|f| f.file_name().unwrap().to_string_lossy().to_lowercase()).collect();
        assert_eq!(lower.len(), files.len(), "file names distinct without case");
        assert_eq!(files.len(), s.files.len() - 1, "{split:?}: one file per unit plus the summary");
        let mut titles = String::new();
        let mut people_seen = 0;
        for f in &files {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            assert!(name.chars().count() <= 70, "{name}");
            assert!(!name.contains(['<', '>', ':', '"', '|', '?', '*', '\u{7}']), "{name}");
            let book = read(f);
            let sheet_names: HashSet<String> = book.iter().map(|(n, _)| n.to_lowercase()).collect();
            assert_eq!(sheet_names.len(), book.len(), "{name}: sheet names distinct without case");
            for (sheet, rows) in &book {
                assert!(sheet.encode_utf16().count() <= 31 && !sheet.starts_with('\'') && !sheet.ends_with('\''), "{sheet}");
                titles.push_str(&rows[0][0]);
                people_seen += data_rows(rows).len();
            }
        }
        assert_eq!(people_seen, cases.len(), "{split:?}: no unit merged into another or lost");
        for (township, village) in &cases {
            let village: String = village.chars().filter(|c| !c.is_control()).collect();
            assert!(titles.contains(township.as_str()), "{split:?}: full township name {township} in a title");
            assert!(titles.contains(village.as_str()), "{split:?}: full village name {village} in a title");
        }
    }
}

