//! The review queue: possible matches (similar name, same birth date) wait here with both
//! records side by side until a person accepts or rejects them. A false "you are not
//! insured" visit wastes an officer's day, so none of these reach a field worklist.
//!
//! One item per candidate identity, however many register rows (years) it has; [`side`]
//! builds what each side shows, the coverage year's row on the register side. Decisions
//! ([`decide`], [`undo`]) are stored by a pair key built from both sides' stable
//! identities, so they survive re-imports and re-analyses.
//!
//! The rules it implements are written down in docs/rules.md, "The review queue".

mod decide;
mod side;

use std::collections::HashMap;

use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;

use super::load::ListRow;
use super::matching::Possible;
use super::people::Person;
use crate::vocabulary::stored_vocabulary;
use crate::{ErrorKind, Result};

pub use decide::{decide, undo};
use side::{candidate_side, person_side, shown_row};
pub use side::{ReviewFact, ReviewField, ReviewSide};

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

/// Why two records may name the same person, in the words of both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resemblance {
    /// The same toneless pinyin (晓/小).
    SameSound,
    /// Exactly one character different, never a two-character name's surname.
    OneCharacter,
    /// The same name key, both sexes known and different.
    SexDiffers,
    /// The same name key, one side's ID failing its check digit.
    CheckDigit,
    /// The same name key, both IDs usable and one of the first 17 digits apart.
    OneDigit,
    /// The same name key, the register's rows under it carrying several IDs.
    SeveralIds,
}

impl Resemblance {
    pub const ALL: [Resemblance; 6] = [
        Resemblance::SameSound,
        Resemblance::OneCharacter,
        Resemblance::SexDiffers,
        Resemblance::CheckDigit,
        Resemblance::OneDigit,
        Resemblance::SeveralIds,
    ];

    pub fn zh(self) -> &'static str {
        match self {
            Resemblance::SameSound => "姓名读音相同",
            Resemblance::OneCharacter => "姓名仅一字之差",
            Resemblance::SexDiffers => "姓名相同，但性别不同",
            Resemblance::CheckDigit => "姓名相同，一方身份证号校验位不符（可能抄错一位）",
            Resemblance::OneDigit => "姓名相同，身份证号仅一位不同",
            Resemblance::SeveralIds => "姓名相同，参保记录中有多个不同的身份证号",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Resemblance::SameSound => "the names sound the same",
            Resemblance::OneCharacter => "the names differ in one character",
            Resemblance::SexDiffers => "the same name, but a different sex",
            Resemblance::CheckDigit => {
                "the same name; one ID number fails its check digit (one digit may be miscopied)"
            }
            Resemblance::OneDigit => "the same name; the ID numbers differ in one digit",
            Resemblance::SeveralIds => {
                "the same name; the register holds several different ID numbers under it"
            }
        }
    }
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
    /// `why` in English (empty for items stored before schema 010).
    pub why_en: String,
}

/// The candidate's identity: its ID, else its name key and birth date.
fn candidate_key(row: &ListRow) -> String {
    match &row.id_number() {
        Some(id) => format!("id:{id}"),
        None => format!(
            "nb:{}|{}",
            row.name_key().unwrap_or(""),
            row.birth_date().unwrap_or("")
        ),
    }
}

/// One candidate of a person: every register row under its identity (a row per year),
/// and the item that shows the one for the coverage year.
pub struct Candidate<'a> {
    pub item: ReviewItem,
    pub rows: Vec<&'a ListRow<'a>>,
}

/// The person's possible matches, one per candidate identity: a candidate enrolled for
/// several years is one question, asked with the coverage year's row (see [`shown_row`]).
pub fn candidates<'a>(
    person: &Person<'_>,
    possible: Vec<Possible<'a>>,
    coverage_year: i32,
) -> Vec<Candidate<'a>> {
    let mut groups: Vec<(String, Vec<Possible<'a>>)> = Vec::new();
    for p in possible {
        let key = candidate_key(p.row);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, group)) => group.push(p),
            None => groups.push((key, vec![p])),
        }
    }
    groups
        .into_iter()
        .map(|(key, group)| {
            let rows: Vec<&ListRow> = group.iter().map(|p| p.row).collect();
            let shown = shown_row(&rows, coverage_year);
            let why = group
                .iter()
                .find(|p| std::ptr::eq(p.row, shown))
                .map_or(group[0].why, |p| p.why);
            let item = ReviewItem {
                id: 0,
                pair_key: format!("{}↔{key}", person.key),
                person: person_side(person),
                candidate: candidate_side(shown, coverage_year),
                why: format!("出生日期相同，{}", why.zh()),
                why_en: format!("The same birth date; {}", why.en()),
            };
            Candidate { item, rows }
        })
        .collect()
}

/// Every decision made so far, by pair key.
pub fn decisions(conn: &Connection) -> Result<HashMap<String, Decision>> {
    let mut stmt = conn
        .prepare_cached("SELECT pair_key, decision FROM review_decision WHERE undone_at IS NULL")?;
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
        "INSERT INTO review_item (analysis_id, pair_key, person, candidate, why, why_en) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for item in items {
        insert.execute(params![
            analysis_id,
            item.pair_key,
            serde_json::to_string(&item.person).expect("serialises"),
            serde_json::to_string(&item.candidate).expect("serialises"),
            item.why,
            item.why_en,
        ])?;
    }
    Ok(())
}

/// The possible matches of the latest analysis that still wait for a decision.
pub fn pending(conn: &Connection) -> Result<Vec<ReviewItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.id, i.pair_key, i.person, i.candidate, i.why, i.why_en FROM review_item i
         WHERE i.analysis_id = (SELECT MAX(id) FROM analysis)
           AND NOT EXISTS (SELECT 1 FROM review_decision d
                           WHERE d.pair_key = i.pair_key AND d.undone_at IS NULL)
         ORDER BY i.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut items = Vec::new();
    for row in rows {
        let (id, pair_key, person, candidate, why, why_en) = row?;
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
            why_en,
        });
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_resemblance_is_worded_in_english_without_chinese() {
        for r in Resemblance::ALL {
            assert!(!r.en().is_empty() && r.en().is_ascii(), "{r:?}: {}", r.en());
            assert!(!r.zh().is_ascii(), "{r:?}");
        }
    }
}
