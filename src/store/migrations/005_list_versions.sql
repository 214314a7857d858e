-- Lists over time (docs/rules.md, "List lifecycle"): every batch is a version of a list
-- with its own date, source and scope; a newer version replaces what its scope covers.
ALTER TABLE batch ADD COLUMN list_date TEXT;                                   -- ListDate::stored
ALTER TABLE batch ADD COLUMN list_date_source TEXT NOT NULL DEFAULT 'import_date'; -- ListDateSource
ALTER TABLE batch ADD COLUMN source_unit TEXT;                                 -- 填报单位, when given
ALTER TABLE batch ADD COLUMN scope_dimension TEXT NOT NULL DEFAULT 'county';   -- ScopeDimension
ALTER TABLE batch ADD COLUMN scope_units TEXT NOT NULL DEFAULT '[]';           -- JSON array
ALTER TABLE batch ADD COLUMN status TEXT NOT NULL DEFAULT 'in_force';          -- VersionStatus
ALTER TABLE batch ADD COLUMN superseded_by INTEGER;
ALTER TABLE batch ADD COLUMN status_changed_at TEXT;
UPDATE batch SET list_date = substr(imported_at, 1, 10) WHERE list_date IS NULL;
CREATE INDEX batch_by_kind_status ON batch (kind, status);

-- The part of a version in force that a newer one replaced (one school of a roll, one
-- scheme-year of a register): rows of `batch_id` whose `dimension` value is `unit`.
CREATE TABLE superseded_part (
    batch_id  INTEGER NOT NULL REFERENCES batch (id) ON DELETE CASCADE,
    dimension TEXT    NOT NULL,
    unit      TEXT    NOT NULL,
    by_batch  INTEGER NOT NULL,
    PRIMARY KEY (batch_id, dimension, unit)
);

-- What each version replaced, kept readable after the replaced version is purged.
CREATE TABLE replacement (
    id                 INTEGER PRIMARY KEY,
    batch_id           INTEGER NOT NULL REFERENCES batch (id) ON DELETE CASCADE,
    replaced_batch     INTEGER NOT NULL,
    replaced_file      TEXT    NOT NULL,
    replaced_list_date TEXT,
    whole              INTEGER NOT NULL,
    parts              TEXT    NOT NULL,  -- JSON array of units, when only part was replaced
    rows_replaced      INTEGER NOT NULL,
    people_left        INTEGER NOT NULL,
    people_joined      INTEGER NOT NULL
);
CREATE INDEX replacement_by_batch ON replacement (batch_id);

-- A row's own status (迁出, 退出, 离职 …) and a roster's leaving date.
ALTER TABLE list_row ADD COLUMN person_status TEXT;                            -- PersonStatus
ALTER TABLE list_row ADD COLUMN leave_date TEXT;

-- Which versions each analysis read, and the data it saw (for "out of date").
CREATE TABLE analysis_batch (
    analysis_id INTEGER NOT NULL REFERENCES analysis (id) ON DELETE CASCADE,
    batch_id    INTEGER NOT NULL,
    PRIMARY KEY (analysis_id, batch_id)
);
ALTER TABLE analysis ADD COLUMN data_version INTEGER NOT NULL DEFAULT 0;
CREATE TABLE data_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 0);
