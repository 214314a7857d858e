//! Limits that keep a hostile or broken file from taking the machine down.
//!
//! A spreadsheet arrives from many hands. Before calamine allocates anything for a
//! workbook, [`check_container`] reads the zip's central directory and the first bytes of
//! the parts calamine sizes its buffers from, and refuses a file that declares more than
//! any real list needs (a zip bomb, two billion shared strings, a DTD). While rows stream,
//! [`Guard`] counts rows, columns and characters. Every refusal is a
//! [`ErrorKind::TooLarge`] naming the file, what is wrong and what to do.
//!
//! The limits are generous for the largest real case: a county of 1.5 million residents
//! sends a household list of about 1.5M rows, ~90 MB as xlsx, ~450 MB of sheet XML, or
//! ~300 MB as CSV.
//!
//! The parts: [`zip_scan`] checks a zip's directory and sizes, [`xml_part`] the
//! declarations at the head of each XML part, [`cfb`] an OLE2 (.xls) container's sector
//! chains and sheet dimensions, [`guard`] what streams.

mod cfb;
mod guard;
mod xml_part;
mod zip_scan;

pub use guard::Guard;

use crate::import::reader::format;
use crate::{ErrorKind, Result};

/// Largest file read at all (it is read into memory whole).
pub const MAX_FILE_BYTES: u64 = 1 << 30;
/// Entries in a workbook's zip; real workbooks have tens, with pictures a few hundred.
pub const MAX_ZIP_ENTRIES: usize = 10_000;
/// Total uncompressed size the zip declares for all its entries.
pub const MAX_UNCOMPRESSED_BYTES: u64 = 4 << 30;
/// Uncompressed size above which an entry's compression ratio is checked.
pub const RATIO_CHECKED_ABOVE: u64 = 1 << 20;
/// Largest compression ratio of a large entry. Sheet XML compresses 5–20×, blank styled
/// cells up to ~100×; deflate's ceiling, which zip bombs reach, is ~1000×.
pub const MAX_RATIO: u64 = 250;
/// Strings a workbook's shared-string table may declare (`uniqueCount`): calamine reserves
/// room for them all before reading one.
pub const MAX_SHARED_STRINGS: u64 = 20_000_000;
/// Rows of one sheet: Excel's own maximum.
pub const MAX_SHEET_ROWS: u64 = 1_048_576;
/// Columns of one row. Excel allows 16,384; a list has tens. Rows are held a few
/// thousand at a time while they stream, so width is what bounds memory.
pub const MAX_COLUMNS: usize = 1_024;
/// Rows streamed from one file, all sheets together (blank rows included).
pub const MAX_ROWS: u64 = 5_000_000;
/// Non-empty cells in one file.
pub const MAX_CELLS: u64 = 200_000_000;
/// Merged regions of one sheet; real sheets have a few thousand at most.
pub const MAX_MERGED_REGIONS: usize = 100_000;
/// Cells merged regions cover, all together (each region counted at most 1,001 columns
/// wide, as import fills it): every covered cell is written once per row read.
pub const MAX_MERGED_CELLS: u64 = 50_000_000;
/// Characters in one cell: Excel's own maximum.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Decompressed bytes of a part read to find its declarations.
fn too_large(file: &str, reason: impl Into<String>) -> crate::Error {
    ErrorKind::TooLarge {
        file: file.into(),
        reason: reason.into(),
    }
    .into()
}

fn mib(bytes: u64) -> String {
    if bytes < 1 << 20 {
        format!("{bytes} 字节")
    } else if bytes >= 1 << 30 {
        format!("{:.1} GiB", bytes as f64 / (1u64 << 30) as f64)
    } else {
        format!("{:.1} MiB", bytes as f64 / (1u64 << 20) as f64)
    }
}

/// Refuses a file larger than [`MAX_FILE_BYTES`] before it is read.
pub fn check_file_size(file: &str, len: u64) -> Result<()> {
    if len > MAX_FILE_BYTES {
        return Err(too_large(
            file,
            format!("文件大小 {}，上限 {}", mib(len), mib(MAX_FILE_BYTES)),
        ));
    }
    Ok(())
}

/// Checks a workbook's container before calamine opens it: a zip (xlsx, xlsm, xlsb, ods)
/// for its entry count, declared and actual uncompressed sizes, compression ratios, the
/// shared-string count, declared sheet dimensions and DTDs; an OLE2 file (xls) for its
/// sector chains and declared dimensions. Anything not a readable container is left to
/// calamine, which refuses it as damaged.
pub fn check_container(file: &str, bytes: &[u8]) -> Result<()> {
    check_file_size(file, bytes.len() as u64)?;
    if format::is_ole2(bytes) {
        cfb::check_cfb(file, bytes)
    } else if format::is_zip(bytes) {
        zip_scan::check_zip(file, bytes)
    } else {
        Ok(())
    }
}

/// A part name short enough for a one-line message.
fn short(name: &str) -> String {
    name.chars().take(60).collect()
}
