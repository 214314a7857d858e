//! The words lists use for a person's state, each as a typed enum with one table of the
//! spellings departments really write (docs/rules.md, "What counts as enrolled" and "Rows
//! whose own status takes them off their list").
//!
//! Every enum here (and every other stored vocabulary in the engine: list kinds, ID status,
//! outcomes, column roles …) is declared with [`stored_vocabulary!`](stored), the one
//! mapping between a value and its stored, IPC and display name; the rules compare enum
//! values, never text. A spelling no table knows is kept as `Other` (or `None`) and
//! reported by the import as a finding.

mod enrol_status;
mod person_status;
mod scheme;
mod sex;
mod stored;
mod subsidy;

pub use enrol_status::EnrolStatus;
pub use person_status::PersonStatus;
pub use scheme::Scheme;
pub use sex::Sex;
pub(crate) use stored::stored_vocabulary;
pub use stored::UnknownName;
pub use subsidy::Subsidy;

/// Words that turn a spelling around: 未参保 is not 参保, 非正常 not 正常.
const NEGATIONS: [&str; 6] = ["未", "非", "不", "无", "停止", "待"];

/// Finds `text` (trimmed, spaces removed) in a spelling table: an exact spelling first,
/// then the longest spelling it contains, so 低保边缘 is not read as 低保. A negation
/// beside that spelling makes the text unknown: 未参保 is not 参保 unless the table lists it.
fn lookup<T: Copy>(table: &[(&str, T)], text: &str) -> Option<T> {
    let cleaned: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some((_, value)) = table.iter().find(|(spelling, _)| *spelling == cleaned) {
        return Some(*value);
    }
    let (spelling, value) = table
        .iter()
        .filter(|(spelling, _)| cleaned.contains(spelling))
        .max_by_key(|(spelling, _)| spelling.chars().count())?;
    // A negation outside the spelling found turns it around (未 + 参保); one inside it is
    // part of the word (事实无人抚养儿童).
    let rest = cleaned.replacen(spelling, "", 1);
    (!NEGATIONS.iter().any(|n| rest.contains(n))).then_some(*value)
}
