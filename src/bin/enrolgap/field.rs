//! The field work: `worklist` writes one Excel worklist per township, school or agency,
//! and `followup` reads the filled ones back.

use std::path::PathBuf;
use std::process::ExitCode;

use enrolgap::worklist::WorklistOptions;
use rusqlite::Connection;

use crate::args::WorklistArgs;

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
