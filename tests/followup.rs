//! Filled worklists coming back: sorted with the filter button, tokens lost or torn from
//! their rows, rows added by hand, notes without outcomes, dates without a year, two
//! outcomes for one case, and hostile files. An outcome lands on the person printed on its
//! row or is reported by sheet and row; nothing is dropped silently.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::sheets::{self, autofilters, column, data_rows, sort_like_autofilter};
use enrolgap::worklist::{self, columns, followup, Outcome, SplitBy, WorklistOptions};
use enrolgap::{analyze, latest_gaps, NoProgress};
use rusqlite::Connection;

fn demo() -> Connection {
    let mut conn = common::import_demo();
    analyze(&mut conn, common::demo_as_of(), &NoProgress).unwrap();
    conn
}

/// A workbook's sheets as (name, rows of cell texts).
type Book = Vec<(String, Vec<Vec<String>>)>;

/// Exports by township and returns the workbook with the most people, and its sheets.
fn biggest_township(conn: &mut Connection, dir: &Path) -> (PathBuf, Book) {
    worklist::export(
        conn,
        dir,
        &WorklistOptions {
            split_by: Some(SplitBy::Township),
            ..Default::default()
        },
    )
    .unwrap();
    sheets::worklists(dir)
        .into_iter()
        .map(|p| {
            let s = sheets::read(&p);
            (p, s)
        })
        .max_by_key(|(_, s)| {
            s.iter()
                .map(|(_, rows)| data_rows(rows).len())
                .sum::<usize>()
        })
        .unwrap()
}

/// (name, ID as printed) → person key, from the latest analysis.
fn people(conn: &Connection) -> HashMap<(String, String), String> {
    latest_gaps(conn)
        .unwrap()
        .into_iter()
        .map(|g| {
            // As printed: the masked ID, or the birth date when there is none.
            let id = g.id_masked.clone().unwrap_or_else(|| {
                g.birth_date
                    .as_ref()
                    .map_or("（无）".into(), |b| format!("无，出生{b}"))
            });
            ((g.name.clone(), id), g.person_key)
        })
        .collect()
}

/// Every recorded outcome: (person key, outcome code).
fn recorded(conn: &Connection) -> Vec<(String, String)> {
    let mut stmt = conn
        .prepare("SELECT person_key, outcome FROM followup ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Fills every data row of every sheet with an outcome (cycling through the list), a
/// date and an officer; returns (sheet, name, printed ID, outcome) per filled row.
fn fill_all(book: &mut [(String, Vec<Vec<String>>)]) -> Vec<(String, String, String, Outcome)> {
    let mut filled = Vec::new();
    let mut n = 0;
    for (sheet, rows) in book.iter_mut() {
        let (name, id, outcome, date, officer) = (
            column(rows, columns::NAME),
            column(rows, columns::ID),
            column(rows, columns::OUTCOME),
            column(rows, columns::OUTCOME_DATE),
            column(rows, columns::OFFICER),
        );
        for r in data_rows(rows) {
            let o = Outcome::ALL[n % Outcome::ALL.len()];
            n += 1;
            rows[r][outcome] = o.label().to_string();
            rows[r][date] = "2026-07-02".into();
            rows[r][officer] = "张三".into();
            filled.push((sheet.clone(), rows[r][name].clone(), rows[r][id].clone(), o));
        }
    }
    filled
}

#[test]
fn sorting_with_the_filter_button_keeps_every_outcome_on_its_person() {
    let mut conn = demo();
    let dir = tempfile::tempdir().unwrap();
    let (path, mut book) = biggest_township(&mut conn, dir.path());
    let filters = autofilters(&path);
    let who = people(&conn);
    // Sorted by name, descending, as "Z→A" on the 姓名 filter button does.
    for ((_, rows), range) in book.iter_mut().zip(&filters) {
        let name = column(rows, columns::NAME);
        let token = column(rows, columns::TOKEN);
        assert!(
            range.1 as usize <= token && token <= range.3 as usize,
            "the token column lies inside the filter range"
        );
        sort_like_autofilter(rows, *range, |a, b| b[name].cmp(&a[name]));
    }
    let filled = fill_all(&mut book);
    assert!(filled.len() >= 4, "enough people to sort");
    let returned = dir.path().join("回收-已排序.xlsx");
    sheets::write(&returned, &book);

    let s = followup::import(&mut conn, &returned).unwrap();
    assert_eq!(s.problems, vec![], "nothing to report");
    assert_eq!(s.applied as usize, filled.len());
    let recorded = recorded(&conn);
    for (sheet, name, id, outcome) in &filled {
        let person = &who[&(name.clone(), id.clone())];
        assert!(
            recorded
                .iter()
                .any(|(p, o)| p == person && o == outcome.as_str()),
            "{sheet}: {name}'s {} landed elsewhere",
            outcome.label()
        );
    }
    assert_eq!(recorded.len(), filled.len());
}

#[test]
fn a_token_torn_from_its_row_is_reported_and_never_applied_to_another_person() {
    let mut conn = demo();
    let dir = tempfile::tempdir().unwrap();
    let (_, mut book) = biggest_township(&mut conn, dir.path());
    let who = people(&conn);
    // The old bug: rows sorted but the hidden token (and case code) left where they were.
    let (sheet, rows) = &mut book[0];
    let (name, token, code) = (
        column(rows, columns::NAME),
        column(rows, columns::TOKEN),
        column(rows, columns::CASE_CODE),
    );
    let data = data_rows(rows);
    let mut moved: Vec<Vec<String>> = rows[data.clone()].to_vec();
    moved.reverse();
    for (r, mut cells) in data.clone().zip(moved) {
        cells[token] = rows[r][token].clone();
        cells[code] = rows[r][code].clone();
        rows[r] = cells;
    }
    let sheet = sheet.clone();
    let filled = fill_all(&mut book[..1]);
    let returned = dir.path().join("回收-令牌错位.xlsx");
    sheets::write(&returned, &book[..1]);

    let s = followup::import(&mut conn, &returned).unwrap();
    let rows = &book[0].1;
    let misplaced: Vec<u32> = data
        .clone()
        .filter(|&r| rows[r][name] != rows[data.start + data.end - 1 - r][name])
        .map(|r| r as u32 + 1)
        .collect();
    assert!(!misplaced.is_empty());
    for row in &misplaced {
        let p = s
            .problems
            .iter()
            .find(|p| p.row == *row)
            .unwrap_or_else(|| panic!("row {row} not reported: {:?}", s.problems));
        assert_eq!(p.sheet, sheet);
        assert!(p.message.contains("不符"), "{}", p.message);
        assert_reads_in_english(&p.message_en);
    }
    assert_eq!(
        s.applied as usize,
        filled.len() - misplaced.len(),
        "only rows still beside their token"
    );
    let recorded = recorded(&conn);
    for (_, name, id, outcome) in &filled {
        let person = &who[&(name.clone(), id.clone())];
        for (p, o) in &recorded {
            if p == person {
                assert_eq!(o, outcome.as_str(), "{name} got another row's outcome");
            }
        }
    }
}

#[test]
fn a_lost_token_is_found_by_the_case_code_typed_back() {
    let mut conn = demo();
    let dir = tempfile::tempdir().unwrap();
    let (_, mut book) = biggest_township(&mut conn, dir.path());
    let who = people(&conn);
    let rows = &mut book[0].1;
    let (token, code, name, id) = (
        column(rows, columns::TOKEN),
        column(rows, columns::CASE_CODE),
        column(rows, columns::NAME),
        column(rows, columns::ID),
    );
    let first = data_rows(rows).start;
    // Retyped by hand: no token, the code in lower case with a space.
    rows[first][token].clear();
    let typed = rows[first][code].to_lowercase();
    rows[first][code] = format!("{} {}", &typed[..3], &typed[3..]);
    // And one code mistyped.
    rows[first + 1][token].clear();
    rows[first + 1][code] = "ZZZZZZ".into();
    let person = who[&(rows[first][name].clone(), rows[first][id].clone())].clone();
    let outcome = column(rows, columns::OUTCOME);
    rows[first][outcome] = "已在外地参保".into();
    rows[first + 1][outcome] = "已死亡".into();
    let returned = dir.path().join("回收-手抄.xlsx");
    sheets::write(&returned, &book[..1]);

    let s = followup::import(&mut conn, &returned).unwrap();
    assert_eq!(s.applied, 1);
    assert_eq!(
        recorded(&conn),
        vec![(person, "insured_elsewhere".to_string())]
    );
    assert_eq!(s.problems.len(), 1);
    assert_eq!(s.problems[0].row as usize, first + 2);
    assert!(
        s.problems[0].message.contains("ZZZZZZ"),
        "{}",
        s.problems[0].message
    );
}

#[test]
fn whatever_cannot_be_applied_is_listed_by_sheet_and_row() {
    let mut conn = demo();
    let dir = tempfile::tempdir().unwrap();
    let (_, mut book) = biggest_township(&mut conn, dir.path());
    let (sheet, rows) = &mut book[0];
    let sheet = sheet.clone();
    let (name, outcome, date, note, officer) = (
        column(rows, columns::NAME),
        column(rows, columns::OUTCOME),
        column(rows, columns::OUTCOME_DATE),
        column(rows, columns::NOTE),
        column(rows, columns::OFFICER),
    );
    let data = data_rows(rows);
    assert!(data.len() >= 4);
    let f = data.start;
    rows[f][outcome] = "参保了".into(); // not on the list
    rows[f + 1][outcome] = "已动员待缴费".into();
    rows[f + 1][date] = "下周".into(); // cannot be placed
    rows[f + 2][note] = "已电话通知，家属说下月回来".into(); // a note, no outcome
    rows[f + 3][outcome] = "已参保".into();
    rows[f + 3][date] = "8月6日".into(); // the campaign's year
    rows[f + 3][officer] = "李四".into();
    // A person added by hand below the last row.
    let mut added = vec![String::new(); rows[f].len()];
    added[name] = "新增人".into();
    added[outcome] = "已参保".into();
    rows.insert(data.end, added);
    // A second sheet whose token and case-code columns were deleted.
    let mut stripped = rows.clone();
    let (token, code) = (
        column(&stripped, columns::TOKEN),
        column(&stripped, columns::CASE_CODE),
    );
    for r in stripped.iter_mut() {
        r.truncate(code.min(token));
    }
    let returned = dir.path().join("回收-杂项.xlsx");
    let notes = vec![vec!["这张表是村里自己的记录".to_string()]];
    sheets::write(
        &returned,
        &[
            (sheet.clone(), rows.clone()),
            ("删了令牌".into(), stripped),
            ("记录".into(), notes),
        ],
    );

    let s = followup::import(&mut conn, &returned).unwrap();
    assert_eq!(s.applied, 1, "only the row with 8月6日");
    let date_stored: String = conn
        .query_row("SELECT outcome_date FROM followup", [], |r| r.get(0))
        .unwrap();
    assert_eq!(date_stored, "2026-08-06");
    let at = |sheet: &str, row: usize| {
        s.problems
            .iter()
            .find(|p| p.sheet == sheet && p.row as usize == row + 1)
            .unwrap_or_else(|| panic!("{sheet} row {} not reported: {:#?}", row + 1, s.problems))
            .message
            .clone()
    };
    assert!(at(&sheet, f).contains("参保了"));
    assert!(at(&sheet, f + 1).contains("下周"));
    assert!(at(&sheet, f + 2).contains("没有选择跟进结果"));
    assert!(at(&sheet, data.end).contains("手工添加"));
    assert!(at("删了令牌", sheets::header_row(rows)).contains("整张表未导入"));
    assert!(
        s.problems.iter().any(|p| p.sheet == "记录" && p.row == 0),
        "{:#?}",
        s.problems
    );
    assert_eq!(s.problems.len(), 6, "{:#?}", s.problems);
    for p in &s.problems {
        assert!(!p.message.contains('\n'));
        assert_reads_in_english(&p.message_en);
    }
}

/// A problem's English text is English: it starts as a sentence does and has Chinese only
/// where it quotes the sheet (“…”) or names a column or person in brackets.
fn assert_reads_in_english(text: &str) {
    assert!(text.starts_with(|c: char| c.is_ascii_uppercase()), "{text}");
    let mut outside = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '“' | '(' => depth += 1,
            '”' | ')' => depth -= 1,
            _ if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    assert!(
        !outside
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "Chinese outside quotes in: {text}"
    );
}

#[test]
fn two_rows_of_one_case_with_different_outcomes_apply_neither() {
    let mut conn = demo();
    let dir = tempfile::tempdir().unwrap();
    let (_, mut book) = biggest_township(&mut conn, dir.path());
    let rows = &mut book[0].1;
    let outcome = column(rows, columns::OUTCOME);
    let data = data_rows(rows);
    let f = data.start;
    rows[f][outcome] = "已死亡".into();
    let mut copy = rows[f].clone();
    copy[outcome] = "已参保".into();
    rows.insert(f + 1, copy);
    // The same outcome twice is one fact.
    rows[f + 2][outcome] = "拒绝参保".into();
    let again = rows[f + 2].clone();
    rows.insert(f + 3, again);
    let returned = dir.path().join("回收-重复.xlsx");
    sheets::write(&returned, &book[..1]);

    let s = followup::import(&mut conn, &returned).unwrap();
    // Left blank: the other rows; unchanged too: the repeated 拒绝参保.
    assert_eq!((s.applied, s.unchanged as usize), (1, data.len() - 2 + 1));
    let conflicts: Vec<u32> = s.problems.iter().map(|p| p.row).collect();
    assert_eq!(
        conflicts,
        vec![f as u32 + 1, f as u32 + 2],
        "{:#?}",
        s.problems
    );
    assert!(s.problems[0].message.contains("已死亡") && s.problems[0].message.contains("已参保"));
    assert_eq!(recorded(&conn).len(), 1);
}

/// `enrolgap --db DB followup FILE` under an address-space cap.
fn cli_followup(db: &Path, file: &Path) -> std::process::Output {
    Command::new("prlimit")
        .arg("--as=2147483648")
        .arg(env!("CARGO_BIN_EXE_enrolgap"))
        .env_remove("ENROLGAP_DB")
        .env_remove("ENROLGAP_PASSPHRASE")
        .arg("--db")
        .arg(db)
        .arg("followup")
        .arg(file)
        .output()
        .expect("prlimit (util-linux) runs the CLI")
}

#[test]
fn hostile_files_given_to_followup_end_in_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.db");
    let mut hostile: Vec<PathBuf> = std::fs::read_dir(common::fixture("hostile"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    hostile.sort();
    assert!(hostile.len() >= 10);
    let mut conn = enrolgap::store::open(&db).unwrap();
    for file in &hostile {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        // In process: an error, never a panic.
        let err = followup::import(&mut conn, file).expect_err(&name);
        let message = err.to_string();
        assert!(
            message.contains(&name) && !message.contains('\n'),
            "{name}: {message}"
        );
    }
    let followups: i64 = conn
        .query_row("SELECT COUNT(*) FROM followup", [], |r| r.get(0))
        .unwrap();
    assert_eq!(followups, 0);
    drop(conn);
    for file in &hostile {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let out = cli_followup(&db, file);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{name}: {stderr}");
        assert!(stderr.contains(&name), "{name}: {stderr}");
    }
}

#[test]
fn an_unmasked_sheet_is_checked_by_the_full_id_and_messages_show_it_masked() {
    let mut conn = demo();
    let dir = tempfile::tempdir().unwrap();
    let options = WorklistOptions {
        split_by: Some(SplitBy::Township),
        unmasked_reason: Some("上门核对".into()),
        ..Default::default()
    };
    worklist::export(&mut conn, dir.path(), &options).unwrap();
    let path = sheets::worklists(dir.path())
        .into_iter()
        .find(|p| p.to_string_lossy().contains("海城镇"))
        .unwrap();
    let mut book = sheets::read(&path);
    let rows = &mut book[0].1;
    let (id, outcome) = (column(rows, columns::ID), column(rows, columns::OUTCOME));
    let with_id: Vec<usize> = data_rows(rows)
        .filter(|&r| rows[r][id].len() == 18 && !rows[r][id].contains('*'))
        .collect();
    assert!(with_id.len() >= 2, "full IDs printed");
    let (a, b) = (with_id[0], with_id[1]);
    rows[a][outcome] = "拒绝参保".into();
    rows[b][outcome] = "已死亡".into();
    // A typo in the last digits of b's ID: not the person the row was issued for.
    let wrong = format!("{}0000", &rows[b][id][..14]);
    let full = rows[b][id].clone();
    rows[b][id] = wrong.clone();
    let returned = dir.path().join("回收-完整号码.xlsx");
    sheets::write(&returned, &book[..1]);

    let s = followup::import(&mut conn, &returned).unwrap();
    assert_eq!(s.applied, 1);
    assert_eq!(s.problems.len(), 1);
    let message = &s.problems[0].message;
    assert_eq!(s.problems[0].row as usize, b + 1);
    assert!(
        !message.contains(&full) && !message.contains(&wrong),
        "no full ID in a message: {message}"
    );
    assert!(
        message.contains(&format!("{}********0000", &full[..6])),
        "{message}"
    );
}

#[test]
fn what_an_officer_typed_is_echoed_masked() {
    let mut conn = demo();
    let dir = tempfile::tempdir().unwrap();
    let (_, mut book) = biggest_township(&mut conn, dir.path());
    let (sheet, rows) = &mut book[0];
    let outcome = column(rows, columns::OUTCOME);
    let first = data_rows(rows).start;
    rows[first][outcome] = "已参保 11010519491231002X 电话13812345678".into();
    let typed = dir.path().join("typed.xlsx");
    sheets::write(&typed, &[(sheet.clone(), rows.clone())]);
    let s = followup::import(&mut conn, &typed).unwrap();
    assert_eq!(s.problems.len(), 1, "{:#?}", s.problems);
    let message = &s.problems[0].message;
    assert!(
        message.contains("110105********002X") && message.contains("138****5678"),
        "{message}"
    );
    assert!(
        !message.contains("11010519491231002X") && !message.contains("13812345678"),
        "{message}"
    );
}
