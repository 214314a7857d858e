//! Reading filled worklists back. Each row finds its case by the hidden token, or by the
//! visible case code typed back when the token was lost, and is then checked against the
//! person that token was issued for (the name and masked ID as printed): a row whose
//! token no longer sits beside its person — sorted apart, pasted over — is reported with
//! its sheet and row and not applied.
//!
//! Whatever cannot be applied is listed by sheet and row, never dropped: rows added by
//! hand, rows with a date or note but no outcome, outcomes not on the list, dates that
//! cannot be placed (8月6日 is read in the campaign's year; 下周 is refused), two rows of
//! one case with different outcomes in one file (neither applied).
//!
//! Importing the same file twice changes nothing. A later follow-up date updates a case;
//! a different outcome for the same case without a later date is a conflict, reported
//! with both places and not applied.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::followup_problem as problem_text;
pub use super::followup_problem::FollowupProblem;
use super::returned::{self, ReturnedRow};
use super::Outcome;
use crate::bilingual::Bilingual;
use crate::identity::mask_id;
use crate::import::cell::Cell;
use crate::outcome::store::{self, NewOutcome};
use crate::{ErrorKind, Result};

/// What importing one filled worklist did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FollowupSummary {
    pub file: String,
    /// Non-blank data rows read.
    pub rows_read: u32,
    /// Outcomes recorded for the first time.
    pub applied: u32,
    /// Outcomes that replaced an earlier one with a later follow-up date.
    pub updated: u32,
    /// Rows already imported before, or left blank: nothing to do.
    pub unchanged: u32,
    pub problems: Vec<FollowupProblem>,
}

/// The case a token or case code was issued for.
struct Case {
    token: String,
    person_key: String,
    code: String,
    name: String,
    id_masked: Option<String>,
    case_code: Option<String>,
    /// The as-of date of the analysis the worklist came from: the campaign's year.
    as_of: String,
}

/// A row ready to apply.
struct Ready {
    case: Case,
    row: ReturnedRow,
    outcome: Outcome,
    date: Option<String>,
}

fn find_case(tx: &Connection, by: &str, key: &str) -> Result<Option<Case>> {
    let sql = format!(
        "SELECT w.token, w.person_key, w.code, w.name, w.id_masked, w.case_code, a.as_of
         FROM worklist_row w JOIN worklist_export e ON e.id = w.export_id JOIN analysis a ON a.id = e.analysis_id
         WHERE w.{by} = ?1"
    );
    Ok(tx
        .prepare_cached(&sql)?
        .query_row([key], |r| {
            Ok(Case {
                token: r.get(0)?,
                person_key: r.get(1)?,
                code: r.get(2)?,
                name: r.get(3)?,
                id_masked: r.get(4)?,
                case_code: r.get(5)?,
                as_of: r.get(6)?,
            })
        })
        .optional()?)
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The ID as the row shows it, masked for messages whatever was typed.
fn shown_id(text: &str) -> String {
    let s = squeeze(text).to_uppercase();
    if s.contains('*') {
        s
    } else {
        mask_id(&s)
    }
}

/// Why the row is not the person the case was issued for, if it is not.
fn mismatch(case: &Case, row: &ReturnedRow) -> Option<Bilingual> {
    let printed = squeeze(&case.name);
    let written = row.name.as_deref().map(squeeze).unwrap_or_default();
    if written != printed {
        return Some(problem_text::name_differs(
            &written,
            case.case_code.as_deref(),
            &case.name,
        ));
    }
    if let (Some(expected), true) = (&case.id_masked, row.has_id_column) {
        let written = row.id.as_deref().map(shown_id).unwrap_or_default();
        if &written != expected {
            return Some(problem_text::id_differs(
                &written,
                case.case_code.as_deref(),
                expected,
            ));
        }
    }
    None
}

/// A month and day without a year ("8月6日", "8.6", "8/6"), in `year`.
fn month_day(text: &str, year: i32) -> Option<NaiveDate> {
    let s = squeeze(text);
    let parts: Vec<&str> = s
        .split(['月', '日', '号', '.', '/', '-'])
        .filter(|p| !p.is_empty())
        .collect();
    match parts.as_slice() {
        [m, d]
            if m.len() <= 2
                && d.len() <= 2
                && (m.bytes().chain(d.bytes())).all(|b| b.is_ascii_digit()) =>
        {
            NaiveDate::from_ymd_opt(year, m.parse().ok()?, d.parse().ok()?)
        }
        _ => None,
    }
}

/// The follow-up date as YYYY-MM-DD; `Err` with the text when it cannot be placed.
fn follow_up_date(cell: &Cell, as_of: &str) -> Result<Option<String>, String> {
    if cell.is_blank() {
        return Ok(None);
    }
    let text = cell.display();
    let year: i32 = as_of.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2000);
    // A month and day only as text: Excel turns a typed 8.10 into the number 8.1.
    let typed = matches!(cell, Cell::Text(_));
    cell.date()
        .or_else(|| crate::dates::parse_date_text(&text))
        .or_else(|| if typed { month_day(&text, year) } else { None })
        .map(|d| Some(crate::dates::iso(d)))
        .ok_or(text)
}

/// Imports the outcomes written on one filled worklist.
pub fn import(conn: &mut Connection, path: &Path) -> Result<FollowupSummary> {
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let unreadable = |e: std::io::Error| -> crate::Error {
        ErrorKind::FileUnreadable {
            file: file.clone(),
            reason: e.to_string(),
        }
        .into()
    };
    let len = std::fs::metadata(path).map_err(unreadable)?.len();
    crate::import::limits::check_file_size(&file, len)?;
    let bytes = std::fs::read(path).map_err(unreadable)?;
    let returned = returned::read(&file, &bytes)?;
    drop(bytes);
    let mut summary = FollowupSummary {
        file: file.clone(),
        rows_read: returned.rows.len() as u32,
        applied: 0,
        updated: 0,
        unchanged: 0,
        problems: returned.problems,
    };
    let tx = conn.transaction()?;
    let mut ready: BTreeMap<String, Vec<Ready>> = BTreeMap::new();
    for row in returned.rows {
        let problem = |text: Bilingual| FollowupProblem::new(&row.sheet, row.row, text);
        let by_token = match &row.token {
            Some(t) => find_case(&tx, "token", t)?,
            None => None,
        };
        let typed = row
            .case_code
            .as_deref()
            .map(super::normalise_case_code)
            .filter(|c| !c.is_empty());
        let case = match (by_token, &typed) {
            (Some(case), Some(code)) if case.case_code.as_deref().is_some_and(|c| c != code) => {
                summary
                    .problems
                    .push(problem(problem_text::code_and_token_differ(code)));
                continue;
            }
            (Some(case), _) => case,
            (None, Some(code)) => match find_case(&tx, "case_code", code)? {
                Some(case) => case,
                None => {
                    summary
                        .problems
                        .push(problem(problem_text::code_not_issued(code)));
                    continue;
                }
            },
            (None, None) => {
                let untied = problem_text::untied_row(row.token.is_some(), row.name.as_deref());
                summary.problems.push(problem(untied));
                continue;
            }
        };
        if let Some(message) = mismatch(&case, &row) {
            summary.problems.push(problem(message));
            continue;
        }
        let Some(outcome_text) = row.outcome.clone() else {
            if row.officer.is_some() || row.note.is_some() || !row.date.is_blank() {
                summary
                    .problems
                    .push(problem(problem_text::no_outcome_chosen()));
            } else {
                summary.unchanged += 1;
            }
            continue;
        };
        let Some(outcome) = Outcome::from_label(&outcome_text) else {
            // The cell is echoed so the officer can find it, masked: it may hold an ID or phone.
            let typed = crate::identity::mask_numbers(&outcome_text);
            summary
                .problems
                .push(problem(problem_text::outcome_not_in_list(&typed)));
            continue;
        };
        let date = match follow_up_date(&row.date, &case.as_of) {
            Ok(date) => date,
            Err(text) => {
                let unreadable = problem_text::unreadable_date(&text, &case.as_of);
                summary.problems.push(problem(unreadable));
                continue;
            }
        };
        ready.entry(case.token.clone()).or_default().push(Ready {
            case,
            row,
            outcome,
            date,
        });
    }
    for (_, rows) in ready {
        if rows.iter().any(|r| r.outcome != rows[0].outcome) {
            let places: Vec<String> = rows
                .iter()
                .map(|r| format!("{} 第 {} 行“{}”", r.row.sheet, r.row.row, r.outcome.label()))
                .collect();
            let places_en: Vec<String> = rows
                .iter()
                .map(|r| {
                    format!(
                        "“{}” row {} “{}”",
                        r.row.sheet,
                        r.row.row,
                        r.outcome.english_label()
                    )
                })
                .collect();
            for r in &rows {
                summary.problems.push(FollowupProblem::new(
                    &r.row.sheet,
                    r.row.row,
                    Bilingual::new(
                        format!(
                            "同一人（{}）在本文件中有 {} 行，跟进结果不同：{}；均未导入，请核实后只保留一行",
                            r.case.name,
                            rows.len(),
                            places.join("、")
                        ),
                        format!(
                            "The same person ({}) is on {} rows of this file with different outcomes: {}; none imported, check and keep one row",
                            r.case.name,
                            rows.len(),
                            places_en.join(", ")
                        ),
                    ),
                ));
            }
            continue;
        }
        for r in rows {
            apply(&tx, &file, r, &mut summary)?;
        }
    }
    summary
        .problems
        .sort_by(|a, b| (a.sheet.as_str(), a.row).cmp(&(b.sheet.as_str(), b.row)));
    crate::audit::append(
        &tx,
        "followup",
        &crate::bilingual::Bilingual::new(
            format!("导入跟进结果 {}", summary.file),
            format!("Imported follow-up outcomes from {}", summary.file),
        ),
        summary.applied + summary.updated,
        None,
    )?;
    crate::lists::mark_changed(&tx)?;
    tx.commit()?;
    Ok(summary)
}

/// Records one checked row: new, a later update, unchanged, or a conflict with an earlier one.
fn apply(tx: &Connection, file: &str, r: Ready, summary: &mut FollowupSummary) -> Result<()> {
    let Ready {
        case,
        row,
        outcome,
        date,
    } = r;
    let is_update = match store::latest_for_token(tx, &case.token)? {
        None => false,
        Some(earlier) if date.as_deref() > earlier.date.as_deref() => true,
        Some(earlier) if earlier.outcome != outcome => {
            let (label, earlier_file, earlier_row) =
                (earlier.outcome.label(), earlier.file, earlier.row_number);
            summary.problems.push(FollowupProblem::new(
                &row.sheet,
                row.row,
                Bilingual::new(
                    format!(
                        "与此前导入的结果“{label}”（{earlier_file} 第 {earlier_row} 行）不同，且跟进日期不晚于它；未更新，请核实后填写更晚的跟进日期"
                    ),
                    format!(
                        "Differs from the outcome imported before, “{}” ({earlier_file} row {earlier_row}), and its follow-up date is not later; not updated, check and write a later date",
                        earlier.outcome.english_label()
                    ),
                ),
            ));
            return Ok(());
        }
        Some(_) => false,
    };
    let inserted = store::insert(
        tx,
        &NewOutcome {
            token: &case.token,
            person_key: &case.person_key,
            code: &case.code,
            outcome,
            date: date.as_deref(),
            officer: row.officer.as_deref(),
            note: row.note.as_deref(),
            file,
            sheet: &row.sheet,
            row_number: row.row,
            imported_at: &super::now(),
        },
    )?;
    match (inserted, is_update) {
        (0, _) => summary.unchanged += 1,
        (_, true) => summary.updated += 1,
        _ => summary.applied += 1,
    }
    Ok(())
}

pub use super::manual::{record, record_many};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_without_a_year_take_the_campaigns_and_words_are_refused() {
        let d = |s: &str| follow_up_date(&Cell::Text(s.into()), "2026-06-30");
        assert_eq!(d("8月6日"), Ok(Some("2026-08-06".into())));
        assert_eq!(d("8.6"), Ok(Some("2026-08-06".into())));
        assert_eq!(d("2026年7月9日"), Ok(Some("2026-07-09".into())));
        assert_eq!(d("下周"), Err("下周".into()));
        assert_eq!(d("13月40日"), Err("13月40日".into()));
        assert_eq!(follow_up_date(&Cell::Empty, "2026-06-30"), Ok(None));
        assert_eq!(
            follow_up_date(&Cell::Number(46240.0), "2026-06-30"),
            Ok(Some("2026-08-06".into()))
        );
        assert_eq!(
            follow_up_date(&Cell::Number(8.1), "2026-06-30"),
            Err("8.1".into()),
            "8.10 or 8.1? refused"
        );
    }
}
