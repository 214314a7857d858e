//! A gap: one person who should be insured and is not, with the reason, the evidence,
//! the deadline and who should follow it up.

use serde::Serialize;
use ts_rs::TS;

use crate::vocabulary::stored_vocabulary;
use crate::ListKind;

stored_vocabulary! {
    /// The stable machine code of a gap rule (docs/rules.md, "The gap rules"), in the order the
    /// not-enrolled codes take precedence (docs/rules.md, "Precedence").
    #[derive(PartialOrd, Ord, clap::ValueEnum)]
    #[clap(rename_all = "snake_case")]
    pub enum GapCode {
        /// On a welfare list, not enrolled: the government pays, the highest priority.
        WelfareNotEnrolled = "welfare_not_enrolled",
        /// Born within the last 12 months, not enrolled.
        NewbornNotEnrolled = "newborn_not_enrolled",
        /// On an agency roster, not enrolled at all.
        WorkerNotEnrolled = "worker_not_enrolled",
        /// On a school roll, no active enrolment for the coverage year.
        StudentNotEnrolled = "student_not_enrolled",
        /// A household resident enrolled the year before but not this year (断保).
        Lapsed = "lapsed",
        /// A living household resident with no active enrolment and no other rule.
        ResidentNotEnrolled = "resident_not_enrolled",
        /// On an agency roster, enrolled only in the resident scheme.
        WorkerWrongScheme = "worker_wrong_scheme",
        /// On a welfare list, enrolled, but without a government-subsidy category.
        WelfareNotSubsidized = "welfare_not_subsidized",
    }
}

impl GapCode {
    /// A short Chinese label for tables and worklists.
    pub fn chinese_label(self) -> &'static str {
        match self {
            GapCode::WelfareNotEnrolled => "困难人员未参保",
            GapCode::NewbornNotEnrolled => "新生儿未参保",
            GapCode::WorkerNotEnrolled => "派遣员工未参保",
            GapCode::StudentNotEnrolled => "学生未参保",
            GapCode::Lapsed => "断保",
            GapCode::ResidentNotEnrolled => "户籍居民未参保",
            GapCode::WorkerWrongScheme => "派遣员工未参加职工医保",
            GapCode::WelfareNotSubsidized => "困难人员未按资助参保",
        }
    }
}

stored_vocabulary! {
    /// How urgent a gap is.
    #[derive(PartialOrd, Ord)]
    pub enum Priority {
        /// Welfare recipients, and anyone past their deadline.
        Urgent = "urgent",
        /// Within a grace period that is running out, or a wrong scheme.
        High = "high",
        Normal = "normal",
    }
}

impl Priority {
    pub fn chinese_label(self) -> &'static str {
        match self {
            Priority::Urgent => "紧急",
            Priority::High => "高",
            Priority::Normal => "一般",
        }
    }
}

stored_vocabulary! {
    /// Who follows a gap up: a township (and village), a school, or a staffing agency.
    #[derive(PartialOrd, Ord)]
    pub enum RouteType {
        Township = "township",
        School = "school",
        Agency = "agency",
    }
}

stored_vocabulary! {
    /// How the person's enrolment record was found (or not), strongest first.
    #[derive(PartialOrd, Ord)]
    pub enum MatchTier {
        /// The same normalised ID.
        IdExact = "id_exact",
        /// The same ID after upgrading a 15-digit legacy ID.
        IdRepaired = "id_repaired",
        /// Name and birth date (and sex where both have it), one side lacking a usable ID.
        NameBirth = "name_birth",
        /// No enrolment record found.
        None = "none",
    }
}

/// A list row that contributed to a gap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
pub struct SourceRow {
    pub kind: ListKind,
    pub file: String,
    pub sheet: String,
    pub row: u32,
}

/// One flagged person in an analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Gap {
    pub code: GapCode,
    /// The normalised 18-digit ID, absent when no list had a usable one.
    pub id_number: Option<String>,
    /// The ID for display: first 6 and last 4 characters, the rest masked.
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
    /// The same reason in English, for the app's English mode; empty for analyses stored
    /// before it was kept (show `reason` then).
    pub reason_en: String,
    /// The first list row the person came from (also first in `sources`).
    pub source_file: String,
    pub source_sheet: String,
    /// The row number as Excel shows it (1-based).
    pub source_row: u32,
    /// Stable across analyses: the ID, or name key and birth date.
    pub person_key: String,
    /// YYYY-MM-DD by which the enrolment should be made, where a rule sets one.
    pub deadline: Option<String>,
    pub priority: Priority,
    pub route_type: RouteType,
    /// The township, school or agency that follows the gap up.
    pub route_unit: String,
    /// The village, grade and class, or client company, within the unit.
    pub route_detail: String,
    pub match_tier: MatchTier,
    /// Every list row that contributed.
    pub sources: Vec<SourceRow>,
    /// The person's phone number from a list, normalised (full; mask before showing).
    pub phone: Option<String>,
}
