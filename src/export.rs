//! Writing gaps and quality findings out for other tools: CSV for Excel and scripts,
//! JSON for programs.
//!
//! The first CSV columns, `code,id_number,name,birth_date`, are a stable interface:
//! later versions add columns after them and never rename them.
//!
//! Gaps leave masked ([`masked`]) unless the officer asks for full IDs with a reason,
//! which is audited; CSV fields that begin like a formula are neutralised
//! ([`crate::csv_safe`]).

use std::io::Write;

use crate::quality::QualityFinding;
use crate::{Gap, Result};

/// The CSV header, in column order.
#[rustfmt::skip]
pub const GAPS_CSV_COLUMNS: [&str; 18] = [
    "code", "id_number", "name", "birth_date", "sex", "township", "village", "reason",
    "source_file", "source_sheet", "source_row", "deadline", "priority", "route_type",
    "route_unit", "route_detail", "match_tier", "sources",
];

/// Writes gaps as UTF-8 CSV with a header row (as given: pass [`masked`] gaps unless a
/// full export was asked for).
pub fn write_gaps_csv(gaps: &[Gap], out: impl Write) -> std::io::Result<()> {
    let mut writer = crate::csv_safe::Writer::new(out);
    writer.write_record(GAPS_CSV_COLUMNS)?;
    for g in gaps {
        let row = g.source_row.to_string();
        writer.write_record([
            g.code.as_str(),
            g.id_number.as_deref().unwrap_or(""),
            &g.name,
            g.birth_date.as_deref().unwrap_or(""),
            g.sex.as_deref().unwrap_or(""),
            g.township.as_deref().unwrap_or(""),
            g.village.as_deref().unwrap_or(""),
            &g.reason,
            &g.source_file,
            &g.source_sheet,
            &row,
            g.deadline.as_deref().unwrap_or(""),
            g.priority.as_str(),
            g.route_type.as_str(),
            &g.route_unit,
            &g.route_detail,
            g.match_tier.as_str(),
            &sources(g),
        ])?;
    }
    writer.flush()
}

/// `gaps` as they may leave the laptop by default: IDs and phones masked, the person
/// key (which is the ID when there is one) too, and any ID or phone a department typed
/// into another column (an address, a unit) with it.
pub fn masked(mut gaps: Vec<Gap>) -> Vec<Gap> {
    use crate::identity::mask_numbers;
    // In place: a county's gaps can number hundreds of thousands.
    for g in &mut gaps {
        g.id_number = g
            .id_masked
            .clone()
            .or_else(|| g.id_number.as_deref().map(crate::identity::mask_id));
        g.person_key = mask_numbers(&g.person_key);
        g.phone = g.phone.as_deref().map(crate::phone::mask_phone);
        g.name = mask_numbers(&g.name);
        g.township = g.township.as_deref().map(mask_numbers);
        g.village = g.village.as_deref().map(mask_numbers);
        g.reason = mask_numbers(&g.reason);
        g.route_unit = mask_numbers(&g.route_unit);
        g.route_detail = mask_numbers(&g.route_detail);
    }
    gaps
}

/// Every source row as `file:sheet:row`, separated by `; `.
fn sources(g: &Gap) -> String {
    g.sources
        .iter()
        .map(|s| format!("{}:{}:{}", s.file, s.sheet, s.row))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Writes items as a pretty JSON array.
pub fn write_json<T: serde::Serialize>(items: &[T], mut out: impl Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut out, items)?;
    out.write_all(b"\n")
}

/// Output formats of the listing commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Json,
}

/// Writes `gaps` in `format`.
pub fn write_gaps(gaps: &[Gap], format: Format, out: impl Write) -> Result<(), std::io::Error> {
    match format {
        Format::Csv => write_gaps_csv(gaps, out),
        Format::Json => write_json(gaps, out),
    }
}

/// Writes quality findings in `format`.
pub fn write_findings(
    findings: &[QualityFinding],
    format: Format,
    out: impl Write,
) -> std::io::Result<()> {
    match format {
        Format::Csv => crate::quality::write_csv(findings, out),
        Format::Json => write_json(findings, out),
    }
}
