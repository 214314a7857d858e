//! The command line's surface: every command, its arguments and their help texts, as
//! clap parses them. Commands with several arguments take them as one struct, handed
//! whole to the function that runs the command.
//!
//! Help texts are the doc comments on [`Command`]'s variants and the fields; the
//! argument structs carry plain comments only, so they add nothing to `--help`.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use enrolgap::export::Format;
use enrolgap::{store, ColumnMapping, ListKind};

#[derive(Parser)]
#[command(
    name = "enrolgap",
    version,
    about = "应保尽保 · 参保缺口排查：找出应参未参的人"
)]
pub struct Cli {
    /// The database file [default: the user's data directory]
    #[arg(long, global = true, env = store::DB_ENV)]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Import list files (.xlsx, .xls, .ods, .csv), each as one batch
    Import(ImportArgs),
    /// The versions of every list: in force, superseded, retired, and what each replaced
    Lists {
        #[arg(long, value_enum)]
        kind: Option<ListKind>,
    },
    /// Take a list version out of force (the next analysis no longer reads it)
    Retire { batch: i64 },
    /// Put a superseded or retired list version back in force
    RestoreList { batch: i64 },
    /// Correct a list version's own date: set-list-date 12 2025-07
    SetListDate { batch: i64, date: String },
    /// Delete superseded and retired list versions dated before a date
    Purge {
        #[arg(long, value_name = "DATE")]
        superseded_before: String,
    },
    /// Compare the lists and record the gaps as of a date
    Analyze {
        /// YYYY-MM-DD [default: today]
        #[arg(long, value_parser = parse_as_of)]
        as_of: Option<NaiveDate>,
    },
    /// Print or write the gaps of the latest analysis (IDs and phones masked)
    Gaps(GapsArgs),
    /// Coverage, gaps by code and unit, changes since the last analysis, the funnel
    Report {
        #[arg(long, value_enum, default_value = "text")]
        format: ReportFormat,
    },
    /// Possible matches waiting for a decision; accept, reject or undo them by number
    Review(ReviewArgs),
    /// Show the county's settings, or change one: settings newborn_grace_days 60
    Settings {
        key: Option<String>,
        value: Option<String>,
    },
    /// Write Excel worklists for the field, one per township, school or agency, plus a summary
    Worklist(WorklistArgs),
    /// Where each unit's latest worklist stands: sent, partly returned, completed, overdue
    Dispatch {
        #[arg(long, value_enum, default_value = "text")]
        format: ReportFormat,
        /// The day to judge overdue by, YYYY-MM-DD [default: today]
        #[arg(long, value_parser = parse_as_of)]
        today: Option<NaiveDate>,
    },
    /// One person's history, by the case code (案件码) on their worklist row
    History {
        case_code: String,
        #[arg(long, value_enum, default_value = "text")]
        format: ReportFormat,
    },
    /// Read filled worklists back: outcomes, dates, officers and notes
    Followup {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Check the whole database for damage (also done on open after an unclean shutdown)
    Check,
    /// Copy the database to FILE with SQLite's online backup
    Backup { file: PathBuf },
    /// Replace the database's content with a backup made by `backup` (checked first)
    Restore { file: PathBuf },
    /// Encrypt this (plain) database with the passphrase in ENROLGAP_PASSPHRASE
    Encrypt,
    /// The audit log of imports, exports and follow-ups
    Audit {
        /// Check that no entry was edited or removed
        #[arg(long)]
        verify: bool,
    },
    /// Print or write the quality findings of the imported lists (IDs masked)
    Quality(QualityArgs),
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
}

fn parse_as_of(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("“{s}”不是 YYYY-MM-DD 格式的日期"))
}

// The arguments of `import`; its help text is the variant's.
#[derive(Args)]
pub struct ImportArgs {
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The list kind [default: guessed from the headers and file name]
    #[arg(long, value_enum)]
    pub kind: Option<ListKind>,
    /// Replace an earlier import of the same file content
    #[arg(long)]
    pub replace: bool,
    /// Add beside the lists in force instead of replacing what the new list's scope covers
    #[arg(long, conflicts_with = "replaces")]
    pub adds: bool,
    /// Replace this batch (repeatable), whatever the scopes
    #[arg(long, value_name = "BATCH")]
    pub replaces: Vec<i64>,
    /// The contribution year of a register that names none
    #[arg(long)]
    pub year: Option<i32>,
    /// The list's own date (2025-07, 2025-07-31), instead of what the file says
    #[arg(long, value_name = "DATE")]
    pub list_date: Option<String>,
    /// Show what the import would store and replace, and store nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Assign a column to a role, by header text or letter: --map id_number=证件号码,
    /// --map name=B. The mapping is remembered for files with the same header.
    #[arg(long = "map", value_name = "ROLE=COLUMN")]
    pub mapping: Vec<ColumnMapping>,
}

// The arguments of `gaps`.
#[derive(Args)]
pub struct GapsArgs {
    #[arg(long, value_enum, default_value = "csv")]
    pub format: Format,
    /// Write to this file instead of standard output
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Full ID numbers and phones instead of masked ones (needs --reason; logged)
    #[arg(long, requires = "reason")]
    pub unmasked: bool,
    /// Why a full export is needed
    #[arg(long)]
    pub reason: Option<String>,
}

// The arguments of `review`.
#[derive(Args)]
pub struct ReviewArgs {
    /// Accept the possible match with this number: it is the person's enrolment
    #[arg(long, value_name = "N", conflicts_with = "reject")]
    pub accept: Option<i64>,
    /// Reject the possible match with this number: two different people
    #[arg(long, value_name = "N", conflicts_with = "undo")]
    pub reject: Option<i64>,
    /// Take back the decision made on the possible match with this number
    #[arg(long, value_name = "N", conflicts_with = "accept")]
    pub undo: Option<i64>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
}

// The arguments of `worklist`.
#[derive(Args)]
pub struct WorklistArgs {
    /// The folder to write into
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, value_enum)]
    pub split_by: Option<enrolgap::worklist::SplitBy>,
    /// Only these gap codes (comma-separated)
    #[arg(long, value_enum, value_delimiter = ',')]
    pub codes: Vec<enrolgap::GapCode>,
    /// Full ID numbers and phones instead of masked ones (needs --reason; logged)
    #[arg(long, requires = "reason")]
    pub unmasked: bool,
    /// Why a full export is needed
    #[arg(long)]
    pub reason: Option<String>,
    /// Only this township, school or agency
    #[arg(long)]
    pub unit: Option<String>,
    /// Only people with no follow-up outcome yet (未跟进)
    #[arg(long)]
    pub not_followed_up: bool,
    /// Only people of urgent or high priority
    #[arg(long)]
    pub urgent: bool,
    /// Add a sheet with each person's detailed reason and source rows
    #[arg(long)]
    pub detail: bool,
    /// The county's target coverage rate in percent, for the summary (default 95)
    #[arg(long)]
    pub target_rate: Option<f64>,
}

// The arguments of `quality`.
#[derive(Args)]
pub struct QualityArgs {
    #[arg(long, value_enum, default_value = "csv")]
    pub format: Format,
    /// Only this batch (the number `import` printed)
    #[arg(long)]
    pub batch: Option<i64>,
    /// Write to this file instead of standard output; a .xlsx name writes a correction
    /// list to send back to the department that made the list
    #[arg(long)]
    pub out: Option<PathBuf>,
}

impl Command {
    /// Whether the command only reads the database: it is then opened read-only, so it
    /// never waits on an import and works on a read-only copy.
    pub fn only_reads(&self) -> bool {
        match self {
            Command::Report { .. }
            | Command::Quality(_)
            | Command::Audit { .. }
            | Command::Check
            | Command::Backup { .. }
            | Command::Lists { .. }
            | Command::Dispatch { .. }
            | Command::History { .. } => true,
            Command::Gaps(args) => !args.unmasked,
            Command::Review(args) => {
                args.accept.is_none() && args.reject.is_none() && args.undo.is_none()
            }
            Command::Settings { value, .. } => value.is_none(),
            _ => false,
        }
    }
}
