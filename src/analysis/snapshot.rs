//! Stores one analysis as a snapshot: its `analysis` row, the versions it read, its gaps
//! (stored as the rules find them, on this thread while the rules run on another), its
//! coverage, review items and the cases it closed, in one transaction.

use std::collections::HashSet;

use chrono::NaiveDate;
use rusqlite::{params, Connection};

use super::{campaign, coverage, load, review, rules, Gap};
use crate::dates::iso;
use crate::{ErrorKind, Progress, ProgressUpdate, Result, Stage};

/// What the snapshot records besides the rules' outcome.
pub(super) struct Snapshot<'a> {
    pub as_of: NaiveDate,
    pub coverage_year: i32,
    pub data_version: i64,
    /// The versions the rows were read from.
    pub batches: &'a [i64],
    /// The analysis before, and whom it flagged: what became of them is recorded.
    pub previous: Option<i64>,
    pub previously_flagged: &'a HashSet<String>,
}

/// SQLite's page cache while the snapshot is stored, in KiB. With the default 2 MB the
/// pages of the gap indexes (a person key each, in no order) were written out and read
/// back many times over before the commit: at 1M residents 141k page writes and 273k
/// reads in all, 88k and 219k with this cache. Set only after the rows are read: their
/// pages, each read once, would fill it for nothing.
const SNAPSHOT_CACHE_KIB: i64 = 64 * 1024;

/// Runs the rules over `rows` and stores what they find as a new snapshot; returns the
/// number of gaps stored. Nothing is kept when it fails or is cancelled.
pub(super) fn store(
    conn: &mut Connection,
    snapshot: &Snapshot<'_>,
    rows: &[load::ListRow<'_>],
    ctx: &rules::Context<'_>,
    progress: &dyn Progress,
) -> Result<u64> {
    // A county's snapshot (a gap row for one resident in six, their indexes) is written
    // once through the rollback journal when nothing else has the database open.
    let size = Some(rows.len() as u64);
    crate::store::bulk_journal::for_large_write(conn, size, |conn| {
        store_in_cache(conn, snapshot, rows, ctx, progress)
    })
}

/// [`store`] with the snapshot's page cache, in one transaction.
fn store_in_cache(
    conn: &mut Connection,
    snapshot: &Snapshot<'_>,
    rows: &[load::ListRow<'_>],
    ctx: &rules::Context<'_>,
    progress: &dyn Progress,
) -> Result<u64> {
    crate::store::page_cache::with_cache_kib(conn, SNAPSHOT_CACHE_KIB, |conn, _| {
        let tx = conn.transaction()?;
        // The totals are known when the rules are done: written then, in the same transaction.
        tx.execute(
            "INSERT INTO analysis (as_of, coverage_year, created_at, residents, enrolled_residents, data_version)
             VALUES (?1, ?2, ?3, 0, 0, ?4)",
            params![
                iso(snapshot.as_of),
                snapshot.coverage_year,
                chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
                snapshot.data_version
            ],
        )?;
        let analysis_id = tx.last_insert_rowid();
        let mut used = tx
            .prepare_cached("INSERT INTO analysis_batch (analysis_id, batch_id) VALUES (?1, ?2)")?;
        for batch in snapshot.batches {
            used.execute(params![analysis_id, batch])?;
        }
        drop(used);
        let (outcome, flagged_now) = rules_beside_storing(rows, ctx, &tx, analysis_id, progress)?;
        let residents: u32 = outcome.coverage.values().map(|t| t.residents).sum();
        let enrolled: u32 = outcome.coverage.values().map(|t| t.enrolled).sum();
        tx.execute(
            "UPDATE analysis SET residents = ?1, enrolled_residents = ?2 WHERE id = ?3",
            params![residents, enrolled, analysis_id],
        )?;
        coverage::store(&tx, analysis_id, &outcome.coverage)?;
        review::store_items(&tx, analysis_id, &outcome.review)?;
        campaign::store_closures(
            &tx,
            analysis_id,
            snapshot.previous,
            snapshot.previously_flagged,
            &flagged_now.keys,
            &outcome.closures,
        )?;
        if progress.is_cancelled() {
            return Err(ErrorKind::Cancelled.into());
        }
        tx.commit()?;
        Ok(flagged_now.gaps)
    })
}

/// Gaps handed from the rules to the storing side at a time.
const GAP_CHUNK: usize = 1024;
/// Chunks found and not yet stored, at most: the rules wait when storing falls behind.
const CHUNKS_IN_FLIGHT: usize = 4;

/// Who the stored gaps name, and how many gaps there are.
struct Flagged {
    /// Hashed with foldhash: SipHash over 166k keys was a sixth of the storing thread.
    keys: foldhash::HashSet<String>,
    gaps: u64,
}

/// Runs the rules on a thread of their own while this one stores each chunk of gaps as
/// it comes (both cores at work; the gaps never all held at once), reporting the gaps
/// stored so far. The gaps are stored in the order the rules find them. Cancelled, both
/// stop within a moment and nothing is kept (the caller's transaction is not committed).
fn rules_beside_storing(
    rows: &[load::ListRow<'_>],
    ctx: &rules::Context<'_>,
    tx: &Connection,
    analysis_id: i64,
    progress: &dyn Progress,
) -> Result<(rules::Outcome, Flagged)> {
    use std::sync::atomic::{AtomicBool, Ordering};
    // Set when the storing side stops early (an error or a cancel): the rules stop too.
    let stopped = AtomicBool::new(false);
    let keep_going = || !stopped.load(Ordering::Relaxed) && !progress.is_cancelled();
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Gap>>(CHUNKS_IN_FLIGHT);
        let rules = scope.spawn(move || {
            let mut chunk = Vec::with_capacity(GAP_CHUNK);
            let found_gap = &mut |gap| {
                chunk.push(gap);
                if chunk.len() == GAP_CHUNK {
                    // A failed send means the storing side stopped: the rules stop at
                    // their next look, unheard.
                    let _ = send.send(std::mem::replace(&mut chunk, Vec::with_capacity(GAP_CHUNK)));
                }
            };
            let outcome = rules::apply_each(rows, ctx, found_gap, &keep_going);
            let _ = send.send(chunk);
            outcome
        });
        let mut flagged = Flagged {
            keys: foldhash::HashSet::default(),
            gaps: 0,
        };
        let mut stored = Ok(());
        for chunk in receive.iter() {
            stored = store_gaps(tx, analysis_id, &chunk);
            if stored.is_err() {
                break;
            }
            flagged.gaps += chunk.len() as u64;
            flagged.keys.extend(chunk.into_iter().map(|g| g.person_key));
            progress.report(ProgressUpdate {
                stage: Stage::Analysing,
                file: None,
                done: flagged.gaps,
                total: None,
            });
            if progress.is_cancelled() {
                stored = Err(ErrorKind::Cancelled.into());
                break;
            }
        }
        stopped.store(true, Ordering::Relaxed);
        // Dropping the receiver lets a rules thread still sending see the stop.
        drop(receive);
        let outcome = rules
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        if progress.is_cancelled() {
            return Err(ErrorKind::Cancelled.into());
        }
        stored.map(|()| (outcome, flagged))
    })
}

fn store_gaps(conn: &Connection, analysis_id: i64, gaps: &[Gap]) -> Result<()> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO gap (analysis_id, code, id_number, name, birth_date, sex, township, village, reason,
            source_file, source_sheet, source_row, person_key, deadline, priority, route_type, route_unit,
            route_detail, match_tier, sources, phone, reason_en)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
    )?;
    // The person's latest gap so far: the funnel counts them in its township.
    let mut flagged = conn.prepare_cached(
        "INSERT INTO flagged_person (person_key, analysis_id, township, route_type, route_unit)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (person_key) DO UPDATE SET analysis_id = excluded.analysis_id,
             township = excluded.township, route_type = excluded.route_type,
             route_unit = excluded.route_unit",
    )?;
    for g in gaps {
        flagged.execute(params![
            g.person_key,
            analysis_id,
            g.township,
            g.route_type.as_str(),
            g.route_unit
        ])?;
        insert.execute(params![
            analysis_id,
            g.code.as_str(),
            g.id_number,
            g.name,
            g.birth_date,
            g.sex,
            g.township,
            g.village,
            g.reason,
            g.source_file,
            g.source_sheet,
            g.source_row,
            g.person_key,
            g.deadline,
            g.priority.as_str(),
            g.route_type.as_str(),
            g.route_unit,
            g.route_detail,
            g.match_tier.as_str(),
            serde_json::to_string(&g.sources).expect("source rows serialise"),
            g.phone,
            g.reason_en,
        ])?;
    }
    Ok(())
}
