//! One field-sheet workbook, designed for paper: a sheet per sub-unit (village, class,
//! client company) on A4 landscape at 10 pt, rows tall enough to write in and to show every
//! wrapped cell whole, the header repeated on every page, "第 N 页 共 M 页" in the footer
//! and a 填报人 / 审核人 / 填报日期 block after the last row. The outcome column has a
//! dropdown; the hidden token column lies inside the filter range, so sorting with the
//! filter button moves it with its row. An optional detail sheet holds the detailed
//! reasons and source rows.
//!
//! Every value is written as a string or a number, never as a formula, so a name such as
//! `=HYPERLINK(...)` arrives in Excel as the text it is.

use rust_xlsxwriter::{
    DataValidation, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use rusqlite::Connection;

use super::columns::{self as col, Column};
use super::fit;
use super::row_text::PrintedRow;
use super::Outcome;
use crate::analysis::RouteType;
use crate::{ErrorKind, Result};

/// What the title rows say.
pub struct Title<'a> {
    pub county: &'a str,
    /// The unit's full name, however long.
    pub unit: &'a str,
    pub as_of: &'a str,
    pub coverage_year: i32,
    pub lists_used: &'a str,
    pub masked: bool,
}

/// One sheet: its safe name, the sub-unit's full name, its rows.
pub struct SheetRows<'g> {
    pub name: String,
    pub place: String,
    pub rows: Vec<PrintedRow<'g>>,
}

/// Rows above the data: title, details, header.
pub const HEADER_ROW: u32 = 2;
/// The blank row and the signature row below the data, in points.
const SPACER_PT: f64 = 15.0;
const SIGNATURE_PT: f64 = 30.0;
/// A4 landscape's height less the top and bottom margins of [`print_setup`], in points.
const PAGE_BODY_PT: f64 = 595.3 - (TOP_MARGIN_IN + BOTTOM_MARGIN_IN) * 72.0;
const TOP_MARGIN_IN: f64 = 0.55;
const BOTTOM_MARGIN_IN: f64 = 0.6;
const FONT_PT: f64 = 10.0;

/// Millimetres as Excel's column pixels; never 64, which the writer stores as the default
/// width and LibreOffice then replaces by its own.
fn px(mm: f64) -> u32 {
    match (mm * 96.0 / 25.4).round() as u32 {
        64 => 65,
        p => p,
    }
}

/// Writes the workbook; `file` names it in errors.
pub fn workbook(
    file: &str,
    title: &Title<'_>,
    route: RouteType,
    sheets: &[SheetRows<'_>],
    detail: bool,
) -> Result<Vec<u8>> {
    let fail = |e: XlsxError| -> crate::Error {
        ErrorKind::WriteFailed {
            file: file.to_string(),
            reason: e.to_string(),
        }
        .into()
    };
    let mut wb = Workbook::new();
    // Compressing the XML was the largest part of an export's time; the fastest level
    // costs a few more kilobytes per township, nothing an officer notices.
    wb.set_zip_compression_level(1);
    for sheet in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&sheet.name).map_err(fail)?;
        write_sheet(ws, title, route, sheet).map_err(fail)?;
    }
    if detail {
        let ws = wb.add_worksheet();
        ws.set_name(col::DETAIL_SHEET).map_err(fail)?;
        write_detail(ws, title, sheets).map_err(fail)?;
    }
    wb.save_to_buffer().map_err(fail)
}

/// `&` starts a code in Excel's page headers; a name shows it doubled.
fn header_text(s: &str) -> String {
    s.replace('&', "&&").chars().take(120).collect()
}

/// A4 landscape at 100 %: the columns are sized to fit, and shrinking to fit would take
/// the text below 10 pt. The page header names the unit in the body's size.
fn print_setup(ws: &mut Worksheet, page_header: &str) -> Result<(), XlsxError> {
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_margins(0.25, 0.25, TOP_MARGIN_IN, BOTTOM_MARGIN_IN, 0.25, 0.3);
    ws.set_print_scale(100);
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    ws.set_header(format!("&L&10{}", header_text(page_header)));
    ws.set_footer("&C第 &P 页 共 &N 页");
    Ok(())
}

fn write_sheet(
    ws: &mut Worksheet,
    title: &Title<'_>,
    route: RouteType,
    sheet: &SheetRows<'_>,
) -> Result<(), XlsxError> {
    let cols = col::field(route);
    let token_col = cols.len() as u16 - 1;
    let last_visible = token_col - 1;
    let base = Format::new()
        .set_font_size(FONT_PT)
        .set_align(FormatAlign::VerticalCenter);
    // A workbook per village is already named after the village.
    let heading = if title.unit.ends_with(&sheet.place) {
        format!("{}{} 参保缺口跟进名单", title.county, title.unit)
    } else {
        format!(
            "{}{} 参保缺口跟进名单（{}）",
            title.county, title.unit, sheet.place
        )
    };
    let title_format = base
        .clone()
        .set_bold()
        .set_font_size(14)
        .set_text_wrap()
        .set_align(FormatAlign::Center);
    let visible_mm: f64 = cols.iter().map(|c| c.width_mm).sum();
    ws.merge_range(0, 0, 0, last_visible, &heading, &title_format)?;
    let title_height = fit::lines(&heading, visible_mm * 0.7).max(1) as f64 * 21.0 + 4.0;
    ws.set_row_height(0, title_height)?;
    let mask_note = if title.masked {
        "身份证号、电话已脱敏"
    } else {
        "含完整身份证号和电话，请妥善保管"
    };
    let details = format!(
        "截至 {}（{} 年度）；比对名单：{}；共 {} 人；{}。跟进结果请从下拉列表中选择；名单外的人请在末行后另起一行填写，导入时单独列出核对。",
        title.as_of,
        title.coverage_year,
        title.lists_used,
        sheet.rows.len(),
        mask_note
    );
    ws.merge_range(
        1,
        0,
        1,
        last_visible,
        &details,
        &base.clone().set_text_wrap(),
    )?;
    let details_height = fit::row_height(fit::lines(&details, visible_mm));
    ws.set_row_height(1, details_height)?;

    let header = base
        .clone()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin)
        .set_background_color("#DDEBF7");
    let mut header_lines = 1;
    for (c, column) in cols.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, c as u16, column.header, &header)?;
        ws.set_column_width_pixels(c as u16, px(column.width_mm).max(8))?;
        if column.header != col::TOKEN {
            header_lines = header_lines.max(fit::lines(column.header, column.width_mm));
        }
    }
    let header_height = fit::row_height(header_lines);
    ws.set_row_height(HEADER_ROW, header_height)?;

    let cell = base.clone().set_border(FormatBorder::Thin);
    let wrapped = cell.clone().set_text_wrap();
    let mut heights = Vec::with_capacity(sheet.rows.len());
    for (i, row) in sheet.rows.iter().enumerate() {
        let r = HEADER_ROW + 1 + i as u32;
        let values = cells(row);
        let mut lines = 1;
        ws.write_number_with_format(r, 0, (i + 1) as f64, &cell)?;
        for (c, (value, column)) in values.iter().zip(&cols).enumerate().skip(1) {
            if column.header == col::TOKEN {
                // Unformatted and hidden: a border here would print on nothing.
                ws.write_string(r, c as u16, *value)?;
                continue;
            }
            // A value too long for a one-line column wraps too, so it still prints whole.
            let wraps = column.wraps || !fit::fits_one_line(value, column.width_mm);
            // write_string: never a formula, whatever the text starts with.
            ws.write_string_with_format(r, c as u16, *value, if wraps { &wrapped } else { &cell })?;
            if wraps {
                lines = lines.max(fit::lines(value, column.width_mm));
            }
        }
        heights.push(fit::row_height(lines));
        ws.set_row_height(r, fit::row_height(lines))?;
    }
    let last_row = HEADER_ROW + sheet.rows.len().max(1) as u32;
    let outcome_col = position(&cols, col::OUTCOME);
    let labels: Vec<&str> = Outcome::ALL.iter().map(|o| o.label()).collect();
    let dropdown = DataValidation::new()
        .allow_list_strings(&labels)?
        .set_error_title("跟进结果")?
        .set_error_message("请从下拉列表中选择跟进结果")?;
    ws.add_data_validation(
        HEADER_ROW + 1,
        outcome_col,
        last_row,
        outcome_col,
        &dropdown,
    )?;
    ws.set_column_hidden(token_col)?;
    ws.set_freeze_panes(HEADER_ROW + 1, 2)?;
    // The filter covers the hidden token: sorting moves whole rows, token included.
    ws.autofilter(HEADER_ROW, 0, last_row, token_col)?;

    let signed = format!(
        "{}：____________　　　审核人：____________　　　填报日期：______年____月____日",
        col::SIGNED_BY
    );
    let signature_row = last_row + 2;
    ws.merge_range(
        signature_row,
        0,
        signature_row,
        last_visible,
        &signed,
        &base.clone().set_font_size(11),
    )?;
    ws.set_row_height(last_row + 1, SPACER_PT)?;
    ws.set_row_height(signature_row, SIGNATURE_PT)?;
    // Pages break where this sheet says (the renderers agree on explicit row heights), so
    // the signature never prints alone on a last page. Excel takes at most 1,023 breaks.
    let breaks = fit::page_breaks(
        title_height + details_height + header_height,
        header_height,
        &heights,
        SPACER_PT + SIGNATURE_PT,
        PAGE_BODY_PT,
    );
    if !breaks.is_empty() && breaks.len() <= 1023 {
        let rows: Vec<u32> = breaks.iter().map(|&i| HEADER_ROW + 1 + i as u32).collect();
        ws.set_page_breaks(&rows)?;
    }
    print_setup(
        ws,
        &format!("{}{}（{}）", title.county, title.unit, sheet.place),
    )
}

/// A row's cells in the order of [`col::field`] (the serial number is written apart).
fn cells<'r>(row: &'r PrintedRow<'_>) -> [&'r str; 17] {
    [
        "",
        row.name(),
        row.sex(),
        &row.id,
        row.place(),
        &row.address,
        &row.phone,
        &row.guardian,
        row.gap_label(),
        &row.reason,
        row.deadline(),
        "",
        "",
        "",
        "",
        &row.case_code,
        &row.token,
    ]
}

fn position(cols: &[Column], header: &str) -> u16 {
    cols.iter()
        .position(|c| c.header == header)
        .expect("a field-sheet column") as u16
}

/// The detail sheet: every person's case code, detailed reason and source rows.
fn write_detail(
    ws: &mut Worksheet,
    title: &Title<'_>,
    sheets: &[SheetRows<'_>],
) -> Result<(), XlsxError> {
    let columns: [(&str, f64); 7] = [
        (col::CASE_CODE, 15.0),
        (col::NAME, 16.0),
        ("村(社区)/班级/单位", 30.0),
        (col::GAP, 24.0),
        (col::PRIORITY, 12.0),
        (col::DETAIL_REASON, 84.0),
        (col::DETAIL_SOURCES, 84.0),
    ];
    let base = Format::new()
        .set_font_size(FONT_PT)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin);
    let wrapped = base.clone().set_text_wrap();
    let heading = format!(
        "{}{} 参保缺口详细原因（供核对，不必打印）",
        title.county, title.unit
    );
    ws.merge_range(
        0,
        0,
        0,
        columns.len() as u16 - 1,
        &heading,
        &Format::new().set_bold().set_font_size(14),
    )?;
    ws.set_row_height(0, 25)?;
    for (c, (h, width)) in columns.iter().enumerate() {
        ws.write_string_with_format(
            HEADER_ROW,
            c as u16,
            *h,
            &base.clone().set_bold().set_background_color("#DDEBF7"),
        )?;
        ws.set_column_width_pixels(c as u16, px(*width))?;
    }
    let mut r = HEADER_ROW;
    for sheet in sheets {
        for row in &sheet.rows {
            r += 1;
            let sources = row.sources();
            let values = [
                row.case_code.as_str(),
                row.name(),
                &sheet.place,
                row.gap_label(),
                row.priority(),
                row.detail_reason(),
                &sources,
            ];
            let mut lines = 1;
            for (c, (value, (_, width))) in values.iter().zip(&columns).enumerate() {
                ws.write_string_with_format(r, c as u16, *value, &wrapped)?;
                lines = lines.max(fit::lines(value, *width));
            }
            ws.set_row_height(r, fit::row_height(lines))?;
        }
    }
    ws.autofilter(
        HEADER_ROW,
        0,
        r.max(HEADER_ROW + 1),
        columns.len() as u16 - 1,
    )?;
    ws.set_freeze_panes(HEADER_ROW + 1, 2)?;
    print_setup(ws, &format!("{}{} 详细原因", title.county, title.unit))
}

/// The lists the analysis compared, for worklist titles: "户籍人口、参保记录、…".
pub(super) fn lists_used(conn: &Connection) -> Result<String> {
    let mut stmt = conn.prepare_cached("SELECT DISTINCT kind FROM batch ORDER BY kind")?;
    let kinds: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut names: Vec<&str> = crate::ListKind::ALL
        .iter()
        .filter(|k| kinds.iter().any(|s| s == k.as_str()))
        .map(|k| k.chinese_name())
        .collect();
    names.dedup();
    Ok(names.join("、"))
}
