//! The report by township that the summary workbook beside the worklists prints: gaps by
//! township and code, coverage, and the funnel per township. The export builds it from the
//! gaps it counted while reading them and hands it to the workbook, which only lays it out.

use std::collections::{BTreeMap, HashSet};

use rusqlite::Connection;

use crate::analysis::campaign::{ClosedBecause, Funnel};
use crate::analysis::coverage::{self, Coverage};
use crate::analysis::{AnalysisSummary, RouteType};
use crate::outcome::{store, Outcome};
use crate::{GapCode, Result};

/// The row of people with no township on their lists.
pub const NO_TOWNSHIP: &str = "（未标明乡镇）";

/// The latest analysis by township.
#[derive(Debug, Clone, PartialEq)]
pub struct TownshipReport {
    pub summary: AnalysisSummary,
    /// The county first, then each township followed by its villages.
    pub coverage: Vec<Coverage>,
    /// Gaps of the latest analysis, by township and code.
    pub gaps: BTreeMap<String, BTreeMap<GapCode, u32>>,
    /// Everyone ever flagged, by township: contacted (any outcome), mobilised (mobilised
    /// or enrolled said in the field), enrolled (confirmed by a later enrolment register).
    pub funnel: BTreeMap<String, Funnel>,
}

/// Gaps by township and code, as the report counts them ([`count_gap`]).
pub type GapsByTownship = BTreeMap<String, BTreeMap<GapCode, u32>>;

/// Counts one gap in the township it belongs to (see [`place_of`]).
pub fn count_gap(
    gaps: &mut GapsByTownship,
    township: Option<&str>,
    route: RouteType,
    unit: &str,
    code: GapCode,
) {
    let place = place_of(township, route, unit);
    // Looked up before a key is made: a county's gaps fall into a few dozen townships.
    let codes = match gaps.get_mut(place) {
        Some(codes) => codes,
        None => gaps.entry(place.to_string()).or_default(),
    };
    *codes.entry(code).or_default() += 1;
}

/// The township report of the analysis `summary` describes, whose gaps `gaps` counts
/// (every gap of it, whatever an export selects).
pub fn build(
    conn: &Connection,
    summary: AnalysisSummary,
    gaps: GapsByTownship,
) -> Result<TownshipReport> {
    Ok(TownshipReport {
        summary,
        coverage: coverage::latest(conn)?,
        gaps,
        funnel: funnel_by_township(conn)?,
    })
}

/// Where a gap is counted: its township, else the township that follows it up, else
/// [`NO_TOWNSHIP`].
fn place_of<'a>(township: Option<&'a str>, route: RouteType, unit: &'a str) -> &'a str {
    match township.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => t,
        None if route == RouteType::Township && !unit.trim().is_empty() => unit,
        None => NO_TOWNSHIP,
    }
}

fn funnel_by_township(conn: &Connection) -> Result<BTreeMap<String, Funnel>> {
    let outcomes = store::every_outcome_by_person(conn)?;
    let mut stmt =
        conn.prepare("SELECT DISTINCT person_key FROM closed_gap WHERE closed_because = ?1")?;
    let enrolled: HashSet<String> = stmt
        .query_map([ClosedBecause::Enrolled], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    // Each person once, in the township of the latest analysis that flagged them: one
    // row a person, kept by each analysis (migration 013), whatever the analyses kept.
    let mut stmt =
        conn.prepare("SELECT person_key, township, route_type, route_unit FROM flagged_person")?;
    let mut rows = stmt.query([])?;
    let mut out: BTreeMap<String, Funnel> = BTreeMap::new();
    while let Some(r) = rows.next()? {
        let key: String = r.get(0)?;
        let township: Option<String> = r.get(1)?;
        let unit: String = r.get(3)?;
        let place = place_of(township.as_deref(), r.get::<_, RouteType>(2)?, &unit);
        let f = match out.get_mut(place) {
            Some(f) => f,
            None => out.entry(place.to_string()).or_default(),
        };
        f.flagged += 1;
        if let Some(o) = outcomes.get(&key) {
            f.contacted += 1;
            f.mobilised += u32::from(Outcome::MOVING.iter().any(|m| o.contains(m)));
        }
        f.enrolled += u32::from(enrolled.contains(&key));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gap_without_a_township_counts_where_it_is_followed_up_or_apart() {
        assert_eq!(
            place_of(Some(" 海城镇 "), RouteType::School, "一中"),
            "海城镇"
        );
        assert_eq!(place_of(None, RouteType::Township, "公平镇"), "公平镇");
        assert_eq!(place_of(Some(""), RouteType::School, "一中"), NO_TOWNSHIP);
    }
}
