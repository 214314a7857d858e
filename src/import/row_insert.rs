//! Storing person rows: several rows per prepared INSERT, binding only the columns the
//! rows have.
//!
//! A list kind fills a few of `list_row`'s 42 columns (a household row leaves 24 of them
//! empty, a register row more). Each group of rows is inserted by a statement naming
//! only the columns at least one of its rows has a value for; the others are left out,
//! and since none of them has a default, SQLite stores the same NULL as when it was
//! bound. The statements are prepared once per column set and group size: a list gives
//! a handful.

use std::collections::HashMap;

use rusqlite::types::{Null, ToSql};
use rusqlite::{Connection, Statement};

use super::row::PersonRow;
use crate::lists::scope::{ScopeDimension, UnitsSeen};
use crate::ListKind;

/// Rows per INSERT statement: one statement per row spends more on stepping and
/// resetting the statement than on the row, and each statement copies every page it
/// touches into its statement journal once (measured in instructions at 50k residents:
/// 64 rows 1.7 % fewer than 16 on the register, 256 no fewer than 64). 64 rows of 42
/// values stay far below SQLite's limit of 32,766 parameters.
pub const ROWS_PER_INSERT: usize = 64;

/// `list_row`'s columns, in the order [`values`] gives them.
const ROW_COLUMNS: [&str; VALUES_PER_ROW] = [
    "batch_id",
    "sheet",
    "row_number",
    "original",
    "id_raw",
    "id_number",
    "id_status",
    "name",
    "name_key",
    "name_has_placeholder",
    "birth_date",
    "sex",
    "township",
    "village",
    "address",
    "phone",
    "deceased",
    "scheme",
    "enrol_status",
    "year",
    "period_start",
    "period_end",
    "employer",
    "subsidy",
    "birth_cert_number",
    "mother_name",
    "mother_id_number",
    "father_name",
    "father_id_number",
    "school",
    "grade",
    "class_name",
    "student_number",
    "agency",
    "client_company",
    "start_date",
    "welfare_category",
    "household_head",
    "death_date",
    "exclusion_reason",
    "person_status",
    "leave_date",
];
const VALUES_PER_ROW: usize = 42;

/// A row waiting to be stored: its Excel row number, its sheet, its values.
pub type PendingRow<'s> = (u32, &'s str, Box<PersonRow>);

/// The columns a statement names, one bit per entry of [`ROW_COLUMNS`].
type ColumnSet = u64;

/// Inserts groups of person rows into `list_row`, with one prepared statement per
/// column set and group size.
pub struct RowInserter<'c> {
    conn: &'c Connection,
    batch_id: i64,
    statements: HashMap<(ColumnSet, usize), Statement<'c>>,
    ids: Option<(i64, i64)>,
    /// Every column a row stored so far has a value in.
    stored: ColumnSet,
    /// The rows' units along the dimension their list's scope is read from.
    units: Option<UnitsSeen>,
}

impl<'c> RowInserter<'c> {
    /// An inserter of `kind`'s rows into batch `batch_id`.
    pub fn new(conn: &'c Connection, batch_id: i64, kind: ListKind) -> RowInserter<'c> {
        RowInserter {
            conn,
            batch_id,
            statements: HashMap::new(),
            ids: None,
            stored: 0,
            units: UnitsSeen::for_kind(kind),
        }
    }

    /// The sorted distinct units of the rows stored, along [`scope::row_dimension`] of
    /// the list's kind (`None` for a kind without).
    ///
    /// [`scope::row_dimension`]: crate::lists::scope::row_dimension
    pub fn stored_units(&mut self) -> Option<Vec<String>> {
        self.units.take().map(UnitsSeen::into_sorted)
    }

    /// The names of the columns any row stored so far has a value in, comma-separated
    /// (`batch.stored_columns`).
    pub fn stored_columns(&self) -> String {
        named_columns(self.stored).join(",")
    }

    /// The first and last `list_row` id stored so far, `None` before the first row.
    ///
    /// The range holds this batch's rows and nothing else: a multi-row INSERT gives its
    /// rows consecutive ids after the largest one, and the import's transaction is the
    /// only writer while the batch is stored.
    pub fn stored_ids(&self) -> Option<(i64, i64)> {
        self.ids
    }

    /// Stores `rows` (at most [`ROWS_PER_INSERT`]) with one statement.
    pub fn insert(&mut self, rows: &[PendingRow<'_>]) -> rusqlite::Result<()> {
        let all: Vec<[Option<&dyn ToSql>; VALUES_PER_ROW]> = rows
            .iter()
            .map(|(row_number, sheet, p)| values(&self.batch_id, row_number, sheet, p))
            .collect();
        if let Some(units) = &mut self.units {
            for (_, _, row) in rows {
                see(units, row);
            }
        }
        let columns = all.iter().fold(0, |set, values| set | column_set(values));
        self.stored |= columns;
        let stmt = match self.statements.entry((columns, rows.len())) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(self.conn.prepare(&insert_sql(columns, rows.len()))?)
            }
        };
        let mut i = 0;
        for values in &all {
            for (column, value) in values.iter().enumerate() {
                if columns & (1 << column) != 0 {
                    i += 1;
                    stmt.raw_bind_parameter(i, value.unwrap_or(&Null))?;
                }
            }
        }
        stmt.raw_execute()?;
        let last = self.conn.last_insert_rowid();
        let first = self
            .ids
            .map_or(last - rows.len() as i64 + 1, |(first, _)| first);
        self.ids = Some((first, last));
        Ok(())
    }
}

/// Notes `row`'s unit: the column `units`' dimension reads, as stored.
fn see(units: &mut UnitsSeen, row: &PersonRow) {
    match units.dimension() {
        ScopeDimension::SchemeYear => units.see_scheme_year(row.scheme, row.year),
        ScopeDimension::School => units.see_text(row.school.as_deref()),
        ScopeDimension::Agency => units.see_text(row.agency.as_deref()),
        ScopeDimension::Category => units.see_text(row.welfare_category.as_deref()),
        ScopeDimension::Township => units.see_text(row.township.as_deref()),
        ScopeDimension::County | ScopeDimension::Events => {}
    }
}

/// The columns `values` has a value for.
fn column_set(values: &[Option<&dyn ToSql>; VALUES_PER_ROW]) -> ColumnSet {
    values
        .iter()
        .enumerate()
        .filter(|(_, v)| v.is_some())
        .fold(0, |set, (column, _)| set | 1 << column)
}

/// The names of the set's columns, in [`ROW_COLUMNS`]' order.
fn named_columns(columns: ColumnSet) -> Vec<&'static str> {
    ROW_COLUMNS
        .iter()
        .enumerate()
        .filter(|(column, _)| columns & (1 << column) != 0)
        .map(|(_, name)| *name)
        .collect()
}

/// `INSERT INTO list_row (the set's columns) VALUES (...), (...)` for `rows` rows.
fn insert_sql(columns: ColumnSet, rows: usize) -> String {
    let named = named_columns(columns);
    let one = format!("({})", vec!["?"; named.len()].join(", "));
    format!(
        "INSERT INTO list_row ({}) VALUES {}",
        named.join(", "),
        vec![one; rows].join(", ")
    )
}

/// A row's values in [`ROW_COLUMNS`]' order; `None` where the row has none (NULL).
fn values<'v>(
    batch_id: &'v i64,
    row_number: &'v u32,
    sheet: &'v &str,
    p: &'v PersonRow,
) -> [Option<&'v dyn ToSql>; VALUES_PER_ROW] {
    fn opt<T: ToSql>(value: &Option<T>) -> Option<&dyn ToSql> {
        value.as_ref().map(|v| v as &dyn ToSql)
    }
    [
        Some(batch_id),
        Some(sheet),
        Some(row_number),
        Some(&p.original),
        opt(&p.id_raw),
        opt(&p.id_number),
        Some(&p.id_status),
        opt(&p.name),
        opt(&p.name_key),
        Some(&p.name_has_placeholder),
        opt(&p.birth_date),
        opt(&p.sex),
        opt(&p.township),
        opt(&p.village),
        opt(&p.address),
        opt(&p.phone),
        Some(&p.deceased),
        opt(&p.scheme),
        opt(&p.enrol_status),
        opt(&p.year),
        opt(&p.period_start),
        opt(&p.period_end),
        opt(&p.employer),
        opt(&p.subsidy),
        opt(&p.birth_cert_number),
        opt(&p.mother_name),
        opt(&p.mother_id_number),
        opt(&p.father_name),
        opt(&p.father_id_number),
        opt(&p.school),
        opt(&p.grade),
        opt(&p.class_name),
        opt(&p.student_number),
        opt(&p.agency),
        opt(&p.client_company),
        opt(&p.start_date),
        opt(&p.welfare_category),
        opt(&p.household_head),
        opt(&p.death_date),
        opt(&p.exclusion_reason),
        opt(&p.person_status),
        opt(&p.leave_date),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Leaving a column out stores what binding NULL would only when no column has a
    /// default: a column added later with one must be bound always.
    #[test]
    fn a_column_left_out_is_null_as_if_bound() {
        let conn = crate::store::open_in_memory().unwrap();
        let mut stmt = conn.prepare("PRAGMA table_info(list_row)").unwrap();
        let columns: HashMap<String, (bool, Option<String>)> = stmt
            .query_map([], |r| {
                Ok((r.get(1)?, (r.get::<_, i64>(3)? != 0, r.get(4)?)))
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            columns.len(),
            VALUES_PER_ROW + 1,
            "every column but id is bound"
        );
        for name in ROW_COLUMNS {
            let (not_null, default) = &columns[name];
            let always_bound = [
                "batch_id",
                "sheet",
                "row_number",
                "original",
                "id_status",
                "name_has_placeholder",
                "deceased",
            ]
            .contains(&name);
            assert!(
                always_bound || (!not_null && default.is_none()),
                "{name} may be left out, so it must be nullable without a default"
            );
        }
    }

    /// A database with empty batches of these ids and kinds, for rows to be stored in.
    fn with_batches(batches: &[(i64, &str)]) -> Connection {
        let conn = crate::store::open_in_memory().unwrap();
        for (id, kind) in batches {
            conn.execute(
                "INSERT INTO batch (id, kind, file_name, content_sha256, sheets, mapping,
                     rows_read, rows_imported, imported_at)
                 VALUES (?1, ?2, ?1 || '.xlsx', ?1, '[]', '{}', 0, 0, 'now')",
                rusqlite::params![id, kind],
            )
            .unwrap();
        }
        conn
    }

    /// The range a batch records must hold its rows and only them, over several
    /// statements and after another batch's rows.
    #[test]
    fn the_stored_ids_are_exactly_the_batch_rows() {
        let conn = with_batches(&[(1, "household"), (2, "household")]);
        let rows = |n: u32| -> Vec<PendingRow<'static>> {
            (0..n)
                .map(|i| (i + 2, "户籍", Box::new(PersonRow::default())))
                .collect()
        };
        let mut first = RowInserter::new(&conn, 1, ListKind::Household);
        assert_eq!(first.stored_ids(), None, "nothing stored yet");
        first.insert(&rows(5)).unwrap();
        let mut second = RowInserter::new(&conn, 2, ListKind::Household);
        second.insert(&rows(ROWS_PER_INSERT as u32)).unwrap();
        second.insert(&rows(3)).unwrap();
        let (low, high): (i64, i64) = conn
            .query_row(
                "SELECT MIN(id), MAX(id) FROM list_row WHERE batch_id = 2",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(second.stored_ids(), Some((low, high)));
        assert_eq!(
            high - low + 1,
            ROWS_PER_INSERT as i64 + 3,
            "one range, no gaps"
        );
        assert_eq!(first.stored_ids(), Some((1, 5)));
    }

    #[test]
    fn a_group_names_only_the_columns_its_rows_have() {
        assert_eq!(
            insert_sql(0b101, 2),
            "INSERT INTO list_row (batch_id, row_number) VALUES (?, ?), (?, ?)"
        );
        let row = PersonRow {
            id_number: Some("11010519491231002X".into()),
            ..PersonRow::default()
        };
        let set = column_set(&values(&1, &2, &"户籍", &row));
        let named = named_columns(set);
        assert_eq!(
            named,
            [
                "batch_id",
                "sheet",
                "row_number",
                "original",
                "id_number",
                "id_status",
                "name_has_placeholder",
                "deceased"
            ]
        );
    }

    /// The analysis reads only the columns a batch recorded as stored: every column any
    /// of its rows has a value in must be named, over every statement.
    #[test]
    fn the_stored_columns_are_every_column_any_row_has_a_value_in() {
        let conn = with_batches(&[(1, "school")]);
        let with = |school: Option<&str>, phone: Option<&str>| -> Vec<PendingRow<'static>> {
            let row = PersonRow {
                school: school.map(Into::into),
                phone: phone.map(Into::into),
                ..PersonRow::default()
            };
            vec![(2, "学籍", Box::new(row))]
        };
        let mut inserter = RowInserter::new(&conn, 1, ListKind::School);
        inserter.insert(&with(Some("海城中学"), None)).unwrap();
        inserter.insert(&with(None, Some("13800000000"))).unwrap();
        let stored = inserter.stored_columns();
        let names: Vec<&str> = stored.split(',').collect();
        assert!(
            names.contains(&"school") && names.contains(&"phone"),
            "{stored}"
        );
        assert!(
            !names.contains(&"agency") && !names.contains(&"id_number"),
            "{stored}"
        );
    }
}
