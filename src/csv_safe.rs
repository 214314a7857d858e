//! CSV for Excel and WPS that a hostile list cannot turn into formulas.
//!
//! A name cell typed as `=HYPERLINK("http://…","点击")` in a department's spreadsheet
//! is imported as text; written back to a CSV as it is, Excel would run it as a formula
//! when the officer opens the file (CSV injection). Following OWASP, a field beginning
//! with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'` (which Excel
//! shows as text and hides) and enclosed in double quotes. Other fields are quoted only
//! when they must be, so ordinary output stays as plain as before.

use std::borrow::Cow;
use std::io::{self, Write};

/// What a formula-leading field starts with.
const FORMULA_LEADS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `field` made safe to open in a spreadsheet program: prefixed with `'` when it
/// starts like a formula (the caller quotes it).
pub fn neutralise(field: &str) -> Cow<'_, str> {
    if field.starts_with(FORMULA_LEADS) {
        Cow::Owned(format!("'{field}"))
    } else {
        Cow::Borrowed(field)
    }
}

/// A CSV writer (RFC 4180, `\n` line ends) whose every field goes through [`neutralise`].
pub struct Writer<W: Write> {
    out: W,
}

impl<W: Write> Writer<W> {
    pub fn new(out: W) -> Self {
        Writer { out }
    }

    /// Writes one record.
    pub fn write_record<I, S>(&mut self, fields: I) -> io::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut line = String::new();
        for (i, field) in fields.into_iter().enumerate() {
            if i > 0 {
                line.push(',');
            }
            let field = field.as_ref();
            let safe = neutralise(field);
            let quote = matches!(safe, Cow::Owned(_)) || safe.contains([',', '"', '\n', '\r']);
            if quote {
                line.push('"');
                line.push_str(&safe.replace('"', "\"\""));
                line.push('"');
            } else {
                line.push_str(&safe);
            }
        }
        line.push('\n');
        self.out.write_all(line.as_bytes())
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(fields: &[&str]) -> String {
        let mut out = Vec::new();
        Writer::new(&mut out).write_record(fields).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn formula_leading_fields_are_prefixed_and_quoted() {
        assert_eq!(
            line(&["=HYPERLINK(\"http://x\",\"点\")", "张三"]),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"点\"\")\",张三\n"
        );
        for lead in ["+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert!(line(&[lead]).starts_with("\"'"), "{lead:?}");
        }
        assert_eq!(
            line(&["a,b", "say \"hi\"", "plain"]),
            "\"a,b\",\"say \"\"hi\"\"\",plain\n"
        );
    }

    #[test]
    fn what_it_writes_reads_back_with_the_prefix_as_the_only_change() {
        let mut out = Vec::new();
        Writer::new(&mut out)
            .write_record(["=1+1", "a\nb", ""])
            .unwrap();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(out.as_slice());
        let record = reader.records().next().unwrap().unwrap();
        assert_eq!(record.iter().collect::<Vec<_>>(), ["'=1+1", "a\nb", ""]);
    }
}
