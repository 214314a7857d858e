//! Turns one data row into a normalised person row plus the problems found in it.

use super::cell::Cell;
use super::header::{Header, Role};
use crate::dates::iso;
use crate::identity::{name_key, IdNumber, IdStatus};
use crate::ListKind;

/// A person row ready to store: the normal forms beside the original cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonRow {
    /// JSON object of header -> cell text as read.
    pub original: String,
    pub id_raw: Option<String>,
    pub id_number: Option<String>,
    pub id_status: &'static str,
    pub name: Option<String>,
    pub name_key: Option<String>,
    pub birth_date: Option<String>,
    pub sex: Option<&'static str>,
    pub township: Option<String>,
    pub village: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub deceased: bool,
    pub scheme: Option<&'static str>,
    pub enrol_status: Option<&'static str>,
    pub year: Option<i32>,
    pub period_start: Option<String>,
    pub period_end: Option<String>,
    pub employer: Option<String>,
    pub subsidy: Option<String>,
}

/// A problem in one cell of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub column: String,
    pub code: &'static str,
    pub message: String,
}

/// What a data row turned out to be.
pub enum RowOutcome {
    /// A person, possibly with problems.
    Person(Box<PersonRow>, Vec<Problem>),
    /// A row that is not a person: blank, a repeated header, a totals or footer line.
    NotAPerson,
    /// A row with data but neither a name nor an ID: reported, not stored as a person.
    Unidentifiable(Problem),
}

const TOTALS_WORDS: [&str; 4] = ["合计", "总计", "小计", "共计"];

/// Classifies and normalises one row under `header`.
pub fn normalise_row(row: &[Cell], header: &Header, kind: ListKind) -> RowOutcome {
    if row.iter().all(Cell::is_blank) || header.is_repeated_in(row) || is_totals_row(row) {
        return RowOutcome::NotAPerson;
    }
    let cell = |role: Role| {
        header
            .column(role)
            .and_then(|c| row.get(c))
            .unwrap_or(&Cell::Empty)
    };
    let text = |role: Role| cell(role).text();
    let title = |role: Role| header.title(role).unwrap_or_default().to_string();

    let id = match cell(Role::IdNumber) {
        Cell::Number(n) => IdNumber::from_number(*n),
        other => IdNumber::parse(&other.display()),
    };
    let name = text(Role::Name);
    if name.is_none() && id.status == IdStatus::Missing {
        let filled = row.iter().filter(|c| !c.is_blank()).count();
        // One or two cells are a footer note ("制表人：…"); more look like a person's data.
        return if filled >= 3 {
            RowOutcome::Unidentifiable(Problem {
                column: title(Role::Name),
                code: "no_name_or_id",
                message: "该行有数据但姓名和身份证号都为空，未导入；请补全后重新导入".into(),
            })
        } else {
            RowOutcome::NotAPerson
        };
    }

    let mut problems = Vec::new();
    if let Some(message) = id.status.problem_message() {
        problems.push(Problem {
            column: title(Role::IdNumber),
            code: id_problem_code(id.status),
            message: message.into(),
        });
    }
    if name.is_none() {
        problems.push(Problem {
            column: title(Role::Name),
            code: "name_missing",
            message: "姓名为空".into(),
        });
    }

    let written_birth = cell(Role::BirthDate).date();
    if header.column(Role::BirthDate).is_some()
        && written_birth.is_none()
        && !cell(Role::BirthDate).is_blank()
    {
        problems.push(Problem {
            column: title(Role::BirthDate),
            code: "birth_date_unreadable",
            message: "出生日期无法识别；请写成 2025-03-05 或 2025年3月5日".into(),
        });
    }
    if let (Some(written), Some(from_id)) = (written_birth, id.birth_date()) {
        if written != from_id {
            problems.push(Problem {
                column: title(Role::BirthDate),
                code: "birth_date_contradicts_id",
                message: "出生日期与身份证号中的出生日期不一致".into(),
            });
        }
    }
    let status_role = if kind == ListKind::Enrolment {
        Role::EnrolStatus
    } else {
        Role::PersonStatus
    };
    let status_text = text(status_role).or_else(|| text(Role::Status));
    let has_status_column = header
        .column(status_role)
        .or(header.column(Role::Status))
        .is_some();

    let person = PersonRow {
        original: original_json(row, header),
        id_raw: (!id.cleaned.is_empty()).then(|| id.cleaned.clone()),
        id_number: id.normalised.clone(),
        id_status: id.status.as_str(),
        name_key: name.as_deref().map(name_key),
        name,
        birth_date: id.birth_date().or(written_birth).map(iso),
        sex: id
            .sex()
            .or_else(|| text(Role::Sex).as_deref().and_then(parse_sex)),
        township: text(Role::Township),
        village: text(Role::Village),
        address: text(Role::Address),
        phone: text(Role::Phone),
        deceased: kind == ListKind::Household && status_text.as_deref().is_some_and(means_deceased),
        scheme: text(Role::Scheme).as_deref().map(parse_scheme),
        enrol_status: (kind == ListKind::Enrolment).then(|| match status_text.as_deref() {
            Some(s) => parse_enrol_status(s),
            // A register without a status column lists people who are enrolled.
            None if !has_status_column => "active",
            None => "other",
        }),
        year: text(Role::Year).as_deref().and_then(parse_year),
        period_start: cell(Role::PeriodStart).date().map(iso),
        period_end: cell(Role::PeriodEnd).date().map(iso),
        employer: text(Role::Employer),
        subsidy: text(Role::Subsidy),
    };
    RowOutcome::Person(Box::new(person), problems)
}

fn id_problem_code(status: IdStatus) -> &'static str {
    match status {
        IdStatus::Missing => "id_missing",
        IdStatus::LostPrecision => "id_lost_precision",
        IdStatus::BadChecksum => "id_bad_checksum",
        IdStatus::BadBirthDate => "id_bad_birth_date",
        IdStatus::BadRegion => "id_bad_region",
        _ => "id_malformed",
    }
}

fn is_totals_row(row: &[Cell]) -> bool {
    row.iter().filter_map(Cell::text).take(3).any(|t| {
        let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        TOTALS_WORDS.iter().any(|w| t.starts_with(w))
    })
}

fn original_json(row: &[Cell], header: &Header) -> String {
    let map: serde_json::Map<String, serde_json::Value> = header
        .titles
        .iter()
        .filter_map(|(col, title)| {
            let value = row.get(*col)?.text()?;
            Some((title.clone(), serde_json::Value::String(value)))
        })
        .collect();
    serde_json::Value::Object(map).to_string()
}

/// 男/女, 1/2 (GB/T 2261.1), M/F.
pub fn parse_sex(s: &str) -> Option<&'static str> {
    match s.trim() {
        "男" | "1" | "M" | "m" | "男性" => Some("男"),
        "女" | "2" | "F" | "f" | "女性" => Some("女"),
        _ => None,
    }
}

fn means_deceased(status: &str) -> bool {
    ["死亡", "已故", "身故", "注销（死亡）"]
        .iter()
        .any(|w| status.contains(w))
}

fn parse_scheme(s: &str) -> &'static str {
    if s.contains("职工") {
        "employee"
    } else if s.contains("居民") || s.contains("城乡") {
        "resident"
    } else {
        "other"
    }
}

fn parse_enrol_status(s: &str) -> &'static str {
    let s = s.trim();
    if s.contains("暂停") || s.contains("中断") {
        "suspended"
    } else if s.contains("终止") || s.contains("注销") || s.contains("停保") {
        "terminated"
    } else if s.contains("参保缴费") || s == "正常" || s == "正常参保" || s == "缴费" || s == "参保"
    {
        "active"
    } else {
        "other"
    }
}

fn parse_year(s: &str) -> Option<i32> {
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    let year: i32 = digits.parse().ok()?;
    (1990..=2100).contains(&year).then_some(year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_enrolment_statuses() {
        assert_eq!(parse_enrol_status("参保缴费"), "active");
        assert_eq!(parse_enrol_status("暂停缴费"), "suspended");
        assert_eq!(parse_enrol_status("终止参保"), "terminated");
        assert_eq!(parse_enrol_status("???"), "other");
    }

    #[test]
    fn reads_years_written_several_ways() {
        assert_eq!(parse_year("2026"), Some(2026));
        assert_eq!(parse_year("2026年"), Some(2026));
        assert_eq!(parse_year("26"), None);
    }

    #[test]
    fn reads_sex_codes() {
        assert_eq!(parse_sex("1"), Some("男"));
        assert_eq!(parse_sex("F"), Some("女"));
        assert_eq!(parse_sex("未知"), None);
    }
}
