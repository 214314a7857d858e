//! Worklists read back with calamine (a reader this project did not write), their raw XML
//! scanned for full IDs, and the field round trip: export, fill in (re-sorted, rows
//! deleted, rows copied to another workbook), import, analyse again.

mod common;


use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use chrono::NaiveDate;
use enrolgap::worklist::{self, columns, followup, SplitBy, WorklistOptions};
use enrolgap::{analyze, import_file, latest_gaps, store, ErrorKind, ImportOptions, NoProgress};
use rusqlite::Connection;


fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()
}

/// The demo county, imported and analysed.
fn demo() -> Connection {
    let mut conn = common::import_demo();
    analyze(&mut conn, as_of(), &NoProgress).unwrap();
    conn
}

/// Every sheet of a workbook as rows of cells, by sheet name.
fn read(path: &Path) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    wb.sheet_names()
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).unwrap();
            (name, range.rows().map(|r| r.to_vec()).collect())
        })
        .collect()
}

/// The text of every XML part inside an .xlsx.
fn raw_xml(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        part.read_to_string(&mut all).unwrap();
    }
    all
}

fn worklists(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap() != "汇总.xlsx")
        .collect();
    files.sort();
    files
}

fn header_index(rows: &[Vec<Data>], name: &str) -> usize {
    rows[2].iter().position(|c| c.to_string() == name).unwrap_or_else(|| panic!("no column {name}"))
}

#[test]
fn worklists_have_titles_columns_masking_dropdown_and_hidden_tokens() {
    let mut conn = demo();
    let gaps = latest_gaps(&conn).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let summary = worklist::export(&mut conn, dir.path(), &WorklistOptions::default()).unwrap();
    assert!(summary.masked);

    let mut rows_seen = 0;
    let mut tokens = HashSet::new();
    for file in worklists(dir.path()) {
        let xml = raw_xml(&file);
        assert!(xml.contains("<dataValidation type=\"list\""), "{}: no outcome dropdown", file.display());
        assert!(xml.contains("已在外地参保") && xml.contains("已动员待缴费"));
        assert!(xml.contains("hidden=\"1\""), "{}: token column not hidden", file.display());
        assert!(xml.contains("&amp;C第 &amp;P 页 共 &amp;N 页"), "{}: no page footer", file.display());
        for g in &gaps {
            if let Some(id) = &g.id_number {
                assert!(!xml.contains(id.as_str()), "{} holds a full ID", file.display());
            }
        }
        for (sheet, rows) in read(&file) {
            assert!(rows[0][0].to_string().contains("参保缺口跟进名单"), "{sheet}: title");
            assert!(rows[1][0].to_string().contains("截至 2026-06-30"), "{sheet}: as-of date in the title");
            let header: Vec<String> = rows[2].iter().map(|c| c.to_string()).collect();
            assert_eq!(header[..9], ["序号", "姓名", "性别", "出生日期", "身份证号", "缺口类型", "原因", "来源名单", "乡镇"]);
            assert_eq!(header[10..], ["联系电话", "截止日期", "优先级", "跟进结果", "跟进日期", "跟进人", "备注", columns::TOKEN]);
            let (id_col, token_col) = (header_index(&rows, columns::ID), header_index(&rows, columns::TOKEN));
            for row in &rows[3..] {
                rows_seen += 1;
                let id = row[id_col].to_string();
                assert!(id.is_empty() || (id.len() == 18 && id[6..14].chars().all(|c| c == '*')), "unmasked ID {id}");
                assert!(tokens.insert(row[token_col].to_string()), "tokens are unique");
            }
        }
    }
    assert_eq!(rows_seen, gaps.len());
    assert_eq!(summary.rows as usize, gaps.len());
    let summary_book = read(&dir.path().join("汇总.xlsx"));
    assert_eq!(summary_book.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["参保率", "缺口统计", "导出文件"]);
    assert!(raw_xml(&dir.path().join("汇总.xlsx")).contains("<c:barChart>"), "coverage chart");
}

#[test]
fn an_unmasked_export_needs_a_reason_and_is_audited() {
    let mut conn = demo();
    let dir = tempfile::tempdir().unwrap();
    let no_reason = WorklistOptions { unmasked_reason: Some("  ".into()), ..Default::default() };
    let err = worklist::export(&mut conn, dir.path(), &no_reason).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidArgument { .. }));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);

    let options = WorklistOptions {
        split_by: Some(SplitBy::School),
        unmasked_reason: Some("学校需核对完整证件号".into()),
        ..Default::default()
    };
    let s = worklist::export(&mut conn, dir.path(), &options).unwrap();
    assert!(!s.masked);
    let school = worklists(dir.path());
    assert_eq!(school.len(), 1, "only the school's workbook");
    let student = latest_gaps(&conn).unwrap().into_iter().find(|g| g.name == "吴子墨").unwrap();
    assert!(raw_xml(&school[0]).contains(student.id_number.as_deref().unwrap()));
    let audit = enrolgap::audit::entries(&conn).unwrap();
    let last = audit.last().unwrap();
    assert_eq!((last.action.as_str(), last.masked), ("export", Some(false)));
    assert!(last.detail.contains("学校需核对完整证件号"));
    assert_eq!(enrolgap::audit::verify(&conn).unwrap(), None);
}

#[test]
fn names_that_look_like_formulas_stay_text() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("户籍.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let names = ["=HYPERLINK(\"http://x\",\"点我\")", "+1-2"];
    for (c, h) in ["姓名", "身份证号", "乡镇"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (name, id)) in names.iter().zip(["11010519491231002X", "441521198005010119"]).enumerate() {
        ws.write_string(r as u32 + 1, 0, *name).unwrap();
        ws.write_string(r as u32 + 1, 1, id).unwrap();
        ws.write_string(r as u32 + 1, 2, "海城镇").unwrap();
    }
    wb.save(&list).unwrap();
    let mut conn = store::open_in_memory().unwrap();
    import_file(&mut conn, &list, &ImportOptions::default(), &NoProgress).unwrap();
    analyze(&mut conn, as_of(), &NoProgress).unwrap();
    let out = dir.path().join("out");
    worklist::export(&mut conn, &out, &WorklistOptions::default()).unwrap();
    let file = out.join("乡镇-海城镇.xlsx");
    let (_, rows) = read(&file).remove(0);
    let written: HashSet<String> = rows[3..].iter().map(|r| r[1].to_string()).collect();
    assert_eq!(written, names.iter().map(|n| n.to_string()).collect());
    for row in &rows[3..] {
        assert!(matches!(row[1], Data::String(_)), "{:?} is not a text cell", row[1]);
    }
    assert!(!raw_xml(&file).contains("<f>"), "no formula anywhere");
}

/// Writes a filled-in worklist: the header rows, then `rows` (any order, any subset) with
/// the outcome, date and officer set.
fn filled(path: &Path, rows_in: &[Vec<Data>], picks: &[(usize, &str, &str)]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let header = &rows_in[2];
    for (c, cell) in header.iter().enumerate() {
        ws.write_string(0, c as u16, cell.to_string()).unwrap();
    }
    let outcome_col = header.iter().position(|c| c.to_string() == columns::OUTCOME).unwrap();
    for (r, (index, outcome, date)) in picks.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in rows_in[*index].iter().enumerate() {
            ws.write_string(r, c as u16, cell.to_string()).unwrap();
        }
        ws.write_string(r, outcome_col as u16, *outcome).unwrap();
        ws.write_string(r, outcome_col as u16 + 1, *date).unwrap();
        ws.write_string(r, outcome_col as u16 + 2, "张三").unwrap();
    }
    wb.save(path).unwrap();
}

#[test]
fn filled_worklists_come_back_by_token_whatever_happened_to_the_rows() {
    let mut conn = demo();
    let dir = tempfile::tempdir().unwrap();
    worklist::export(&mut conn, dir.path(), &WorklistOptions { split_by: Some(SplitBy::Township), ..Default::default() }).unwrap();
    let (_, rows) = read(&dir.path().join("乡镇-附城镇.xlsx")).remove(0);
    assert!(rows.len() >= 3 + 4, "the sheet has at least four people");
    let name_at = |i: usize| rows[i][1].to_string();

    // Re-sorted (last first), two rows deleted, one row copied into another workbook.
    let returned = dir.path().join("附城镇-回收.xlsx");
    let last = rows.len() - 1;
    filled(&returned, &rows, &[(last, "已在外地参保", "2026-07-02"), (4, "已死亡", "2026-07-03"), (3, "已参保", "2026-07-03")]);
    let copied = dir.path().join("另存.xlsx");
    filled(&copied, &rows, &[(5, "已动员待缴费", "2026-07-04")]);

    let first = followup::import(&mut conn, &returned).unwrap();
    assert_eq!((first.rows_read, first.applied, first.problems.len()), (3, 3, 0));
    let other = followup::import(&mut conn, &copied).unwrap();
    assert_eq!(other.applied, 1);
    let again = followup::import(&mut conn, &returned).unwrap();
    assert_eq!((again.applied, again.updated, again.unchanged), (0, 0, 3), "a second import changes nothing");

    analyze(&mut conn, NaiveDate::from_ymd_opt(2026, 7, 5).unwrap(), &NoProgress).unwrap();
    let flagged: HashSet<String> = latest_gaps(&conn).unwrap().into_iter().map(|g| g.name).collect();
    assert!(!flagged.contains(&name_at(last)), "insured elsewhere: not flagged again");
    assert!(!flagged.contains(&name_at(4)), "deceased: not flagged again");
    assert!(flagged.contains(&name_at(3)), "'enrolled' waits for the enrolment data");
    assert!(flagged.contains(&name_at(5)), "mobilised is still a gap until paid");
    let funnel = enrolgap::analysis::campaign::funnel(&conn).unwrap();
    assert_eq!((funnel.contacted, funnel.mobilised), (4, 2));
}

#[test]
fn a_different_outcome_for_the_same_case_is_reported_not_applied() {
    let mut conn = demo();
    let dir = tempfile::tempdir().unwrap();
    worklist::export(&mut conn, dir.path(), &WorklistOptions::default()).unwrap();
    let (_, rows) = read(&dir.path().join("乡镇-海城镇.xlsx")).remove(0);
    let a = dir.path().join("a.xlsx");
    let b = dir.path().join("b.xlsx");
    let later = dir.path().join("c.xlsx");
    filled(&a, &rows, &[(3, "拒绝参保", "2026-07-02")]);
    filled(&b, &rows, &[(3, "已在外地参保", "2026-07-02")]);
    // Written the Chinese way: read as a date, so it compares as later.
    filled(&later, &rows, &[(3, "已动员待缴费", "2026年7月9日")]);
    followup::import(&mut conn, &a).unwrap();
    let conflict = followup::import(&mut conn, &b).unwrap();
    assert_eq!(conflict.applied, 0);
    assert_eq!(conflict.problems.len(), 1);
    assert!(conflict.problems[0].message.contains("拒绝参保") && conflict.problems[0].message.contains("a.xlsx"));
    let update = followup::import(&mut conn, &later).unwrap();
    assert_eq!(update.updated, 1, "a later follow-up date updates the case");
}

#[test]
fn a_file_that_cannot_be_written_leaves_no_half_export() {
    let mut conn = demo();
    let dir = tempfile::tempdir().unwrap();
    // A folder where a workbook should go: the rename fails as a locked file would.
    std::fs::create_dir(dir.path().join("乡镇-梅陇镇.xlsx")).unwrap();
    let err = worklist::export(&mut conn, dir.path(), &WorklistOptions::default()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::WriteFailed { .. }), "{err}");
    let left: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(left, ["乡镇-梅陇镇.xlsx"], "nothing else written, no temporary files");
    let exports: i64 = conn.query_row("SELECT COUNT(*) FROM worklist_export", [], |r| r.get(0)).unwrap();
    assert_eq!(exports, 0);
}

#[test]
fn an_outcome_recorded_by_hand_counts_like_one_from_the_field() {
    let mut conn = demo();
    let person = latest_gaps(&conn).unwrap().into_iter().find(|g| g.name == "蔡终止").unwrap();
    followup::record(&mut conn, &person.person_key, worklist::Outcome::InsuredElsewhere, Some("2026-07-01"), Some("李四"), None)
        .unwrap();
    let latest = followup::latest_outcomes(&conn).unwrap();
    assert_eq!(latest.get(&person.person_key), Some(&worklist::Outcome::InsuredElsewhere));
    analyze(&mut conn, as_of(), &NoProgress).unwrap();
    assert!(!latest_gaps(&conn).unwrap().iter().any(|g| g.name == "蔡终止"));
    assert_eq!(enrolgap::analysis::campaign::funnel(&conn).unwrap().contacted, 1);
}

#[test]
fn a_correction_list_for_the_sending_department_reads_back() {
    let conn = demo();
    let findings = enrolgap::quality::findings(&conn, None).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("更正清单.xlsx");
    enrolgap::quality::write_xlsx(&findings, &path).unwrap();
    let (_, rows) = read(&path).remove(0);
    assert_eq!(rows.len(), findings.len() + 1);
    assert_eq!(rows[0][5].to_string(), "说明（请更正后重新报送）");
}

#[test]
fn what_an_officer_typed_is_echoed_masked() {
    let mut conn = demo();
    let dir = tempfile::tempdir().unwrap();
    worklist::export(&mut conn, dir.path(), &WorklistOptions::default()).unwrap();
    let (_, rows) = read(&dir.path().join("乡镇-海城镇.xlsx")).remove(0);
    let typed = dir.path().join("typed.xlsx");
    filled(&typed, &rows, &[(3, "已参保 11010519491231002X 电话13812345678", "2026-07-02")]);
    let s = followup::import(&mut conn, &typed).unwrap();
    assert_eq!(s.problems.len(), 1);
    let message = &s.problems[0].message;
    assert!(message.contains("110105********002X") && message.contains("138****5678"), "{message}");
    assert!(!message.contains("11010519491231002X") && !message.contains("13812345678"), "{message}");
}
