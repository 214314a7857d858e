//! What one analysis found, in numbers.

use serde::Serialize;
use ts_rs::TS;

use super::GapCode;

/// Counts for one analysis (one as-of date).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AnalysisSummary {
    #[ts(type = "number")]
    pub analysis_id: i64,
    /// YYYY-MM-DD.
    pub as_of: String,
    pub coverage_year: i32,
    /// Living household residents considered.
    pub residents: u32,
    /// Of those, residents with an active enrolment for the coverage year.
    pub enrolled_residents: u32,
    /// enrolled_residents ÷ residents, 0 when there are no residents.
    pub coverage_rate: f64,
    pub gaps_total: u32,
    /// Gaps per code, in code order, codes with no gap left out.
    pub gaps_by_code: Vec<GapCount>,
    /// Possible matches waiting for a decision.
    pub review_pending: u32,
}

/// How many gaps one code produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GapCount {
    pub code: GapCode,
    pub count: u32,
}
