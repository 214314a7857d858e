//! The kinds of list officers receive (DOMAIN.md, "The lists").

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which department's list a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    /// 户籍人口: police household registration.
    Household,
    /// 参保记录: the insurance enrolment register.
    Enrolment,
}

impl ListKind {
    /// The stable name stored in the database and used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            ListKind::Household => "household",
            ListKind::Enrolment => "enrolment",
        }
    }

    /// Parses the stored name back.
    pub fn from_stored(s: &str) -> Option<Self> {
        match s {
            "household" => Some(ListKind::Household),
            "enrolment" => Some(ListKind::Enrolment),
            _ => None,
        }
    }

    /// The name officers use.
    pub fn chinese_name(self) -> &'static str {
        match self {
            ListKind::Household => "户籍人口",
            ListKind::Enrolment => "参保记录",
        }
    }
}
