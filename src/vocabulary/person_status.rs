//! 人员状态 and its kin: whether a row of a household list, welfare roll or roster still
//! describes someone on that list.
//!
//! The rules it implements are written down in docs/rules.md,
//! "Rows whose own status takes them off their list".

use super::stored_vocabulary;

stored_vocabulary! {
    /// The state a list row gives its person.
    pub enum PersonStatus {
        /// 正常 / 在册 / 在保: on the list.
        Current = "current",
        /// 迁出: moved away; not a resident any more.
        MovedOut = "moved_out",
        /// 注销: the registration was cancelled; not a resident.
        Deregistered = "deregistered",
        /// 死亡 / 已故 / 身故: deceased, which suppresses every gap for good.
        Deceased = "deceased",
        /// 退出 / 停保 / 取消: off the welfare roll.
        OffRoll = "off_roll",
        /// 离职 / 离岗: no longer a worker of the agency.
        LeftJob = "left_job",
    }
}

const SPELLINGS: &[(&str, PersonStatus)] = &[
    ("正常", PersonStatus::Current),
    ("在册", PersonStatus::Current),
    ("在保", PersonStatus::Current),
    ("在职", PersonStatus::Current),
    ("有效", PersonStatus::Current),
    ("迁出", PersonStatus::MovedOut),
    ("已迁出", PersonStatus::MovedOut),
    ("户口迁出", PersonStatus::MovedOut),
    ("注销", PersonStatus::Deregistered),
    ("已注销", PersonStatus::Deregistered),
    ("户口注销", PersonStatus::Deregistered),
    ("死亡", PersonStatus::Deceased),
    ("已故", PersonStatus::Deceased),
    ("身故", PersonStatus::Deceased),
    ("死亡注销", PersonStatus::Deceased),
    ("退出", PersonStatus::OffRoll),
    ("已退出", PersonStatus::OffRoll),
    ("停保", PersonStatus::OffRoll),
    ("停发", PersonStatus::OffRoll),
    ("取消", PersonStatus::OffRoll),
    ("离职", PersonStatus::LeftJob),
    ("已离职", PersonStatus::LeftJob),
    ("离岗", PersonStatus::LeftJob),
];

impl PersonStatus {
    /// Reads a list's wording; `None` for a spelling no table knows.
    pub fn parse(text: &str) -> Option<PersonStatus> {
        super::lookup(SPELLINGS, text)
    }

    /// True when the row no longer puts its person on the list (moved, cancelled, off
    /// the roll, left the job). Deceased rows stay: they suppress the person's gaps.
    pub fn leaves_the_list(self) -> bool {
        matches!(
            self,
            PersonStatus::MovedOut
                | PersonStatus::Deregistered
                | PersonStatus::OffRoll
                | PersonStatus::LeftJob
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_in_the_table_reads_as_its_status() {
        for (spelling, status) in SPELLINGS {
            assert_eq!(PersonStatus::parse(spelling), Some(*status), "{spelling}");
        }
    }

    #[test]
    fn moved_cancelled_and_off_roll_rows_leave_the_list_but_deaths_stay() {
        assert!(PersonStatus::parse("迁出").unwrap().leaves_the_list());
        assert!(PersonStatus::parse("注销").unwrap().leaves_the_list());
        assert!(PersonStatus::parse("退出").unwrap().leaves_the_list());
        assert!(!PersonStatus::parse("死亡").unwrap().leaves_the_list());
        assert!(!PersonStatus::parse("正常").unwrap().leaves_the_list());
        assert_eq!(
            PersonStatus::parse("死亡注销"),
            Some(PersonStatus::Deceased)
        );
        assert_eq!(PersonStatus::parse("未迁出"), None);
        assert_eq!(PersonStatus::parse("非正常"), None);
    }
}
