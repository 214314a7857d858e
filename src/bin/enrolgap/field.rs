//! The field work: `worklist` writes one Excel worklist per township, school or agency,
//! `followup` reads the filled ones back, `dispatch` says where each unit's sheet
//! stands and `history` follows one person through the campaign.

use std::path::PathBuf;
use std::process::ExitCode;

use enrolgap::worklist::WorklistOptions;
use rusqlite::Connection;

use crate::args::{ReportFormat, WorklistArgs};

/// `enrolgap worklist`: writes the worklists and prints one line per file.
pub fn worklist(conn: &mut Connection, args: WorklistArgs) -> enrolgap::Result<ExitCode> {
    let WorklistArgs {
        out,
        split_by,
        codes,
        unmasked,
        reason,
        unit,
        not_followed_up,
        urgent,
        detail,
        target_rate,
    } = args;
    let options = WorklistOptions {
        split_by,
        codes,
        unmasked_reason: if unmasked { reason } else { None },
        unit,
        only_not_followed_up: not_followed_up,
        only_urgent: urgent,
        detail_sheet: detail,
        target_rate: target_rate.map(|percent| percent / 100.0),
        person_keys: Vec::new(),
    };
    let s = enrolgap::worklist::export(conn, &out, &options)?;
    for f in &s.files {
        println!("{}\t{}\t{} 人", f.file, f.unit, f.rows);
    }
    let masked = if s.masked {
        "身份证号和电话已脱敏"
    } else {
        "含完整身份证号和电话（已记入审计日志）"
    };
    println!(
        "已写入 {}：{} 个文件，{} 人；{masked}",
        s.dir,
        s.files.len(),
        s.rows
    );
    Ok(ExitCode::SUCCESS)
}

/// `enrolgap followup`: reads each filled worklist; fails when any file failed or
/// reported a problem, after reading them all.
pub fn followup(conn: &mut Connection, files: &[PathBuf]) -> enrolgap::Result<ExitCode> {
    let mut failed = false;
    for file in files {
        match enrolgap::worklist::followup::import(conn, file) {
            Ok(s) => {
                println!(
                    "{}：{} 行，新记录 {}，更新 {}，无变化 {}，问题 {}",
                    s.file,
                    s.rows_read,
                    s.applied,
                    s.updated,
                    s.unchanged,
                    s.problems.len()
                );
                for p in &s.problems {
                    if p.row == 0 {
                        println!("  {}：{}", p.sheet, p.message);
                    } else {
                        println!("  {} 第 {} 行：{}", p.sheet, p.row, p.message);
                    }
                }
                failed |= !s.problems.is_empty();
            }
            Err(e) => {
                eprintln!("enrolgap: {e}");
                failed = true;
            }
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `enrolgap dispatch`: one line per unit (or JSON): sent, back, overdue, funnel.
pub fn dispatch(
    conn: &mut Connection,
    format: ReportFormat,
    today: Option<chrono::NaiveDate>,
) -> enrolgap::Result<ExitCode> {
    use enrolgap::dispatch::DispatchStatus;
    let today = today.unwrap_or_else(|| chrono::Local::now().date_naive());
    let units = enrolgap::dispatch::by_unit(conn, today)?;
    if format == ReportFormat::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&units).expect("serialises")
        );
        return Ok(ExitCode::SUCCESS);
    }
    if units.is_empty() {
        println!("还没有发出任何工作表（enrolgap worklist）");
        return Ok(ExitCode::SUCCESS);
    }
    println!("单位\t发出日期\t应交回日期\t状态\t发出人数\t已反馈\t已动员\t已参保");
    for u in &units {
        let status = match (u.status, u.overdue) {
            (DispatchStatus::Completed, _) => "已全部反馈",
            (_, true) => "已逾期",
            (DispatchStatus::PartlyReturned, false) => "部分反馈",
            (DispatchStatus::Sent, false) => "已发出",
        };
        println!(
            "{}\t{}\t{}\t{status}\t{}\t{}\t{}\t{}",
            u.unit, u.sent_on, u.return_by, u.sent, u.contacted, u.mobilised, u.enrolled
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `enrolgap history CASE_CODE`: every analysis, outcome and enrolment row of a person.
pub fn history(
    conn: &mut Connection,
    case_code: &str,
    format: ReportFormat,
) -> enrolgap::Result<ExitCode> {
    let h = enrolgap::person_history::of_case_code(conn, case_code)?;
    if format == ReportFormat::Json {
        println!("{}", serde_json::to_string_pretty(&h).expect("serialises"));
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{}  {}",
        h.name,
        h.id_masked.as_deref().unwrap_or("（无身份证号）")
    );
    for f in &h.flagged {
        println!(
            "{}\t标记：{}\t{}\t{}",
            f.as_of,
            f.code.chinese_label(),
            f.unit,
            f.reason
        );
    }
    for c in &h.closed {
        let why = c.closed_because.map_or("原因不明", |w| w.chinese_name());
        println!("{}\t结案：{}\t{why}", c.as_of, c.code.chinese_label());
    }
    for o in &h.outcomes {
        let outcome = o.outcome.map_or("（无法识别）", |o| o.label());
        let from = match (&o.file, o.row_number) {
            (Some(file), Some(row)) => format!("{file} 第 {row} 行"),
            _ => "手工录入".to_string(),
        };
        println!(
            "{}\t跟进：{outcome}\t{}\t{from}",
            o.outcome_date
                .as_deref()
                .unwrap_or(&o.recorded_at[..10.min(o.recorded_at.len())]),
            o.officer.as_deref().unwrap_or("")
        );
    }
    for e in &h.enrolments {
        println!(
            "参保记录（在用）\t{}年度\t{}\t{}\t{} 第 {} 行",
            e.year.map_or("?".into(), |y| y.to_string()),
            e.scheme.map_or("险种不明", |s| s.chinese_name()),
            e.status.map_or("状态不明", |s| s.chinese_name()),
            e.file,
            e.row_number
        );
    }
    Ok(ExitCode::SUCCESS)
}
