//! The formats read whole: .xls, .xlsb and .ods, small by nature (an .xls holds at most
//! 65,536 rows). calamine reads each sheet into a range; its rows are padded to Excel's
//! columns, merged regions filled, and checked against the [`Guard`] before import sees
//! them. An xlsx is handed on to [`super::xlsx`] to stream instead.

use std::io::Cursor;

use calamine::Reader;

use super::merge_fill::MergeFiller;
use super::{unreadable_sheet, xlsx, Inner, Opened, RowSource, Sheet, SheetHead, HEAD_ROWS};
use crate::import::cell::Cell;
use crate::import::limits::Guard;
use crate::import::merges;
use crate::{ErrorKind, Result};

pub(super) fn open_workbook<'b>(file: &str, bytes: &'b [u8]) -> Result<Opened<'b>> {
    // An xlsx's merged regions are needed with its first rows; they are found (see
    // `merges`) on a second thread while calamine opens the workbook on this one, reading
    // its shared strings: on a county's household list each takes a few tenths of a
    // second, and nothing else can start before both are done. Not an xlsx: `None`, at
    // once.
    let (workbook, merges) = std::thread::scope(|scope| {
        let scan = scope.spawn(|| {
            std::panic::catch_unwind(|| merges::by_sheet(bytes))
                .ok()
                .flatten()
        });
        let workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes));
        (workbook, scan.join().ok().flatten())
    });
    let workbook = workbook.map_err(|e| ErrorKind::NotASpreadsheet {
        file: file.into(),
        reason: format!("工作簿已损坏或不完整，可能是下载或拷贝时中断（{e}）"),
    })?;
    let names = workbook.sheet_names();
    let mut workbook = match workbook {
        calamine::Sheets::Xlsx(xlsx) => {
            return xlsx::open_xlsx(file, merges, names, Box::new(xlsx))
        }
        other => other,
    };
    let mut sheets = Vec::new();
    for name in &names {
        let range = workbook
            .worksheet_range(name)
            .map_err(|e| unreadable_sheet(file, name, e))?;
        let first_row = range.start().map_or(0, |(row, _)| row);
        let first_col = range.start().map_or(0, |(_, col)| col) as usize;
        let merged = merged_regions(&mut workbook, name);
        let mut guard = Guard::new(file);
        guard.merged(name, &merged)?;
        let mut rows: Vec<Vec<Cell>> = range
            .rows()
            .map(|row| {
                // Keep columns aligned with Excel's: pad the columns left of the range.
                let mut cells = vec![Cell::Empty; first_col];
                cells.extend(row.iter().map(Cell::from));
                cells
            })
            .collect();
        MergeFiller::fill_sheet(&merged, first_row, &mut rows);
        for (i, row) in rows.iter().enumerate() {
            guard.row(name, u64::from(first_row) + i as u64 + 1, row)?;
        }
        sheets.push(Sheet {
            name: name.clone(),
            first_row,
            rows,
        });
    }
    let heads = sheets
        .iter()
        .map(|s| SheetHead {
            sheet: Sheet {
                rows: s.rows.iter().take(HEAD_ROWS).cloned().collect(),
                ..s.clone_empty()
            },
            complete: s.rows.len() <= HEAD_ROWS,
            estimated_rows: Some(s.rows.len() as u64),
        })
        .collect();
    let guard = Guard::new(file);
    Ok(Opened {
        heads,
        rows: RowSource {
            file: file.into(),
            names,
            inner: Inner::Whole(sheets),
            guard,
        },
    })
}

impl Sheet {
    fn clone_empty(&self) -> Sheet {
        Sheet {
            name: self.name.clone(),
            first_row: self.first_row,
            rows: Vec::new(),
        }
    }
}

/// The merged cell regions of a sheet, where the format records them.
fn merged_regions<RS: std::io::Read + std::io::Seek>(
    workbook: &mut calamine::Sheets<RS>,
    sheet: &str,
) -> Vec<calamine::Dimensions> {
    match workbook {
        calamine::Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
        calamine::Sheets::Xls(x) => x.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
        _ => Vec::new(),
    }
}
