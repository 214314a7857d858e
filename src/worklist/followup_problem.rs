//! What a filled worklist row can be refused for, in the words an officer reads: each
//! problem's Chinese (which quotes the sheet's own column names) and its English for the
//! app's English mode, built side by side from the same values so they never disagree.

use serde::Serialize;
use ts_rs::TS;

use super::columns as col;
use crate::bilingual::Bilingual;

/// A row that could not be applied, and why. `row` 0 stands for the whole sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FollowupProblem {
    pub sheet: String,
    pub row: u32,
    /// What is wrong and what to do, in Chinese (the sheet's own column names quoted).
    pub message: String,
    /// The same in English, for the app's English mode.
    pub message_en: String,
}

impl FollowupProblem {
    pub(super) fn new(sheet: &str, row: u32, text: Bilingual) -> Self {
        FollowupProblem {
            sheet: sheet.to_string(),
            row,
            message: text.zh,
            message_en: text.en,
        }
    }
}

/// A sheet with content but no outcome column near its top: not a worklist at all.
pub(super) fn not_a_worklist() -> Bilingual {
    Bilingual::new(
        format!(
            "不是跟进名单（前 30 行中没有“{}”列），整张表未导入",
            col::OUTCOME
        ),
        format!(
            "Not a worklist (no “{}” outcome column in the first 30 rows); the sheet was not imported",
            col::OUTCOME
        ),
    )
}

/// A worklist whose token and case-code columns are both gone: no row can be tied to anyone.
pub(super) fn no_token_or_case_code_column() -> Bilingual {
    Bilingual::new(
        format!("没有“{}”列，也没有“{}”列，无法确定每行是谁；整张表未导入，请用原表填写或补回案件码列", col::TOKEN, col::CASE_CODE),
        format!("Neither a “{}” (row token) nor a “{}” (case code) column, so no row can be tied to its person; the sheet was not imported, fill in the sheet as sent or put the case-code column back", col::TOKEN, col::CASE_CODE),
    )
}

/// A worklist without its name column: no row can be checked against its person.
pub(super) fn no_name_column() -> Bilingual {
    Bilingual::new(
        format!(
            "没有“{}”列，无法核对每行是否还是发放时的那个人；整张表未导入，请补回姓名列",
            col::NAME
        ),
        format!(
            "No “{}” (name) column, so no row can be checked against the person it was issued for; the sheet was not imported, put the name column back",
            col::NAME
        ),
    )
}

/// The name written on the row is not the one its case code was issued for.
pub(super) fn name_differs(written: &str, code: Option<&str>, issued_to: &str) -> Bilingual {
    Bilingual::new(
        format!(
            "{}“{written}”与这一行的案件码 {} 发放时的“{issued_to}”不符（案件码或行令牌可能在排序、粘贴时错位）；未导入，请核对这一行",
            col::NAME,
            code.unwrap_or("（无）"),
        ),
        format!(
            "Name ({}) “{written}” is not “{issued_to}”, to whom case code {} was issued (the case code or row token may have moved in a sort or paste); not imported, check this row",
            col::NAME,
            code.unwrap_or("(none)"),
        ),
    )
}

/// The (masked) ID written on the row is not the one issued with its case code.
pub(super) fn id_differs(written: &str, code: Option<&str>, issued: &str) -> Bilingual {
    Bilingual::new(
        format!(
            "{}“{written}”与案件码 {} 发放时的“{issued}”不符；未导入，请核对这一行",
            col::ID,
            code.unwrap_or("（无）"),
        ),
        format!(
            "ID number ({}) “{written}” is not “{issued}”, as issued with case code {}; not imported, check this row",
            col::ID,
            code.unwrap_or("(none)"),
        ),
    )
}

/// The typed case code and the hidden token name different cases.
pub(super) fn code_and_token_differ(code: &str) -> Bilingual {
    Bilingual::new(
        format!(
            "{}“{code}”与隐藏的行令牌不是同一人（行可能被粘贴覆盖过）；未导入，请核对这一行",
            col::CASE_CODE
        ),
        format!(
            "Case code ({}) “{code}” and the hidden row token name different people (the row may have been pasted over); not imported, check this row",
            col::CASE_CODE
        ),
    )
}

/// A case code this database never issued.
pub(super) fn code_not_issued(code: &str) -> Bilingual {
    Bilingual::new(
        format!("{}“{code}”不是本系统发放的；请核对是否抄错", col::CASE_CODE),
        format!(
            "Case code ({}) “{code}” was not issued by this system; check it was copied right",
            col::CASE_CODE
        ),
    )
}

/// A row with neither a known token nor a case code: nothing ties it to a person.
pub(super) fn untied_row(has_token: bool, name: Option<&str>) -> Bilingual {
    let (why_zh, why_en) = if has_token {
        (
            "行令牌不是本系统导出的",
            "The row token was not exported by this system",
        )
    } else {
        ("没有案件码", "No case code")
    };
    Bilingual::new(
        format!(
            "{why_zh}{}，可能是手工添加的行；未导入，请在系统中核对此人，或填上原表中的案件码",
            name.map_or_else(String::new, |n| format!("（{n}）"))
        ),
        format!(
            "{why_en}{}; the row may have been added by hand. Not imported: check this person in the system, or write in the case code from the sheet sent",
            name.map_or_else(String::new, |n| format!(" ({n})"))
        ),
    )
}

/// A date, officer or note filled in without an outcome.
pub(super) fn no_outcome_chosen() -> Bilingual {
    Bilingual::new(
        format!(
            "填了{}、{}或{}，但没有选择{}；未导入，请补选跟进结果",
            col::OUTCOME_DATE,
            col::OFFICER,
            col::NOTE,
            col::OUTCOME
        ),
        format!(
            "A date ({}), officer ({}) or note ({}) is filled in but no outcome ({}) chosen; not imported, choose the outcome",
            col::OUTCOME_DATE,
            col::OFFICER,
            col::NOTE,
            col::OUTCOME
        ),
    )
}

/// An outcome typed over the dropdown (`typed` already masked).
pub(super) fn outcome_not_in_list(typed: &str) -> Bilingual {
    Bilingual::new(
        format!("{}“{typed}”不在下拉列表中；未导入，请从列表中选择", col::OUTCOME),
        format!(
            "Outcome ({}) “{typed}” is not one of the list's choices; not imported, choose one from the list",
            col::OUTCOME
        ),
    )
}

/// A follow-up date that reads as no date.
pub(super) fn unreadable_date(text: &str, example: &str) -> Bilingual {
    Bilingual::new(
        format!(
            "{}“{text}”无法识别为日期；未导入，请填写具体日期，如 {example}",
            col::OUTCOME_DATE
        ),
        format!(
            "Follow-up date ({}) “{text}” cannot be read as a date; not imported, write a date such as {example}",
            col::OUTCOME_DATE
        ),
    )
}
