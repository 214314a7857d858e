//! What a file says about the list it holds, beyond its rows: the list's own date, the
//! unit that sent it (填报单位) and, for a register without a year column, the year its
//! rows describe — read from title rows, sheet names and the file name.
//!
//! The rules it implements are written down in docs/rules.md,
//! "The list date" and "The register's year".

use chrono::NaiveDate;

use super::header::Header;
use super::reader::SheetHead;
use crate::lists::{ListDate, ListDateSource};
use crate::{ErrorKind, Result};

/// The text of the rows above a sheet's header (titles, "填报单位：…" lines).
pub fn title_text(head: &SheetHead, header: &Header) -> String {
    head.sheet.rows[..header.row_index.min(head.sheet.rows.len())]
        .iter()
        .flat_map(|row| row.iter().filter_map(super::cell::Cell::text))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The list's own date: given by the officer, else the first a title, the file name or a
/// sheet name names, else the file's modified date, else today.
pub fn list_date(
    given: Option<&str>,
    titles: &str,
    file: &str,
    sheets: &[&str],
    modified: Option<NaiveDate>,
) -> Result<(ListDate, ListDateSource)> {
    if let Some(given) = given {
        let date = ListDate::from_stored(given).ok_or_else(|| ErrorKind::InvalidArgument {
            message: format!("“{given}”不是名单日期；请写成 2025-07、2025-07-31 或 2025"),
        })?;
        return Ok((date, ListDateSource::Officer));
    }
    let found = ListDate::find_in(titles)
        .map(|d| (d, ListDateSource::Title))
        .or_else(|| ListDate::find_in(file).map(|d| (d, ListDateSource::FileName)))
        .or_else(|| {
            sheets
                .iter()
                .find_map(|s| ListDate::find_in(s))
                .map(|d| (d, ListDateSource::SheetName))
        });
    Ok(found.unwrap_or_else(|| match modified {
        Some(day) => (ListDate::Day(day), ListDateSource::FileModified),
        None => (
            ListDate::Day(chrono::Local::now().date_naive()),
            ListDateSource::ImportDate,
        ),
    }))
}

/// The sending unit a title line names: "填报单位：海丰县公安局 …" → 海丰县公安局.
pub fn source_unit(titles: &str) -> Option<String> {
    const LABELS: [&str; 4] = ["填报单位", "报送单位", "制表单位", "提供单位"];
    let (at, label) = LABELS
        .iter()
        .find_map(|l| titles.find(l).map(|at| (at, *l)))?;
    let rest = titles[at + label.len()..].trim_start_matches([':', '：', ' ', '\u{3000}']);
    let unit: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '\u{3000}' && *c != '：')
        .collect();
    (!unit.is_empty()).then_some(unit)
}

/// The contribution year of a register sheet without a year column: given, else its
/// sheet name ("2024年"), its title ("2024年度参保名单"), the file name; `None` when
/// nothing names one.
pub fn register_year(given: Option<i32>, sheet: &str, title: &str, file: &str) -> Option<i32> {
    given.or_else(|| {
        [sheet, title, file]
            .iter()
            .find_map(|t| ListDate::find_in(t))
            .map(ListDate::year)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_beats_the_file_name_and_the_officer_beats_both() {
        let (d, source) = list_date(
            None,
            "海丰县2025年7月低保对象花名册",
            "welfare_2025-06.xlsx",
            &[],
            None,
        )
        .unwrap();
        assert_eq!(
            (d, source),
            (ListDate::Month(2025, 7), ListDateSource::Title)
        );
        let (d, source) = list_date(None, "", "welfare_2025-06.xlsx", &["Sheet1"], None).unwrap();
        assert_eq!(
            (d, source),
            (ListDate::Month(2025, 6), ListDateSource::FileName)
        );
        let (d, source) = list_date(Some("2025-08-31"), "2025年7月", "x.xlsx", &[], None).unwrap();
        assert_eq!(
            (d.stored().as_str(), source),
            ("2025-08-31", ListDateSource::Officer)
        );
        let modified = NaiveDate::from_ymd_opt(2025, 9, 2).unwrap();
        let (d, source) = list_date(None, "", "名单.xlsx", &["Sheet1"], Some(modified)).unwrap();
        assert_eq!(
            (d, source),
            (ListDate::Day(modified), ListDateSource::FileModified)
        );
        assert!(list_date(Some("七月"), "", "x.xlsx", &[], None).is_err());
    }

    #[test]
    fn reads_the_sending_unit_from_a_title_line() {
        assert_eq!(
            source_unit("填报单位：海丰县公安局　　填报日期：2026年6月30日").as_deref(),
            Some("海丰县公安局")
        );
        assert_eq!(source_unit("海丰县户籍人口"), None);
    }

    #[test]
    fn a_register_year_comes_from_the_sheet_then_the_title_then_the_file() {
        assert_eq!(
            register_year(None, "2024年", "2025年度参保名单", "2026.xlsx"),
            Some(2024)
        );
        assert_eq!(
            register_year(None, "Sheet1", "2025年度参保名单", "2026.xlsx"),
            Some(2025)
        );
        assert_eq!(
            register_year(None, "Sheet1", "", "参保名单2026.xlsx"),
            Some(2026)
        );
        assert_eq!(register_year(None, "Sheet1", "参保名单", "参保.xlsx"), None);
        assert_eq!(register_year(Some(2023), "2024年", "", ""), Some(2023));
    }
}
