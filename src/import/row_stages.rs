//! The two threads that feed an import's writer: the parser reads each part's data rows
//! ([`read_rows`]), the normaliser turns them into person rows ([`normalise_rows`]), each
//! handing the next stage chunks of [`CHUNK_ROWS`] rows, in order.

use std::sync::mpsc;

use super::batch::SheetPart;
use super::cell::Cell;
use super::reader::RowSource;
use super::row::{normalise_in, Layout, RowOutcome};
use crate::{ListKind, Result};

/// Rows the parser hands the writer at once, and chunks in flight between them: enough
/// to keep both cores busy, little enough that memory stays flat whatever the file size.
pub(super) const CHUNK_ROWS: usize = 512;
pub(super) const CHUNKS_IN_FLIGHT: usize = 8;

/// One data row as the normaliser made it: its part, its Excel row number, its outcome.
pub(super) struct ParsedRow {
    pub(super) part: usize,
    pub(super) row_number: u32,
    pub(super) outcome: RowOutcome,
}

/// One data row as read: the part it belongs to, its Excel row number, its cells.
pub(super) type RawRow = (usize, u32, Vec<Cell>);

/// The parser thread: reads each part's data rows and sends them on in chunks with
/// `send`. Stops when `send` says the next stage hung up (an error or a cancellation
/// further on).
pub(super) fn read_rows(
    source: &mut RowSource<'_>,
    parts: &[SheetPart],
    send: &mut dyn FnMut(Result<Vec<RawRow>>) -> bool,
) {
    let mut chunk = Vec::with_capacity(CHUNK_ROWS);
    let mut hung_up = false;
    for (part_index, part) in parts.iter().enumerate() {
        let streamed = source.stream(part.index, &mut |index, row| {
            if index < part.header.data_start {
                return true;
            }
            chunk.push((part_index, part.first_row + index as u32 + 1, row));
            if chunk.len() == CHUNK_ROWS {
                let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK_ROWS));
                hung_up = !send(Ok(full));
            }
            !hung_up
        });
        if hung_up {
            return;
        }
        if let Err(e) = streamed {
            send(Err(e));
            return;
        }
    }
    if !chunk.is_empty() {
        send(Ok(chunk));
    }
}

/// The normaliser thread: turns each row read into a person row (or a problem) under its
/// part's header, keeping the order.
pub(super) fn normalise_rows(
    receiver: impl Iterator<Item = Result<Vec<RawRow>>>,
    parts: &[SheetPart],
    kind: ListKind,
    sender: mpsc::SyncSender<Result<Vec<ParsedRow>>>,
) {
    let layouts: Vec<Layout<'_>> = parts.iter().map(|p| Layout::of(&p.header)).collect();
    for chunk in receiver {
        let parsed = chunk.map(|rows| {
            rows.into_iter()
                .map(|(part, row_number, row)| ParsedRow {
                    part,
                    row_number,
                    outcome: normalise_in(&row, &layouts[part], kind, parts[part].year),
                })
                .collect()
        });
        if sender.send(parsed).is_err() {
            return;
        }
    }
}
