//! Finding the header row below title rows, and which column holds which role.
//!
//! The header is the first row, among the first few, that names at least two roles one
//! of which is the name or the ID. A second header row just below it (the sub-headers
//! under a merged group title such as "参保信息") is folded in. The user's own mapping
//! (`--map ROLE=COLUMN`, or one saved earlier for the same header) overrides the guess.

use std::collections::BTreeMap;

use super::cell::Cell;
use super::reader::Sheet;
use super::roles::{clean_header, role_of, Role};

/// Rows searched for a header: title rows rarely take more than a few.
const HEADER_SEARCH_ROWS: usize = 30;

/// A located header: where it is and the column of each role.
#[derive(Debug, Clone, Default)]
pub struct Header {
    /// Index into `Sheet::rows` of the (first) header row.
    pub row_index: usize,
    /// Index into `Sheet::rows` of the first data row.
    pub data_start: usize,
    /// Header text of every non-empty column, by column index.
    pub titles: BTreeMap<usize, String>,
    /// The column of each role.
    pub columns: BTreeMap<Role, usize>,
    /// The header row's texts in column order ([`row_signature`]).
    pub signature: String,
}

impl Header {
    pub fn column(&self, role: Role) -> Option<usize> {
        self.columns.get(&role).copied()
    }

    /// The header text of a role's column, for messages and stored mappings.
    pub fn title(&self, role: Role) -> Option<&str> {
        self.column(role)
            .and_then(|c| self.titles.get(&c))
            .map(String::as_str)
    }

    /// Points `role` at `column`, replacing whatever the guess said.
    pub fn assign(&mut self, role: Role, column: usize) {
        self.columns.retain(|r, c| *r != role && *c != column);
        self.columns.insert(role, column);
    }
}

/// A row's texts in column order: the same signature means the same layout, so a mapping
/// the user confirmed for one file applies to the next file with that header.
pub fn row_signature(row: &[Cell]) -> String {
    row.iter()
        .filter_map(Cell::text)
        .map(|t| clean_header(&t))
        .collect::<Vec<_>>()
        .join("\u{1f}")
}

/// The header rows a sheet may have: the first few.
pub fn candidate_rows(sheet: &Sheet) -> impl Iterator<Item = &Vec<Cell>> {
    sheet.rows.iter().take(HEADER_SEARCH_ROWS)
}

/// The role of a header text: the user's names first, then the known synonyms.
fn role_in(text: &str, extra: &[(Role, String)]) -> Option<Role> {
    let cleaned = clean_header(text);
    extra
        .iter()
        .find(|(_, t)| clean_header(t) == cleaned)
        .map(|(r, _)| *r)
        .or_else(|| role_of(text))
}

fn roles_of_row(
    row: &[Cell],
    extra: &[(Role, String)],
) -> (BTreeMap<usize, String>, BTreeMap<Role, usize>) {
    let mut titles = BTreeMap::new();
    let mut columns = BTreeMap::new();
    for (col, cell) in row.iter().enumerate() {
        let Some(text) = cell.text() else { continue };
        if let Some(role) = role_in(&text, extra) {
            columns.entry(role).or_insert(col);
        }
        titles.insert(col, text);
    }
    (titles, columns)
}

/// Finds the header of a sheet. `extra` holds header texts the user named for roles.
pub fn find_header(sheet: &Sheet, extra: &[(Role, String)]) -> Option<Header> {
    let (row_index, titles, columns) = sheet
        .rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .enumerate()
        .find_map(|(i, row)| {
            let (titles, columns) = roles_of_row(row, extra);
            let names_a_person = columns.contains_key(&Role::Name)
                || columns.contains_key(&Role::IdNumber)
                || columns.contains_key(&Role::BirthCertNumber);
            (names_a_person && columns.len() >= 2).then_some((i, titles, columns))
        })?;
    let signature = row_signature(&sheet.rows[row_index]);
    let mut header = Header {
        row_index,
        data_start: row_index + 1,
        titles,
        columns,
        signature,
    };
    if let Some(next) = sheet.rows.get(row_index + 1) {
        fold_sub_header(&mut header, next, extra);
    }
    Some(header)
}

/// Folds in a second header row: one that names roles but carries no person in the ID or
/// name column (it is blank there, or repeats the header above through a merged cell).
fn fold_sub_header(header: &mut Header, next: &[Cell], extra: &[(Role, String)]) {
    let (sub_titles, sub_columns) = roles_of_row(next, extra);
    let new_roles: Vec<(Role, usize)> = sub_columns
        .iter()
        .filter(|(r, _)| !header.columns.contains_key(r))
        .map(|(r, c)| (*r, *c))
        .collect();
    if new_roles.is_empty() {
        return;
    }
    let carries_a_person = [Role::IdNumber, Role::Name].into_iter().any(|role| {
        header.column(role).is_some_and(|col| {
            next.get(col)
                .and_then(Cell::text)
                .is_some_and(|t| role_in(&t, extra) != Some(role))
        })
    });
    if carries_a_person {
        return;
    }
    for (role, col) in new_roles {
        header.columns.retain(|_, c| *c != col);
        header.columns.insert(role, col);
    }
    for (col, text) in sub_titles {
        let title = match header.titles.get(&col) {
            Some(group) if role_in(group, extra).is_none() && *group != text => {
                format!("{group}/{text}")
            }
            _ => text,
        };
        header.titles.insert(col, title);
    }
    header.data_start = header.row_index + 2;
}

/// A column the user names by its Excel letters (A, B, …, AA) as a 0-based index. At
/// most three letters, as Excel's columns end at XFD: a longer word is a header text.
pub fn column_index(letters: &str) -> Option<usize> {
    if letters.len() > 3 {
        return None;
    }
    super::column_letters::column_index(letters).map(|i| i as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet {
            name: "Sheet1".into(),
            first_row: 0,
            rows: rows
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|s| {
                            if s.is_empty() {
                                Cell::Empty
                            } else {
                                Cell::Text((*s).into())
                            }
                        })
                        .collect()
                })
                .collect(),
        }
    }

    #[test]
    fn finds_the_header_below_title_rows() {
        let s = sheet(&[
            &["海丰县2026年6月户籍人口花名册", "", ""],
            &["填报单位：海城镇", "", ""],
            &["", "", ""],
            &["序号", "姓名", "公民身份号码"],
            &["1", "陈大文", "11010519491231002X"],
        ]);
        let header = find_header(&s, &[]).unwrap();
        assert_eq!(header.row_index, 3);
        assert_eq!(header.data_start, 4);
        assert_eq!(header.column(Role::IdNumber), Some(2));
        assert_eq!(header.title(Role::Name), Some("姓名"));
    }

    #[test]
    fn a_title_that_mentions_a_role_is_not_a_header() {
        let s = sheet(&[&["姓名"], &["姓名", "身份证号"]]);
        assert_eq!(find_header(&s, &[]).unwrap().row_index, 1);
    }

    #[test]
    fn folds_a_two_row_header_under_a_merged_group_title() {
        // Merged cells arrive filled: 姓名 and 身份证号 repeat in the second row.
        let s = sheet(&[
            &["姓名", "身份证号", "参保信息", "参保信息"],
            &["姓名", "身份证号", "险种", "参保状态"],
            &["陈大文", "11010519491231002X", "居民医保", "参保缴费"],
        ]);
        let h = find_header(&s, &[]).unwrap();
        assert_eq!(h.data_start, 2);
        assert_eq!(h.column(Role::Scheme), Some(2));
        assert_eq!(h.column(Role::EnrolStatus), Some(3));
        assert_eq!(h.title(Role::Scheme), Some("参保信息/险种"));
    }

    #[test]
    fn a_data_row_is_never_taken_for_a_sub_header() {
        let s = sheet(&[
            &["姓名", "身份证号", "状态"],
            &["陈大文", "11010519491231002X", "正常"],
        ]);
        assert_eq!(find_header(&s, &[]).unwrap().data_start, 1);
    }

    #[test]
    fn user_named_headers_are_recognised() {
        let s = sheet(&[&["人名", "号码"], &["陈大文", "11010519491231002X"]]);
        assert!(find_header(&s, &[]).is_none());
        let extra = [
            (Role::Name, "人名".to_string()),
            (Role::IdNumber, "号码".to_string()),
        ];
        let h = find_header(&s, &extra).unwrap();
        assert_eq!(h.column(Role::IdNumber), Some(1));
    }

    #[test]
    fn reads_excel_column_letters() {
        assert_eq!(column_index("A"), Some(0));
        assert_eq!(column_index("c"), Some(2));
        assert_eq!(column_index("AA"), Some(26));
        assert_eq!(column_index("姓名"), None);
    }
}
