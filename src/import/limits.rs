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

use std::io::{Cursor, Read};

use super::cell::Cell;
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
const HEAD_BYTES: u64 = 64 * 1024;

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

/// Checks a zip-based workbook (xlsx, xlsm, xlsb, ods) before calamine opens it: entry
/// count, declared and actual uncompressed sizes, compression ratios, the shared-string
/// count, declared sheet dimensions and DTDs. Anything not a readable zip is left to
/// calamine, which refuses it as damaged.
pub fn check_container(file: &str, bytes: &[u8]) -> Result<()> {
    check_file_size(file, bytes.len() as u64)?;
    if bytes.starts_with(&CFB_SIGNATURE) {
        return check_cfb(file, bytes);
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return Ok(());
    }
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(too_large(
            file,
            format!("压缩包内有 {} 个部件，上限 {MAX_ZIP_ENTRIES}", zip.len()),
        ));
    }
    let mut total = 0u64;
    for index in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(index) else {
            continue;
        };
        let (name, size, packed) = (
            entry.name().map(|n| n.to_string()).unwrap_or_default(),
            entry.size(),
            entry.compressed_size(),
        );
        drop(entry);
        total = total.saturating_add(size);
        if total > MAX_UNCOMPRESSED_BYTES {
            return Err(too_large(
                file,
                format!(
                    "解压后共 {} 以上，上限 {}（疑似“压缩炸弹”）",
                    mib(total),
                    mib(MAX_UNCOMPRESSED_BYTES)
                ),
            ));
        }
        if size > RATIO_CHECKED_ABOVE && size / packed.max(1) > MAX_RATIO {
            return Err(too_large(
                file,
                format!(
                    "部件 {} 压缩比 {}:1（{} 解压为 {}），上限 {MAX_RATIO}:1（疑似“压缩炸弹”）",
                    short(&name),
                    size / packed.max(1),
                    mib(packed),
                    mib(size)
                ),
            ));
        }
        if is_xml_part(&name) {
            check_part(file, &mut zip, index, &name, size)?;
        }
    }
    Ok(())
}

const CFB_SIGNATURE: [u8; 8] = *b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
const CFB_RESERVED: u32 = 0xFFFF_FFFA;
const CFB_DIFSECT: u32 = 0xFFFF_FFFC;
const CFB_END_OF_CHAIN: u32 = 0xFFFF_FFFE;

fn damaged(file: &str, what: &str) -> crate::Error {
    ErrorKind::NotASpreadsheet {
        file: file.into(),
        reason: format!("工作簿内部结构损坏（{what}）"),
    }
    .into()
}

fn u16_at(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 2)
        .map_or(0, |s| u32::from(u16::from_le_bytes([s[0], s[1]])))
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .map_or(0, |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// Checks an OLE2 compound file (.xls) as calamine will read it: sector chains that
/// loop (calamine follows them until memory runs out), streams longer than the file,
/// and a sheet whose declared dimensions exceed the .xls grid (calamine reserves
/// rows × columns cells). Anything else calamine refuses by itself.
fn check_cfb(file: &str, bytes: &[u8]) -> Result<()> {
    if bytes.len() < 512 {
        return Ok(());
    }
    let size = match u16_at(bytes, 30) {
        9 => 512usize,
        12 => 4096,
        _ => return Ok(()),
    };
    let body = &bytes[size.min(bytes.len())..];
    let max_id = bytes.len() / size;
    // As calamine reads sectors: one past the end of the file but within the sector
    // count is empty, not an error, and a chain goes on through it.
    let sector = |id: u32| -> Option<&[u8]> {
        if id as usize > max_id {
            return None;
        }
        let start = (id as usize * size).min(body.len());
        Some(&body[start..(start + size).min(body.len())])
    };
    let words = |s: &[u8]| {
        s.chunks_exact(4)
            .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
            .collect::<Vec<_>>()
    };

    // The FAT: sectors listed in the header's DIFAT and the DIFAT chain.
    let mut difat = words(&bytes[76..512]);
    let mut id = u32_at(bytes, 68);
    let mut steps = 0;
    while id < CFB_RESERVED {
        steps += 1;
        if steps > max_id + 1 {
            return Err(damaged(file, "扇区链循环"));
        }
        let Some(s) = sector(id) else { return Ok(()) };
        difat.extend(words(s));
        let Some(next) = difat.pop() else {
            return Ok(());
        };
        id = next;
    }
    let fat_sectors: Vec<u32> = difat.into_iter().filter(|id| *id < CFB_DIFSECT).collect();
    if fat_sectors.len() > max_id + 1 {
        return Err(damaged(file, "分配表比文件还大"));
    }
    let mut fat = Vec::new();
    for id in fat_sectors {
        let Some(s) = sector(id) else { return Ok(()) };
        fat.extend(words(s));
    }
    // Follows a chain from `start`, at most `limit` bytes, refusing one that loops
    // before it ends.
    let chain = |start: u32, limit: usize| -> Result<Option<Vec<u8>>> {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0;
        while id != CFB_END_OF_CHAIN && out.len() < limit {
            steps += 1;
            if steps > max_id + 1 {
                return Err(damaged(file, "扇区链循环"));
            }
            let Some(s) = sector(id) else { return Ok(None) };
            out.extend_from_slice(&s[..s.len().min(limit - out.len())]);
            let Some(&next) = fat.get(id as usize) else {
                return Ok(None);
            };
            id = next;
        }
        Ok(Some(out))
    };
    let Some(dirs) = chain(u32_at(bytes, 48), usize::MAX)? else {
        return Ok(());
    };
    let large = size == 4096;
    let mut workbook = None;
    for entry in dirs.chunks_exact(128) {
        let len = if large {
            u64::from(u32_at(entry, 120)) | (u64::from(u32_at(entry, 124)) << 32)
        } else {
            u64::from(u32_at(entry, 120))
        };
        if len > bytes.len() as u64 {
            return Err(damaged(file, "数据流比文件还长"));
        }
        let name: String = char::decode_utf16(
            entry[..64]
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]])),
        )
        .map(|c| c.unwrap_or('?'))
        .take_while(|&c| c != '\0')
        .collect();
        if workbook.is_none()
            && (name.eq_ignore_ascii_case("Workbook") || name.eq_ignore_ascii_case("Book"))
        {
            workbook = Some((u32_at(entry, 116), len as usize));
        }
    }
    if (u32_at(bytes, 64) as usize).saturating_mul(size) > bytes.len() {
        return Err(damaged(file, "小扇区分配表比文件还大"));
    }
    // Streams under 4096 bytes live in the mini stream; their sheets are small anyway.
    if let Some((start, len)) = workbook.filter(|(_, len)| *len >= 4096) {
        if let Some(stream) = chain(start, len)? {
            check_biff_dimensions(file, &stream)?;
        }
    }
    Ok(())
}

/// The DIMENSIONS records of a BIFF workbook stream: within the .xls grid (65,536 rows,
/// 256 columns), rows not reversed.
fn check_biff_dimensions(file: &str, stream: &[u8]) -> Result<()> {
    let mut at = 0;
    while at + 4 <= stream.len() {
        let kind = u16_at(stream, at);
        let len = u16_at(stream, at + 2) as usize;
        let data = &stream[(at + 4).min(stream.len())..(at + 4 + len).min(stream.len())];
        if kind == 0x0200 {
            let (first_row, last_row, last_col) = match data.len() {
                10 => (u16_at(data, 0), u16_at(data, 2), u16_at(data, 6)),
                14 | 16 => (u32_at(data, 0), u32_at(data, 4), u16_at(data, 10)),
                _ => (0, 0, 0),
            };
            if last_row > 65_536 || last_col > 256 || (last_row >= 1 && first_row > last_row) {
                return Err(too_large(
                    file,
                    format!("工作表声明的范围（第 {first_row}–{last_row} 行，{last_col} 列）超出 .xls 的 65536 行 × 256 列"),
                ));
            }
        }
        at += 4 + len;
    }
    Ok(())
}

/// A part name short enough for a one-line message.
fn short(name: &str) -> String {
    name.chars().take(60).collect()
}

fn is_xml_part(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".xml") || lower.ends_with(".rels")
}

/// Reads the head of one XML part for its declarations; in a shared-strings part, on
/// until the `<sst>` tag, since calamine takes the first one wherever it is. The rest is
/// not read here: the zip reader (zip 9, calamine's too) stops any part at its declared
/// size, which the checks above have bounded.
fn check_part<R: std::io::Read + std::io::Seek>(
    file: &str,
    zip: &mut zip::ZipArchive<R>,
    index: usize,
    name: &str,
    declared: u64,
) -> Result<()> {
    let Ok(entry) = zip.by_index(index) else {
        return Ok(());
    };
    // Never read past the declared size (plus one byte, to see it was exceeded).
    let mut entry = entry.take(declared.saturating_add(1));
    let shared_strings = name
        .to_ascii_lowercase()
        .replace('\\', "/")
        .ends_with("sharedstrings.xml");
    let mut sst = shared_strings.then(SstFinder::default);
    let mut head: Vec<u8> = Vec::new();
    let mut read = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    while (head.len() as u64) < HEAD_BYTES || sst.is_some() {
        // What decompresses before an error counts: a part whose checksum fails (found
        // only at its end) is still read by calamine up to there, declarations and all.
        let n = match entry.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        read += n as u64;
        if (head.len() as u64) < HEAD_BYTES {
            let take = n.min(HEAD_BYTES as usize - head.len());
            head.extend_from_slice(&buf[..take]);
            if head.len() as u64 == HEAD_BYTES {
                check_head(file, name, &head)?;
            }
        }
        if let Some(finder) = &mut sst {
            if let Some(tag) = finder.feed(&buf[..n]) {
                check_sst(file, &tag, declared)?;
                sst = None;
            }
        }
    }
    if (head.len() as u64) < HEAD_BYTES {
        check_head(file, name, &head)?;
    }
    if read > declared {
        return Err(too_large(
            file,
            format!(
                "部件 {} 解压后比声明的 {} 更大（疑似“压缩炸弹”或文件被篡改）",
                short(name),
                mib(declared)
            ),
        ));
    }
    Ok(())
}

/// Finds the first `<sst …>` (or `<x:sst …>`) start tag in a stream of bytes.
#[derive(Default)]
struct SstFinder {
    pending: Vec<u8>,
    /// Where the tag starts in `pending`, once seen.
    start: Option<usize>,
}

impl SstFinder {
    /// The whole start tag, once its `>` has arrived.
    fn feed(&mut self, bytes: &[u8]) -> Option<Vec<u8>> {
        self.pending.extend_from_slice(bytes);
        if self.start.is_none() {
            let found = self.pending.windows(5).position(|w| {
                (w[0] == b'<' || w[0] == b':')
                    && &w[1..4] == b"sst"
                    && (w[4].is_ascii_whitespace() || w[4] == b'>' || w[4] == b'/')
            });
            match found {
                Some(at) => self.start = Some(at),
                None => {
                    let keep = self.pending.len().saturating_sub(4);
                    self.pending.drain(..keep);
                    return None;
                }
            }
        }
        let start = self.start.expect("set above");
        match self.pending[start..].iter().position(|&b| b == b'>') {
            Some(end) => Some(self.pending[start..start + end].to_vec()),
            // A tag longer than a megabyte is no real workbook's: judge what there is.
            None if self.pending.len() - start > 1 << 20 => Some(self.pending[start..].to_vec()),
            None => None,
        }
    }
}

/// The shared-string counts an `<sst>` tag declares: calamine reserves `uniqueCount`.
fn check_sst(file: &str, tag: &[u8], declared: u64) -> Result<()> {
    let tag = String::from_utf8_lossy(tag);
    // Each shared string takes at least `<si/>`, five bytes.
    let plausible = (declared / 5).max(16);
    for attr in ["uniqueCount", "count"] {
        let Some(n) = attribute(&tag, attr) else {
            continue;
        };
        let limit = if attr == "uniqueCount" {
            MAX_SHARED_STRINGS.min(plausible)
        } else {
            MAX_CELLS
        };
        if n.is_none_or(|n| n > limit) {
            let n = n.map_or_else(|| "（无法识别的数字）".into(), |n| n.to_string());
            let reason = if limit < MAX_SHARED_STRINGS && attr == "uniqueCount" {
                format!("共享字符串表声明有 {n} 个字符串（uniqueCount），而它只有 {}，最多容纳 {limit} 个", mib(declared))
            } else {
                format!("共享字符串表声明 {attr}=\"{n}\"，上限 {limit}")
            };
            return Err(too_large(file, reason));
        }
    }
    Ok(())
}

/// The declarations at the start of an XML part: no DTD, a plausible sheet dimension.
fn check_head(file: &str, name: &str, head: &[u8]) -> Result<()> {
    if find(head, b"<!DOCTYPE").is_some() || find(head, b"<!ENTITY").is_some() {
        return Err(too_large(
            file,
            format!(
                "部件 {} 含有 DTD/实体声明，Excel 和 WPS 不会写出这种内容（疑似“实体膨胀”攻击）",
                short(name)
            ),
        ));
    }
    if let Some(tag) = tag(head, b"<dimension") {
        if let Some(reference) = string_attribute(tag, "ref") {
            check_dimension(file, &reference)?;
        }
    }
    Ok(())
}

/// A declared used range like `A1:XFD1048576`: within Excel's grid and at most
/// [`MAX_COLUMNS`] wide.
fn check_dimension(file: &str, reference: &str) -> Result<()> {
    let mut corners = reference.split(':').map(cell_reference);
    let start = corners.next().flatten();
    let end = corners.next().flatten().or(start);
    let (Some((r0, c0)), Some((r1, c1))) = (start, end) else {
        return Ok(());
    };
    let reason = if r1 > MAX_SHEET_ROWS || r0 > MAX_SHEET_ROWS {
        format!(
            "工作表声明的范围 {} 超过 Excel 的 {MAX_SHEET_ROWS} 行",
            short(reference)
        )
    } else if c1.max(c0) > 16_384 {
        format!(
            "工作表声明的范围 {} 超过 Excel 的 16384 列",
            short(reference)
        )
    } else if c1.abs_diff(c0) + 1 > MAX_COLUMNS as u64 {
        format!(
            "工作表声明的范围 {} 有 {} 列，上限 {MAX_COLUMNS} 列；请删去表格右侧多余的内容",
            short(reference),
            c1.abs_diff(c0) + 1
        )
    } else {
        return Ok(());
    };
    Err(too_large(file, reason))
}

/// `XFD1048576` → (1048576, 16384), 1-based. None when it is not a cell reference.
fn cell_reference(text: &str) -> Option<(u64, u64)> {
    let text = text.trim().replace('$', "");
    let letters = text.bytes().take_while(u8::is_ascii_alphabetic).count();
    if letters == 0 || letters > 4 || letters == text.len() {
        return None;
    }
    let col = text[..letters].bytes().fold(0u64, |acc, b| {
        acc * 26 + u64::from(b.to_ascii_uppercase() - b'A' + 1)
    });
    let digits = &text[letters..];
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((digits.parse().unwrap_or(u64::MAX), col))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The start tag `<name ...>` in `head`, as text.
fn tag<'h>(head: &'h [u8], name: &[u8]) -> Option<&'h str> {
    let start = find(head, name)?;
    let rest = &head[start..];
    let end = rest.iter().position(|&b| b == b'>').unwrap_or(rest.len());
    std::str::from_utf8(&rest[..end]).ok()
}

fn string_attribute(tag: &str, attr: &str) -> Option<String> {
    // `attr` after whitespace, then optional whitespace, `=`, whitespace, a quote.
    let mut from = 0;
    while let Some(at) = tag[from..].find(attr).map(|i| i + from) {
        from = at + attr.len();
        if !tag[..at].ends_with(|c: char| c.is_ascii_whitespace()) {
            continue;
        }
        let rest = tag[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let quote = rest.chars().next().filter(|&c| c == '"' || c == '\'')?;
        let value = &rest[1..];
        return Some(value[..value.find(quote)?].to_string());
    }
    None
}

/// A numeric attribute: Some(None) when present but not a number that fits.
fn attribute(tag: &str, attr: &str) -> Option<Option<u64>> {
    let value = string_attribute(tag, attr)?;
    Some(value.trim().parse().ok())
}

/// Counts what a file's rows hold while they stream, and says when a limit is crossed.
#[derive(Debug)]
pub struct Guard {
    file: String,
    rows: u64,
    cells: u64,
    exceeded: Option<crate::Error>,
}

impl Guard {
    pub fn new(file: &str) -> Self {
        Guard {
            file: file.into(),
            rows: 0,
            cells: 0,
            exceeded: None,
        }
    }

    /// The limit crossed, if any; streaming stops at the first one.
    pub fn take_exceeded(&mut self) -> Option<crate::Error> {
        self.exceeded.take()
    }

    fn exceed(&mut self, reason: String) -> bool {
        if self.exceeded.is_none() {
            self.exceeded = Some(too_large(&self.file, reason));
        }
        false
    }

    /// A sheet's merged regions, before any is filled: how many, and how many cells they
    /// cover.
    pub fn merged(&mut self, sheet: &str, regions: &[calamine::Dimensions]) -> bool {
        if regions.len() > MAX_MERGED_REGIONS {
            return self.exceed(format!(
                "工作表“{}”有 {} 个合并单元格区域，上限 {MAX_MERGED_REGIONS}；请取消多余的合并",
                short(sheet),
                regions.len()
            ));
        }
        let area: u64 = regions
            .iter()
            .map(|d| {
                let rows = u64::from(d.end.0.saturating_sub(d.start.0)) + 1;
                let cols = (u64::from(d.end.1.saturating_sub(d.start.1)) + 1).min(1001);
                rows.min(MAX_SHEET_ROWS) * cols
            })
            .fold(0u64, u64::saturating_add);
        if area > MAX_MERGED_CELLS {
            return self.exceed(format!(
                "工作表“{}”的合并单元格共覆盖 {area} 个单元格，上限 {MAX_MERGED_CELLS}；请取消多余的合并",
                short(sheet)
            ));
        }
        true
    }

    /// A sheet row about to be read (0-based, as the file numbers it): within Excel's grid.
    pub fn row_index(&mut self, sheet: &str, row: u32) -> bool {
        if u64::from(row) >= MAX_SHEET_ROWS {
            return self.exceed(format!(
                "工作表“{}”有第 {} 行，超过 Excel 的 {MAX_SHEET_ROWS} 行",
                short(sheet),
                u64::from(row) + 1
            ));
        }
        true
    }

    /// A cell about to be read: its column within [`MAX_COLUMNS`], its text within
    /// [`MAX_CELL_CHARS`]. Checked before the text is copied.
    pub fn cell(&mut self, sheet: &str, row: u32, col: u32, text: Option<&str>) -> bool {
        if col as usize >= MAX_COLUMNS {
            return self.exceed(format!(
                "工作表“{}”第 {} 行第 {} 列有内容，上限 {MAX_COLUMNS} 列；请删去表格右侧多余的内容",
                short(sheet),
                u64::from(row) + 1,
                u64::from(col) + 1
            ));
        }
        if text.is_some_and(too_long) {
            return self.exceed(format!(
                "工作表“{}”第 {} 行第 {} 列的内容超过 {MAX_CELL_CHARS} 个字符（Excel 单元格的上限）",
                short(sheet),
                u64::from(row) + 1,
                u64::from(col) + 1
            ));
        }
        true
    }

    /// A row read, whatever the format: counts rows and cells, checks width and texts.
    /// `row` is the 1-based row number shown to the user.
    pub fn row(&mut self, sheet: &str, row: u64, cells: &[Cell]) -> bool {
        self.rows += 1;
        if self.rows > MAX_ROWS {
            return self.exceed(format!(
                "超过 {MAX_ROWS} 行；请把名单拆分成几个文件后再导入"
            ));
        }
        if cells.len() > MAX_COLUMNS {
            return self.exceed(format!(
                "工作表“{}”第 {row} 行有 {} 列，上限 {MAX_COLUMNS} 列；请删去表格右侧多余的内容",
                short(sheet),
                cells.len()
            ));
        }
        for (col, cell) in cells.iter().enumerate() {
            match cell {
                Cell::Empty => continue,
                Cell::Text(s) if too_long(s) => {
                    return self.exceed(format!(
                        "工作表“{}”第 {row} 行第 {} 列的内容超过 {MAX_CELL_CHARS} 个字符（Excel 单元格的上限）",
                        short(sheet),
                        col + 1
                    ))
                }
                _ => self.cells += 1,
            }
        }
        if self.cells > MAX_CELLS {
            return self.exceed(format!(
                "超过 {MAX_CELLS} 个单元格；请把名单拆分成几个文件后再导入"
            ));
        }
        true
    }
}

fn too_long(s: &str) -> bool {
    // A character is one to four bytes in UTF-8: count only when the bytes leave doubt.
    s.len() > MAX_CELL_CHARS && (s.len() > 4 * MAX_CELL_CHARS || s.chars().count() > MAX_CELL_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cell_references() {
        assert_eq!(cell_reference("A1"), Some((1, 1)));
        assert_eq!(cell_reference("XFD1048576"), Some((1_048_576, 16_384)));
        assert_eq!(cell_reference("$B$7"), Some((7, 2)));
        assert_eq!(cell_reference("A99999999999999999999"), Some((u64::MAX, 1)));
        assert_eq!(cell_reference("1"), None);
        assert_eq!(cell_reference("ABC"), None);
    }

    #[test]
    fn a_whole_sheet_dimension_is_refused_and_a_list_is_not() {
        assert!(check_dimension("x.xlsx", "A1:XFD1048576").is_err());
        assert!(check_dimension("x.xlsx", "A1:A1048577").is_err());
        assert!(check_dimension("x.xlsx", "A1:AZ1048576").is_ok());
        assert!(check_dimension("x.xlsx", "A1").is_ok());
    }

    #[test]
    fn a_huge_shared_string_count_is_refused() {
        let tag = |bytes: &[u8]| {
            let mut finder = SstFinder::default();
            // Fed in pieces, as it streams.
            bytes
                .chunks(3)
                .find_map(|c| finder.feed(c))
                .expect("an sst tag")
        };
        let huge = tag(
            br#"<?xml version="1.0"?><!-- --><x:sst xmlns:x="x" count="3"
            uniqueCount = '2000000000'><si>"#,
        );
        let err = check_sst("x.xlsx", &huge, 1000).unwrap_err();
        assert!(err.to_string().contains("uniqueCount"), "{err}");
        let fine = tag(br#"<sst xmlns="x" count="3" uniqueCount="2"><si><t>a</t></si>"#);
        assert!(check_sst("x.xlsx", &fine, 1000).is_ok());
        assert!(SstFinder::default().feed(b"<sstx><ssst>").is_none());
    }

    #[test]
    fn a_dtd_is_refused() {
        let head = br#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><sst>"#;
        assert!(check_head("x.xlsx", "xl/sharedStrings.xml", head).is_err());
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert!(!too_long(&"陈".repeat(MAX_CELL_CHARS)));
        assert!(too_long(&"陈".repeat(MAX_CELL_CHARS + 1)));
        assert!(too_long(&"a".repeat(MAX_CELL_CHARS + 1)));
    }

    #[test]
    fn the_guard_stops_at_a_long_cell() {
        let mut guard = Guard::new("x.csv");
        assert!(guard.row("x", 1, &[Cell::Text("陈大文".into())]));
        assert!(!guard.row("x", 2, &[Cell::Text("a".repeat(40_000))]));
        let err = guard.take_exceeded().unwrap();
        assert!(matches!(err.kind(), ErrorKind::TooLarge { .. }));
        assert!(err.to_string().contains("第 2 行第 1 列"), "{err}");
    }
}
