//! Rows as SQLite steps them, copied into chunks that another thread turns into
//! [`super::row::ListRow`]s.
//!
//! Reading a county's rows is two kinds of work of about the same size: stepping SQLite
//! through its pages (decoding each record) and building the rows the rules read
//! (checking the text is UTF-8, copying it into the arena, sharing repeated values,
//! filtering rows off their list). Only the first needs the connection, so `load` does it
//! on the calling thread and hands each [`RAW_CHUNK_ROWS`] rows' values over in one
//! [`RawChunk`]; the second runs beside it. A chunk is the values' bytes in one buffer
//! and a small record per value, so handing rows over costs one copy and no allocation
//! per value, and [`RawRow`] gives each value back as the [`ValueRef`] SQLite gave, read
//! and converted exactly as from the statement's own row.

use rusqlite::types::{FromSql, FromSqlError, ValueRef};

/// Rows handed over at a time: large enough that the channel is not the cost, small
/// enough that the chunks in flight stay a few megabytes.
pub const RAW_CHUNK_ROWS: usize = 1024;

/// One value as stepped: a number in place, a text or blob as its span in the chunk's
/// bytes.
#[derive(Clone, Copy)]
enum RawValue {
    Null,
    Integer(i64),
    Real(f64),
    Text { start: u32, len: u32 },
    Blob { start: u32, len: u32 },
}

/// Consecutive rows of one query, every row with the same number of values.
pub struct RawChunk {
    /// Which of the caller's queries the rows came from.
    pub source: usize,
    columns: usize,
    values: Vec<RawValue>,
    bytes: Vec<u8>,
}

impl RawChunk {
    /// An empty chunk for rows of `columns` values from query `source`.
    pub fn new(source: usize, columns: usize) -> RawChunk {
        RawChunk {
            source,
            columns,
            values: Vec::with_capacity(columns * RAW_CHUNK_ROWS),
            bytes: Vec::with_capacity(128 * RAW_CHUNK_ROWS),
        }
    }

    /// The number of rows held.
    pub fn len(&self) -> usize {
        self.values.len() / self.columns.max(1)
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Copies the values of `row` into the chunk: for each of the chunk's `columns`, the
    /// statement's column `positions` gives, or NULL where it gives none (a column the
    /// statement leaves out because no row has a value in it).
    pub fn push(
        &mut self,
        row: &rusqlite::Row<'_>,
        positions: &[Option<usize>],
    ) -> rusqlite::Result<()> {
        debug_assert_eq!(positions.len(), self.columns);
        for at in positions {
            let Some(i) = *at else {
                self.values.push(RawValue::Null);
                continue;
            };
            let value = match row.get_ref(i)? {
                ValueRef::Null => RawValue::Null,
                ValueRef::Integer(n) => RawValue::Integer(n),
                ValueRef::Real(f) => RawValue::Real(f),
                ValueRef::Text(t) => {
                    let (start, len) = self.keep(t)?;
                    RawValue::Text { start, len }
                }
                ValueRef::Blob(b) => {
                    let (start, len) = self.keep(b)?;
                    RawValue::Blob { start, len }
                }
            };
            self.values.push(value);
        }
        Ok(())
    }

    fn keep(&mut self, bytes: &[u8]) -> rusqlite::Result<(u32, u32)> {
        let span = u32::try_from(self.bytes.len())
            .ok()
            .zip(u32::try_from(bytes.len()).ok());
        // A chunk holds 1024 rows: 4 GB of text in one would be no list row.
        // `ok_or_else`: the error is built only when it happens (this runs for every text
        // value of every row; an eager `ok_or` allocated and dropped one each time).
        let span = span.ok_or_else(|| {
            rusqlite::Error::ToSqlConversionFailure("a chunk of rows larger than 4 GB".into())
        })?;
        self.bytes.extend_from_slice(bytes);
        Ok(span)
    }

    /// The rows held, in the order they were pushed.
    pub fn rows(&self) -> impl Iterator<Item = RawRow<'_>> {
        self.values
            .chunks_exact(self.columns.max(1))
            .map(|values| RawRow {
                values,
                bytes: &self.bytes,
            })
    }
}

/// One row of a [`RawChunk`], read like a `rusqlite::Row`.
pub struct RawRow<'c> {
    values: &'c [RawValue],
    bytes: &'c [u8],
}

impl<'c> RawRow<'c> {
    /// Value `i` as SQLite gave it.
    pub fn get_ref(&self, i: usize) -> rusqlite::Result<ValueRef<'c>> {
        let span = |start: u32, len: u32| &self.bytes[start as usize..(start + len) as usize];
        Ok(
            match *self
                .values
                .get(i)
                .ok_or_else(|| rusqlite::Error::InvalidColumnIndex(i))?
            {
                RawValue::Null => ValueRef::Null,
                RawValue::Integer(n) => ValueRef::Integer(n),
                RawValue::Real(f) => ValueRef::Real(f),
                RawValue::Text { start, len } => ValueRef::Text(span(start, len)),
                RawValue::Blob { start, len } => ValueRef::Blob(span(start, len)),
            },
        )
    }

    /// Value `i` converted as `rusqlite::Row::get` converts it, failing with the same kind
    /// of error (naming the column by its position: a chunk does not carry the names).
    pub fn get<T: FromSql>(&self, i: usize) -> rusqlite::Result<T> {
        let value = self.get_ref(i)?;
        T::column_result(value).map_err(|e| match e {
            FromSqlError::InvalidType => {
                rusqlite::Error::InvalidColumnType(i, format!("column {i}"), value.data_type())
            }
            FromSqlError::OutOfRange(n) => rusqlite::Error::IntegralValueOutOfRange(i, n),
            FromSqlError::Utf8Error(e) => rusqlite::Error::Utf8Error(i, e),
            FromSqlError::Other(e) => {
                rusqlite::Error::FromSqlConversionFailure(i, value.data_type(), e)
            }
            other => {
                rusqlite::Error::FromSqlConversionFailure(i, value.data_type(), Box::new(other))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind of value comes back out of a chunk as SQLite gave it, row by row, and
    /// converts as the statement's own row converts it.
    #[test]
    fn values_come_back_as_sqlite_gave_them() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t (a, b, c, d);
             INSERT INTO t VALUES (1, 'eins', NULL, x'00ff');
             INSERT INTO t VALUES (-7, '二', 2.5, '');",
        )
        .unwrap();
        let mut stmt = conn
            .prepare("SELECT a, b, c, d FROM t ORDER BY rowid")
            .unwrap();
        let mut chunk = RawChunk::new(3, stmt.column_count());
        let mut rows = stmt.query([]).unwrap();
        let all = [Some(0), Some(1), Some(2), Some(3)];
        while let Some(r) = rows.next().unwrap() {
            chunk.push(r, &all).unwrap();
        }
        assert_eq!((chunk.len(), chunk.source), (2, 3));
        let rows: Vec<RawRow<'_>> = chunk.rows().collect();
        assert_eq!(rows[0].get::<i64>(0).unwrap(), 1);
        assert_eq!(rows[0].get::<String>(1).unwrap(), "eins");
        assert_eq!(rows[0].get::<Option<f64>>(2).unwrap(), None);
        assert_eq!(rows[0].get_ref(3).unwrap(), ValueRef::Blob(&[0, 255]));
        assert_eq!(rows[1].get::<i32>(0).unwrap(), -7);
        assert_eq!(rows[1].get_ref(1).unwrap().as_str().unwrap(), "二");
        assert_eq!(rows[1].get::<f64>(2).unwrap(), 2.5);
        assert_eq!(rows[1].get_ref(3).unwrap(), ValueRef::Text(b""));
        // A text read as a number fails as rusqlite's own row fails.
        assert!(matches!(
            rows[0].get::<i64>(1),
            Err(rusqlite::Error::InvalidColumnType(
                1,
                _,
                rusqlite::types::Type::Text
            ))
        ));
        assert!(matches!(
            rows[0].get_ref(4),
            Err(rusqlite::Error::InvalidColumnIndex(4))
        ));
    }

    /// A column the statement leaves out reads as NULL, and the others keep their places.
    #[test]
    fn a_column_left_out_of_the_statement_reads_as_null_in_its_place() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let mut stmt = conn.prepare("SELECT 'first', 2").unwrap();
        let mut chunk = RawChunk::new(0, 4);
        let mut rows = stmt.query([]).unwrap();
        let row = rows.next().unwrap().unwrap();
        chunk.push(row, &[Some(0), None, Some(1), None]).unwrap();
        let rows: Vec<RawRow<'_>> = chunk.rows().collect();
        assert_eq!(rows[0].get::<String>(0).unwrap(), "first");
        assert_eq!(rows[0].get_ref(1).unwrap(), ValueRef::Null);
        assert_eq!(rows[0].get::<i64>(2).unwrap(), 2);
        assert_eq!(rows[0].get::<Option<String>>(3).unwrap(), None);
    }
}
