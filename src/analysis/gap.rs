//! A gap: one person who should be insured and is not, with the reason.

use serde::Serialize;
use ts_rs::TS;

/// The stable machine code of a gap rule (DOMAIN.md, "The gap rules").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum GapCode {
    /// Enrolled in the previous year, not in the coverage year (断保).
    Lapsed,
    /// A living household resident with no active enrolment for the coverage year.
    ResidentNotEnrolled,
}

impl GapCode {
    /// The code as written in CSV, JSON and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            GapCode::Lapsed => "lapsed",
            GapCode::ResidentNotEnrolled => "resident_not_enrolled",
        }
    }

    /// Parses a stored code.
    pub fn from_stored(s: &str) -> Option<Self> {
        match s {
            "lapsed" => Some(GapCode::Lapsed),
            "resident_not_enrolled" => Some(GapCode::ResidentNotEnrolled),
            _ => None,
        }
    }

    /// A short Chinese label for tables.
    pub fn chinese_label(self) -> &'static str {
        match self {
            GapCode::Lapsed => "断保",
            GapCode::ResidentNotEnrolled => "户籍居民未参保",
        }
    }
}

/// One flagged person in the latest analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Gap {
    pub code: GapCode,
    /// The normalised 18-digit ID, absent when the list had no usable ID.
    pub id_number: Option<String>,
    /// The ID for display: first 6 and last 4 digits, the rest masked.
    pub id_masked: Option<String>,
    /// The name as the list wrote it.
    pub name: String,
    /// YYYY-MM-DD.
    pub birth_date: Option<String>,
    /// 男 or 女.
    pub sex: Option<String>,
    pub township: Option<String>,
    pub village: Option<String>,
    /// Why this person is flagged, in Chinese an officer can check.
    pub reason: String,
    /// The list row the person came from.
    pub source_file: String,
    pub source_sheet: String,
    /// The row number as Excel shows it (1-based).
    pub source_row: u32,
}
