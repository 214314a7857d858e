//! The commands that produce and read results: `analyze`, `gaps`, `report`, `review`
//! and `quality`. Exports of full IDs and phones are logged before the data leaves.

use std::io::Write;
use std::process::ExitCode;

use chrono::NaiveDate;
use enrolgap::analysis::review::{self, Decision};
use enrolgap::export::{write_findings, write_gaps};
use enrolgap::{ErrorKind, NoProgress};
use rusqlite::Connection;

use crate::args::{GapsArgs, QualityArgs, ReportFormat, ReviewArgs};
use crate::output::emit;

/// `enrolgap analyze`: the gaps as of a date (today by default), kept as a snapshot.
pub fn analyze(conn: &mut Connection, as_of: Option<NaiveDate>) -> enrolgap::Result<ExitCode> {
    let as_of = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
    let s = enrolgap::analyze(conn, as_of, &NoProgress)?;
    println!(
        "分析完成（截至 {}，{} 年度）：户籍居民 {} 人，已参保 {} 人，参保率 {:.2}%，缺口 {} 人",
        s.as_of,
        s.coverage_year,
        s.residents,
        s.enrolled_residents,
        s.coverage_rate * 100.0,
        s.gaps_total
    );
    Ok(ExitCode::SUCCESS)
}

/// `enrolgap gaps`: the latest analysis's gaps, masked unless a reason is given.
pub fn gaps(conn: &Connection, args: GapsArgs) -> enrolgap::Result<ExitCode> {
    let GapsArgs {
        format,
        out,
        unmasked,
        reason,
    } = args;
    enrolgap::analysis::require_latest_summary(conn)?;
    let gaps = enrolgap::latest_gaps(conn)?;
    let Some(reason) = reason.filter(|_| unmasked) else {
        emit(out.as_deref(), |w| {
            write_gaps(&enrolgap::export::masked(gaps), format, w)
        })?;
        return Ok(ExitCode::SUCCESS);
    };
    if reason.trim().is_empty() {
        return Err(ErrorKind::InvalidArgument {
            message: "导出完整身份证号须在 --reason 中写明原因".into(),
        }
        .into());
    }
    // Recorded before the data leaves: a failed write leaves an entry too many,
    // never a full export without one.
    // The reason may name a person by ID or phone: the log keeps it masked.
    let reason = enrolgap::identity::mask_numbers(reason.trim());
    let detail = enrolgap::bilingual::Bilingual::new(
        format!("导出缺口名单（完整身份证号和电话），原因：{reason}"),
        format!("Exported the gap list (full ID and phone numbers), reason: {reason}"),
    );
    enrolgap::audit::append(conn, "export", &detail, gaps.len() as u32, Some(false))?;
    enrolgap::audit::seal(conn)?;
    emit(out.as_deref(), |w| write_gaps(&gaps, format, w))?;
    Ok(ExitCode::SUCCESS)
}

/// `enrolgap report`: coverage, gaps by code and unit, changes, the funnel.
pub fn report(conn: &Connection, format: ReportFormat) -> enrolgap::Result<ExitCode> {
    let report = enrolgap::report::build(conn)?;
    emit(None, |w| match format {
        ReportFormat::Text => enrolgap::report::write_text(&report, w),
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut *w, &report).map_err(std::io::Error::from)
        }
    })?;
    Ok(ExitCode::SUCCESS)
}

/// `enrolgap review`: record or take back a decision on one possible match, or list those
/// pending.
pub fn review(conn: &Connection, args: ReviewArgs) -> enrolgap::Result<ExitCode> {
    let ReviewArgs {
        accept,
        reject,
        undo,
        format,
    } = args;
    if let Some(id) = undo {
        review::undo(conn, id)?;
        println!("已撤销第 {id} 条的复核结论，下次分析起重新待复核");
        return Ok(ExitCode::SUCCESS);
    }
    if let Some((id, decision)) = accept
        .map(|id| (id, Decision::Accept))
        .or(reject.map(|id| (id, Decision::Reject)))
    {
        review::decide(conn, id, decision)?;
        println!("已记录复核结论（第 {id} 条），下次分析起生效");
        return Ok(ExitCode::SUCCESS);
    }
    let items = review::pending(conn)?;
    emit(None, |w| match format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut *w, &items).map_err(std::io::Error::from)
        }
        ReportFormat::Text => write_pending(w, &items),
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The pending possible matches as text: each with both sides, then how to decide.
fn write_pending(w: &mut dyn Write, items: &[review::ReviewItem]) -> std::io::Result<()> {
    for i in items {
        let side = |s: &review::ReviewSide| {
            // What the list says that helps decide (school, class, place), as written.
            let facts: String = s.facts.iter().map(|f| format!(" {}", f.value)).collect();
            format!(
                "{} {} {} {} {}{facts}（{} {} 第{}行）",
                s.name,
                s.id_masked.as_deref().unwrap_or("无身份证号"),
                s.birth_date.as_deref().unwrap_or("?"),
                s.sex.as_deref().unwrap_or(""),
                s.detail,
                s.file,
                s.sheet,
                s.row
            )
        };
        writeln!(
            w,
            "[{}] {}\n    名单：{}\n    参保：{}",
            i.id,
            i.why,
            side(&i.person),
            side(&i.candidate)
        )?;
    }
    writeln!(
        w,
        "共 {} 条待复核；enrolgap review --accept N 或 --reject N（撤销：--undo N）",
        items.len()
    )
}

/// `enrolgap quality`: the findings of the imported lists, as CSV/JSON or, for a .xlsx
/// name, a correction list for the sender.
pub fn quality(conn: &Connection, args: QualityArgs) -> enrolgap::Result<ExitCode> {
    let QualityArgs { format, batch, out } = args;
    let findings = enrolgap::quality::findings(conn, batch)?;
    match out.as_deref() {
        Some(path)
            if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) =>
        {
            enrolgap::quality::write_xlsx(&findings, path)?;
        }
        out => emit(out, |w| write_findings(&findings, format, w))?,
    }
    Ok(ExitCode::SUCCESS)
}
