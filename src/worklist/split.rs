//! How worklists are split into files ([`SplitBy`], the officer's choice) and how an
//! export was made ([`ExportKind`], as `worklist_export.split_by` stores it).

use crate::vocabulary::stored_vocabulary;

stored_vocabulary! {
    /// How worklists are split into files.
    #[derive(clap::ValueEnum)]
    pub enum SplitBy {
        /// Township gaps, a workbook per township with a sheet per village.
        Township = "township",
        /// Township gaps, a workbook per village.
        Village = "village",
        /// Student gaps, a workbook per school with a sheet per class.
        School = "school",
        /// Worker gaps, a workbook per staffing agency with a sheet per client company.
        Agency = "agency",
    }
}

stored_vocabulary! {
    /// How an export was made, as `worklist_export.split_by` stores it: one of the
    /// [`SplitBy`] choices, the natural split (each gap to its own unit), or the one-row
    /// export a hand-recorded outcome makes (no file is written, nothing is sent).
    pub enum ExportKind {
        Township = "township",
        Village = "village",
        School = "school",
        Agency = "agency",
        Natural = "natural",
        Manual = "manual",
    }
}

impl ExportKind {
    /// The kind of an export made with `split_by`.
    pub fn of_split(split_by: Option<SplitBy>) -> ExportKind {
        match split_by {
            None => ExportKind::Natural,
            Some(SplitBy::Township) => ExportKind::Township,
            Some(SplitBy::Village) => ExportKind::Village,
            Some(SplitBy::School) => ExportKind::School,
            Some(SplitBy::Agency) => ExportKind::Agency,
        }
    }
}
