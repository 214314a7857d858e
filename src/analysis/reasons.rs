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

/// A reason in both languages the app speaks: Chinese for officers and paper, English
/// for the app's English mode. Built clause by clause from the same evidence, so the two
/// never say different things.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReasonText {
    pub zh: String,
    pub en: String,
}

impl ReasonText {
    fn push(&mut self, zh: &str, en: &str) {
        self.zh.push_str(zh);
        self.en.push_str(en);
    }
}

pub fn reason(
    person: &Person<'_>,
    found: &Found<'_>,
    code: GapCode,
    year: i32,
    deadline: Option<NaiveDate>,
) -> ReasonText {
    let why_listed = listed(person, code);
    let (zh, en) = (&why_listed.zh, &why_listed.en);
    let mut text = match code {
        GapCode::WorkerWrongScheme => ReasonText {
            zh: format!("{zh}，{year}年度仅有居民医保，未参加职工医保"),
            en: format!("{en}; in {year} only in the resident scheme, not in the employee scheme"),
        },
        GapCode::WelfareNotSubsidized => ReasonText {
            zh: format!("{zh}，{year}年度已参保但无资助参保类别"),
            en: format!("{en}; enrolled for {year} but with no subsidy category"),
        },
        GapCode::Lapsed => ReasonText {
            zh: format!(
                "{zh}，{}年度参保缴费，{year}年度无有效参保记录（断保）",
                year - 1
            ),
            en: format!(
                "{en}; paid for {}, no valid enrolment for {year} (lapsed)",
                year - 1
            ),
        },
        _ => ReasonText {
            zh: format!("{zh}，{year}年度无有效参保记录"),
            en: format!("{en}; no valid enrolment for {year}"),
        },
    };
    if matches!(
        code,
        GapCode::WorkerWrongScheme | GapCode::WelfareNotSubsidized
    ) {
        // The person is enrolled: the register's state is in the sentence already.
    } else if let Some((zh, en)) = states_in(found, year) {
        text.push(
            &format!("（{year}年度参保状态：{zh}）"),
            &format!(" (register status for {year}: {en})"),
        );
    } else if found.rows.is_empty() {
        text.push("，参保记录中查无此人", "; not in the enrolment register");
    }
    if let Some(d) = deadline {
        let date = crate::dates::iso(d);
        if code == GapCode::NewbornNotEnrolled {
            text.push(
                &format!("；出生后参保可追溯享受待遇的期限为 {date}"),
                &format!("; enrolled by {date}, benefits are back-dated to birth"),
            );
        } else {
            text.push(
                &format!("；用工单位应办理参保的期限为 {date}"),
                &format!("; the employer must enrol them by {date}"),
            );
        }
    }
    match found.tier {
        MatchTier::IdRepaired => text.push(
            "；按 15 位老身份证号升位后比对",
            "; compared after upgrading a 15-digit ID",
        ),
        MatchTier::NameBirth => text.push(NAME_BIRTH_ZH, NAME_BIRTH_EN),
        MatchTier::None if person.id_number().is_none() => text.push(NAME_BIRTH_ZH, NAME_BIRTH_EN),
        _ => {}
    }
    text
}

const NAME_BIRTH_ZH: &str = "；无可用身份证号，已按姓名和出生日期比对";
const NAME_BIRTH_EN: &str = "; no usable ID, compared by name and date of birth";

/// The list that puts the person in scope for this code, with the detail an officer
/// needs to find them (school and class, agency and start date, welfare category).
fn listed(person: &Person<'_>, code: GapCode) -> ReasonText {
    let first = |kind| person.on(kind).next();
    let place = |r: &ListRow| {
        [r.township.as_deref(), r.village.as_deref()]
            .into_iter()
            .flatten()
            .collect::<String>()
    };
    let bracket = |s: &str| {
        if s.is_empty() {
            (String::new(), String::new())
        } else {
            (format!("（{s}）"), format!(" ({s})"))
        }
    };
    let both = |(zh, en): (String, String)| ReasonText { zh, en };
    match code {
        GapCode::WelfareNotEnrolled | GapCode::WelfareNotSubsidized => {
            let r = first(ListKind::Welfare).expect("welfare code comes from a welfare list");
            let (zh, en) = bracket(r.detail().welfare_category.unwrap_or_default());
            both((
                format!("民政困难人员名单在册{zh}"),
                format!("On the welfare roll{en}"),
            ))
        }
        GapCode::NewbornNotEnrolled => {
            let birth = person.birth_date().unwrap_or("?");
            if person.is_on(ListKind::Birth) {
                both((
                    format!("出生登记在册，{birth}出生"),
                    format!("On the birth list, born {birth}"),
                ))
            } else {
                both((
                    format!("户籍在册，{birth}出生"),
                    format!("On the household list, born {birth}"),
                ))
            }
        }
        GapCode::WorkerNotEnrolled | GapCode::WorkerWrongScheme => {
            let r = first(ListKind::Roster).expect("worker code comes from a roster");
            let d = r.detail();
            let agency = d.agency.unwrap_or_default();
            let (company_zh, company_en) = d
                .client_company
                .map(|c| (format!("派至{c}"), format!(", placed at {c}")))
                .unwrap_or_default();
            let (start_zh, start_en) = d
                .start_date
                .map(|d| (format!("，{d}入职"), format!(", hired {d}")))
                .unwrap_or_default();
            both((
                format!("劳务派遣用工名单在册（{agency}{company_zh}{start_zh}）"),
                format!("On a staffing agency's roster ({agency}{company_en}{start_en})"),
            ))
        }
        GapCode::StudentNotEnrolled => {
            let r = first(ListKind::School).expect("student code comes from a school roll");
            let d = r.detail();
            let detail = [d.school, d.grade, d.class_name]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            let (zh, en) = bracket(&detail);
            both((format!("学籍在册{zh}"), format!("On a school roll{en}")))
        }
        GapCode::Lapsed | GapCode::ResidentNotEnrolled => {
            let (zh, en) = bracket(&place(person.main_row()));
            both((
                format!("户籍在册{zh}"),
                format!("On the household list{en}"),
            ))
        }
    }
}

/// The register's non-active statuses for the year, in Chinese and English, if it has
/// rows for the year.
fn states_in(found: &Found<'_>, year: i32) -> Option<(String, String)> {
    let mut states: Vec<(&str, &str)> = found
        .rows
        .iter()
        .filter(|e| e.covers(year, year) && e.enrol_status != Some(EnrolStatus::Active))
        .map(|e| match e.enrol_status {
            Some(EnrolStatus::Suspended) => ("暂停", "suspended"),
            Some(EnrolStatus::Terminated) => ("终止", "terminated"),
            _ => ("状态不明", "status unclear"),
        })
        .collect();
    states.sort_unstable();
    states.dedup();
    (!states.is_empty()).then(|| {
        let zh: Vec<&str> = states.iter().map(|s| s.0).collect();
        let en: Vec<&str> = states.iter().map(|s| s.1).collect();
        (zh.join("、"), en.join(", "))
    })
}
