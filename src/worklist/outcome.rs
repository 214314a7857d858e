//! The fixed list of follow-up outcomes officers choose from (docs/rules.md, "Field round-trip").

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What came of a follow-up visit or call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// 已参保: confirmed only when the next enrolment data shows it.
    Enrolled,
    /// 已动员待缴费.
    Mobilised,
    /// 拒绝参保.
    Refused,
    /// 外出联系不上.
    Unreachable,
    /// 已在外地参保: stops the person being flagged again.
    InsuredElsewhere,
    /// 已死亡: stops the person being flagged again.
    Deceased,
    /// 查无此人.
    Unknown,
    /// 其他.
    Other,
}

impl Outcome {
    pub const ALL: [Outcome; 8] = [
        Outcome::Enrolled,
        Outcome::Mobilised,
        Outcome::Refused,
        Outcome::Unreachable,
        Outcome::InsuredElsewhere,
        Outcome::Deceased,
        Outcome::Unknown,
        Outcome::Other,
    ];

    /// The label on the worklist's dropdown.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Enrolled => "已参保",
            Outcome::Mobilised => "已动员待缴费",
            Outcome::Refused => "拒绝参保",
            Outcome::Unreachable => "外出联系不上",
            Outcome::InsuredElsewhere => "已在外地参保",
            Outcome::Deceased => "已死亡",
            Outcome::Unknown => "查无此人",
            Outcome::Other => "其他",
        }
    }

    /// The stable code stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Enrolled => "enrolled",
            Outcome::Mobilised => "mobilised",
            Outcome::Refused => "refused",
            Outcome::Unreachable => "unreachable",
            Outcome::InsuredElsewhere => "insured_elsewhere",
            Outcome::Deceased => "deceased",
            Outcome::Unknown => "unknown",
            Outcome::Other => "other",
        }
    }

    /// The outcome stored as `code` ([`Outcome::as_str`]).
    pub fn from_stored(code: &str) -> Option<Outcome> {
        Self::ALL.into_iter().find(|o| o.as_str() == code)
    }

    /// Reads what an officer wrote: the dropdown's label (spaces ignored).
    pub fn from_label(text: &str) -> Option<Outcome> {
        let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        Self::ALL.into_iter().find(|o| o.label() == text)
    }

    /// True for outcomes that settle a person for good: not flagged again.
    pub fn settles(self) -> bool {
        matches!(self, Outcome::InsuredElsewhere | Outcome::Deceased)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_read_back() {
        for o in Outcome::ALL {
            assert_eq!(Outcome::from_label(o.label()), Some(o));
        }
        assert_eq!(Outcome::from_label(" 已 参保 "), Some(Outcome::Enrolled));
        assert_eq!(Outcome::from_label("参保了"), None);
    }
}
