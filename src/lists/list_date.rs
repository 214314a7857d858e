//! A list's own date: the month or day the department says the list describes
//! ("2025年7月", "2025年度", "截至2025-08-31"), which is not the day it was imported.
//!
//! Read from the title rows above the header, else the file name, else the sheet name;
//! failing those, the file's modified date, else the import date. Stored as ISO text at
//! its precision ("2025", "2025-07", "2025-08-31"), which also sorts in time order.
//!
//! The rules it implements are written down in docs/rules.md, "The list date".

use chrono::{Datelike, NaiveDate};

use crate::vocabulary::stored_vocabulary;

stored_vocabulary! {
    /// Where a list's date came from.
    pub enum ListDateSource {
        Title = "title",
        FileName = "file_name",
        SheetName = "sheet_name",
        /// The file's modified time, when nothing in it names a date.
        FileModified = "file_modified",
        ImportDate = "import_date",
        /// Given by the officer (`--list-date`, or changed afterwards).
        Officer = "officer",
    }
}

impl ListDateSource {
    pub fn chinese_name(self) -> &'static str {
        match self {
            ListDateSource::Title => "标题",
            ListDateSource::FileName => "文件名",
            ListDateSource::SheetName => "工作表名",
            ListDateSource::FileModified => "文件修改日期",
            ListDateSource::ImportDate => "导入日期",
            ListDateSource::Officer => "手工填写",
        }
    }
}

/// A list's date at the precision it was written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ListDate {
    Year(i32),
    Month(i32, u32),
    Day(NaiveDate),
}

impl ListDate {
    /// The stored form: "2025", "2025-07" or "2025-08-31".
    pub fn stored(self) -> String {
        match self {
            ListDate::Year(y) => format!("{y:04}"),
            ListDate::Month(y, m) => format!("{y:04}-{m:02}"),
            ListDate::Day(d) => d.format("%Y-%m-%d").to_string(),
        }
    }

    /// Parses the stored form (also what an officer types: 2025-07, 2025-07-31, 2025).
    pub fn from_stored(s: &str) -> Option<ListDate> {
        let s = s.trim();
        let parts: Vec<&str> = s.split('-').collect();
        let year = |p: &str| p.parse::<i32>().ok().filter(|y| (1990..=2100).contains(y));
        match parts.as_slice() {
            [y] if y.len() == 4 => Some(ListDate::Year(year(y)?)),
            [y, m] if y.len() == 4 => {
                let m: u32 = m.parse().ok().filter(|m| (1..=12).contains(m))?;
                Some(ListDate::Month(year(y)?, m))
            }
            _ => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .map(ListDate::Day),
        }
    }

    /// As officers write it: 2025年度, 2025年7月, 2025年8月31日.
    pub fn chinese(self) -> String {
        match self {
            ListDate::Year(y) => format!("{y}年度"),
            ListDate::Month(y, m) => format!("{y}年{m}月"),
            ListDate::Day(d) => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        }
    }

    /// The date in English: "the year 2025", "2025-07", "2025-07-31".
    pub fn english(self) -> String {
        match self {
            ListDate::Year(y) => format!("the year {y}"),
            ListDate::Month(y, m) => format!("{y}-{m:02}"),
            ListDate::Day(d) => crate::dates::iso(d),
        }
    }

    pub fn year(self) -> i32 {
        match self {
            ListDate::Year(y) | ListDate::Month(y, _) => y,
            ListDate::Day(d) => d.year(),
        }
    }

    /// Finds the first date a text names: 截至2025-08-31, 2025年8月31日, 2025.8.31,
    /// 2025年7月, 2025年1-7月 (the last month), 2025年度, 202507, 2025-07.
    pub fn find_in(text: &str) -> Option<ListDate> {
        let chars: Vec<char> = text.chars().collect();
        (0..chars.len()).find_map(|start| date_at(&chars, start))
    }
}

/// A date starting at `start` with a four-digit year not preceded by a digit.
fn date_at(chars: &[char], start: usize) -> Option<ListDate> {
    if start > 0 && chars[start - 1].is_ascii_digit() {
        return None;
    }
    let digits = |from: usize| {
        chars[from..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let number = |from: usize, len: usize| {
        chars[from..from + len]
            .iter()
            .collect::<String>()
            .parse::<u32>()
            .ok()
    };
    let run = digits(start);
    let plausible_year = |y: u32| (1990..=2100).contains(&y);
    // Eight or six digits in a row: 20250831, 202507.
    if run == 8 || run == 6 {
        let y = number(start, 4)?;
        let m = number(start + 4, 2)?;
        if !plausible_year(y) || !(1..=12).contains(&m) {
            return None;
        }
        if run == 6 {
            return Some(ListDate::Month(y as i32, m));
        }
        let d = number(start + 6, 2)?;
        return NaiveDate::from_ymd_opt(y as i32, m, d).map(ListDate::Day);
    }
    if run != 4 {
        return None;
    }
    let y = number(start, 4)?;
    if !plausible_year(y) {
        return None;
    }
    let y = y as i32;
    let mut i = start + 4;
    // A bare year ends a name or stands before a bracket or space: "参保名单2026.xlsx".
    let Some(&sep) = chars.get(i) else {
        return Some(ListDate::Year(y));
    };
    if !matches!(sep, '年' | '-' | '.' | '/' | '_') {
        return matches!(sep, ' ' | ')' | '）' | '(' | '（').then_some(ListDate::Year(y));
    }
    i += 1;
    let month_len = digits(i);
    if month_len == 0 || month_len > 2 {
        // "2025年度", "2025年上半年", "2025.xlsx": the year alone.
        return Some(ListDate::Year(y));
    }
    let mut m = number(i, month_len)?;
    i += month_len;
    // A span of months (2025年1-7月, 1至7月): the list describes the last one.
    if matches!(chars.get(i), Some('-' | '—' | '~' | '至' | '到')) && sep == '年' {
        let len = digits(i + 1);
        if (1..=2).contains(&len) {
            m = number(i + 1, len)?;
            i += 1 + len;
        }
    }
    if !(1..=12).contains(&m) {
        return (sep == '年').then_some(ListDate::Year(y));
    }
    let after_month = chars.get(i).copied();
    let day_from = match (sep, after_month) {
        ('年', Some('月')) => i + 1,
        ('年', _) => return Some(ListDate::Year(y)),
        (_, Some(c)) if c == sep => i + 1,
        _ => return Some(ListDate::Month(y, m)),
    };
    let day_len = digits(day_from);
    if day_len == 0 || day_len > 2 {
        return Some(ListDate::Month(y, m));
    }
    let d = number(day_from, day_len)?;
    NaiveDate::from_ymd_opt(y, m, d)
        .map(ListDate::Day)
        .or(Some(ListDate::Month(y, m)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> ListDate {
        ListDate::Day(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    #[test]
    fn reads_the_dates_titles_and_file_names_carry() {
        assert_eq!(
            ListDate::find_in("海丰县2025年7月低保对象花名册"),
            Some(ListDate::Month(2025, 7))
        );
        assert_eq!(
            ListDate::find_in("2025年度参保名单"),
            Some(ListDate::Year(2025))
        );
        assert_eq!(
            ListDate::find_in("截至2025-08-31参保人员"),
            Some(day(2025, 8, 31))
        );
        assert_eq!(
            ListDate::find_in("填报日期：2026年6月30日"),
            Some(day(2026, 6, 30))
        );
        assert_eq!(ListDate::find_in("出生名单2026.8.5"), Some(day(2026, 8, 5)));
        assert_eq!(
            ListDate::find_in("household_2026-08.xlsx"),
            Some(ListDate::Month(2026, 8))
        );
        assert_eq!(
            ListDate::find_in("户籍人口202608.xlsx"),
            Some(ListDate::Month(2026, 8))
        );
        assert_eq!(
            ListDate::find_in("死亡20260815.csv"),
            Some(day(2026, 8, 15))
        );
        assert_eq!(
            ListDate::find_in("海丰县2026年1-7月出生登记"),
            Some(ListDate::Month(2026, 7))
        );
        assert_eq!(
            ListDate::find_in("海丰县2026年上半年出生医学证明签发名单"),
            Some(ListDate::Year(2026))
        );
    }

    #[test]
    fn numbers_that_are_not_dates_are_left_alone() {
        assert_eq!(ListDate::find_in("名单.xlsx"), None);
        assert_eq!(ListDate::find_in("441521199001011234"), None);
        assert_eq!(ListDate::find_in("第3345号"), None);
        assert_eq!(ListDate::find_in("共 1200 人"), None);
    }

    #[test]
    fn the_stored_form_reads_back_and_sorts_in_time_order() {
        for d in [
            ListDate::Year(2025),
            ListDate::Month(2025, 7),
            day(2025, 8, 31),
        ] {
            assert_eq!(ListDate::from_stored(&d.stored()), Some(d));
        }
        assert!(ListDate::Month(2025, 7).stored() < day(2025, 7, 31).stored());
        assert!(day(2025, 7, 31).stored() < ListDate::Month(2025, 8).stored());
        assert_eq!(ListDate::Month(2025, 7).chinese(), "2025年7月");
    }
}
