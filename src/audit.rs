//! The audit log: what happened to the data and when — imports, exports (masked or not,
//! with the reason given), follow-ups, review decisions, restores.
//!
//! Append-only (triggers refuse UPDATE and DELETE), and built to show tampering by
//! someone who bypasses the triggers with an SQLite tool:
//!
//! - each entry carries an HMAC-SHA256 over its fields and the hash of the entry before,
//!   under a key kept outside the log ([`key`]): a rewritten entry cannot be given a valid
//!   hash, even by recomputing the chain;
//! - the latest entry is anchored twice apart from the table, in the `audit_anchor` row
//!   and in a file beside the database ([`seal`]): removing the last entries shows;
//! - entries name the row they are about ([`Subject`]), and the tables they describe
//!   (batches, worklist exports, review decisions) are checked against them
//!   ([`cross_check`]).
//!
//! [`check`] says which entry fails first and why. Entries written before the log was
//! keyed (schema 006) keep their plain SHA-256 chain and are checked as such; entries
//! from 006 to 009 have no English detail and are checked without one ([`chain`]).

mod chain;
mod cross_check;
mod key;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::bilingual::Bilingual;
use crate::Result;
use chain::{Fields, GENESIS};

/// One audit entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AuditEntry {
    #[ts(type = "number")]
    pub id: i64,
    /// RFC 3339, local time.
    pub at: String,
    /// `import`, `export`, `followup`, …
    pub action: String,
    /// What, in words, in Chinese; never an ID or phone number.
    pub detail: String,
    /// The same in English; the Chinese for entries written before schema 010.
    pub detail_en: String,
    pub rows: u32,
    /// For exports: whether IDs and phones were masked.
    pub masked: Option<bool>,
}

/// The row an entry is about, in a table the log is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// An imported list (`batch.id`).
    Batch(i64),
    /// A worklist export (`worklist_export.id`).
    WorklistExport(i64),
    /// A review decision (`review_decision.rowid`).
    ReviewDecision(i64),
}

impl Subject {
    fn table(self) -> &'static str {
        match self {
            Subject::Batch(_) => "batch",
            Subject::WorklistExport(_) => "worklist_export",
            Subject::ReviewDecision(_) => "review_decision",
        }
    }

    fn id(self) -> i64 {
        match self {
            Subject::Batch(id) | Subject::WorklistExport(id) | Subject::ReviewDecision(id) => id,
        }
    }
}

crate::vocabulary::stored_vocabulary! {
    /// How an entry's hash was made (stored in `audit_log.scheme`).
    enum Scheme {
        /// Plain SHA-256, before schema 006.
        Sha256 = "sha256",
        /// HMAC-SHA256 under the installation's audit key (schema 006 to 009).
        HmacSha256 = "hmac-sha256",
        /// As `HmacSha256`, the English detail hashed too (schema 010 on).
        HmacSha256En = "hmac-sha256-en",
    }
}

/// Appends an entry. Call inside the transaction of the work it records, then [`seal`]
/// after the commit.
pub fn append(
    conn: &Connection,
    action: &str,
    detail: &Bilingual,
    rows: u32,
    masked: Option<bool>,
) -> Result<()> {
    append_entry(conn, action, detail, rows, masked, None)
}

/// Appends an entry about one row of a table the log is checked against (see
/// [`Subject`]): that row then cannot exist without its entry, nor the entry without it.
pub fn append_about(
    conn: &Connection,
    action: &str,
    detail: &Bilingual,
    rows: u32,
    masked: Option<bool>,
    subject: Subject,
) -> Result<()> {
    append_entry(conn, action, detail, rows, masked, Some(subject))
}

fn append_entry(
    conn: &Connection,
    action: &str,
    detail: &Bilingual,
    rows: u32,
    masked: Option<bool>,
    subject: Option<Subject>,
) -> Result<()> {
    let key = key::key(conn, true)?;
    let prev: String = conn
        .query_row(
            "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_else(|| GENESIS.to_string());
    let at = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let subject = subject.map(|s| (s.table().to_string(), s.id()));
    let fields = Fields {
        prev: &prev,
        at: &at,
        action,
        detail: &detail.zh,
        detail_en: &detail.en,
        rows,
        masked,
        subject: subject.clone(),
    };
    let hash = fields
        .hash(Scheme::HmacSha256En, key.as_deref())
        .expect("append always has a key");
    conn.execute(
        "INSERT INTO audit_log (at, action, detail, detail_en, rows, masked, prev_hash, hash, scheme, subject_table, subject_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![at, action, detail.zh, detail.en, rows, masked, prev, hash, Scheme::HmacSha256En.as_str(), subject.as_ref().map(|s| &s.0), subject.as_ref().map(|s| s.1)],
    )?;
    conn.execute(
        "INSERT INTO audit_anchor (one, entry_id, hash) VALUES (1, ?1, ?2)
         ON CONFLICT (one) DO UPDATE SET entry_id = excluded.entry_id, hash = excluded.hash",
        params![conn.last_insert_rowid(), hash],
    )?;
    Ok(())
}

/// Records the latest entry in the anchor file beside the database, once the log checks
/// out (an anchor only ever moves forward over a sound log). Call after committing work
/// that appended entries; the command line and the app do so after every command.
pub fn seal(conn: &Connection) -> Result<()> {
    let Some(db) = key::db_path(conn) else {
        return Ok(());
    };
    let Some(latest) = latest(conn)? else {
        return Ok(());
    };
    let Some(k) = key::key(conn, false)? else {
        return Ok(());
    };
    if key::read_anchor(&db, &k).ok().flatten().as_ref() == Some(&latest) {
        return Ok(()); // Nothing appended since the last seal.
    }
    // The first seal finds no anchor file yet: that alone does not stop it.
    if run_checks(conn, AnchorFile::MayBeMissing)?.is_some() {
        return Ok(());
    }
    key::write_anchor(&db, &k, &latest)
}

fn latest(conn: &Connection) -> Result<Option<key::Anchor>> {
    Ok(conn
        .query_row(
            "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| {
                Ok(key::Anchor {
                    entry_id: r.get(0)?,
                    hash: r.get(1)?,
                })
            },
        )
        .optional()?)
}

/// Every entry, oldest first.
pub fn entries(conn: &Connection) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, action, detail, rows, masked, detail_en FROM audit_log ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        let (detail, detail_en): (String, String) = (r.get(3)?, r.get(6)?);
        Ok(AuditEntry {
            id: r.get(0)?,
            at: r.get(1)?,
            action: r.get(2)?,
            detail_en: if detail_en.is_empty() {
                detail.clone()
            } else {
                detail_en
            },
            detail,
            rows: r.get(4)?,
            masked: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The first failure of the log's check: which entry (0 when no single entry is at
/// fault) and why, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub entry: i64,
    pub reason: String,
}

/// Checks the log: the chain, its two anchors, and the tables it describes. Returns the
/// id of the first entry that does not fit, if any (0 for a failure of no single entry).
pub fn verify(conn: &Connection) -> Result<Option<i64>> {
    Ok(check(conn)?.map(|f| f.entry))
}

/// Checks the log as [`verify`] does, saying why it fails.
pub fn check(conn: &Connection) -> Result<Option<Failure>> {
    run_checks(conn, AnchorFile::Required)
}

/// Points the anchor file at the latest entry after a restore, which legitimately takes
/// the log back to the backup's end (and records itself in it). The restored log must
/// still check out on its own: its chain, its anchor row, the tables it describes.
pub(crate) fn reanchor(conn: &Connection) -> Result<()> {
    let (Some(db), Some(latest)) = (key::db_path(conn), latest(conn)?) else {
        return Ok(());
    };
    let Some(k) = key::key(conn, false)? else {
        return Ok(());
    };
    if run_checks(conn, AnchorFile::Ignored)?.is_none() {
        key::write_anchor(&db, &k, &latest)?;
    }
    Ok(())
}

/// Removes the anchor file of a database that was just created at `db`.
pub(crate) fn forget_anchor(db: &std::path::Path) {
    key::remove_anchor(db);
}

/// How the anchor file beside the database is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AnchorFile {
    /// A keyed log on disk must have one: it is written after every command, so a
    /// missing one may have been deleted along with the log's last entries.
    Required,
    /// Checked when present (the first seal has none yet).
    MayBeMissing,
    /// Not consulted (a restore replaces the log it anchored).
    Ignored,
}

fn run_checks(conn: &Connection, anchor_file: AnchorFile) -> Result<Option<Failure>> {
    let fail = |entry: i64, reason: String| Ok(Some(Failure { entry, reason }));
    let legacy_until: i64 = conn
        .query_row(
            "SELECT last_id FROM audit_baseline WHERE subject_table = 'audit_log'",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(0);
    let key = key::key(conn, false)?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, action, detail, rows, masked, prev_hash, hash, scheme, subject_table, subject_id, detail_en FROM audit_log ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let mut prev = GENESIS.to_string();
    let mut last_id = 0;
    while let Some(r) = rows.next()? {
        let (id, at, action, detail): (i64, String, String, String) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        let (count, masked, prev_hash, hash): (u32, Option<bool>, String, String) =
            (r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?);
        let (scheme, table, subject_id, detail_en): (String, Option<String>, Option<i64>, String) =
            (r.get(8)?, r.get(9)?, r.get(10)?, r.get(11)?);
        let scheme = match Scheme::from_stored(&scheme) {
            Some(Scheme::Sha256) if id <= legacy_until => Scheme::Sha256,
            Some(keyed @ (Scheme::HmacSha256 | Scheme::HmacSha256En)) => keyed,
            _ => return fail(id, format!("第 {id} 条的校验方式被改动过")),
        };
        if scheme != Scheme::Sha256 && key.is_none() {
            return fail(
                id,
                "审计密钥文件缺失，无法核对；请确认数据库旁的 .audit-key 文件未被删除".into(),
            );
        }
        let fields = Fields {
            prev: &prev,
            at: &at,
            action: &action,
            detail: &detail,
            detail_en: &detail_en,
            rows: count,
            masked,
            subject: table.zip(subject_id),
        };
        if prev_hash != prev {
            return fail(id, format!("第 {id} 条之前的条目被删除或改动过"));
        }
        // Older schemes do not hash an English detail: one was never written for them.
        if scheme != Scheme::HmacSha256En && !detail_en.is_empty() {
            return fail(id, format!("第 {id} 条被改动过"));
        }
        if fields.hash(scheme, key.as_deref()).as_deref() != Some(hash.as_str()) {
            // The first keyed entry failing is also what a log from another computer
            // (restored from its backup, without its key) looks like.
            let hint = if id == legacy_until + 1 {
                "；若数据库是从另一台电脑的备份恢复的，请把那台电脑上数据库旁的 .audit-key 文件一并复制过来"
            } else {
                ""
            };
            return fail(id, format!("第 {id} 条被改动过{hint}"));
        }
        prev = hash;
        last_id = id;
    }
    drop(rows);
    let keyed = last_id > legacy_until;
    if let Some(failure) = check_anchors(conn, last_id, &prev, key.as_deref(), anchor_file, keyed)?
    {
        return Ok(Some(failure));
    }
    cross_check::run(conn)
}

/// The log's end against its anchor row and its anchor file.
fn check_anchors(
    conn: &Connection,
    last_id: i64,
    last_hash: &str,
    key: Option<&[u8]>,
    anchor_file: AnchorFile,
    keyed: bool,
) -> Result<Option<Failure>> {
    let fail = |entry: i64, reason: String| Ok(Some(Failure { entry, reason }));
    let row: Option<(i64, String)> = conn
        .query_row(
            "SELECT entry_id, hash FROM audit_anchor WHERE one = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match row {
        Some((id, _)) if id > last_id => {
            return fail(
                last_id + 1,
                format!("第 {} 条起的条目被删除（日志应到第 {id} 条）", last_id + 1),
            )
        }
        Some((id, hash)) if id == last_id && hash != last_hash => {
            return fail(id, format!("第 {id} 条被改动过"))
        }
        Some((id, _)) if id < last_id => {
            return fail(id + 1, format!("第 {} 条不是本程序写入的", id + 1))
        }
        None if last_id > 0 && key.is_some() => return fail(0, "审计锚点记录被删除".into()),
        _ => {}
    }
    let (Some(db), Some(key)) = (key::db_path(conn), key) else {
        return Ok(None);
    };
    if anchor_file == AnchorFile::Ignored {
        return Ok(None);
    }
    match key::read_anchor(&db, key) {
        Err(reason) => fail(0, reason),
        Ok(None) if anchor_file == AnchorFile::Required && keyed => {
            fail(0, "锚点文件缺失（可能与日志最后的条目一起被删除）".into())
        }
        Ok(None) => Ok(None),
        Ok(Some(anchor)) if anchor.entry_id > last_id => fail(
            last_id + 1,
            format!(
                "第 {} 条起的条目被删除（锚点文件记到第 {} 条）",
                last_id + 1,
                anchor.entry_id
            ),
        ),
        Ok(Some(anchor)) => {
            let hash: Option<String> = conn
                .query_row(
                    "SELECT hash FROM audit_log WHERE id = ?1",
                    [anchor.entry_id],
                    |r| r.get(0),
                )
                .optional()?;
            if hash.as_deref() == Some(anchor.hash.as_str()) {
                Ok(None)
            } else {
                fail(
                    anchor.entry_id,
                    format!("第 {} 条被改动或删除过（与锚点文件不符）", anchor.entry_id),
                )
            }
        }
    }
}

#[cfg(test)]
mod tests;
