//! The gap rules for household residents (DOMAIN.md, "Who should be insured").
//!
//! A living resident with no active enrolment for the coverage year gets one code:
//! `lapsed` when active the year before, else `resident_not_enrolled`.
//!
//! Matching, strongest first: the normalised ID (15-digit IDs were upgraded and
//! full-width digits folded at import); then, only where one side has no usable ID, the
//! name key with the birth date. A different usable ID never matches on name alone.

use std::collections::{HashMap, HashSet};

use super::load::{Enrolment, Lists, Resident};
use super::{Gap, GapCode};

/// What the rules found.
pub struct Outcome {
    pub residents: u32,
    pub enrolled_residents: u32,
    pub gaps: Vec<Gap>,
}

/// Applies the rules for `coverage_year`.
pub fn apply(lists: &Lists, coverage_year: i32) -> Outcome {
    let by_id = index_by_id(&lists.enrolments);
    let by_name_birth = index_by_name_birth(&lists.enrolments);

    let mut residents = 0u32;
    let mut enrolled_residents = 0u32;
    let mut gaps = Vec::new();
    for person in people(&lists.residents) {
        if person.rows.iter().any(|r| r.deceased) {
            continue;
        }
        residents += 1;
        let first = person.rows[0];
        let mut matched: Vec<&Enrolment> = first
            .id_number
            .as_deref()
            .and_then(|id| by_id.get(id))
            .cloned()
            .unwrap_or_default();
        let by_name = matched.is_empty();
        if by_name {
            if let Some(birth) = &first.birth_date {
                let key = (first.name_key.as_str(), birth.as_str());
                matched = by_name_birth
                    .get(&key)
                    .into_iter()
                    .flatten()
                    // A usable ID on both sides that differs means two people.
                    .filter(|e| first.id_number.is_none() || e.id_number.is_none())
                    .copied()
                    .collect();
            }
        }
        let active = |year| matched.iter().any(|e| e.is_active_in(year, coverage_year));
        if active(coverage_year) {
            enrolled_residents += 1;
            continue;
        }
        let code = if active(coverage_year - 1) {
            GapCode::Lapsed
        } else {
            GapCode::ResidentNotEnrolled
        };
        gaps.push(gap(
            first,
            code,
            reason(first, code, &matched, coverage_year),
        ));
    }
    Outcome {
        residents,
        enrolled_residents,
        gaps,
    }
}

/// One resident and every household row that names them.
struct Person<'a> {
    rows: Vec<&'a Resident>,
}

/// Groups household rows into people: by ID when usable, else by name key and birth date.
fn people(rows: &[Resident]) -> Vec<Person<'_>> {
    let mut index: HashMap<(Option<&str>, &str, Option<&str>), usize> = HashMap::new();
    let mut people: Vec<Person<'_>> = Vec::new();
    for row in rows {
        let key = match row.id_number.as_deref() {
            Some(id) => (Some(id), "", None),
            None => (None, row.name_key.as_str(), row.birth_date.as_deref()),
        };
        match index.get(&key) {
            Some(&i) => people[i].rows.push(row),
            None => {
                index.insert(key, people.len());
                people.push(Person { rows: vec![row] });
            }
        }
    }
    people
}

fn index_by_id(rows: &[Enrolment]) -> HashMap<&str, Vec<&Enrolment>> {
    let mut map: HashMap<&str, Vec<&Enrolment>> = HashMap::new();
    for row in rows {
        if let Some(id) = row.id_number.as_deref() {
            map.entry(id).or_default().push(row);
        }
    }
    map
}

fn index_by_name_birth(rows: &[Enrolment]) -> HashMap<(&str, &str), Vec<&Enrolment>> {
    let mut map: HashMap<(&str, &str), Vec<&Enrolment>> = HashMap::new();
    for row in rows {
        if let (Some(name), Some(birth)) = (row.name_key.as_deref(), row.birth_date.as_deref()) {
            map.entry((name, birth)).or_default().push(row);
        }
    }
    map
}

fn gap(r: &Resident, code: GapCode, reason: String) -> Gap {
    Gap {
        code,
        id_masked: r.id_number.as_deref().map(crate::identity::mask_id),
        id_number: r.id_number.clone(),
        name: r.name.clone(),
        birth_date: r.birth_date.clone(),
        sex: r.sex.clone(),
        township: r.township.clone(),
        village: r.village.clone(),
        reason,
        source_file: r.file.clone(),
        source_sheet: r.sheet.clone(),
        source_row: r.row_number,
    }
}

/// The reason an officer reads, naming the evidence: where the person is registered,
/// what the register says for each year.
fn reason(r: &Resident, code: GapCode, matched: &[&Enrolment], year: i32) -> String {
    let place: String = [r.township.as_deref(), r.village.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let registered = if place.is_empty() {
        "户籍在册".to_string()
    } else {
        format!("户籍在册（{place}）")
    };
    let mut reason = match code {
        GapCode::Lapsed => format!(
            "{registered}，{}年度参保缴费，{year}年度无有效参保记录（断保）",
            year - 1
        ),
        GapCode::ResidentNotEnrolled => format!("{registered}，{year}年度无有效参保记录"),
    };
    let statuses: HashSet<&str> = matched
        .iter()
        .filter(|e| e.covers(year, year) && e.status != "active")
        .map(|e| match e.status.as_str() {
            "suspended" => "暂停",
            "terminated" => "终止",
            _ => "状态不明",
        })
        .collect();
    if !statuses.is_empty() {
        let mut statuses: Vec<&str> = statuses.into_iter().collect();
        statuses.sort_unstable();
        reason.push_str(&format!("（{year}年度参保状态：{}）", statuses.join("、")));
    } else if matched.is_empty() {
        reason.push_str("，参保记录中查无此人");
    }
    if r.id_number.is_none() {
        reason.push_str("；身份证号无法使用，已按姓名和出生日期比对");
    }
    reason
}
