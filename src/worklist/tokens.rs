//! The token and case code of every exported row, recorded before the files appear.
//!
//! Tokens and case codes are random and must be unique across every export ever made.
//! A county's export issues a hundred thousand rows, and recording them (a row and three
//! index entries each, all at random places) is among its larger costs; so the draws are
//! checked first — against each other, and against the rows recorded before through
//! the indexes, a sheet at a time — and recorded only after the workbook that prints them
//! has gone to its writer thread, while it is written. The export's transaction holds the
//! database's write lock from its first statement, so nothing else can take a checked
//! draw before it is recorded; the files appear only after the commit.

use std::collections::HashSet;

use rand::Rng;
use rusqlite::{params, Connection};

use crate::analysis::Gap;
use crate::Result;

/// What a printed row carries to find its case again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    pub token: String,
    pub case_code: String,
}

/// The draws of one export so far, so that no two of its rows share one.
#[derive(Debug, Default)]
pub struct Draws {
    tokens: HashSet<String>,
    case_codes: HashSet<String>,
}

/// A token and case code for each of `gaps`, in order, unique among this export's draws
/// and every row recorded before.
pub fn draw_all(tx: &Connection, draws: &mut Draws, gaps: &[&Gap]) -> Result<Vec<Issued>> {
    let drawn = gaps.iter().map(|_| draw()).collect();
    fresh(tx, draws, drawn)
}

/// `drawn` with every token or case code already used drawn again (and checked again).
fn fresh(tx: &Connection, draws: &mut Draws, mut drawn: Vec<Issued>) -> Result<Vec<Issued>> {
    // Positions whose draw is not yet known to be unused.
    let mut unchecked: Vec<usize> = (0..drawn.len()).collect();
    for _ in 0..100 {
        if unchecked.is_empty() {
            return Ok(drawn);
        }
        let tokens = recorded(tx, "token", unchecked.iter().map(|&i| &drawn[i].token))?;
        let codes = recorded(
            tx,
            "case_code",
            unchecked.iter().map(|&i| &drawn[i].case_code),
        )?;
        let mut again = Vec::new();
        for i in unchecked {
            let row = &drawn[i];
            let taken = tokens.contains(&row.token)
                || codes.contains(&row.case_code)
                || draws.tokens.contains(&row.token)
                || draws.case_codes.contains(&row.case_code);
            if taken {
                drawn[i] = draw();
                again.push(i);
            } else {
                draws.tokens.insert(row.token.clone());
                draws.case_codes.insert(row.case_code.clone());
            }
        }
        unchecked = again;
    }
    Err(crate::ErrorKind::Database {
        message: "无法为跟进名单生成不重复的案件码；请重试".into(),
    }
    .into())
}

/// Which of `values` some recorded row already has in `column` (`token` or `case_code`,
/// each with its unique index).
fn recorded<'v>(
    tx: &Connection,
    column: &str,
    values: impl Iterator<Item = &'v String>,
) -> Result<HashSet<String>> {
    let wanted = serde_json::to_string(&values.collect::<Vec<_>>()).expect("texts serialise");
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {column} FROM worklist_row WHERE {column} IN (SELECT value FROM json_each(?1))"
    ))?;
    let found = stmt
        .query_map([wanted], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(found)
}

/// Records the row issued for each gap: its token and case code, and the name and masked
/// ID as printed. One statement step a row: a statement writing several rows would copy
/// every page it changes into a statement journal first.
pub fn record_all(tx: &Connection, export_id: i64, gaps: &[&Gap], issued: &[Issued]) -> Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO worklist_row (token, export_id, person_key, code, name, case_code, id_masked)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (gap, row) in gaps.iter().zip(issued) {
        insert.execute(params![
            row.token,
            export_id,
            gap.person_key,
            gap.code.as_str(),
            gap.name,
            row.case_code,
            gap.id_number.as_deref().map(crate::identity::mask_id),
        ])?;
    }
    Ok(())
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
    fn every_row_is_recorded_once_in_order() {
        let conn = crate::store::open_in_memory().unwrap();
        let export_id = export(&conn);
        let gaps: Vec<Gap> = (0..133).map(|i| gap(&format!("k{i}"))).collect();
        let refs: Vec<&Gap> = gaps.iter().collect();
        let mut draws = Draws::default();
        let issued = draw_all(&conn, &mut draws, &refs).unwrap();
        record_all(&conn, export_id, &refs, &issued).unwrap();
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
    fn a_draw_recorded_before_or_drawn_twice_is_drawn_again() {
        let conn = crate::store::open_in_memory().unwrap();
        let export_id = export(&conn);
        let first = gap("k0");
        let mut earlier = Draws::default();
        let taken = draw_all(&conn, &mut earlier, &[&first]).unwrap().remove(0);
        record_all(&conn, export_id, &[&first], std::slice::from_ref(&taken)).unwrap();
        // A later export offered the recorded token, the recorded case code, and one draw
        // twice.
        let twice = draw();
        let offered = vec![
            Issued {
                token: taken.token.clone(),
                case_code: new_case_code(),
            },
            Issued {
                token: new_token(),
                case_code: taken.case_code.clone(),
            },
            twice.clone(),
            twice.clone(),
        ];
        let mut draws = Draws::default();
        let kept = fresh(&conn, &mut draws, offered).unwrap();
        assert_ne!(kept[0].token, taken.token);
        assert_ne!(kept[1].case_code, taken.case_code);
        assert_eq!(kept[2], twice, "the first of two equal draws is kept");
        assert_ne!(kept[3].token, twice.token);
        assert_ne!(kept[3].case_code, twice.case_code);
        let keys: Vec<Gap> = (1..=4).map(|i| gap(&format!("k{i}"))).collect();
        let refs: Vec<&Gap> = keys.iter().collect();
        record_all(&conn, export_id, &refs, &kept).unwrap();
    }
}
