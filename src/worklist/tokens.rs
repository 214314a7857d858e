//! The token and case code of every exported row, recorded before the files appear.
//!
//! A county's export issues tens of thousands of rows: they are inserted a chunk at a
//! time with multi-row prepared statements inside the export's transaction, instead of a
//! statement step per row. Tokens and case codes are random and must be unique across
//! every export ever made; a clash (one in a billion) leaves that row out of the chunk's
//! `INSERT OR IGNORE`, is found by reading the chunk back, and is drawn again row by row.

use rand::Rng;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};

use crate::analysis::Gap;
use crate::{ErrorKind, Result};

/// The columns of one issued row.
const COLUMNS: usize = 7;
/// Rows per INSERT: 64 × 7 = 448 parameters, far below SQLite's limit (32,766).
const CHUNK: usize = 64;

/// What a printed row carries to find its case again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    pub token: String,
    pub case_code: String,
}

/// Records a new row for each gap, in order: its token and case code, and the name and
/// masked ID as printed.
pub fn issue_all(tx: &Connection, export_id: i64, gaps: &[&Gap]) -> Result<Vec<Issued>> {
    let mut issued = Vec::with_capacity(gaps.len());
    for chunk in gaps.chunks(CHUNK) {
        let drawn: Vec<Issued> = chunk.iter().map(|_| draw()).collect();
        let masked: Vec<Option<String>> = chunk
            .iter()
            .map(|g| g.id_number.as_deref().map(crate::identity::mask_id))
            .collect();
        let codes: Vec<&str> = chunk.iter().map(|g| g.code.as_str()).collect();
        let mut insert = tx.prepare_cached(&insert_sql(chunk.len()))?;
        let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(chunk.len() * COLUMNS);
        for (((gap, row), id_masked), code) in chunk.iter().zip(&drawn).zip(&masked).zip(&codes) {
            values.extend([
                &row.token as &dyn rusqlite::ToSql,
                &export_id,
                &gap.person_key,
                code,
                &gap.name,
                &row.case_code,
                id_masked,
            ]);
        }
        let inserted = insert.execute(params_from_iter(values))?;
        if inserted == chunk.len() {
            issued.extend(drawn);
            continue;
        }
        // Some token or code was taken: keep the rows that went in, draw again for the rest.
        for (gap, row) in chunk.iter().zip(drawn) {
            if recorded(tx, export_id, gap, &row)? {
                issued.push(row);
            } else {
                issued.push(issue_one(tx, export_id, gap)?);
            }
        }
    }
    Ok(issued)
}

fn insert_sql(rows: usize) -> String {
    let one = "(?, ?, ?, ?, ?, ?, ?)";
    let mut sql = String::from(
        "INSERT OR IGNORE INTO worklist_row (token, export_id, person_key, code, name, case_code, id_masked) VALUES ",
    );
    for i in 0..rows {
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push_str(one);
    }
    sql
}

/// True when the row drawn for `gap` is the one stored under its token and case code.
fn recorded(tx: &Connection, export_id: i64, gap: &Gap, row: &Issued) -> Result<bool> {
    Ok(tx
        .prepare_cached(
            "SELECT 1 FROM worklist_row WHERE token = ?1 AND case_code = ?2 AND export_id = ?3
                 AND person_key = ?4 AND code = ?5",
        )?
        .query_row(
            params![
                row.token,
                row.case_code,
                export_id,
                gap.person_key,
                gap.code.as_str()
            ],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// Records one row, drawing again while its token or case code is taken.
fn issue_one(tx: &Connection, export_id: i64, gap: &Gap) -> Result<Issued> {
    let mut insert = tx.prepare_cached(&insert_sql(1))?;
    let id_masked = gap.id_number.as_deref().map(crate::identity::mask_id);
    for _ in 0..100 {
        let row = draw();
        if insert.execute(params![
            row.token,
            export_id,
            gap.person_key,
            gap.code.as_str(),
            gap.name,
            row.case_code,
            id_masked
        ])? == 1
        {
            return Ok(row);
        }
    }
    Err(ErrorKind::Database {
        message: "无法为跟进名单生成不重复的案件码；请重试".into(),
    }
    .into())
}

const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

fn random_text(len: usize) -> String {
    let mut rng = rand::rng();
    (0..len)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// A random row token: 12 characters from an alphabet without look-alikes (no 0/O, 1/I).
pub fn new_token() -> String {
    random_text(12)
}

/// A random case code: 6 characters of the same alphabet, short enough to type back.
fn new_case_code() -> String {
    random_text(6)
}

/// A case code as typed back: case, spaces and dashes ignored.
pub fn normalise_case_code(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn draw() -> Issued {
    Issued {
        token: new_token(),
        case_code: new_case_code(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{MatchTier, Priority, RouteType};
    use crate::GapCode;

    fn gap(key: &str) -> Gap {
        Gap {
            code: GapCode::ResidentNotEnrolled,
            id_masked: None,
            id_number: None,
            name: format!("某{key}"),
            birth_date: None,
            sex: None,
            township: None,
            village: None,
            reason: String::new(),
            reason_en: String::new(),
            source_file: String::new(),
            source_sheet: String::new(),
            source_row: 2,
            person_key: key.to_string(),
            deadline: None,
            priority: Priority::Normal,
            route_type: RouteType::Township,
            route_unit: String::new(),
            route_detail: String::new(),
            match_tier: MatchTier::None,
            sources: Vec::new(),
            phone: None,
        }
    }

    fn export(conn: &Connection) -> i64 {
        conn.execute(
            "INSERT INTO analysis (as_of, coverage_year, created_at, residents, enrolled_residents, data_version)
             VALUES ('2026-06-30', 2026, 'now', 0, 0, 0)",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO worklist_export (analysis_id, created_at, split_by, codes, masked, files, rows)
             VALUES (?1, 'now', 'township', '[]', 1, 0, 0)",
            [conn.last_insert_rowid()],
        )
        .unwrap();
        conn.last_insert_rowid()
    }

    #[test]
    fn every_row_of_several_chunks_is_recorded_once_in_order() {
        let conn = crate::store::open_in_memory().unwrap();
        let export_id = export(&conn);
        let gaps: Vec<Gap> = (0..CHUNK * 2 + 5).map(|i| gap(&format!("k{i}"))).collect();
        let refs: Vec<&Gap> = gaps.iter().collect();
        let issued = issue_all(&conn, export_id, &refs).unwrap();
        assert_eq!(issued.len(), gaps.len());
        for (g, row) in gaps.iter().zip(&issued) {
            let key: String = conn
                .query_row(
                    "SELECT person_key FROM worklist_row WHERE token = ?1 AND case_code = ?2",
                    params![row.token, row.case_code],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(key, g.person_key);
        }
        let stored: i64 = conn
            .query_row("SELECT COUNT(*) FROM worklist_row", [], |r| r.get(0))
            .unwrap();
        assert_eq!(stored, gaps.len() as i64);
    }

    #[test]
    fn a_row_whose_draw_is_taken_is_drawn_again_and_recorded() {
        let conn = crate::store::open_in_memory().unwrap();
        let export_id = export(&conn);
        let first = gap("k0");
        let taken = issue_all(&conn, export_id, &[&first]).unwrap().remove(0);
        // The same draw offered again for another person: the chunk leaves it out.
        let second = gap("k1");
        let mut insert = conn.prepare(&insert_sql(1)).unwrap();
        let left_out = insert
            .execute(params![
                taken.token,
                export_id,
                "k1",
                second.code.as_str(),
                "某k1",
                taken.case_code,
                None::<String>
            ])
            .unwrap();
        assert_eq!(left_out, 0);
        assert!(!recorded(&conn, export_id, &second, &taken).unwrap());
        let again = issue_one(&conn, export_id, &second).unwrap();
        assert_ne!(again.token, taken.token);
        assert!(recorded(&conn, export_id, &second, &again).unwrap());
    }
}
