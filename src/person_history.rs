//! One person's history across the campaign, for the app's detail panel: every analysis
//! (monthly snapshot) that flagged them and why, the analyses that closed their case and
//! why, every outcome recorded for them (from a returned sheet or by hand), and their
//! enrolment rows in the register versions in force now.
//!
//! A person is asked for by a gap of any analysis (the gap's row id is what the app
//! holds); the history follows that gap's `person_key`, which is stable across analyses
//! (docs/rules.md, "Lists over time"). The key itself holds the full ID, so it never
//! leaves this module: IDs come out masked, notes with every digit run masked.

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::analysis::campaign::ClosedBecause;
use crate::analysis::GapCode;
use crate::identity::id_number::mask_id;
use crate::identity::redact::mask_numbers;
use crate::vocabulary::{EnrolStatus, Scheme};
use crate::worklist::Outcome;
use crate::{ErrorKind, Result};

/// Everything the database knows about one person's case, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PersonHistory {
    /// The name as the latest gap wrote it.
    pub name: String,
    /// First 6 and last 4 characters of the ID, when the person has one.
    pub id_masked: Option<String>,
    /// Each analysis that flagged the person.
    pub flagged: Vec<FlaggedIn>,
    /// Each analysis in which a case of theirs closed.
    pub closed: Vec<ClosedIn>,
    /// Every outcome recorded for them.
    pub outcomes: Vec<RecordedOutcome>,
    /// Their rows in the enrolment register versions in force.
    pub enrolments: Vec<EnrolmentInForce>,
}

/// One analysis that flagged the person.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FlaggedIn {
    pub analysis_id: i64,
    /// The analysis's as-of date, YYYY-MM-DD.
    pub as_of: String,
    pub code: GapCode,
    /// The reason as that analysis wrote it (digit runs masked).
    pub reason: String,
    /// The same in English (empty for analyses stored before it was kept).
    pub reason_en: String,
    /// Township, school or agency that followed it up.
    pub unit: String,
}

/// One analysis in which a case of the person closed.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ClosedIn {
    pub analysis_id: i64,
    pub as_of: String,
    /// The code the case had before it closed.
    pub code: GapCode,
    pub closed_because: Option<ClosedBecause>,
}

/// One outcome, as it was recorded.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RecordedOutcome {
    pub outcome: Option<Outcome>,
    /// The date the officer wrote, YYYY-MM-DD, when given.
    pub outcome_date: Option<String>,
    pub officer: Option<String>,
    /// The note, digit runs masked.
    pub note: Option<String>,
    /// The returned file it came from; `None` for one recorded by hand in the app.
    pub file: Option<String>,
    pub sheet: Option<String>,
    pub row_number: Option<u32>,
    /// When it was imported or recorded (RFC 3339).
    pub recorded_at: String,
}

/// One enrolment row in a register version in force.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct EnrolmentInForce {
    pub scheme: Option<Scheme>,
    pub status: Option<EnrolStatus>,
    pub year: Option<i32>,
    pub period_start: Option<String>,
    pub period_end: Option<String>,
    /// The register's own date (YYYY-MM-DD), when known.
    pub list_date: Option<String>,
    pub file: String,
    pub sheet: String,
    pub row_number: u32,
}

/// The history of the person a gap (of any analysis) belongs to.
pub fn of_gap(conn: &Connection, gap_id: i64) -> Result<PersonHistory> {
    let person_key: String = conn
        .query_row("SELECT person_key FROM gap WHERE id = ?1", [gap_id], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or_else(|| ErrorKind::InvalidArgument {
            message: format!(
                "没有编号为 {gap_id} 的缺口记录（可能已被新的分析取代），请刷新后再试"
            ),
        })?;
    of_person(conn, &person_key)
}

/// The history of the person a worklist's case code (案件码, as printed on the sheet and
/// typed back: case, spaces and dashes ignored) was issued for.
pub fn of_case_code(conn: &Connection, case_code: &str) -> Result<PersonHistory> {
    let code = crate::worklist::normalise_case_code(case_code);
    let person_key: String = conn
        .query_row(
            "SELECT person_key FROM worklist_row WHERE case_code = ?1 LIMIT 1",
            [&code],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| ErrorKind::InvalidArgument {
            message: format!(
                "没有案件码为“{}”的工作表行；请核对工作表上印的案件码",
                mask_numbers(case_code)
            ),
        })?;
    of_person(conn, &person_key)
}

/// The history of the person with this key (the key never leaves the engine).
pub fn of_person(conn: &Connection, person_key: &str) -> Result<PersonHistory> {
    let (name, id_number): (String, Option<String>) = conn
        .query_row(
            "SELECT name, id_number FROM gap WHERE person_key = ?1
             ORDER BY analysis_id DESC, id LIMIT 1",
            [person_key],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| ErrorKind::InvalidArgument {
            message: "没有哪次分析标记过这个人".into(),
        })?;
    Ok(PersonHistory {
        name,
        id_masked: id_number.as_deref().map(mask_id),
        flagged: flagged(conn, person_key)?,
        closed: closed(conn, person_key)?,
        outcomes: outcomes(conn, person_key)?,
        enrolments: enrolments(conn, person_key)?,
    })
}

fn flagged(conn: &Connection, person_key: &str) -> Result<Vec<FlaggedIn>> {
    // A person can hold two gaps in one analysis (e.g. a student also a newborn): one
    // entry each, in code order.
    let mut stmt = conn.prepare(
        "SELECT a.id, a.as_of, g.code, g.reason, g.route_unit, g.reason_en FROM gap g
         JOIN analysis a ON a.id = g.analysis_id
         WHERE g.person_key = ?1 ORDER BY a.id, g.code",
    )?;
    let rows = stmt.query_map([person_key], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (analysis_id, as_of, code, reason, unit, reason_en) = row?;
        let Some(code) = GapCode::from_stored(&code) else {
            continue;
        };
        out.push(FlaggedIn {
            analysis_id,
            as_of,
            code,
            reason: mask_numbers(&reason),
            reason_en: mask_numbers(&reason_en),
            unit,
        });
    }
    Ok(out)
}

fn closed(conn: &Connection, person_key: &str) -> Result<Vec<ClosedIn>> {
    let mut stmt = conn.prepare(
        "SELECT a.id, a.as_of, c.code, c.closed_because FROM closed_gap c
         JOIN analysis a ON a.id = c.analysis_id
         WHERE c.person_key = ?1 ORDER BY a.id, c.code",
    )?;
    let rows = stmt.query_map([person_key], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (analysis_id, as_of, code, why) = row?;
        let Some(code) = GapCode::from_stored(&code) else {
            continue;
        };
        out.push(ClosedIn {
            analysis_id,
            as_of,
            code,
            closed_because: ClosedBecause::from_stored(&why),
        });
    }
    Ok(out)
}

fn outcomes(conn: &Connection, person_key: &str) -> Result<Vec<RecordedOutcome>> {
    // A hand-recorded outcome is stored with row number 0 and no sheet (worklist::followup).
    let mut stmt = conn.prepare(
        "SELECT outcome, outcome_date, officer, note, file, sheet, row_number, imported_at
         FROM followup WHERE person_key = ?1 ORDER BY imported_at, id",
    )?;
    let rows = stmt.query_map([person_key], |r| {
        let row_number: u32 = r.get(6)?;
        let from_file = row_number > 0;
        Ok(RecordedOutcome {
            outcome: Outcome::from_stored(&r.get::<_, String>(0)?),
            outcome_date: r.get(1)?,
            officer: r.get(2)?,
            note: r.get::<_, Option<String>>(3)?.map(|n| mask_numbers(&n)),
            file: if from_file { r.get(4)? } else { None },
            sheet: if from_file { r.get(5)? } else { None },
            row_number: from_file.then_some(row_number),
            recorded_at: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The register rows in force that the analysis would match to this person: by ID, or
/// by name key and birth date for a person known without one.
fn enrolments(conn: &Connection, person_key: &str) -> Result<Vec<EnrolmentInForce>> {
    let (condition, first, second) = if let Some(id) = person_key.strip_prefix("id:") {
        (
            "r.id_number = ?1 AND ?2 = ''",
            id.to_string(),
            String::new(),
        )
    } else if let Some((name, birth)) = person_key
        .strip_prefix("nb:")
        .and_then(|rest| rest.split_once('|'))
    {
        (
            "r.id_number IS NULL AND r.name_key = ?1 AND r.birth_date = ?2",
            name.to_string(),
            birth.to_string(),
        )
    } else {
        // Known by birth certificate or mother: the register has neither column.
        return Ok(Vec::new());
    };
    let in_force = crate::lists::row_still_in_force_sql("r", "b.id");
    let sql = format!(
        "SELECT r.scheme, r.enrol_status, r.year, r.period_start, r.period_end, b.list_date,
                b.file_name, r.sheet, r.row_number
         FROM list_row r JOIN batch b ON b.id = r.batch_id
         WHERE b.kind = ?3 AND b.status = ?4 AND {condition} AND {in_force}
         ORDER BY r.year DESC, b.id, r.row_number"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(
        rusqlite::params![
            first,
            second,
            crate::list_kind::ListKind::Enrolment.as_str(),
            crate::lists::versions::VersionStatus::InForce.as_str()
        ],
        |r| {
            Ok(EnrolmentInForce {
                scheme: r
                    .get::<_, Option<String>>(0)?
                    .as_deref()
                    .and_then(Scheme::from_stored),
                status: r
                    .get::<_, Option<String>>(1)?
                    .as_deref()
                    .and_then(EnrolStatus::from_stored),
                year: r.get(2)?,
                period_start: r.get(3)?,
                period_end: r.get(4)?,
                list_date: r.get(5)?,
                file: r.get(6)?,
                sheet: r.get(7)?,
                row_number: r.get(8)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
