//! The original cells of a stored row, kept for provenance in a compact form.
//!
//! Every row of a batch has the same header, so the header titles are stored once per
//! batch (`batch.original_columns`: per sheet, `[[column, title], ...]`) and each row keeps
//! only its cell texts, in that order: [`MARK`] then the texts joined by [`SEP`]. That is
//! a third of the bytes of a JSON object per row (the titles, quotes and escapes repeated
//! a million times), and writing it is one append per cell into one buffer.
//!
//! A text holding [`MARK`] or [`SEP`] itself (control characters, possible in a CSV) would
//! be ambiguous: such a row keeps the JSON object of header -> text, as rows stored before
//! this form did. [`decode`] reads both, so the cells as read stay exact either way.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::cell::Cell;
use super::header::Header;

/// Starts a compact row (never the first character of the JSON form, `{`).
pub const MARK: char = '\u{1e}';
/// Between two cell texts.
pub const SEP: char = '\u{1f}';

/// The original cells of `row` under `header`, in the compact form (or JSON, see above).
pub fn encode(row: &[Cell], header: &Header) -> String {
    let mut out = String::with_capacity(16 * header.titles.len() + 1);
    out.push(MARK);
    for (i, col) in header.titles.keys().enumerate() {
        if i > 0 {
            out.push(SEP);
        }
        if let Some(cell) = row.get(*col) {
            let start = out.len();
            cell.write_display(&mut out);
            // Both are one byte in UTF-8, and no other character's bytes include them.
            if memchr::memchr2(MARK as u8, SEP as u8, &out.as_bytes()[start..]).is_some() {
                return json(row, header);
            }
        }
    }
    out
}

/// The JSON object of header -> cell text, for a row whose text holds a separator.
fn json(row: &[Cell], header: &Header) -> String {
    let map: serde_json::Map<String, serde_json::Value> = header
        .titles
        .iter()
        .filter_map(|(col, title)| {
            Some((
                title.clone(),
                serde_json::Value::String(row.get(*col)?.text()?),
            ))
        })
        .collect();
    serde_json::Value::Object(map).to_string()
}

/// A batch's `original_columns`: per sheet name, its header's columns and titles.
pub fn columns_json<'a>(sheets: impl Iterator<Item = (&'a str, &'a Header)>) -> String {
    let map: serde_json::Map<String, serde_json::Value> = sheets
        .map(|(name, header)| {
            let cols: Vec<serde_json::Value> = header
                .titles
                .iter()
                .map(|(c, t)| serde_json::json!([c, t]))
                .collect();
            (name.to_string(), serde_json::Value::Array(cols))
        })
        .collect();
    serde_json::Value::Object(map).to_string()
}

/// The cells as read, header title -> text (blank cells left out), from a stored
/// `original` and its batch's `original_columns` for the row's sheet.
pub fn decode(original: &str, columns_json: Option<&str>, sheet: &str) -> BTreeMap<String, String> {
    let Some(texts) = original.strip_prefix(MARK) else {
        let parsed: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(original).unwrap_or_default();
        return parsed
            .into_iter()
            .filter_map(|(k, v)| Some((k, v.as_str()?.to_string())))
            .collect();
    };
    let columns: serde_json::Map<String, serde_json::Value> = columns_json
        .and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or_default();
    let titles = columns
        .get(sheet)
        .and_then(|v| v.as_array())
        .cloned()
        .unwrap_or_default();
    titles
        .iter()
        .filter_map(|pair| pair.get(1)?.as_str())
        .zip(texts.split(SEP))
        .filter(|(_, text)| !text.is_empty())
        .map(|(title, text)| (title.to_string(), text.to_string()))
        .collect()
}

/// The original cells of stored row `list_row_id`: header title -> text as read.
pub fn of_row(
    conn: &rusqlite::Connection,
    list_row_id: i64,
) -> crate::Result<BTreeMap<String, String>> {
    let (original, columns, sheet): (String, Option<String>, String) = conn.query_row(
        "SELECT r.original, b.original_columns, r.sheet FROM list_row r JOIN batch b ON b.id = r.batch_id WHERE r.id = ?1",
        [list_row_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    Ok(decode(&original, columns.as_deref(), &sheet))
}

impl Cell {
    /// Appends [`Cell::display`] to `out` without a string of its own.
    pub fn write_display(&self, out: &mut String) {
        match self {
            Cell::Empty => {}
            Cell::Text(s) => out.push_str(s.trim()),
            // Integer formatting, not the float formatter: IDs and phones are often numbers.
            // (-0 keeps its sign, as `{:.0}` prints it.)
            Cell::Number(n)
                if n.fract() == 0.0 && n.abs() < 1e15 && (*n != 0.0 || n.is_sign_positive()) =>
            {
                // itoa (serde_json's): the formatter's machinery cost more than the digits.
                out.push_str(itoa::Buffer::new().format(*n as i64));
            }
            Cell::Number(n) => {
                let _ = write!(out, "{n}");
            }
            Cell::Date(d) => crate::dates::push_iso(out, *d),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::reader::Sheet;

    fn header() -> Header {
        let sheet = Sheet {
            name: "s".into(),
            first_row: 0,
            rows: vec![vec![
                Cell::Text("姓名".into()),
                Cell::Text("身份证号".into()),
                Cell::Text("备注".into()),
            ]],
        };
        crate::import::header::find_header(&sheet, &[]).expect("a header")
    }

    #[test]
    fn the_cells_read_back_exactly() {
        let h = header();
        let row = vec![
            Cell::Text(" 陈大文 ".into()),
            Cell::Number(440_105_199_001_011_234.0),
            Cell::Empty,
        ];
        let stored = encode(&row, &h);
        assert!(stored.starts_with(MARK));
        let cols = columns_json(std::iter::once(("s", &h)));
        let back = decode(&stored, Some(&cols), "s");
        let json = json(&row, &h);
        assert_eq!(
            back,
            decode(&json, None, "s"),
            "the compact form reads as the JSON form did"
        );
        assert_eq!(back.get("姓名").map(String::as_str), Some("陈大文"));
        assert!(!back.contains_key("备注"));
    }

    #[test]
    fn a_text_holding_a_separator_keeps_the_json_form() {
        let h = header();
        let row = vec![Cell::Text("陈\u{1f}大文".into()), Cell::Text("1".into())];
        let stored = encode(&row, &h);
        assert!(stored.starts_with('{'));
        assert_eq!(
            decode(&stored, None, "s").get("姓名").map(String::as_str),
            Some("陈\u{1f}大文")
        );
    }

    #[test]
    fn numbers_display_as_excel_shows_them() {
        for n in [0.0, -0.0, -3.0, 12.5, 1e15, 440_105_199_001_011.0, 1e20] {
            let mut s = String::new();
            Cell::Number(n).write_display(&mut s);
            assert_eq!(s, Cell::Number(n).display(), "{n}");
        }
    }
}
