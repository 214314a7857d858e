//! Where each unit's worklists stand: for every township, school and staffing agency,
//! the latest worklist sent to it, how many of its cases came back with an outcome, the
//! date it should be back by, and the unit's funnel for that round
//! (sent → contacted → mobilised → enrolled).
//!
//! A round is a unit's latest export (the officer sends a new sheet each month; the
//! older one is history). A case counts as answered when an outcome for its person was
//! recorded after the sheet was sent — from the returned sheet or by hand after a phone
//! call — and as enrolled when a later analysis closed it because the register showed an
//! enrolment. The return deadline is the sending date plus the county's
//! `worklist_return_days` setting.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::analysis::campaign::ClosedBecause;
use crate::analysis::RouteType;
use crate::worklist::{ExportKind, Outcome};
use crate::Result;

/// How far a unit's latest worklist has come back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DispatchStatus {
    /// Sent; no outcome recorded for any of its cases yet.
    Sent,
    /// Some of its cases have an outcome.
    PartlyReturned,
    /// Every case has an outcome.
    Completed,
}

/// One unit's latest worklist and its funnel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UnitDispatch {
    pub route_type: RouteType,
    /// The township, school or agency.
    pub unit: String,
    /// The export the round was sent in.
    pub export_id: i64,
    /// The day it was sent, YYYY-MM-DD.
    pub sent_on: String,
    /// The day it should be back by, YYYY-MM-DD.
    pub return_by: String,
    pub status: DispatchStatus,
    /// Not completed and the return date has passed.
    pub overdue: bool,
    /// Cases (people) on the sheet.
    pub sent: u32,
    /// Of those, people with an outcome recorded since.
    pub contacted: u32,
    /// Of those, people whose latest outcome is mobilised or enrolled.
    pub mobilised: u32,
    /// Of those sent, people a later analysis found enrolled.
    pub enrolled: u32,
    /// Returned files their outcomes came from.
    pub returned_files: u32,
    /// When the latest outcome for the round was recorded (RFC 3339).
    pub last_returned_at: Option<String>,
}

#[derive(Default)]
struct Round {
    export_id: i64,
    analysis_id: i64,
    sent_at: String,
    /// Each person sent, with the latest outcome recorded after the sending.
    people: BTreeMap<String, Option<Answer>>,
}

/// An outcome as recorded: the outcome, the returned file it came from (none when entered
/// by hand), when it was recorded.
type Answer = (String, Option<String>, String);

/// Every unit that has been sent a worklist, townships first, then schools and agencies,
/// each by name. `today` decides what is overdue.
pub fn by_unit(conn: &Connection, today: NaiveDate) -> Result<Vec<UnitDispatch>> {
    let return_days = crate::settings::load(conn)?.worklist_return_days;
    let rounds = latest_rounds(conn)?;
    // The latest analysis that closed each person as enrolled, read once: `closed_gap` has
    // no index by person, so a lookup per person sent would scan it each time.
    let mut stmt = conn.prepare(
        "SELECT person_key, MAX(analysis_id) FROM closed_gap WHERE closed_because = ?1
         GROUP BY person_key",
    )?;
    let enrolled_in: HashMap<String, i64> = stmt
        .query_map([ClosedBecause::Enrolled], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(rounds.len());
    for ((route, unit), round) in rounds {
        let sent_on = round
            .sent_at
            .get(..10)
            .unwrap_or(&round.sent_at)
            .to_string();
        let return_by = NaiveDate::parse_from_str(&sent_on, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.checked_add_days(chrono::Days::new(u64::from(return_days))));
        let mut dispatch = UnitDispatch {
            route_type: route,
            unit,
            export_id: round.export_id,
            return_by: return_by.map(crate::dates::iso).unwrap_or_default(),
            sent_on,
            status: DispatchStatus::Sent,
            overdue: false,
            sent: 0,
            contacted: 0,
            mobilised: 0,
            enrolled: 0,
            returned_files: 0,
            last_returned_at: None,
        };
        let mut files = std::collections::BTreeSet::new();
        for (key, answer) in &round.people {
            dispatch.sent += 1;
            if let Some((outcome, file, at)) = answer {
                dispatch.contacted += 1;
                let moving = matches!(
                    Outcome::from_stored(outcome),
                    Some(Outcome::Mobilised | Outcome::Enrolled)
                );
                dispatch.mobilised += u32::from(moving);
                files.extend(file.clone());
                if dispatch
                    .last_returned_at
                    .as_ref()
                    .is_none_or(|last| at > last)
                {
                    dispatch.last_returned_at = Some(at.clone());
                }
            }
            let enrolled = enrolled_in.get(key).is_some_and(|&a| a > round.analysis_id);
            dispatch.enrolled += u32::from(enrolled);
        }
        dispatch.returned_files = files.len() as u32;
        dispatch.status = match dispatch.contacted {
            0 => DispatchStatus::Sent,
            n if n >= dispatch.sent => DispatchStatus::Completed,
            _ => DispatchStatus::PartlyReturned,
        };
        dispatch.overdue =
            dispatch.status != DispatchStatus::Completed && return_by.is_some_and(|d| today > d);
        out.push(dispatch);
    }
    Ok(out)
}

/// Each unit's latest export (hand-recorded outcomes' one-row exports are not sent
/// anywhere and do not count), with its people and what came back for each.
fn latest_rounds(conn: &Connection) -> Result<BTreeMap<(RouteType, String), Round>> {
    // The unit is the gap's, in the analysis the export was made from.
    let mut stmt = conn.prepare(
        "SELECT g.route_type, g.route_unit, e.id, e.analysis_id, e.created_at, w.person_key
         FROM worklist_row w
         JOIN worklist_export e ON e.id = w.export_id
         JOIN gap g ON g.analysis_id = e.analysis_id AND g.person_key = w.person_key AND g.code = w.code
         WHERE e.split_by <> ?1
         ORDER BY e.id",
    )?;
    let rows = stmt.query_map([ExportKind::Manual], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut rounds: BTreeMap<(RouteType, String), Round> = BTreeMap::new();
    for row in rows {
        let (route, unit, export_id, analysis_id, sent_at, person_key) = row?;
        let Some(route) = RouteType::from_stored(&route) else {
            continue;
        };
        let round = rounds.entry((route, unit)).or_default();
        if round.export_id != export_id {
            // A later export to the same unit starts a new round (rows come in export order).
            *round = Round {
                export_id,
                analysis_id,
                sent_at,
                people: BTreeMap::new(),
            };
        }
        round.people.insert(person_key, None);
    }
    // The latest outcome recorded for each person since their round was sent. One ordered
    // pass over every follow-up (newest first per person) instead of a query per person
    // sent: a county's round is tens of thousands of people.
    let mut stmt = conn.prepare(
        "SELECT person_key, outcome, CASE WHEN row_number > 0 THEN file END, imported_at
         FROM followup ORDER BY person_key, imported_at DESC, id DESC",
    )?;
    let mut recorded: HashMap<String, Vec<Answer>> = HashMap::new();
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?, r.get(3)?)))
    })?;
    for row in rows {
        let (key, answer) = row?;
        recorded.entry(key).or_default().push(answer);
    }
    for round in rounds.values_mut() {
        for (key, answer) in round.people.iter_mut() {
            let newest_first = recorded.get(key).map(Vec::as_slice).unwrap_or_default();
            *answer = newest_first
                .iter()
                .find(|(_, _, at)| *at >= round.sent_at)
                .cloned();
        }
    }
    Ok(rounds)
}
