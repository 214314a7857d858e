//! Importing several files at once (`enrolgap import A B C …`, the app's multi-file import).
//!
//! Each file is still its own all-or-nothing batch, imported in the order given, with its
//! list-version settling (`lists::replacement::settle`) inside its own transaction, so
//! the result is the same as importing the files one by one. What overlaps is the work
//! that needs no database. Each file has a thread of its own ([`Reading`]) that reads it,
//! hashes it, finds its merged regions and its first rows, then waits to be planned and
//! reads its rows into a queue ([`super::row_queue`], a budget of bytes, so memory stays
//! flat). The next file starts loading when the one before starts storing; it is planned
//! (its list, header and columns decided, which may need the database: a mapping saved,
//! an earlier batch of the same content) once the one before has stored its last row,
//! inside that file's transaction, and reads its rows while the one before rebuilds its
//! indexes and commits, when one core or both would otherwise wait. Should the file
//! before fail after that, the plan was made against what it rolled back: the next file
//! is read and planned again. Progress is reported per file, in order; a cancellation
//! stops the file being stored (rolled back) and every file after it.

use std::path::{Path, PathBuf};
use std::sync::mpsc;

use rusqlite::Connection;

use super::batch::{self, RowFeed, SheetPart};
use super::reader::{self, SheetHead};
use super::row_queue::{row_queue, QueueSender, RowQueue};
use super::{plan_file, refuse_imported_before, FileFacts, ImportOptions, ImportSummary};
use super::{Loaded, Planned};
use crate::{ErrorKind, Progress, Result};

/// What to do after a file fails (a cancellation always stops).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnError {
    /// Go on with the next file (the command line: one bad file does not hold back the rest).
    Continue,
    /// Stop: the files before stay imported (the app).
    Stop,
}

/// Rows a file may read ahead of being stored, in bytes held (see [`super::row_queue`]):
/// a few hundred thousand rows of a list, whatever the file's size.
const READ_AHEAD_BYTES: usize = 128 << 20;

/// Rows a file may hold queued once its turn has come (its parser ahead of its writer):
/// what was read ahead drains, and the file's memory is then as a one-file import's.
const IN_TURN_BYTES: usize = 8 << 20;

/// Imports `paths` in order, each as one batch. `options` holds one entry for every file
/// or one per path. Returns each attempted file's result, in order.
pub fn import_files(
    conn: &mut Connection,
    paths: &[PathBuf],
    options: &[ImportOptions],
    on_error: OnError,
    progress: &dyn Progress,
) -> Vec<Result<ImportSummary>> {
    let options_of = |i: usize| {
        if options.len() == paths.len() {
            &options[i]
        } else {
            &options[0]
        }
    };
    if options.is_empty() || (options.len() != 1 && options.len() != paths.len()) {
        return vec![Err(ErrorKind::InvalidArgument {
            message: "每个文件需要一组导入选项".into(),
        }
        .into())];
    }
    let mut results = Vec::with_capacity(paths.len());
    std::thread::scope(|scope| {
        let start = |i: usize| Reading::start(scope, &paths[i], progress);
        let mut current = paths.first().map(|_| start(0));
        // The next file's plan, made before the current file's tail.
        let mut planned_ahead: Option<Result<Planned>> = None;
        for i in 0..paths.len() {
            let mut reading = current.take().expect("a file reading");
            let mut next = paths.get(i + 1).map(|_| start(i + 1));
            let options = options_of(i);
            progress.report(crate::ProgressUpdate {
                stage: crate::Stage::Reading,
                file: Some(super::file_name(&paths[i])),
                done: 0,
                total: None,
            });
            let planned = match planned_ahead.take() {
                Some(planned) => planned,
                None => reading.plan(conn, options, progress),
            };
            let result = planned.and_then(|planned| {
                let rows = reading.read(&planned);
                // A dry run rolls back: a plan made inside it would not hold.
                let mut plan_next = |tx: &Connection| {
                    if let (Some(next), false) = (next.as_mut(), options.dry_run) {
                        let planned = next.plan(tx, options_of(i + 1), progress);
                        // Its rows are read meanwhile.
                        if let Ok(planned) = &planned {
                            next.start_reading(planned);
                        }
                        planned_ahead = Some(planned);
                    }
                };
                let new = planned.new_batch(options);
                batch::store(
                    conn,
                    new,
                    RowFeed::Ahead(rows),
                    progress,
                    Some(&mut plan_next),
                )
            });
            let stop = match &result {
                Err(e) if matches!(e.kind(), ErrorKind::Cancelled) => true,
                Err(_) => on_error == OnError::Stop,
                Ok(_) => progress.is_cancelled(),
            };
            let failed = result.is_err();
            results.push(result);
            if stop {
                // A file reading ahead of a stop is dropped: its thread stops, nothing of
                // it is stored.
                break;
            }
            if failed && planned_ahead.take().is_some() {
                // Planned against this file's rolled-back transaction: start it again.
                next = paths.get(i + 1).map(|_| start(i + 1));
            }
            current = next;
        }
    });
    results
}

/// A file whose thread ended without reading it: a panic (calamine's own are caught
/// where it is called, so this is a fault of ours), told as the file unreadable.
fn unreadable(path: &Path) -> crate::Error {
    ErrorKind::FileUnreadable {
        file: super::file_name(path),
        reason: "读取时出错".into(),
    }
    .into()
}

/// What a file's thread sends once it has opened the file: what is known of it, and its
/// first rows or why they could not be read; or why the file could not be loaded.
type Opened = Result<(FileFacts, Result<Vec<SheetHead>>)>;

/// One file on its thread: loaded and opened to its first rows, then (once planned)
/// reading its rows into a queue. Dropping it stops the thread.
struct Reading<'p> {
    path: &'p Path,
    /// Taken when the file is planned.
    opened: Option<mpsc::Receiver<Opened>>,
    /// Taken when the parts are sent.
    parts: Option<mpsc::Sender<Vec<SheetPart>>>,
    rows: Option<RowQueue>,
}

impl<'p> Reading<'p> {
    fn start<'scope>(
        scope: &'scope std::thread::Scope<'scope, '_>,
        path: &'p Path,
        progress: &'scope dyn Progress,
    ) -> Reading<'p>
    where
        'p: 'scope,
    {
        let (opened_sender, opened) = mpsc::channel();
        let (parts, parts_receiver) = mpsc::channel();
        let (rows_sender, rows) = row_queue(READ_AHEAD_BYTES);
        scope.spawn(move || {
            let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                read_file(
                    path,
                    &Quiet(progress),
                    opened_sender,
                    parts_receiver,
                    &rows_sender,
                )
            }));
            // A panic (calamine's are caught where it is called) fails this file, not the
            // import: before its first rows are sent, its turn finds it unreadable; while
            // its rows are read, this error ends them, and the batch is rolled back.
            if read.is_err() {
                rows_sender.send(Err(unreadable(path)));
            }
        });
        Reading {
            path,
            opened: Some(opened),
            parts: Some(parts),
            rows: Some(rows),
        }
    }

    /// Plans the file on `conn` once its first rows are read (waiting for them). Refuses
    /// it, as a one-file import would, when imported before or unreadable.
    fn plan(
        &mut self,
        conn: &Connection,
        options: &ImportOptions,
        progress: &dyn Progress,
    ) -> Result<Planned> {
        // A file is planned once: the thread sends its first rows once.
        let opened = self.opened.take().expect("a file is planned once");
        let (facts, heads) = opened
            .recv()
            .unwrap_or_else(|_| Err(unreadable(self.path)))?;
        let replaces = refuse_imported_before(conn, &facts, options, progress)?;
        plan_file(conn, &facts, &heads?, options, replaces)
    }

    /// Sets the thread reading the rows of `planned`'s parts (once: again does nothing).
    fn start_reading(&mut self, planned: &Planned) {
        if let Some(parts) = self.parts.take() {
            // The thread is gone only after a panic, whose error ends its rows: the
            // store fails on it and rolls back.
            let _ = parts.send(planned.parts().to_vec());
        }
    }

    /// The rows of `planned`'s parts as they come, reading them unless already reading.
    fn read(&mut self, planned: &Planned) -> RowQueue {
        self.start_reading(planned);
        let rows = self.rows.take().expect("a file's rows are read once");
        rows.limit_to(IN_TURN_BYTES);
        rows
    }
}

/// The thread of one file: loads it, opens it to its first rows and sends them, then
/// reads the rows of the parts it is sent. Stops when the other side hangs up.
fn read_file(
    path: &Path,
    progress: &dyn Progress,
    opened: mpsc::Sender<Opened>,
    parts: mpsc::Receiver<Vec<SheetPart>>,
    rows: &QueueSender,
) {
    let loaded = match Loaded::read(path, progress) {
        Ok(loaded) => loaded,
        Err(e) => {
            let _ = opened.send(Err(e));
            return;
        }
    };
    let (facts, bytes) = loaded.into_parts();
    let (heads, mut source) = match reader::open(&facts.file, &bytes) {
        Ok(reader::Opened { heads, rows }) => (Ok(heads), Some(rows)),
        Err(e) => (Err(e), None),
    };
    if opened.send(Ok((facts, heads))).is_err() {
        return;
    }
    let (Some(source), Ok(parts)) = (source.as_mut(), parts.recv()) else {
        return;
    };
    super::row_stages::read_rows(source, &parts, &mut |chunk| rows.send(chunk));
}

/// The file threads' progress: silent (a file's "reading" is reported when its turn
/// comes, so updates stay in file order), but they see a cancellation.
struct Quiet<'a>(&'a dyn Progress);

impl Progress for Quiet<'_> {
    fn report(&self, _: crate::ProgressUpdate) {}
    fn is_cancelled(&self) -> bool {
        self.0.is_cancelled()
    }
}
