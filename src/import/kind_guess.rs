//! Guessing which kind of list a file is, weighing its telling columns against what its
//! file name, sheet name and title rows say (see [`guess_kind`] for the weights): a file
//! name outweighs one column, two columns outweigh a name, and a tie is refused rather
//! than guessed.

use super::header::Header;
use super::roles::Role;
use crate::ListKind;

/// Columns that only one kind of list has.
const TELLING_COLUMNS: &[(ListKind, &[Role])] = &[
    (
        ListKind::Enrolment,
        &[
            Role::Scheme,
            Role::EnrolStatus,
            Role::Year,
            Role::PeriodStart,
            Role::PersonNumber,
            Role::Subsidy,
        ],
    ),
    (
        ListKind::Birth,
        &[
            Role::BirthCertNumber,
            Role::MotherName,
            Role::MotherId,
            Role::FatherName,
            Role::FatherId,
        ],
    ),
    (
        ListKind::School,
        &[Role::School, Role::Grade, Role::Class, Role::StudentNumber],
    ),
    (
        ListKind::Roster,
        &[Role::Agency, Role::ClientCompany, Role::StartDate],
    ),
    (ListKind::Welfare, &[Role::WelfareCategory]),
    (ListKind::Death, &[Role::DeathDate]),
    (ListKind::Exclusion, &[Role::ExclusionReason]),
    // 户主姓名 and 与户主关系 are how household extracts list families.
    (
        ListKind::Household,
        &[Role::PersonStatus, Role::RelationToHead],
    ),
];

/// Words in a file name that tell its kind, checked in order.
const TELLING_NAMES: &[(ListKind, &[&str])] = &[
    // Before enrolment: "已在外地参保人员" is an exclusion list, not the register.
    (
        ListKind::Exclusion,
        &["外地参保", "异地参保", "排除", "服役"],
    ),
    (ListKind::Death, &["死亡"]),
    (ListKind::Birth, &["出生", "新生儿"]),
    (ListKind::School, &["学籍", "学生", "学校", "在校"]),
    (
        ListKind::Welfare,
        &["低保", "特困", "民政", "救助", "困难", "返贫"],
    ),
    (ListKind::Roster, &["派遣", "用工"]),
    (ListKind::Enrolment, &["参保", "医保", "缴费"]),
    (ListKind::Household, &["户籍", "户口", "人口", "常住"]),
];

/// Header texts of the name column that tell the kind (学生姓名 is a school roll).
const TELLING_NAME_HEADERS: &[(ListKind, &str)] = &[
    (ListKind::Birth, "新生儿姓名"),
    (ListKind::School, "学生姓名"),
    (ListKind::Roster, "员工姓名"),
    (ListKind::Welfare, "救助对象姓名"),
    (ListKind::Death, "死者姓名"),
];

/// What the columns and names say about a sheet's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindGuess {
    Kind(ListKind),
    /// Two kinds are equally likely: the officer must say (`--kind`).
    Close(ListKind, ListKind),
    Unknown,
}

/// Evidence weights: a file name, sheet name or title naming a kind outweighs one telling
/// column ("死亡人员.xlsx" with a 原因 column is a death list), and two columns outweigh
/// a name.
const NAME_WEIGHT: u32 = 3;
const COLUMN_WEIGHT: u32 = 2;

/// The kind of list `header` belongs to, weighing its telling columns against what the
/// file name, the sheet name and the title rows say.
pub fn guess_kind(header: &Header, file: &str, sheet: &str, title: &str) -> KindGuess {
    let has = |r: &Role| header.columns.contains_key(r);
    let mut score: Vec<(ListKind, u32)> = ListKind::ALL.iter().map(|k| (*k, 0)).collect();
    let mut add = |kind: ListKind, points: u32| {
        if let Some(entry) = score.iter_mut().find(|(k, _)| *k == kind) {
            entry.1 += points;
        }
    };
    for (kind, roles) in TELLING_COLUMNS {
        add(
            *kind,
            COLUMN_WEIGHT * roles.iter().filter(|r| has(r)).count() as u32,
        );
    }
    if let Some(title) = header.title(Role::Name) {
        if let Some((kind, _)) = TELLING_NAME_HEADERS.iter().find(|(_, t)| title.contains(t)) {
            add(*kind, COLUMN_WEIGHT);
        }
    }
    // Each name counts once, for the first kind it names ("已在外地参保" is not 参保).
    for name in [file, sheet, title] {
        if let Some((kind, _)) = TELLING_NAMES
            .iter()
            .find(|(_, words)| words.iter().any(|w| name.contains(w)))
        {
            add(*kind, NAME_WEIGHT);
        }
    }
    score.sort_by_key(|(_, points)| std::cmp::Reverse(*points));
    match (score[0], score[1]) {
        ((_, 0), _) => {
            // A list of residents by place, with nothing more specific: the household list.
            let by_place = [Role::Address, Role::Township, Role::Village]
                .iter()
                .any(has);
            if by_place {
                KindGuess::Kind(ListKind::Household)
            } else {
                KindGuess::Unknown
            }
        }
        ((first, a), (second, b)) if a == b => KindGuess::Close(first, second),
        ((first, _), _) => KindGuess::Kind(first),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::cell::Cell;
    use crate::import::header::find_header;
    use crate::import::reader::Sheet;

    fn header(titles: &[&str]) -> Header {
        let sheet = Sheet {
            name: "s".into(),
            first_row: 0,
            rows: vec![titles.iter().map(|t| Cell::Text((*t).into())).collect()],
        };
        find_header(&sheet, &[]).unwrap()
    }

    #[test]
    fn columns_tell_the_kind() {
        assert_eq!(
            guess_kind(
                &header(&["姓名", "证件号码", "险种"]),
                "x.xlsx",
                "Sheet1",
                ""
            ),
            KindGuess::Kind(ListKind::Enrolment)
        );
        assert_eq!(
            guess_kind(
                &header(&["新生儿姓名", "母亲身份证号"]),
                "x.xlsx",
                "Sheet1",
                ""
            ),
            KindGuess::Kind(ListKind::Birth)
        );
        assert_eq!(
            guess_kind(
                &header(&["学生姓名", "身份证件号", "学校名称"]),
                "x.xlsx",
                "Sheet1",
                ""
            ),
            KindGuess::Kind(ListKind::School)
        );
        assert_eq!(
            guess_kind(
                &header(&["员工姓名", "证件号码", "派遣单位"]),
                "x.xlsx",
                "Sheet1",
                ""
            ),
            KindGuess::Kind(ListKind::Roster)
        );
        assert_eq!(
            guess_kind(
                &header(&["救助对象姓名", "身份证号码", "救助类别"]),
                "x.xlsx",
                "Sheet1",
                ""
            ),
            KindGuess::Kind(ListKind::Welfare)
        );
        assert_eq!(
            guess_kind(
                &header(&["姓名", "身份证号", "死亡日期"]),
                "x.xlsx",
                "Sheet1",
                ""
            ),
            KindGuess::Kind(ListKind::Death)
        );
    }

    #[test]
    fn the_file_name_settles_generic_columns() {
        let generic = header(&["姓名", "身份证号"]);
        assert_eq!(
            guess_kind(&generic, "户籍人口.xlsx", "Sheet1", ""),
            KindGuess::Kind(ListKind::Household)
        );
        assert_eq!(
            guess_kind(&generic, "已在外地参保人员.xlsx", "Sheet1", ""),
            KindGuess::Kind(ListKind::Exclusion)
        );
        assert_eq!(
            guess_kind(&generic, "2026年参保名单.xlsx", "Sheet1", ""),
            KindGuess::Kind(ListKind::Enrolment)
        );
        assert_eq!(
            guess_kind(&generic, "list.xlsx", "Sheet1", ""),
            KindGuess::Unknown
        );
        assert_eq!(
            guess_kind(&generic, "list.xlsx", "户籍人口", ""),
            KindGuess::Kind(ListKind::Household)
        );
    }

    #[test]
    fn names_and_titles_outweigh_a_single_column_and_close_calls_are_refused() {
        let reason = header(&["姓名", "身份证号", "原因"]);
        assert_eq!(
            guess_kind(&reason, "死亡人员.xlsx", "Sheet1", ""),
            KindGuess::Kind(ListKind::Death)
        );
        assert_eq!(
            guess_kind(&reason, "x.xlsx", "Sheet1", "2026年7月已在外地参保人员"),
            KindGuess::Kind(ListKind::Exclusion)
        );
        let family = header(&["户主姓名", "姓名", "与户主关系", "公民身份号码"]);
        assert_eq!(
            guess_kind(&family, "x.xlsx", "Sheet1", ""),
            KindGuess::Kind(ListKind::Household)
        );
        let generic = header(&["姓名", "身份证号"]);
        assert_eq!(
            guess_kind(&generic, "学生名单.xlsx", "低保", ""),
            KindGuess::Close(ListKind::School, ListKind::Welfare)
        );
    }
}
