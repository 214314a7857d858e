//! The app's import sequence on the engine: preview, import cancelled half-way, import
//! again. The second import must finish (the e2e test saw it hang).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use enrolgap::{ImportOptions, Progress, ProgressUpdate};

struct CancelAfter {
    seen: AtomicU64,
    after: u64,
    cancelled: AtomicBool,
}

impl Progress for CancelAfter {
    fn report(&self, _update: ProgressUpdate) {
        if self.seen.fetch_add(1, Ordering::Relaxed) + 1 >= self.after {
            self.cancelled.store(true, Ordering::Relaxed);
        }
    }
    fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }
}

#[test]
fn preview_then_cancelled_import_then_import_again() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("big_household.csv");
    let mut text = String::from("姓名,公民身份号码,性别,出生日期,乡镇(街道),村(社区)\n");
    for i in 0..30_000u32 {
        text.push_str(&format!(
            "测试{i},4415211980{:02}01{:04},男,1980-01-01,可塘镇,可塘社区\n",
            1 + (i % 12),
            i % 10_000
        ));
    }
    std::fs::write(&csv, text).unwrap();
    let mut conn = enrolgap::store::open(&dir.path().join("db.sqlite3")).unwrap();
    let opts = ImportOptions::default();
    enrolgap::import::preview::preview(&conn, &csv, &opts).unwrap();
    let cancel = CancelAfter {
        seen: AtomicU64::new(0),
        after: 2,
        cancelled: AtomicBool::new(false),
    };
    let err = enrolgap::import_file(&mut conn, &csv, &opts, &cancel).unwrap_err();
    assert!(
        matches!(err.kind(), enrolgap::ErrorKind::Cancelled),
        "{err:?}"
    );
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let r = enrolgap::import_file(&mut conn, &csv, &opts, &enrolgap::NoProgress)
            .map(|s| s.rows_read);
        let _ = tx.send(r);
    });
    let rows = rx
        .recv_timeout(std::time::Duration::from_secs(120))
        .expect("the import after a cancel hangs")
        .unwrap();
    assert_eq!(rows, 30_000);
}
