//! Where to find a flagged person, for the field sheet: the address from the household
//! list (or the list the person came from) and, for a minor, a guardian with a phone — the
//! mother or father from the birth list, or the household head.
//!
//! The household rows of the exported people's IDs are read up front in one query (the
//! IDs handed over as one sorted JSON array, each probing the list's ID index); the rest — people
//! without an ID, birth-list rows, a minor's parents — are looked up per person through
//! the lists' indexes. A county's worklists never load its whole household list.

// foldhash: several times faster than SipHash on short IDs, still seeded per process.
use foldhash::HashMap;

use rusqlite::{Connection, OptionalExtension};

use crate::analysis::Gap;
use crate::{ListKind, Result};

/// What the field sheet prints to find the person.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contact {
    pub address: Option<String>,
    /// "母 李秀英" — who answers for a minor.
    pub guardian: Option<String>,
    /// The guardian's phone, normalised (full: mask before printing).
    pub guardian_phone: Option<String>,
}

/// The columns of a list row the field sheet can use.
#[derive(Debug, Default, Clone)]
struct RowContact {
    address: Option<String>,
    phone: Option<String>,
    mother: Option<String>,
    mother_id: Option<String>,
    father: Option<String>,
    father_id: Option<String>,
    head: Option<String>,
}

const COLUMNS: &str = "l.address, l.phone, l.mother_name, l.mother_id_number, l.father_name, l.father_id_number, l.household_head";

fn row_contact(r: &rusqlite::Row<'_>) -> rusqlite::Result<RowContact> {
    row_contact_from(r, 0)
}

/// The contact columns of a row whose first `skip` columns are something else.
fn row_contact_from(r: &rusqlite::Row<'_>, skip: usize) -> rusqlite::Result<RowContact> {
    let text = |i: usize| -> rusqlite::Result<Option<String>> {
        Ok(r.get::<_, Option<String>>(i + skip)?
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()))
    };
    Ok(RowContact {
        address: text(0)?,
        phone: text(1)?,
        mother: text(2)?,
        mother_id: text(3)?,
        father: text(4)?,
        father_id: text(5)?,
        head: text(6)?,
    })
}

/// A list row's batch and row id: a newer batch wins, then the earlier row.
type RowPlace = (i64, i64);

/// Looks up contacts for gaps; `as_of` (YYYY-MM-DD) decides who is a minor.
pub struct Finder<'c> {
    conn: &'c Connection,
    as_of: String,
    /// The newest household row of every exported ID (`None`: the ID has none).
    households: HashMap<String, Option<RowContact>>,
}

impl<'c> Finder<'c> {
    /// A finder for `gaps`, with their IDs' household rows read in one query.
    pub fn new<'g>(
        conn: &'c Connection,
        as_of: &str,
        gaps: impl Iterator<Item = &'g Gap>,
    ) -> Result<Self> {
        let mut wanted: Vec<&str> = gaps.filter_map(|g| g.id_number.as_deref()).collect();
        // In ID order, each looked up once: the probes walk the ID index front to back.
        wanted.sort_unstable();
        wanted.dedup();
        // Each ID's row so far, with where it is to compare the next one with.
        let mut found: HashMap<String, Option<(RowPlace, RowContact)>> =
            wanted.iter().map(|id| (id.to_string(), None)).collect();
        // Per ID, what `household` returns for one ID: the newest household list and,
        // within it, the first row. Chosen here rather than by an ORDER BY, which sorted
        // every row found in a temporary B-tree.
        // Each household batch's rows are the id range its import recorded, and the ID
        // index holds each entry's row id: the probe is bounded to that range in the
        // index, so the register's rows under the same ID are never fetched only to be
        // dropped (at 1M they are two in three of the rows an ID has).
        let sql = format!(
            "SELECT l.id_number, b.id, l.id, {COLUMNS}
             FROM batch b CROSS JOIN json_each(?1) w CROSS JOIN list_row l
                 ON l.id_number = w.value AND l.id BETWEEN b.first_row_id AND b.last_row_id
             WHERE b.kind = ?2 AND +l.batch_id = b.id"
        );
        let mut stmt = conn.prepare(&sql)?;
        let wanted = serde_json::to_string(&wanted).expect("IDs serialise");
        let mut rows = stmt.query(rusqlite::params![wanted, ListKind::Household.as_str()])?;
        while let Some(r) = rows.next()? {
            let Some(slot) = super::selection::text_at(r, 0)?.and_then(|id| found.get_mut(id))
            else {
                continue;
            };
            let place = (r.get::<_, i64>(1)?, r.get::<_, i64>(2)?);
            let better = match slot {
                // A newer list, or an earlier row of the same list.
                Some(((batch, row), _)) => {
                    place.0 > *batch || (place.0 == *batch && place.1 < *row)
                }
                None => true,
            };
            if better {
                *slot = Some((place, row_contact_from(r, 3)?));
            }
        }
        let households = found
            .into_iter()
            .map(|(id, row)| (id, row.map(|(_, contact)| contact)))
            .collect();
        Ok(Finder {
            conn,
            as_of: as_of.to_string(),
            households,
        })
    }

    /// The household row of an ID, newest list first.
    fn household(&self, id: &str) -> Result<Option<RowContact>> {
        if let Some(known) = self.households.get(id) {
            return Ok(known.clone());
        }
        let sql = format!(
            "SELECT {COLUMNS} FROM list_row l JOIN batch b ON b.id = l.batch_id
             WHERE l.id_number = ?1 AND b.kind = ?2 ORDER BY b.id DESC LIMIT 1"
        );
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row(
                rusqlite::params![id, ListKind::Household.as_str()],
                row_contact,
            )
            .optional()?)
    }

    /// A source row of the person, by list kind, file, sheet and row.
    fn source(&self, gap: &Gap, kind: ListKind) -> Result<Option<RowContact>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM list_row l JOIN batch b ON b.id = l.batch_id
             WHERE b.kind = ?1 AND b.file_name = ?2 AND l.sheet = ?3 AND l.row_number = ?4 ORDER BY b.id DESC LIMIT 1"
        );
        for s in gap.sources.iter().filter(|s| s.kind == kind) {
            let found = self
                .conn
                .prepare_cached(&sql)?
                .query_row(
                    rusqlite::params![kind.as_str(), s.file, s.sheet, s.row],
                    row_contact,
                )
                .optional()?;
            if found.is_some() {
                return Ok(found);
            }
        }
        Ok(None)
    }

    /// True when the person is under 18 on the as-of date.
    fn is_minor(&self, gap: &Gap) -> bool {
        let Some(birth) = gap.birth_date.as_deref().filter(|b| b.len() == 10) else {
            return false;
        };
        let Ok(year) = self.as_of[..4.min(self.as_of.len())].parse::<i32>() else {
            return false;
        };
        // Born after this day eighteen years ago: "YYYY-MM-DD" compares as text.
        let adult_line = format!("{}{}", year - 18, &self.as_of[4.min(self.as_of.len())..]);
        birth > adult_line.as_str()
    }

    pub fn contact(&self, gap: &Gap) -> Result<Contact> {
        let household = match gap.id_number.as_deref() {
            Some(id) => self.household(id)?,
            None => self.source(gap, ListKind::Household)?,
        };
        let birth = if gap.sources.iter().any(|s| s.kind == ListKind::Birth) {
            self.source(gap, ListKind::Birth)?
        } else {
            None
        };
        let address = household
            .as_ref()
            .and_then(|h| h.address.clone())
            .or_else(|| birth.as_ref().and_then(|b| b.address.clone()));
        let mut contact = Contact {
            address,
            ..Default::default()
        };
        if !self.is_minor(gap) {
            return Ok(contact);
        }
        // A parent from the birth list, with the phone given there or on the parent's own
        // household row; else the household head with the household's phone.
        if let Some(b) = &birth {
            for (role, name, id) in [
                ("母", &b.mother, &b.mother_id),
                ("父", &b.father, &b.father_id),
            ] {
                let Some(name) = name else { continue };
                let own = match id {
                    Some(id) => self.household(id)?.and_then(|h| h.phone),
                    None => None,
                };
                contact.guardian = Some(format!("{role} {name}"));
                contact.guardian_phone = b.phone.clone().or(own);
                return Ok(contact);
            }
        }
        if let Some(h) = &household {
            if let Some(head) = h.head.as_ref().filter(|head| **head != gap.name) {
                contact.guardian = Some(format!("户主 {head}"));
                contact.guardian_phone = h.phone.clone();
            }
        }
        Ok(contact)
    }
}
