//! Dates as officers' spreadsheets write them.
//!
//! Accepted: ISO dates, 2025/3/5, 2025.3.5, 2025年3月5日, 20250305, year-month forms
//! (2025-03, 2025年3月: the first of the month); Excel serial numbers only from numeric
//! cells, since a bare number in text is too ambiguous to read as a date.

use chrono::{Datelike, NaiveDate};

/// Parses a date written as text. Returns `None` for anything it cannot read with certainty.
pub fn parse_date_text(raw: &str) -> Option<NaiveDate> {
    let s: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() {
        return None;
    }
    // A timestamp such as "2025-03-05 00:00:00" or "2025-03-05T00:00": keep the date.
    let s = s.split(['T']).next().unwrap_or(&s);
    // By bytes, so only when the cut falls between characters (fuzzing found a panic here).
    let s = match s.get(..10) {
        Some(date) if s.len() > 10 && s.as_bytes()[4] == b'-' => date,
        _ => s,
    };

    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        return ymd(&s[..4], &s[4..6], &s[6..8]);
    }
    let parts: Vec<&str> = s
        .split(['-', '/', '.', '年', '月', '日'])
        .filter(|p| !p.is_empty())
        .collect();
    if !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 => ymd(y, m, d),
        [y, m] if y.len() == 4 => ymd(y, m, "1"),
        // 201003: a year and month, as 出生年月 columns write it.
        [ym] if ym.len() == 6 && is_year_month(ym) => ymd(&ym[..4], &ym[4..], "1"),
        _ => None,
    }
}

/// True when a text names a year and month without a day (2010-03, 2010年3月, 2010.3,
/// 201003): a month, which [`parse_date_text`] reads as its first day.
pub fn is_year_month(raw: &str) -> bool {
    let s: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) {
        return s[4..].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
            && s[..2].parse::<u32>().is_ok_and(|c| c == 19 || c == 20);
    }
    let parts: Vec<&str> = s
        .split(['-', '/', '.', '年', '月'])
        .filter(|p| !p.is_empty())
        .collect();
    matches!(parts.as_slice(), [y, m] if y.len() == 4 && m.len() <= 2 && y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()))
        && parse_date_text(&s).is_some()
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// Converts an Excel serial day number (1900 date system) to a date.
///
/// Excel counts 1900-02-29, which did not exist, so serials from 61 on are one day
/// ahead of a plain count; using 1899-12-30 as day 0 absorbs that for every date
/// after February 1900, which covers every living person.
pub fn from_excel_serial(serial: f64) -> Option<NaiveDate> {
    if !(61.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    epoch.checked_add_days(chrono::Days::new(serial.floor() as u64))
}

/// Formats a date as YYYY-MM-DD.
pub fn iso(date: NaiveDate) -> String {
    let mut s = String::with_capacity(10);
    push_iso(&mut s, date);
    s
}

/// Appends `date` as YYYY-MM-DD, as `format("%Y-%m-%d")` writes it, without parsing a
/// format string per date (an import writes a few per row).
pub fn push_iso(out: &mut String, date: NaiveDate) {
    use std::fmt::Write;
    let y = date.year();
    // chrono writes years outside 0..=9999 with a sign.
    let _ = if (0..=9999).contains(&y) {
        // Digit by digit: the formatter's machinery cost more than the date (a few a row).
        let digits = |n: u32, width: u32| {
            (0..width)
                .rev()
                .map(move |p| char::from(b'0' + (n / 10u32.pow(p) % 10) as u8))
        };
        out.extend(digits(y as u32, 4));
        out.push('-');
        out.extend(digits(date.month(), 2));
        out.push('-');
        out.extend(digits(date.day(), 2));
        Ok(())
    } else {
        write!(out, "{y:+05}-{:02}-{:02}", date.month(), date.day())
    };
}

/// A stored date, YYYY-MM-DD, read without chrono's format parser (the analysis reads one
/// per person; `parse_from_str` parses its format string each time). Anything not of that
/// shape goes through the parser, so every text reads as
/// `NaiveDate::parse_from_str(text, "%Y-%m-%d")` reads it.
pub fn parse_stored_iso(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let number = |digits: &[u8]| {
            digits.iter().try_fold(0u32, |n, d| {
                d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
            })
        };
        if let (Some(y), Some(m), Some(d)) = (number(&b[..4]), number(&b[5..7]), number(&b[8..])) {
            return NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d);
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// The calendar year of an as-of date: the coverage year.
pub fn coverage_year(as_of: NaiveDate) -> i32 {
    as_of.year()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_and_month_is_a_month() {
        for text in ["2010-03", "2010年3月", "2010.3", "201003", "2010/03"] {
            assert!(is_year_month(text), "{text}");
        }
        for text in ["2010-03-05", "20100305", "2010", "123456", "3月"] {
            assert!(!is_year_month(text), "{text}");
        }
        assert_eq!(
            parse_date_text("201003"),
            NaiveDate::from_ymd_opt(2010, 3, 1)
        );
    }

    #[test]
    fn iso_writes_what_chrono_formats() {
        for (y, m, d) in [
            (2026, 6, 30),
            (1900, 1, 1),
            (5, 3, 9),
            (0, 1, 1),
            (-1, 12, 31),
            (10000, 2, 29),
            (262_000, 1, 1),
        ] {
            if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                assert_eq!(iso(date), date.format("%Y-%m-%d").to_string());
            }
        }
    }

    #[test]
    fn a_multibyte_character_where_a_timestamp_is_cut_is_not_a_date() {
        assert_eq!(parse_date_text("1952-06-\u{FFFD}8xx"), None);
        assert_eq!(parse_date_text("1952-06-08 00:00"), d(1952, 6, 8));
    }

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn reads_the_common_written_forms() {
        for raw in [
            "2025-03-05",
            "2025/3/5",
            "2025.3.5",
            "2025年3月5日",
            "20250305",
            " 2025-03-05 00:00:00",
        ] {
            assert_eq!(parse_date_text(raw), d(2025, 3, 5), "{raw}");
        }
    }

    #[test]
    fn a_year_and_month_means_the_first_day() {
        assert_eq!(parse_date_text("2025-03"), d(2025, 3, 1));
        assert_eq!(parse_date_text("2025年3月"), d(2025, 3, 1));
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        for raw in ["", "不详", "2025-02-30", "13/13/2025", "1990"] {
            assert_eq!(parse_date_text(raw), None, "{raw}");
        }
    }

    #[test]
    fn converts_excel_serials() {
        assert_eq!(from_excel_serial(45721.0), d(2025, 3, 5));
        assert_eq!(from_excel_serial(1.0), None);
    }

    #[test]
    fn a_stored_date_reads_as_chrono_reads_it() {
        for text in [
            "2026-06-30",
            "2024-02-29",
            "2025-02-29",
            "2026-13-01",
            "2026-00-10",
            "0001-01-01",
            "2026-6-30",
            "2026-06-3",
            "2026/06/30",
            "2026-06-30 ",
            "20260630",
            "",
            "abcd-ef-gh",
        ] {
            assert_eq!(
                parse_stored_iso(text),
                NaiveDate::parse_from_str(text, "%Y-%m-%d").ok(),
                "{text:?}"
            );
        }
    }
}
