//! The `enrolgap` command line: the engine's jobs, headless.
//!
//! This file only parses the arguments, opens the database as the command needs it and
//! dispatches to one function per command; each area's commands live in a file of their
//! own under `src/bin/enrolgap/`: [`args`] (the surface), [`lists`] (import and the list
//! versions), [`results`] (analysis and its outputs), [`field`] (worklists),
//! [`database`] (backup, restore, audit, settings) and [`output`].

// A directory of its own: cargo would take any other .rs file in src/bin/ for a binary.
#[path = "enrolgap/args.rs"]
mod args;
#[path = "enrolgap/database.rs"]
mod database;
#[path = "enrolgap/field.rs"]
mod field;
#[path = "enrolgap/lists.rs"]
mod lists;
#[path = "enrolgap/output.rs"]
mod output;
#[path = "enrolgap/results.rs"]
mod results;

use std::path::Path;
use std::process::ExitCode;

/// mimalloc instead of the system allocator (see the README's dependency list).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;
use enrolgap::store;

use crate::args::{Cli, Command};

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
    output::set_database(&db);
    run_on(&db, cli.command).map_err(|e| e.at_db(&db))
}

/// Opens the database as `command` needs it (read-only when it only reads), runs it, and
/// anchors the audit log after a command that writes.
fn run_on(db: &Path, command: Command) -> enrolgap::Result<ExitCode> {
    let passphrase = std::env::var(store::PASSPHRASE_ENV)
        .ok()
        .filter(|p| !p.is_empty());
    let passphrase = passphrase.as_deref();
    // These two must work on a database that cannot be opened normally (plain, or too
    // damaged to open).
    match &command {
        Command::Encrypt => return database::encrypt(db, passphrase),
        Command::Restore { file } => return database::restore(db, file, passphrase),
        _ => {}
    }
    let writes = !command.only_reads();
    let mut conn = if writes {
        store::open_keyed(db, passphrase)?
    } else {
        store::open_read_only(db, passphrase)?
    };
    let code = dispatch(&mut conn, command, passphrase)?;
    if writes {
        // Anchor the audit log's latest entry outside the database (see audit::seal).
        enrolgap::audit::seal(&conn)?;
    }
    Ok(code)
}

/// One function per command.
fn dispatch(
    conn: &mut rusqlite::Connection,
    command: Command,
    passphrase: Option<&str>,
) -> enrolgap::Result<ExitCode> {
    match command {
        Command::Import(args) => lists::import(conn, args),
        Command::Lists { kind } => lists::print_versions(conn, kind),
        Command::Retire { batch } => lists::retire(conn, batch),
        Command::RestoreList { batch } => lists::restore(conn, batch),
        Command::SetListDate { batch, date } => lists::set_date(conn, batch, &date),
        Command::Purge { superseded_before } => lists::purge(conn, &superseded_before),
        Command::Analyze { as_of } => results::analyze(conn, as_of),
        Command::Gaps(args) => results::gaps(conn, args),
        Command::Report { format } => results::report(conn, format),
        Command::Review(args) => results::review(conn, args),
        Command::Quality(args) => results::quality(conn, args),
        Command::Settings { key, value } => database::settings(conn, key, value),
        Command::Worklist(args) => field::worklist(conn, args),
        Command::Followup { files } => field::followup(conn, &files),
        Command::Dispatch { format, today } => field::dispatch(conn, format, today),
        Command::History { case_code, format } => field::history(conn, &case_code, format),
        Command::Check => database::check(conn),
        Command::Backup { file } => database::backup(conn, &file, passphrase),
        Command::Audit { verify } => database::audit(conn, verify),
        Command::Restore { .. } | Command::Encrypt => {
            unreachable!("handled before the database is opened")
        }
    }
}
