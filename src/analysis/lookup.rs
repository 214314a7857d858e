//! Where one list kind's rows are found by ID and by birth date, in compact form.
//!
//! The register is two million rows at 1M residents, and every person is looked up in it.
//! A map from each ID text, each (name, birth) pair and each birth date to a vector of
//! rows cost a quarter of the analysis' memory and an eighth of its time in hashing
//! strings and chasing pointers. Here an 18-character ID is packed into a `u64` (17
//! digits and the check character), the rows sharing an ID are chained through one `u32`
//! per row, and the rows are bucketed by birth day (one counting sort: an offset per day
//! of the births' span, a row number per row). A (name, birth) lookup reads the day's
//! bucket — a few dozen rows — and compares names: first each row's name shape, kept
//! beside its place in the bucket ([`super::name_shape`]), then, for the rows it lets
//! through, the row itself. Every lookup yields the rows in import
//! order, as the maps did; the rare ID or birth date that does not pack (not the stored
//! form) is kept in a small map beside, so nothing is ever dropped or merged.

use foldhash::HashMap as FastMap;
use smallvec::SmallVec;

use super::load::ListRow;
use super::name_shape::NameShape;

/// No row: the end of a chain.
const NONE: u32 = u32::MAX;

/// One kind's rows, findable by ID and by birth date.
pub struct RowLookup<'a> {
    /// The kind's rows in import order; everything below holds positions in it.
    rows: Vec<&'a ListRow<'a>>,
    /// Packed ID → (first, last) row of its chain.
    by_packed_id: FastMap<u64, (u32, u32)>,
    /// IDs that do not pack → their rows.
    by_other_id: FastMap<&'a str, SmallVec<[u32; 1]>>,
    /// Per row, the next row with the same ID.
    next_same_id: Vec<u32>,
    births: BirthBuckets<'a>,
}

impl<'a> RowLookup<'a> {
    /// Indexes `rows` (already one kind's, in import order).
    pub fn new(rows: Vec<&'a ListRow<'a>>) -> RowLookup<'a> {
        let mut by_packed_id: FastMap<u64, (u32, u32)> = FastMap::default();
        let mut by_other_id: FastMap<&'a str, SmallVec<[u32; 1]>> = FastMap::default();
        let mut next_same_id = vec![NONE; rows.len()];
        by_packed_id.reserve(rows.len());
        for (at, row) in rows.iter().enumerate() {
            let at = at as u32;
            let Some(id) = row.id_number() else {
                continue;
            };
            match pack_id(id) {
                Some(packed) => {
                    let chain = by_packed_id.entry(packed).or_insert((at, at));
                    if chain.1 != at {
                        next_same_id[chain.1 as usize] = at;
                        chain.1 = at;
                    }
                }
                None => by_other_id.entry(id).or_default().push(at),
            }
        }
        let births = BirthBuckets::new(&rows);
        RowLookup {
            rows,
            by_packed_id,
            by_other_id,
            next_same_id,
            births,
        }
    }

    /// True when the kind has no rows at all (a list not imported).
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The rows with this ID, in import order.
    pub fn with_id(&self, id: &str) -> SmallVec<[&'a ListRow<'a>; 2]> {
        let mut out = SmallVec::new();
        match pack_id(id) {
            Some(packed) => {
                let mut at = self.by_packed_id.get(&packed).map_or(NONE, |c| c.0);
                while at != NONE {
                    out.push(self.rows[at as usize]);
                    at = self.next_same_id[at as usize];
                }
            }
            None => {
                for &at in self.by_other_id.get(id).into_iter().flatten() {
                    out.push(self.rows[at as usize]);
                }
            }
        }
        out
    }

    /// The rows whose comparable name key and birth date are `pair`, in import order.
    pub fn with_name_birth<'s>(
        &'s self,
        pair: (&'s str, &'s str),
    ) -> impl Iterator<Item = &'a ListRow<'a>> + 's {
        let want = NameShape::of(pair.0);
        self.born_with(pair.1, move |shape| want.may_equal(shape))
            .filter(move |r| r.name_birth() == Some(pair))
    }

    /// The rows born on `birth` whose comparable name key may resemble `name_key` as
    /// [`super::fuzzy::similarity`] means (a superset: the caller compares), in import
    /// order.
    pub fn born_on_resembling<'s>(
        &'s self,
        name_key: &str,
        birth: &'s str,
    ) -> impl Iterator<Item = &'a ListRow<'a>> + 's {
        let want = NameShape::of(name_key);
        self.born_with(birth, move |shape| want.may_resemble(shape))
            // A bucket is a day: the text is compared too, so a lookup means exactly
            // what a map keyed by the text meant.
            .filter(move |r| r.birth_date() == Some(birth))
    }

    /// The rows of `birth`'s bucket whose name shape passes `keep`, without reading the
    /// others (every row, for a birth text that is not bucketed).
    fn born_with<'s>(
        &'s self,
        birth: &str,
        keep: impl Fn(NameShape) -> bool + 's,
    ) -> impl Iterator<Item = &'a ListRow<'a>> + 's {
        let (positions, shapes) = self.births.with_shapes(birth);
        positions
            .iter()
            .enumerate()
            .filter(move |&(slot, _)| shapes.is_none_or(|shapes| keep(shapes[slot])))
            .map(|(_, &at)| self.rows[at as usize])
    }
}

/// An 18-character ID (17 digits and a digit or X) as one number; `None` for any other
/// text, which is then looked up as text.
fn pack_id(id: &str) -> Option<u64> {
    let bytes = id.as_bytes();
    if bytes.len() != 18 {
        return None;
    }
    let mut number = 0u64;
    for &digit in &bytes[..17] {
        if !digit.is_ascii_digit() {
            return None;
        }
        number = number * 10 + u64::from(digit - b'0');
    }
    let check = match bytes[17] {
        d @ b'0'..=b'9' => u64::from(d - b'0'),
        b'X' => 10,
        _ => return None,
    };
    // 10^17 · 11 < 2^64: no two IDs share a number.
    Some(number * 11 + check)
}

/// A kind's rows grouped by birth day: `order[starts[d]..starts[d + 1]]` are the rows
/// born on day `first_day + d`, in import order.
struct BirthBuckets<'a> {
    first_day: i32,
    starts: Vec<u32>,
    order: Vec<u32>,
    /// Per entry of `order`, the shape of that row's comparable name key.
    shapes: Vec<NameShape>,
    /// Birth texts that are not a stored date of [`BUCKETED_YEARS`]: their rows.
    other: FastMap<&'a str, SmallVec<[u32; 1]>>,
}

/// Births from 1800 to 2199 are bucketed by day (at most 146,000 offsets); any other
/// text stays in the map.
const BUCKETED_YEARS: std::ops::Range<i32> = 1800..2200;

impl<'a> BirthBuckets<'a> {
    fn new(rows: &[&'a ListRow<'a>]) -> BirthBuckets<'a> {
        let days: Vec<Option<i32>> = rows
            .iter()
            .map(|r| r.birth_date().and_then(day_number))
            .collect();
        let first_day = days.iter().flatten().copied().min().unwrap_or(0);
        let last_day = days.iter().flatten().copied().max().unwrap_or(first_day);
        let span = (last_day - first_day + 1) as usize;
        let slot = |day: Option<i32>| day.map(|d| (d - first_day) as usize);
        let mut starts = vec![0u32; span + 1];
        for day in &days {
            if let Some(s) = slot(*day) {
                starts[s + 1] += 1;
            }
        }
        for s in 0..span {
            starts[s + 1] += starts[s];
        }
        let mut filled = starts.clone();
        let mut order = vec![0u32; starts[span] as usize];
        let mut shapes = vec![NameShape::NOTHING; order.len()];
        let mut other: FastMap<&'a str, SmallVec<[u32; 1]>> = FastMap::default();
        for (at, (row, day)) in rows.iter().zip(&days).enumerate() {
            match slot(*day) {
                Some(s) => {
                    order[filled[s] as usize] = at as u32;
                    if let Some((name_key, _)) = row.name_birth() {
                        shapes[filled[s] as usize] = NameShape::of(name_key);
                    }
                    filled[s] += 1;
                }
                None => {
                    if let Some(birth) = row.birth_date() {
                        other.entry(birth).or_default().push(at as u32);
                    }
                }
            }
        }
        BirthBuckets {
            first_day,
            starts,
            order,
            shapes,
            other,
        }
    }

    /// The positions of the rows born on `birth` (for a bucketed day, every row of that
    /// day: the caller compares the text), with their name shapes beside them (`None`
    /// for a birth text that is not bucketed: compare every row).
    fn with_shapes(&self, birth: &str) -> (&[u32], Option<&[NameShape]>) {
        let Some(day) = day_number(birth) else {
            return (
                self.other.get(birth).map_or(&[], |rows| rows.as_slice()),
                None,
            );
        };
        let bucket = usize::try_from(day - self.first_day).ok().and_then(|d| {
            let end = *self.starts.get(d + 1)? as usize;
            let range = self.starts[d] as usize..end;
            Some((&self.order[range.clone()], Some(&self.shapes[range])))
        });
        bucket.unwrap_or((&[], None))
    }
}

/// A stored birth date (YYYY-MM-DD, in [`BUCKETED_YEARS`]) as a day number; `None` for
/// any other text.
fn day_number(birth: &str) -> Option<i32> {
    use chrono::Datelike;
    crate::dates::parse_stored_iso(birth)
        .filter(|d| birth.len() == 10 && BUCKETED_YEARS.contains(&d.year()))
        .map(|d| d.num_days_from_ce())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::row::OwnText;
    use crate::identity::IdStatus;

    fn row(id: Option<&'static str>, name: &'static str, birth: &'static str) -> ListRow<'static> {
        ListRow {
            own: OwnText::leaked([id, None, Some(name), Some(birth), None]),
            id_status: IdStatus::Valid,
            ..Default::default()
        }
    }

    #[test]
    fn ids_pack_one_to_one_and_others_stay_text() {
        assert_ne!(pack_id("44152119800501011X"), pack_id("441521198005010110"));
        assert_eq!(
            pack_id("441521198005010119"),
            Some(44152119800501011 * 11 + 9)
        );
        assert_eq!(pack_id("44152119800501011x"), None);
        assert_eq!(pack_id("H01234567"), None);
    }

    #[test]
    fn rows_come_back_in_import_order_by_id_name_and_birth() {
        let rows = [
            row(Some("441521198005010119"), "陈伟", "1980-05-01"),
            row(Some("H01234567"), "林晓明", "1980-05-01"),
            row(None, "陈伟", "1980-05-01"),
            row(Some("441521198005010119"), "陈玮", "1980-05-02"),
            row(Some("H01234567"), "林晓明", "未知"),
        ];
        let lookup = RowLookup::new(rows.iter().collect());
        let at = |found: &[&ListRow]| -> Vec<usize> {
            found
                .iter()
                .map(|f| rows.iter().position(|r| std::ptr::eq(r, *f)).unwrap())
                .collect()
        };
        assert_eq!(at(&lookup.with_id("441521198005010119")), [0, 3]);
        assert_eq!(at(&lookup.with_id("H01234567")), [1, 4]);
        assert!(lookup.with_id("441521198005010120").is_empty());
        // 陈玮 sounds as 陈伟 does; 林晓明 has three characters.
        let alike: Vec<_> = lookup.born_on_resembling("陈玮", "1980-05-01").collect();
        assert_eq!(at(&alike), [0, 2]);
        let alike: Vec<_> = lookup.born_on_resembling("林小明", "1980-05-01").collect();
        assert_eq!(at(&alike), [1]);
        let named: Vec<_> = lookup.with_name_birth(("陈伟", "1980-05-01")).collect();
        assert_eq!(at(&named), [0, 2]);
        // A birth text that is not a date is not bucketed: every row of it comes back.
        let odd: Vec<_> = lookup.born_on_resembling("陈伟", "未知").collect();
        assert_eq!(at(&odd), [4]);
        assert_eq!(lookup.born_on_resembling("陈玮", "1999-01-01").count(), 0);
    }

    #[test]
    fn a_birth_outside_the_bucketed_years_is_still_found() {
        let rows = [
            row(None, "甲", "1980-05-01"),
            row(None, "乙", "0001-01-01"),
            row(None, "丙", "1980-05-01"),
        ];
        let lookup = RowLookup::new(rows.iter().collect());
        assert_eq!(lookup.born_on_resembling("乙", "0001-01-01").count(), 1);
        // Not bucketed, so without shapes: still found by name and birth.
        assert_eq!(lookup.with_name_birth(("乙", "0001-01-01")).count(), 1);
        assert_eq!(lookup.with_name_birth(("甲", "0001-01-01")).count(), 0);
        let both = ["甲", "丙"].map(|n| lookup.with_name_birth((n, "1980-05-01")).count());
        assert_eq!(both, [1, 1]);
    }
}
