//! Delimited text files (CSV, TSV, semicolon-separated): the encoding and delimiter
//! are detected, then records stream one at a time.
//!
//! Encoding: UTF-8 (with or without BOM), UTF-16 with BOM, or else GB18030 (a superset of
//! GBK, what Chinese Excel writes when it saves CSV), chosen once by [`encoding_of`].
//! A non-UTF-8 file is decoded as it is read ([`DecodeReader`]), never whole, so a
//! 300 MB GBK list does not need 600 MB of text in memory.

use std::io::Read;

use encoding_rs::Encoding;

use super::{Inner, Opened, RowSource, Sheet, SheetHead, HEAD_ROWS};
use crate::import::cell::Cell;
use crate::import::limits::Guard;
use crate::Result;

/// The encoding to decode `bytes` with; `None` for UTF-8 read as is.
fn encoding_of(bytes: &[u8]) -> Option<&'static Encoding> {
    match Encoding::for_bom(bytes) {
        Some((encoding, _)) => Some(encoding),
        None if std::str::from_utf8(bytes).is_ok() => None,
        None if mostly_utf8(bytes) => Some(encoding_rs::UTF_8),
        None => Some(encoding_rs::GB18030),
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
pub(super) fn open_text<'b>(file: &str, bytes: &'b [u8]) -> Result<Opened<'b>> {
    let encoding = encoding_of(bytes);
    let delimiter = detect_delimiter(&head_text(bytes, encoding));
    let name = std::path::Path::new(file)
        .file_stem()
        .map_or_else(|| file.to_string(), |s| s.to_string_lossy().into_owned());
    let mut rows = Vec::new();
    let mut more = false;
    let mut guard = Guard::new(file);
    stream_text(bytes, encoding, delimiter, &mut |i, row| {
        guard.row(&name, i as u64 + 1, &row)?;
        if rows.len() < HEAD_ROWS {
            rows.push(row);
            Ok(true)
        } else {
            more = true;
            Ok(false)
        }
    })?;
    // Lines are a fair estimate of records (a quoted field may hold a line break).
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

/// Reads `bytes` in `encoding` (none: UTF-8 as is) as delimited records, one row each,
/// until `on_row` returns false (has what it wants) or an error (a limit crossed).
pub(super) fn stream_text(
    bytes: &[u8],
    encoding: Option<&'static Encoding>,
    delimiter: u8,
    on_row: &mut dyn FnMut(usize, Vec<Cell>) -> Result<bool>,
) -> Result<()> {
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
            Ok(true) => record.iter().map(|f| Cell::Text(f.into())).collect(),
            // A malformed quote only spoils its own record; keep reading the rest.
            Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_)) => break,
            Err(_) => Vec::new(),
        };
        if !on_row(index, row)? {
            break;
        }
        index += 1;
    }
    Ok(())
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
    use crate::import::reader::read_sheets;

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
        assert_eq!(encoding_of(&bytes), Some(encoding_rs::UTF_8));
        let sheets = read_sheets("broken.csv", &bytes).unwrap();
        let rows = &sheets[0].rows;
        assert_eq!(rows[1][0], Cell::Text("陈大文".into()));
        assert_eq!(rows[2][0], Cell::Text("林小红".into()));
        let last = rows.last().unwrap();
        assert_eq!(last[0], Cell::Text("黄志强".into()));
        assert_eq!(last[1], Cell::Text("备注\u{FFFD}在此".into()));
        let gbk = encoding_rs::GBK
            .encode("姓名,身份证号\n陈大文,11010519491231002X\n")
            .0;
        assert_eq!(
            encoding_of(&gbk),
            Some(encoding_rs::GB18030),
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
}
