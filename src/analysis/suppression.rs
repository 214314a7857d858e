//! Suppressions and their life (docs/rules.md, "Suppressions"): a death is permanent;
//! "insured elsewhere" and military service, from an exclusion list or a field outcome,
//! hold for the coverage year they were recorded in, and the next year the person is
//! compared again, with a reason that says so.

use std::collections::HashMap;

use rusqlite::Connection;

use super::load::ListRow;
use crate::outcome::{store, Outcome};
use crate::Result;

/// A person's latest field outcome that settles them (已在外地参保, 已死亡), and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldOutcome {
    pub outcome: Outcome,
    /// YYYY-MM-DD: the outcome's date as written, else the day the sheet was imported.
    pub on: String,
}

impl FieldOutcome {
    /// True when the outcome still holds in `coverage_year`.
    pub fn holds_in(&self, coverage_year: i32) -> bool {
        self.outcome == Outcome::Deceased || year_of(&self.on) == Some(coverage_year)
    }
}

/// True when an exclusion list row holds in `coverage_year`: its list's own year, or
/// always for a list with no date.
pub fn exclusion_holds(row: &ListRow, coverage_year: i32) -> bool {
    row.detail().list_year.is_none_or(|y| y == coverage_year)
}

fn year_of(date: &str) -> Option<i32> {
    date.get(..4)?.parse().ok()
}

/// Each person's latest field outcome, where it settles them.
pub fn settling_outcomes(conn: &Connection) -> Result<HashMap<String, FieldOutcome>> {
    Ok(store::latest_by_person(conn)?
        .into_iter()
        .filter(|(_, recorded)| recorded.outcome.settles())
        .map(|(key, store::Recorded { outcome, on })| (key, FieldOutcome { outcome, on }))
        .collect())
}

/// The note a gap's reason carries when a suppression of an earlier year has lapsed.
pub fn lapsed_note(
    exclusion: Option<&ListRow>,
    field: Option<&FieldOutcome>,
) -> Option<super::reasons::ReasonText> {
    if let Some(f) = field {
        return Some(super::reasons::ReasonText {
            zh: format!(
                "（{} 曾登记“{}”，仅对当年有效，本年度需重新核实）",
                f.on,
                f.outcome.label()
            ),
            en: format!(
                " ({} recorded as “{}”: valid for that year only, to be checked again this year)",
                f.on,
                outcome_in_english(f.outcome)
            ),
        });
    }
    let row = exclusion?;
    let (year_zh, year_en) = row
        .detail()
        .list_year
        .map(|y| (format!("{y}年度"), format!("the {y} ")))
        .unwrap_or_else(|| (String::new(), "an ".into()));
    let why = row.detail().exclusion_reason.unwrap_or("已在外地参保等");
    Some(super::reasons::ReasonText {
        zh: format!("（{year_zh}排除名单登记“{why}”，仅对当年有效，本年度需重新核实）"),
        en: format!(
            " (on {year_en}exclusion list as “{why}”: valid for that year only, to be checked again this year)"
        ),
    })
}

/// The outcomes that settle a person, as the English UI names them.
fn outcome_in_english(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::InsuredElsewhere => "insured elsewhere",
        Outcome::Deceased => "deceased",
        Outcome::Enrolled => "enrolled",
        Outcome::Mobilised => "mobilised, payment pending",
        Outcome::Refused => "refused",
        Outcome::Unreachable => "away, unreachable",
        Outcome::Unknown => "unknown here",
        Outcome::Other => "other",
    }
}
