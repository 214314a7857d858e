//! Storing person rows: several rows per prepared INSERT, bound in place.

use super::row::PersonRow;

/// Rows per INSERT statement: one statement per row spends more on stepping and
/// resetting the statement than on the row; 16 rows of 42 values stay far below SQLite's
/// limit of 32,766 parameters.
pub const ROWS_PER_INSERT: usize = 16;

const ROW_COLUMNS: &str = "batch_id, sheet, row_number, original, id_raw, id_number, id_status,
    name, name_key, name_has_placeholder, birth_date, sex, township, village, address, phone,
    deceased, scheme, enrol_status, year, period_start, period_end, employer, subsidy,
    birth_cert_number, mother_name, mother_id_number, father_name, father_id_number,
    school, grade, class_name, student_number, agency, client_company, start_date,
    welfare_category, household_head, death_date, exclusion_reason, person_status, leave_date";
const VALUES_PER_ROW: usize = 42;

/// `INSERT INTO list_row (...) VALUES (...), (...)` for `rows` rows.
pub fn insert_rows_sql(rows: usize) -> String {
    let one = format!("({})", vec!["?"; VALUES_PER_ROW].join(", "));
    format!(
        "INSERT INTO list_row ({ROW_COLUMNS}) VALUES {}",
        vec![one; rows].join(", ")
    )
}

/// Binds `rows` into `stmt` (made by [`insert_rows_sql`] for as many rows) and runs it.
pub fn insert_persons(
    stmt: &mut rusqlite::CachedStatement<'_>,
    batch_id: i64,
    rows: &[(u32, &str, Box<PersonRow>)],
) -> rusqlite::Result<()> {
    let mut i = 0;
    let mut bind = |stmt: &mut rusqlite::CachedStatement<'_>, value: &dyn rusqlite::ToSql| {
        i += 1;
        stmt.raw_bind_parameter(i, value)
    };
    for (row_number, sheet, p) in rows {
        let values: [&dyn rusqlite::ToSql; VALUES_PER_ROW] = [
            &batch_id,
            sheet,
            row_number,
            &p.original,
            &p.id_raw,
            &p.id_number,
            &p.id_status,
            &p.name,
            &p.name_key,
            &p.name_has_placeholder,
            &p.birth_date,
            &p.sex,
            &p.township,
            &p.village,
            &p.address,
            &p.phone,
            &p.deceased,
            &p.scheme,
            &p.enrol_status,
            &p.year,
            &p.period_start,
            &p.period_end,
            &p.employer,
            &p.subsidy,
            &p.birth_cert_number,
            &p.mother_name,
            &p.mother_id_number,
            &p.father_name,
            &p.father_id_number,
            &p.school,
            &p.grade,
            &p.class_name,
            &p.student_number,
            &p.agency,
            &p.client_company,
            &p.start_date,
            &p.welfare_category,
            &p.household_head,
            &p.death_date,
            &p.exclusion_reason,
            &p.person_status,
            &p.leave_date,
        ];
        for value in values {
            bind(stmt, value)?;
        }
    }
    stmt.raw_execute().map(drop)
}
