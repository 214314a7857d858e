//! Lines below or inside a list that are not data and not a problem either: totals
//! (合计, 小计 …) and signature or note lines (制表, 审核, 注： …). Both are checked on every
//! row, so they read the cells in place.

use super::cell::Cell;

const TOTALS_WORDS: [&str; 4] = ["合计", "总计", "小计", "共计"];

/// How signature, note and 制表 lines below a list begin: not data, and not a problem.
const FOOTER_WORDS: [&str; 10] = [
    "制表",
    "审核",
    "填报人",
    "填报日期",
    "负责人",
    "经办人",
    "备注：",
    "说明：",
    "注：",
    "签字",
];

/// A signature or note line: its first filled cell starts with a footer word (spaces
/// inside ignored). Read in place, like [`is_totals_row`]: this runs on every row.
pub(super) fn is_footer_row(row: &[Cell]) -> bool {
    let Some(Cell::Text(first)) = row.iter().find(|c| !c.is_blank()) else {
        return false;
    };
    starts_with_any(first, &FOOTER_WORDS)
}

/// True when `text`, whitespace inside ignored, starts with one of `words`. Most texts
/// (every name, ID and place of a list) start with none of the words' first characters:
/// told after one character.
fn starts_with_any(text: &str, words: &[&str]) -> bool {
    let Some(lead) = text.chars().find(|c| !c.is_whitespace()) else {
        return false;
    };
    words.iter().any(|w| {
        if !w.starts_with(lead) {
            return false;
        }
        let mut chars = text.chars().filter(|c| !c.is_whitespace());
        w.chars().all(|wc| chars.next() == Some(wc))
    })
}

/// A totals line: one of the first three non-blank cells starts with 合计 and the like
/// (whitespace inside ignored, "合 计"). Read in place: this runs on every row.
pub(super) fn is_totals_row(row: &[Cell]) -> bool {
    let texts = row.iter().filter(|c| !c.is_blank()).take(3);
    texts
        .filter_map(|c| match c {
            Cell::Text(t) => Some(t.as_str()),
            _ => None,
        })
        .any(|t| starts_with_any(t, &TOTALS_WORDS))
}
