//! Guessing which kind of list a file is, from its columns, then its name.
//!
//! Columns are the stronger evidence: a 险种 column means the enrolment register whatever
//! the file is called. The name settles lists whose columns are all generic.

use super::header::Header;
use super::roles::Role;
use crate::ListKind;

/// Columns that only one kind of list has.
const TELLING_COLUMNS: &[(ListKind, &[Role])] = &[
    (ListKind::Enrolment, &[Role::Scheme, Role::EnrolStatus, Role::Year, Role::PeriodStart, Role::PersonNumber, Role::Subsidy]),
    (ListKind::Birth, &[Role::BirthCertNumber, Role::MotherName, Role::MotherId, Role::FatherName, Role::FatherId]),
    (ListKind::School, &[Role::School, Role::Grade, Role::Class, Role::StudentNumber]),
    (ListKind::Roster, &[Role::Agency, Role::ClientCompany, Role::StartDate]),
    (ListKind::Welfare, &[Role::WelfareCategory, Role::HouseholdHead]),
    (ListKind::Death, &[Role::DeathDate]),
    (ListKind::Exclusion, &[Role::ExclusionReason]),
    (ListKind::Household, &[Role::PersonStatus]),
];

/// Words in a file name that tell its kind, checked in order.
const TELLING_NAMES: &[(ListKind, &[&str])] = &[
    // Before enrolment: "已在外地参保人员" is an exclusion list, not the register.
    (ListKind::Exclusion, &["外地参保", "异地参保", "排除", "服役"]),
    (ListKind::Death, &["死亡"]),
    (ListKind::Birth, &["出生", "新生儿"]),
    (ListKind::School, &["学籍", "学生", "学校", "在校"]),
    (ListKind::Welfare, &["低保", "特困", "民政", "救助", "困难", "返贫"]),
    (ListKind::Roster, &["派遣", "用工"]),
    (ListKind::Enrolment, &["参保", "医保", "缴费"]),
    (ListKind::Household, &["户籍", "户口", "人口"]),
];

/// Header texts of the name column that tell the kind (学生姓名 is a school roll).
const TELLING_NAME_HEADERS: &[(ListKind, &str)] = &[
    (ListKind::Birth, "新生儿姓名"),
    (ListKind::School, "学生姓名"),
    (ListKind::Roster, "员工姓名"),
    (ListKind::Welfare, "救助对象姓名"),
    (ListKind::Death, "死者姓名"),
];

/// The kind of list `header` belongs to, if its columns, the file's name or the sheet's
/// name tell.
pub fn guess_kind(header: &Header, file: &str, sheet: &str) -> Option<ListKind> {
    let has = |r: &Role| header.columns.contains_key(r);
    if let Some((kind, _)) = TELLING_COLUMNS.iter().find(|(_, roles)| roles.iter().any(has)) {
        return Some(*kind);
    }
    if let Some(title) = header.title(Role::Name) {
        if let Some((kind, _)) = TELLING_NAME_HEADERS.iter().find(|(_, t)| title.contains(t)) {
            return Some(*kind);
        }
    }
    for name in [file, sheet] {
        if let Some((kind, _)) = TELLING_NAMES.iter().find(|(_, words)| words.iter().any(|w| name.contains(w))) {
            return Some(*kind);
        }
    }
    // A list of residents by place, with nothing more specific: the household list.
    [Role::Address, Role::Township, Role::Village].iter().any(has).then_some(ListKind::Household)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::header::find_header;
    use crate::import::reader::Sheet;
    use crate::import::cell::Cell;

    fn header(titles: &[&str]) -> Header {
        let sheet = Sheet {
            name: "s".into(),
            first_row: 0,
            rows: vec![titles.iter().map(|t| Cell::Text(t.to_string())).collect()],
        };
        find_header(&sheet, &[]).unwrap()
    }

    #[test]
    fn columns_tell_the_kind() {
        assert_eq!(guess_kind(&header(&["姓名", "证件号码", "险种"]), "x.xlsx", "Sheet1"), Some(ListKind::Enrolment));
        assert_eq!(guess_kind(&header(&["新生儿姓名", "母亲身份证号"]), "x.xlsx", "Sheet1"), Some(ListKind::Birth));
        assert_eq!(guess_kind(&header(&["学生姓名", "身份证件号", "学校名称"]), "x.xlsx", "Sheet1"), Some(ListKind::School));
        assert_eq!(guess_kind(&header(&["员工姓名", "证件号码", "派遣单位"]), "x.xlsx", "Sheet1"), Some(ListKind::Roster));
        assert_eq!(guess_kind(&header(&["救助对象姓名", "身份证号码", "救助类别"]), "x.xlsx", "Sheet1"), Some(ListKind::Welfare));
        assert_eq!(guess_kind(&header(&["姓名", "身份证号", "死亡日期"]), "x.xlsx", "Sheet1"), Some(ListKind::Death));
    }

    #[test]
    fn the_file_name_settles_generic_columns() {
        let generic = header(&["姓名", "身份证号"]);
        assert_eq!(guess_kind(&generic, "户籍人口.xlsx", "Sheet1"), Some(ListKind::Household));
        assert_eq!(guess_kind(&generic, "已在外地参保人员.xlsx", "Sheet1"), Some(ListKind::Exclusion));
        assert_eq!(guess_kind(&generic, "2026年参保名单.xlsx", "Sheet1"), Some(ListKind::Enrolment));
        assert_eq!(guess_kind(&generic, "list.xlsx", "Sheet1"), None);
        assert_eq!(guess_kind(&generic, "list.xlsx", "户籍人口"), Some(ListKind::Household));
    }
}
