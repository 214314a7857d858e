//! The `followup` table: every outcome recorded for an issued worklist row (its token),
//! written by the round-trip and by hand in the app, read by the rules (outcomes that
//! settle a person), the funnel and the export's "not followed up yet" filter.
//!
//! A person's latest outcome is the one with the latest follow-up date, the later row
//! breaking ties; a row without a date counts as the earliest.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, Connection, OptionalExtension};

use super::Outcome;
use crate::Result;

/// One outcome to record for an issued row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOutcome<'a> {
    pub token: &'a str,
    pub person_key: &'a str,
    /// The gap code the row was issued for.
    pub code: &'a str,
    pub outcome: Outcome,
    /// YYYY-MM-DD as the officer wrote it, if they did.
    pub date: Option<&'a str>,
    pub officer: Option<&'a str>,
    pub note: Option<&'a str>,
    /// The returned file and where in it (`（手工录入）`, "" and 0 for the app).
    pub file: &'a str,
    pub sheet: &'a str,
    pub row_number: u32,
    /// RFC 3339, local time.
    pub imported_at: &'a str,
}

/// Records `new`; 0 when exactly this outcome was recorded before (a file imported twice).
pub fn insert(conn: &Connection, new: &NewOutcome<'_>) -> Result<usize> {
    Ok(conn.execute(
        "INSERT OR IGNORE INTO followup (token, person_key, code, outcome, outcome_date, officer, note, file, sheet, row_number, imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            new.token,
            new.person_key,
            new.code,
            new.outcome,
            new.date,
            new.officer,
            new.note,
            new.file,
            new.sheet,
            new.row_number,
            new.imported_at
        ],
    )?)
}

/// The latest outcome recorded for one issued row, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Earlier {
    pub outcome: Outcome,
    pub date: Option<String>,
    pub file: String,
    pub row_number: u32,
}

/// The latest outcome recorded for the row issued as `token`.
pub fn latest_for_token(conn: &Connection, token: &str) -> Result<Option<Earlier>> {
    Ok(conn
        .query_row(
            "SELECT outcome, outcome_date, file, row_number FROM followup WHERE token = ?1
             ORDER BY COALESCE(outcome_date, '') DESC, id DESC LIMIT 1",
            [token],
            |r| {
                Ok(Earlier {
                    outcome: r.get(0)?,
                    date: r.get(1)?,
                    file: r.get(2)?,
                    row_number: r.get(3)?,
                })
            },
        )
        .optional()?)
}

/// A person's latest outcome and its day: the follow-up date as written, else the day it
/// was recorded (YYYY-MM-DD).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub outcome: Outcome,
    pub on: String,
}

/// Each person's latest outcome, by person key.
pub fn latest_by_person(conn: &Connection) -> Result<HashMap<String, Recorded>> {
    let mut stmt = conn.prepare_cached(
        "SELECT person_key, outcome, COALESCE(outcome_date, substr(imported_at, 1, 10)) FROM followup f
         WHERE NOT EXISTS (SELECT 1 FROM followup g WHERE g.person_key = f.person_key
             AND (COALESCE(g.outcome_date, '') > COALESCE(f.outcome_date, '')
                  OR (COALESCE(g.outcome_date, '') = COALESCE(f.outcome_date, '') AND g.id > f.id)))",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let mut out = HashMap::new();
    for row in rows {
        let (key, outcome, on): (String, Outcome, String) = row?;
        out.insert(key, Recorded { outcome, on });
    }
    Ok(out)
}

/// The latest outcome recorded for each person, by person key.
pub fn latest_outcomes(conn: &Connection) -> Result<HashMap<String, Outcome>> {
    Ok(latest_by_person(conn)?
        .into_iter()
        .map(|(key, recorded)| (key, recorded.outcome))
        .collect())
}

/// Every outcome ever recorded for each person, by person key.
pub fn every_outcome_by_person(conn: &Connection) -> Result<HashMap<String, HashSet<Outcome>>> {
    let mut out: HashMap<String, HashSet<Outcome>> = HashMap::new();
    let mut stmt = conn.prepare_cached("SELECT person_key, outcome FROM followup")?;
    for row in stmt.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Outcome>(1)?))
    })? {
        let (key, outcome) = row?;
        out.entry(key).or_default().insert(outcome);
    }
    Ok(out)
}

/// People with any outcome (contacted), and people of whom the field said they were
/// mobilised or enrolled (mobilised): the funnel's middle steps.
pub fn contacted_and_mobilised(conn: &Connection) -> Result<(u32, u32)> {
    Ok(conn.query_row(
        "SELECT COUNT(DISTINCT person_key),
                COUNT(DISTINCT CASE WHEN outcome IN (?1, ?2) THEN person_key END)
         FROM followup",
        Outcome::MOVING.map(Outcome::as_str),
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}
