//! Loads the imported lists that the rules compare, one struct per row.

use rusqlite::Connection;

use crate::Result;

/// A household list row: one registered resident.
#[derive(Debug, Clone)]
pub struct Resident {
    pub id_number: Option<String>,
    pub name: String,
    pub name_key: String,
    pub birth_date: Option<String>,
    pub sex: Option<String>,
    pub township: Option<String>,
    pub village: Option<String>,
    pub deceased: bool,
    pub file: String,
    pub sheet: String,
    pub row_number: u32,
}

/// An enrolment register row.
#[derive(Debug, Clone)]
pub struct Enrolment {
    pub id_number: Option<String>,
    pub name_key: Option<String>,
    pub birth_date: Option<String>,
    pub status: String,
    pub year: Option<i32>,
    pub period_start: Option<String>,
    pub period_end: Option<String>,
}

impl Enrolment {
    /// True when this row covers calendar year `year`. A row with neither a year nor a
    /// period is read as the register's current state: it covers the coverage year only.
    pub fn covers(&self, year: i32, coverage_year: i32) -> bool {
        match (self.year, &self.period_start, &self.period_end) {
            (Some(y), _, _) => y == year,
            (None, None, None) => year == coverage_year,
            (None, start, end) => {
                let year_of = |d: &String| d.get(..4).and_then(|y| y.parse::<i32>().ok());
                start.as_ref().and_then(year_of).is_none_or(|s| s <= year)
                    && end.as_ref().and_then(year_of).is_none_or(|e| e >= year)
            }
        }
    }

    pub fn is_active_in(&self, year: i32, coverage_year: i32) -> bool {
        self.status == "active" && self.covers(year, coverage_year)
    }
}

/// Every household and enrolment row, in import order.
pub struct Lists {
    pub residents: Vec<Resident>,
    pub enrolments: Vec<Enrolment>,
}

pub fn load_lists(conn: &Connection) -> Result<Lists> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.id_number, COALESCE(r.name, ''), COALESCE(r.name_key, ''), r.birth_date, r.sex,
                r.township, r.village, r.deceased, b.file_name, r.sheet, r.row_number
         FROM list_row r JOIN batch b ON b.id = r.batch_id
         WHERE b.kind = 'household' ORDER BY r.batch_id, r.id",
    )?;
    let residents = stmt
        .query_map([], |r| {
            Ok(Resident {
                id_number: r.get(0)?,
                name: r.get(1)?,
                name_key: r.get(2)?,
                birth_date: r.get(3)?,
                sex: r.get(4)?,
                township: r.get(5)?,
                village: r.get(6)?,
                deceased: r.get(7)?,
                file: r.get(8)?,
                sheet: r.get(9)?,
                row_number: r.get(10)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT r.id_number, r.name_key, r.birth_date, COALESCE(r.enrol_status, 'other'), r.year,
                r.period_start, r.period_end
         FROM list_row r JOIN batch b ON b.id = r.batch_id
         WHERE b.kind = 'enrolment' ORDER BY r.batch_id, r.id",
    )?;
    let enrolments = stmt
        .query_map([], |r| {
            Ok(Enrolment {
                id_number: r.get(0)?,
                name_key: r.get(1)?,
                birth_date: r.get(2)?,
                status: r.get(3)?,
                year: r.get(4)?,
                period_start: r.get(5)?,
                period_end: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Lists {
        residents,
        enrolments,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(year: Option<i32>, start: Option<&str>, end: Option<&str>) -> Enrolment {
        Enrolment {
            id_number: None,
            name_key: None,
            birth_date: None,
            status: "active".into(),
            year,
            period_start: start.map(Into::into),
            period_end: end.map(Into::into),
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
