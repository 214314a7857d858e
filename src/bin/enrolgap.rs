//! The `enrolgap` command line: the engine's jobs, headless.

// A directory of its own: cargo would take any other .rs file in src/bin/ for a binary.
#[path = "enrolgap/lists.rs"]
mod lists;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use enrolgap::export::{write_findings, write_gaps, Format};
use enrolgap::import::files::OnError;
use enrolgap::lists::ReplaceMode;
use enrolgap::{store, ColumnMapping, ErrorKind, ImportOptions, ListKind, NoProgress};

#[derive(Parser)]
#[command(
    name = "enrolgap",
    version,
    about = "应保尽保 · 参保缺口排查：找出应参未参的人"
)]
struct Cli {
    /// The database file [default: the user's data directory]
    #[arg(long, global = true, env = store::DB_ENV)]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import list files (.xlsx, .xls, .ods, .csv), each as one batch
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The list kind [default: guessed from the headers and file name]
        #[arg(long, value_enum)]
        kind: Option<ListKind>,
        /// Replace an earlier import of the same file content
        #[arg(long)]
        replace: bool,
        /// Add beside the lists in force instead of replacing what the new list's scope covers
        #[arg(long, conflicts_with = "replaces")]
        adds: bool,
        /// Replace this batch (repeatable), whatever the scopes
        #[arg(long, value_name = "BATCH")]
        replaces: Vec<i64>,
        /// The contribution year of a register that names none
        #[arg(long)]
        year: Option<i32>,
        /// The list's own date (2025-07, 2025-07-31), instead of what the file says
        #[arg(long, value_name = "DATE")]
        list_date: Option<String>,
        /// Show what the import would store and replace, and store nothing
        #[arg(long)]
        dry_run: bool,
        /// Assign a column to a role, by header text or letter: --map id_number=证件号码,
        /// --map name=B. The mapping is remembered for files with the same header.
        #[arg(long = "map", value_name = "ROLE=COLUMN")]
        mapping: Vec<ColumnMapping>,
    },
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
    Gaps {
        #[arg(long, value_enum, default_value = "csv")]
        format: Format,
        /// Write to this file instead of standard output
        #[arg(long)]
        out: Option<PathBuf>,
        /// Full ID numbers and phones instead of masked ones (needs --reason; logged)
        #[arg(long, requires = "reason")]
        unmasked: bool,
        /// Why a full export is needed
        #[arg(long)]
        reason: Option<String>,
    },
    /// Coverage, gaps by code and unit, changes since the last analysis, the funnel
    Report {
        #[arg(long, value_enum, default_value = "text")]
        format: ReportFormat,
    },
    /// Possible matches waiting for a decision; accept or reject them by number
    Review {
        /// Accept the possible match with this number: it is the person's enrolment
        #[arg(long, value_name = "N", conflicts_with = "reject")]
        accept: Option<i64>,
        /// Reject the possible match with this number: two different people
        #[arg(long, value_name = "N")]
        reject: Option<i64>,
        #[arg(long, value_enum, default_value = "text")]
        format: ReportFormat,
    },
    /// Show the county's settings, or change one: settings newborn_grace_days 60
    Settings {
        key: Option<String>,
        value: Option<String>,
    },
    /// Write Excel worklists for the field, one per township, school or agency, plus a summary
    Worklist {
        /// The folder to write into
        #[arg(long)]
        out: PathBuf,
        #[arg(long, value_enum)]
        split_by: Option<enrolgap::worklist::SplitBy>,
        /// Only these gap codes (comma-separated)
        #[arg(long, value_enum, value_delimiter = ',')]
        codes: Vec<enrolgap::GapCode>,
        /// Full ID numbers and phones instead of masked ones (needs --reason; logged)
        #[arg(long, requires = "reason")]
        unmasked: bool,
        /// Why a full export is needed
        #[arg(long)]
        reason: Option<String>,
        /// Only this township, school or agency
        #[arg(long)]
        unit: Option<String>,
        /// Only people with no follow-up outcome yet (未跟进)
        #[arg(long)]
        not_followed_up: bool,
        /// Only people of urgent or high priority
        #[arg(long)]
        urgent: bool,
        /// Add a sheet with each person's detailed reason and source rows
        #[arg(long)]
        detail: bool,
        /// The county's target coverage rate in percent, for the summary (default 95)
        #[arg(long)]
        target_rate: Option<f64>,
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
    Quality {
        #[arg(long, value_enum, default_value = "csv")]
        format: Format,
        /// Only this batch (the number `import` printed)
        #[arg(long)]
        batch: Option<i64>,
        /// Write to this file instead of standard output; a .xlsx name writes a correction
        /// list to send back to the department that made the list
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ReportFormat {
    Text,
    Json,
}

fn parse_as_of(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("“{s}”不是 YYYY-MM-DD 格式的日期"))
}

fn main() -> ExitCode {
    // Rust ignores SIGPIPE, so printing into a pipe its reader closed (`| head`) would
    // panic; the default action ends the process quietly instead, as every Unix tool does.
    #[cfg(unix)]
    // SAFETY: restores the default disposition of one signal before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("enrolgap: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> enrolgap::Result<ExitCode> {
    let db = match cli.db {
        Some(path) => path,
        None => store::default_db_path()?,
    };
    DB.get_or_init(|| db.clone());
    run_on(&db, cli.command).map_err(|e| e.at_db(&db))
}

/// The database this run works on, for [`emit`]'s list of temporary files.
static DB: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// Whether `command` only reads the database: it is then opened read-only, so it never
/// waits on an import and works on a read-only copy.
fn only_reads(command: &Command) -> bool {
    match command {
        Command::Report { .. }
        | Command::Quality { .. }
        | Command::Audit { .. }
        | Command::Check
        | Command::Backup { .. }
        | Command::Lists { .. } => true,
        Command::Gaps { unmasked, .. } => !unmasked,
        Command::Review { accept, reject, .. } => accept.is_none() && reject.is_none(),
        Command::Settings { value, .. } => value.is_none(),
        _ => false,
    }
}

fn run_on(db: &Path, command: Command) -> enrolgap::Result<ExitCode> {
    // A restore must work on a database too damaged to open normally.
    let passphrase = std::env::var(store::PASSPHRASE_ENV)
        .ok()
        .filter(|p| !p.is_empty());
    let passphrase = passphrase.as_deref();
    if let Command::Encrypt = &command {
        let passphrase = passphrase.ok_or_else(|| ErrorKind::InvalidArgument {
            message: format!(
                "请在环境变量 {} 中给出口令（不要写在命令行上）",
                store::PASSPHRASE_ENV
            ),
        })?;
        store::encryption::encrypt_in_place(db, passphrase)?;
        println!("数据库已加密；以后使用时请提供同一口令");
        return Ok(ExitCode::SUCCESS);
    }
    if let Command::Restore { file } = &command {
        let mut conn = store::open_for_restore(db, passphrase)?;
        enrolgap::store::backup::restore(&mut conn, file, passphrase)?;
        enrolgap::audit::seal(&conn)?;
        println!("已从 {} 恢复", file.display());
        return Ok(ExitCode::SUCCESS);
    }
    let writes = !only_reads(&command);
    let mut conn = if writes {
        store::open_keyed(db, passphrase)?
    } else {
        store::open_read_only(db, passphrase)?
    };
    let code = run_command(&mut conn, command, passphrase)?;
    if writes {
        // Anchor the audit log's latest entry outside the database (see audit::seal).
        enrolgap::audit::seal(&conn)?;
    }
    Ok(code)
}

// The arms keep the `&mut conn` / `&conn` they had when the connection was a local, so
// that concurrent edits to them merge cleanly; the allow can go once those have landed.
#[allow(clippy::needless_borrow)]
fn run_command(
    conn: &mut rusqlite::Connection,
    command: Command,
    passphrase: Option<&str>,
) -> enrolgap::Result<ExitCode> {
    let mut conn = conn;
    match command {
        Command::Import {
            files,
            kind,
            replace,
            mapping,
            adds,
            replaces,
            year,
            list_date,
            dry_run,
        } => {
            let replace_mode = match (adds, replaces.is_empty()) {
                (true, _) => ReplaceMode::Adds,
                (false, false) => ReplaceMode::Replaces(replaces),
                (false, true) => ReplaceMode::ByScope,
            };
            let options = ImportOptions {
                kind,
                replace,
                mapping,
                replace_mode,
                year,
                list_date,
                dry_run,
            };
            let mut failed = false;
            // Each file is its own batch: one bad file does not hold back the good ones.
            // The next file is read while the one before is stored (import::files).
            let results = enrolgap::import_files(
                &mut conn,
                &files,
                std::slice::from_ref(&options),
                OnError::Continue,
                &NoProgress,
            );
            for result in results {
                match result {
                    Ok(s) => lists::print_import(&s),
                    Err(e) => {
                        eprintln!("enrolgap: {e}");
                        failed = true;
                    }
                }
            }
            Ok(if failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Lists { kind } => lists::print_versions(&conn, kind),
        Command::Retire { batch } => lists::retire(&mut conn, batch),
        Command::RestoreList { batch } => lists::restore(&mut conn, batch),
        Command::SetListDate { batch, date } => lists::set_date(&mut conn, batch, &date),
        Command::Purge { superseded_before } => lists::purge(&mut conn, &superseded_before),
        Command::Analyze { as_of } => {
            let as_of = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
            let s = enrolgap::analyze(&mut conn, as_of, &NoProgress)?;
            println!(
                "分析完成（截至 {}，{} 年度）：户籍居民 {} 人，已参保 {} 人，参保率 {:.2}%，缺口 {} 人",
                s.as_of,
                s.coverage_year,
                s.residents,
                s.enrolled_residents,
                s.coverage_rate * 100.0,
                s.gaps_total
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Gaps {
            format,
            out,
            unmasked,
            reason,
        } => {
            if enrolgap::analysis::latest_summary(conn)?.is_none() {
                return Err(ErrorKind::NotReady {
                    message: "还没有分析结果；请先运行 enrolgap analyze".into(),
                }
                .into());
            }
            let gaps = enrolgap::latest_gaps(conn)?;
            let Some(reason) = reason.filter(|_| unmasked) else {
                emit(out.as_deref(), |w| {
                    write_gaps(&enrolgap::export::masked(gaps), format, w)
                })?;
                return Ok(ExitCode::SUCCESS);
            };
            if reason.trim().is_empty() {
                return Err(ErrorKind::InvalidArgument {
                    message: "导出完整身份证号须在 --reason 中写明原因".into(),
                }
                .into());
            }
            // Recorded before the data leaves: a failed write leaves an entry too many,
            // never a full export without one.
            // The reason may name a person by ID or phone: the log keeps it masked.
            let detail = format!(
                "导出缺口名单（完整身份证号和电话），原因：{}",
                enrolgap::identity::mask_numbers(reason.trim())
            );
            enrolgap::audit::append(conn, "export", &detail, gaps.len() as u32, Some(false))?;
            enrolgap::audit::seal(conn)?;
            emit(out.as_deref(), |w| write_gaps(&gaps, format, w))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Report { format } => {
            let report = enrolgap::report::build(&conn)?;
            emit(None, |w| match format {
                ReportFormat::Text => enrolgap::report::write_text(&report, w),
                ReportFormat::Json => {
                    serde_json::to_writer_pretty(&mut *w, &report).map_err(std::io::Error::from)
                }
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Review {
            accept,
            reject,
            format,
        } => {
            use enrolgap::analysis::review::{self, Decision};
            if let Some((id, decision)) = accept
                .map(|id| (id, Decision::Accept))
                .or(reject.map(|id| (id, Decision::Reject)))
            {
                review::decide(&conn, id, decision)?;
                println!("已记录复核结论（第 {id} 条），下次分析起生效");
                return Ok(ExitCode::SUCCESS);
            }
            let items = review::pending(&conn)?;
            emit(None, |w| match format {
                ReportFormat::Json => {
                    serde_json::to_writer_pretty(&mut *w, &items).map_err(std::io::Error::from)
                }
                ReportFormat::Text => {
                    for i in &items {
                        let side = |s: &review::ReviewSide| {
                            format!(
                                "{} {} {} {} {}（{} {} 第{}行）",
                                s.name,
                                s.id_masked.as_deref().unwrap_or("无身份证号"),
                                s.birth_date.as_deref().unwrap_or("?"),
                                s.sex.as_deref().unwrap_or(""),
                                s.detail,
                                s.file,
                                s.sheet,
                                s.row
                            )
                        };
                        writeln!(
                            w,
                            "[{}] {}\n    名单：{}\n    参保：{}",
                            i.id,
                            i.why,
                            side(&i.person),
                            side(&i.candidate)
                        )?;
                    }
                    writeln!(
                        w,
                        "共 {} 条待复核；enrolgap review --accept N 或 --reject N",
                        items.len()
                    )
                }
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Settings { key, value } => {
            if let (Some(key), Some(value)) = (&key, &value) {
                enrolgap::settings::set(&conn, key, value)?;
            } else if key.is_some() {
                return Err(ErrorKind::InvalidArgument {
                    message: "请同时给出设置名和值，如 settings newborn_grace_days 60".into(),
                }
                .into());
            }
            let s = enrolgap::settings::load(&conn)?;
            println!("county\t{}\nnewborn_grace_days\t{}\nworker_grace_days\t{}\nlist_age_warning_days\t{}", s.county, s.newborn_grace_days, s.worker_grace_days, s.list_age_warning_days);
            Ok(ExitCode::SUCCESS)
        }
        Command::Worklist {
            out,
            split_by,
            codes,
            unmasked,
            reason,
            unit,
            not_followed_up,
            urgent,
            detail,
            target_rate,
        } => {
            let options = enrolgap::worklist::WorklistOptions {
                split_by,
                codes,
                unmasked_reason: if unmasked { reason } else { None },
                unit,
                only_not_followed_up: not_followed_up,
                only_urgent: urgent,
                detail_sheet: detail,
                target_rate: target_rate.map(|percent| percent / 100.0),
                person_keys: Vec::new(),
            };
            let s = enrolgap::worklist::export(&mut conn, &out, &options)?;
            for f in &s.files {
                println!("{}\t{}\t{} 人", f.file, f.unit, f.rows);
            }
            let masked = if s.masked {
                "身份证号和电话已脱敏"
            } else {
                "含完整身份证号和电话（已记入审计日志）"
            };
            println!(
                "已写入 {}：{} 个文件，{} 人；{masked}",
                s.dir,
                s.files.len(),
                s.rows
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Followup { files } => {
            let mut failed = false;
            for file in &files {
                match enrolgap::worklist::followup::import(&mut conn, file) {
                    Ok(s) => {
                        println!(
                            "{}：{} 行，新记录 {}，更新 {}，无变化 {}，问题 {}",
                            s.file,
                            s.rows_read,
                            s.applied,
                            s.updated,
                            s.unchanged,
                            s.problems.len()
                        );
                        for p in &s.problems {
                            if p.row == 0 {
                                println!("  {}：{}", p.sheet, p.message);
                            } else {
                                println!("  {} 第 {} 行：{}", p.sheet, p.row, p.message);
                            }
                        }
                        failed |= !s.problems.is_empty();
                    }
                    Err(e) => {
                        eprintln!("enrolgap: {e}");
                        failed = true;
                    }
                }
            }
            Ok(if failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Check => {
            store::check(&conn)?;
            println!("数据库完好");
            Ok(ExitCode::SUCCESS)
        }
        Command::Backup { file } => {
            enrolgap::store::backup::backup(&conn, &file, passphrase)?;
            println!("已备份到 {}", file.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Restore { .. } | Command::Encrypt => {
            unreachable!("handled before the database is opened")
        }
        Command::Audit { verify } => {
            if verify {
                return match enrolgap::audit::check(conn)? {
                    None => {
                        println!("审计日志完整，未发现改动");
                        Ok(ExitCode::SUCCESS)
                    }
                    Some(f) => Err(ErrorKind::AuditTampered {
                        entry: f.entry,
                        reason: f.reason,
                    }
                    .into()),
                };
            }
            for e in enrolgap::audit::entries(&conn)? {
                let masked = match e.masked {
                    Some(true) => "已脱敏",
                    Some(false) => "未脱敏",
                    None => "",
                };
                println!(
                    "{}\t{}\t{}\t{} 行\t{masked}",
                    e.at, e.action, e.detail, e.rows
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Quality { format, batch, out } => {
            let findings = enrolgap::quality::findings(&conn, batch)?;
            match out.as_deref() {
                Some(path)
                    if path
                        .extension()
                        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) =>
                {
                    enrolgap::quality::write_xlsx(&findings, path)?;
                }
                out => emit(out, |w| write_findings(&findings, format, w))?,
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Writes to `out` when given (atomically), else to standard output. The temporary file
/// is listed beside the database while it exists, so that a killed run's is removed on
/// the next start.
fn emit(
    out: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> enrolgap::Result<()> {
    match out {
        Some(path) => {
            let tmp = enrolgap::safe_write::temporary_path(path);
            let db = DB.get().expect("set before any command runs");
            store::leftovers::remember(db, &tmp);
            let result = enrolgap::safe_write::write_file(path, write);
            store::leftovers::forget(db, &tmp);
            result
        }
        None => match write(&mut std::io::stdout().lock()) {
            // The reader stopped early (`enrolgap gaps | head`): not an error.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other.map_err(|e| write_failed(Path::new("标准输出"), e)),
        },
    }
}

fn write_failed(path: &Path, e: std::io::Error) -> enrolgap::Error {
    ErrorKind::WriteFailed {
        file: path.display().to_string(),
        reason: e.to_string(),
    }
    .into()
}
