//! One spreadsheet cell, reduced to what import needs, whatever format it came from.

use chrono::NaiveDate;
use compact_str::CompactString;

/// A cell's value as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    /// Text as read, inline when short (see `compact_str` in Cargo.toml).
    Text(CompactString),
    /// A numeric cell (Excel stores every number as a double).
    Number(f64),
    /// A cell Excel formatted as a date.
    Date(NaiveDate),
}

impl Cell {
    /// True when the cell holds nothing but whitespace.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            Cell::Number(_) | Cell::Date(_) => false,
        }
    }

    /// The cell as an officer would see it in Excel (numbers without a trailing .0).
    pub fn display(&self) -> String {
        let mut s = String::new();
        self.write_display(&mut s);
        s
    }

    /// The trimmed text of a cell, or `None` when blank.
    pub fn text(&self) -> Option<String> {
        let s = self.display();
        (!s.is_empty()).then_some(s)
    }

    /// The cell read as a date: a date cell, an Excel serial number, or written text.
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            Cell::Empty => None,
            Cell::Date(d) => Some(*d),
            Cell::Number(n) => crate::dates::from_excel_serial(*n),
            Cell::Text(s) => crate::dates::parse_date_text(s),
        }
    }
}

impl From<&calamine::Data> for Cell {
    fn from(data: &calamine::Data) -> Self {
        use calamine::Data;
        match data {
            Data::Empty => Cell::Empty,
            Data::String(s) => Cell::Text(s.into()),
            Data::Int(i) => Cell::Number(*i as f64),
            Data::Float(f) => Cell::Number(*f),
            Data::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.into()),
            // calamine accounts for the workbook's 1900 or 1904 date system here.
            Data::DateTime(dt) => match dt.as_datetime() {
                Some(t) => Cell::Date(t.date()),
                None => Cell::Number(dt.as_f64()),
            },
            Data::DateTimeIso(s) => match crate::dates::parse_date_text(s) {
                Some(d) => Cell::Date(d),
                None => Cell::Text(s.into()),
            },
            Data::DurationIso(s) => Cell::Text(s.into()),
            // An error cell (#N/A, #REF!) holds no value to import.
            Data::Error(_) => Cell::Empty,
        }
    }
}
