//! The field sheet's columns, shared by the writer and the follow-up reader so that the
//! two can never disagree on a header, with their printed widths.
//!
//! Widths are in millimetres on the page at 10 pt as Excel draws them (a column `w`
//! characters wide is 7·w pixels at 96 dpi). LibreOffice measures the same column with the
//! font's real digit width, about 6 % wider; the visible columns add up to less than the
//! printable width of A4 landscape (297 mm less 2 × 6.4 mm margins) even so, and the sheet
//! prints one page wide at 100 % in both (it is never shrunk to fit: that would take the
//! text below 10 pt).

use crate::analysis::RouteType;

pub const SERIAL: &str = "序号";
pub const NAME: &str = "姓名";
pub const SEX: &str = "性别";
pub const ID: &str = "身份证号";
pub const ADDRESS: &str = "住址";
pub const PHONE: &str = "联系电话";
pub const GUARDIAN: &str = "监护人及电话";
pub const GAP: &str = "缺口类型";
pub const REASON: &str = "原因";
pub const DEADLINE: &str = "办理期限";
pub const OUTCOME: &str = "跟进结果";
pub const OUTCOME_DATE: &str = "跟进日期";
pub const OFFICER: &str = "跟进人";
pub const NOTE: &str = "备注";
/// The visible short code of a row's case: typed back, it finds the case when the hidden
/// token was lost (a row retyped, a column deleted).
pub const CASE_CODE: &str = "案件码";
/// The hidden column holding each row's opaque token. It lies inside the filter range, so
/// sorting with the filter button moves it with its row.
pub const TOKEN: &str = "行令牌（请勿修改）";

/// The optional sheet with the detailed reason and source rows of every person.
pub const DETAIL_SHEET: &str = "详细原因";
pub const DETAIL_REASON: &str = "详细原因";
pub const DETAIL_SOURCES: &str = "来源名单及行号";
pub const PRIORITY: &str = "优先级";

/// The first words of the signature block below the data: the reader stops there.
pub const SIGNED_BY: &str = "填报人";

/// The column of the sub-unit a row belongs to, as the route names it.
pub fn place(route: RouteType) -> &'static str {
    match route {
        RouteType::Township => "村(社区)",
        RouteType::School => "年级班级",
        RouteType::Agency => "用工单位",
    }
}

/// One printed column.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub header: &'static str,
    /// Width on the page.
    pub width_mm: f64,
    /// True when the text wraps onto more lines (the row grows to show it whole).
    pub wraps: bool,
}

const fn column(header: &'static str, width_mm: f64, wraps: bool) -> Column {
    Column {
        header,
        width_mm,
        wraps,
    }
}

/// The field sheet's columns in order; the hidden token last, inside the filter range.
pub fn field(route: RouteType) -> [Column; 17] {
    [
        column(SERIAL, 7.0, false),
        column(NAME, 15.0, true),
        column(SEX, 7.0, false),
        column(ID, 34.0, false),
        column(place(route), 17.0, true),
        column(ADDRESS, 21.0, true),
        column(PHONE, 22.0, false),
        column(GUARDIAN, 21.0, true),
        column(GAP, 16.0, true),
        column(REASON, 22.0, true),
        column(DEADLINE, 19.0, false),
        column(OUTCOME, 14.0, true),
        column(OUTCOME_DATE, 13.0, false),
        column(OFFICER, 10.0, false),
        column(NOTE, 12.0, true),
        column(CASE_CODE, 15.0, false),
        column(TOKEN, 0.0, false),
    ]
}

/// Printable width of A4 landscape within the sheet's margins.
pub const PRINTABLE_WIDTH_MM: f64 = 297.0 - 2.0 * 6.4;
/// How much wider LibreOffice draws a column than Excel (Carlito's digit is 7.43 px at
/// 11 pt, Excel rounds it to 7).
pub const WIDEST_RENDERER: f64 = 7.43 / 7.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_visible_columns_fit_a4_landscape_at_full_size() {
        for route in [RouteType::Township, RouteType::School, RouteType::Agency] {
            let total: f64 = field(route).iter().map(|c| c.width_mm).sum();
            assert!(
                total * WIDEST_RENDERER <= PRINTABLE_WIDTH_MM - 1.0,
                "{total} mm"
            );
            assert_eq!(field(route).last().unwrap().header, TOKEN);
        }
    }
}
