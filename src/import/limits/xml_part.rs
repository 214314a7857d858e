//! The head of each XML part of a zip workbook, read before calamine parses it: no DTD
//! (entity expansion), a plausible declared sheet dimension, and, in the shared-strings
//! part, a plausible string count (calamine reserves room for `uniqueCount` strings
//! before reading one).

use std::io::Read;

use super::{mib, short, too_large, MAX_CELLS, MAX_COLUMNS, MAX_SHARED_STRINGS, MAX_SHEET_ROWS};
use crate::import::column_letters::column_index;
use crate::Result;

/// Decompressed bytes of a part read to find its declarations.
const HEAD_BYTES: u64 = 64 * 1024;

pub(super) fn is_xml_part(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".xml") || lower.ends_with(".rels")
}

/// Reads the head of one XML part for its declarations; in a shared-strings part, on
/// until the `<sst>` tag, since calamine takes the first one wherever it is. The rest is
/// not read here: the zip reader (zip 9, calamine's too) stops any part at its declared
/// size, which the checks above have bounded.
pub(super) fn check_part<R: std::io::Read + std::io::Seek>(
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
    let col = u64::from(column_index(&text[..letters])?) + 1;
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
}
