//! Finding a person's rows in the other lists (enrolment, death, exclusion), in tiers,
//! strongest first: the same ID → the same ID after a 15-digit upgrade → name and birth
//! date (and sex) where one side lacks a usable ID. A different usable ID on both sides
//! always means two people. Similar names with the same birth date are only *possible*
//! matches, returned separately for review; they never count as a match by themselves.
//!
//! The rules it implements are written down in docs/rules.md, "Matching tiers".

use smallvec::SmallVec;

use super::fuzzy::similarity;
use super::load::ListRow;
use super::lookup::RowLookup;
use super::people::Person;
use super::review::Resemblance;
use super::MatchTier;
use crate::identity::IdStatus;
use crate::ListKind;

/// The rows of one list kind, indexed for matching (see [`RowLookup`]).
pub struct Index<'a> {
    lookup: RowLookup<'a>,
}

/// The rows found for a person and how.
#[derive(Debug, Clone)]
pub struct Found<'a> {
    pub tier: MatchTier,
    /// Mostly one or two register rows: inline, no allocation per person.
    pub rows: SmallVec<[&'a ListRow<'a>; 2]>,
}

/// A row that may be the person's: same birth date, a similar name.
#[derive(Debug, Clone)]
pub struct Possible<'a> {
    pub row: &'a ListRow<'a>,
    pub why: Resemblance,
}

impl<'a> Index<'a> {
    pub fn of_kind(rows: &'a [ListRow<'a>], kind: ListKind) -> Index<'a> {
        let of_kind = rows.iter().filter(|r| r.kind == Some(kind)).collect();
        Index {
            lookup: RowLookup::new(of_kind),
        }
    }

    /// The person's rows in this list, by the strongest tier that finds any.
    pub fn find(&self, person: &Person<'a>) -> Found<'a> {
        // No such list imported (no exclusions, say): nothing to look up for anyone.
        if self.lookup.is_empty() {
            return Found {
                tier: MatchTier::None,
                rows: SmallVec::new(),
            };
        }
        if let Some(id) = person.id_number() {
            let rows = self.lookup.with_id(id);
            if !rows.is_empty() {
                let repaired = person
                    .rows
                    .iter()
                    .chain(&rows)
                    .any(|r| r.id_status == IdStatus::UpgradedLegacy);
                let tier = if repaired {
                    MatchTier::IdRepaired
                } else {
                    MatchTier::IdExact
                };
                return Found { tier, rows };
            }
        }
        let sex = person.first(|r| r.sex.as_deref());
        let mut rows: SmallVec<[&'a ListRow<'a>; 2]> = SmallVec::new();
        for pair in person.name_births() {
            for row in self.lookup.with_name_birth(pair) {
                if same_person_by_name_birth(person, sex, row)
                    && !rows.iter().any(|r| std::ptr::eq(*r, row))
                {
                    rows.push(row);
                }
            }
        }
        // Two different IDs behind one name and birth date: which is this person's is a
        // question for a person, not a match (see [`Index::possible`]).
        if ambiguous(&rows) {
            rows.clear();
        }
        let tier = if rows.is_empty() {
            MatchTier::None
        } else {
            MatchTier::NameBirth
        };
        Found { tier, rows }
    }

    /// Rows that may be the person's but are not a match [`Index::find`] can vouch for:
    /// a similar name (homophone, one character) with the same birth date; the same name
    /// and birth date with a different sex, with several different IDs, with an ID one
    /// digit off, or with an ID failing its check digit on one side. Candidates for a
    /// person to review; never counted as enrolled by themselves.
    pub fn possible(&self, person: &Person<'a>) -> Vec<Possible<'a>> {
        let sex = person.first(|r| r.sex.as_deref());
        let mut out: Vec<Possible<'a>> = Vec::new();
        let mut add = |row: &'a ListRow<'a>, why: Resemblance| {
            if !out.iter().any(|p| std::ptr::eq(p.row, row)) {
                out.push(Possible { row, why });
            }
        };
        for pair in person.name_births() {
            let same: Vec<&'a ListRow<'a>> = self.lookup.with_name_birth(pair).collect();
            let vouched: Vec<&'a ListRow<'a>> = same
                .iter()
                .copied()
                .filter(|r| same_person_by_name_birth(person, sex, r))
                .collect();
            for &row in &same {
                if let Some(why) = near_miss(person, sex, row) {
                    add(row, why);
                } else if ambiguous(&vouched) && vouched.iter().any(|v| std::ptr::eq(*v, row)) {
                    add(row, Resemblance::SeveralIds);
                }
            }
        }
        for (name, birth) in person.name_births() {
            for row in self.lookup.born_on_resembling(name, birth) {
                let Some(other) = row.name_key().filter(|_| !row.name_has_placeholder) else {
                    continue;
                };
                let Some(why) = similarity(name, other) else {
                    continue;
                };
                if compatible(person.id_number(), sex, row) {
                    add(row, why);
                }
            }
        }
        out
    }
}

/// True when a row with the person's name and birth date is theirs for certain: no
/// usable ID on one side differs, the sexes agree, and neither side's ID failed its
/// check digit (one digit may be miscopied: that is for review).
fn same_person_by_name_birth(person: &Person<'_>, sex: Option<&str>, row: &ListRow) -> bool {
    compatible(person.id_number(), sex, row) && !checksum_failed(person, row)
}

fn checksum_failed(person: &Person<'_>, row: &ListRow) -> bool {
    let person_failed = person.id_number().is_none()
        && person
            .rows
            .iter()
            .any(|r| r.id_status == IdStatus::BadChecksum);
    let row_failed = row.id_status == IdStatus::BadChecksum;
    (person_failed && row.id_number().is_some()) || (row_failed && person.id_number().is_some())
}

/// Why a row with the person's name and birth date is only possibly theirs, if it is.
fn near_miss(person: &Person<'_>, sex: Option<&str>, row: &ListRow) -> Option<Resemblance> {
    if matches!((sex, row.sex.as_deref()), (Some(a), Some(b)) if a != b) {
        return Some(Resemblance::SexDiffers);
    }
    if checksum_failed(person, row) {
        return Some(Resemblance::CheckDigit);
    }
    match (person.id_number(), row.id_number()) {
        (Some(a), Some(b)) if a != b && one_digit_apart(a, b) => Some(Resemblance::OneDigit),
        _ => None,
    }
}

/// True when two 18-character IDs differ in exactly one of their first 17 digits (the
/// check digit then differs too: it follows from them).
fn one_digit_apart(a: &str, b: &str) -> bool {
    a.len() == 18
        && b.len() == 18
        && a.bytes()
            .zip(b.bytes())
            .take(17)
            .filter(|(x, y)| x != y)
            .count()
            == 1
}

/// True when the rows carry more than one distinct usable ID.
fn ambiguous(rows: &[&ListRow]) -> bool {
    let mut ids = rows.iter().filter_map(|r| r.id_number());
    let Some(first) = ids.next() else {
        return false;
    };
    ids.any(|id| id != first)
}

/// A row may be the person's unless both carry usable IDs that differ, or sexes differ.
fn compatible(person_id: Option<&str>, person_sex: Option<&str>, row: &ListRow) -> bool {
    let ids_differ = matches!((person_id, row.id_number()), (Some(a), Some(b)) if a != b);
    let sexes_differ = matches!((person_sex, row.sex.as_deref()), (Some(a), Some(b)) if a != b);
    !ids_differ && !sexes_differ
}

#[cfg(test)]
mod properties {
    //! The tier logic's promises, over generated people and registers.

    use std::collections::{HashMap, HashSet};

    use proptest::prelude::*;

    use crate::analysis::row::{OwnText, Part};

    use super::super::load::ListRow;
    use super::super::people::group_people;
    use super::super::rules::{apply, Context};
    use super::*;
    use crate::settings::Settings;

    const NAMES: [&str; 8] = [
        "陈伟",
        "陈玮",
        "林晓明",
        "林小明",
        "黄国强",
        "黄国祥",
        "李娜",
        "李娜娜",
    ];
    const BIRTHS: [&str; 3] = ["1980-01-01", "1980-01-02", "1990-05-05"];
    const IDS: [&str; 3] = [
        "11010519491231002X",
        "441521198005010119",
        "441521199207150229",
    ];

    fn row(kind: ListKind, name: usize, birth: usize, id: Option<usize>) -> ListRow<'static> {
        ListRow {
            kind: Some(kind),
            own: OwnText::leaked([
                id.map(|i| IDS[i]),
                Some(NAMES[name]),
                Some(NAMES[name]),
                Some(BIRTHS[birth]),
                None,
            ]),
            id_status: if id.is_some() {
                IdStatus::Valid
            } else {
                IdStatus::Missing
            },
            township: Some("海城镇".into()),
            enrol_status: (kind == ListKind::Enrolment)
                .then_some(crate::vocabulary::EnrolStatus::Active),
            year: (kind == ListKind::Enrolment).then_some(2026),
            file: "x.xlsx".into(),
            sheet: "Sheet1".into(),
            row_number: 2,
            ..Default::default()
        }
    }

    /// The rules on `rows` as of 2026-06-30, with no decisions, outcomes or earlier run.
    fn apply_without_history(
        rows: &[ListRow],
    ) -> (Vec<crate::analysis::Gap>, super::super::rules::Outcome) {
        let settings = Settings::default();
        let (decisions, settled, before) = (HashMap::new(), HashMap::new(), HashSet::new());
        let ctx = Context {
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
            coverage_year: 2026,
            settings: &settings,
            decisions: &decisions,
            settled: &settled,
            previously_flagged: &before,
        };
        apply(rows, &ctx)
    }

    fn spec() -> impl Strategy<Value = (usize, usize, Option<usize>)> {
        (
            0..NAMES.len(),
            0..BIRTHS.len(),
            proptest::option::of(0..IDS.len()),
        )
    }

    proptest! {
        /// When a register row carries the person's ID, the match is by ID and holds only
        /// rows with that ID, whatever the names and birth dates of the others.
        #[test]
        fn an_id_match_always_beats_a_name_match(
            person in (0..NAMES.len(), 0..BIRTHS.len(), 0..IDS.len()),
            others in proptest::collection::vec(spec(), 0..6),
            same_id_name in 0..NAMES.len(),
        ) {
            let mut rows = vec![row(ListKind::Household, person.0, person.1, Some(person.2))];
            rows.push(row(ListKind::Enrolment, same_id_name, person.1, Some(person.2)));
            rows.extend(others.iter().map(|o| row(ListKind::Enrolment, o.0, o.1, o.2)));
            let arena = bumpalo::Bump::new();
            let people = group_people(&rows, &arena);
            let index = Index::of_kind(&rows, ListKind::Enrolment);
            let found = index.find(&people[0]);
            prop_assert_eq!(found.tier, MatchTier::IdExact);
            prop_assert!(found.rows.iter().all(|r| r.id_number() == Some(IDS[person.2])));
        }

        /// A register holding only near misses of the person (the same name and birth date
        /// with an ID one digit off, an ID failing its check digit, or several different
        /// IDs) never makes the person enrolled without a decision.
        #[test]
        fn a_near_id_or_ambiguous_match_never_closes_a_gap(
            person in (0..NAMES.len(), 0..BIRTHS.len(), 0..IDS.len()),
            kinds in proptest::collection::vec(0..3usize, 1..4),
        ) {
            let mut household = row(ListKind::Household, person.0, person.1, Some(person.2));
            let own: &str = IDS[person.2];
            let mut rows = Vec::new();
            for (n, kind) in kinds.iter().enumerate() {
                let mut r = row(ListKind::Enrolment, person.0, person.1, None);
                match kind {
                    0 => {
                        // One of the first 17 digits changed (the check digit no longer
                        // matters: the engine compares normalised IDs as given).
                        let mut id: Vec<u8> = own.as_bytes().to_vec();
                        id[14] = if id[14] == b'9' { b'0' + n as u8 } else { b'9' };
                        r.set(Part::IdNumber, Some(&String::from_utf8(id).unwrap()));
                        r.id_status = IdStatus::Valid;
                    }
                    1 => r.id_status = IdStatus::BadChecksum,
                    _ => {
                        household.set(Part::IdNumber, None);
                        household.id_status = IdStatus::LostPrecision;
                        r.set(Part::IdNumber, Some(IDS[(person.2 + 1 + n % 2) % IDS.len()]));
                        r.id_status = IdStatus::Valid;
                    }
                }
                rows.push(r);
            }
            // Several IDs only when the person has none: otherwise add a second one.
            if household.id_number().is_none() && rows.iter().filter_map(|r| r.id_number()).collect::<HashSet<_>>().len() < 2 {
                let mut r = row(ListKind::Enrolment, person.0, person.1, None);
                let taken: HashSet<&str> = rows.iter().filter_map(|r| r.id_number()).collect();
                let free = IDS.iter().find(|i| !taken.contains(**i)).copied();
                r.set(Part::IdNumber, free);
                rows.push(r);
            }
            rows.insert(0, household);
            let (_, outcome) = apply_without_history(&rows);
            let enrolled: u32 = outcome.coverage.values().map(|t| t.enrolled).sum();
            prop_assert_eq!(enrolled, 0);
        }

        /// A person whose only candidates have other names is never counted as enrolled
        /// without a decision: they are a gap or wait for review.
        #[test]
        fn a_fuzzy_match_never_closes_a_gap_by_itself(
            person in (0..NAMES.len(), 0..BIRTHS.len()),
            others in proptest::collection::vec(spec(), 1..6),
        ) {
            let mut rows = vec![row(ListKind::Household, person.0, person.1, None)];
            rows.extend(
                others.iter().filter(|o| NAMES[o.0] != NAMES[person.0]).map(|o| row(ListKind::Enrolment, o.0, o.1, o.2)),
            );
            let (gaps, outcome) = apply_without_history(&rows);
            let enrolled: u32 = outcome.coverage.values().map(|t| t.enrolled).sum();
            prop_assert_eq!(enrolled, 0);
            prop_assert_eq!(gaps.len() + usize::from(!outcome.review.is_empty()), 1);
        }
    }
}
