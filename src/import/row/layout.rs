//! A sheet's header as the row normaliser reads it for every row: what is worked out
//! from the header once per sheet, not once per row.

use crate::import::cell::Cell;
use crate::import::header::Header;
use crate::import::roles::{clean_header, Role};

/// What every row of a sheet reads from its header the same way, worked out once per
/// sheet instead of once per row (each is a [`clean_header`] with its own
/// allocation, three per row otherwise).
pub struct Layout<'h> {
    header: &'h Header,
    /// The column a repeated header row is recognised by, and its cleaned title.
    repeat_check: Option<(usize, String)>,
    /// The birth-date column is headed 出生年月: it holds months, even in date cells.
    month_column: bool,
}

impl<'h> Layout<'h> {
    pub fn of(header: &'h Header) -> Self {
        let repeat_check = header
            .column(Role::IdNumber)
            .or(header.column(Role::Name))
            .and_then(|col| Some((col, clean_header(header.titles.get(&col)?))));
        let month_column = header
            .title(Role::BirthDate)
            .is_some_and(|t| clean_header(t) == "出生年月");
        Self {
            header,
            repeat_check,
            month_column,
        }
    }

    pub(super) fn header(&self) -> &'h Header {
        self.header
    }

    pub(super) fn month_column(&self) -> bool {
        self.month_column
    }

    /// True when `row` repeats the header (as when a printed list repeats it per page):
    /// its ID (or name) cell reads as that column's title.
    pub(super) fn is_repeated_in(&self, row: &[Cell]) -> bool {
        self.repeat_check.as_ref().is_some_and(|(col, title)| {
            let Some(cell) = row.get(*col) else {
                return false;
            };
            // Cleaning only drops characters and turns brackets into `(` `)`, so a text
            // that cleans to the title holds the title's first character as it is unless
            // that is a bracket. A data cell (an ID, a name) seldom does: checked without
            // the two allocations of cleaning, on every row.
            if let (Cell::Text(text), Some(first)) = (cell, title.chars().next()) {
                if !matches!(first, '(' | ')') && !text.contains(first) {
                    return false;
                }
            }
            cell.text().is_some_and(|t| clean_header(&t) == *title)
        })
    }
}
