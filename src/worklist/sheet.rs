//! One worklist workbook: a sheet per sub-unit (village, class, client company), each
//! with a title, a frozen header with filters, a dropdown of outcomes, a hidden token
//! column, and print settings for A4 landscape with the header on every page.
//!
//! Every value is written as a string or a number, never as a formula, so a name such as
//! `=HYPERLINK(...)` arrives in Excel as the text it is.

use std::collections::BTreeMap;

use rust_xlsxwriter::{DataValidation, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::columns as col;
use super::Outcome;
use crate::analysis::{Gap, RouteType};
use crate::identity::mask_id;
use crate::phone::mask_phone;
use crate::{ErrorKind, Result};

/// What the title rows say.
pub struct Title<'a> {
    pub county: &'a str,
    pub unit: &'a str,
    pub as_of: &'a str,
    pub coverage_year: i32,
    pub lists_used: &'a str,
}

/// Rows above the data: title, details, header.
const HEADER_ROW: u32 = 2;

/// Column headers and widths (in characters; CJK characters count double).
fn columns(route: RouteType) -> Vec<(&'static str, f64)> {
    let detail = match route {
        RouteType::Township => "村(社区)",
        RouteType::School => "年级班级",
        RouteType::Agency => "用工单位",
    };
    vec![
        (col::SERIAL, 6.0),
        (col::NAME, 10.0),
        (col::SEX, 6.0),
        (col::BIRTH, 12.0),
        (col::ID, 21.0),
        (col::GAP, 18.0),
        (col::REASON, 48.0),
        (col::LISTS, 16.0),
        (col::TOWNSHIP, 10.0),
        (detail, 16.0),
        (col::PHONE, 14.0),
        (col::DEADLINE, 12.0),
        (col::PRIORITY, 8.0),
        (col::OUTCOME, 14.0),
        (col::OUTCOME_DATE, 12.0),
        (col::OFFICER, 10.0),
        (col::NOTE, 20.0),
        (col::TOKEN, 14.0),
    ]
}

pub fn workbook(
    title: &Title<'_>,
    route: RouteType,
    sheets: &BTreeMap<String, Vec<&Gap>>,
    tokens: &[String],
    masked: bool,
) -> Result<Vec<u8>> {
    let fail = |e: XlsxError| -> crate::Error {
        ErrorKind::WriteFailed { file: title.unit.to_string(), reason: e.to_string() }.into()
    };
    let mut wb = Workbook::new();
    let mut tokens = tokens.iter();
    for (sheet_name, gaps) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_title(sheet_name)).map_err(fail)?;
        let sheet_tokens: Vec<&String> = tokens.by_ref().take(gaps.len()).collect();
        write_sheet(ws, title, route, sheet_name, gaps, &sheet_tokens, masked).map_err(fail)?;
    }
    wb.save_to_buffer().map_err(fail)
}

/// Excel's sheet names: at most 31 characters, none of []:*?/\.
fn sheet_title(name: &str) -> String {
    let cleaned: String =
        name.chars().map(|c| if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') { '_' } else { c }).collect();
    cleaned.chars().take(31).collect()
}

fn write_sheet(
    ws: &mut Worksheet,
    title: &Title<'_>,
    route: RouteType,
    sheet_name: &str,
    gaps: &[&Gap],
    tokens: &[&String],
    masked: bool,
) -> Result<(), XlsxError> {
    let cols = columns(route);
    let last_col = cols.len() as u16 - 1;
    let token_col = last_col;
    let title_format = Format::new().set_bold().set_font_size(16).set_align(FormatAlign::Center);
    let heading = format!("{}{} 参保缺口跟进名单（{}）", title.county, title.unit, sheet_name);
    ws.merge_range(0, 0, 0, last_col - 1, &heading, &title_format)?;
    let mask_note = if masked { "身份证号、电话已脱敏" } else { "含完整身份证号和电话，请妥善保管" };
    let details = format!(
        "截至 {}（{} 年度）；比对名单：{}；共 {} 人；{}；跟进结果请从下拉列表中选择",
        title.as_of,
        title.coverage_year,
        title.lists_used,
        gaps.len(),
        mask_note
    );
    ws.merge_range(1, 0, 1, last_col - 1, &details, &Format::new().set_text_wrap())?;
    ws.set_row_height(1, 30)?;

    let header = Format::new().set_bold().set_align(FormatAlign::Center).set_border(FormatBorder::Thin).set_background_color("#DDEBF7");
    for (c, (name, width)) in cols.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, c as u16, *name, &header)?;
        ws.set_column_width(c as u16, *width)?;
    }
    let cell = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    for (i, (g, token)) in gaps.iter().zip(tokens).enumerate() {
        let r = HEADER_ROW + 1 + i as u32;
        let id = g.id_number.as_deref().map(|id| if masked { mask_id(id) } else { id.to_string() });
        let phone = g.phone.as_deref().map(|p| if masked { mask_phone(p) } else { p.to_string() });
        let values: [String; 17] = [
            (i + 1).to_string(),
            g.name.clone(),
            g.sex.clone().unwrap_or_default(),
            g.birth_date.clone().unwrap_or_default(),
            id.unwrap_or_default(),
            g.code.chinese_label().to_string(),
            g.reason.clone(),
            source_lists(g),
            g.township.clone().unwrap_or_else(|| g.route_unit.clone()),
            g.route_detail.clone(),
            phone.unwrap_or_default(),
            g.deadline.clone().unwrap_or_default(),
            g.priority.chinese_label().to_string(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ];
        ws.write_number_with_format(r, 0, (i + 1) as f64, &cell)?;
        for (c, value) in values.iter().enumerate().skip(1) {
            // write_string: never a formula, whatever the text starts with.
            ws.write_string_with_format(r, c as u16, value, &cell)?;
        }
        ws.write_string(r, token_col, token.as_str())?;
    }
    let last_row = HEADER_ROW + gaps.len().max(1) as u32;
    let outcome_col = cols.iter().position(|(n, _)| *n == col::OUTCOME).unwrap() as u16;
    let labels: Vec<&str> = Outcome::ALL.iter().map(|o| o.label()).collect();
    let dropdown = DataValidation::new()
        .allow_list_strings(&labels)?
        .set_error_title("跟进结果")?
        .set_error_message("请从下拉列表中选择跟进结果")?;
    ws.add_data_validation(HEADER_ROW + 1, outcome_col, last_row, outcome_col, &dropdown)?;
    ws.set_column_hidden(token_col)?;
    ws.set_freeze_panes(HEADER_ROW + 1, 2)?;
    ws.autofilter(HEADER_ROW, 0, last_row, last_col - 1)?;
    // Print: A4 landscape, one page wide, the header on every page, page x of y.
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    ws.set_footer("&C第 &P 页 共 &N 页");
    Ok(())
}

/// The kinds of list the person came from, in Chinese: "户籍人口、参保记录".
fn source_lists(g: &Gap) -> String {
    let mut kinds: Vec<crate::ListKind> = g.sources.iter().map(|s| s.kind).collect();
    kinds.sort();
    kinds.dedup();
    kinds.iter().map(|k| k.chinese_name()).collect::<Vec<_>>().join("、")
}
