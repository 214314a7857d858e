//! Every quality finding's code and words, in Chinese and English, built from the same
//! parameters: the import stores both beside the row, the cross-row checks build both
//! when asked. Values a list wrote are echoed masked (a shifted column may hold an ID).
//!
//! Findings stored before the English was kept (schema 010) are given theirs by
//! [`english_for_stored`]: the finding is rebuilt from its code and the value its Chinese
//! text quotes, and the English is used only if the rebuilt Chinese is the stored one.

use crate::bilingual::Bilingual;
use crate::identity::{mask_id, mask_numbers, IdStatus};

/// How many other rows or names a message names before it says how many in all.
pub(super) const NAMED: usize = 5;

/// One kind of finding with what its message says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FindingText {
    /// A row with data but neither name nor ID: reported, not stored.
    NoNameOrId,
    /// Bytes the file's encoding could not carry were replaced with U+FFFD.
    TextReplaced,
    /// The person's ID is unusable.
    IdUnusable(IdStatus),
    /// No usable ID and no birth date to pair with the name.
    Unidentifiable,
    /// The mother's ID on a birth list is unusable.
    MotherIdUnusable(IdStatus),
    NameMissing,
    NameHasPlaceholder,
    BirthDateUnreadable,
    /// A 出生年月 column's month differs from the ID's.
    BirthMonthContradictsId,
    BirthDateContradictsId,
    /// The sex as written (masked when shown).
    SexUnknown(String),
    SexContradictsId,
    PhoneInvalid,
    /// A start, death or leave date that cannot be read.
    DateUnreadable,
    /// The enrolment status as written.
    StatusUnknown(String),
    /// The scheme as written.
    SchemeUnknown(String),
    /// The subsidy category as written.
    SubsidyUnknown(String),
    /// The same ID on other rows of this list (`id` unmasked; masked when shown).
    DuplicateInList {
        id: String,
        other_rows: Vec<u32>,
    },
    /// The same ID under other names.
    IdNameConflict {
        id: String,
        own: String,
        others: Vec<String>,
    },
    /// A township the household list in force does not know.
    TownshipUnknown(String),
    /// The welfare roll's category and the register's subsidy category differ.
    WelfareCategoryDisagrees {
        category: String,
        subsidy: String,
    },
}

impl FindingText {
    /// The stable code stored and shown with the finding.
    pub fn code(&self) -> &'static str {
        match self {
            FindingText::NoNameOrId => "no_name_or_id",
            FindingText::TextReplaced => "text_replaced",
            FindingText::IdUnusable(status) => match status {
                IdStatus::Missing => "id_missing",
                IdStatus::LostPrecision => "id_lost_precision",
                IdStatus::BadChecksum => "id_bad_checksum",
                IdStatus::BadBirthDate => "id_bad_birth_date",
                IdStatus::BadRegion => "id_bad_region",
                _ => "id_malformed",
            },
            FindingText::Unidentifiable => "unidentifiable",
            FindingText::MotherIdUnusable(_) => "mother_id_unusable",
            FindingText::NameMissing => "name_missing",
            FindingText::NameHasPlaceholder => "name_has_placeholder",
            FindingText::BirthDateUnreadable => "birth_date_unreadable",
            FindingText::BirthMonthContradictsId | FindingText::BirthDateContradictsId => {
                "birth_date_contradicts_id"
            }
            FindingText::SexUnknown(_) => "sex_unknown",
            FindingText::SexContradictsId => "sex_contradicts_id",
            FindingText::PhoneInvalid => "phone_invalid",
            FindingText::DateUnreadable => "date_unreadable",
            FindingText::StatusUnknown(_) => "status_unknown",
            FindingText::SchemeUnknown(_) => "scheme_unknown",
            FindingText::SubsidyUnknown(_) => "subsidy_unknown",
            FindingText::DuplicateInList { .. } => "duplicate_in_list",
            FindingText::IdNameConflict { .. } => "id_name_conflict",
            FindingText::TownshipUnknown(_) => "township_unknown",
            FindingText::WelfareCategoryDisagrees { .. } => "welfare_category_disagrees",
        }
    }

    /// What is wrong and what to do, in both languages.
    pub fn text(&self) -> Bilingual {
        match self {
            FindingText::NoNameOrId => Bilingual::new(
                "该行有数据但姓名和身份证号都为空，未导入；请补全后重新导入",
                "The row has data but neither a name nor an ID number, so it was not imported; complete it and import again",
            ),
            FindingText::TextReplaced => Bilingual::new(
                "该单元格有无法识别的字节（文件编码有误），已替换为 �；请核对原文件",
                "The cell has bytes that could not be read (the file's encoding is wrong), replaced with �; check the original file",
            ),
            FindingText::IdUnusable(status) => id_text(*status, "", "the ID number"),
            FindingText::MotherIdUnusable(status) => {
                id_text(*status, "母亲", "the mother's ID number")
            }
            FindingText::Unidentifiable => Bilingual::new(
                "身份证号无法识别，也没有出生日期可与姓名一起比对：这一行无法与参保记录比对，不列为缺口；请核实后补报身份证号",
                "The ID number cannot be read and there is no date of birth to compare with the name: this row cannot be compared with the enrolment register and is not listed as a gap; check it and send the ID number",
            ),
            FindingText::NameMissing => Bilingual::new("姓名为空", "The name is empty"),
            FindingText::NameHasPlaceholder => Bilingual::new(
                "姓名含无法显示的生僻字（?、□ 或自造字），只能按身份证号比对；请向报送单位核实正确写法",
                "The name has a rare character that cannot be shown (?, □ or a made-up character), so it is compared by ID number only; ask the sending unit for the right spelling",
            ),
            FindingText::BirthDateUnreadable => Bilingual::new(
                "出生日期无法识别；请写成 2025-03-05 或 2025年3月5日",
                "The date of birth cannot be read; write it as 2025-03-05",
            ),
            FindingText::BirthMonthContradictsId => Bilingual::new(
                "出生年月与身份证号中的出生日期不一致",
                "The month of birth does not agree with the date of birth in the ID number",
            ),
            FindingText::BirthDateContradictsId => Bilingual::new(
                "出生日期与身份证号中的出生日期不一致",
                "The date of birth does not agree with the one in the ID number",
            ),
            FindingText::SexUnknown(written) => {
                let v = mask_numbers(written);
                Bilingual::new(
                    format!("性别“{v}”无法识别；请写成 男/女（或 1/2）"),
                    format!("Sex “{v}” cannot be read; write male or female in Chinese (or 1/2)"),
                )
            }
            FindingText::SexContradictsId => Bilingual::new(
                "性别与身份证号第 17 位（单数为男、双数为女）不一致",
                "The sex does not agree with the 17th digit of the ID number (odd for male, even for female)",
            ),
            FindingText::PhoneInvalid => Bilingual::new(
                "联系电话不是有效的手机号或固定电话",
                "The phone number is not a valid mobile or landline number",
            ),
            FindingText::DateUnreadable => Bilingual::new(
                "日期无法识别；请写成 2025-03-05 或 2025年3月5日",
                "The date cannot be read; write it as 2025-03-05",
            ),
            FindingText::StatusUnknown(written) => {
                let v = mask_numbers(written);
                Bilingual::new(
                    format!("参保状态“{v}”无法识别，按未参保处理；请核实"),
                    format!("Enrolment status “{v}” cannot be read and is taken as not enrolled; check it"),
                )
            }
            FindingText::SchemeUnknown(written) => {
                let v = mask_numbers(written);
                Bilingual::new(
                    format!("险种“{v}”无法识别；请核实"),
                    format!("Scheme “{v}” cannot be read; check it"),
                )
            }
            FindingText::SubsidyUnknown(written) => {
                let v = mask_numbers(written);
                Bilingual::new(
                    format!("资助类别“{v}”无法识别，按已资助处理；请核实"),
                    format!("Subsidy category “{v}” cannot be read and is taken as subsidised; check it"),
                )
            }
            FindingText::DuplicateInList { id, other_rows } => {
                let (zh, en) = row_list(other_rows);
                let id = mask_id(id);
                Bilingual::new(
                    format!("身份证号 {id} 在本名单中重复出现（另见{zh}）；请确认是否同一人"),
                    format!("ID number {id} appears more than once in this list (see also {en}); check whether it is the same person"),
                )
            }
            FindingText::IdNameConflict { id, own, others } => {
                let id = mask_id(id);
                Bilingual::new(
                    format!(
                        "身份证号 {id} 在此写作“{own}”，在其他行写作“{}”；请核实是否录错证件号或姓名",
                        others.join("”“")
                    ),
                    format!(
                        "ID number {id} is written here as “{own}” and on other rows as “{}”; check whether the ID number or the name was mistyped",
                        others.join("” “")
                    ),
                )
            }
            FindingText::TownshipUnknown(township) => {
                let v = mask_numbers(township);
                Bilingual::new(
                    format!("乡镇“{v}”在使用中的户籍名单里找不到（已按原写法统计和分派）；请核对写法"),
                    format!("Township “{v}” is not in the household list in force (counted and routed under the name as written); check the spelling"),
                )
            }
            FindingText::WelfareCategoryDisagrees { category, subsidy } => {
                let (c, s) = (mask_numbers(category), mask_numbers(subsidy));
                Bilingual::new(
                    format!("民政名单的救助类别“{c}”与参保记录的资助类别“{s}”不一致；请核实哪份名单是最新的"),
                    format!("The welfare list's category “{c}” does not agree with the enrolment register's subsidy category “{s}”; check which list is the newer"),
                )
            }
        }
    }
}

/// An unusable ID's message; `whose` prefixes the Chinese (母亲), `subject` names the ID
/// in the English.
fn id_text(status: IdStatus, whose: &str, subject: &str) -> Bilingual {
    let en = match status {
        IdStatus::Missing => format!("{subject} is empty"),
        IdStatus::LostPrecision => format!("Excel stored {subject} as a number and its last digits are lost, beyond repair; ask the sending unit to set the column to text and export again"),
        IdStatus::BadChecksum => format!("{subject} has a check digit that does not fit, probably mistyped; check the original"),
        IdStatus::BadBirthDate => format!("the date of birth in {subject} is not a real date; check the original"),
        IdStatus::BadRegion => format!("{subject} has an invalid region code; check the original"),
        _ => format!("{subject} has the wrong length or characters (it should have 18 or 15); check the original"),
    };
    let zh = status.problem_message().unwrap_or_default();
    Bilingual::new(format!("{whose}{zh}"), capitalise(&en))
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// "第 3、7、9 行" / "row 3, 7, 9", or with "等 40 处" / "(40 in all)" past [`NAMED`].
fn row_list(rows: &[u32]) -> (String, String) {
    let shown: Vec<String> = rows.iter().take(NAMED).map(u32::to_string).collect();
    let (zh_more, en_more) = if rows.len() > NAMED {
        (
            format!("等 {} 处", rows.len()),
            format!(" ({} in all)", rows.len()),
        )
    } else {
        (String::new(), String::new())
    };
    let noun = if rows.len() == 1 { "row" } else { "rows" };
    (
        format!("第 {} 行{zh_more}", shown.join("、")),
        format!("{noun} {}{en_more}", shown.join(", ")),
    )
}

/// The English of a finding stored with its Chinese only, when the finding can be
/// rebuilt from `code` and the value the Chinese quotes and says exactly `zh`.
pub fn english_for_stored(code: &str, zh: &str) -> Option<String> {
    let quoted = zh
        .split_once('“')
        .and_then(|(_, rest)| rest.split_once('”'))
        .map(|(value, _)| value.to_string())
        .unwrap_or_default();
    let unusable = IdStatus::ALL.iter().filter(|s| !s.is_usable()).copied();
    let mut candidates = vec![
        FindingText::NoNameOrId,
        FindingText::TextReplaced,
        FindingText::Unidentifiable,
        FindingText::NameMissing,
        FindingText::NameHasPlaceholder,
        FindingText::BirthDateUnreadable,
        FindingText::BirthMonthContradictsId,
        FindingText::BirthDateContradictsId,
        FindingText::SexContradictsId,
        FindingText::PhoneInvalid,
        FindingText::DateUnreadable,
        FindingText::SexUnknown(quoted.clone()),
        FindingText::StatusUnknown(quoted.clone()),
        FindingText::SchemeUnknown(quoted.clone()),
        FindingText::SubsidyUnknown(quoted),
    ];
    for status in unusable {
        candidates.push(FindingText::IdUnusable(status));
        candidates.push(FindingText::MotherIdUnusable(status));
    }
    candidates
        .into_iter()
        .filter(|c| c.code() == code)
        .map(|c| c.text())
        .find(|text| text.zh == zh)
        .map(|text| text.en)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_chinese_finding_gets_the_english_it_was_built_with() {
        let sex = FindingText::SexUnknown("未知".into());
        let text = sex.text();
        assert_eq!(
            english_for_stored(sex.code(), &text.zh).as_deref(),
            Some(text.en.as_str())
        );
        let mother = FindingText::MotherIdUnusable(IdStatus::BadChecksum);
        assert_eq!(
            english_for_stored(mother.code(), &mother.text().zh),
            Some(mother.text().en)
        );
        // Text this build never wrote under that code stays without English.
        assert_eq!(english_for_stored("sex_unknown", "性别写错了"), None);
        assert_eq!(
            english_for_stored(
                "name_missing",
                "性别与身份证号第 17 位（单数为男、双数为女）不一致"
            ),
            None
        );
    }

    /// One of each kind, values quoted as a list could write them.
    fn every_kind() -> Vec<FindingText> {
        let mut all = vec![
            FindingText::NoNameOrId,
            FindingText::TextReplaced,
            FindingText::Unidentifiable,
            FindingText::NameMissing,
            FindingText::NameHasPlaceholder,
            FindingText::BirthDateUnreadable,
            FindingText::BirthMonthContradictsId,
            FindingText::BirthDateContradictsId,
            FindingText::SexUnknown("未知".into()),
            FindingText::SexContradictsId,
            FindingText::PhoneInvalid,
            FindingText::DateUnreadable,
            FindingText::StatusUnknown("暂停".into()),
            FindingText::SchemeUnknown("大病".into()),
            FindingText::SubsidyUnknown("残疾".into()),
            FindingText::DuplicateInList {
                id: "11010519491231002X".into(),
                other_rows: vec![3],
            },
            FindingText::IdNameConflict {
                id: "11010519491231002X".into(),
                own: "李娜".into(),
                others: vec!["李娜娜".into(), "李那".into()],
            },
            FindingText::TownshipUnknown("海成镇".into()),
            FindingText::WelfareCategoryDisagrees {
                category: "低保".into(),
                subsidy: "特困".into(),
            },
        ];
        for status in IdStatus::ALL.into_iter().filter(|s| !s.is_usable()) {
            all.push(FindingText::IdUnusable(status));
            all.push(FindingText::MotherIdUnusable(status));
        }
        all
    }

    #[test]
    fn every_kind_of_finding_has_english_with_only_the_quoted_values_in_chinese() {
        let is_chinese = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
        for finding in every_kind() {
            let Bilingual { zh, en } = finding.text();
            let unquoted: String = en
                .split('“')
                .map(|part| part.split_once('”').map_or(part, |(_, after)| after))
                .collect();
            assert!(
                !unquoted.chars().any(is_chinese),
                "{}: {en}",
                finding.code()
            );
            assert!(zh.chars().any(is_chinese), "{}: {zh}", finding.code());
            let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
            // The Chinese shows the Chinese way of writing a date too; the English, ISO only.
            let zh_digits = digits(&zh.replace(" 或 2025年3月5日", ""));
            assert_eq!(zh_digits, digits(&en), "{zh} / {en}");
        }
    }

    #[test]
    fn a_duplicate_names_five_other_rows_then_how_many_in_both_languages() {
        let text = FindingText::DuplicateInList {
            id: "11010519491231002X".into(),
            other_rows: (1..=7).collect(),
        }
        .text();
        assert!(
            text.zh.contains("第 1、2、3、4、5 行等 7 处"),
            "{}",
            text.zh
        );
        assert!(
            text.en.contains("rows 1, 2, 3, 4, 5 (7 in all)"),
            "{}",
            text.en
        );
        assert!(text.en.contains("110105********002X"), "{}", text.en);
        assert!(!text.en.contains("11010519491231002X"));
    }
}
