//! Campaign tracking: each analysis is a snapshot, so the next one can say which gaps
//! closed since (enrolled, died, excluded) and which are new, and the bureau's funnel:
//! flagged → contacted → mobilised → enrolled.
//!
//! The rules it implements are written down in docs/rules.md,
//! "What changed since the last analysis".

use std::collections::HashSet;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::outcome::store;
use crate::vocabulary::stored_vocabulary;
use crate::Result;

/// What changed between the latest analysis and the one before.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct Changes {
    /// The analysis compared with, if there was one.
    #[ts(type = "number | null")]
    pub previous_analysis: Option<i64>,
    /// People flagged now and not before.
    pub new_gaps: u32,
    /// People flagged both times.
    pub still_open: u32,
    /// People flagged before and not now, by why.
    pub closed_enrolled: u32,
    pub closed_deceased: u32,
    pub closed_excluded: u32,
    /// Settled by a field outcome (insured elsewhere, deceased).
    pub closed_settled: u32,
    /// Moved to the review queue.
    pub moved_to_review: u32,
    /// No longer on any list.
    pub closed_not_listed: u32,
}

/// The flagged → contacted → mobilised → enrolled funnel over all analyses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct Funnel {
    /// People flagged in any analysis.
    pub flagged: u32,
    /// Of those, people with a field outcome recorded.
    pub contacted: u32,
    /// Of those, people mobilised (已动员待缴费) or reported enrolled (已参保).
    pub mobilised: u32,
    /// People flagged once and later found enrolled in the enrolment data.
    pub enrolled: u32,
}

/// The person keys flagged by the latest analysis so far.
pub(super) fn latest_flagged(conn: &Connection) -> Result<(Option<i64>, HashSet<String>)> {
    let Some(id) = conn.query_row("SELECT MAX(id) FROM analysis", [], |r| {
        r.get::<_, Option<i64>>(0)
    })?
    else {
        return Ok((None, HashSet::new()));
    };
    let mut stmt =
        conn.prepare_cached("SELECT DISTINCT person_key FROM gap WHERE analysis_id = ?1")?;
    let keys = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok((Some(id), keys))
}

/// Records why each person flagged by `previous` is not flagged by `analysis_id`.
pub(super) fn store_closures(
    conn: &Connection,
    analysis_id: i64,
    previous: Option<i64>,
    flagged_before: &HashSet<String>,
    flagged_now: &foldhash::HashSet<String>,
    closures: &std::collections::HashMap<String, ClosedBecause>,
) -> Result<()> {
    let Some(previous) = previous else {
        return Ok(());
    };
    let mut earlier = conn.prepare_cached(
        "SELECT code, name FROM gap WHERE analysis_id = ?1 AND person_key = ?2 LIMIT 1",
    )?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO closed_gap (analysis_id, person_key, code, name, closed_because) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for key in flagged_before
        .iter()
        .filter(|k| !flagged_now.contains(k.as_str()))
    {
        let Some((code, name)) = earlier
            .query_row(params![previous, key], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .optional()?
        else {
            continue;
        };
        let why = closures
            .get(key)
            .copied()
            .unwrap_or(ClosedBecause::NotListed);
        insert.execute(params![analysis_id, key, code, name, why])?;
    }
    Ok(())
}

/// The latest analysis and the one before it, when there are two.
fn latest_two(conn: &Connection) -> Result<Option<(i64, i64)>> {
    let ids: Vec<i64> = conn
        .prepare_cached("SELECT id FROM analysis ORDER BY id DESC LIMIT 2")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(match ids.as_slice() {
        [latest, previous] => Some((*latest, *previous)),
        _ => None,
    })
}

/// What changed between the latest analysis and the one before.
pub fn latest_changes(conn: &Connection) -> Result<Changes> {
    let Some((latest, previous)) = latest_two(conn)? else {
        return Ok(Changes::default());
    };
    let count = |sql: &str| -> Result<u32> {
        Ok(conn.query_row(sql, params![latest, previous], |r| r.get(0))?)
    };
    let closed = |why: ClosedBecause| -> Result<u32> {
        Ok(conn.query_row(
            "SELECT COUNT(*) FROM closed_gap WHERE analysis_id = ?1 AND closed_because = ?2",
            params![latest, why],
            |r| r.get(0),
        )?)
    };
    Ok(Changes {
        previous_analysis: Some(previous),
        new_gaps: count(
            "SELECT COUNT(DISTINCT person_key) FROM gap WHERE analysis_id = ?1
             AND person_key NOT IN (SELECT person_key FROM gap WHERE analysis_id = ?2)",
        )?,
        still_open: count(
            "SELECT COUNT(DISTINCT person_key) FROM gap WHERE analysis_id = ?1
             AND person_key IN (SELECT person_key FROM gap WHERE analysis_id = ?2)",
        )?,
        closed_enrolled: closed(ClosedBecause::Enrolled)?,
        closed_deceased: closed(ClosedBecause::Deceased)?,
        closed_excluded: closed(ClosedBecause::Excluded)?,
        closed_settled: closed(ClosedBecause::Settled)?,
        moved_to_review: closed(ClosedBecause::InReview)?,
        closed_not_listed: closed(ClosedBecause::NotListed)?,
    })
}

/// The funnel over every analysis so far.
pub fn funnel(conn: &Connection) -> Result<Funnel> {
    let flagged: u32 = conn.query_row("SELECT COUNT(DISTINCT person_key) FROM gap", [], |r| {
        r.get(0)
    })?;
    let enrolled: u32 = conn.query_row(
        "SELECT COUNT(DISTINCT person_key) FROM closed_gap WHERE closed_because = ?1",
        [ClosedBecause::Enrolled],
        |r| r.get(0),
    )?;
    let (contacted, mobilised) = store::contacted_and_mobilised(conn)?;
    Ok(Funnel {
        flagged,
        contacted,
        mobilised,
        enrolled,
    })
}

stored_vocabulary! {
    /// Why a person flagged by the analysis before is not flagged now.
    pub enum ClosedBecause {
        /// The enrolment register in force now shows an active enrolment.
        Enrolled = "enrolled",
        /// On a death list, or marked deceased.
        Deceased = "deceased",
        /// On an exclusion list in force for this coverage year.
        Excluded = "excluded",
        /// A field outcome settled them (已在外地参保, 已死亡).
        Settled = "settled",
        /// Their only match is now a possible one, waiting for review.
        InReview = "in_review",
        /// No list in force names them any more (moved out, off the roll, left the job).
        NotListed = "not_listed",
    }
}

impl ClosedBecause {
    pub fn chinese_name(self) -> &'static str {
        match self {
            ClosedBecause::Enrolled => "已参保",
            ClosedBecause::Deceased => "已死亡",
            ClosedBecause::Excluded => "在排除名单上",
            ClosedBecause::Settled => "跟进结果已办结",
            ClosedBecause::InReview => "转人工复核",
            ClosedBecause::NotListed => "已不在名单上",
        }
    }
}

/// One person who became a case, or stopped being one, since the analysis before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CaseChange {
    pub name: String,
    pub id_masked: Option<String>,
    /// The gap code now (new cases) or before (closed cases).
    pub code: super::GapCode,
    /// For closed cases: why.
    pub closed_because: Option<ClosedBecause>,
}

/// The people new since the analysis before and those closed, with why: the lists
/// behind [`Changes`]'s counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct CaseChanges {
    pub new_cases: Vec<CaseChange>,
    pub closed_cases: Vec<CaseChange>,
}

pub fn latest_case_changes(conn: &Connection) -> Result<CaseChanges> {
    let Some((latest, previous)) = latest_two(conn)? else {
        return Ok(CaseChanges::default());
    };
    let masked = |key: &str| key.strip_prefix("id:").map(crate::identity::mask_id);
    let code = |s: &str| super::GapCode::from_stored(s);
    let mut out = CaseChanges::default();
    // One line per person; someone with two codes shows one of them.
    let mut stmt = conn.prepare_cached(
        "SELECT person_key, name, MIN(code) FROM gap WHERE analysis_id = ?1
         AND person_key NOT IN (SELECT person_key FROM gap WHERE analysis_id = ?2)
         GROUP BY person_key ORDER BY name",
    )?;
    let rows = stmt.query_map(params![latest, previous], |r| {
        Ok((r.get::<_, String>(0)?, r.get(1)?, r.get::<_, String>(2)?))
    })?;
    for row in rows {
        let (key, name, c) = row?;
        if let Some(code) = code(&c) {
            out.new_cases.push(CaseChange {
                name,
                id_masked: masked(&key),
                code,
                closed_because: None,
            });
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT person_key, name, code, closed_because FROM closed_gap WHERE analysis_id = ?1 ORDER BY closed_because, name",
    )?;
    let rows = stmt.query_map([latest], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    for row in rows {
        let (key, name, c, why) = row?;
        if let Some(code) = code(&c) {
            out.closed_cases.push(CaseChange {
                name,
                id_masked: masked(&key),
                code,
                closed_because: ClosedBecause::from_stored(&why),
            });
        }
    }
    Ok(out)
}
