//! Reading a returned worklist into rows, through the same guarded reader as imports
//! (file size, zip, dimension and shared-string limits; a malformed file is refused in one
//! line, never a panic or an abort). Only the first rows of each sheet are read to find
//! its header; a worklist sheet's rows then stream, and only non-blank ones are kept, so a
//! large list given by mistake costs no more memory than its first rows.
//!
//! A sheet is a worklist when a header row in its first 30 rows has the outcome column.
//! Every other non-blank row below the header becomes a [`ReturnedRow`], whatever it holds
//! (a hand-added person, a note alone): the caller decides, and reports, what it cannot
//! apply. Sheets with no way to find a row's case are reported whole.

use super::columns as col;
use super::followup_problem::{self as problem_text, FollowupProblem};
use crate::bilingual::Bilingual;
use crate::import::cell::Cell;
use crate::import::reader::{self, Opened, Sheet};
use crate::{ErrorKind, Result};

/// One non-blank data row of a returned sheet, cells as read.
#[derive(Debug, Clone)]
pub struct ReturnedRow {
    pub sheet: String,
    /// As Excel shows it.
    pub row: u32,
    pub token: Option<String>,
    pub case_code: Option<String>,
    pub name: Option<String>,
    pub id: Option<String>,
    pub outcome: Option<String>,
    pub date: Cell,
    pub officer: Option<String>,
    pub note: Option<String>,
    /// False when the sheet has no 身份证号 column to check against.
    pub has_id_column: bool,
}

/// Rows found, and sheets that could not be read as worklists.
pub struct Returned {
    pub rows: Vec<ReturnedRow>,
    pub problems: Vec<FollowupProblem>,
}

struct Columns {
    header: usize,
    token: Option<usize>,
    case_code: Option<usize>,
    name: Option<usize>,
    id: Option<usize>,
    outcome: usize,
    date: Option<usize>,
    officer: Option<usize>,
    note: Option<usize>,
    serial: Option<usize>,
}

fn find_columns(sheet: &Sheet) -> Option<Columns> {
    sheet.rows.iter().take(30).enumerate().find_map(|(i, row)| {
        let at = |name: &str| row.iter().position(|c| c.text().as_deref() == Some(name));
        Some(Columns {
            header: i,
            outcome: at(col::OUTCOME)?,
            token: at(col::TOKEN),
            case_code: at(col::CASE_CODE),
            name: at(col::NAME),
            id: at(col::ID),
            date: at(col::OUTCOME_DATE),
            officer: at(col::OFFICER),
            note: at(col::NOTE),
            serial: at(col::SERIAL),
        })
    })
}

fn text(row: &[Cell], col: Option<usize>) -> Option<String> {
    row.get(col?)?.text()
}

/// Reads `bytes` (the file `file`); fails only when no sheet is a worklist at all.
pub fn read(file: &str, bytes: &[u8]) -> Result<Returned> {
    let Opened { heads, mut rows } = reader::open(file, bytes)?;
    let mut out = Returned {
        rows: vec![],
        problems: vec![],
    };
    let mut any_worklist = false;
    for (index, head) in heads.iter().enumerate() {
        let sheet = &head.sheet;
        let problem = |row: u32, text: Bilingual| FollowupProblem::new(&sheet.name, row, text);
        let Some(cols) = find_columns(sheet) else {
            let has_content = sheet.rows.iter().any(|r| r.iter().any(|c| !c.is_blank()));
            if has_content && sheet.name != col::DETAIL_SHEET {
                out.problems
                    .push(problem(0, problem_text::not_a_worklist()));
            }
            continue;
        };
        any_worklist = true;
        let header_row = sheet.excel_row(cols.header);
        if cols.token.is_none() && cols.case_code.is_none() {
            out.problems.push(problem(
                header_row,
                problem_text::no_token_or_case_code_column(),
            ));
            continue;
        }
        if cols.name.is_none() {
            out.problems
                .push(problem(header_row, problem_text::no_name_column()));
            continue;
        }
        let mut keep = |i: usize, cells: Vec<Cell>| {
            if i <= cols.header {
                return true;
            }
            let blank = cells
                .iter()
                .enumerate()
                .all(|(c, cell)| cell.is_blank() || Some(c) == cols.serial);
            let signature = cells
                .iter()
                .any(|c| c.text().is_some_and(|t| t.starts_with(col::SIGNED_BY)));
            if !blank && !signature {
                out.rows.push(ReturnedRow {
                    sheet: sheet.name.clone(),
                    row: sheet.excel_row(i),
                    token: text(&cells, cols.token),
                    case_code: text(&cells, cols.case_code),
                    name: text(&cells, cols.name),
                    id: text(&cells, cols.id),
                    outcome: text(&cells, Some(cols.outcome)),
                    date: cols
                        .date
                        .and_then(|c| cells.get(c).cloned())
                        .unwrap_or(Cell::Empty),
                    officer: text(&cells, cols.officer),
                    note: text(&cells, cols.note),
                    has_id_column: cols.id.is_some(),
                });
            }
            true
        };
        if head.complete {
            for (i, cells) in sheet.rows.iter().enumerate() {
                keep(i, cells.clone());
            }
        } else {
            rows.stream(index, &mut keep)?;
        }
    }
    if !any_worklist {
        return Err(ErrorKind::MissingColumn {
            file: file.to_string(),
            column: col::OUTCOME.into(),
            examples: format!(
                "{}、{}，即本系统导出的跟进名单",
                col::OUTCOME,
                col::CASE_CODE
            ),
        }
        .into());
    }
    Ok(out)
}
