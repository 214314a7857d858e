-- One worklist export: which analysis, masked or not, why, what was written.
CREATE TABLE worklist_export (
    id          INTEGER PRIMARY KEY,
    analysis_id INTEGER NOT NULL REFERENCES analysis (id),
    created_at  TEXT    NOT NULL,
    split_by    TEXT    NOT NULL,
    codes       TEXT    NOT NULL,          -- JSON array of gap codes
    masked      INTEGER NOT NULL,
    reason      TEXT,                      -- required when not masked
    files       INTEGER NOT NULL,
    rows        INTEGER NOT NULL
);

-- One exported row: its opaque token leads a filled worklist back to its case.
CREATE TABLE worklist_row (
    token      TEXT PRIMARY KEY,           -- random, never derived from the ID
    export_id  INTEGER NOT NULL REFERENCES worklist_export (id),
    person_key TEXT NOT NULL,
    code       TEXT NOT NULL,
    name       TEXT NOT NULL
);
CREATE INDEX worklist_row_by_person ON worklist_row (person_key);

-- An outcome an officer wrote on a worklist, as imported.
CREATE TABLE followup (
    id           INTEGER PRIMARY KEY,
    token        TEXT NOT NULL REFERENCES worklist_row (token),
    person_key   TEXT NOT NULL,
    code         TEXT NOT NULL,
    outcome      TEXT NOT NULL,            -- Outcome::as_str
    outcome_date TEXT,
    officer      TEXT,
    note         TEXT,
    file         TEXT NOT NULL,
    sheet        TEXT NOT NULL,
    row_number   INTEGER NOT NULL,
    imported_at  TEXT NOT NULL
);
CREATE INDEX followup_by_person ON followup (person_key);
-- The same outcome written again (a file imported twice) is the same fact. SQLite counts
-- NULLs as distinct in UNIQUE constraints, hence the COALESCEs.
CREATE UNIQUE INDEX followup_once
    ON followup (token, outcome, COALESCE(outcome_date, ''), COALESCE(officer, ''), COALESCE(note, ''));

-- Append-only, hash-chained log of what happened to the data: imports, exports
-- (masked or not, and why), follow-ups.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    action    TEXT NOT NULL,
    detail    TEXT NOT NULL,
    rows      INTEGER NOT NULL,
    masked    INTEGER,                     -- for exports
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
