//! The kinds of list officers receive (docs/rules.md, "The lists").

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which department's list a file is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    TS,
    clap::ValueEnum,
)]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    /// 户籍人口: police household registration.
    Household,
    /// 参保记录: the insurance enrolment register.
    Enrolment,
    /// 新生儿/出生医学证明: hospital birth records.
    Birth,
    /// 学籍: school and university rolls.
    School,
    /// 民政困难人员: civil-affairs welfare recipients.
    Welfare,
    /// 劳务派遣用工名单: staffing-agency rosters.
    Roster,
    /// 死亡人员: death records.
    Death,
    /// 已在外地参保/服役等: people who need no local enrolment.
    Exclusion,
}

impl ListKind {
    /// Every kind, in the order lists are usually collected.
    pub const ALL: [ListKind; 8] = [
        ListKind::Household,
        ListKind::Enrolment,
        ListKind::Birth,
        ListKind::School,
        ListKind::Welfare,
        ListKind::Roster,
        ListKind::Death,
        ListKind::Exclusion,
    ];

    /// The stable name stored in the database and used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            ListKind::Household => "household",
            ListKind::Enrolment => "enrolment",
            ListKind::Birth => "birth",
            ListKind::School => "school",
            ListKind::Welfare => "welfare",
            ListKind::Roster => "roster",
            ListKind::Death => "death",
            ListKind::Exclusion => "exclusion",
        }
    }

    /// Parses the stored name back.
    pub fn from_stored(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The name officers use.
    pub fn chinese_name(self) -> &'static str {
        match self {
            ListKind::Household => "户籍人口",
            ListKind::Enrolment => "参保记录",
            ListKind::Birth => "新生儿名单",
            ListKind::School => "学籍名单",
            ListKind::Welfare => "民政困难人员",
            ListKind::Roster => "劳务派遣用工名单",
            ListKind::Death => "死亡人员",
            ListKind::Exclusion => "排除名单",
        }
    }

    /// Whether a row needs an ID column. Birth lists identify newborns by certificate
    /// number or mother's ID, since most newborns have no ID yet.
    pub fn requires_id_column(self) -> bool {
        self != ListKind::Birth
    }
}
