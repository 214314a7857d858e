//! Importing several files at once (`enrolgap import A B C …`, the app's multi-file import).
//!
//! Each file is still its own all-or-nothing batch, imported in the order given, with its
//! list-version settling (`lists::replacement::settle`) inside its own transaction, so
//! the result is the same as importing the files one by one. What overlaps is the work
//! that needs no database: while file N is parsed, normalised and stored (itself three
//! threads), another thread reads file N+1, hashes it and finds its merged regions
//! ([`super::Loaded`]). Only one file ahead is loaded, so memory holds at most one more
//! file's bytes. Whatever depends on the database — an earlier batch of the same content,
//! a column mapping the file before just saved — is still decided when the file's turn
//! comes. Progress is reported per file; a cancellation stops the file being stored
//! (rolled back) and every file after it.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::{import_loaded, ImportOptions, ImportSummary, Loaded};
use crate::{ErrorKind, Progress, Result};

/// What to do after a file fails (a cancellation always stops).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnError {
    /// Go on with the next file (the command line: one bad file does not hold back the rest).
    Continue,
    /// Stop: the files before stay imported (the app).
    Stop,
}

/// Imports `paths` in order, each as one batch. `options` holds one entry for every file
/// or one per path. Returns each attempted file's result, in order.
pub fn import_files<'p>(
    conn: &mut Connection,
    paths: &'p [PathBuf],
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
        let load = |path: &'p Path| scope.spawn(move || Loaded::read(path, &Quiet(progress)));
        let mut next = paths.first().map(|p| load(p));
        for i in 0..paths.len() {
            let loaded = next
                .take()
                .expect("a file loading")
                .join()
                .unwrap_or_else(|_| {
                    Err(ErrorKind::FileUnreadable {
                        file: super::file_name(&paths[i]),
                        reason: "读取时出错".into(),
                    }
                    .into())
                });
            next = paths.get(i + 1).map(|p| load(p));
            let result = loaded.and_then(|loaded| {
                progress.report(crate::ProgressUpdate {
                    stage: crate::Stage::Reading,
                    file: Some(loaded.file.clone()),
                    done: 0,
                    total: None,
                });
                import_loaded(conn, loaded, options_of(i), progress)
            });
            let stop = match &result {
                Err(e) if matches!(e.kind(), ErrorKind::Cancelled) => true,
                Err(_) => on_error == OnError::Stop,
                Ok(_) => progress.is_cancelled(),
            };
            results.push(result);
            if stop {
                break;
            }
        }
        // A file loading ahead of a stop is read and dropped; nothing of it is stored.
        if let Some(handle) = next {
            let _ = handle.join();
        }
    });
    results
}

/// The loader thread's progress: silent (the file's "reading" is reported when its turn
/// comes, so updates stay in file order), but it sees a cancellation.
struct Quiet<'a>(&'a dyn Progress);

impl Progress for Quiet<'_> {
    fn report(&self, _: crate::ProgressUpdate) {}
    fn is_cancelled(&self) -> bool {
        self.0.is_cancelled()
    }
}
