//! Follow-up outcomes: the fixed list officers choose from (docs/rules.md, "Field
//! round-trip") and, in [`store`], how they are recorded and read back.
//!
//! This sits below both `analysis` (outcomes settle people and feed the funnel) and
//! `worklist` (which prints the dropdown and reads filled sheets back), so neither reaches
//! into the other for them.

pub mod store;

use crate::vocabulary::stored_vocabulary;

stored_vocabulary! {
    /// What came of a follow-up visit or call.
    pub enum Outcome {
        /// 已参保: confirmed only when the next enrolment data shows it.
        Enrolled = "enrolled",
        /// 已动员待缴费.
        Mobilised = "mobilised",
        /// 拒绝参保.
        Refused = "refused",
        /// 外出联系不上.
        Unreachable = "unreachable",
        /// 已在外地参保: stops the person being flagged again.
        InsuredElsewhere = "insured_elsewhere",
        /// 已死亡: stops the person being flagged again.
        Deceased = "deceased",
        /// 查无此人.
        Unknown = "unknown",
        /// 其他.
        Other = "other",
    }
}

impl Outcome {
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

    /// The label in the app's English mode (as the UI's `outcome.*`).
    pub fn english_label(self) -> &'static str {
        match self {
            Outcome::Enrolled => "Enrolled",
            Outcome::Mobilised => "Mobilised, payment pending",
            Outcome::Refused => "Refused",
            Outcome::Unreachable => "Away, unreachable",
            Outcome::InsuredElsewhere => "Insured elsewhere",
            Outcome::Deceased => "Deceased",
            Outcome::Unknown => "Unknown person",
            Outcome::Other => "Other",
        }
    }

    /// Reads what an officer wrote: the dropdown's label (spaces ignored).
    pub fn from_label(text: &str) -> Option<Outcome> {
        let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        Self::ALL.into_iter().find(|o| o.label() == text)
    }

    /// The outcomes that count as "mobilised" in the funnel: the field said they will pay
    /// or have paid (enrolment itself is confirmed only by the next register).
    pub const MOVING: [Outcome; 2] = [Outcome::Mobilised, Outcome::Enrolled];

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
