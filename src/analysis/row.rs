//! One list row as the rules see it, in compact form: the text of a county's two or three
//! million rows lives in one arena per analysis ([`bumpalo::Bump`], freed at once when the
//! analysis ends); a row's own text (ID, name, name key, birth date, phone) is one text
//! there with where each part ends ([`OwnText`]: 40 bytes a row, one allocation); text
//! repeated across rows (township, village, file, sheet) is shared ([`Text`]); the fields
//! only a birth, school, roster, welfare, death or exclusion row has are kept apart
//! ([`Detail`]), so the household and enrolment rows — nearly all of them — carry one
//! pointer for them instead of a dozen empty fields.

use std::ops::Deref;

pub use super::own_text::{OwnText, Part};
use crate::identity::IdStatus;
use crate::vocabulary::{EnrolStatus, Scheme};
use crate::ListKind;

/// Text shared by many rows (a township, a school, a file name), stored once in the
/// analysis' arena. One pointer wide (to the arena's one `&str` of that text, which holds
/// the length), so each of a row's shared fields costs 8 bytes, absent or not. A plain
/// reference: a row holds no reference count, so copying one costs nothing and the
/// county's rows are dropped without visiting them. Compared, ordered and hashed as its
/// text.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text<'a>(&'a &'a str);

impl<'a> Text<'a> {
    /// `value` copied into `arena`, to be shared.
    pub fn new_in(arena: &'a bumpalo::Bump, value: &str) -> Text<'a> {
        Text(arena.alloc(&*arena.alloc_str(value)))
    }

    /// Where the shared text lives: the same for every copy of one shared text, so a
    /// count per text can be kept without comparing the text itself. Two shared texts of
    /// the same value may still live apart (one interned, one written by the rules).
    pub fn address(self) -> usize {
        std::ptr::from_ref::<&str>(self.0) as usize
    }

    /// A text that lives as long as the program (a placeholder the rules write).
    pub const fn of_static(value: &'static &'static str) -> Text<'static> {
        Text(value)
    }
}

impl Default for Text<'_> {
    fn default() -> Self {
        Text(&"")
    }
}

impl Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.0
    }
}

impl std::borrow::Borrow<str> for Text<'_> {
    fn borrow(&self) -> &str {
        self.0
    }
}

impl std::fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(*self.0, f)
    }
}

impl std::fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

/// For tests, which build rows without an arena: the text is kept for the rest of the
/// test run.
#[cfg(test)]
impl From<&str> for Text<'static> {
    fn from(value: &str) -> Self {
        Text(Box::leak(Box::new(&*Box::leak(value.into()))))
    }
}

/// The years an enrolment row's contribution period starts and ends in, when the
/// register gives a period (either end may be open or unreadable).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PeriodYears {
    pub start: Option<i32>,
    pub end: Option<i32>,
}

impl PeriodYears {
    /// The years of a period given as ISO dates; `None` when neither end is given.
    pub fn of(start: Option<&str>, end: Option<&str>) -> Option<PeriodYears> {
        if start.is_none() && end.is_none() {
            return None;
        }
        let year_of = |d: &str| d.get(..4).and_then(|y| y.parse::<i32>().ok());
        Some(PeriodYears {
            start: start.and_then(year_of),
            end: end.and_then(year_of),
        })
    }
}

/// What only some list kinds give: a newborn's certificate and mother, a student's
/// school and class, a worker's agency and start date, a welfare category, an
/// exclusion's reason and year, a death's date. Kept in the arena, one per row that has
/// any of them; every other row points at nothing and reads [`Detail::NONE`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Detail<'a> {
    pub birth_cert_number: Option<&'a str>,
    pub mother_id_number: Option<&'a str>,
    pub school: Option<&'a str>,
    pub grade: Option<&'a str>,
    pub class_name: Option<&'a str>,
    pub agency: Option<&'a str>,
    pub client_company: Option<&'a str>,
    /// A roster's 入职日期, YYYY-MM-DD.
    pub start_date: Option<&'a str>,
    pub welfare_category: Option<&'a str>,
    pub exclusion_reason: Option<&'a str>,
    /// A death list's date of death, YYYY-MM-DD.
    pub death_date: Option<&'a str>,
    /// The year of the list's own date (an exclusion holds for that coverage year).
    pub list_year: Option<i32>,
}

impl Detail<'static> {
    /// A row without any kind-specific field.
    pub const NONE: Detail<'static> = Detail {
        birth_cert_number: None,
        mother_id_number: None,
        school: None,
        grade: None,
        class_name: None,
        agency: None,
        client_company: None,
        start_date: None,
        welfare_category: None,
        exclusion_reason: None,
        death_date: None,
        list_year: None,
    };
}

impl Detail<'_> {
    pub fn is_empty(&self) -> bool {
        *self == Detail::NONE
    }
}

/// One imported row, of any list kind, with what the rules need and nothing more. Its
/// own text borrows the analysis' arena (`'a`); see the module overview.
#[derive(Debug, Clone, Default)]
pub struct ListRow<'a> {
    pub kind: Option<ListKind>,
    pub id_status: IdStatus,
    pub name_has_placeholder: bool,
    pub deceased: bool,
    /// The 资助类别 names a category (not 无/否/非资助/不享受/empty).
    pub subsidised: bool,
    pub scheme: Option<Scheme>,
    pub enrol_status: Option<EnrolStatus>,
    pub row_number: u32,
    pub year: Option<i32>,
    /// The contribution period's years, when the register gives a period.
    pub period: Option<PeriodYears>,
    /// Its ID, name, name key, birth date and phone, read with the methods of those names.
    pub own: OwnText<'a>,
    pub sex: Option<Text<'a>>,
    pub township: Option<Text<'a>>,
    pub village: Option<Text<'a>>,
    pub file: Text<'a>,
    pub sheet: Text<'a>,
    /// The kind-specific fields, when the row has any.
    pub detail: Option<&'a Detail<'a>>,
}

impl<'a> ListRow<'a> {
    pub fn id_number(&self) -> Option<&'a str> {
        self.own.get(Part::IdNumber)
    }

    pub fn name(&self) -> Option<&'a str> {
        self.own.get(Part::Name)
    }

    pub fn name_key(&self) -> Option<&'a str> {
        self.own.get(Part::NameKey)
    }

    pub fn birth_date(&self) -> Option<&'a str> {
        self.own.get(Part::BirthDate)
    }

    pub fn phone(&self) -> Option<&'a str> {
        self.own.get(Part::Phone)
    }

    /// For tests: sets one part of the row's own text.
    #[cfg(test)]
    pub fn set(&mut self, part: Part, value: Option<&str>) {
        self.own = self.own.with(part, value);
    }

    pub fn kind(&self) -> ListKind {
        self.kind.expect("rows are loaded with their kind")
    }

    /// The kind-specific fields ([`Detail::NONE`] when the row has none).
    pub fn detail(&self) -> &Detail<'a> {
        self.detail.unwrap_or(&Detail::NONE)
    }

    /// True when this enrolment row covers calendar year `year`. A row with neither a year
    /// nor a period is read as the register's current state: it covers the coverage year only.
    pub fn covers(&self, year: i32, coverage_year: i32) -> bool {
        match (self.year, self.period) {
            (Some(y), _) => y == year,
            (None, None) => year == coverage_year,
            (None, Some(period)) => {
                period.start.is_none_or(|s| s <= year) && period.end.is_none_or(|e| e >= year)
            }
        }
    }

    /// True for an enrolment row with status 参保缴费 covering `year`.
    pub fn is_active_in(&self, year: i32, coverage_year: i32) -> bool {
        self.enrol_status == Some(EnrolStatus::Active) && self.covers(year, coverage_year)
    }

    /// The name key and birth date, when both are known and the name is comparable.
    pub fn name_birth(&self) -> Option<(&'a str, &'a str)> {
        if self.name_has_placeholder {
            return None;
        }
        Some((self.name_key()?, self.birth_date()?))
    }

    pub fn source(&self) -> super::SourceRow {
        super::SourceRow {
            kind: self.kind(),
            file: self.file.to_string(),
            sheet: self.sheet.to_string(),
            row: self.row_number,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(year: Option<i32>, start: Option<&str>, end: Option<&str>) -> ListRow<'static> {
        ListRow {
            enrol_status: Some(EnrolStatus::Active),
            year,
            period: PeriodYears::of(start, end),
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

    #[test]
    fn a_row_is_at_most_128_bytes() {
        // A county's analysis holds 2.3M of them at once (it was 168 bytes).
        assert!(
            std::mem::size_of::<ListRow<'_>>() <= 128,
            "{}",
            std::mem::size_of::<ListRow<'_>>()
        );
    }

    #[test]
    fn a_row_without_detail_reads_as_none() {
        let r = row(None, None, None);
        assert!(r.detail().is_empty());
        let detail = Detail {
            school: Some("海城一中"),
            ..Default::default()
        };
        let student = ListRow {
            detail: Some(&detail),
            ..Default::default()
        };
        assert_eq!(student.detail().school, Some("海城一中"));
        assert!(!student.detail().is_empty());
    }
}
