//! What an export reads of the analysis, in one pass over its gaps: every gap counted by
//! township and code for the summary workbook, and a whole [`Gap`] built only for those
//! the export prints.
//!
//! At county scale this read was the largest single cost of an export: every gap with
//! all its texts, sorted by SQLite's sorter (a temporary B-tree of 166k rows) before a
//! third of them were thrown away. Here the rows are read in storage order, the ones the
//! export leaves out are only counted (their codes and places read in place, nothing
//! copied), and each sheet's gaps are sorted in memory by the key the analysis orders by.

use std::collections::{BTreeMap, HashMap, HashSet};

use rusqlite::Connection;

use super::SplitBy;
use crate::analysis::{Gap, GapCount, Priority, RouteType, StoredGap, STORED_GAP_COLUMNS};
use crate::outcome::Outcome;
use crate::report::township::{count_gap, GapsByTownship};
use crate::{GapCode, Result};

/// Where [`STORED_GAP_COLUMNS`] holds what the selection reads before building a gap.
const CODE: usize = 0;
const TOWNSHIP: usize = 5;
const PERSON_KEY: usize = 11;
const PRIORITY: usize = 13;
const ROUTE_TYPE: usize = 14;
const ROUTE_UNIT: usize = 15;

/// Which gaps the export prints.
pub(super) struct Choice<'a> {
    pub split_by: Option<SplitBy>,
    /// Only these codes; empty for all.
    pub codes: &'a [GapCode],
    pub only_urgent: bool,
    /// People with an outcome recorded, left out.
    pub followed: &'a HashMap<String, Outcome>,
    /// Only these people; empty for everyone.
    pub people: &'a HashSet<&'a str>,
}

impl Choice<'_> {
    fn keeps(&self, code: GapCode, priority: Priority, route: RouteType, person: &str) -> bool {
        let routed = match self.split_by {
            None => true,
            Some(SplitBy::Township | SplitBy::Village) => route == RouteType::Township,
            Some(SplitBy::School) => route == RouteType::School,
            Some(SplitBy::Agency) => route == RouteType::Agency,
        };
        routed
            && (self.codes.is_empty() || self.codes.contains(&code))
            && (!self.only_urgent || matches!(priority, Priority::Urgent | Priority::High))
            && !self.followed.contains_key(person)
            && (self.people.is_empty() || self.people.contains(person))
    }
}

/// The export's gaps and the summary's counts.
pub(super) struct Selection {
    /// Every gap of the analysis, by township and code.
    pub counts: GapsByTownship,
    /// The gaps the export prints, in storage order ([`print_order`] sorts them).
    pub gaps: Vec<Gap>,
}

/// Reads the gaps of analysis `analysis_id` that `choice` keeps, and counts them all.
pub(super) fn read(conn: &Connection, analysis_id: i64, choice: &Choice<'_>) -> Result<Selection> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {STORED_GAP_COLUMNS} FROM gap WHERE analysis_id = ?1 ORDER BY id"
    ))?;
    // Room for every gap from the start: grown by doubling, a county's gaps (half a
    // kilobyte each) were copied a dozen times into memory new each time. Counted from
    // the analysis index alone; room left unused is never touched.
    let all: i64 = conn.query_row(
        "SELECT COUNT(*) FROM gap WHERE analysis_id = ?1",
        [analysis_id],
        |r| r.get(0),
    )?;
    let mut rows = stmt.query([analysis_id])?;
    let mut counts = GapsByTownship::new();
    let mut gaps = Vec::with_capacity(usize::try_from(all).unwrap_or(0));
    while let Some(r) = rows.next()? {
        let code: GapCode = r.get(CODE)?;
        let route: RouteType = r.get(ROUTE_TYPE)?;
        let unit = text_at(r, ROUTE_UNIT)?.unwrap_or_default();
        count_gap(&mut counts, text_at(r, TOWNSHIP)?, route, unit, code);
        let person = text_at(r, PERSON_KEY)?.unwrap_or_default();
        if choice.keeps(code, r.get(PRIORITY)?, route, person) {
            gaps.push(StoredGap::from_row(r, 0)?.into_gap()?);
        }
    }
    // A stable sort: equal keys keep the storage order.
    Ok(Selection { counts, gaps })
}

/// The gaps per code, over every township of `counts`.
pub(super) fn per_code(counts: &GapsByTownship) -> Vec<GapCount> {
    let mut total: BTreeMap<GapCode, u32> = BTreeMap::new();
    for (code, n) in counts.values().flatten() {
        *total.entry(*code).or_default() += n;
    }
    total
        .into_iter()
        .map(|(code, count)| GapCount { code, count })
        .collect()
}

/// Sorts a sheet's gaps by code, unit, village, name, ID and row, as
/// [`crate::analysis::gaps_of`] orders them: codes as stored text, texts byte by byte, as
/// SQLite compares them. Stable, so equal keys keep the storage order. References are
/// sorted, not the gaps: a gap is half a kilobyte to move.
pub(super) fn print_order(gaps: &mut [&Gap]) {
    gaps.sort_by(|a, b| order_key(a).cmp(&order_key(b)));
}

/// What the export's rows are ordered by.
fn order_key(g: &Gap) -> (&str, &str, &str, &str, Option<&str>, u32) {
    (
        g.code.as_str(),
        &g.route_unit,
        &g.route_detail,
        &g.name,
        g.id_number.as_deref(),
        g.source_row,
    )
}

/// The text in column `i` of `r`, borrowed from the row (`None` for NULL).
pub(super) fn text_at<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<&'r str>> {
    r.get_ref(i)?.as_str_or_null().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counts_per_code_add_up_every_township() {
        let mut counts = GapsByTownship::new();
        for (township, code) in [
            ("海城镇", GapCode::Lapsed),
            ("海城镇", GapCode::Lapsed),
            ("梅陇镇", GapCode::Lapsed),
            ("梅陇镇", GapCode::StudentNotEnrolled),
        ] {
            count_gap(
                &mut counts,
                Some(township),
                RouteType::Township,
                township,
                code,
            );
        }
        let per_code = per_code(&counts);
        assert_eq!(
            per_code,
            vec![
                // In code order, as the summary lists them.
                GapCount {
                    code: GapCode::StudentNotEnrolled,
                    count: 1
                },
                GapCount {
                    code: GapCode::Lapsed,
                    count: 3
                },
            ]
        );
    }
}
