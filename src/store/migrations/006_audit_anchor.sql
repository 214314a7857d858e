-- The audit log becomes a keyed chain (HMAC-SHA256, key kept outside the log) with an
-- anchor kept apart from it, and each entry names the row it is about, so the tables it
-- describes can be checked against it. (006: 005 is reserved for another change.)
ALTER TABLE audit_log ADD COLUMN scheme TEXT NOT NULL DEFAULT 'sha256';  -- AuditScheme::as_str
ALTER TABLE audit_log ADD COLUMN subject_table TEXT;                     -- batch, worklist_export, review_decision, …
ALTER TABLE audit_log ADD COLUMN subject_id INTEGER;

-- The latest entry, kept by the code that appends (not by a trigger beside the log's own):
-- deleting the last entries shows as a log shorter than its anchor. A copy lives in a
-- file beside the database as well (see audit.rs).
CREATE TABLE audit_anchor (
    one        INTEGER PRIMARY KEY CHECK (one = 1),
    entry_id   INTEGER NOT NULL,
    hash       TEXT    NOT NULL
);
INSERT INTO audit_anchor (one, entry_id, hash)
    SELECT 1, id, hash FROM audit_log ORDER BY id DESC LIMIT 1;

-- Rows of audited tables created before this migration have no entry naming them; the
-- cross-check starts after them.
CREATE TABLE audit_baseline (
    subject_table TEXT PRIMARY KEY,
    last_id       INTEGER NOT NULL
);
INSERT INTO audit_baseline (subject_table, last_id) VALUES
    ('audit_log',       (SELECT COALESCE(MAX(id), 0) FROM audit_log)),
    ('batch',           (SELECT COALESCE(MAX(id), 0) FROM batch)),
    ('worklist_export', (SELECT COALESCE(MAX(id), 0) FROM worklist_export)),
    ('review_decision', (SELECT COALESCE(MAX(rowid), 0) FROM review_decision));
