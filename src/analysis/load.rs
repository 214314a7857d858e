//! Loads the list rows the rules compare: only the versions in force (docs/rules.md, "List
//! lifecycle"), without the parts newer versions replaced, without rows whose own
//! status takes them off their list (迁出, 退出, a roster's 离职日期 on or before the
//! as-of date). Which versions were read is returned for the snapshot to record.

use std::collections::{HashMap, HashSet};
use std::sync::mpsc;

use bumpalo::Bump;
use chrono::NaiveDate;
use rusqlite::Connection;

use super::people::TARGET_KINDS;
use super::raw_rows::{RawChunk, RawRow, RAW_CHUNK_ROWS};
pub use super::row::{Detail, ListRow, OwnText, PeriodYears, Text};
use super::version_columns::Columns;
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
///
/// This thread steps SQLite through each version's rows and hands their values over in
/// chunks ([`super::raw_rows`]); a second thread builds the rows from them meanwhile.
pub fn load_rows<'a>(
    conn: &Connection,
    as_of: NaiveDate,
    arena: &'a mut Bump,
) -> Result<Loaded<'a>> {
    let parts = superseded_parts(conn)?;
    let versions = versions_in_force(conn)?;
    let as_of = crate::dates::iso(as_of);
    let mut to_read = Vec::new();
    for version in &versions {
        let Some(kind) = version.kind.filter(|_| version.rows() > 0) else {
            // No rows, or a kind this version does not know (written by a newer
            // version): nothing to read.
            continue;
        };
        let replaced = parts.get(&version.id).map(Vec::as_slice);
        let columns = Columns::for_version(kind, replaced);
        let facts = VersionFacts {
            kind,
            file_name: &version.file_name,
            // Only an exclusion reads its list's year: other rows keep no detail for it.
            list_year: version
                .list_date
                .as_deref()
                .and_then(ListDate::from_stored)
                .map(ListDate::year)
                .filter(|_| kind == ListKind::Exclusion),
            replaced,
            columns,
            as_of: &as_of,
        };
        to_read.push((version, facts));
    }
    // Room for every row at once: growing by doubling would hold the old and the new
    // buffer together at the peak (a county's rows are most of the analysis' memory).
    let capacity = to_read.iter().map(|(v, _)| v.rows()).sum();
    let to_read = &to_read;
    let rows = std::thread::scope(|scope| -> Result<Vec<ListRow<'a>>> {
        let (send, receive) = mpsc::sync_channel::<RawChunk>(RAW_CHUNKS_IN_FLIGHT);
        let builder = scope.spawn(move || -> rusqlite::Result<Vec<ListRow<'a>>> {
            let arena: &'a Bump = arena;
            let mut shared = Interner::new(arena);
            // Each version's file name, shared by all its rows.
            let files: Vec<Text<'a>> = to_read
                .iter()
                .map(|(_, facts)| shared.get(facts.file_name))
                .collect();
            let mut out = Vec::with_capacity(capacity);
            // Returning early drops the receiver: the stepping side stops at its next send.
            for chunk in receive {
                let (facts, file) = (&to_read[chunk.source].1, files[chunk.source]);
                for raw in chunk.rows() {
                    if let Some(row) = read_row(&raw, facts, file, &mut shared)? {
                        out.push(row);
                    }
                }
            }
            Ok(out)
        });
        let stepped = step_versions(conn, to_read, &send);
        drop(send);
        let built = builder
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        // A stepping error comes first: the builder only saw the rows before it.
        stepped?;
        Ok(built?)
    })?;
    let batches = versions.iter().map(|v| v.id).collect();
    Ok(Loaded { rows, batches })
}

/// Chunks stepped and not yet built, at most: the stepping waits when the building falls
/// behind, so memory holds a few chunks beyond the rows themselves.
const RAW_CHUNKS_IN_FLIGHT: usize = 8;

/// Steps each version's rows in order and sends them on in chunks. Stops early, without
/// an error of its own, when the building side has stopped (its error is the one told).
fn step_versions(
    conn: &Connection,
    to_read: &[(&Version, VersionFacts<'_>)],
    send: &mpsc::SyncSender<RawChunk>,
) -> Result<()> {
    for (source, (version, facts)) in to_read.iter().enumerate() {
        // Each version's rows are the rowid range they were stored in (one transaction
        // each: contiguous); `+` keeps SQLite on that range rather than the batch index.
        // Rows of superseded versions are never visited, so history does not slow the
        // analysis down, and only the columns this kind's rules read are evaluated.
        let query = facts.columns.query(version.stored_columns.as_deref());
        let mut stmt = conn.prepare_cached(&query.sql)?;
        let columns = query.positions.len();
        let range = rusqlite::params![version.first_row, version.last_row, version.id];
        let mut rows = stmt.query(range)?;
        let mut chunk = RawChunk::new(source, columns);
        while let Some(r) = rows.next()? {
            chunk.push(r, &query.positions)?;
            if chunk.len() == RAW_CHUNK_ROWS {
                let full = std::mem::replace(&mut chunk, RawChunk::new(source, columns));
                if send.send(full).is_err() {
                    return Ok(());
                }
            }
        }
        if !chunk.is_empty() && send.send(chunk).is_err() {
            return Ok(());
        }
    }
    Ok(())
}

/// One version in force: its kind, file, date and the rowid range of its rows.
struct Version {
    id: i64,
    kind: Option<ListKind>,
    file_name: String,
    list_date: Option<String>,
    first_row: i64,
    last_row: i64,
    /// The columns its rows hold a value in, as the import recorded them (`None` for a
    /// version stored before it did: every column is read).
    stored_columns: Option<String>,
}

impl Version {
    /// At most the number of its rows: its rows are that one range.
    fn rows(&self) -> usize {
        usize::try_from(self.last_row - self.first_row + 1).unwrap_or(0)
    }
}

/// The versions in force, oldest first, each with the rowid range of its rows as the
/// import recorded it (empty for a version without rows: it is still recorded as used).
fn versions_in_force(conn: &Connection) -> Result<Vec<Version>> {
    let mut stmt = conn.prepare_cached(
        "SELECT b.id, b.kind, b.file_name, b.list_date, b.first_row_id, b.last_row_id,
            b.stored_columns
         FROM batch b WHERE b.status = ?1 ORDER BY b.id",
    )?;
    let rows = stmt.query_map([VersionStatus::InForce.as_str()], |r| {
        let range = (r.get::<_, Option<i64>>(4)?, r.get::<_, Option<i64>>(5)?);
        Ok(Version {
            id: r.get(0)?,
            kind: ListKind::from_stored(r.get_ref(1)?.as_str().unwrap_or_default()),
            file_name: r.get(2)?,
            list_date: r.get(3)?,
            first_row: range.0.unwrap_or(0),
            last_row: range.1.unwrap_or(-1),
            stored_columns: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What every row of one version shares.
struct VersionFacts<'v> {
    kind: ListKind,
    file_name: &'v str,
    list_year: Option<i32>,
    replaced: Option<&'v [(ScopeDimension, HashSet<String>)]>,
    columns: Columns,
    as_of: &'v str,
}

/// One row as the rules read it, or `None` when it is not on its list on the as-of
/// date (迁出, 退出, a roster's 离职日期 passed) or its unit was replaced by a newer version.
fn read_row<'a>(
    r: &RawRow<'_>,
    version: &VersionFacts<'_>,
    file: Text<'a>,
    shared: &mut Interner<'a>,
) -> rusqlite::Result<Option<ListRow<'a>>> {
    let kind = version.kind;
    let arena = shared.arena;
    // Read text in place (no String per cell): two million rows, twenty-odd columns.
    let str_at = |i: usize| -> rusqlite::Result<Option<&str>> {
        r.get_ref(i)?.as_str_or_null().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
        })
    };
    // A row's own text is copied into the arena: no allocation per field.
    let own = |i: usize| -> rusqlite::Result<Option<&'a str>> {
        Ok(str_at(i)?.map(|s| &*arena.alloc_str(s)))
    };
    let others = version.columns.others_at();
    let register = version.columns.register_at();
    // A column of a group this version does not read is empty.
    let other_at = |k: usize| -> rusqlite::Result<Option<&str>> {
        others.map_or(Ok(None), |at| str_at(at + k))
    };
    let status = str_at(12)?.and_then(PersonStatus::from_stored);
    let left_job = other_at(12)?.is_some_and(|d| d <= version.as_of);
    if status.is_some_and(PersonStatus::leaves_the_list) || (kind == ListKind::Roster && left_job) {
        return Ok(None);
    }
    if let Some(replaced) = version.replaced {
        let unit = |d: ScopeDimension| -> rusqlite::Result<String> {
            Ok(match d {
                ScopeDimension::School => other_at(3)?.unwrap_or_default().to_string(),
                ScopeDimension::Agency => other_at(6)?.unwrap_or_default().to_string(),
                ScopeDimension::Category => other_at(9)?.unwrap_or_default().to_string(),
                ScopeDimension::Township => str_at(7)?.unwrap_or_default().to_string(),
                ScopeDimension::SchemeYear => format!(
                    "{}|{}",
                    str_at(13)?.unwrap_or("other"),
                    r.get::<Option<i32>>(14)?
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
            return Ok(None);
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
    let detail = match others.filter(|_| kind != ListKind::Enrolment) {
        None => Detail::NONE,
        Some(at) => Detail {
            birth_cert_number: own(at + 1)?,
            mother_id_number: own(at + 2)?,
            school: own(at + 3)?,
            grade: own(at + 4)?,
            class_name: own(at + 5)?,
            agency: own(at + 6)?,
            client_company: own(at + 7)?,
            start_date: own(at + 8)?,
            welfare_category: own(at + 9)?,
            exclusion_reason: own(at + 10)?,
            death_date: own(at + 11)?,
            list_year: version.list_year,
        },
    };
    let register_at = |k: usize| -> rusqlite::Result<Option<&str>> {
        register.map_or(Ok(None), |at| str_at(at + k))
    };
    let mut text = |i: usize| -> rusqlite::Result<Option<Text<'a>>> {
        Ok(str_at(i)?.map(|s| shared.get_in(i, s)))
    };
    let phone = match others.filter(|_| person_list) {
        Some(at) => str_at(at)?,
        None => None,
    };
    Ok(Some(ListRow {
        kind: Some(kind),
        // One arena text a row for all of these (see `own_text`).
        own: OwnText::new_in(
            arena,
            [str_at(0)?, str_at(2)?, str_at(3)?, str_at(5)?, phone],
        ),
        id_status: str_at(1)?
            .and_then(IdStatus::from_stored)
            .unwrap_or(IdStatus::Missing),
        name_has_placeholder: r.get(4)?,
        sex: text(6)?,
        township: if placed { text(7)? } else { None },
        village: if placed { text(8)? } else { None },
        deceased: r.get(9)?,
        scheme: str_at(13)?.and_then(Scheme::from_stored),
        enrol_status: register_at(0)?.and_then(EnrolStatus::from_stored),
        year: r.get(14)?,
        period: PeriodYears::of(register_at(1)?, register_at(2)?),
        subsidised: register_at(3)?.is_some_and(|s| Subsidy::parse(s).is_subsidised()),
        file,
        sheet: text(10)?.unwrap_or_default(),
        row_number: r.get(11)?,
        detail: (!detail.is_empty()).then(|| &*arena.alloc(detail)),
    }))
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

/// Hands out one shared copy of each distinct value, kept in the analysis' arena (a
/// dozen lookups a row: hashed with foldhash, several times faster than SipHash on short
/// text). Each column also remembers its last value: consecutive rows mostly repeat their
/// sex, sheet and village, and a comparison is cheaper than a hash lookup.
struct Interner<'a> {
    arena: &'a Bump,
    all: foldhash::HashSet<Text<'a>>,
    last: [Option<Text<'a>>; COLUMNS_REMEMBERED],
}

/// Columns whose last value is remembered: the positions in [`COMMON`] of sex, township,
/// village and sheet are all below this.
const COLUMNS_REMEMBERED: usize = 11;

impl<'a> Interner<'a> {
    fn new(arena: &'a Bump) -> Self {
        Interner {
            arena,
            all: foldhash::HashSet::default(),
            last: [None; COLUMNS_REMEMBERED],
        }
    }

    fn get(&mut self, value: &str) -> Text<'a> {
        if let Some(existing) = self.all.get(value) {
            return *existing;
        }
        let text = Text::new_in(self.arena, value);
        self.all.insert(text);
        text
    }

    /// [`Interner::get`] for a value of column `column`, which is often its last one.
    fn get_in(&mut self, column: usize, value: &str) -> Text<'a> {
        if let Some(last) = self.last[column].filter(|t| &**t == value) {
            return last;
        }
        let text = self.get(value);
        self.last[column] = Some(text);
        text
    }
}
