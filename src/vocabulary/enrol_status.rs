//! 参保状态: whether an enrolment row counts as insured.
//!
//! The rules it implements are written down in docs/rules.md, "What counts as enrolled".

use super::stored_vocabulary;

stored_vocabulary! {
    /// The status of an enrolment row. Only [`EnrolStatus::Active`] counts as enrolled.
    pub enum EnrolStatus {
        /// 参保缴费 / 正常参保 / 正常缴费.
        Active = "active",
        /// 暂停参保 / 中断: not active.
        Suspended = "suspended",
        /// 终止参保 / 注销: not active.
        Terminated = "terminated",
        /// A status no table knows (reported at import); not active.
        Other = "other",
    }
}

/// How registers write the status. Terminated and suspended forms come first in meaning:
/// "终止缴费" holds 缴费 but is not active, which the longest-match lookup gets right.
const SPELLINGS: &[(&str, EnrolStatus)] = &[
    ("参保缴费", EnrolStatus::Active),
    ("正常参保", EnrolStatus::Active),
    ("正常缴费", EnrolStatus::Active),
    ("正常", EnrolStatus::Active),
    ("参保", EnrolStatus::Active),
    ("缴费", EnrolStatus::Active),
    ("在保", EnrolStatus::Active),
    ("暂停参保", EnrolStatus::Suspended),
    ("暂停缴费", EnrolStatus::Suspended),
    ("暂停", EnrolStatus::Suspended),
    ("中断参保", EnrolStatus::Suspended),
    ("中断缴费", EnrolStatus::Suspended),
    ("中断", EnrolStatus::Suspended),
    ("未参保", EnrolStatus::Suspended),
    ("未缴费", EnrolStatus::Suspended),
    ("待缴费", EnrolStatus::Suspended),
    ("欠费", EnrolStatus::Suspended),
    ("停止参保", EnrolStatus::Terminated),
    ("停止缴费", EnrolStatus::Terminated),
    ("终止参保", EnrolStatus::Terminated),
    ("终止缴费", EnrolStatus::Terminated),
    ("终止", EnrolStatus::Terminated),
    ("注销", EnrolStatus::Terminated),
    ("停保", EnrolStatus::Terminated),
    ("退保", EnrolStatus::Terminated),
];

impl EnrolStatus {
    /// Reads a register's wording; `None` for a spelling no table knows.
    pub fn parse(text: &str) -> Option<EnrolStatus> {
        super::lookup(SPELLINGS, text)
    }

    pub fn chinese_name(self) -> &'static str {
        match self {
            EnrolStatus::Active => "参保缴费",
            EnrolStatus::Suspended => "暂停参保",
            EnrolStatus::Terminated => "终止参保",
            EnrolStatus::Other => "状态不明",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_in_the_table_reads_as_its_status() {
        for (spelling, status) in SPELLINGS {
            assert_eq!(EnrolStatus::parse(spelling), Some(*status), "{spelling}");
        }
    }

    #[test]
    fn the_registers_wordings_read_right() {
        use EnrolStatus::*;
        for (text, want) in [
            ("正常参保", Active),
            ("参保缴费", Active),
            ("正常缴费", Active),
            ("暂停参保", Suspended),
            ("中断", Suspended),
            ("终止参保", Terminated),
            ("注销", Terminated),
            ("终止缴费", Terminated),
        ] {
            assert_eq!(EnrolStatus::parse(text), Some(want), "{text}");
        }
        assert_eq!(EnrolStatus::parse("???"), None);
        // Negations are never read as the word they negate.
        for text in ["未参保", "未缴费", "待缴费", "停止参保", "停止缴费"] {
            assert_ne!(EnrolStatus::parse(text), Some(Active), "{text}");
        }
        assert_eq!(EnrolStatus::parse("非正常参保"), None);
    }

    #[test]
    fn stored_names_read_back() {
        for s in EnrolStatus::ALL {
            assert_eq!(EnrolStatus::from_stored(s.as_str()), Some(s));
        }
    }
}
