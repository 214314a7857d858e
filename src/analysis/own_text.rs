//! The text only one list row has (its ID, name, name key, birth date and phone), kept
//! as one text in the analysis' arena with where each part ends.
//!
//! A county's analysis holds two to three million rows at once, and their size is most
//! of its memory and, on a machine where fresh memory is slow to come by, much of its
//! time. Five separate `Option<&str>` cost 80 bytes a row; one `&str` with four ends
//! and a byte saying which parts are given costs 40, and one arena allocation a row
//! instead of up to five.

use bumpalo::Bump;

/// One part of a row's own text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    IdNumber = 0,
    Name = 1,
    /// The name as compared (spaces and the like taken out): mostly the name itself,
    /// and then not stored twice.
    NameKey = 2,
    BirthDate = 3,
    Phone = 4,
}

impl Part {
    const ALL: [Part; PARTS] = [
        Part::IdNumber,
        Part::Name,
        Part::NameKey,
        Part::BirthDate,
        Part::Phone,
    ];

    fn given_bit(self) -> u8 {
        1 << self as u8
    }
}

const PARTS: usize = 5;

/// Set in [`OwnText::given`] when the name key is the name: the key's part is empty and
/// the name is read in its place.
const KEY_IS_NAME: u8 = 1 << PARTS;

/// A row's own text. Copied for nothing (a reference and a few numbers); read a part at
/// a time with [`OwnText::get`], `None` for a part the row does not give.
#[derive(Debug, Clone, Copy, Default)]
pub struct OwnText<'a> {
    /// The given parts, one after another.
    text: &'a str,
    /// Where each part but the last ends in `text` (the last ends where it does).
    ends: [u32; PARTS - 1],
    /// Which parts are given, a bit per [`Part`], and [`KEY_IS_NAME`].
    given: u8,
}

impl<'a> OwnText<'a> {
    /// The parts, in [`Part`] order, copied into `arena` as one text.
    pub fn new_in(arena: &'a Bump, parts: [Option<&str>; PARTS]) -> OwnText<'a> {
        let key_is_name = parts[Part::Name as usize].is_some()
            && parts[Part::NameKey as usize] == parts[Part::Name as usize];
        let stored = |part: Part| {
            if part == Part::NameKey && key_is_name {
                ""
            } else {
                parts[part as usize].unwrap_or_default()
            }
        };
        let total: usize = Part::ALL.iter().map(|&p| stored(p).len()).sum();
        let mut text = bumpalo::collections::String::with_capacity_in(total, arena);
        let mut ends = [0; PARTS - 1];
        let mut given = if key_is_name { KEY_IS_NAME } else { 0 };
        for part in Part::ALL {
            text.push_str(stored(part));
            if let Some(end) = ends.get_mut(part as usize) {
                // A row's text comes from one chunk of rows, which is under 4 GB
                // (`raw_rows`): its ends fit.
                *end = u32::try_from(text.len()).expect("a row's own text is under 4 GB");
            }
            if parts[part as usize].is_some() {
                given |= part.given_bit();
            }
        }
        OwnText {
            text: text.into_bump_str(),
            ends,
            given,
        }
    }

    /// The part, for as long as the arena lives; `None` when the row does not give it.
    pub fn get(&self, part: Part) -> Option<&'a str> {
        if self.given & part.given_bit() == 0 {
            return None;
        }
        if part == Part::NameKey && self.given & KEY_IS_NAME != 0 {
            return self.get(Part::Name);
        }
        let i = part as usize;
        let start = i
            .checked_sub(1)
            .map_or(0, |before| self.ends[before] as usize);
        let end = self
            .ends
            .get(i)
            .map_or(self.text.len(), |&end| end as usize);
        // Always there: the ends were taken at the parts' own boundaries.
        self.text.get(start..end)
    }

    /// For tests, which build rows without an arena: the parts are kept for the rest
    /// of the test run.
    #[cfg(test)]
    pub fn leaked(parts: [Option<&str>; PARTS]) -> OwnText<'static> {
        OwnText::new_in(Box::leak(Box::new(Bump::new())), parts)
    }

    /// For tests: the same text with `part` set to `value`.
    #[cfg(test)]
    pub fn with(&self, part: Part, value: Option<&str>) -> OwnText<'static> {
        let mut parts = Part::ALL.map(|p| self.get(p));
        parts[part as usize] = value;
        OwnText::leaked(parts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_reads_back_as_given_and_a_missing_one_as_none() {
        let arena = Bump::new();
        let parts = [
            Some("44152119800501011X"),
            Some("陈 国强"),
            Some("陈国强"),
            None,
            Some(""),
        ];
        let own = OwnText::new_in(&arena, parts);
        assert_eq!(Part::ALL.map(|p| own.get(p)), parts);
        assert_eq!(OwnText::default().get(Part::Name), None);
    }

    #[test]
    fn a_name_key_equal_to_the_name_is_stored_once() {
        let arena = Bump::new();
        let own = OwnText::new_in(&arena, [None, Some("陈国强"), Some("陈国强"), None, None]);
        assert_eq!(own.get(Part::NameKey), Some("陈国强"));
        assert_eq!(own.text.len(), "陈国强".len());
        let no_name = OwnText::new_in(&arena, [None, None, Some("陈国强"), None, None]);
        assert_eq!(no_name.get(Part::Name), None);
        assert_eq!(no_name.get(Part::NameKey), Some("陈国强"));
    }

    #[test]
    fn a_row_costs_its_text_once_and_forty_bytes() {
        assert_eq!(std::mem::size_of::<OwnText<'_>>(), 40);
    }
}
