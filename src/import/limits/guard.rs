//! The streaming guard: counts what a file's rows hold while they stream and refuses the
//! first row, cell or set of merged regions that crosses a limit.
//!
//! Each check returns the refusal as an `Err`, so a reader stops with `?` where it
//! stands and the error names the sheet, row and column that crossed the limit.

use super::{
    short, too_large, MAX_CELLS, MAX_CELL_CHARS, MAX_COLUMNS, MAX_MERGED_CELLS, MAX_MERGED_REGIONS,
    MAX_ROWS, MAX_SHEET_ROWS,
};
use crate::import::cell::Cell;
use crate::Result;

/// Columns of one merged region counted at most, as [`crate::import::reader`] fills it.
const MAX_COUNTED_MERGE_WIDTH: u64 = 1001;

/// The rows and cells streamed so far from one file, all sheets together.
#[derive(Debug)]
pub struct Guard {
    file: String,
    rows: u64,
    cells: u64,
}

impl Guard {
    pub fn new(file: &str) -> Self {
        Guard {
            file: file.into(),
            rows: 0,
            cells: 0,
        }
    }

    fn exceeded(&self, reason: String) -> crate::Error {
        too_large(&self.file, reason)
    }

    /// A sheet's merged regions, before any is filled: how many, and how many cells they
    /// cover.
    pub fn merged(&self, sheet: &str, regions: &[calamine::Dimensions]) -> Result<()> {
        if regions.len() > MAX_MERGED_REGIONS {
            return Err(self.exceeded(format!(
                "工作表“{}”有 {} 个合并单元格区域，上限 {MAX_MERGED_REGIONS}；请取消多余的合并",
                short(sheet),
                regions.len()
            )));
        }
        let area: u64 = regions
            .iter()
            .map(|d| {
                let rows = u64::from(d.end.0.saturating_sub(d.start.0)) + 1;
                let cols =
                    (u64::from(d.end.1.saturating_sub(d.start.1)) + 1).min(MAX_COUNTED_MERGE_WIDTH);
                rows.min(MAX_SHEET_ROWS) * cols
            })
            .fold(0u64, u64::saturating_add);
        if area > MAX_MERGED_CELLS {
            return Err(self.exceeded(format!(
                "工作表“{}”的合并单元格共覆盖 {area} 个单元格，上限 {MAX_MERGED_CELLS}；请取消多余的合并",
                short(sheet)
            )));
        }
        Ok(())
    }

    /// A sheet row about to be read (0-based, as the file numbers it): within Excel's grid.
    pub fn row_index(&self, sheet: &str, row: u32) -> Result<()> {
        if u64::from(row) >= MAX_SHEET_ROWS {
            return Err(self.exceeded(format!(
                "工作表“{}”有第 {} 行，超过 Excel 的 {MAX_SHEET_ROWS} 行",
                short(sheet),
                u64::from(row) + 1
            )));
        }
        Ok(())
    }

    /// A cell about to be read: its column within [`MAX_COLUMNS`], its text within
    /// [`MAX_CELL_CHARS`]. Checked before the text is copied.
    pub fn cell(&self, sheet: &str, row: u32, col: u32, text: Option<&str>) -> Result<()> {
        if col as usize >= MAX_COLUMNS {
            return Err(self.exceeded(format!(
                "工作表“{}”第 {} 行第 {} 列有内容，上限 {MAX_COLUMNS} 列；请删去表格右侧多余的内容",
                short(sheet),
                u64::from(row) + 1,
                u64::from(col) + 1
            )));
        }
        if text.is_some_and(too_long) {
            return Err(self.exceeded(format!(
                "工作表“{}”第 {} 行第 {} 列的内容超过 {MAX_CELL_CHARS} 个字符（Excel 单元格的上限）",
                short(sheet),
                u64::from(row) + 1,
                u64::from(col) + 1
            )));
        }
        Ok(())
    }

    /// A row read, whatever the format: counts rows and cells, checks width and texts.
    /// `row` is the 1-based row number shown to the user.
    pub fn row(&mut self, sheet: &str, row: u64, cells: &[Cell]) -> Result<()> {
        self.rows += 1;
        if self.rows > MAX_ROWS {
            return Err(self.exceeded(format!(
                "超过 {MAX_ROWS} 行；请把名单拆分成几个文件后再导入"
            )));
        }
        if cells.len() > MAX_COLUMNS {
            return Err(self.exceeded(format!(
                "工作表“{}”第 {row} 行有 {} 列，上限 {MAX_COLUMNS} 列；请删去表格右侧多余的内容",
                short(sheet),
                cells.len()
            )));
        }
        for (col, cell) in cells.iter().enumerate() {
            match cell {
                Cell::Empty => continue,
                Cell::Text(s) if too_long(s) => {
                    return Err(self.exceeded(format!(
                        "工作表“{}”第 {row} 行第 {} 列的内容超过 {MAX_CELL_CHARS} 个字符（Excel 单元格的上限）",
                        short(sheet),
                        col + 1
                    )))
                }
                _ => self.cells += 1,
            }
        }
        if self.cells > MAX_CELLS {
            return Err(self.exceeded(format!(
                "超过 {MAX_CELLS} 个单元格；请把名单拆分成几个文件后再导入"
            )));
        }
        Ok(())
    }
}

fn too_long(s: &str) -> bool {
    // A character is one to four bytes in UTF-8: count only when the bytes leave doubt.
    s.len() > MAX_CELL_CHARS && (s.len() > 4 * MAX_CELL_CHARS || s.chars().count() > MAX_CELL_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn counts_characters_not_bytes() {
        assert!(!too_long(&"陈".repeat(MAX_CELL_CHARS)));
        assert!(too_long(&"陈".repeat(MAX_CELL_CHARS + 1)));
        assert!(too_long(&"a".repeat(MAX_CELL_CHARS + 1)));
    }

    #[test]
    fn the_guard_stops_at_a_long_cell() {
        let mut guard = Guard::new("x.csv");
        assert!(guard.row("x", 1, &[Cell::Text("陈大文".into())]).is_ok());
        let err = guard
            .row("x", 2, &[Cell::Text("a".repeat(40_000).into())])
            .unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::TooLarge { .. }));
        assert!(err.to_string().contains("第 2 行第 1 列"), "{err}");
    }

    #[test]
    fn a_row_wider_than_the_limit_is_an_error() {
        let mut guard = Guard::new("wide.csv");
        let wide = vec![Cell::Text("x".into()); MAX_COLUMNS + 1];
        let err = guard.row("wide", 7, &wide).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::TooLarge { .. }));
        assert!(err.to_string().contains("第 7 行有 1025 列"), "{err}");
        assert!(guard.row("wide", 8, &wide[..MAX_COLUMNS]).is_ok());
    }

    #[test]
    fn a_cell_beyond_the_grid_is_an_error_before_it_is_read() {
        let guard = Guard::new("far.xlsx");
        assert!(guard.row_index("Sheet1", 1_048_575).is_ok());
        let err = guard.row_index("Sheet1", 1_048_576).unwrap_err();
        assert!(err.to_string().contains("第 1048577 行"), "{err}");
        assert!(guard.cell("Sheet1", 0, 1_023, Some("ok")).is_ok());
        let err = guard.cell("Sheet1", 0, 1_024, None).unwrap_err();
        assert!(err.to_string().contains("第 1 行第 1025 列"), "{err}");
    }

    #[test]
    fn merged_regions_covering_too_much_are_an_error() {
        let guard = Guard::new("merged.xlsx");
        let region = |rows: u32, cols: u32| calamine::Dimensions {
            start: (0, 0),
            end: (rows - 1, cols - 1),
        };
        assert!(guard.merged("Sheet1", &[region(1_000, 10)]).is_ok());
        // 1,048,576 rows × 1,001 counted columns, one region: over 50 million cells.
        let err = guard
            .merged("Sheet1", &[region(1_048_576, 16_384)])
            .unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::TooLarge { .. }));
        assert!(err.to_string().contains("合并单元格共覆盖"), "{err}");
        let many = vec![region(1, 1); MAX_MERGED_REGIONS + 1];
        assert!(guard.merged("Sheet1", &many).is_err());
    }
}
