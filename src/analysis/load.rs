//! Loads the list rows the rules compare: only the versions in force (docs/rules.md, "List
//! lifecycle"), without the parts newer versions replaced, without rows whose own
//! status takes them off their list (迁出, 退出, a roster's 离职日期 on or before the
//! as-of date). Which versions were read is returned for the snapshot to record.

use std::collections::{HashMap, HashSet};

use bumpalo::Bump;
use chrono::NaiveDate;
use rusqlite::Connection;

use super::people::TARGET_KINDS;
pub use super::row::{ArenaStr, Detail, ListRow, PeriodYears, Text};
use crate::identity::IdStatus;
use crate::lists::scope::ScopeDimension;
use crate::lists::{ListDate, VersionStatus};
use crate::vocabulary::{EnrolStatus, PersonStatus, Scheme, Subsidy};
use crate::{ListKind, Result};

/// The rows the analysis reads, in import order, and the versions they came from.
pub struct Loaded<'a> {
    pub rows: Vec<ListRow<'a>>,
    pub batches: Vec<i64>,
}

/// Every row in force on `as_of`, in import order, its text kept in `arena`.
pub fn load_rows<'a>(conn: &Connection, as_of: NaiveDate, arena: &'a Bump) -> Result<Loaded<'a>> {
    let parts = superseded_parts(conn)?;
    let batches: Vec<i64> = conn
        .prepare_cached("SELECT id FROM batch WHERE status = ?1 ORDER BY id")?
        .query_map([VersionStatus::InForce.as_str()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    // CROSS JOIN keeps the versions in force as the outer loop, and each version's rows
    // are read as the rowid range they were stored in (one transaction each: contiguous;
    // `+` keeps SQLite on that range rather than the batch index, which would need a sort
    // for import order). Rows of superseded versions are never visited, so history does
    // not slow the analysis down.
    let mut stmt = conn.prepare_cached(
        "SELECT b.kind, r.id_number, r.id_status, r.name, r.name_key, r.name_has_placeholder, r.birth_date,
                r.sex, r.township, r.village, r.phone, r.deceased, r.scheme, r.enrol_status, r.year,
                r.period_start, r.period_end, NULL, r.subsidy, r.birth_cert_number, r.mother_id_number,
                r.school, r.grade, r.class_name, r.agency, r.client_company, r.start_date,
                r.welfare_category, r.exclusion_reason, b.file_name, r.sheet, r.row_number,
                r.batch_id, r.person_status, r.leave_date, b.list_date, r.death_date
         FROM batch b CROSS JOIN list_row r
              ON r.id BETWEEN (SELECT MIN(x.id) FROM list_row x WHERE x.batch_id = b.id)
                          AND (SELECT MAX(x.id) FROM list_row x WHERE x.batch_id = b.id)
             AND +r.batch_id = b.id
         WHERE b.status = ?1
         ORDER BY b.id, r.id",
    )?;
    let as_of = crate::dates::iso(as_of);
    let mut shared = Interner::default();
    // Room for every row at once: growing by doubling would hold the old and the new
    // buffer together at the peak (a county's rows are most of the analysis' memory).
    let mut out = Vec::with_capacity(rows_in_force(conn)?);
    let mut rows = stmt.query([VersionStatus::InForce.as_str()])?;
    while let Some(r) = rows.next()? {
        let Some(kind) = ListKind::from_stored(r.get_ref(0)?.as_str().unwrap_or_default()) else {
            // A kind this version does not know (written by a newer version): left out.
            continue;
        };
        // Read text in place (no String per cell): two million rows, thirty columns.
        let str_at = |i: usize| -> rusqlite::Result<Option<&str>> {
            r.get_ref(i)?.as_str_or_null().map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    i,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })
        };
        // A row's own text is copied into the arena: no allocation per field.
        let own = |i: usize| -> rusqlite::Result<Option<&'a str>> {
            Ok(str_at(i)?.map(|s| &*arena.alloc_str(s)))
        };
        let mut text =
            |i: usize| -> rusqlite::Result<Option<Text>> { Ok(str_at(i)?.map(|s| shared.get(s))) };
        let status = str_at(33)?.and_then(PersonStatus::from_stored);
        let left_job = str_at(34)?.is_some_and(|d| d <= as_of.as_str());
        if status.is_some_and(PersonStatus::leaves_the_list)
            || (kind == ListKind::Roster && left_job)
        {
            continue;
        }
        let batch_id: i64 = r.get(32)?;
        if let Some(replaced) = parts.get(&batch_id) {
            let unit = |d: ScopeDimension| -> rusqlite::Result<String> {
                Ok(match d {
                    ScopeDimension::School => str_at(21)?.unwrap_or_default().to_string(),
                    ScopeDimension::Agency => str_at(24)?.unwrap_or_default().to_string(),
                    ScopeDimension::Category => str_at(27)?.unwrap_or_default().to_string(),
                    ScopeDimension::Township => str_at(8)?.unwrap_or_default().to_string(),
                    ScopeDimension::SchemeYear => format!(
                        "{}|{}",
                        str_at(12)?.unwrap_or("other"),
                        r.get::<_, Option<i32>>(14)?
                            .map_or_else(|| "*".to_string(), |y| y.to_string())
                    ),
                    ScopeDimension::County | ScopeDimension::Events => return Ok(String::new()),
                })
            };
            let mut gone = false;
            for (dimension, units) in replaced {
                gone |= units.contains(&unit(*dimension)?);
            }
            if gone {
                continue;
            }
        }
        // What the rules read of a row depends on its list: the people's own lists give
        // the person (place, phone, school, roster …); the register is only matched
        // (ID, name, birth, sex, status, year, scheme, subsidy, source row) and a death or
        // exclusion row only suppresses (its date, year and reason). What no rule reads of
        // a kind is not kept for it, so the result is the same with less held. The
        // register's place is kept all the same: the review queue shows it beside the
        // person's (a shared text, one pointer a row).
        let person_list = TARGET_KINDS.contains(&kind);
        let placed = person_list || kind == ListKind::Enrolment;
        let detail = if kind == ListKind::Enrolment {
            Detail::NONE
        } else {
            Detail {
                birth_cert_number: own(19)?,
                mother_id_number: own(20)?,
                school: own(21)?,
                grade: own(22)?,
                class_name: own(23)?,
                agency: own(24)?,
                client_company: own(25)?,
                start_date: own(26)?,
                welfare_category: own(27)?,
                exclusion_reason: own(28)?,
                death_date: own(36)?,
                list_year: str_at(35)?
                    .and_then(ListDate::from_stored)
                    .map(ListDate::year)
                    // Only an exclusion reads its list's year: other rows keep no detail for it.
                    .filter(|_| kind == ListKind::Exclusion),
            }
        };
        out.push(ListRow {
            kind: Some(kind),
            id_number: own(1)?.map(ArenaStr),
            id_status: str_at(2)?
                .and_then(IdStatus::from_stored)
                .unwrap_or(IdStatus::Missing),
            name: own(3)?.map(ArenaStr),
            name_key: own(4)?.map(ArenaStr),
            name_has_placeholder: r.get(5)?,
            birth_date: own(6)?.map(ArenaStr),
            sex: text(7)?,
            township: if placed { text(8)? } else { None },
            village: if placed { text(9)? } else { None },
            phone: if person_list {
                own(10)?.map(ArenaStr)
            } else {
                None
            },
            deceased: r.get(11)?,
            scheme: str_at(12)?.and_then(Scheme::from_stored),
            enrol_status: str_at(13)?.and_then(EnrolStatus::from_stored),
            year: r.get(14)?,
            period: PeriodYears::of(str_at(15)?, str_at(16)?),
            subsidised: str_at(18)?.is_some_and(|s| Subsidy::parse(s).is_subsidised()),
            file: text(29)?.unwrap_or_else(|| Text::from("")),
            sheet: text(30)?.unwrap_or_else(|| Text::from("")),
            row_number: r.get(31)?,
            detail: (!detail.is_empty()).then(|| &*arena.alloc(detail)),
        });
    }
    Ok(Loaded { rows: out, batches })
}

/// At most the number of rows of the versions in force: each version's rows are one
/// rowid range (see [`load_rows`]).
fn rows_in_force(conn: &Connection) -> Result<usize> {
    let total: Option<i64> = conn
        .prepare_cached(
            "SELECT SUM((SELECT MAX(x.id) - MIN(x.id) + 1 FROM list_row x WHERE x.batch_id = b.id))
             FROM batch b WHERE b.status = ?1",
        )?
        .query_row([VersionStatus::InForce.as_str()], |r| r.get(0))?;
    Ok(usize::try_from(total.unwrap_or(0)).unwrap_or(0))
}

/// The units of one version that newer versions replaced, by dimension.
type ReplacedParts = Vec<(ScopeDimension, HashSet<String>)>;

/// Per version in force, the units newer versions replaced, by dimension.
fn superseded_parts(conn: &Connection) -> Result<HashMap<i64, ReplacedParts>> {
    let mut stmt = conn.prepare_cached(
        "SELECT batch_id, dimension, unit FROM superseded_part ORDER BY batch_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out: HashMap<i64, ReplacedParts> = HashMap::new();
    for row in rows {
        let (batch, dimension, unit) = row?;
        let Some(dimension) = ScopeDimension::from_stored(&dimension) else {
            continue;
        };
        let parts = out.entry(batch).or_default();
        match parts.iter_mut().find(|(d, _)| *d == dimension) {
            Some((_, units)) => {
                units.insert(unit);
            }
            None => parts.push((dimension, HashSet::from([unit]))),
        }
    }
    Ok(out)
}

/// Hands out one shared copy of each distinct value (a dozen lookups a row: hashed with
/// foldhash, several times faster than SipHash on short text).
#[derive(Default)]
struct Interner(foldhash::HashSet<Text>);

impl Interner {
    fn get(&mut self, value: &str) -> Text {
        if let Some(existing) = self.0.get(value) {
            return existing.clone();
        }
        let text = Text::from(value);
        self.0.insert(text.clone());
        text
    }
}
