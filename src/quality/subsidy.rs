//! A cross-list finding: a person on the welfare roll under one category (低保) whose
//! enrolment row names another subsidy category (特困). Either list may be out of date;
//! the officer checks which, so the finding names the welfare row and both categories.

use rusqlite::Connection;

use super::{Cell, FindingText, QualityFinding};
use crate::lists::VersionStatus;
use crate::vocabulary::Subsidy;
use crate::{ListKind, Result};

pub fn category_disagreements(
    conn: &Connection,
    batch: Option<i64>,
) -> Result<Vec<QualityFinding>> {
    let mut stmt = conn.prepare_cached(
        "SELECT w.batch_id, bw.file_name, w.sheet, w.row_number, w.welfare_category, e.subsidy
         FROM list_row w JOIN batch bw ON bw.id = w.batch_id
         JOIN list_row e ON e.id_number = w.id_number
         JOIN batch be ON be.id = e.batch_id
         WHERE bw.kind = ?1 AND be.kind = ?2 AND bw.status = ?3 AND be.status = ?3
           AND w.welfare_category IS NOT NULL AND e.subsidy IS NOT NULL
           AND (?4 IS NULL OR w.batch_id = ?4)
         ORDER BY w.batch_id, w.sheet, w.row_number",
    )?;
    let rows = stmt.query_map(
        rusqlite::params![
            ListKind::Welfare.as_str(),
            ListKind::Enrolment.as_str(),
            VersionStatus::InForce.as_str(),
            batch
        ],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, u32>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        },
    )?;
    let mut out: Vec<QualityFinding> = Vec::new();
    for row in rows {
        let (batch_id, file, sheet, row, category, subsidy) = row?;
        let (on_roll, enrolled_as) = (Subsidy::parse(&category), Subsidy::parse(&subsidy));
        // Only two named categories can disagree: "not subsidised" is welfare_not_subsidized.
        let named = |s: Subsidy| s.is_subsidised() && s != Subsidy::OtherCategory;
        if named(on_roll)
            && named(enrolled_as)
            && on_roll != enrolled_as
            && !out
                .iter()
                .any(|f| f.batch_id == batch_id && f.sheet == sheet && f.row == row)
        {
            let cell = Cell {
                batch_id,
                file,
                sheet,
                row,
            };
            let text = FindingText::WelfareCategoryDisagrees { category, subsidy };
            out.push(QualityFinding::at(cell, "救助类别", &text));
        }
    }
    Ok(out)
}
