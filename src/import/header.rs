//! Finding the header row below title rows, and what each column means.
//!
//! Headers vary wildly between departments; each [`Role`] has the synonyms seen in the
//! field. A header cell is compared after removing spaces, line breaks, asterisks and a
//! trailing note in brackets, so "身份证号码（必填）" and "* 身份证号" both match.

use std::collections::BTreeMap;

use super::cell::Cell;
use super::reader::Sheet;
use crate::ListKind;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Serial,
    Name,
    IdNumber,
    BirthDate,
    Sex,
    Township,
    Village,
    Address,
    Phone,
    /// 人员状态: alive, deceased, moved away.
    PersonStatus,
    /// 参保状态: 参保缴费 / 暂停 / 终止.
    EnrolStatus,
    /// A bare "状态": person status on a household list, enrolment status on an enrolment list.
    Status,
    Scheme,
    Year,
    PeriodStart,
    PeriodEnd,
    Employer,
    Subsidy,
    PersonNumber,
}

impl Role {
    /// The stable name used in stored mappings.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Serial => "serial",
            Role::Name => "name",
            Role::IdNumber => "id_number",
            Role::BirthDate => "birth_date",
            Role::Sex => "sex",
            Role::Township => "township",
            Role::Village => "village",
            Role::Address => "address",
            Role::Phone => "phone",
            Role::PersonStatus => "person_status",
            Role::EnrolStatus => "enrol_status",
            Role::Status => "status",
            Role::Scheme => "scheme",
            Role::Year => "year",
            Role::PeriodStart => "period_start",
            Role::PeriodEnd => "period_end",
            Role::Employer => "employer",
            Role::Subsidy => "subsidy",
            Role::PersonNumber => "person_number",
        }
    }
}

const SYNONYMS: &[(Role, &[&str])] = &[
    (Role::Serial, &["序号", "编号", "No", "NO"]),
    (
        Role::Name,
        &[
            "姓名",
            "名字",
            "员工姓名",
            "学生姓名",
            "救助对象姓名",
            "新生儿姓名",
            "参保人姓名",
            "人员姓名",
            "参保人",
        ],
    ),
    (
        Role::IdNumber,
        &[
            "身份证号",
            "身份证号码",
            "公民身份号码",
            "公民身份证号码",
            "证件号码",
            "证件号",
            "身份证件号",
            "身份证件号码",
            "社会保障号码",
            "社会保障号",
            "身份证",
            "居民身份证号码",
        ],
    ),
    (
        Role::BirthDate,
        &["出生日期", "出生年月", "出生年月日", "生日"],
    ),
    (Role::Sex, &["性别"]),
    (
        Role::Township,
        &[
            "乡镇",
            "乡镇(街道)",
            "乡镇（街道）",
            "镇(街道)",
            "镇（街道）",
            "镇街",
            "所属镇",
            "所属乡镇",
            "街道",
            "所属镇街",
        ],
    ),
    (
        Role::Village,
        &[
            "村(社区)",
            "村（社区）",
            "村居",
            "社区",
            "所属村",
            "村委会",
            "居委会",
            "所属村(社区)",
            "所属村（社区）",
            "村",
        ],
    ),
    (
        Role::Address,
        &[
            "住址",
            "地址",
            "户籍地址",
            "家庭住址",
            "居住地址",
            "户籍所在地",
        ],
    ),
    (
        Role::Phone,
        &["联系电话", "电话", "手机号", "手机号码", "联系方式", "手机"],
    ),
    (Role::PersonStatus, &["人员状态", "户籍状态", "户口状态"]),
    (
        Role::EnrolStatus,
        &["参保状态", "缴费状态", "参保缴费状态", "个人参保状态"],
    ),
    (Role::Status, &["状态"]),
    (Role::Scheme, &["险种", "参保险种", "险种类型", "险种名称"]),
    (Role::Year, &["缴费年度", "参保年度", "年度"]),
    (
        Role::PeriodStart,
        &["参保开始日期", "参保起始日期", "开始日期", "起始日期"],
    ),
    (
        Role::PeriodEnd,
        &["参保终止日期", "参保结束日期", "终止日期", "结束日期"],
    ),
    (Role::Employer, &["单位名称", "参保单位", "工作单位"]),
    (Role::Subsidy, &["资助类别", "资助类型", "资助参保类别"]),
    (
        Role::PersonNumber,
        &["个人编号", "个人社保编号", "人员编号"],
    ),
];

/// Examples of the ID column's header, for messages.
pub const ID_HEADER_EXAMPLES: &str = "身份证号、公民身份号码、证件号码";
/// Examples of the name column's header, for messages.
pub const NAME_HEADER_EXAMPLES: &str = "姓名、员工姓名、学生姓名";

/// Rows searched for a header: title rows rarely take more than a few.
const HEADER_SEARCH_ROWS: usize = 30;

/// Strips what decorates a header: spaces, line breaks, asterisks, a bracketed note.
fn clean_header(text: &str) -> String {
    let mut s: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '＊' | ':' | '：'))
        .collect();
    for (open, close) in [('（', '）'), ('(', ')')] {
        if s.ends_with(close) {
            if let Some(start) = s.rfind(open) {
                let inner = &s[start..];
                // Keep brackets that are part of the name, like 乡镇(街道) or 村(社区).
                if !(inner.contains("街道") || inner.contains("社区")) {
                    s.truncate(start);
                }
            }
        }
    }
    s
}

/// The role a header text names, if any.
pub fn role_of(header: &str) -> Option<Role> {
    let cleaned = clean_header(header);
    SYNONYMS
        .iter()
        .find(|(_, names)| names.iter().any(|n| *n == cleaned))
        .map(|(role, _)| *role)
}

/// A located header: its row in the sheet and the column of each role.
#[derive(Debug, Clone)]
pub struct Header {
    /// Index into `Sheet::rows`.
    pub row_index: usize,
    /// Header text of every non-empty column, by column index.
    pub titles: BTreeMap<usize, String>,
    /// The first column of each role.
    pub columns: BTreeMap<Role, usize>,
}

impl Header {
    pub fn column(&self, role: Role) -> Option<usize> {
        self.columns.get(&role).copied()
    }

    /// The header text of a role's column, for messages and stored mappings.
    pub fn title(&self, role: Role) -> Option<&str> {
        self.column(role)
            .and_then(|c| self.titles.get(&c))
            .map(String::as_str)
    }

    /// True when `row` repeats this header (as when a printed list repeats it per page).
    pub fn is_repeated_in(&self, row: &[Cell]) -> bool {
        let Some(col) = self.column(Role::IdNumber).or(self.column(Role::Name)) else {
            return false;
        };
        row.get(col)
            .and_then(Cell::text)
            .is_some_and(|t| clean_header(&t) == clean_header(&self.titles[&col]))
    }
}

/// Finds the header row of a sheet: the first row, among the first few, naming at least
/// two roles one of which is the name or the ID.
pub fn find_header(sheet: &Sheet) -> Option<Header> {
    sheet
        .rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .enumerate()
        .find_map(|(row_index, row)| {
            let mut titles = BTreeMap::new();
            let mut columns = BTreeMap::new();
            for (col, cell) in row.iter().enumerate() {
                let Some(text) = cell.text() else { continue };
                if let Some(role) = role_of(&text) {
                    columns.entry(role).or_insert(col);
                }
                titles.insert(col, text);
            }
            let names_a_person =
                columns.contains_key(&Role::Name) || columns.contains_key(&Role::IdNumber);
            (names_a_person && columns.len() >= 2).then_some(Header {
                row_index,
                titles,
                columns,
            })
        })
}

/// Guesses the list kind from the roles a header names, then from the file name.
pub fn guess_kind(header: &Header, file: &str) -> Option<ListKind> {
    let has = |r: Role| header.columns.contains_key(&r);
    if [
        Role::Scheme,
        Role::EnrolStatus,
        Role::Year,
        Role::PeriodStart,
        Role::PersonNumber,
        Role::Subsidy,
    ]
    .into_iter()
    .any(has)
    {
        return Some(ListKind::Enrolment);
    }
    if file.contains("参保") || file.contains("医保") {
        return Some(ListKind::Enrolment);
    }
    if file.contains("户籍") || file.contains("户口") || file.contains("人口") {
        return Some(ListKind::Household);
    }
    if [
        Role::PersonStatus,
        Role::Address,
        Role::Township,
        Role::Village,
    ]
    .into_iter()
    .any(has)
    {
        return Some(ListKind::Household);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet {
            name: "Sheet1".into(),
            first_row: 0,
            rows: rows
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|s| {
                            if s.is_empty() {
                                Cell::Empty
                            } else {
                                Cell::Text(s.to_string())
                            }
                        })
                        .collect()
                })
                .collect(),
        }
    }

    #[test]
    fn matches_decorated_headers() {
        assert_eq!(role_of("身份证号码（必填）"), Some(Role::IdNumber));
        assert_eq!(role_of("* 公民身份\n号码"), Some(Role::IdNumber));
        assert_eq!(role_of("乡镇（街道）"), Some(Role::Township));
        assert_eq!(role_of("村(社区)"), Some(Role::Village));
        assert_eq!(role_of("备注"), None);
    }

    #[test]
    fn finds_the_header_below_title_rows() {
        let s = sheet(&[
            &["海丰县2026年6月户籍人口花名册", "", ""],
            &["填报单位：海城镇", "", ""],
            &["", "", ""],
            &["序号", "姓名", "公民身份号码"],
            &["1", "陈大文", "11010519491231002X"],
        ]);
        let header = find_header(&s).unwrap();
        assert_eq!(header.row_index, 3);
        assert_eq!(header.column(Role::IdNumber), Some(2));
        assert_eq!(header.title(Role::Name), Some("姓名"));
    }

    #[test]
    fn a_title_that_mentions_a_role_is_not_a_header() {
        let s = sheet(&[&["姓名"], &["姓名", "身份证号"]]);
        assert_eq!(find_header(&s).unwrap().row_index, 1);
    }

    #[test]
    fn guesses_enrolment_from_its_columns_and_household_from_its_name() {
        let enrol = find_header(&sheet(&[&["姓名", "证件号码", "险种", "参保状态"]])).unwrap();
        assert_eq!(guess_kind(&enrol, "x.xlsx"), Some(ListKind::Enrolment));
        let plain = find_header(&sheet(&[&["姓名", "身份证号"]])).unwrap();
        assert_eq!(
            guess_kind(&plain, "户籍人口.xlsx"),
            Some(ListKind::Household)
        );
        assert_eq!(guess_kind(&plain, "list.xlsx"), None);
    }
}
