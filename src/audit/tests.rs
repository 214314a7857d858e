//! One test per kind of tampering: each is done the way someone with an SQLite tool and
//! the source code (but not the installation's key) would do it.

use super::*;

/// A detail in both languages (these tests tamper with the log, not with the words).
fn words(text: &str) -> Bilingual {
    Bilingual::new(text, text)
}

/// A database file with three entries, the second an unmasked export, sealed.
fn logged(dir: &std::path::Path) -> Connection {
    let conn = crate::store::open(&dir.join("county.sqlite3")).unwrap();
    append(&conn, "import", &words("household.xlsx"), 10, None).unwrap();
    append(&conn, "export", &words("worklists"), 5, Some(false)).unwrap();
    append(&conn, "followup", &words("returned.xlsx"), 3, None).unwrap();
    seal(&conn).unwrap();
    assert_eq!(check(&conn).unwrap(), None);
    conn
}

fn unguarded(conn: &Connection) {
    conn.execute_batch("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;")
        .unwrap();
}

fn failing_entry(conn: &Connection) -> i64 {
    let failure = check(conn).unwrap().expect("tampering must show");
    assert!(!failure.reason.is_empty());
    failure.entry
}

/// Recomputes every hash from `from` on, as an attacker who knows the algorithm but not
/// the key would (with a key of their own), and points the anchor row at the new end.
fn recompute_chain(conn: &Connection, from: i64) {
    let forged_key = [7u8; 32];
    let mut prev: String = conn
        .query_row(
            "SELECT prev_hash FROM audit_log WHERE id = ?1",
            [from],
            |r| r.get(0),
        )
        .unwrap();
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM audit_log WHERE id >= ?1 ORDER BY id")
        .unwrap()
        .query_map([from], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for id in ids {
        let (at, action, detail, rows, masked): (String, String, String, u32, Option<bool>) = conn
            .query_row(
                "SELECT at, action, detail, rows, masked FROM audit_log WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .unwrap();
        let detail_en: String = conn
            .query_row("SELECT detail_en FROM audit_log WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap();
        let fields = Fields {
            prev: &prev,
            at: &at,
            action: &action,
            detail: &detail,
            detail_en: &detail_en,
            rows,
            masked,
            subject: None,
        };
        let hash = fields
            .hash(Scheme::HmacSha256En, Some(&forged_key))
            .unwrap();
        conn.execute(
            "UPDATE audit_log SET prev_hash = ?1, hash = ?2 WHERE id = ?3",
            params![prev, hash, id],
        )
        .unwrap();
        conn.execute(
            "UPDATE audit_anchor SET entry_id = ?1, hash = ?2",
            params![id, hash],
        )
        .unwrap();
        prev = hash;
    }
}

#[test]
fn the_chain_verifies_and_an_edit_breaks_it() {
    let conn = crate::store::open_in_memory().unwrap();
    append(&conn, "import", &words("household.xlsx"), 10, None).unwrap();
    append(&conn, "export", &words("worklists"), 5, Some(false)).unwrap();
    append(&conn, "followup", &words("returned.xlsx"), 3, None).unwrap();
    assert_eq!(verify(&conn).unwrap(), None);
    // The triggers stop ordinary edits; someone bypassing them breaks the chain.
    assert!(conn
        .execute("UPDATE audit_log SET rows = 50 WHERE id = 2", [])
        .is_err());
    conn.execute_batch(
        "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET masked = 1 WHERE id = 2;",
    )
    .unwrap();
    assert_eq!(verify(&conn).unwrap(), Some(2));
}

#[test]
fn entries_cannot_be_deleted() {
    let conn = crate::store::open_in_memory().unwrap();
    append(&conn, "import", &words("household.xlsx"), 10, None).unwrap();
    assert!(conn.execute("DELETE FROM audit_log", []).is_err());
}

#[test]
fn rewriting_an_entry_and_recomputing_the_chain_shows() {
    let dir = tempfile::tempdir().unwrap();
    let conn = logged(dir.path());
    unguarded(&conn);
    conn.execute(
        "UPDATE audit_log SET masked = 1, detail = 'worklists（已脱敏）' WHERE id = 2",
        [],
    )
    .unwrap();
    recompute_chain(&conn, 2);
    assert_eq!(failing_entry(&conn), 2);
}

#[test]
fn recomputing_with_the_old_plain_hash_shows() {
    let dir = tempfile::tempdir().unwrap();
    let conn = logged(dir.path());
    unguarded(&conn);
    let (prev, at): (String, String) = conn
        .query_row(
            "SELECT prev_hash, at FROM audit_log WHERE id = 3",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let fields = Fields {
        prev: &prev,
        at: &at,
        action: "followup",
        detail: "edited",
        detail_en: "",
        rows: 3,
        masked: None,
        subject: None,
    };
    let hash = fields.hash(Scheme::Sha256, None).unwrap();
    conn.execute(
        "UPDATE audit_log SET detail = 'edited', scheme = 'sha256', hash = ?1 WHERE id = 3",
        [&hash],
    )
    .unwrap();
    conn.execute("UPDATE audit_anchor SET hash = ?1", [&hash])
        .unwrap();
    assert_eq!(failing_entry(&conn), 3);
}

#[test]
fn dropping_the_trigger_and_deleting_the_last_entry_shows() {
    let dir = tempfile::tempdir().unwrap();
    let conn = logged(dir.path());
    unguarded(&conn);
    conn.execute("DELETE FROM audit_log WHERE id = 3", [])
        .unwrap();
    assert_eq!(failing_entry(&conn), 3, "by the anchor row");
    // Moving the anchor row back too: the anchor file still knows.
    let hash: String = conn
        .query_row("SELECT hash FROM audit_log WHERE id = 2", [], |r| r.get(0))
        .unwrap();
    conn.execute("UPDATE audit_anchor SET entry_id = 2, hash = ?1", [&hash])
        .unwrap();
    assert_eq!(failing_entry(&conn), 3, "by the anchor file");
    // And removing the anchor file as well.
    std::fs::remove_file(dir.path().join("county.sqlite3.audit-anchor")).unwrap();
    assert_eq!(failing_entry(&conn), 0);
}

#[test]
fn editing_the_anchor_file_shows() {
    let dir = tempfile::tempdir().unwrap();
    let conn = logged(dir.path());
    let file = dir.path().join("county.sqlite3.audit-anchor");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replacen('3', "2", 1);
    std::fs::write(&file, text).unwrap();
    assert_eq!(failing_entry(&conn), 0);
}

#[test]
fn deleting_an_entry_in_the_middle_shows() {
    let dir = tempfile::tempdir().unwrap();
    let conn = logged(dir.path());
    unguarded(&conn);
    conn.execute("DELETE FROM audit_log WHERE id = 2", [])
        .unwrap();
    assert_eq!(failing_entry(&conn), 3);
}

#[test]
fn an_entry_added_behind_the_tools_back_shows() {
    let dir = tempfile::tempdir().unwrap();
    let conn = logged(dir.path());
    let prev: String = conn
        .query_row("SELECT hash FROM audit_log WHERE id = 3", [], |r| r.get(0))
        .unwrap();
    conn.execute(
        "INSERT INTO audit_log (at, action, detail, rows, masked, prev_hash, hash, scheme) VALUES ('now', 'import', 'x', 1, NULL, ?1, 'f00d', 'hmac-sha256')",
        [&prev],
    )
    .unwrap();
    assert_eq!(failing_entry(&conn), 4);
}

#[test]
fn a_missing_key_file_shows() {
    let dir = tempfile::tempdir().unwrap();
    let conn = logged(dir.path());
    std::fs::remove_file(dir.path().join("county.sqlite3.audit-key")).unwrap();
    assert_eq!(failing_entry(&conn), 1);
}

#[test]
fn an_export_without_its_entry_or_disagreeing_with_it_shows() {
    let dir = tempfile::tempdir().unwrap();
    let conn = logged(dir.path());
    conn.execute("INSERT INTO analysis (id, as_of, coverage_year, created_at, residents, enrolled_residents) VALUES (1, '2026-06-30', 2026, 'now', 0, 0)", [])
        .unwrap();
    conn.execute(
        "INSERT INTO worklist_export (id, analysis_id, created_at, split_by, codes, masked, reason, files, rows) VALUES (1, 1, 'now', 'township', '[]', 1, NULL, 1, 5)",
        [],
    )
    .unwrap();
    let failure = check(&conn).unwrap().unwrap();
    assert!(failure.reason.contains("导出记录 1"), "{failure:?}");
    append_about(
        &conn,
        "export",
        &words("worklists"),
        5,
        Some(true),
        Subject::WorklistExport(1),
    )
    .unwrap();
    assert_eq!(check(&conn).unwrap(), None);
    // The export made to look masked after the fact.
    conn.execute("UPDATE worklist_export SET masked = 0", [])
        .unwrap();
    assert_eq!(failing_entry(&conn), 4);
}

#[test]
fn a_new_database_where_an_old_one_was_deleted_starts_a_clean_log() {
    let dir = tempfile::tempdir().unwrap();
    drop(logged(dir.path()));
    std::fs::remove_file(dir.path().join("county.sqlite3")).unwrap();
    let conn = crate::store::open(&dir.path().join("county.sqlite3")).unwrap();
    append(&conn, "import", &words("household.xlsx"), 10, None).unwrap();
    seal(&conn).unwrap();
    assert_eq!(check(&conn).unwrap(), None);
}

/// Appends an entry as schemes 006 to 009 wrote it: keyed, the English detail neither
/// stored nor hashed.
fn append_as_before_english(conn: &Connection, detail: &str) {
    let key = key::key(conn, false).unwrap().unwrap();
    let prev: String = conn
        .query_row(
            "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let fields = Fields {
        prev: &prev,
        at: "2026-07-01T08:00:00+08:00",
        action: "followup",
        detail,
        detail_en: "",
        rows: 1,
        masked: None,
        subject: None,
    };
    let hash = fields.hash(Scheme::HmacSha256, Some(&key)).unwrap();
    conn.execute(
        "INSERT INTO audit_log (at, action, detail, rows, masked, prev_hash, hash, scheme)
         VALUES (?1, 'followup', ?2, 1, NULL, ?3, ?4, 'hmac-sha256')",
        params![fields.at, detail, prev, hash],
    )
    .unwrap();
    conn.execute(
        "UPDATE audit_anchor SET entry_id = ?1, hash = ?2",
        params![conn.last_insert_rowid(), hash],
    )
    .unwrap();
}

#[test]
fn an_entry_from_before_the_english_detail_still_verifies_and_cannot_be_given_one() {
    let dir = tempfile::tempdir().unwrap();
    let conn = logged(dir.path());
    append_as_before_english(&conn, "导入跟进结果 returned.xlsx");
    assert_eq!(check(&conn).unwrap(), None);
    let old = entries(&conn).unwrap().pop().unwrap();
    assert_eq!(
        (old.id, old.detail_en.as_str()),
        (4, "导入跟进结果 returned.xlsx")
    );
    unguarded(&conn);
    conn.execute(
        "UPDATE audit_log SET detail_en = 'Outcomes deleted' WHERE id = 4",
        [],
    )
    .unwrap();
    assert_eq!(failing_entry(&conn), 4);
}

#[test]
fn an_edited_english_detail_shows() {
    let dir = tempfile::tempdir().unwrap();
    let conn = logged(dir.path());
    unguarded(&conn);
    conn.execute(
        "UPDATE audit_log SET detail_en = 'worklists (masked)' WHERE id = 2",
        [],
    )
    .unwrap();
    assert_eq!(failing_entry(&conn), 2);
}
