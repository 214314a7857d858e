//! The review queue: possible matches (similar name, same birth date) wait here with both
//! records side by side until a person accepts or rejects them. A false "you are not
//! insured" visit wastes an officer's day, so none of these reach a field worklist.
//!
//! Decisions are stored by a pair key built from both sides' stable identities, so they
//! survive re-imports and re-analyses.
//!
//! The rules it implements are written down in docs/rules.md, "The review queue".

use crate::vocabulary::{EnrolStatus, Scheme};
use std::collections::HashMap;

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::matching::Possible;
use super::people::Person;
use crate::identity::mask_id;
use crate::vocabulary::stored_vocabulary;
use crate::{ErrorKind, Result};

stored_vocabulary! {
    /// What a person decided about a possible match.
    #[derive(clap::ValueEnum)]
    pub enum Decision {
        /// The same person: the enrolment record is theirs.
        Accept = "accept",
        /// Two people: the record is not theirs.
        Reject = "reject",
    }
}

/// One side of a possible match, as shown to the reviewer (ID masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReviewSide {
    pub name: String,
    pub id_masked: Option<String>,
    pub birth_date: Option<String>,
    pub sex: Option<String>,
    /// Township and village, or the enrolment's scheme, status and year.
    pub detail: String,
    pub file: String,
    pub sheet: String,
    pub row: u32,
}

/// A possible match waiting for a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReviewItem {
    /// The item's id in the latest analysis (0 before it is stored).
    #[ts(type = "number")]
    pub id: i64,
    /// Person and candidate keys. They hold IDs, so they never leave the engine (the
    /// UI and `review --format json` name an item by `id`).
    #[serde(skip)]
    pub pair_key: String,
    pub person: ReviewSide,
    pub candidate: ReviewSide,
    /// Why they may be the same person.
    pub why: String,
}

impl ReviewItem {
    pub fn new(person: &Person<'_>, candidate: &Possible<'_>) -> ReviewItem {
        let main = person.main_row();
        let c = candidate.row;
        let candidate_key = match &c.id_number {
            Some(id) => format!("id:{id}"),
            None => format!(
                "nb:{}|{}",
                c.name_key.as_deref().unwrap_or(""),
                c.birth_date.as_deref().unwrap_or("")
            ),
        };
        let place: String = [main.township.as_deref(), main.village.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        let status = match c.enrol_status {
            Some(EnrolStatus::Active) => "参保缴费",
            Some(EnrolStatus::Suspended) => "暂停",
            Some(EnrolStatus::Terminated) => "终止",
            _ => "状态不明",
        };
        let year = c.year.map(|y| format!(" {y}年度")).unwrap_or_default();
        let scheme = match c.scheme {
            Some(Scheme::Employee) => "职工医保 ",
            Some(Scheme::Resident) => "居民医保 ",
            _ => "",
        };
        ReviewItem {
            id: 0,
            pair_key: format!("{}↔{candidate_key}", person.key),
            person: ReviewSide {
                name: person.name().to_string(),
                id_masked: person.id_number().map(mask_id),
                birth_date: person.birth_date().map(String::from),
                sex: person.first(|r| r.sex.as_deref()).map(String::from),
                detail: place,
                file: main.file.to_string(),
                sheet: main.sheet.to_string(),
                row: main.row_number,
            },
            candidate: ReviewSide {
                name: c.name.as_deref().unwrap_or_default().to_string(),
                id_masked: c.id_number.as_deref().map(mask_id),
                birth_date: c.birth_date.as_deref().map(String::from),
                sex: c.sex.as_deref().map(String::from),
                detail: format!("{scheme}{status}{year}"),
                file: c.file.to_string(),
                sheet: c.sheet.to_string(),
                row: c.row_number,
            },
            why: format!("出生日期相同，{}", candidate.why),
        }
    }
}

/// Every decision made so far, by pair key.
pub fn decisions(conn: &Connection) -> Result<HashMap<String, Decision>> {
    let mut stmt = conn.prepare_cached("SELECT pair_key, decision FROM review_decision")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = HashMap::new();
    for row in rows {
        let (key, decision) = row?;
        // Anything but a recorded acceptance keeps the two apart, as a rejection does.
        out.insert(
            key,
            Decision::from_stored(&decision).unwrap_or(Decision::Reject),
        );
    }
    Ok(out)
}

pub(super) fn store_items(conn: &Connection, analysis_id: i64, items: &[ReviewItem]) -> Result<()> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO review_item (analysis_id, pair_key, person, candidate, why) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for item in items {
        insert.execute(params![
            analysis_id,
            item.pair_key,
            serde_json::to_string(&item.person).expect("serialises"),
            serde_json::to_string(&item.candidate).expect("serialises"),
            item.why,
        ])?;
    }
    Ok(())
}

/// The possible matches of the latest analysis that still wait for a decision.
pub fn pending(conn: &Connection) -> Result<Vec<ReviewItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.id, i.pair_key, i.person, i.candidate, i.why FROM review_item i
         WHERE i.analysis_id = (SELECT MAX(id) FROM analysis)
           AND NOT EXISTS (SELECT 1 FROM review_decision d WHERE d.pair_key = i.pair_key)
         ORDER BY i.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut items = Vec::new();
    for row in rows {
        let (id, pair_key, person, candidate, why) = row?;
        let side = |json: &str| {
            serde_json::from_str::<ReviewSide>(json).map_err(|e| ErrorKind::Database {
                message: format!("复核记录 {id} 无法读取：{e}"),
            })
        };
        items.push(ReviewItem {
            id,
            pair_key,
            person: side(&person)?,
            candidate: side(&candidate)?,
            why,
        });
    }
    Ok(items)
}

/// Records a decision on a pending item of the latest analysis. It applies from the next
/// analysis on, and to every later one.
pub fn decide(conn: &Connection, item_id: i64, decision: Decision) -> Result<()> {
    let pair_key: String = conn
        .query_row(
            "SELECT pair_key FROM review_item WHERE id = ?1 AND analysis_id = (SELECT MAX(id) FROM analysis)",
            [item_id],
            |r| r.get(0),
        )
        .map_err(|_| ErrorKind::InvalidArgument { message: format!("最近一次分析中没有编号为 {item_id} 的待复核记录") })?;
    let tx = conn.unchecked_transaction()?;
    tx.execute(
        "INSERT INTO review_decision (pair_key, decision, decided_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (pair_key) DO UPDATE SET decision = excluded.decision, decided_at = excluded.decided_at",
        params![pair_key, decision.as_str(), chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)],
    )?;
    let rowid: i64 = tx.query_row(
        "SELECT rowid FROM review_decision WHERE pair_key = ?1",
        [&pair_key],
        |r| r.get(0),
    )?;
    let (words, english) = match decision {
        Decision::Accept => ("是同一人", "the same person"),
        Decision::Reject => ("不是同一人", "not the same person"),
    };
    crate::audit::append_about(
        &tx,
        "review",
        &crate::bilingual::Bilingual::new(
            format!("复核第 {item_id} 条：{words}"),
            format!("Reviewed item {item_id}: {english}"),
        ),
        1,
        None,
        crate::audit::Subject::ReviewDecision(rowid),
    )?;
    crate::lists::mark_changed(&tx)?;
    tx.commit()?;
    Ok(())
}
