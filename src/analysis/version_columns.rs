//! Which of `list_row`'s columns a version's rows are read with, and the statement that
//! reads them: the columns the rules need for its kind, less those the version holds no
//! value in (`batch.stored_columns`), which are read as empty without stepping them.
//! [`super::load::read_row`] reads the values by position: [`COMMON`] first, then the
//! groups the version reads.

use std::collections::HashSet;

use crate::lists::scope::ScopeDimension;
use crate::ListKind;

/// Which columns a version's rows are read with. Every kind reads who the person is,
/// the place, the status and the scheme and year (a unit of the register's scope); the
/// register adds its enrolment columns, every other kind its phone, roster, school,
/// welfare, birth, death and exclusion columns. A register with a part replaced by
/// school, agency or category (never seen, but possible) reads all of them.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Columns {
    Register,
    Others,
    All,
}

/// A version's statement, and for each column [`super::load::read_row`] reads by position the column
/// of the statement's rows it is, if selected.
pub(super) struct Query {
    pub sql: String,
    pub positions: Vec<Option<usize>>,
}

/// The columns every kind reads, at these positions.
const COMMON: &str = "id_number, id_status, name, name_key, name_has_placeholder, birth_date, sex,
    township, village, deceased, sheet, row_number, person_status, scheme, year";
const REGISTER: &str = "enrol_status, period_start, period_end, subsidy";
const OTHERS: &str = "phone, birth_cert_number, mother_id_number, school, grade, class_name,
    agency, client_company, start_date, welfare_category, exclusion_reason, death_date, leave_date";
/// The first position after [`COMMON`].
const AFTER_COMMON: usize = 15;
/// The number of columns in [`OTHERS`].
const OTHERS_COUNT: usize = 13;

impl Columns {
    pub(super) fn for_version(
        kind: ListKind,
        replaced: Option<&[(ScopeDimension, HashSet<String>)]>,
    ) -> Self {
        let needs_detail = replaced.into_iter().flatten().any(|(d, _)| {
            matches!(
                d,
                ScopeDimension::School | ScopeDimension::Agency | ScopeDimension::Category
            )
        });
        match (kind, needs_detail) {
            (ListKind::Enrolment, false) => Columns::Register,
            (ListKind::Enrolment, true) => Columns::All,
            _ => Columns::Others,
        }
    }

    /// The statement reading a version's rows in these columns, leaving out those its
    /// rows hold no value in (`stored`, as the import recorded them; `None`: none left
    /// out). A household list has no value in most of [`OTHERS`]: stepping SQLite through
    /// a column and copying it out costs about as much when it is empty, and this is the
    /// thread the load waits on.
    pub(super) fn query(self, stored: Option<&str>) -> Query {
        let groups = match self {
            Columns::Register => format!("{COMMON}, {REGISTER}"),
            Columns::Others => format!("{COMMON}, {OTHERS}"),
            Columns::All => format!("{COMMON}, {OTHERS}, {REGISTER}"),
        };
        let stored: Option<HashSet<&str>> = stored.map(|s| s.split(',').collect());
        let mut selected = Vec::new();
        let positions = groups
            .split(',')
            .map(str::trim)
            .map(|name| {
                stored.as_ref().is_none_or(|s| s.contains(name)).then(|| {
                    selected.push(name);
                    selected.len() - 1
                })
            })
            .collect();
        // The sheet and row number are always stored; never an empty column list.
        if selected.is_empty() {
            selected.push("NULL");
        }
        Query {
            sql: format!(
                "SELECT {} FROM list_row WHERE id BETWEEN ?1 AND ?2 AND +batch_id = ?3 ORDER BY id",
                selected.join(", ")
            ),
            positions,
        }
    }

    /// Where the [`OTHERS`] columns start, when read.
    pub(super) fn others_at(self) -> Option<usize> {
        (self != Columns::Register).then_some(AFTER_COMMON)
    }

    /// Where the [`REGISTER`] columns start, when read.
    pub(super) fn register_at(self) -> Option<usize> {
        match self {
            Columns::Register => Some(AFTER_COMMON),
            Columns::Others => None,
            Columns::All => Some(AFTER_COMMON + OTHERS_COUNT),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_stored_before_its_columns_were_recorded_reads_every_column() {
        let all = Columns::Others.query(None);
        assert!(all.positions.iter().all(Option::is_some));
        assert_eq!(all.positions.len(), AFTER_COMMON + OTHERS_COUNT);
    }

    #[test]
    fn a_column_no_row_of_the_version_has_is_left_out_and_the_others_keep_their_places() {
        let common: Vec<&str> = COMMON.split(',').map(str::trim).collect();
        let stored = format!("{},phone", common.join(","));
        let query = Columns::Others.query(Some(&stored));
        assert_eq!(query.positions.len(), AFTER_COMMON + OTHERS_COUNT);
        assert!(query.positions[..AFTER_COMMON]
            .iter()
            .enumerate()
            .all(|(i, p)| *p == Some(i)));
        // The phone is the first of the others; the school (fourth) is not stored.
        assert_eq!(query.positions[AFTER_COMMON], Some(AFTER_COMMON));
        assert_eq!(query.positions[AFTER_COMMON + 3], None);
        assert!(query.sql.contains("phone") && !query.sql.contains("school"));
    }
}
