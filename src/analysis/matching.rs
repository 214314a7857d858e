//! Finding a person's rows in the other lists (enrolment, death, exclusion), in tiers,
//! strongest first: the same ID → the same ID after a 15-digit upgrade → name and birth
//! date (and sex) where one side lacks a usable ID. A different usable ID on both sides
//! always means two people. Similar names with the same birth date are only *possible*
//! matches, returned separately for review; they never count as a match by themselves.

use std::collections::HashMap;

use super::fuzzy::similarity;
use super::load::ListRow;
use super::people::Person;
use super::MatchTier;
use crate::ListKind;

/// The rows of one list kind, indexed for matching.
pub struct Index<'a> {
    by_id: HashMap<&'a str, Vec<&'a ListRow>>,
    by_name_birth: HashMap<(&'a str, &'a str), Vec<&'a ListRow>>,
    by_birth: HashMap<&'a str, Vec<&'a ListRow>>,
}

/// The rows found for a person and how.
#[derive(Debug, Clone)]
pub struct Found<'a> {
    pub tier: MatchTier,
    pub rows: Vec<&'a ListRow>,
}

/// A row that may be the person's: same birth date, a similar name.
#[derive(Debug, Clone)]
pub struct Possible<'a> {
    pub row: &'a ListRow,
    pub why: &'static str,
}

impl<'a> Index<'a> {
    pub fn of_kind(rows: &'a [ListRow], kind: ListKind) -> Index<'a> {
        let mut index = Index { by_id: HashMap::new(), by_name_birth: HashMap::new(), by_birth: HashMap::new() };
        for row in rows.iter().filter(|r| r.kind == Some(kind)) {
            if let Some(id) = row.id_number.as_deref() {
                index.by_id.entry(id).or_default().push(row);
            }
            if let Some(pair) = row.name_birth() {
                index.by_name_birth.entry(pair).or_default().push(row);
            }
            if let Some(birth) = row.birth_date.as_deref() {
                index.by_birth.entry(birth).or_default().push(row);
            }
        }
        index
    }

    /// The person's rows in this list, by the strongest tier that finds any.
    pub fn find(&self, person: &Person<'a>) -> Found<'a> {
        if let Some(id) = person.id_number() {
            if let Some(rows) = self.by_id.get(id) {
                let repaired = person.rows.iter().chain(rows).any(|r| r.id_status == "upgraded_legacy");
                let tier = if repaired { MatchTier::IdRepaired } else { MatchTier::IdExact };
                return Found { tier, rows: rows.clone() };
            }
        }
        let sex = person.first(|r| r.sex.as_deref());
        let mut rows: Vec<&ListRow> = Vec::new();
        for pair in person.name_births() {
            for &row in self.by_name_birth.get(&pair).into_iter().flatten() {
                if compatible(person.id_number(), sex, row) && !rows.iter().any(|r| std::ptr::eq(*r, row)) {
                    rows.push(row);
                }
            }
        }
        let tier = if rows.is_empty() { MatchTier::None } else { MatchTier::NameBirth };
        Found { tier, rows }
    }

    /// Rows with the person's birth date and a similar name that [`Index::find`] did not
    /// match: candidates for a person to review.
    pub fn possible(&self, person: &Person<'a>) -> Vec<Possible<'a>> {
        let sex = person.first(|r| r.sex.as_deref());
        let mut out: Vec<Possible<'a>> = Vec::new();
        for (name, birth) in person.name_births() {
            for &row in self.by_birth.get(birth).into_iter().flatten() {
                let Some(other) = row.name_key.as_deref().filter(|_| !row.name_has_placeholder) else { continue };
                let Some(why) = similarity(name, other) else { continue };
                if compatible(person.id_number(), sex, row) && !out.iter().any(|p| std::ptr::eq(p.row, row)) {
                    out.push(Possible { row, why });
                }
            }
        }
        out
    }
}

/// A row may be the person's unless both carry usable IDs that differ, or sexes differ.
fn compatible(person_id: Option<&str>, person_sex: Option<&str>, row: &ListRow) -> bool {
    let ids_differ = matches!((person_id, row.id_number.as_deref()), (Some(a), Some(b)) if a != b);
    let sexes_differ = matches!((person_sex, row.sex.as_deref()), (Some(a), Some(b)) if a != b);
    !ids_differ && !sexes_differ
}
