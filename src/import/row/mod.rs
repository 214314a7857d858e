//! Turns one data row into a normalised person row plus the problems found in it.
//!
//! The rules it implements are written down in docs/rules.md, "Rows that are not compared".

use super::cell::Cell;
use super::header::Header;
use super::non_data_rows::{is_footer_row, is_totals_row};
use super::roles::Role;
use chrono::Datelike;
pub use layout::Layout;

use crate::dates::iso;
use crate::identity::{has_placeholder, name_key, IdNumber, IdStatus};
use crate::phone::normalise_phone;
use crate::quality::FindingText;
use crate::vocabulary::{EnrolStatus, PersonStatus, Scheme, Sex, Subsidy};
use crate::ListKind;

/// A person row ready to store: the normal forms beside the original cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonRow {
    /// The cells as read, in [`super::original`]'s compact form.
    pub original: String,
    /// The ID as written after harmless folding, when it differs from `id_number` (or
    /// there is none): `id_number` is the ID as written otherwise.
    pub id_raw: Option<String>,
    pub id_number: Option<String>,
    pub id_status: IdStatus,
    pub name: Option<String>,
    pub name_key: Option<String>,
    pub name_has_placeholder: bool,
    pub birth_date: Option<String>,
    pub sex: Option<Sex>,
    pub township: Option<String>,
    pub village: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub deceased: bool,
    /// 迁出, 退出, 离职 … as the row says.
    pub person_status: Option<PersonStatus>,
    pub leave_date: Option<String>,
    pub scheme: Option<Scheme>,
    pub enrol_status: Option<EnrolStatus>,
    pub year: Option<i32>,
    pub period_start: Option<String>,
    pub period_end: Option<String>,
    pub employer: Option<String>,
    pub subsidy: Option<String>,
    pub birth_cert_number: Option<String>,
    pub mother_name: Option<String>,
    pub mother_id_number: Option<String>,
    pub father_name: Option<String>,
    pub father_id_number: Option<String>,
    pub school: Option<String>,
    pub grade: Option<String>,
    pub class_name: Option<String>,
    pub student_number: Option<String>,
    pub agency: Option<String>,
    pub client_company: Option<String>,
    pub start_date: Option<String>,
    pub welfare_category: Option<String>,
    pub household_head: Option<String>,
    pub death_date: Option<String>,
    pub exclusion_reason: Option<String>,
}

/// A problem in one cell of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub column: String,
    pub code: &'static str,
    /// In Chinese.
    pub message: String,
    pub message_en: String,
}

impl Problem {
    fn new(column: String, finding: FindingText) -> Problem {
        let text = finding.text();
        Problem {
            column,
            code: finding.code(),
            message: text.zh,
            message_en: text.en,
        }
    }
}

/// What a data row turned out to be.
pub enum RowOutcome {
    /// A person, possibly with problems.
    Person(Box<PersonRow>, Vec<Problem>),
    /// A row that is not a person: blank, a repeated header, a totals or footer line.
    NotAPerson,
    /// A row with data but nothing that identifies a person: reported, not stored.
    Unidentifiable(Problem),
}

/// Reads the cells of one row by role.
struct RowCells<'a> {
    row: &'a [Cell],
    header: &'a Header,
}

impl<'a> RowCells<'a> {
    fn cell(&self, role: Role) -> &'a Cell {
        self.header
            .column(role)
            .and_then(|c| self.row.get(c))
            .unwrap_or(&Cell::Empty)
    }
    fn text(&self, role: Role) -> Option<String> {
        self.cell(role).text()
    }
    fn date(&self, role: Role) -> Option<String> {
        self.cell(role).date().map(iso)
    }
    fn title(&self, role: Role) -> String {
        self.header.title(role).unwrap_or_default().to_string()
    }
    fn id(&self, role: Role) -> IdNumber {
        match self.cell(role) {
            Cell::Number(n) => IdNumber::from_number(*n),
            other => IdNumber::parse(&other.display()),
        }
    }
}

/// Classifies and normalises one row under `header`. `default_year` is the contribution
/// year of a register sheet without a year column (from its sheet name, title or file).
pub fn normalise_row(
    row: &[Cell],
    header: &Header,
    kind: ListKind,
    default_year: Option<i32>,
) -> RowOutcome {
    normalise_in(row, &Layout::of(header), kind, default_year)
}

/// [`normalise_row`] with the sheet's [`Layout`] worked out already: for every row of a
/// sheet being stored.
pub fn normalise_in(
    row: &[Cell],
    layout: &Layout<'_>,
    kind: ListKind,
    default_year: Option<i32>,
) -> RowOutcome {
    let header = layout.header();
    if row.iter().all(Cell::is_blank)
        || layout.is_repeated_in(row)
        || is_totals_row(row)
        || is_footer_row(row)
    {
        return RowOutcome::NotAPerson;
    }
    let cells = RowCells { row, header };
    let id = cells.id(Role::IdNumber);
    let name = cells.text(Role::Name);
    let birth_cert_number = cells.text(Role::BirthCertNumber);
    let mother_id = cells.id(Role::MotherId);
    let identifiable = name.is_some()
        || id.status != IdStatus::Missing
        || birth_cert_number.is_some()
        || (!kind.requires_id_column() && mother_id.status != IdStatus::Missing);
    if !identifiable {
        let filled = row.iter().filter(|c| !c.is_blank()).count();
        // One or two cells are a footer note ("制表人：…"); more look like a person's data.
        return if filled >= 3 {
            RowOutcome::Unidentifiable(Problem::new(
                cells.title(Role::Name),
                FindingText::NoNameOrId,
            ))
        } else {
            RowOutcome::NotAPerson
        };
    }

    let mut problems = Vec::new();
    // Bytes the file's encoding could not carry (a broken sequence in a UTF-8 CSV) were
    // replaced with U+FFFD when read: said once per cell, never silently.
    for (col, cell) in row.iter().enumerate() {
        if matches!(cell, Cell::Text(t) if t.contains('\u{FFFD}')) {
            problems.push(Problem::new(
                header.titles.get(&col).cloned().unwrap_or_default(),
                FindingText::TextReplaced,
            ));
        }
    }
    let mut problem = |role: Role, finding: FindingText| {
        problems.push(Problem::new(cells.title(role), finding));
    };
    // Newborns usually have no ID yet: a missing ID on a birth list is normal.
    let id_expected = kind.requires_id_column() || id.status != IdStatus::Missing;
    if id_expected && id.status.problem_message().is_some() {
        problem(Role::IdNumber, FindingText::IdUnusable(id.status));
    }
    // Without a usable ID the name needs a birth date to be compared at all.
    // 出生年月 "2010-03" / "2010年3月" names a month, not the 1st of it: compared by year
    // and month only, and never used as a day for matching.
    // A column headed 出生年月 holds months even when Excel stored a date cell.
    let birth_month_only = layout.month_column()
        || matches!(cells.cell(Role::BirthDate), Cell::Text(t) if crate::dates::is_year_month(t));
    let written_month = cells
        .cell(Role::BirthDate)
        .date()
        .filter(|_| birth_month_only);
    let written_birth = cells
        .cell(Role::BirthDate)
        .date()
        .filter(|_| !birth_month_only);
    let pairable = name.as_deref().is_some_and(|n| !has_placeholder(n)) && written_birth.is_some();
    let other_key = birth_cert_number.is_some()
        || (!kind.requires_id_column() && mother_id.normalised.is_some());
    if !id.status.is_usable() && !pairable && !other_key {
        problem(Role::IdNumber, FindingText::Unidentifiable);
    }
    if mother_id.status.problem_message().is_some() && mother_id.status != IdStatus::Missing {
        problem(
            Role::MotherId,
            FindingText::MotherIdUnusable(mother_id.status),
        );
    }
    match &name {
        None if kind.requires_id_column() => problem(Role::Name, FindingText::NameMissing),
        Some(n) if has_placeholder(n) => problem(Role::Name, FindingText::NameHasPlaceholder),
        _ => {}
    }

    if written_birth.is_none() && written_month.is_none() && !cells.cell(Role::BirthDate).is_blank()
    {
        problem(Role::BirthDate, FindingText::BirthDateUnreadable);
    }
    if let (Some(month), Some(from_id)) = (written_month, id.birth_date()) {
        if (month.year(), month.month()) != (from_id.year(), from_id.month()) {
            problem(Role::BirthDate, FindingText::BirthMonthContradictsId);
        }
    }
    if let (Some(written), Some(from_id)) = (written_birth, id.birth_date()) {
        if written != from_id {
            problem(Role::BirthDate, FindingText::BirthDateContradictsId);
        }
    }
    let written_sex = cells.text(Role::Sex);
    let parsed_sex = written_sex.as_deref().and_then(Sex::parse);
    if let (Some(written), None) = (&written_sex, parsed_sex) {
        // Never guessed: the ID's 17th digit still gives the sex where there is an ID.
        problem(Role::Sex, FindingText::SexUnknown(written.clone()));
    }
    if let (Some(written), Some(from_id)) = (parsed_sex, id.sex()) {
        if written != from_id {
            problem(Role::Sex, FindingText::SexContradictsId);
        }
    }
    let phone_text = cells.text(Role::Phone);
    let phone = phone_text.as_deref().and_then(normalise_phone);
    if phone_text.is_some() && phone.is_none() {
        problem(Role::Phone, FindingText::PhoneInvalid);
    }
    for role in [Role::StartDate, Role::DeathDate, Role::LeaveDate] {
        if cells.date(role).is_none() && !cells.cell(role).is_blank() {
            problem(role, FindingText::DateUnreadable);
        }
    }

    let status_role = if kind == ListKind::Enrolment {
        Role::EnrolStatus
    } else {
        Role::PersonStatus
    };
    let status_text = cells.text(status_role).or_else(|| cells.text(Role::Status));
    let has_status_column = header
        .column(status_role)
        .or(header.column(Role::Status))
        .is_some();
    let status_title = if header.column(status_role).is_some() {
        cells.title(status_role)
    } else {
        cells.title(Role::Status)
    };
    let father_id = cells.id(Role::FatherId);
    let enrol_status = (kind == ListKind::Enrolment).then(|| match status_text.as_deref() {
        Some(s) => EnrolStatus::parse(s).unwrap_or_else(|| {
            problems.push(Problem::new(
                status_title.clone(),
                FindingText::StatusUnknown(s.to_string()),
            ));
            EnrolStatus::Other
        }),
        // A register without a status column lists people who are enrolled.
        None if !has_status_column => EnrolStatus::Active,
        None => EnrolStatus::Other,
    });
    let person_status = match (kind, status_text.as_deref()) {
        (ListKind::Enrolment, _) | (_, None) => None,
        (_, Some(s)) => PersonStatus::parse(s),
    };
    let scheme_text = cells.text(Role::Scheme);
    let scheme = scheme_text.as_deref().map(|s| {
        Scheme::parse(s).unwrap_or_else(|| {
            problems.push(Problem::new(
                cells.title(Role::Scheme),
                FindingText::SchemeUnknown(s.to_string()),
            ));
            Scheme::Other
        })
    });
    let subsidy = cells.text(Role::Subsidy);
    if let Some(text) = subsidy.as_deref().filter(|t| !Subsidy::is_known(t)) {
        problems.push(Problem::new(
            cells.title(Role::Subsidy),
            FindingText::SubsidyUnknown(text.to_string()),
        ));
    }
    let year = match cells.text(Role::Year) {
        Some(text) => parse_year(&text),
        None => default_year,
    };

    let person = PersonRow {
        original: super::original::encode(row, header),
        // Only when it says more than the normalised ID: a million household rows
        // repeated their 18 digits, 7 % of the table (the cell as written stays in the
        // original either way).
        id_raw: (!id.cleaned.is_empty() && id.normalised.as_ref() != Some(&id.cleaned))
            .then(|| id.cleaned.clone()),
        id_number: id.normalised.clone(),
        id_status: id.status,
        name_key: name.as_deref().map(name_key),
        name_has_placeholder: name.as_deref().is_some_and(has_placeholder),
        name,
        birth_date: id.birth_date().or(written_birth).map(iso),
        sex: id.sex().or(parsed_sex),
        township: cells.text(Role::Township),
        village: cells.text(Role::Village),
        address: cells.text(Role::Address),
        phone,
        deceased: person_status == Some(PersonStatus::Deceased),
        person_status,
        leave_date: cells.date(Role::LeaveDate),
        scheme,
        enrol_status,
        year,
        period_start: cells.date(Role::PeriodStart),
        period_end: cells.date(Role::PeriodEnd),
        employer: cells.text(Role::Employer),
        subsidy,
        birth_cert_number,
        mother_name: cells.text(Role::MotherName),
        mother_id_number: mother_id.normalised,
        father_name: cells.text(Role::FatherName),
        father_id_number: father_id.normalised,
        school: cells.text(Role::School),
        grade: cells.text(Role::Grade),
        class_name: cells.text(Role::Class),
        student_number: cells.text(Role::StudentNumber),
        agency: cells.text(Role::Agency),
        client_company: cells.text(Role::ClientCompany),
        start_date: cells.date(Role::StartDate),
        welfare_category: cells.text(Role::WelfareCategory),
        household_head: cells.text(Role::HouseholdHead),
        death_date: cells.date(Role::DeathDate),
        exclusion_reason: cells.text(Role::ExclusionReason),
    };
    RowOutcome::Person(Box::new(person), problems)
}

fn parse_year(s: &str) -> Option<i32> {
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    let year: i32 = digits.parse().ok()?;
    (1990..=2100).contains(&year).then_some(year)
}

mod layout;
#[cfg(test)]
mod tests;
