//! Reads a file into sheets of cells: workbooks through calamine, CSV and text files
//! with their encoding and delimiter detected.
//!
//! The format is recognised from the content, not the name, so a workbook saved with the
//! wrong extension still opens and a text file named .xlsx is refused clearly.
//!
//! Every format gives the same two things: the first [`HEAD_ROWS`] rows of each sheet
//! ([`Opened::heads`]), enough to find the header and guess the list, then the rows one
//! at a time ([`RowSource::stream`]). The parts:
//!
//! - [`format`] tells what the bytes are (the one place with file signatures).
//! - [`xlsx`] streams an xlsx through calamine's cell reader.
//! - [`workbook`] reads the older formats (.xls, .xlsb, .ods) whole.
//! - [`text`] reads CSV and other delimited text in its detected encoding.
//! - [`merge_fill`] copies merged regions' values into the cells they cover, for all.
//!
//! calamine must never take the app down: a panic inside it on a malformed file is
//! caught here and becomes a clear refusal of that file.

pub mod format;
mod merge_fill;
mod text;
mod workbook;
mod xlsx;

use std::io::Cursor;
use std::panic::AssertUnwindSafe;

use calamine::{Dimensions, Xlsx};
use encoding_rs::Encoding;

use self::format::Detected;
use super::cell::Cell;
use super::limits::{self, Guard};
use crate::{ErrorKind, Result};

/// One sheet's cells. `first_row` is the 0-based row of `rows[0]` in the sheet.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub first_row: u32,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    /// The row number Excel shows for `rows[index]`.
    pub fn excel_row(&self, index: usize) -> u32 {
        self.first_row + index as u32 + 1
    }
}

/// Rows of each sheet read before import decides anything: the header search's rows
/// ([`super::header`] looks at the first 30) plus the sub-header row below the last one.
pub const HEAD_ROWS: usize = 32;

/// The first rows of a sheet, enough to find its header and guess the list.
#[derive(Debug, Clone)]
pub struct SheetHead {
    /// The sheet with at most [`HEAD_ROWS`] rows.
    pub sheet: Sheet,
    /// True when `sheet` holds every row of the sheet.
    pub complete: bool,
    /// How many rows the sheet has, when the format says (an xlsx's declared dimensions).
    pub estimated_rows: Option<u64>,
}

/// A file opened for import: the heads of its sheets, and its rows to stream afterwards.
pub struct Opened<'b> {
    pub heads: Vec<SheetHead>,
    pub rows: RowSource<'b>,
}

/// Streams the rows of a file's sheets, one row at a time, without holding a whole sheet:
/// xlsx through calamine's cell reader, text through the csv reader. The old formats
/// (.xls, .xlsb, .ods), small by nature, are read whole.
pub struct RowSource<'b> {
    file: String,
    names: Vec<String>,
    inner: Inner<'b>,
    /// Counts what streams, across all sheets, against [`limits`].
    guard: Guard,
}

enum Inner<'b> {
    Xlsx {
        workbook: Box<Xlsx<Cursor<&'b [u8]>>>,
        merged: Vec<Vec<Dimensions>>,
    },
    Whole(Vec<Sheet>),
    Text {
        bytes: &'b [u8],
        encoding: Option<&'static Encoding>,
        delimiter: u8,
    },
}

/// Reads every sheet of `bytes` whole; `file` is the name used in messages.
pub fn read_sheets(file: &str, bytes: &[u8]) -> Result<Vec<Sheet>> {
    let Opened { heads, mut rows } = open(file, bytes)?;
    heads
        .into_iter()
        .enumerate()
        .map(|(index, head)| {
            if head.complete {
                return Ok(head.sheet);
            }
            let mut all = Vec::new();
            rows.stream(index, &mut |_, row| {
                all.push(row);
                true
            })?;
            Ok(Sheet {
                rows: all,
                ..head.sheet
            })
        })
        .collect()
}

/// Opens `bytes` and reads the first rows of every sheet; `file` is the name used in messages.
pub fn open<'b>(file: &str, bytes: &'b [u8]) -> Result<Opened<'b>> {
    if bytes.is_empty() {
        return Err(ErrorKind::EmptyFile { file: file.into() }.into());
    }
    // Before calamine allocates anything: sizes, ratios and declarations within limits.
    limits::check_container(file, bytes)?;
    match format::detect(file, bytes) {
        Detected::PasswordProtected => {
            Err(ErrorKind::PasswordProtected { file: file.into() }.into())
        }
        Detected::Workbook => {
            std::panic::catch_unwind(AssertUnwindSafe(|| workbook::open_workbook(file, bytes)))
                .unwrap_or_else(|_| Err(corrupt(file)))
        }
        Detected::NotAWorkbook => Err(ErrorKind::NotASpreadsheet {
            file: file.into(),
            reason: "扩展名是工作簿，但内容不是 Excel/WPS/ODS 工作簿".into(),
        }
        .into()),
        Detected::Text => text::open_text(file, bytes),
        Detected::Unrecognised => Err(ErrorKind::NotASpreadsheet {
            file: file.into(),
            reason: "既不是 Excel/WPS/ODS 工作簿，也不是文本表格".into(),
        }
        .into()),
    }
}

fn corrupt(file: &str) -> crate::Error {
    ErrorKind::NotASpreadsheet {
        file: file.into(),
        reason: "工作簿内部结构损坏，无法读取".into(),
    }
    .into()
}

fn unreadable_sheet(file: &str, name: &str, e: impl std::fmt::Display) -> crate::Error {
    ErrorKind::NotASpreadsheet {
        file: file.into(),
        reason: format!("工作表“{name}”无法读取：{e}"),
    }
    .into()
}

impl RowSource<'_> {
    /// Streams the rows of sheet `index` (in the order of [`Opened::heads`]) from its first
    /// row: `on_row` gets each row's index (as in [`Sheet::rows`]) and its cells, and returns
    /// false to stop early. A limit crossed ([`limits::Guard`]) stops it with that error.
    pub fn stream(
        &mut self,
        index: usize,
        on_row: &mut dyn FnMut(usize, Vec<Cell>) -> bool,
    ) -> Result<()> {
        let file = self.file.clone();
        let name = self.names.get(index).cloned().unwrap_or_default();
        let RowSource { inner, guard, .. } = self;
        match inner {
            Inner::Xlsx { workbook, merged } => {
                let merged = merged.get(index).map(Vec::as_slice).unwrap_or_default();
                std::panic::catch_unwind(AssertUnwindSafe(|| {
                    xlsx::stream_xlsx(workbook, &file, &name, merged, guard, on_row).map(|_| ())
                }))
                .unwrap_or_else(|_| Err(corrupt(&file)))
            }
            Inner::Whole(sheets) => {
                let first_row = u64::from(sheets[index].first_row);
                for (i, row) in sheets[index].rows.iter().enumerate() {
                    guard.row(&name, first_row + i as u64 + 1, row)?;
                    if !on_row(i, row.clone()) {
                        break;
                    }
                }
                Ok(())
            }
            Inner::Text {
                bytes,
                encoding,
                delimiter,
            } => text::stream_text(bytes, *encoding, *delimiter, &mut |i, row| {
                guard.row(&name, i as u64 + 1, &row)?;
                Ok(on_row(i, row))
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_text_named_as_a_workbook() {
        let err = read_sheets("notes.xlsx", b"just some notes").unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::NotASpreadsheet { .. }));
    }

    #[test]
    fn refuses_binary_that_is_not_a_workbook() {
        let err = read_sheets("random.xlsx", &[0u8, 159, 146, 150, 0, 1]).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::NotASpreadsheet { .. }));
    }

    #[test]
    fn refuses_a_broken_zip() {
        let err = read_sheets("truncated.xlsx", b"PK\x03\x04garbage").unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::NotASpreadsheet { .. }));
    }

    #[test]
    fn an_empty_file_is_empty() {
        let err = read_sheets("empty.csv", b"").unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::EmptyFile { .. }));
    }
}
