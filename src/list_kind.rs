//! The kinds of list officers receive (docs/rules.md, "The lists").

use crate::vocabulary::stored_vocabulary;

stored_vocabulary! {
    /// Which department's list a file is.
    #[derive(PartialOrd, Ord, clap::ValueEnum)]
    pub enum ListKind {
        /// 户籍人口: police household registration.
        Household = "household",
        /// 参保记录: the insurance enrolment register.
        Enrolment = "enrolment",
        /// 新生儿/出生医学证明: hospital birth records.
        Birth = "birth",
        /// 学籍: school and university rolls.
        School = "school",
        /// 民政困难人员: civil-affairs welfare recipients.
        Welfare = "welfare",
        /// 劳务派遣用工名单: staffing-agency rosters.
        Roster = "roster",
        /// 死亡人员: death records.
        Death = "death",
        /// 已在外地参保/服役等: people who need no local enrolment.
        Exclusion = "exclusion",
    }
}

impl ListKind {
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

    /// The list named in the engine's English texts (audit details, the review queue).
    pub fn english_name(self) -> &'static str {
        match self {
            ListKind::Household => "household register",
            ListKind::Enrolment => "enrolment register",
            ListKind::Birth => "birth list",
            ListKind::School => "school roll",
            ListKind::Welfare => "welfare list",
            ListKind::Roster => "staffing-agency roster",
            ListKind::Death => "death list",
            ListKind::Exclusion => "exclusion list",
        }
    }

    /// Whether the list needs an ID column, and each row an ID and a name. Birth lists do
    /// not: they identify newborns by name, certificate number or mother's ID, since most
    /// newborns have no ID yet and some no name. The import's column and row checks ask
    /// this rather than naming the birth list.
    pub fn requires_id_column(self) -> bool {
        self != ListKind::Birth
    }
}
