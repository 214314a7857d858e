//! Worklists read back with calamine (a reader this project did not write), their raw XML
//! scanned for full IDs, the export's choices, the summary, and the all-or-nothing export
//! into a folder.

mod common;

use std::collections::HashSet;
use std::path::Path;

use common::sheets::{self, column, data_rows, raw_xml, read, worklists};
use enrolgap::worklist::{self, columns, followup, SplitBy, WorklistOptions};
use enrolgap::{analyze, latest_gaps, ErrorKind, NoProgress};
use rusqlite::Connection;

/// The demo county, imported and analysed.
fn demo() -> Connection {
    let mut conn = common::import_demo();
    analyze(&mut conn, common::demo_as_of(), &NoProgress).unwrap();
    conn
}

#[test]
fn field_sheets_have_titles_columns_masking_dropdown_case_codes_and_tokens_inside_the_filter() {
    let mut conn = demo();
    let gaps = latest_gaps(&conn).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let summary = worklist::export(&mut conn, dir.path(), &WorklistOptions::default()).unwrap();
    assert!(summary.masked);

    let mut rows_seen = 0;
    let mut tokens = HashSet::new();
    let mut codes = HashSet::new();
    for file in worklists(dir.path()) {
        let xml = raw_xml(&file);
        assert!(
            xml.contains("<dataValidation type=\"list\""),
            "{}: no outcome dropdown",
            file.display()
        );
        assert!(xml.contains("已在外地参保") && xml.contains("已动员待缴费"));
        assert!(
            xml.contains("hidden=\"1\""),
            "{}: token column not hidden",
            file.display()
        );
        assert!(
            xml.contains("&amp;C第 &amp;P 页 共 &amp;N 页"),
            "{}: no page footer",
            file.display()
        );
        assert!(
            xml.contains("orientation=\"landscape\"") && xml.contains("paperSize=\"9\""),
            "A4 landscape"
        );
        for g in &gaps {
            if let Some(id) = &g.id_number {
                assert!(
                    !xml.contains(id.as_str()),
                    "{} holds a full ID",
                    file.display()
                );
            }
        }
        let filters = sheets::autofilters(&file);
        for ((sheet, rows), filter) in read(&file).iter().zip(filters) {
            assert!(rows[0][0].contains("参保缺口跟进名单"), "{sheet}: title");
            assert!(
                rows[1][0].contains("截至 2026-06-30"),
                "{sheet}: as-of date in the title"
            );
            let header = &rows[sheets::header_row(rows)];
            assert_eq!(
                header[..4]
                    .iter()
                    .chain(&header[5..])
                    .map(String::as_str)
                    .collect::<Vec<_>>(),
                [
                    "序号",
                    "姓名",
                    "性别",
                    "身份证号",
                    "住址",
                    "联系电话",
                    "监护人及电话",
                    "缺口类型",
                    "原因",
                    "办理期限",
                    "跟进结果",
                    "跟进日期",
                    "跟进人",
                    "备注",
                    "案件码",
                    columns::TOKEN
                ]
            );
            let (id_col, token_col, code_col) = (
                column(rows, columns::ID),
                column(rows, columns::TOKEN),
                column(rows, columns::CASE_CODE),
            );
            assert_eq!(
                filter.3 as usize, token_col,
                "{sheet}: the filter reaches the token column"
            );
            let data = data_rows(rows);
            assert_eq!(
                filter.2 as usize,
                data.end - 1,
                "{sheet}: the filter covers every data row"
            );
            for row in &rows[data.clone()] {
                rows_seen += 1;
                let id = &row[id_col];
                assert!(
                    id.starts_with("无，出生")
                        || (id.len() == 18 && id[6..14].chars().all(|c| c == '*')),
                    "unmasked ID {id}"
                );
                assert!(tokens.insert(row[token_col].clone()), "tokens are unique");
                assert!(
                    row[code_col].len() == 6 && codes.insert(row[code_col].clone()),
                    "case codes are short and unique"
                );
            }
            let below: Vec<&String> = rows[data.end..]
                .iter()
                .flatten()
                .filter(|c| !c.is_empty())
                .collect();
            assert!(
                below.iter().any(|c| c.contains("填报人")
                    && c.contains("审核人")
                    && c.contains("填报日期")),
                "{sheet}: signature block"
            );
        }
    }
    assert_eq!(rows_seen, gaps.len());
    assert_eq!(summary.rows as usize, gaps.len());
    let summary_book = read(&dir.path().join("汇总.xlsx"));
    assert_eq!(
        summary_book
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>(),
        ["缺口统计", "参保率", "跟进进度", "导出文件"]
    );
    let xml = raw_xml(&dir.path().join("汇总.xlsx"));
    assert!(xml.contains("<c:barChart>"), "coverage chart");
    assert!(xml.contains("orientation=\"landscape\""));
    assert!(
        xml.contains("fitToHeight=\"1\"") || xml.contains("fitToPage=\"1\""),
        "the chart's sheet fits one page"
    );
}

#[test]
fn the_summary_has_township_by_type_totals_coverage_against_target_and_funnel() {
    let mut conn = demo();
    let dir = tempfile::tempdir().unwrap();
    let options = WorklistOptions {
        target_rate: Some(0.97),
        ..Default::default()
    };
    worklist::export(&mut conn, dir.path(), &options).unwrap();
    let book = read(&dir.path().join("汇总.xlsx"));
    let gaps = latest_gaps(&conn).unwrap();
    let (_, table) = &book[0];
    assert!(
        table[0][0].contains(&format!("共 {} 人", gaps.len())),
        "the title counts every gap of the analysis: {}",
        table[0][0]
    );
    let total_row = table
        .iter()
        .rposition(|r| r.first().is_some_and(|c| c == "合计"))
        .unwrap();
    let total_col = table[2].iter().position(|c| c == "合计").unwrap();
    assert_eq!(
        table[total_row][total_col],
        gaps.len().to_string(),
        "the grand total is every gap"
    );
    let by_rows: usize = table[3..total_row]
        .iter()
        .map(|r| r[total_col].parse::<usize>().unwrap())
        .sum();
    assert_eq!(by_rows, gaps.len());
    let (_, coverage) = &book[1];
    assert!(coverage[0][0].contains("目标 97.00%"));
    assert!(coverage[3..]
        .iter()
        .filter(|r| !r[0].is_empty())
        .all(|r| r[4] == "0.97"));
    let (_, funnel) = &book[2];
    assert_eq!(
        funnel[2][..5],
        [
            "乡镇",
            "排查出",
            "已联系",
            "已动员",
            "已参保（经参保数据确认）"
        ]
    );
}

#[test]
fn an_unmasked_export_needs_a_reason_and_is_audited() {
    let mut conn = demo();
    let dir = tempfile::tempdir().unwrap();
    let no_reason = WorklistOptions {
        unmasked_reason: Some("  ".into()),
        ..Default::default()
    };
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
    let student = latest_gaps(&conn)
        .unwrap()
        .into_iter()
        .find(|g| g.name == "吴子墨")
        .unwrap();
    assert!(raw_xml(&school[0]).contains(student.id_number.as_deref().unwrap()));
    let audit = enrolgap::audit::entries(&conn).unwrap();
    let last = audit.last().unwrap();
    assert_eq!((last.action.as_str(), last.masked), ("export", Some(false)));
    assert!(last.detail.contains("学校需核对完整证件号"));
    assert_eq!(enrolgap::audit::verify(&conn).unwrap(), None);
}

#[test]
fn one_unit_only_not_yet_followed_up_and_urgent_only() {
    let mut conn = demo();
    let dir = tempfile::tempdir().unwrap();
    let gaps = latest_gaps(&conn).unwrap();
    let township = gaps
        .iter()
        .find(|g| g.route_type == enrolgap::analysis::RouteType::Township)
        .unwrap()
        .route_unit
        .clone();
    let one = worklist::export(
        &mut conn,
        &dir.path().join("one"),
        &WorklistOptions {
            unit: Some(township.clone()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(one.files.len(), 2, "the unit's workbook and the summary");
    assert_eq!(one.files[0].unit, township);
    let unknown = worklist::export(
        &mut conn,
        &dir.path().join("none"),
        &WorklistOptions {
            unit: Some("不存在镇".into()),
            ..Default::default()
        },
    );
    assert!(matches!(
        unknown.unwrap_err().kind(),
        ErrorKind::InvalidArgument { .. }
    ));

    let urgent = worklist::export(
        &mut conn,
        &dir.path().join("urgent"),
        &WorklistOptions {
            only_urgent: true,
            ..Default::default()
        },
    )
    .unwrap();
    let expected = gaps
        .iter()
        .filter(|g| {
            matches!(
                g.priority,
                enrolgap::analysis::Priority::Urgent | enrolgap::analysis::Priority::High
            )
        })
        .count();
    assert!(expected > 0 && expected < gaps.len());
    assert_eq!(urgent.rows as usize, expected);

    let person = gaps.iter().find(|g| g.name == "蔡终止").unwrap();
    followup::record(
        &mut conn,
        &person.person_key,
        worklist::Outcome::Refused,
        Some("2026-07-01"),
        None,
        None,
    )
    .unwrap();
    let open = worklist::export(
        &mut conn,
        &dir.path().join("open"),
        &WorklistOptions {
            only_not_followed_up: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        open.rows as usize,
        gaps.len()
            - gaps
                .iter()
                .filter(|g| g.person_key == person.person_key)
                .count()
    );
}

#[test]
fn the_detail_sheet_holds_the_detailed_reasons_and_is_skipped_on_return() {
    let mut conn = demo();
    let dir = tempfile::tempdir().unwrap();
    worklist::export(
        &mut conn,
        dir.path(),
        &WorklistOptions {
            detail_sheet: true,
            ..Default::default()
        },
    )
    .unwrap();
    let file = &worklists(dir.path())[0];
    let book = read(file);
    let (name, detail) = book.last().unwrap();
    assert_eq!(name, columns::DETAIL_SHEET);
    let gaps = latest_gaps(&conn).unwrap();
    let reasons: Vec<&String> = detail.iter().filter_map(|r| r.get(5)).collect();
    assert!(
        gaps.iter().any(|g| reasons.contains(&&g.reason)),
        "detailed reasons are there"
    );
    let s = followup::import(&mut conn, file).unwrap();
    assert_eq!(s.problems, vec![], "the detail sheet is not a problem");
}

#[test]
fn an_export_into_a_folder_holding_an_earlier_one_is_refused_and_nothing_mixes() {
    let mut conn = demo();
    let dir = tempfile::tempdir().unwrap();
    worklist::export(&mut conn, dir.path(), &WorklistOptions::default()).unwrap();
    let before: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let exports = |conn: &Connection| -> i64 {
        conn.query_row("SELECT COUNT(*) FROM worklist_export", [], |r| r.get(0))
            .unwrap()
    };
    let n = exports(&conn);
    let err = worklist::export(
        &mut conn,
        dir.path(),
        &WorklistOptions {
            split_by: Some(SplitBy::Village),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::WriteFailed { .. }));
    assert!(err.to_string().contains("之前导出"), "{err}");
    let after: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(before, after, "the earlier export untouched, nothing added");
    assert_eq!(
        exports(&conn),
        n,
        "no tokens recorded for files never written"
    );
}

#[test]
fn a_file_that_cannot_be_placed_leaves_no_half_export_and_a_killed_one_is_cleared() {
    let mut conn = demo();
    let dir = tempfile::tempdir().unwrap();
    // A folder where a workbook should go.
    std::fs::create_dir(dir.path().join("乡镇-梅陇镇.xlsx")).unwrap();
    let err = worklist::export(&mut conn, dir.path(), &WorklistOptions::default()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::WriteFailed { .. }), "{err}");
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        left,
        ["乡镇-梅陇镇.xlsx"],
        "nothing else written, no temporary files"
    );
    let exports: i64 = conn
        .query_row("SELECT COUNT(*) FROM worklist_export", [], |r| r.get(0))
        .unwrap();
    assert_eq!(exports, 0);

    // What a killed export leaves: its temporary folder, which the next export removes.
    let other = tempfile::tempdir().unwrap();
    let stale = other.path().join("未完成的导出-可删除-1-ABC");
    std::fs::create_dir(&stale).unwrap();
    std::fs::write(stale.join("乡镇-海城镇.xlsx"), b"unrecorded").unwrap();
    worklist::export(&mut conn, other.path(), &WorklistOptions::default()).unwrap();
    assert!(!stale.exists());
    let names: Vec<String> = std::fs::read_dir(other.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| n.ends_with(".xlsx")), "{names:?}");
}

#[test]
fn filled_worklists_come_back_whatever_happened_to_the_rows() {
    let mut conn = demo();
    let dir = tempfile::tempdir().unwrap();
    worklist::export(
        &mut conn,
        dir.path(),
        &WorklistOptions {
            split_by: Some(SplitBy::Township),
            ..Default::default()
        },
    )
    .unwrap();
    let (sheet, rows) = read(&dir.path().join("乡镇-附城镇.xlsx")).remove(0);
    let data = data_rows(&rows);
    assert!(data.len() >= 4, "the sheet has at least four people");
    let (name, outcome, date) = (
        column(&rows, columns::NAME),
        column(&rows, columns::OUTCOME),
        column(&rows, columns::OUTCOME_DATE),
    );
    let header = sheets::header_row(&rows);
    let pick = |i: usize, o: &str, d: &str| {
        let mut r = rows[data.start + i].clone();
        r[outcome] = o.into();
        r[date] = d.into();
        r
    };
    // Last first, two rows deleted; one row copied into another workbook.
    let last = data.len() - 1;
    let returned = dir.path().join("附城镇-回收.xlsx");
    let mut kept = rows[..=header].to_vec();
    kept.extend([
        pick(last, "已在外地参保", "2026-07-02"),
        pick(1, "已死亡", "2026-07-03"),
        pick(0, "已参保", "2026-07-03"),
    ]);
    sheets::write(&returned, &[(sheet.clone(), kept)]);
    let copied = dir.path().join("另存.xlsx");
    sheets::write(
        &copied,
        &[(
            "Sheet1".into(),
            vec![rows[header].clone(), pick(2, "已动员待缴费", "2026-07-04")],
        )],
    );

    let first = followup::import(&mut conn, &returned).unwrap();
    assert_eq!(
        (first.rows_read, first.applied, first.problems.len()),
        (3, 3, 0)
    );
    let other = followup::import(&mut conn, &copied).unwrap();
    assert_eq!(other.applied, 1);
    let again = followup::import(&mut conn, &returned).unwrap();
    assert_eq!(
        (again.applied, again.updated, again.unchanged),
        (0, 0, 3),
        "a second import changes nothing"
    );

    analyze(
        &mut conn,
        chrono::NaiveDate::from_ymd_opt(2026, 7, 5).unwrap(),
        &NoProgress,
    )
    .unwrap();
    let flagged: HashSet<String> = latest_gaps(&conn)
        .unwrap()
        .into_iter()
        .map(|g| g.name)
        .collect();
    let name_at = |i: usize| rows[data.start + i][name].clone();
    assert!(
        !flagged.contains(&name_at(last)),
        "insured elsewhere: not flagged again"
    );
    assert!(
        !flagged.contains(&name_at(1)),
        "deceased: not flagged again"
    );
    assert!(
        flagged.contains(&name_at(0)),
        "'enrolled' waits for the enrolment data"
    );
    assert!(
        flagged.contains(&name_at(2)),
        "mobilised is still a gap until paid"
    );
    let funnel = enrolgap::analysis::campaign::funnel(&conn).unwrap();
    assert_eq!((funnel.contacted, funnel.mobilised), (4, 2));
}

#[test]
fn a_different_outcome_for_the_same_case_is_reported_not_applied() {
    let mut conn = demo();
    let dir = tempfile::tempdir().unwrap();
    worklist::export(&mut conn, dir.path(), &WorklistOptions::default()).unwrap();
    let (sheet, rows) = read(&dir.path().join("乡镇-海城镇.xlsx")).remove(0);
    let (outcome, date) = (
        column(&rows, columns::OUTCOME),
        column(&rows, columns::OUTCOME_DATE),
    );
    let header = sheets::header_row(&rows);
    let first = data_rows(&rows).start;
    let one = |path: &Path, o: &str, d: &str| {
        let mut r = rows[first].clone();
        r[outcome] = o.into();
        r[date] = d.into();
        sheets::write(path, &[(sheet.clone(), vec![rows[header].clone(), r])]);
    };
    let (a, b, later) = (
        dir.path().join("a.xlsx"),
        dir.path().join("b.xlsx"),
        dir.path().join("c.xlsx"),
    );
    one(&a, "拒绝参保", "2026-07-02");
    one(&b, "已在外地参保", "2026-07-02");
    // Written the Chinese way: read as a date, so it compares as later.
    one(&later, "已动员待缴费", "2026年7月9日");
    followup::import(&mut conn, &a).unwrap();
    let conflict = followup::import(&mut conn, &b).unwrap();
    assert_eq!(conflict.applied, 0);
    assert_eq!(conflict.problems.len(), 1);
    assert!(
        conflict.problems[0].message.contains("拒绝参保")
            && conflict.problems[0].message.contains("a.xlsx")
    );
    let update = followup::import(&mut conn, &later).unwrap();
    assert_eq!(update.updated, 1, "a later follow-up date updates the case");
}

#[test]
fn an_outcome_recorded_by_hand_counts_like_one_from_the_field() {
    let mut conn = demo();
    let person = latest_gaps(&conn)
        .unwrap()
        .into_iter()
        .find(|g| g.name == "蔡终止")
        .unwrap();
    followup::record(
        &mut conn,
        &person.person_key,
        worklist::Outcome::InsuredElsewhere,
        Some("2026-07-01"),
        Some("李四"),
        None,
    )
    .unwrap();
    let latest = enrolgap::outcome::store::latest_outcomes(&conn).unwrap();
    assert_eq!(
        latest.get(&person.person_key),
        Some(&worklist::Outcome::InsuredElsewhere)
    );
    analyze(&mut conn, common::demo_as_of(), &NoProgress).unwrap();
    assert!(!latest_gaps(&conn)
        .unwrap()
        .iter()
        .any(|g| g.name == "蔡终止"));
    assert_eq!(
        enrolgap::analysis::campaign::funnel(&conn)
            .unwrap()
            .contacted,
        1
    );
    // Audited, and the audit log still checks out against the tables it describes.
    assert!(enrolgap::audit::entries(&conn)
        .unwrap()
        .iter()
        .any(|e| e.action == "followup" && e.detail.contains("手工录入")));
    assert_eq!(enrolgap::audit::verify(&conn).unwrap(), None);
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
    assert_eq!(rows[0][5], "说明（请更正后重新报送）");
}
