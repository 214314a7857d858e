//! Analysis: compare the household list with the enrolment register for one as-of date
//! and record who should be insured and is not.
//!
//! Each run is kept as a snapshot (an `analysis` row and its `gap` rows), so later runs
//! can be compared with earlier ones. The rules themselves live in [`rules`].

mod gap;
mod load;
mod rules;
mod summary;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use crate::dates::{coverage_year, iso};
use crate::identity::mask_id;
use crate::{Progress, ProgressUpdate, Result, Stage};

pub use gap::{Gap, GapCode};
pub use summary::{AnalysisSummary, GapCount};

/// Runs the gap rules for `as_of` over everything imported and stores the result as a
/// new snapshot.
pub fn analyze(
    conn: &mut Connection,
    as_of: NaiveDate,
    progress: &dyn Progress,
) -> Result<AnalysisSummary> {
    let year = coverage_year(as_of);
    progress.report(ProgressUpdate {
        stage: Stage::Analysing,
        file: None,
        done: 0,
        total: None,
    });
    let lists = load::load_lists(conn)?;
    if progress.is_cancelled() {
        return Err(crate::ErrorKind::Cancelled.into());
    }
    let outcome = rules::apply(&lists, year);

    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO analysis (as_of, coverage_year, created_at, residents, enrolled_residents)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            iso(as_of),
            year,
            chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
            outcome.residents,
            outcome.enrolled_residents,
        ],
    )?;
    let analysis_id = tx.last_insert_rowid();
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO gap (analysis_id, code, id_number, name, birth_date, sex, township, village,
                reason, source_file, source_sheet, source_row)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        for g in &outcome.gaps {
            insert.execute(params![
                analysis_id,
                g.code.as_str(),
                g.id_number,
                g.name,
                g.birth_date,
                g.sex,
                g.township,
                g.village,
                g.reason,
                g.source_file,
                g.source_sheet,
                g.source_row,
            ])?;
        }
    }
    if progress.is_cancelled() {
        return Err(crate::ErrorKind::Cancelled.into());
    }
    tx.commit()?;
    progress.report(ProgressUpdate {
        stage: Stage::Analysing,
        file: None,
        done: outcome.gaps.len() as u64,
        total: Some(outcome.gaps.len() as u64),
    });
    latest_summary(conn)?.ok_or_else(|| {
        crate::ErrorKind::Database {
            message: "刚保存的分析结果读不到".into(),
        }
        .into()
    })
}

/// The summary of the most recent analysis, if any.
pub fn latest_summary(conn: &Connection) -> Result<Option<AnalysisSummary>> {
    let Some((analysis_id, as_of, coverage_year, residents, enrolled_residents)) = conn
        .query_row(
            "SELECT id, as_of, coverage_year, residents, enrolled_residents FROM analysis ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, i32>(2)?, r.get::<_, u32>(3)?, r.get::<_, u32>(4)?)),
        )
        .optional()?
    else {
        return Ok(None);
    };
    let mut stmt =
        conn.prepare_cached("SELECT code, COUNT(*) FROM gap WHERE analysis_id = ?1 GROUP BY code")?;
    let mut gaps_by_code: Vec<GapCount> = stmt
        .query_map([analysis_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?))
        })?
        .filter_map(|row| match row {
            Ok((code, count)) => {
                GapCode::from_stored(&code).map(|code| Ok(GapCount { code, count }))
            }
            Err(e) => Some(Err(e)),
        })
        .collect::<rusqlite::Result<_>>()?;
    gaps_by_code.sort_by_key(|c| c.code);
    let gaps_total = gaps_by_code.iter().map(|c| c.count).sum();
    let coverage_rate = if residents == 0 {
        0.0
    } else {
        f64::from(enrolled_residents) / f64::from(residents)
    };
    Ok(Some(AnalysisSummary {
        analysis_id,
        as_of,
        coverage_year,
        residents,
        enrolled_residents,
        coverage_rate,
        gaps_total,
        gaps_by_code,
    }))
}

/// The gaps of the most recent analysis, ordered by code, township, village and name.
/// Empty when nothing has been analysed yet.
pub fn latest_gaps(conn: &Connection) -> Result<Vec<Gap>> {
    let mut stmt = conn.prepare_cached(
        "SELECT code, id_number, name, birth_date, sex, township, village, reason,
                source_file, source_sheet, source_row
         FROM gap WHERE analysis_id = (SELECT MAX(id) FROM analysis)
         ORDER BY code, township, village, name, id_number, source_row",
    )?;
    let rows = stmt.query_map([], |r| {
        let code: String = r.get(0)?;
        let id_number: Option<String> = r.get(1)?;
        Ok((
            code,
            id_number,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
            r.get(8)?,
            r.get(9)?,
            r.get(10)?,
        ))
    })?;
    let mut gaps = Vec::new();
    for row in rows {
        let (
            code,
            id_number,
            name,
            birth_date,
            sex,
            township,
            village,
            reason,
            source_file,
            source_sheet,
            source_row,
        ) = row?;
        let code = GapCode::from_stored(&code).ok_or_else(|| crate::ErrorKind::Database {
            message: format!("数据库中有本版本不认识的缺口编码 {code}；请升级 enrolgap"),
        })?;
        gaps.push(Gap {
            code,
            id_masked: id_number.as_deref().map(mask_id),
            id_number,
            name,
            birth_date,
            sex,
            township,
            village,
            reason,
            source_file,
            source_sheet,
            source_row,
        });
    }
    Ok(gaps)
}
