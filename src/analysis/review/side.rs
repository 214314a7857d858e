//! One side of a review item as the reviewer sees it: the person as the lists name them
//! (with what the list says that helps decide: school, grade and class; agency and client;
//! welfare category), and the candidate enrolment row — the one for the year the analysis
//! asks about, or, when the register has none for that year, its latest row, saying so.
//!
//! Every description comes in Chinese and in English, built from the same values; only the
//! lists' own words (places, schools, companies, categories) stay as the lists wrote them.
//!
//! The rules it implements are written down in docs/rules.md, "The review queue".

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::super::load::ListRow;
use super::super::people::Person;
use crate::identity::mask_id;
use crate::vocabulary::{stored_vocabulary, EnrolStatus, Scheme};
use crate::ListKind;

stored_vocabulary! {
    /// A field of a list row shown beside the two records, in the order shown.
    pub enum ReviewField {
        Township = "township",
        Village = "village",
        School = "school",
        Grade = "grade",
        Class = "class",
        Agency = "agency",
        ClientCompany = "client_company",
        WelfareCategory = "welfare_category",
    }
}

/// One field's value, as the list wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReviewFact {
    pub field: ReviewField,
    pub value: String,
}

/// One side of a possible match, as shown to the reviewer (ID masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReviewSide {
    pub name: String,
    pub id_masked: Option<String>,
    pub birth_date: Option<String>,
    pub sex: Option<String>,
    /// Which lists name the person, or the enrolment's scheme, status and year.
    pub detail: String,
    /// `detail` in English (empty for items stored before schema 010).
    #[serde(default)]
    pub detail_en: String,
    /// What the rows say that helps decide (school, class, agency, category, place).
    #[serde(default)]
    pub facts: Vec<ReviewFact>,
    pub file: String,
    pub sheet: String,
    pub row: u32,
}

/// The value of `field` in `row`, if the row has one.
fn value<'r>(row: &'r ListRow<'_>, field: ReviewField) -> Option<&'r str> {
    let detail = row.detail();
    let text = match field {
        ReviewField::Township => row.township.as_deref(),
        ReviewField::Village => row.village.as_deref(),
        ReviewField::School => detail.school,
        ReviewField::Grade => detail.grade,
        ReviewField::Class => detail.class_name,
        ReviewField::Agency => detail.agency,
        ReviewField::ClientCompany => detail.client_company,
        ReviewField::WelfareCategory => detail.welfare_category,
    };
    text.filter(|v| !v.trim().is_empty())
}

/// Every field some row gives, the first row's value for each (rows in the order given).
fn facts<'r, 'a: 'r>(rows: impl Iterator<Item = &'r ListRow<'a>> + Clone) -> Vec<ReviewFact> {
    ReviewField::ALL
        .into_iter()
        .filter_map(|field| {
            rows.clone()
                .find_map(|r| value(r, field))
                .map(|v| ReviewFact {
                    field,
                    value: v.to_string(),
                })
        })
        .collect()
}

/// The person as the lists name them; the row shown as the source is the household row,
/// else the first, and the facts come from every row, that row's first.
pub fn person_side(person: &Person<'_>) -> ReviewSide {
    let main = person.main_row();
    let mut kinds: Vec<ListKind> = person.rows.iter().map(|r| r.kind()).collect();
    kinds.sort();
    kinds.dedup();
    let names = |name: fn(ListKind) -> &'static str, sep: &str| {
        kinds.iter().map(|k| name(*k)).collect::<Vec<_>>().join(sep)
    };
    let rows = std::iter::once(main).chain(person.rows.iter().copied());
    ReviewSide {
        name: person.name().to_string(),
        id_masked: person.id_number().map(mask_id),
        birth_date: person.birth_date().map(String::from),
        sex: person.first(|r| r.sex.as_deref()).map(String::from),
        detail: format!("见于{}", names(ListKind::chinese_name, "、")),
        detail_en: format!("on the {}", names(ListKind::english_name, ", ")),
        facts: facts(rows),
        file: main.file.to_string(),
        sheet: main.sheet.to_string(),
        row: main.row_number,
    }
}

/// The latest calendar year an enrolment row covers, as far as it says.
fn last_year(row: &ListRow<'_>) -> Option<i32> {
    row.year
        .or_else(|| row.period.and_then(|p| p.end.or(p.start)))
}

/// The candidate's row to show for `coverage_year`: one covering that year (an active one
/// first), else the latest; `rows` all name the same candidate and are never empty.
pub fn shown_row<'r, 'a>(rows: &[&'r ListRow<'a>], coverage_year: i32) -> &'r ListRow<'a> {
    let covering = || {
        rows.iter()
            .filter(|r| r.covers(coverage_year, coverage_year))
    };
    covering()
        .find(|r| r.enrol_status == Some(EnrolStatus::Active))
        .or_else(|| covering().next())
        .or_else(|| rows.iter().max_by_key(|r| last_year(r)))
        .copied()
        .expect("a candidate has at least one row")
}

fn status_en(status: Option<EnrolStatus>) -> &'static str {
    match status {
        Some(EnrolStatus::Active) => "paid",
        Some(EnrolStatus::Suspended) => "suspended",
        Some(EnrolStatus::Terminated) => "terminated",
        Some(EnrolStatus::Other) | None => "status unknown",
    }
}

/// The candidate enrolment row, its year named, and said when it is not `coverage_year`'s.
pub fn candidate_side(row: &ListRow, coverage_year: i32) -> ReviewSide {
    let scheme_zh = row.scheme.map(Scheme::chinese_name);
    let scheme_en = row.scheme.map(|s| match s {
        Scheme::Employee => "employee scheme",
        Scheme::Resident => "resident scheme",
        Scheme::Other => "another scheme",
    });
    let status_zh = row
        .enrol_status
        .unwrap_or(EnrolStatus::Other)
        .chinese_name();
    let mut zh: Vec<String> = scheme_zh.into_iter().map(String::from).collect();
    zh.push(status_zh.to_string());
    let mut en: Vec<String> = scheme_en.into_iter().map(String::from).collect();
    en.push(status_en(row.enrol_status).to_string());
    match (row.year, row.period) {
        (Some(y), _) => {
            zh.push(format!("{y}年度"));
            en.push(format!("for {y}"));
        }
        (None, Some(p)) => {
            let (from, to) = (p.start.map(|y| y.to_string()), p.end.map(|y| y.to_string()));
            let (from, to) = (from.unwrap_or_default(), to.unwrap_or_default());
            zh.push(format!("缴费期 {from}—{to}"));
            en.push(format!("period {from}–{to}"));
        }
        (None, None) => {}
    }
    let (mut zh, mut en) = (zh.join(" "), en.join(", "));
    if !row.covers(coverage_year, coverage_year) {
        zh.push_str(&format!("（无{coverage_year}年度记录）"));
        en.push_str(&format!(" (no row for {coverage_year})"));
    }
    ReviewSide {
        name: row.name().unwrap_or_default().to_string(),
        id_masked: row.id_number().map(mask_id),
        birth_date: row.birth_date().map(String::from),
        sex: row.sex.as_deref().map(String::from),
        detail: zh,
        detail_en: en,
        facts: facts(std::iter::once(row)),
        file: row.file.to_string(),
        sheet: row.sheet.to_string(),
        row: row.row_number,
    }
}

#[cfg(test)]
mod tests {
    use smallvec::smallvec;

    use super::*;
    use crate::analysis::row::{Detail, OwnText};

    fn listed(kind: ListKind, fill: impl FnOnce(&mut ListRow<'static>)) -> ListRow<'static> {
        let mut row = ListRow {
            kind: Some(kind),
            own: OwnText::leaked([None, Some("陈国强"), None, None, None]),
            file: "list.xlsx".into(),
            sheet: "Sheet1".into(),
            row_number: 2,
            ..Default::default()
        };
        fill(&mut row);
        row
    }

    #[test]
    fn the_list_side_shows_what_a_roster_and_a_welfare_list_say() {
        let roster = listed(ListKind::Roster, |r| {
            r.detail = Some(Box::leak(Box::new(Detail {
                agency: Some("海丰县人力资源服务公司"),
                client_company: Some("海丰县食品厂"),
                ..Detail::NONE
            })));
        });
        let welfare = listed(ListKind::Welfare, |r| {
            r.detail = Some(Box::leak(Box::new(Detail {
                welfare_category: Some("低保"),
                ..Detail::NONE
            })));
        });
        let person = Person {
            rows: smallvec![&roster, &welfare],
            key: "nb:陈国强|1968-08-28",
        };
        let side = person_side(&person);
        let facts: Vec<(ReviewField, &str)> = side
            .facts
            .iter()
            .map(|f| (f.field, f.value.as_str()))
            .collect();
        assert_eq!(
            facts,
            vec![
                (ReviewField::Agency, "海丰县人力资源服务公司"),
                (ReviewField::ClientCompany, "海丰县食品厂"),
                (ReviewField::WelfareCategory, "低保"),
            ]
        );
        assert_eq!(side.detail, "见于民政困难人员、劳务派遣用工名单");
        assert_eq!(
            side.detail_en,
            "on the welfare list, staffing-agency roster"
        );
    }

    #[test]
    fn the_row_shown_is_the_coverage_years_active_one_else_the_latest() {
        let enrolled = |year: i32, status: EnrolStatus| {
            listed(ListKind::Enrolment, |r| {
                r.year = Some(year);
                r.enrol_status = Some(status);
            })
        };
        let (old, suspended, paid) = (
            enrolled(2024, EnrolStatus::Active),
            enrolled(2025, EnrolStatus::Suspended),
            enrolled(2025, EnrolStatus::Active),
        );
        let shown = shown_row(&[&old, &suspended, &paid], 2025);
        assert!(std::ptr::eq(shown, &paid), "the active 2025 row");
        assert!(std::ptr::eq(
            shown_row(&[&old, &suspended], 2025),
            &suspended
        ));
        let older = enrolled(2023, EnrolStatus::Active);
        assert!(
            std::ptr::eq(shown_row(&[&older, &old], 2026), &old),
            "the latest"
        );
        assert_eq!(
            candidate_side(&old, 2026).detail,
            "参保缴费 2024年度（无2026年度记录）"
        );
    }
}
