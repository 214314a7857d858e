//! Names from the lists, written into worklists: a person's name that looks like a formula
//! stays text, and unit names that break writers (longer than 31 characters, equal in
//! their first 31, differing only in case, apostrophes, forbidden and control characters,
//! a 90-character township, a township named like the summary) become valid, distinct
//! file and sheet names with the full name in each title.

mod common;

use std::collections::HashSet;

use common::county::{awkward_county, awkward_units, county_of};
use common::sheets::{column, data_rows, raw_xml, read, worklists};
use enrolgap::latest_gaps;
use enrolgap::worklist::{self, columns, SplitBy, WorklistOptions};

#[test]
fn names_that_look_like_formulas_stay_text() {
    let dir = tempfile::tempdir().unwrap();
    let names = ["=HYPERLINK(\"http://x\",\"点我\")", "+1-2"];
    let mut conn = county_of(
        dir.path(),
        &[
            (names[0], "11010519491231002X", "海城镇", "东村"),
            (names[1], "441521198005010119", "海城镇", "东村"),
        ],
    );
    let out = dir.path().join("out");
    worklist::export(&mut conn, &out, &WorklistOptions::default()).unwrap();
    let file = out.join("乡镇-海城镇.xlsx");
    let (_, rows) = read(&file).remove(0);
    let name = column(&rows, columns::NAME);
    let written: HashSet<String> = rows[data_rows(&rows)]
        .iter()
        .map(|r| r[name].clone())
        .collect();
    assert_eq!(written, names.iter().map(|n| n.to_string()).collect());
    assert!(!raw_xml(&file).contains("<f>"), "no formula anywhere");
}

#[test]
fn unit_names_that_break_writers_give_valid_distinct_files_and_sheets_with_full_titles() {
    let dir = tempfile::tempdir().unwrap();
    let cases = awkward_units();
    let mut conn = awkward_county(dir.path());
    assert_eq!(
        latest_gaps(&conn).unwrap().len(),
        cases.len(),
        "everyone is a gap"
    );
    for split in [SplitBy::Township, SplitBy::Village] {
        let out = dir.path().join(format!("{split:?}"));
        let s = worklist::export(
            &mut conn,
            &out,
            &WorklistOptions {
                split_by: Some(split),
                ..Default::default()
            },
        )
        .unwrap();
        let files = worklists(&out);
        let lower: HashSet<String> = files
            .iter()
            .map(|f| f.file_name().unwrap().to_string_lossy().to_lowercase())
            .collect();
        assert_eq!(lower.len(), files.len(), "file names distinct without case");
        assert_eq!(
            files.len(),
            s.files.len() - 1,
            "{split:?}: one file per unit plus the summary"
        );
        let mut titles = String::new();
        let mut people_seen = 0;
        for f in &files {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            assert!(name.chars().count() <= 70, "{name}");
            assert!(
                !name.contains(['<', '>', ':', '"', '|', '?', '*', '\u{7}']),
                "{name}"
            );
            let book = read(f);
            let sheet_names: HashSet<String> = book.iter().map(|(n, _)| n.to_lowercase()).collect();
            assert_eq!(
                sheet_names.len(),
                book.len(),
                "{name}: sheet names distinct without case"
            );
            for (sheet, rows) in &book {
                assert!(
                    sheet.encode_utf16().count() <= 31
                        && !sheet.starts_with('\'')
                        && !sheet.ends_with('\''),
                    "{sheet}"
                );
                titles.push_str(&rows[0][0]);
                people_seen += data_rows(rows).len();
            }
        }
        assert_eq!(
            people_seen,
            cases.len(),
            "{split:?}: no unit merged into another or lost"
        );
        for (township, village) in &cases {
            let village: String = village.chars().filter(|c| !c.is_control()).collect();
            assert!(
                titles.contains(township.as_str()),
                "{split:?}: full township name {township} in a title"
            );
            assert!(
                titles.contains(village.as_str()),
                "{split:?}: full village name {village} in a title"
            );
        }
    }
}
