//! The reason an officer reads for each gap: which list names the person, what the
//! enrolment register says, and by when something must happen. Every clause is
//! evidence that can be checked against a list.
//!
//! The rules it implements are written down in docs/rules.md, "The gap rules".

use crate::vocabulary::EnrolStatus;
use chrono::NaiveDate;

use super::load::ListRow;
use super::matching::Found;
use super::people::Person;
use super::{GapCode, MatchTier};
use crate::ListKind;

pub fn reason(
    person: &Person<'_>,
    found: &Found<'_>,
    code: GapCode,
    year: i32,
    deadline: Option<NaiveDate>,
) -> String {
    let why_listed = listed(person, code);
    let mut text = match code {
        GapCode::WorkerWrongScheme => {
            format!("{why_listed}，{year}年度仅有居民医保，未参加职工医保")
        }
        GapCode::WelfareNotSubsidized => format!("{why_listed}，{year}年度已参保但无资助参保类别"),
        GapCode::Lapsed => format!(
            "{why_listed}，{}年度参保缴费，{year}年度无有效参保记录（断保）",
            year - 1
        ),
        _ => format!("{why_listed}，{year}年度无有效参保记录"),
    };
    if matches!(
        code,
        GapCode::WorkerWrongScheme | GapCode::WelfareNotSubsidized
    ) {
        // The person is enrolled: the register's state is in the sentence already.
    } else if let Some(states) = states_in(found, year) {
        text.push_str(&format!("（{year}年度参保状态：{states}）"));
    } else if found.rows.is_empty() {
        text.push_str("，参保记录中查无此人");
    }
    if let Some(d) = deadline {
        let what = if code == GapCode::NewbornNotEnrolled {
            "出生后参保可追溯享受待遇的期限"
        } else {
            "用工单位应办理参保的期限"
        };
        text.push_str(&format!("；{what}为 {}", crate::dates::iso(d)));
    }
    match found.tier {
        MatchTier::IdRepaired => text.push_str("；按 15 位老身份证号升位后比对"),
        MatchTier::NameBirth => text.push_str("；无可用身份证号，已按姓名和出生日期比对"),
        MatchTier::None if person.id_number().is_none() => {
            text.push_str("；无可用身份证号，已按姓名和出生日期比对")
        }
        _ => {}
    }
    text
}

/// The list that puts the person in scope for this code, with the detail an officer
/// needs to find them (school and class, agency and start date, welfare category).
fn listed(person: &Person<'_>, code: GapCode) -> String {
    let first = |kind| person.on(kind).next();
    let place = |r: &ListRow| {
        [r.township.as_deref(), r.village.as_deref()]
            .into_iter()
            .flatten()
            .collect::<String>()
    };
    let bracket = |s: String| {
        if s.is_empty() {
            String::new()
        } else {
            format!("（{s}）")
        }
    };
    match code {
        GapCode::WelfareNotEnrolled | GapCode::WelfareNotSubsidized => {
            let r = first(ListKind::Welfare).expect("welfare code comes from a welfare list");
            format!(
                "民政困难人员名单在册{}",
                bracket(
                    r.welfare_category
                        .as_deref()
                        .unwrap_or_default()
                        .to_string()
                )
            )
        }
        GapCode::NewbornNotEnrolled => {
            let birth = person.birth_date().unwrap_or("?");
            let list = if person.is_on(ListKind::Birth) {
                "出生登记在册"
            } else {
                "户籍在册"
            };
            format!("{list}，{birth}出生")
        }
        GapCode::WorkerNotEnrolled | GapCode::WorkerWrongScheme => {
            let r = first(ListKind::Roster).expect("worker code comes from a roster");
            let agency = r.agency.as_deref().unwrap_or_default();
            let company = r
                .client_company
                .as_deref()
                .map(|c| format!("派至{c}"))
                .unwrap_or_default();
            let start = r
                .start_date
                .as_deref()
                .map(|d| format!("，{d}入职"))
                .unwrap_or_default();
            format!("劳务派遣用工名单在册（{agency}{company}{start}）")
        }
        GapCode::StudentNotEnrolled => {
            let r = first(ListKind::School).expect("student code comes from a school roll");
            let detail = [
                r.school.as_deref(),
                r.grade.as_deref(),
                r.class_name.as_deref(),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
            format!("学籍在册{}", bracket(detail))
        }
        GapCode::Lapsed | GapCode::ResidentNotEnrolled => {
            format!("户籍在册{}", bracket(place(person.main_row())))
        }
    }
}

/// The register's non-active statuses for the year, if it has rows for the year.
fn states_in(found: &Found<'_>, year: i32) -> Option<String> {
    let mut states: Vec<&str> = found
        .rows
        .iter()
        .filter(|e| e.covers(year, year) && e.enrol_status != Some(EnrolStatus::Active))
        .map(|e| match e.enrol_status {
            Some(EnrolStatus::Suspended) => "暂停",
            Some(EnrolStatus::Terminated) => "终止",
            _ => "状态不明",
        })
        .collect();
    states.sort_unstable();
    states.dedup();
    (!states.is_empty()).then(|| states.join("、"))
}
