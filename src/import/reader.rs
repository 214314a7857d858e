//! Reads a file into sheets of cells: workbooks through calamine, CSV and text files
//! with their encoding and delimiter detected.
//!
//! The format is recognised from the content, not the name, so a workbook saved with the
//! wrong extension still opens and a text file named .xlsx is refused clearly.

use std::io::Cursor;

use calamine::Reader;

use super::cell::Cell;
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

/// Reads every sheet of `bytes`; `file` is the name used in messages.
pub fn read_sheets(file: &str, bytes: &[u8]) -> Result<Vec<Sheet>> {
    if bytes.is_empty() {
        return Err(ErrorKind::EmptyFile { file: file.into() }.into());
    }
    if is_encrypted_office_file(bytes) {
        Err(ErrorKind::PasswordProtected { file: file.into() }.into())
    } else if is_workbook(bytes) {
        // calamine must never take the app down: a panic on a malformed file becomes a
        // clear refusal of that file.
        std::panic::catch_unwind(|| read_workbook(file, bytes)).unwrap_or_else(|_| {
            Err(ErrorKind::NotASpreadsheet { file: file.into(), reason: "工作簿内部结构损坏，无法读取".into() }.into())
        })
    } else if has_workbook_extension(file) {
        Err(ErrorKind::NotASpreadsheet {
            file: file.into(),
            reason: "扩展名是工作簿，但内容不是 Excel/WPS/ODS 工作簿".into(),
        }
        .into())
    } else if looks_like_text(bytes) {
        Ok(vec![read_delimited(file, bytes)])
    } else {
        Err(ErrorKind::NotASpreadsheet {
            file: file.into(),
            reason: "既不是 Excel/WPS/ODS 工作簿，也不是文本表格".into(),
        }
        .into())
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

fn read_workbook(file: &str, bytes: &[u8]) -> Result<Vec<Sheet>> {
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        ErrorKind::NotASpreadsheet {
            file: file.into(),
            reason: format!("工作簿已损坏或不完整，可能是下载或拷贝时中断（{e}）"),
        }
    })?;
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| ErrorKind::NotASpreadsheet {
                file: file.into(),
                reason: format!("工作表“{name}”无法读取：{e}"),
            })?;
        let first_row = range.start().map_or(0, |(row, _)| row);
        let first_col = range.start().map_or(0, |(_, col)| col) as usize;
        let merged = merged_regions(&mut workbook, &name);
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
        sheets.push(Sheet {
            name,
            first_row,
            rows,
        });
    }
    Ok(sheets)
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
        let Some(top_index) = top.checked_sub(first_row).map(|r| r as usize) else { continue };
        let Some(value) = rows.get(top_index).and_then(|r| r.get(left)).cloned() else { continue };
        // Regions can be declared far beyond the data; stop at the rows that exist.
        let bottom = (region.end.0.saturating_sub(first_row) as usize).min(rows.len().saturating_sub(1));
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
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
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

fn read_delimited(file: &str, bytes: &[u8]) -> Sheet {
    let text = decode_text(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(detect_delimiter(&text))
        .from_reader(text.as_bytes());
    let rows = reader
        .records()
        // A malformed quote only spoils its own record; keep reading the rest.
        .map(|record| match record {
            Ok(r) => r.iter().map(|f| Cell::Text(f.to_string())).collect(),
            Err(_) => Vec::new(),
        })
        .collect();
    let name = std::path::Path::new(file)
        .file_stem()
        .map_or_else(|| file.to_string(), |s| s.to_string_lossy().into_owned());
    Sheet {
        name,
        first_row: 0,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
