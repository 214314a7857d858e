//! Rows read ahead of their turn, held within a budget of bytes.
//!
//! A multi-file import reads the next file's rows while the file before finishes (its
//! indexes rebuilt, its commit written to disk: one core, or none, at work). How many
//! rows may wait depends on how wide they are, so the queue counts what its chunks hold
//! in memory, not how many there are: the reader waits once [`RowQueue`]'s budget is
//! spent, and goes on as the rows are taken. Memory stays flat whatever the file's size.

use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};

use super::cell::Cell;
use super::row_stages::RawRow;
use crate::Result;

/// What the reading side sends: a chunk of rows, or the error that stopped it.
pub type Chunk = Result<Vec<RawRow>>;

/// The sending half: blocks while the budget is spent.
pub struct QueueSender {
    sender: mpsc::Sender<(usize, Chunk)>,
    gate: Arc<Gate>,
}

/// The receiving half: an iterator over the chunks, in the order sent. Dropping it tells
/// the sender to stop.
pub struct RowQueue {
    receiver: mpsc::Receiver<(usize, Chunk)>,
    gate: Arc<Gate>,
}

/// The bytes held, the budget, and whether the receiver is gone.
struct Gate {
    state: Mutex<GateState>,
    changed: Condvar,
}

struct GateState {
    held: usize,
    limit: usize,
    receiver_gone: bool,
}

/// A queue that holds at most `limit` bytes of rows (always one chunk, however large).
pub fn row_queue(limit: usize) -> (QueueSender, RowQueue) {
    let (sender, receiver) = mpsc::channel();
    let gate = Arc::new(Gate {
        state: Mutex::new(GateState {
            held: 0,
            limit,
            receiver_gone: false,
        }),
        changed: Condvar::new(),
    });
    (
        QueueSender {
            sender,
            gate: gate.clone(),
        },
        RowQueue { receiver, gate },
    )
}

impl QueueSender {
    /// Queues `chunk`, first waiting for room. False when the receiver is gone: stop.
    pub fn send(&self, chunk: Chunk) -> bool {
        let bytes = chunk_bytes(&chunk);
        {
            let state = self.gate.state.lock().unwrap_or_else(|e| e.into_inner());
            let mut state = self
                .gate
                .changed
                .wait_while(state, |s| {
                    !s.receiver_gone && s.held > 0 && s.held + bytes > s.limit
                })
                .unwrap_or_else(|e| e.into_inner());
            if state.receiver_gone {
                return false;
            }
            state.held += bytes;
        }
        self.sender.send((bytes, chunk)).is_ok()
    }
}

impl RowQueue {
    /// Changes the budget: a file whose turn has come needs only a few chunks queued
    /// (its rows are taken as fast as they are stored), not the room to read ahead.
    pub fn limit_to(&self, limit: usize) {
        let mut state = self.gate.state.lock().unwrap_or_else(|e| e.into_inner());
        state.limit = limit;
        self.gate.changed.notify_all();
    }
}

impl Iterator for RowQueue {
    type Item = Chunk;

    fn next(&mut self) -> Option<Chunk> {
        let (bytes, chunk) = self.receiver.recv().ok()?;
        let mut state = self.gate.state.lock().unwrap_or_else(|e| e.into_inner());
        state.held -= bytes;
        self.gate.changed.notify_all();
        Some(chunk)
    }
}

impl Drop for RowQueue {
    fn drop(&mut self) {
        let mut state = self.gate.state.lock().unwrap_or_else(|e| e.into_inner());
        state.receiver_gone = true;
        self.gate.changed.notify_all();
    }
}

/// What a chunk holds in memory: the rows, their cells, the text that is not inline.
fn chunk_bytes(chunk: &Chunk) -> usize {
    let Ok(rows) = chunk else { return 0 };
    let cells = |row: &[Cell]| -> usize {
        row.iter()
            .map(|c| match c {
                Cell::Text(t) if t.is_heap_allocated() => t.capacity(),
                _ => 0,
            })
            .sum::<usize>()
            + std::mem::size_of_val(row)
    };
    rows.iter()
        .map(|(_, _, row)| std::mem::size_of::<RawRow>() + cells(row))
        .sum::<usize>()
        + std::mem::size_of_val(rows.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(first: u32, rows: u32) -> Chunk {
        Ok((first..first + rows)
            .map(|r| (0, r, vec![Cell::Text("陈大文".into()); 10]))
            .collect())
    }

    /// The reader waits while the budget is spent and goes on as rows are taken; every
    /// chunk arrives, in order.
    #[test]
    fn the_reader_waits_for_room_and_every_chunk_arrives_in_order() {
        let one = chunk_bytes(&chunk(0, 100));
        let (sender, queue) = row_queue(one * 3);
        let reader = std::thread::spawn(move || {
            for i in 0..20 {
                assert!(sender.send(chunk(i * 100, 100)));
            }
        });
        std::thread::sleep(std::time::Duration::from_millis(50));
        // Three chunks fit in the budget: the reader is waiting with them queued.
        assert!(!reader.is_finished());
        let held = queue.gate.state.lock().unwrap().held;
        assert!(held <= one * 3, "{held} bytes held, budget {}", one * 3);
        let firsts: Vec<u32> = queue.map(|c| c.unwrap()[0].1).collect();
        assert_eq!(firsts, (0..20).map(|i| i * 100).collect::<Vec<_>>());
        reader.join().unwrap();
    }

    /// A smaller budget holds the reader back once what it has queued drains below it.
    #[test]
    fn a_smaller_budget_holds_the_reader_to_it() {
        let one = chunk_bytes(&chunk(0, 100));
        let (sender, mut queue) = row_queue(one * 10);
        let reader = std::thread::spawn(move || {
            for i in 0..40 {
                assert!(sender.send(chunk(i * 100, 100)));
            }
        });
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert_eq!(queue.gate.state.lock().unwrap().held, one * 10);
        queue.limit_to(one * 2);
        let mut most = 0;
        for _ in 0..30 {
            assert!(queue.next().is_some());
            std::thread::sleep(std::time::Duration::from_millis(2));
            most = queue.gate.state.lock().unwrap().held;
        }
        assert!(most <= one * 2, "{most} bytes held, budget {}", one * 2);
        assert_eq!(queue.count(), 10);
        reader.join().unwrap();
    }

    /// A chunk larger than the whole budget still goes through, alone.
    #[test]
    fn a_chunk_larger_than_the_budget_still_goes_through() {
        let (sender, mut queue) = row_queue(1);
        assert!(sender.send(chunk(0, 100)));
        assert_eq!(queue.next().unwrap().unwrap().len(), 100);
    }

    /// Dropping the queue stops a reader waiting for room.
    #[test]
    fn dropping_the_queue_stops_a_waiting_reader() {
        let (sender, queue) = row_queue(1);
        let reader = std::thread::spawn(move || {
            let mut sent = 0;
            while sender.send(chunk(0, 10)) {
                sent += 1;
            }
            sent
        });
        std::thread::sleep(std::time::Duration::from_millis(50));
        drop(queue);
        assert_eq!(reader.join().unwrap(), 1);
    }
}
