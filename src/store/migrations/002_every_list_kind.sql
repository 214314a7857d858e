-- Columns for the lists beyond household and enrolment (docs/rules.md, "The lists").
ALTER TABLE list_row ADD COLUMN name_has_placeholder INTEGER NOT NULL DEFAULT 0;
ALTER TABLE list_row ADD COLUMN birth_cert_number TEXT;
ALTER TABLE list_row ADD COLUMN mother_name TEXT;
ALTER TABLE list_row ADD COLUMN mother_id_number TEXT;
ALTER TABLE list_row ADD COLUMN father_name TEXT;
ALTER TABLE list_row ADD COLUMN father_id_number TEXT;
ALTER TABLE list_row ADD COLUMN school TEXT;
ALTER TABLE list_row ADD COLUMN grade TEXT;
ALTER TABLE list_row ADD COLUMN class_name TEXT;
ALTER TABLE list_row ADD COLUMN student_number TEXT;
ALTER TABLE list_row ADD COLUMN agency TEXT;
ALTER TABLE list_row ADD COLUMN client_company TEXT;
ALTER TABLE list_row ADD COLUMN start_date TEXT;
ALTER TABLE list_row ADD COLUMN welfare_category TEXT;
ALTER TABLE list_row ADD COLUMN household_head TEXT;
ALTER TABLE list_row ADD COLUMN death_date TEXT;
ALTER TABLE list_row ADD COLUMN exclusion_reason TEXT;

CREATE INDEX list_row_by_name_key ON list_row (name_key, birth_date);

-- A column mapping the user confirmed, reused for files with the same header.
CREATE TABLE saved_mapping (
    signature TEXT PRIMARY KEY,        -- the header's cleaned texts, in column order
    kind      TEXT NOT NULL,
    roles     TEXT NOT NULL,           -- JSON object: role -> header text
    saved_at  TEXT NOT NULL
);
