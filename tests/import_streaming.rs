//! Large files stream into the database: every row arrives, merged regions reaching far
//! below the header are filled, progress knows the total, and cancelling half-way leaves
//! the database as it was. (Speed is measured by `make bench`, never asserted here.)

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;

use enrolgap::{import_file, store, ErrorKind, ImportOptions, ListKind, Progress, ProgressUpdate};
use rusqlite::Connection;
use rust_xlsxwriter::{Format, Workbook};

const ROWS: u32 = 20_000;

/// A valid 18-digit ID for row `i` (born 1980-01-01 + i days, checksum computed).
fn id(i: u32) -> String {
    let birth = chrono::NaiveDate::from_ymd_opt(1980, 1, 1).unwrap()
        + chrono::Days::new(u64::from(i % 9000));
    let first17 = format!("441521{}{:03}", birth.format("%Y%m%d"), i / 9000 * 2 + 1);
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap() * w)
        .sum();
    format!(
        "{first17}{}",
        "10X98765432".chars().nth((sum % 11) as usize).unwrap()
    )
}

/// A household list of `ROWS` people under a merged title; the township of rows
/// 15 000–15 099 is one region merged down a hundred rows, far below the first rows.
fn write_household(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("户籍人口").unwrap();
    ws.merge_range(0, 0, 0, 3, "海丰县户籍人口花名册", &Format::new())
        .unwrap();
    for (c, h) in ["姓名", "公民身份号码", "性别", "乡镇(街道)"]
        .iter()
        .enumerate()
    {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    for i in 0..ROWS {
        let r = i + 2;
        ws.write_string(r, 0, format!("陈{i}")).unwrap();
        ws.write_string(r, 1, id(i)).unwrap();
        ws.write_string(r, 2, "男").unwrap();
        if !(15_000..15_100).contains(&i) {
            ws.write_string(r, 3, "海城镇").unwrap();
        }
    }
    ws.merge_range(15_002, 3, 15_101, 3, "梅陇镇", &Format::new())
        .unwrap();
    wb.save(path).unwrap();
}

fn counts(conn: &Connection) -> Vec<i64> {
    ["batch", "list_row", "finding"]
        .iter()
        .map(|t| {
            conn.query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0))
                .unwrap()
        })
        .collect()
}

/// Records progress; cancels once `cancel_at` rows are done.
struct Recorder {
    cancel_at: u64,
    done: AtomicU64,
    cancelled: AtomicBool,
    updates: Mutex<Vec<ProgressUpdate>>,
}

impl Recorder {
    fn new(cancel_at: u64) -> Self {
        Self {
            cancel_at,
            done: AtomicU64::new(0),
            cancelled: AtomicBool::new(false),
            updates: Mutex::new(Vec::new()),
        }
    }
}

impl Progress for Recorder {
    fn report(&self, update: ProgressUpdate) {
        self.done.store(update.done, Ordering::SeqCst);
        self.updates.lock().unwrap().push(update);
    }
    fn is_cancelled(&self) -> bool {
        let cancel = self.done.load(Ordering::SeqCst) >= self.cancel_at;
        self.cancelled.fetch_or(cancel, Ordering::SeqCst);
        cancel
    }
}

#[test]
fn a_large_workbook_streams_every_row_with_merged_cells_filled_and_progress() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("household.xlsx");
    write_household(&file);
    let mut conn = store::open_in_memory().unwrap();
    let progress = Recorder::new(u64::MAX);
    let summary = import_file(&mut conn, &file, &ImportOptions::default(), &progress).unwrap();
    assert_eq!(summary.kind, ListKind::Household);
    assert_eq!(summary.rows_imported, ROWS);
    let township = |row: u32| -> String {
        conn.query_row(
            "SELECT township FROM list_row WHERE row_number = ?1",
            [row],
            |r| r.get(0),
        )
        .unwrap()
    };
    // Excel rows 15 003–15 102 hold people 15 000–15 099.
    assert_eq!(township(15_003), "梅陇镇");
    assert_eq!(township(15_102), "梅陇镇");
    assert_eq!(township(15_103), "海城镇");
    let last: u32 = conn
        .query_row("SELECT MAX(row_number) FROM list_row", [], |r| r.get(0))
        .unwrap();
    assert_eq!(last, ROWS + 2);
    let updates = progress.updates.lock().unwrap();
    let storing: Vec<_> = updates.iter().filter(|u| u.done > 0).collect();
    assert!(
        storing.len() >= (ROWS / 1000) as usize,
        "progress about every thousand rows"
    );
    assert!(
        storing.iter().all(|u| u.total.is_some_and(|t| t >= u.done)),
        "a total with each report"
    );
    assert!(storing.windows(2).all(|w| w[0].done <= w[1].done));
}

#[test]
fn cancelling_half_way_leaves_no_batch_and_no_rows() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("household.xlsx");
    write_household(&file);
    let mut conn = store::open_in_memory().unwrap();
    let progress = Recorder::new(u64::from(ROWS / 2));
    let err = import_file(&mut conn, &file, &ImportOptions::default(), &progress).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Cancelled), "{err}");
    assert!(progress.cancelled.load(Ordering::SeqCst));
    assert_eq!(counts(&conn), [0, 0, 0]);
    // The connection is still usable and the same file imports in full afterwards.
    let summary = import_file(
        &mut conn,
        &file,
        &ImportOptions::default(),
        &Recorder::new(u64::MAX),
    )
    .unwrap();
    assert_eq!(summary.rows_imported, ROWS);
}

#[test]
fn a_large_gbk_csv_streams_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("参保记录.csv");
    let mut text = String::from("个人编号,姓名,证件号码,险种,参保状态,缴费年度\r\n");
    for i in 0..ROWS {
        text.push_str(&format!("P{i},林{i},{},居民医保,参保缴费,2026\r\n", id(i)));
    }
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    std::fs::write(&file, gbk).unwrap();
    let mut conn = store::open_in_memory().unwrap();
    let summary = import_file(
        &mut conn,
        &file,
        &ImportOptions::default(),
        &Recorder::new(u64::MAX),
    )
    .unwrap();
    assert_eq!(summary.kind, ListKind::Enrolment);
    assert_eq!(summary.rows_imported, ROWS);
    let name: String = conn
        .query_row(
            "SELECT name FROM list_row WHERE row_number = ?1",
            [ROWS + 1],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(name, format!("林{}", ROWS - 1));
}
