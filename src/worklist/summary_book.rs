//! The summary workbook beside the worklists, as a bureau presents it: gaps by township
//! and type with totals, coverage by township against the target rate with a chart that
//! prints whole on one landscape page, the funnel flagged → contacted → mobilised →
//! enrolled per township, and the list of files written.

use rust_xlsxwriter::{
    Chart, ChartType, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::ExportedFile;
use crate::analysis::campaign::Funnel;
use crate::analysis::coverage;
use crate::report::township::TownshipReport;
use crate::{ErrorKind, GapCode, Result};

/// The summary workbook of `report`, listing the worklist `files` written beside it.
pub fn workbook(report: &TownshipReport, files: &[ExportedFile], target: f64) -> Result<Vec<u8>> {
    build(report, files, target).map_err(|e| {
        ErrorKind::WriteFailed {
            file: super::staging::SUMMARY_FILE.into(),
            reason: e.to_string(),
        }
        .into()
    })
}

fn landscape(ws: &mut Worksheet, fit_height: u16) {
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_margins(0.4, 0.4, 0.5, 0.6, 0.25, 0.3);
    ws.set_print_fit_to_pages(1, fit_height);
    ws.set_footer("&C第 &P 页 共 &N 页");
}

fn build(
    report: &TownshipReport,
    files: &[ExportedFile],
    target: f64,
) -> Result<Vec<u8>, XlsxError> {
    let (summary, coverage) = (&report.summary, &report.coverage);
    let (by_township, funnel) = (&report.gaps, &report.funnel);
    let title = Format::new().set_bold().set_font_size(14);
    let head = Format::new()
        .set_bold()
        .set_font_size(10)
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin)
        .set_background_color("#DDEBF7");
    let cell = Format::new()
        .set_font_size(10)
        .set_border(FormatBorder::Thin);
    let bold = cell.clone().set_bold();
    let percent = cell.clone().set_num_format("0.00%");
    let mut wb = Workbook::new();
    let as_of = format!("截至 {}，{} 年度", summary.as_of, summary.coverage_year);

    // 乡镇 × 缺口类型, with totals.
    let ws = wb.add_worksheet().set_name("缺口统计")?;
    ws.write_string_with_format(
        0,
        0,
        format!("各乡镇参保缺口（{as_of}，共 {} 人）", summary.gaps_total),
        &title,
    )?;
    let codes: Vec<GapCode> = GapCode::ALL
        .into_iter()
        .filter(|c| by_township.values().any(|m| m.contains_key(c)))
        .collect();
    ws.write_string_with_format(2, 0, "乡镇", &head)?;
    for (i, c) in codes.iter().enumerate() {
        ws.write_string_with_format(2, 1 + i as u16, c.chinese_label(), &head)?;
        ws.set_column_width(1 + i as u16, 11)?;
    }
    let total_col = 1 + codes.len() as u16;
    ws.write_string_with_format(2, total_col, "合计", &head)?;
    ws.set_row_height(2, 45)?;
    let mut r = 3;
    for (township, counts) in by_township {
        ws.write_string_with_format(r, 0, township, &cell)?;
        for (i, c) in codes.iter().enumerate() {
            ws.write_number_with_format(
                r,
                1 + i as u16,
                f64::from(counts.get(c).copied().unwrap_or(0)),
                &cell,
            )?;
        }
        ws.write_number_with_format(r, total_col, f64::from(counts.values().sum::<u32>()), &bold)?;
        r += 1;
    }
    ws.write_string_with_format(r, 0, "合计", &bold)?;
    for (i, c) in codes.iter().enumerate() {
        let n: u32 = by_township
            .values()
            .map(|m| m.get(c).copied().unwrap_or(0))
            .sum();
        ws.write_number_with_format(r, 1 + i as u16, f64::from(n), &bold)?;
    }
    let all: u32 = by_township.values().flat_map(|m| m.values()).sum();
    ws.write_number_with_format(r, total_col, f64::from(all), &bold)?;
    ws.set_column_width(0, 18)?;
    ws.set_repeat_rows(2, 2)?;
    landscape(ws, 0);

    // Coverage by township against the target, chart below the table, all on one page.
    let ws = wb.add_worksheet().set_name("参保率")?;
    ws.write_string_with_format(
        0,
        0,
        format!("各乡镇参保率与目标（{as_of}；目标 {:.2}%）", target * 100.0),
        &title,
    )?;
    for (c, h) in [
        "乡镇",
        "户籍居民",
        "已参保",
        "参保率",
        "目标",
        "距目标还需参保（人）",
        "是否达标",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(2, c as u16, *h, &head)?;
    }
    ws.set_row_height(2, 30)?;
    let townships: Vec<&coverage::Coverage> =
        coverage.iter().filter(|c| c.village.is_empty()).collect();
    for (i, c) in townships.iter().enumerate() {
        let r = 3 + i as u32;
        let name = if c.township.is_empty() {
            "全县"
        } else {
            c.township.as_str()
        };
        let needed = ((target * f64::from(c.residents)).ceil() - f64::from(c.enrolled)).max(0.0);
        ws.write_string_with_format(
            r,
            0,
            name,
            if c.township.is_empty() { &bold } else { &cell },
        )?;
        ws.write_number_with_format(r, 1, f64::from(c.residents), &cell)?;
        ws.write_number_with_format(r, 2, f64::from(c.enrolled), &cell)?;
        ws.write_number_with_format(r, 3, c.rate, &percent)?;
        ws.write_number_with_format(r, 4, target, &percent)?;
        ws.write_number_with_format(r, 5, needed, &cell)?;
        ws.write_string_with_format(
            r,
            6,
            if c.rate >= target {
                "达标"
            } else {
                "未达标"
            },
            &cell,
        )?;
    }
    for (c, w) in [
        (0u16, 16.0),
        (1, 10.0),
        (2, 10.0),
        (3, 10.0),
        (4, 10.0),
        (5, 14.0),
        (6, 10.0),
    ] {
        ws.set_column_width(c, w)?;
    }
    let charted: Vec<usize> = (0..townships.len())
        .filter(|&i| !townships[i].township.is_empty())
        .collect();
    if let (Some(&first), Some(&last)) = (charted.first(), charted.last()) {
        let (first, last) = (3 + first as u32, 3 + last as u32);
        let mut chart = Chart::new(ChartType::Column);
        chart
            .add_series()
            .set_categories(("参保率", first, 0, last, 0))
            .set_values(("参保率", first, 3, last, 3))
            .set_name("参保率");
        // The target as a line across the columns.
        let mut target_line = Chart::new(ChartType::Line);
        target_line
            .add_series()
            .set_categories(("参保率", first, 0, last, 0))
            .set_values(("参保率", first, 4, last, 4))
            .set_name("目标");
        chart.combine(&target_line);
        chart.title().set_name("各乡镇参保率与目标");
        chart.y_axis().set_num_format("0%");
        chart.set_width(820).set_height(380);
        ws.insert_chart(4 + townships.len() as u32, 0, &chart)?;
    }
    landscape(ws, 1);

    // The funnel per township.
    let ws = wb.add_worksheet().set_name("跟进进度")?;
    ws.write_string_with_format(
        0,
        0,
        format!("各乡镇跟进进度（历次比对累计，{as_of}）"),
        &title,
    )?;
    for (c, h) in [
        "乡镇",
        "排查出",
        "已联系",
        "已动员",
        "已参保（经参保数据确认）",
        "联系率",
        "参保率（占排查出）",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(2, c as u16, *h, &head)?;
    }
    ws.set_row_height(2, 30)?;
    let mut total = Funnel::default();
    let mut r = 3;
    let ratio = |n: u32, d: u32| {
        if d == 0 {
            0.0
        } else {
            f64::from(n) / f64::from(d)
        }
    };
    let write_funnel = |ws: &mut Worksheet,
                        r: u32,
                        name: &str,
                        f: &Funnel,
                        fmt: &Format|
     -> Result<(), XlsxError> {
        ws.write_string_with_format(r, 0, name, fmt)?;
        for (c, n) in [f.flagged, f.contacted, f.mobilised, f.enrolled]
            .iter()
            .enumerate()
        {
            ws.write_number_with_format(r, 1 + c as u16, f64::from(*n), fmt)?;
        }
        ws.write_number_with_format(r, 5, ratio(f.contacted, f.flagged), &percent)?;
        ws.write_number_with_format(r, 6, ratio(f.enrolled, f.flagged), &percent)?;
        Ok(())
    };
    for (township, f) in funnel {
        write_funnel(ws, r, township, f, &cell)?;
        total.flagged += f.flagged;
        total.contacted += f.contacted;
        total.mobilised += f.mobilised;
        total.enrolled += f.enrolled;
        r += 1;
    }
    write_funnel(ws, r, "合计", &total, &bold)?;
    for (c, w) in [
        (0u16, 18.0),
        (1, 10.0),
        (2, 10.0),
        (3, 10.0),
        (4, 16.0),
        (5, 10.0),
        (6, 14.0),
    ] {
        ws.set_column_width(c, w)?;
    }
    ws.set_repeat_rows(2, 2)?;
    landscape(ws, 0);

    let ws = wb.add_worksheet().set_name("导出文件")?;
    for (c, h) in ["文件", "跟进单位", "人数"].iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &head)?;
    }
    for (i, f) in files.iter().enumerate() {
        let r = 1 + i as u32;
        ws.write_string_with_format(r, 0, &f.file, &cell)?;
        ws.write_string_with_format(r, 1, &f.unit, &cell.clone().set_text_wrap())?;
        ws.write_number_with_format(r, 2, f64::from(f.rows), &cell)?;
    }
    ws.set_column_width(0, 50)?;
    ws.set_column_width(1, 50)?;
    landscape(ws, 0);
    wb.save_to_buffer()
}
