//! Reads a file into sheets of cells: workbooks through calamine, CSV and text files
//! with their encoding and delimiter detected.
//!
//! The format is recognised from the content, not the name, so a workbook saved with the
//! wrong extension still opens and a text file named .xlsx is refused clearly.

use std::io::{Cursor, Read, Seek};
use std::panic::AssertUnwindSafe;

use calamine::{DataRef, Dimensions, Reader, Xlsx, XlsxError};
use encoding_rs::Encoding;

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
    open_with(file, bytes, None)
}

/// [`open`], with an xlsx's merged regions already found ([`super::merges::by_sheet`]),
/// as a multi-file import does on another thread while the file before is stored.
pub fn open_with<'b>(
    file: &str,
    bytes: &'b [u8],
    merges: Option<super::merges::BySheet>,
) -> Result<Opened<'b>> {
    if bytes.is_empty() {
        return Err(ErrorKind::EmptyFile { file: file.into() }.into());
    }
    // Before calamine allocates anything: sizes, ratios and declarations within limits.
    limits::check_container(file, bytes)?;
    if is_encrypted_office_file(bytes) {
        Err(ErrorKind::PasswordProtected { file: file.into() }.into())
    } else if is_workbook(bytes) {
        // calamine must never take the app down: a panic on a malformed file becomes a
        // clear refusal of that file.
        std::panic::catch_unwind(AssertUnwindSafe(|| open_workbook(file, bytes, merges)))
            .unwrap_or_else(|_| Err(corrupt(file)))
    } else if has_workbook_extension(file) {
        Err(ErrorKind::NotASpreadsheet {
            file: file.into(),
            reason: "扩展名是工作簿，但内容不是 Excel/WPS/ODS 工作簿".into(),
        }
        .into())
    } else if looks_like_text(bytes) {
        open_text(file, bytes)
    } else {
        Err(ErrorKind::NotASpreadsheet {
            file: file.into(),
            reason: "既不是 Excel/WPS/ODS 工作簿，也不是文本表格".into(),
        }
        .into())
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
    /// false to stop early.
    pub fn stream(
        &mut self,
        index: usize,
        on_row: &mut dyn FnMut(usize, Vec<Cell>) -> bool,
    ) -> Result<()> {
        let file = self.file.clone();
        let name = self.names.get(index).cloned().unwrap_or_default();
        let RowSource { inner, guard, .. } = self;
        let streamed = match inner {
            Inner::Xlsx { workbook, merged } => {
                let merged = merged.get(index).map(Vec::as_slice).unwrap_or_default();
                let read = std::panic::catch_unwind(AssertUnwindSafe(|| {
                    stream_xlsx(workbook, &name, merged, guard, on_row)
                }));
                match read {
                    Ok(Ok(_)) => Ok(()),
                    Ok(Err(e)) => Err(unreadable_sheet(&file, &name, e)),
                    Err(_) => Err(corrupt(&file)),
                }
            }
            Inner::Whole(sheets) => {
                let first_row = u64::from(sheets[index].first_row);
                for (i, row) in sheets[index].rows.iter().enumerate() {
                    if !guard.row(&name, first_row + i as u64 + 1, row) || !on_row(i, row.clone()) {
                        break;
                    }
                }
                Ok(())
            }
            Inner::Text {
                bytes,
                encoding,
                delimiter,
            } => {
                stream_text(bytes, *encoding, *delimiter, &mut |i, row| {
                    guard.row(&name, i as u64 + 1, &row) && on_row(i, row)
                });
                Ok(())
            }
        };
        match guard.take_exceeded() {
            Some(e) => Err(e),
            None => streamed,
        }
    }
}

/// Zip (xlsx, xlsm, xlsb, ods, WPS .et saved as xlsx) or OLE2 (xls) signatures.
fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// A password-protected xlsx is an OLE2 container holding an "EncryptedPackage" stream.
fn is_encrypted_office_file(bytes: &[u8]) -> bool {
    const MARKER: &[u8] = b"E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
    bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) && bytes.windows(MARKER.len()).any(|w| w == MARKER)
}

/// A name that promises a workbook: its content must then be one.
fn has_workbook_extension(file: &str) -> bool {
    let ext = std::path::Path::new(file)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    matches!(
        ext.as_str(),
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" | "et"
    )
}

fn open_workbook<'b>(
    file: &str,
    bytes: &'b [u8],
    merges: Option<super::merges::BySheet>,
) -> Result<Opened<'b>> {
    let workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        ErrorKind::NotASpreadsheet {
            file: file.into(),
            reason: format!("工作簿已损坏或不完整，可能是下载或拷贝时中断（{e}）"),
        }
    })?;
    let names = workbook.sheet_names();
    let mut workbook = match workbook {
        calamine::Sheets::Xlsx(xlsx) => {
            return open_xlsx(file, bytes, merges, names, Box::new(xlsx))
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
        if !guard.merged(name, &merged) {
            return Err(guard.take_exceeded().expect("a limit was crossed"));
        }
        let mut rows: Vec<Vec<Cell>> = range
            .rows()
            .map(|row| {
                // Keep columns aligned with Excel's: pad the columns left of the range.
                let mut cells = vec![Cell::Empty; first_col];
                cells.extend(row.iter().map(Cell::from));
                cells
            })
            .collect();
        fill_merged(&mut rows, first_row, &merged);
        for (i, row) in rows.iter().enumerate() {
            if !guard.row(name, u64::from(first_row) + i as u64 + 1, row) {
                return Err(guard.take_exceeded().expect("a limit was crossed"));
            }
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

/// An xlsx: the first rows of each sheet now, the rest streamed later.
fn open_xlsx<'b>(
    file: &str,
    bytes: &[u8],
    merges: Option<super::merges::BySheet>,
    names: Vec<String>,
    mut workbook: Box<Xlsx<Cursor<&'b [u8]>>>,
) -> Result<Opened<'b>> {
    let mut heads = Vec::new();
    let mut merged = Vec::new();
    let mut guard = Guard::new(file);
    // Found without a second parse of each sheet where the package allows (see merges).
    let mut scanned = merges.or_else(|| super::merges::by_sheet(bytes));
    for name in &names {
        let regions = match scanned.as_mut().and_then(|m| m.remove(name)) {
            Some(regions) => regions,
            None => workbook.merge_cells_by_sheet_name(name).unwrap_or_default(),
        };
        if !guard.merged(name, &regions) {
            return Err(guard.take_exceeded().expect("a limit was crossed"));
        }
        let mut rows = Vec::new();
        let mut more = false;
        let (first_row, estimated_rows) =
            stream_xlsx(&mut workbook, name, &regions, &mut guard, &mut |_, row| {
                if rows.len() < HEAD_ROWS {
                    rows.push(row);
                    true
                } else {
                    more = true;
                    false
                }
            })
            .map_err(|e| unreadable_sheet(file, name, e))?;
        if let Some(e) = guard.take_exceeded() {
            return Err(e);
        }
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
/// declares.
fn stream_xlsx<RS: Read + Seek>(
    workbook: &mut Xlsx<RS>,
    name: &str,
    merged: &[Dimensions],
    guard: &mut Guard,
    on_row: &mut dyn FnMut(usize, Vec<Cell>) -> bool,
) -> std::result::Result<(u32, Option<u64>), XlsxError> {
    let mut reader = match workbook.worksheet_cells_reader(name) {
        Ok(reader) => reader,
        // A chart sheet: no cells.
        Err(XlsxError::NotAWorksheet(_)) => return Ok((0, None)),
        Err(e) => return Err(e),
    };
    let dims = reader.dimensions();
    let estimated_rows = (dims.end.0 >= dims.start.0 && dims.end != (0, 0))
        .then(|| u64::from(dims.end.0 - dims.start.0 + 1));
    let mut filler = MergeFiller::new(merged);
    let mut first_row: Option<u32> = None;
    let mut current_row = 0u32;
    let mut current: Vec<Cell> = Vec::new();
    let mut emit =
        |first: u32, r: u32, mut row: Vec<Cell>, filler: &mut MergeFiller, guard: &mut Guard| {
            filler.fill(first, r, &mut row);
            guard.row(name, u64::from(r) + 1, &row) && on_row((r - first) as usize, row)
        };
    while let Some(cell) = reader.next_cell()? {
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
        if !guard.row_index(name, r) || !guard.cell(name, r, c, text) {
            return Ok((first_row.unwrap_or(r), estimated_rows));
        }
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
            ) {
                return Ok((first, estimated_rows));
            }
            for blank in current_row + 1..r {
                if !emit(first, blank, Vec::new(), &mut filler, guard) {
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
        emit(first, current_row, current, &mut filler, guard);
    }
    Ok((first_row.unwrap_or(0), estimated_rows))
}

/// A cell as [`Cell::from`] reads calamine's owned value, without the intermediate copy.
fn cell_of(value: &DataRef<'_>) -> Cell {
    match value {
        DataRef::SharedString(s) => Cell::Text((*s).to_string()),
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::Empty => Cell::Empty,
        other => Cell::from(&calamine::Data::from(other.clone())),
    }
}

/// Fills merged regions into streamed rows, as [`fill_merged`] does for a whole sheet:
/// a region's top-left value is taken when its top row passes and copied into each row
/// it covers until its bottom.
struct MergeFiller {
    /// Regions not reached yet, the lowest top row last.
    pending: Vec<Dimensions>,
    active: Vec<(Dimensions, Cell)>,
}

impl MergeFiller {
    fn new(merged: &[Dimensions]) -> Self {
        let mut pending = merged.to_vec();
        // Stable: regions sharing a top row keep the file's order.
        pending.reverse();
        pending.sort_by_key(|region| std::cmp::Reverse(region.start.0));
        Self {
            pending,
            active: Vec::new(),
        }
    }

    fn fill(&mut self, first_row: u32, r: u32, row: &mut Vec<Cell>) {
        if self.pending.is_empty() && self.active.is_empty() {
            return;
        }
        while self.pending.last().is_some_and(|d| d.start.0 <= r) {
            let region = self.pending.pop().expect("checked");
            // Regions above the sheet's first row have no value to copy.
            if region.start.0 < first_row || region.start.0 != r {
                continue;
            }
            if let Some(value) = row.get(region.start.1 as usize).cloned() {
                self.active.push((region, value));
            }
        }
        for (region, value) in &self.active {
            let left = region.start.1 as usize;
            let right = (region.end.1 as usize).min(left + 1000);
            if right < left {
                continue;
            }
            if row.len() <= right {
                row.resize(right + 1, Cell::Empty);
            }
            for cell in &mut row[left..=right] {
                *cell = value.clone();
            }
        }
        self.active.retain(|(region, _)| region.end.0 > r);
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

/// Copies each merged region's value into every cell it covers, as a reader sees it: a
/// township merged down twenty rows belongs to all twenty people, and a group title
/// merged across columns heads each of them.
fn fill_merged(rows: &mut [Vec<Cell>], first_row: u32, merged: &[calamine::Dimensions]) {
    for region in merged {
        let (top, left) = (region.start.0, region.start.1 as usize);
        let Some(top_index) = top.checked_sub(first_row).map(|r| r as usize) else {
            continue;
        };
        let Some(value) = rows.get(top_index).and_then(|r| r.get(left)).cloned() else {
            continue;
        };
        // Regions can be declared far beyond the data; stop at the rows that exist.
        let bottom =
            (region.end.0.saturating_sub(first_row) as usize).min(rows.len().saturating_sub(1));
        let right = (region.end.1 as usize).min(left + 1000);
        for row in rows.iter_mut().take(bottom + 1).skip(top_index) {
            if row.len() <= right {
                row.resize(right + 1, Cell::Empty);
            }
            for cell in &mut row[left..=right] {
                *cell = value.clone();
            }
        }
    }
}

/// Text files have no NUL bytes, except UTF-16 ones, which start with a BOM.
fn looks_like_text(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    encoding_rs::Encoding::for_bom(head).is_some() || !head.contains(&0)
}

/// Decodes UTF-8 (with or without BOM), UTF-16 with BOM, or else GB18030 (a superset of
/// GBK, what Chinese Excel writes when it saves CSV).
pub fn decode_text(bytes: &[u8]) -> String {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(&bytes[bom_len..])
            .0
            .into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) if mostly_utf8(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// True for UTF-8 text with a few broken sequences (a cell pasted from elsewhere): read
/// as UTF-8 with those replaced by U+FFFD, which the import reports by row and column.
/// A GBK file read as UTF-8 breaks at nearly every Chinese character instead.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut rest, mut broken, mut good) = (bytes, 0usize, 0usize);
    loop {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                good += text.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                good += std::str::from_utf8(valid)
                    .map_or(0, |t| t.chars().filter(|c| !c.is_ascii()).count());
                broken += 1;
                if broken > 100 {
                    return false;
                }
                rest = &after[e.error_len().unwrap_or(after.len()).min(after.len())..];
            }
        }
    }
    good >= 20 * broken
}

/// The delimiter that splits the first lines most consistently: comma, tab or semicolon.
fn detect_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    [b',', b'\t', b';']
        .into_iter()
        .max_by_key(|&d| {
            let counts: Vec<usize> = lines
                .iter()
                .map(|l| l.bytes().filter(|&b| b == d).count())
                .collect();
            let max = counts.iter().copied().max().unwrap_or(0);
            // Lines that share the most common count: a real delimiter splits every row alike.
            let agreeing = counts.iter().filter(|&&c| c == max && c > 0).count();
            (agreeing, max)
        })
        .unwrap_or(b',')
}

/// A text file: the first rows now, every row streamed later.
fn open_text<'b>(file: &str, bytes: &'b [u8]) -> Result<Opened<'b>> {
    // UTF-8 (with or without BOM), UTF-16 with BOM, or else GB18030, as [`decode_text`].
    let encoding = match Encoding::for_bom(bytes) {
        Some((encoding, _)) => Some(encoding),
        None if std::str::from_utf8(bytes).is_ok() => None,
        None if mostly_utf8(bytes) => Some(encoding_rs::UTF_8),
        None => Some(encoding_rs::GB18030),
    };
    let delimiter = detect_delimiter(&head_text(bytes, encoding));
    let name = std::path::Path::new(file)
        .file_stem()
        .map_or_else(|| file.to_string(), |s| s.to_string_lossy().into_owned());
    let mut rows = Vec::new();
    let mut more = false;
    let mut guard = Guard::new(file);
    stream_text(bytes, encoding, delimiter, &mut |i, row| {
        if !guard.row(&name, i as u64 + 1, &row) {
            return false;
        }
        if rows.len() < HEAD_ROWS {
            rows.push(row);
            true
        } else {
            more = true;
            false
        }
    });
    // Lines are a fair estimate of records (a quoted field may hold a line break).
    if let Some(e) = guard.take_exceeded() {
        return Err(e);
    }
    let lines =
        bytes.iter().filter(|&&b| b == b'\n').count() as u64 + u64::from(!bytes.ends_with(b"\n"));
    Ok(Opened {
        heads: vec![SheetHead {
            sheet: Sheet {
                name: name.clone(),
                first_row: 0,
                rows,
            },
            complete: !more,
            estimated_rows: Some(lines),
        }],
        rows: RowSource {
            file: file.into(),
            names: vec![name],
            inner: Inner::Text {
                bytes,
                encoding,
                delimiter,
            },
            guard: Guard::new(file),
        },
    })
}

/// Enough decoded text from the start of the file to tell the delimiter: the same first
/// lines [`detect_delimiter`] would see in the whole text.
fn head_text(bytes: &[u8], encoding: Option<&'static Encoding>) -> String {
    let mut len = 64 * 1024;
    loop {
        let prefix = &bytes[..len.min(bytes.len())];
        let whole = prefix.len() == bytes.len();
        let text = match encoding {
            None => {
                let valid =
                    std::str::from_utf8(prefix).map_or_else(|e| e.valid_up_to(), |s| s.len());
                String::from_utf8_lossy(&prefix[..valid]).into_owned()
            }
            Some(encoding) => {
                let skip = Encoding::for_bom(prefix).map_or(0, |(_, len)| len);
                encoding
                    .decode_without_bom_handling(&prefix[skip..])
                    .0
                    .into_owned()
            }
        };
        if whole {
            return text;
        }
        // Only whole lines: the last one may be cut.
        let complete = &text[..text.rfind('\n').map_or(0, |i| i + 1)];
        if complete.lines().filter(|l| !l.trim().is_empty()).count() >= 20 {
            return complete.to_string();
        }
        len *= 4;
    }
}

/// Reads `bytes` in `encoding` (none: UTF-8 as is) as delimited records, one row each.
fn stream_text(
    bytes: &[u8],
    encoding: Option<&'static Encoding>,
    delimiter: u8,
    on_row: &mut dyn FnMut(usize, Vec<Cell>) -> bool,
) {
    let input: Box<dyn Read + '_> = match encoding {
        None => Box::new(bytes),
        Some(encoding) => {
            let skip = Encoding::for_bom(bytes).map_or(0, |(_, len)| len);
            Box::new(DecodeReader {
                decoder: encoding.new_decoder_without_bom_handling(),
                input: &bytes[skip..],
                out: String::new(),
                pos: 0,
                done: false,
            })
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .buffer_capacity(256 * 1024)
        .from_reader(input);
    let mut record = csv::StringRecord::new();
    let mut index = 0;
    loop {
        let row = match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => record.iter().map(|f| Cell::Text(f.to_string())).collect(),
            // A malformed quote only spoils its own record; keep reading the rest.
            Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_)) => break,
            Err(_) => Vec::new(),
        };
        if !on_row(index, row) {
            break;
        }
        index += 1;
    }
}

/// Decodes bytes to UTF-8 as they are read, so a GBK file is never decoded whole.
struct DecodeReader<'b> {
    decoder: encoding_rs::Decoder,
    input: &'b [u8],
    out: String,
    pos: usize,
    done: bool,
}

impl Read for DecodeReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if self.pos < self.out.len() {
                let n = buf.len().min(self.out.len() - self.pos);
                buf[..n].copy_from_slice(&self.out.as_bytes()[self.pos..self.pos + n]);
                self.pos += n;
                return Ok(n);
            }
            if self.done {
                return Ok(0);
            }
            self.out.clear();
            self.pos = 0;
            let chunk = self.input.len().min(256 * 1024);
            let last = chunk == self.input.len();
            let room = self
                .decoder
                .max_utf8_buffer_length(chunk)
                .unwrap_or(4 * chunk + 16);
            self.out.reserve(room);
            let (result, read, _) =
                self.decoder
                    .decode_to_string(&self.input[..chunk], &mut self.out, last);
            self.input = &self.input[read..];
            if last && result == encoding_rs::CoderResult::InputEmpty {
                self.done = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_broken_sequence_keeps_a_utf8_file_utf8() {
        let mut bytes = "姓名,身份证号\n".as_bytes().to_vec();
        for _ in 0..20 {
            bytes.extend_from_slice(
                "陈大文,11010519491231002X\n林小红,110105194912310021\n".as_bytes(),
            );
        }
        bytes.extend_from_slice("黄志强,备注".as_bytes());
        bytes.extend_from_slice(&[0xFF]);
        bytes.extend_from_slice("在此\n".as_bytes());
        let text = decode_text(&bytes);
        assert!(
            text.contains("陈大文") && text.contains("林小红") && text.contains('\u{FFFD}'),
            "{text}"
        );
        let gbk = encoding_rs::GBK
            .encode("姓名,身份证号\n陈大文,11010519491231002X\n")
            .0;
        assert!(
            decode_text(&gbk).contains("陈大文"),
            "a GBK file is still read as GBK"
        );
    }

    #[test]
    fn decodes_gbk_csv() {
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名,身份证号\n陈大文,1\n");
        let sheets = read_sheets("gbk.csv", &gbk).unwrap();
        assert_eq!(sheets[0].rows[1][0], Cell::Text("陈大文".into()));
    }

    #[test]
    fn strips_a_utf8_bom_and_detects_tabs() {
        let bytes = "\u{feff}姓名\t身份证号\n陈大文\t1\n".as_bytes();
        let sheets = read_sheets("bom.txt", bytes).unwrap();
        assert_eq!(sheets[0].rows[0][0], Cell::Text("姓名".into()));
        assert_eq!(sheets[0].rows[1][1], Cell::Text("1".into()));
    }

    #[test]
    fn detects_semicolons() {
        let sheets = read_sheets("x.csv", "a;b;c\n1;2,5;3\n".as_bytes()).unwrap();
        assert_eq!(sheets[0].rows[1].len(), 3);
    }

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
