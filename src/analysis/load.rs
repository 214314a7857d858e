//! Loads every imported list row that the rules compare.

use rusqlite::Connection;

use crate::{ListKind, Result};

/// One imported row, of any list kind, with what the rules need.
#[derive(Debug, Clone, Default)]
pub struct ListRow {
    pub kind: Option<ListKind>,
    pub id_number: Option<String>,
    pub id_status: String,
    pub name: Option<String>,
    pub name_key: Option<String>,
    pub name_has_placeholder: bool,
    pub birth_date: Option<String>,
    pub sex: Option<String>,
    pub township: Option<String>,
    pub village: Option<String>,
    pub phone: Option<String>,
    pub deceased: bool,
    pub scheme: Option<String>,
    pub enrol_status: Option<String>,
    pub year: Option<i32>,
    pub period_start: Option<String>,
    pub period_end: Option<String>,
    pub employer: Option<String>,
    pub subsidy: Option<String>,
    pub birth_cert_number: Option<String>,
    pub mother_id_number: Option<String>,
    pub school: Option<String>,
    pub grade: Option<String>,
    pub class_name: Option<String>,
    pub agency: Option<String>,
    pub client_company: Option<String>,
    pub start_date: Option<String>,
    pub welfare_category: Option<String>,
    pub exclusion_reason: Option<String>,
    pub file: String,
    pub sheet: String,
    pub row_number: u32,
}

impl ListRow {
    pub fn kind(&self) -> ListKind {
        self.kind.expect("rows are loaded with their kind")
    }

    /// True when this enrolment row covers calendar year `year`. A row with neither a year
    /// nor a period is read as the register's current state: it covers the coverage year only.
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

    /// True for an enrolment row with status 参保缴费 covering `year`.
    pub fn is_active_in(&self, year: i32, coverage_year: i32) -> bool {
        self.enrol_status.as_deref() == Some("active") && self.covers(year, coverage_year)
    }

    /// The name key and birth date, when both are known and the name is comparable.
    pub fn name_birth(&self) -> Option<(&str, &str)> {
        if self.name_has_placeholder {
            return None;
        }
        Some((self.name_key.as_deref()?, self.birth_date.as_deref()?))
    }

    pub fn source(&self) -> super::SourceRow {
        super::SourceRow { kind: self.kind(), file: self.file.clone(), sheet: self.sheet.clone(), row: self.row_number }
    }
}

/// Every row of every list, in import order.
pub fn load_rows(conn: &Connection) -> Result<Vec<ListRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT b.kind, r.id_number, r.id_status, r.name, r.name_key, r.name_has_placeholder, r.birth_date,
                r.sex, r.township, r.village, r.phone, r.deceased, r.scheme, r.enrol_status, r.year,
                r.period_start, r.period_end, r.employer, r.subsidy, r.birth_cert_number, r.mother_id_number,
                r.school, r.grade, r.class_name, r.agency, r.client_company, r.start_date,
                r.welfare_category, r.exclusion_reason, b.file_name, r.sheet, r.row_number
         FROM list_row r JOIN batch b ON b.id = r.batch_id
         ORDER BY r.batch_id, r.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(ListRow {
            kind: ListKind::from_stored(&r.get::<_, String>(0)?),
            id_number: r.get(1)?,
            id_status: r.get(2)?,
            name: r.get(3)?,
            name_key: r.get(4)?,
            name_has_placeholder: r.get(5)?,
            birth_date: r.get(6)?,
            sex: r.get(7)?,
            township: r.get(8)?,
            village: r.get(9)?,
            phone: r.get(10)?,
            deceased: r.get(11)?,
            scheme: r.get(12)?,
            enrol_status: r.get(13)?,
            year: r.get(14)?,
            period_start: r.get(15)?,
            period_end: r.get(16)?,
            employer: r.get(17)?,
            subsidy: r.get(18)?,
            birth_cert_number: r.get(19)?,
            mother_id_number: r.get(20)?,
            school: r.get(21)?,
            grade: r.get(22)?,
            class_name: r.get(23)?,
            agency: r.get(24)?,
            client_company: r.get(25)?,
            start_date: r.get(26)?,
            welfare_category: r.get(27)?,
            exclusion_reason: r.get(28)?,
            file: r.get(29)?,
            sheet: r.get(30)?,
            row_number: r.get(31)?,
        })
    })?;
    // Rows of a kind this version does not know (from a newer version) are left out.
    Ok(rows.filter(|r| !matches!(r, Ok(row) if row.kind.is_none())).collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(year: Option<i32>, start: Option<&str>, end: Option<&str>) -> ListRow {
        ListRow {
            enrol_status: Some("active".into()),
            year,
            period_start: start.map(Into::into),
            period_end: end.map(Into::into),
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
