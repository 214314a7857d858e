//! Loads the list rows the rules compare: only the versions in force (docs/rules.md, "List
//! lifecycle"), without the parts newer versions replaced, without rows whose own
//! status takes them off their list (迁出, 退出, a roster's 离职日期 on or before the
//! as-of date). Which versions were read is returned for the snapshot to record.

use std::collections::{HashMap, HashSet};
use std::ops::Deref;
use std::rc::Rc;

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::identity::IdStatus;
use crate::lists::scope::ScopeDimension;
use crate::lists::{ListDate, VersionStatus};
use crate::vocabulary::{EnrolStatus, PersonStatus, Scheme, Subsidy};
use crate::{ListKind, Result};

/// Text shared by many rows (a township, a school, a file name), stored once. One
/// pointer wide (the length lives with the text, not in every row), so each of a row's
/// shared fields costs 8 bytes, absent or not. Compared, ordered and hashed as its text.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(Rc<Box<str>>);

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Text {
    fn from(value: &str) -> Self {
        Text(Rc::new(Box::from(value)))
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self.0, f)
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The years an enrolment row's contribution period starts and ends in, when the
/// register gives a period (either end may be open or unreadable).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PeriodYears {
    pub start: Option<i32>,
    pub end: Option<i32>,
}

impl PeriodYears {
    /// The years of a period given as ISO dates; `None` when neither end is given.
    pub fn of(start: Option<&str>, end: Option<&str>) -> Option<PeriodYears> {
        if start.is_none() && end.is_none() {
            return None;
        }
        let year_of = |d: &str| d.get(..4).and_then(|y| y.parse::<i32>().ok());
        Some(PeriodYears {
            start: start.and_then(year_of),
            end: end.and_then(year_of),
        })
    }
}

/// One imported row, of any list kind, with what the rules need and nothing more. A
/// county loads millions of these: values repeated across rows are shared ([`Text`]), a
/// period is kept as its years, the rest are boxed strings.
#[derive(Debug, Clone, Default)]
pub struct ListRow {
    pub kind: Option<ListKind>,
    pub id_number: Option<Box<str>>,
    pub id_status: IdStatus,
    pub name: Option<Box<str>>,
    pub name_key: Option<Box<str>>,
    pub name_has_placeholder: bool,
    pub birth_date: Option<Box<str>>,
    pub sex: Option<Text>,
    pub township: Option<Text>,
    pub village: Option<Text>,
    pub phone: Option<Box<str>>,
    pub deceased: bool,
    pub scheme: Option<Scheme>,
    pub enrol_status: Option<EnrolStatus>,
    pub year: Option<i32>,
    /// The contribution period's years, when the register gives a period.
    pub period: Option<PeriodYears>,
    /// The 资助类别 names a category (not 无/否/非资助/不享受/empty).
    pub subsidised: bool,
    pub birth_cert_number: Option<Box<str>>,
    pub mother_id_number: Option<Box<str>>,
    pub school: Option<Text>,
    pub grade: Option<Text>,
    pub class_name: Option<Text>,
    pub agency: Option<Text>,
    pub client_company: Option<Text>,
    pub start_date: Option<Box<str>>,
    pub welfare_category: Option<Text>,
    pub exclusion_reason: Option<Text>,
    pub file: Text,
    pub sheet: Text,
    pub row_number: u32,
    /// The year of the list's own date (an exclusion holds for that coverage year).
    pub list_year: Option<i32>,
    /// A death list's date of death, YYYY-MM-DD.
    pub death_date: Option<Box<str>>,
}

impl ListRow {
    pub fn kind(&self) -> ListKind {
        self.kind.expect("rows are loaded with their kind")
    }

    /// True when this enrolment row covers calendar year `year`. A row with neither a year
    /// nor a period is read as the register's current state: it covers the coverage year only.
    pub fn covers(&self, year: i32, coverage_year: i32) -> bool {
        match (self.year, self.period) {
            (Some(y), _) => y == year,
            (None, None) => year == coverage_year,
            (None, Some(period)) => {
                period.start.is_none_or(|s| s <= year) && period.end.is_none_or(|e| e >= year)
            }
        }
    }

    /// True for an enrolment row with status 参保缴费 covering `year`.
    pub fn is_active_in(&self, year: i32, coverage_year: i32) -> bool {
        self.enrol_status == Some(EnrolStatus::Active) && self.covers(year, coverage_year)
    }

    /// The name key and birth date, when both are known and the name is comparable.
    pub fn name_birth(&self) -> Option<(&str, &str)> {
        if self.name_has_placeholder {
            return None;
        }
        Some((self.name_key.as_deref()?, self.birth_date.as_deref()?))
    }

    pub fn source(&self) -> super::SourceRow {
        super::SourceRow {
            kind: self.kind(),
            file: self.file.to_string(),
            sheet: self.sheet.to_string(),
            row: self.row_number,
        }
    }
}

/// The rows the analysis reads, in import order, and the versions they came from.
pub struct Loaded {
    pub rows: Vec<ListRow>,
    pub batches: Vec<i64>,
}

/// Every row in force on `as_of`, in import order.
pub fn load_rows(conn: &Connection, as_of: NaiveDate) -> Result<Loaded> {
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
        let boxed =
            |i: usize| -> rusqlite::Result<Option<Box<str>>> { Ok(str_at(i)?.map(Box::from)) };
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
        out.push(ListRow {
            kind: Some(kind),
            id_number: boxed(1)?,
            id_status: str_at(2)?
                .and_then(IdStatus::from_stored)
                .unwrap_or(IdStatus::Missing),
            name: boxed(3)?,
            name_key: boxed(4)?,
            name_has_placeholder: r.get(5)?,
            birth_date: boxed(6)?,
            sex: text(7)?,
            township: text(8)?,
            village: text(9)?,
            phone: boxed(10)?,
            deceased: r.get(11)?,
            scheme: str_at(12)?.and_then(Scheme::from_stored),
            enrol_status: str_at(13)?.and_then(EnrolStatus::from_stored),
            year: r.get(14)?,
            period: PeriodYears::of(str_at(15)?, str_at(16)?),
            subsidised: str_at(18)?.is_some_and(|s| Subsidy::parse(s).is_subsidised()),
            birth_cert_number: boxed(19)?,
            mother_id_number: boxed(20)?,
            school: text(21)?,
            grade: text(22)?,
            class_name: text(23)?,
            agency: text(24)?,
            client_company: text(25)?,
            start_date: boxed(26)?,
            welfare_category: text(27)?,
            exclusion_reason: text(28)?,
            file: text(29)?.unwrap_or_else(|| Text::from("")),
            sheet: text(30)?.unwrap_or_else(|| Text::from("")),
            row_number: r.get(31)?,
            list_year: str_at(35)?
                .and_then(ListDate::from_stored)
                .map(ListDate::year),
            death_date: str_at(36)?.map(Box::from),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn row(year: Option<i32>, start: Option<&str>, end: Option<&str>) -> ListRow {
        ListRow {
            enrol_status: Some(EnrolStatus::Active),
            year,
            period: PeriodYears::of(start, end),
            ..Default::default()
        }
    }

    #[test]
    fn a_contribution_year_covers_that_year_only() {
        assert!(row(Some(2026), None, None).covers(2026, 2026));
        assert!(!row(Some(2025), None, None).covers(2026, 2026));
    }

    #[test]
    fn a_period_covers_the_years_it_spans() {
        let r = row(None, Some("2024-03-01"), Some("2025-12-31"));
        assert!(r.covers(2025, 2026));
        assert!(!r.covers(2026, 2026));
        assert!(row(None, Some("2024-03-01"), None).covers(2026, 2026));
    }

    #[test]
    fn a_row_without_year_or_period_is_the_current_state() {
        assert!(row(None, None, None).covers(2026, 2026));
        assert!(!row(None, None, None).covers(2025, 2026));
    }
}
