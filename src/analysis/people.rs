//! Who is who: the rows of the lists that name people who should be insured (household,
//! birth, school, welfare, roster) grouped into one [`Person`] each.
//!
//! Rows with the same usable ID are one person. A row without a usable ID joins the one
//! person with an ID whose name key and birth date it shares; failing that, rows group by
//! birth-certificate number, then by name and birth date, then by mother's ID, birth date
//! and sex (for unnamed newborns).
//!
//! The rules it implements are written down in docs/rules.md, "Who is a person".

use bumpalo::Bump;
use foldhash::{HashMap as FastMap, HashSet as FastSet};
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
    pub rows: SmallVec<[&'a ListRow<'a>; 2]>,
    /// Stable across analyses: `id:<ID>`, `nb:<name key>|<birth>`, `cert:<number>`, …
    /// (in the analysis' arena: no allocation per person).
    pub key: &'a str,
}

impl<'a> Person<'a> {
    pub fn id_number(&self) -> Option<&'a str> {
        self.rows.iter().find_map(|r| r.id_number())
    }

    pub fn on(&self, kind: ListKind) -> impl Iterator<Item = &'a ListRow<'a>> + '_ {
        self.rows.iter().copied().filter(move |r| r.kind() == kind)
    }

    pub fn is_on(&self, kind: ListKind) -> bool {
        self.on(kind).next().is_some()
    }

    /// The row that best describes the person: the household row, else the first.
    pub fn main_row(&self) -> &'a ListRow<'a> {
        self.on(ListKind::Household).next().unwrap_or(self.rows[0])
    }

    /// The first value any row gives, household rows first.
    pub fn first<T: ?Sized>(
        &self,
        field: impl Fn(&'a ListRow<'a>) -> Option<&'a T>,
    ) -> Option<&'a T> {
        field(self.main_row()).or_else(|| self.rows.iter().find_map(|r| field(r)))
    }

    pub fn name(&self) -> &'a str {
        self.first(|r| r.name()).unwrap_or("（未填姓名）")
    }

    pub fn birth_date(&self) -> Option<&'a str> {
        self.first(|r| r.birth_date())
    }

    /// Every (name key, birth date) pair the rows give, for matching without an ID.
    pub fn name_births(&self) -> SmallVec<[(&'a str, &'a str); 2]> {
        let mut pairs: SmallVec<[_; 2]> = self.rows.iter().filter_map(|r| r.name_birth()).collect();
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
                r.detail().birth_cert_number.is_some()
                    || (r.detail().mother_id_number.is_some() && r.birth_date().is_some())
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

/// Groups the target-list rows of `rows` into people, in first-seen order; their keys
/// are written into `arena`.
pub fn group_people<'a>(rows: &'a [ListRow<'a>], arena: &'a Bump) -> Vec<Person<'a>> {
    let targets = || {
        rows.iter()
            .filter(|r| r.kind.is_some_and(|k| TARGET_KINDS.contains(&k)))
    };
    // Room for a person a row from the start: grown by doubling, the people and the map
    // were copied and rehashed a score of times into memory new each time (the kernel
    // zeroing it is most of what fresh memory costs), while the other core waited.
    let rows_with_id = targets().filter(|r| r.id_number().is_some()).count();
    let mut people: Vec<Person<'a>> = Vec::with_capacity(rows_with_id);
    // Keyed by the ID borrowed from the rows: no string is built for the million people
    // who have one, beyond their key in the arena.
    let mut by_id: FastMap<&'a str, u32> =
        FastMap::with_capacity_and_hasher(rows_with_id, Default::default());
    let mut key = String::new();
    let in_arena = |key: &str| -> &'a str { arena.alloc_str(key) };

    for row in targets() {
        let Some(id) = row.id_number() else {
            continue;
        };
        match by_id.get(id) {
            Some(&i) => people[i as usize].rows.push(row),
            None => {
                by_id.insert(id, people.len() as u32);
                key.clear();
                key.push_str("id:");
                key.push_str(id);
                people.push(Person {
                    rows: smallvec![row],
                    key: in_arena(&key),
                });
            }
        }
    }
    drop(by_id);
    // Name and birth date of people with an ID, for rows that have none: only the pairs
    // such a row gives are looked for (a county's few thousand, not its million people).
    let wanted: FastSet<(&str, &str)> = targets()
        .filter(|r| r.id_number().is_none())
        .filter_map(ListRow::name_birth)
        .collect();
    /// Two or more people share the pair: it names none of them.
    const SEVERAL: u32 = u32::MAX;
    let mut with_id: FastMap<(&str, &str), u32> = FastMap::default();
    if !wanted.is_empty() {
        for (i, p) in people.iter().enumerate() {
            for pair in p.name_births() {
                if !wanted.contains(&pair) {
                    continue;
                }
                let entry = with_id.entry(pair).or_insert(i as u32);
                if *entry != i as u32 {
                    *entry = SEVERAL;
                }
            }
        }
    }
    let mut by_key: FastMap<&'a str, u32> = FastMap::default();
    for row in targets().filter(|r| r.id_number().is_none()) {
        if let Some(pair) = row.name_birth() {
            if let Some(&only) = with_id.get(&pair).filter(|&&i| i != SEVERAL) {
                people[only as usize].rows.push(row);
                continue;
            }
        }
        key.clear();
        let detail = row.detail();
        if let Some(cert) = detail.birth_cert_number {
            key.push_str("cert:");
            key.push_str(cert);
        } else if let Some((name, birth)) = row.name_birth() {
            for part in ["nb:", name, "|", birth] {
                key.push_str(part);
            }
        } else if let (Some(mother), Some(birth)) = (detail.mother_id_number, row.birth_date()) {
            let sex = row.sex.as_deref().unwrap_or("");
            for part in ["mother:", mother, "|", birth, "|", sex] {
                key.push_str(part);
            }
        } else {
            use std::fmt::Write;
            let _ = write!(key, "row:{}|{}|{}", row.file, row.sheet, row.row_number);
        }
        match by_key.get(key.as_str()) {
            Some(&i) => people[i as usize].rows.push(row),
            None => {
                let stored = in_arena(&key);
                by_key.insert(stored, people.len() as u32);
                people.push(Person {
                    rows: smallvec![row],
                    key: stored,
                });
            }
        }
    }
    people
}
