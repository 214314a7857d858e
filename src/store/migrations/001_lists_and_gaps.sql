-- One imported file: all of its rows or none of them.
CREATE TABLE batch (
    id             INTEGER PRIMARY KEY,
    kind           TEXT    NOT NULL,           -- ListKind::as_str
    file_name      TEXT    NOT NULL,           -- without directories
    content_sha256 TEXT    NOT NULL,
    sheets         TEXT    NOT NULL,           -- JSON array of sheet names used
    mapping        TEXT    NOT NULL,           -- JSON object: role -> header text
    rows_read      INTEGER NOT NULL,
    rows_imported  INTEGER NOT NULL,
    imported_at    TEXT    NOT NULL            -- RFC 3339, local time
);
CREATE INDEX batch_by_content ON batch (content_sha256);

-- One person row of a list, normalised, with the original cells kept.
CREATE TABLE list_row (
    id           INTEGER PRIMARY KEY,
    batch_id     INTEGER NOT NULL REFERENCES batch (id) ON DELETE CASCADE,
    sheet        TEXT    NOT NULL,
    row_number   INTEGER NOT NULL,             -- as Excel shows it, 1-based
    original     TEXT    NOT NULL,             -- JSON object: header -> cell text
    id_raw       TEXT,
    id_number    TEXT,                         -- normalised 18 digits, when usable
    id_status    TEXT    NOT NULL,             -- IdStatus::as_str
    name         TEXT,
    name_key     TEXT,
    birth_date   TEXT,                         -- YYYY-MM-DD
    sex          TEXT,                         -- 男 / 女
    township     TEXT,
    village      TEXT,
    address      TEXT,
    phone        TEXT,
    deceased     INTEGER NOT NULL DEFAULT 0,
    scheme       TEXT,                         -- enrolment: employee / resident
    enrol_status TEXT,                         -- enrolment: active / suspended / terminated / other
    year         INTEGER,                      -- enrolment: contribution year
    period_start TEXT,
    period_end   TEXT,
    employer     TEXT,
    subsidy      TEXT
);
CREATE INDEX list_row_by_batch ON list_row (batch_id);
CREATE INDEX list_row_by_id ON list_row (id_number);

-- A problem found in a stored row (an unusable ID, an unreadable date, ...).
CREATE TABLE finding (
    id          INTEGER PRIMARY KEY,
    batch_id    INTEGER NOT NULL REFERENCES batch (id) ON DELETE CASCADE,
    sheet       TEXT    NOT NULL,
    row_number  INTEGER NOT NULL,
    column_name TEXT    NOT NULL,
    code        TEXT    NOT NULL,
    message     TEXT    NOT NULL
);
CREATE INDEX finding_by_batch ON finding (batch_id);

-- One comparison run for an as-of date: a snapshot kept for campaign tracking.
CREATE TABLE analysis (
    id                 INTEGER PRIMARY KEY,
    as_of              TEXT    NOT NULL,
    coverage_year      INTEGER NOT NULL,
    created_at         TEXT    NOT NULL,
    residents          INTEGER NOT NULL,
    enrolled_residents INTEGER NOT NULL
);

-- A flagged person in one analysis. Source columns are copied, not referenced, so a
-- snapshot stays readable after its batch is replaced.
CREATE TABLE gap (
    id           INTEGER PRIMARY KEY,
    analysis_id  INTEGER NOT NULL REFERENCES analysis (id) ON DELETE CASCADE,
    code         TEXT    NOT NULL,
    id_number    TEXT,
    name         TEXT    NOT NULL,
    birth_date   TEXT,
    sex          TEXT,
    township     TEXT,
    village      TEXT,
    reason       TEXT    NOT NULL,
    source_file  TEXT    NOT NULL,
    source_sheet TEXT    NOT NULL,
    source_row   INTEGER NOT NULL
);
CREATE INDEX gap_by_analysis ON gap (analysis_id);
