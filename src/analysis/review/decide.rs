//! Deciding a review item, and taking the decision back. Both are audit entries about the
//! decision's row (its action `review`, its detail naming the item and the decision,
//! never the person), and both make the results out of date: they apply from the next
//! analysis.
//!
//! An undone decision stays in `review_decision`, marked `undone_at`: the audit log keeps
//! naming a row that exists, and reads as the decision followed by its undo.

use rusqlite::{params, Connection, OptionalExtension};

use super::Decision;
use crate::bilingual::Bilingual;
use crate::{ErrorKind, Result};

fn now() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// The decision in the audit log's words: (Chinese, English).
fn words(decision: Decision) -> (&'static str, &'static str) {
    match decision {
        Decision::Accept => ("是同一人", "the same person"),
        Decision::Reject => ("不是同一人", "not the same person"),
    }
}

/// Records a decision on a pending item of the latest analysis. It applies from the next
/// analysis on, and to every later one.
pub fn decide(conn: &Connection, item_id: i64, decision: Decision) -> Result<()> {
    let pair_key: String = conn
        .query_row(
            "SELECT pair_key FROM review_item WHERE id = ?1 AND analysis_id = (SELECT MAX(id) FROM analysis)",
            [item_id],
            |r| r.get(0),
        )
        .map_err(|_| ErrorKind::InvalidArgument { message: format!("最近一次分析中没有编号为 {item_id} 的待复核记录") })?;
    let tx = conn.unchecked_transaction()?;
    tx.execute(
        "INSERT INTO review_decision (pair_key, decision, decided_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (pair_key) DO UPDATE
           SET decision = excluded.decision, decided_at = excluded.decided_at, undone_at = NULL",
        params![pair_key, decision, now()],
    )?;
    let rowid: i64 = tx.query_row(
        "SELECT rowid FROM review_decision WHERE pair_key = ?1",
        [&pair_key],
        |r| r.get(0),
    )?;
    crate::audit::append_about(
        &tx,
        "review",
        &Bilingual::new(
            format!("复核第 {item_id} 条：{}", words(decision).0),
            format!("Reviewed item {item_id}: {}", words(decision).1),
        ),
        1,
        None,
        crate::audit::Subject::ReviewDecision(rowid),
    )?;
    crate::lists::mark_changed(&tx)?;
    tx.commit()?;
    Ok(())
}

/// Takes back the decision made on item `item_id` (of the analysis it was decided in):
/// the pair waits for review again from the next analysis on. Returns what was undone.
pub fn undo(conn: &Connection, item_id: i64) -> Result<Decision> {
    let not_found = || ErrorKind::InvalidArgument {
        message: format!("复核第 {item_id} 条没有可撤销的结论"),
    };
    let found: Option<(i64, Decision)> = conn
        .query_row(
            "SELECT d.rowid, d.decision FROM review_item i
             JOIN review_decision d ON d.pair_key = i.pair_key
             WHERE i.id = ?1 AND d.undone_at IS NULL",
            [item_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (rowid, decision) = found.ok_or_else(not_found)?;
    let tx = conn.unchecked_transaction()?;
    tx.execute(
        "UPDATE review_decision SET undone_at = ?2 WHERE rowid = ?1",
        params![rowid, now()],
    )?;
    crate::audit::append_about(
        &tx,
        "review",
        &Bilingual::new(
            format!("撤销复核第 {item_id} 条的结论（{}）", words(decision).0),
            format!(
                "Undid the decision on item {item_id} ({})",
                words(decision).1
            ),
        ),
        1,
        None,
        crate::audit::Subject::ReviewDecision(rowid),
    )?;
    crate::lists::mark_changed(&tx)?;
    tx.commit()?;
    Ok(decision)
}
