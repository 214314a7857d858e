//! Streaming xlsx: the first rows of each sheet when the file opens, the rest row by row
//! afterwards through calamine's cell reader, so a 1.5-million-row list is never held
//! as one range.
//!
//! Rows come out as calamine's range would hold them (first row with a value to the
//! last, blank rows between, each cell at its Excel column) with merged regions filled
//! by [`MergeFiller`], and every cell is checked against the [`Guard`] before its text
//! is copied.

use std::io::{Cursor, Read, Seek};

use calamine::{DataRef, Dimensions, Xlsx, XlsxError};

use super::merge_fill::MergeFiller;
use super::{unreadable_sheet, Inner, Opened, RowSource, Sheet, SheetHead, HEAD_ROWS};
use crate::import::cell::Cell;
use crate::import::limits::Guard;
use crate::import::merges;
use crate::Result;

/// An xlsx: the first rows of each sheet now, the rest streamed later.
pub(super) fn open_xlsx<'b>(
    file: &str,
    merges: Option<merges::BySheet>,
    names: Vec<String>,
    mut workbook: Box<Xlsx<Cursor<&'b [u8]>>>,
) -> Result<Opened<'b>> {
    let mut heads = Vec::new();
    let mut merged = Vec::new();
    let mut guard = Guard::new(file);
    // Found without a second parse of each sheet where the package allows (see merges);
    // calamine's parse otherwise.
    let mut scanned = merges;
    for name in &names {
        let regions = match scanned.as_mut().and_then(|m| m.remove(name)) {
            Some(regions) => regions,
            None => workbook.merge_cells_by_sheet_name(name).unwrap_or_default(),
        };
        guard.merged(name, &regions)?;
        let mut rows = Vec::new();
        let mut more = false;
        let (first_row, estimated_rows) = stream_xlsx(
            &mut workbook,
            file,
            name,
            &regions,
            &mut guard,
            &mut |_, row| {
                if rows.len() < HEAD_ROWS {
                    rows.push(row);
                    true
                } else {
                    more = true;
                    false
                }
            },
        )?;
        heads.push(SheetHead {
            sheet: Sheet {
                name: name.clone(),
                first_row,
                rows,
            },
            complete: !more,
            estimated_rows,
        });
        merged.push(regions);
    }
    let guard = Guard::new(file);
    Ok(Opened {
        heads,
        rows: RowSource {
            file: file.into(),
            names,
            inner: Inner::Xlsx { workbook, merged },
            guard,
        },
    })
}

/// Streams one xlsx sheet row by row as calamine's range would hold it: from the first
/// row with a value to the last, blank rows between included, each cell at its Excel
/// column, merged regions filled. Returns the first row and the row count the sheet
/// declares. Stops at the first row or cell the [`Guard`] refuses, with its error; a
/// sheet calamine cannot read is refused naming the sheet.
pub(super) fn stream_xlsx<RS: Read + Seek>(
    workbook: &mut Xlsx<RS>,
    file: &str,
    name: &str,
    merged: &[Dimensions],
    guard: &mut Guard,
    on_row: &mut dyn FnMut(usize, Vec<Cell>) -> bool,
) -> Result<(u32, Option<u64>)> {
    let unreadable = |e: XlsxError| unreadable_sheet(file, name, e);
    let mut reader = match workbook.worksheet_cells_reader(name) {
        Ok(reader) => reader,
        // A chart sheet: no cells.
        Err(XlsxError::NotAWorksheet(_)) => return Ok((0, None)),
        Err(e) => return Err(unreadable(e)),
    };
    let dims = reader.dimensions();
    let estimated_rows = (dims.end.0 >= dims.start.0 && dims.end != (0, 0))
        .then(|| u64::from(dims.end.0 - dims.start.0 + 1));
    let mut filler = MergeFiller::new(merged);
    let mut first_row: Option<u32> = None;
    let mut current_row = 0u32;
    let mut current: Vec<Cell> = Vec::new();
    // Ok(false) when the consumer has what it wants.
    let mut emit = |first: u32,
                    r: u32,
                    mut row: Vec<Cell>,
                    filler: &mut MergeFiller,
                    guard: &mut Guard|
     -> Result<bool> {
        filler.fill(first, r, &mut row);
        guard.row(name, u64::from(r) + 1, &row)?;
        Ok(on_row((r - first) as usize, row))
    };
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        let value = cell.get_value();
        if matches!(value, DataRef::Empty) {
            continue;
        }
        let (r, c) = cell.get_position();
        // Checked before the row is reached or the text copied: a cell at row 4 billion
        // would otherwise emit billions of blank rows, a 1 MB text be copied per row.
        let text = match value {
            DataRef::SharedString(s) => Some(*s),
            DataRef::String(s) => Some(s.as_str()),
            _ => None,
        };
        guard.row_index(name, r)?;
        guard.cell(name, r, c, text)?;
        let first = *first_row.get_or_insert_with(|| {
            current_row = r;
            r
        });
        if r > current_row {
            // Rows are usually as wide as the one before: one allocation per row.
            let width = current.len();
            if !emit(
                first,
                current_row,
                std::mem::replace(&mut current, Vec::with_capacity(width)),
                &mut filler,
                guard,
            )? {
                return Ok((first, estimated_rows));
            }
            for blank in current_row + 1..r {
                if !emit(first, blank, Vec::new(), &mut filler, guard)? {
                    return Ok((first, estimated_rows));
                }
            }
            current_row = r;
        }
        // Writers put cells in row order; a cell of a row already passed is dropped.
        if r == current_row {
            let c = c as usize;
            if current.len() <= c {
                current.resize(c + 1, Cell::Empty);
            }
            current[c] = cell_of(value);
        }
    }
    if let Some(first) = first_row {
        emit(first, current_row, current, &mut filler, guard)?;
    }
    Ok((first_row.unwrap_or(0), estimated_rows))
}

/// A cell as [`Cell::from`] reads calamine's owned value, without the intermediate copy.
fn cell_of(value: &DataRef<'_>) -> Cell {
    match value {
        DataRef::SharedString(s) => Cell::Text((*s).into()),
        DataRef::String(s) => Cell::Text(s.as_str().into()),
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::Empty => Cell::Empty,
        other => Cell::from(&calamine::Data::from(other.clone())),
    }
}
