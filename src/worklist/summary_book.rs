//! The summary workbook beside the worklists: coverage per township and village with a
//! chart, gaps by code and by unit, and the list of files written.

use rusqlite::Connection;
use rust_xlsxwriter::{Chart, ChartType, Format, FormatAlign, Workbook, XlsxError};

use super::ExportedFile;
use crate::analysis::coverage;
use crate::analysis::AnalysisSummary;
use crate::{ErrorKind, Result};

pub fn workbook(conn: &Connection, summary: &AnalysisSummary, files: &[ExportedFile]) -> Result<Vec<u8>> {
    let coverage = coverage::latest(conn)?;
    let report = crate::report::build(conn)?;
    build(summary, &coverage, &report.gaps_by_unit, files)
        .map_err(|e| ErrorKind::WriteFailed { file: "汇总.xlsx".into(), reason: e.to_string() }.into())
}

fn build(
    summary: &AnalysisSummary,
    coverage: &[coverage::Coverage],
    by_unit: &[crate::report::UnitCount],
    files: &[ExportedFile],
) -> Result<Vec<u8>, XlsxError> {
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let percent = Format::new().set_num_format("0.00%");
    let mut wb = Workbook::new();

    let ws = wb.add_worksheet().set_name("参保率")?;
    ws.write_string_with_format(0, 0, format!("参保率（截至 {}，{} 年度）", summary.as_of, summary.coverage_year), &title)?;
    for (c, h) in ["乡镇", "村(社区)", "户籍居民", "已参保", "参保率"].iter().enumerate() {
        ws.write_string_with_format(1, c as u16, *h, &bold)?;
    }
    for (i, c) in coverage.iter().enumerate() {
        let r = 2 + i as u32;
        let township = if c.township.is_empty() { "全县" } else { &c.township };
        ws.write_string(r, 0, township)?;
        ws.write_string(r, 1, &c.village)?;
        ws.write_number(r, 2, f64::from(c.residents))?;
        ws.write_number(r, 3, f64::from(c.enrolled))?;
        ws.write_number_with_format(r, 4, c.rate, &percent)?;
    }
    ws.set_column_width(0, 14)?;
    ws.set_column_width(1, 14)?;
    // The chart needs the townships side by side: a compact copy of their rates.
    ws.write_string_with_format(1, 6, "乡镇", &bold)?;
    ws.write_string_with_format(1, 7, "参保率", &bold)?;
    let townships: Vec<&coverage::Coverage> = coverage.iter().filter(|c| !c.township.is_empty() && c.village.is_empty()).collect();
    for (i, c) in townships.iter().enumerate() {
        ws.write_string(2 + i as u32, 6, &c.township)?;
        ws.write_number_with_format(2 + i as u32, 7, c.rate, &percent)?;
    }
    if !townships.is_empty() {
        let last = 1 + townships.len() as u32;
        let mut chart = Chart::new(ChartType::Column);
        chart.add_series().set_categories(("参保率", 2, 6, last, 6)).set_values(("参保率", 2, 7, last, 7)).set_name("参保率");
        chart.title().set_name("各乡镇参保率");
        chart.y_axis().set_num_format("0%");
        chart.legend().set_hidden();
        ws.insert_chart(2, 9, &chart)?;
    }

    let ws = wb.add_worksheet().set_name("缺口统计")?;
    ws.write_string_with_format(0, 0, format!("缺口 {} 人", summary.gaps_total), &title)?;
    ws.write_string_with_format(1, 0, "缺口类型", &bold)?;
    ws.write_string_with_format(1, 1, "人数", &bold)?;
    let mut r = 2;
    for c in &summary.gaps_by_code {
        ws.write_string(r, 0, c.code.chinese_label())?;
        ws.write_number(r, 1, f64::from(c.count))?;
        r += 1;
    }
    r += 1;
    for (c, h) in ["跟进单位", "缺口类型", "人数"].iter().enumerate() {
        ws.write_string_with_format(r, c as u16, *h, &bold)?;
    }
    for u in by_unit {
        r += 1;
        ws.write_string(r, 0, &u.unit)?;
        ws.write_string(r, 1, u.code.chinese_label())?;
        ws.write_number(r, 2, f64::from(u.count))?;
    }
    ws.set_column_width(0, 30)?;
    ws.set_column_width(1, 22)?;

    let ws = wb.add_worksheet().set_name("导出文件")?;
    let center = Format::new().set_bold().set_align(FormatAlign::Center);
    for (c, h) in ["文件", "跟进单位", "人数"].iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &center)?;
    }
    for (i, f) in files.iter().enumerate() {
        let r = 1 + i as u32;
        ws.write_string(r, 0, &f.file)?;
        ws.write_string(r, 1, &f.unit)?;
        ws.write_number(r, 2, f64::from(f.rows))?;
    }
    ws.set_column_width(0, 40)?;
    ws.set_column_width(1, 30)?;
    wb.save_to_buffer()
}
