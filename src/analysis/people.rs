//! Who is who: the rows of the lists that name people who should be insured (household,
//! birth, school, welfare, roster) grouped into one [`Person`] each.
//!
//! Rows with the same usable ID are one person. A row without a usable ID joins the one
//! person with an ID whose name key and birth date it shares; failing that, rows group by
//! birth-certificate number, then by name and birth date, then by mother's ID, birth date
//! and sex (for unnamed newborns).
//!
//! The rules it implements are written down in docs/rules.md, "Who is a person".

use foldhash::HashMap as FastMap;
use smallvec::{smallvec, SmallVec};

use super::load::ListRow;
use crate::identity::IdStatus;
use crate::ListKind;

/// The lists whose people the rules look at.
pub const TARGET_KINDS: [ListKind; 5] = [
    ListKind::Household,
    ListKind::Birth,
    ListKind::School,
    ListKind::Welfare,
    ListKind::Roster,
];

/// One person and every target-list row that names them.
#[derive(Debug)]
pub struct Person<'a> {
    /// Most people are on one or two lists: their rows are kept inline.
    pub rows: SmallVec<[&'a ListRow; 2]>,
    /// Stable across analyses: `id:<ID>`, `nb:<name key>|<birth>`, `cert:<number>`, …
    pub key: String,
}

impl<'a> Person<'a> {
    pub fn id_number(&self) -> Option<&'a str> {
        self.rows.iter().find_map(|r| r.id_number.as_deref())
    }

    pub fn on(&self, kind: ListKind) -> impl Iterator<Item = &'a ListRow> + '_ {
        self.rows.iter().copied().filter(move |r| r.kind() == kind)
    }

    pub fn is_on(&self, kind: ListKind) -> bool {
        self.on(kind).next().is_some()
    }

    /// The row that best describes the person: the household row, else the first.
    pub fn main_row(&self) -> &'a ListRow {
        self.on(ListKind::Household).next().unwrap_or(self.rows[0])
    }

    /// The first value any row gives, household rows first.
    pub fn first<T: ?Sized>(&self, field: impl Fn(&'a ListRow) -> Option<&'a T>) -> Option<&'a T> {
        field(self.main_row()).or_else(|| self.rows.iter().find_map(|r| field(r)))
    }

    pub fn name(&self) -> &'a str {
        self.first(|r| r.name.as_deref()).unwrap_or("（未填姓名）")
    }

    pub fn birth_date(&self) -> Option<&'a str> {
        self.first(|r| r.birth_date.as_deref())
    }

    /// Every (name key, birth date) pair the rows give, for matching without an ID.
    pub fn name_births(&self) -> Vec<(&'a str, &'a str)> {
        let mut pairs: Vec<_> = self.rows.iter().filter_map(|r| r.name_birth()).collect();
        pairs.dedup();
        pairs
    }

    /// True when something identifies the person well enough to compare with the
    /// register: a usable ID, a name with a birth date, a birth-certificate number, or a
    /// mother's ID with the birth date.
    pub fn comparable(&self) -> bool {
        self.id_number().is_some()
            || !self.name_births().is_empty()
            || self.rows.iter().any(|r| {
                r.birth_cert_number.is_some()
                    || (r.mother_id_number.is_some() && r.birth_date.is_some())
            })
    }

    /// True when any row calls the person deceased.
    pub fn marked_deceased(&self) -> bool {
        self.rows.iter().any(|r| r.deceased)
    }

    /// True when the only ID is a Hong Kong, Macau or Taiwan residence permit: a valid ID
    /// but not a local resident.
    pub fn holds_residence_permit(&self) -> bool {
        self.rows
            .iter()
            .any(|r| r.id_status == IdStatus::ResidencePermit)
    }
}

/// Groups the target-list rows of `rows` into people, in first-seen order.
pub fn group_people(rows: &[ListRow]) -> Vec<Person<'_>> {
    let mut people: Vec<Person<'_>> = Vec::new();
    // Keyed by the ID borrowed from the rows: no string is built for the million people
    // who have one.
    let mut by_id: FastMap<&str, usize> = FastMap::default();
    let targets = || {
        rows.iter()
            .filter(|r| r.kind.is_some_and(|k| TARGET_KINDS.contains(&k)))
    };

    for row in targets() {
        let Some(id) = row.id_number.as_deref() else {
            continue;
        };
        match by_id.get(id) {
            Some(&i) => people[i].rows.push(row),
            None => {
                by_id.insert(id, people.len());
                people.push(Person {
                    rows: smallvec![row],
                    key: format!("id:{id}"),
                });
            }
        }
    }
    // Name and birth date of people with an ID, for rows that have none.
    let mut with_id: FastMap<(&str, &str), Vec<usize>> = FastMap::default();
    for (i, p) in people.iter().enumerate() {
        for pair in p.name_births() {
            let entry = with_id.entry(pair).or_default();
            if !entry.contains(&i) {
                entry.push(i);
            }
        }
    }
    let mut by_key: FastMap<String, usize> = FastMap::default();
    for row in targets().filter(|r| r.id_number.is_none()) {
        if let Some(pair) = row.name_birth() {
            if let Some([only]) = with_id.get(&pair).map(Vec::as_slice) {
                people[*only].rows.push(row);
                continue;
            }
        }
        let key = if let Some(cert) = &row.birth_cert_number {
            format!("cert:{cert}")
        } else if let Some((name, birth)) = row.name_birth() {
            format!("nb:{name}|{birth}")
        } else if let (Some(mother), Some(birth)) = (&row.mother_id_number, &row.birth_date) {
            format!(
                "mother:{mother}|{birth}|{}",
                row.sex.as_deref().unwrap_or("")
            )
        } else {
            format!("row:{}|{}|{}", row.file, row.sheet, row.row_number)
        };
        match by_key.get(&key) {
            Some(&i) => people[i].rows.push(row),
            None => {
                by_key.insert(key.clone(), people.len());
                people.push(Person {
                    rows: smallvec![row],
                    key,
                });
            }
        }
    }
    people
}
