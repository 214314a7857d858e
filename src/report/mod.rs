//! The report a bureau is judged by: coverage of the county, each township and village;
//! gaps by code and by the unit that follows them up; what changed since the analysis
//! before; the campaign funnel. [`township`] is the same by township, for the summary
//! workbook beside the worklists.

pub mod township;

use std::collections::BTreeMap;
use std::io::Write;

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::analysis::campaign::{self, Changes, Funnel};
use crate::analysis::coverage::{self, Coverage};
use crate::analysis::{latest_gaps, require_latest_summary, AnalysisSummary};
use crate::Result;

/// Gaps of one code followed up by one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UnitCount {
    pub route_type: crate::analysis::RouteType,
    pub unit: String,
    pub code: crate::GapCode,
    pub count: u32,
}

/// Everything `enrolgap report` shows.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Report {
    pub summary: AnalysisSummary,
    /// The county first, then each township followed by its villages.
    pub coverage: Vec<Coverage>,
    pub gaps_by_unit: Vec<UnitCount>,
    pub changes: Changes,
    pub funnel: Funnel,
}

/// The report of the latest analysis.
pub fn build(conn: &Connection) -> Result<Report> {
    let summary = require_latest_summary(conn)?;
    let mut by_unit: BTreeMap<(crate::analysis::RouteType, String, crate::GapCode), u32> =
        BTreeMap::new();
    for g in latest_gaps(conn)? {
        *by_unit
            .entry((g.route_type, g.route_unit, g.code))
            .or_default() += 1;
    }
    Ok(Report {
        summary,
        coverage: coverage::latest(conn)?,
        gaps_by_unit: by_unit
            .into_iter()
            .map(|((route_type, unit, code), count)| UnitCount {
                route_type,
                unit,
                code,
                count,
            })
            .collect(),
        changes: campaign::latest_changes(conn)?,
        funnel: campaign::funnel(conn)?,
    })
}

/// Writes the report as plain text in Chinese.
pub fn write_text(r: &Report, mut out: impl Write) -> std::io::Result<()> {
    let s = &r.summary;
    writeln!(
        out,
        "参保缺口排查报告（截至 {}，{} 年度）",
        s.as_of, s.coverage_year
    )?;
    writeln!(out)?;
    writeln!(out, "参保率")?;
    for c in &r.coverage {
        let area = match (c.township.is_empty(), c.village.is_empty()) {
            (true, _) => "全县".to_string(),
            (false, true) => format!("  {}", c.township),
            (false, false) => format!("    {}", c.village),
        };
        writeln!(
            out,
            "{area}\t{}/{}\t{:.2}%",
            c.enrolled,
            c.residents,
            c.rate * 100.0
        )?;
    }
    writeln!(out)?;
    writeln!(out, "缺口 {} 人", s.gaps_total)?;
    for c in &s.gaps_by_code {
        writeln!(
            out,
            "  {}\t{}\t{}",
            c.code.as_str(),
            c.code.chinese_label(),
            c.count
        )?;
    }
    writeln!(out)?;
    writeln!(out, "按跟进单位")?;
    for u in &r.gaps_by_unit {
        writeln!(out, "  {}\t{}\t{}", u.unit, u.code.chinese_label(), u.count)?;
    }
    if s.review_pending > 0 {
        writeln!(out)?;
        writeln!(
            out,
            "待人工复核的疑似匹配 {} 条（enrolgap review）",
            s.review_pending
        )?;
    }
    let ch = &r.changes;
    if ch.previous_analysis.is_some() {
        writeln!(out)?;
        writeln!(out, "与上次分析相比")?;
        writeln!(
            out,
            "  新增缺口 {}，仍未解决 {}",
            ch.new_gaps, ch.still_open
        )?;
        writeln!(
            out,
            "  已解决：已参保 {}，死亡 {}，排除 {}，外出/外地参保等 {}，转入复核 {}，已不在名单 {}",
            ch.closed_enrolled,
            ch.closed_deceased,
            ch.closed_excluded,
            ch.closed_settled,
            ch.moved_to_review,
            ch.closed_not_listed
        )?;
    }
    let f = &r.funnel;
    writeln!(out)?;
    writeln!(
        out,
        "工作进度：发现 {} → 已联系 {} → 已动员 {} → 已参保 {}",
        f.flagged, f.contacted, f.mobilised, f.enrolled
    )?;
    Ok(())
}
