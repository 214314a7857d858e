-- Per-county settings (grace periods, the county's name, ...), as text.
CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- What a gap now records beyond the first version.
ALTER TABLE gap ADD COLUMN person_key TEXT NOT NULL DEFAULT '';
ALTER TABLE gap ADD COLUMN deadline TEXT;
ALTER TABLE gap ADD COLUMN priority TEXT NOT NULL DEFAULT 'normal';
ALTER TABLE gap ADD COLUMN route_type TEXT NOT NULL DEFAULT 'township';
ALTER TABLE gap ADD COLUMN route_unit TEXT NOT NULL DEFAULT '';
ALTER TABLE gap ADD COLUMN route_detail TEXT NOT NULL DEFAULT '';
ALTER TABLE gap ADD COLUMN match_tier TEXT NOT NULL DEFAULT 'none';
ALTER TABLE gap ADD COLUMN sources TEXT NOT NULL DEFAULT '[]';   -- JSON array of source rows
ALTER TABLE gap ADD COLUMN phone TEXT;
CREATE INDEX gap_by_person ON gap (person_key);

-- Coverage per township and village, per analysis.
CREATE TABLE coverage (
    analysis_id INTEGER NOT NULL REFERENCES analysis (id) ON DELETE CASCADE,
    township    TEXT NOT NULL,
    village     TEXT NOT NULL,          -- '' for the township's total
    residents   INTEGER NOT NULL,
    enrolled    INTEGER NOT NULL,
    PRIMARY KEY (analysis_id, township, village)
);

-- Possible matches waiting for a person to decide, per analysis.
CREATE TABLE review_item (
    id          INTEGER PRIMARY KEY,
    analysis_id INTEGER NOT NULL REFERENCES analysis (id) ON DELETE CASCADE,
    pair_key    TEXT NOT NULL,          -- stable across analyses: person key and candidate key
    person      TEXT NOT NULL,          -- JSON: the list side
    candidate   TEXT NOT NULL,          -- JSON: the enrolment side
    why         TEXT NOT NULL
);
CREATE INDEX review_item_by_analysis ON review_item (analysis_id);

-- Decisions on possible matches, remembered across analyses.
CREATE TABLE review_decision (
    pair_key   TEXT PRIMARY KEY,
    decision   TEXT NOT NULL CHECK (decision IN ('accept', 'reject')),
    decided_at TEXT NOT NULL
);

-- People flagged in the analysis before who are no longer flagged, and why.
CREATE TABLE closed_gap (
    analysis_id    INTEGER NOT NULL REFERENCES analysis (id) ON DELETE CASCADE,
    person_key     TEXT NOT NULL,
    code           TEXT NOT NULL,       -- the code they had before
    name           TEXT NOT NULL,
    closed_because TEXT NOT NULL CHECK (closed_because IN ('enrolled', 'deceased', 'excluded', 'settled', 'in_review', 'not_listed'))
);
CREATE INDEX closed_gap_by_analysis ON closed_gap (analysis_id);
