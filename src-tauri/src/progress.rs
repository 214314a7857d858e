//! Progress of long jobs, forwarded from the engine to the UI, and their cancellation.
//!
//! The engine calls [`Progress::report`] as often as once per row. Sending every call
//! over IPC would flood the webview, so [`Throttle`] lets an update through only when
//!
//! - it is the first one, or the stage or file changed since the last one sent,
//! - it completes its unit of work (`done == total`), or
//! - at least [`DEFAULT_INTERVAL`] has passed since the last one sent;
//!
//! otherwise it keeps the update as *pending*. When the job ends, [`Forwarder::finish`]
//! sends the pending update, so the UI always sees the final state.
//!
//! Cancellation is one [`AtomicBool`] shared with the app state: the `cancel_job`
//! command sets it and [`Progress::is_cancelled`] reads it; the engine then rolls back
//! and returns `ErrorKind::Cancelled`.
//!
//! [`Forwarder`] is generic over where updates go: the app passes a closure that sends
//! to a `tauri::ipc::Channel`; tests pass one that collects into a `Vec`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use enrolgap::{Progress, ProgressUpdate, Stage};

/// Minimum time between two progress updates sent to the UI.
pub const DEFAULT_INTERVAL: Duration = Duration::from_millis(50);

/// Decides which progress updates to send; pure logic, the clock is passed in.
#[derive(Debug)]
pub struct Throttle {
    interval: Duration,
    last_sent_at: Option<Instant>,
    last_key: Option<(Stage, Option<String>)>,
    pending: Option<ProgressUpdate>,
}

impl Throttle {
    pub fn new(interval: Duration) -> Self {
        Throttle {
            interval,
            last_sent_at: None,
            last_key: None,
            pending: None,
        }
    }

    /// Offers an update observed at `now`; returns it when it should be sent now,
    /// otherwise keeps it as the pending update (replacing an older pending one).
    pub fn offer(&mut self, update: ProgressUpdate, now: Instant) -> Option<ProgressUpdate> {
        let key_changed = self
            .last_key
            .as_ref()
            .is_none_or(|(stage, file)| *stage != update.stage || *file != update.file);
        let complete = update.total.is_some_and(|total| update.done >= total);
        let due = self
            .last_sent_at
            .is_none_or(|at| now.saturating_duration_since(at) >= self.interval);
        if key_changed || complete || due {
            self.last_sent_at = Some(now);
            self.last_key = Some((update.stage, update.file.clone()));
            self.pending = None;
            Some(update)
        } else {
            self.pending = Some(update);
            None
        }
    }

    /// The update held back since the last one sent, if any (sent when a job ends).
    pub fn flush(&mut self) -> Option<ProgressUpdate> {
        self.pending.take()
    }
}

/// An engine [`Progress`] that throttles updates into `sink` and reads a shared
/// cancel flag.
pub struct Forwarder<S: Fn(ProgressUpdate) + Sync> {
    sink: S,
    cancel: Arc<AtomicBool>,
    throttle: Mutex<Throttle>,
}

impl<S: Fn(ProgressUpdate) + Sync> Forwarder<S> {
    pub fn new(sink: S, cancel: Arc<AtomicBool>) -> Self {
        Forwarder {
            sink,
            cancel,
            throttle: Mutex::new(Throttle::new(DEFAULT_INTERVAL)),
        }
    }

    /// Sends the last held-back update, if any. Call once when the job ends.
    pub fn finish(&self) {
        let pending = self.lock().flush();
        if let Some(update) = pending {
            (self.sink)(update);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Throttle> {
        // A panic elsewhere must not silence progress: the throttle state stays valid.
        self.throttle
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl<S: Fn(ProgressUpdate) + Sync> Progress for Forwarder<S> {
    fn report(&self, update: ProgressUpdate) {
        let to_send = self.lock().offer(update, Instant::now());
        if let Some(update) = to_send {
            (self.sink)(update);
        }
    }

    fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn update(stage: Stage, file: &str, done: u64, total: Option<u64>) -> ProgressUpdate {
        ProgressUpdate {
            stage,
            file: Some(file.to_owned()),
            done,
            total,
        }
    }

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn first_update_is_sent_then_rapid_ones_are_held_back() {
        let t0 = Instant::now();
        let mut th = Throttle::new(50 * MS);
        assert!(th
            .offer(update(Stage::Reading, "a.xlsx", 1, Some(100)), t0)
            .is_some());
        assert!(th
            .offer(update(Stage::Reading, "a.xlsx", 2, Some(100)), t0 + 10 * MS)
            .is_none());
        assert!(th
            .offer(update(Stage::Reading, "a.xlsx", 3, Some(100)), t0 + 49 * MS)
            .is_none());
        // 50 ms after the last one sent: due again.
        let sent = th.offer(update(Stage::Reading, "a.xlsx", 4, Some(100)), t0 + 50 * MS);
        assert_eq!(sent.map(|u| u.done), Some(4));
        // The interval restarts from the last send, not from the first.
        assert!(th
            .offer(update(Stage::Reading, "a.xlsx", 5, Some(100)), t0 + 90 * MS)
            .is_none());
        assert!(th
            .offer(
                update(Stage::Reading, "a.xlsx", 6, Some(100)),
                t0 + 100 * MS
            )
            .is_some());
    }

    #[test]
    fn completion_stage_change_and_file_change_are_always_sent() {
        let t0 = Instant::now();
        let mut th = Throttle::new(50 * MS);
        th.offer(update(Stage::Reading, "a.xlsx", 1, Some(3)), t0);
        let done = th.offer(update(Stage::Reading, "a.xlsx", 3, Some(3)), t0 + MS);
        assert_eq!(done.map(|u| u.done), Some(3));
        assert!(th
            .offer(update(Stage::Storing, "a.xlsx", 0, Some(3)), t0 + 2 * MS)
            .is_some());
        assert!(th
            .offer(update(Stage::Storing, "b.xlsx", 0, None), t0 + 3 * MS)
            .is_some());
        // Unknown total never counts as complete.
        assert!(th
            .offer(update(Stage::Storing, "b.xlsx", 9, None), t0 + 4 * MS)
            .is_none());
    }

    #[test]
    fn flush_returns_only_the_latest_held_back_update_once() {
        let t0 = Instant::now();
        let mut th = Throttle::new(50 * MS);
        th.offer(update(Stage::Analysing, "x", 1, Some(10)), t0);
        th.offer(update(Stage::Analysing, "x", 2, Some(10)), t0 + MS);
        th.offer(update(Stage::Analysing, "x", 7, Some(10)), t0 + 2 * MS);
        assert_eq!(th.flush().map(|u| u.done), Some(7));
        assert_eq!(th.flush(), None);
        // A sent update clears what was pending.
        th.offer(update(Stage::Analysing, "x", 8, Some(10)), t0 + 3 * MS);
        th.offer(update(Stage::Analysing, "x", 10, Some(10)), t0 + 4 * MS);
        assert_eq!(th.flush(), None);
    }

    #[test]
    fn forwarder_throttles_flushes_and_reads_the_cancel_flag() {
        let sent = Mutex::new(Vec::new());
        let cancel = Arc::new(AtomicBool::new(false));
        let fwd = Forwarder::new(
            |u: ProgressUpdate| sent.lock().unwrap().push(u.done),
            cancel.clone(),
        );
        for done in 1..=1000 {
            fwd.report(update(Stage::Storing, "a.xlsx", done, Some(2000)));
        }
        fwd.finish();
        let sent = sent.lock().unwrap().clone();
        assert!(sent.len() < 1000, "should throttle, sent {}", sent.len());
        assert_eq!(sent.first(), Some(&1));
        assert_eq!(sent.last(), Some(&1000), "the final update must be sent");
        assert!(!fwd.is_cancelled());
        cancel.store(true, Ordering::Relaxed);
        assert!(fwd.is_cancelled());
    }
}
