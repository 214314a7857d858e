-- Each batch's rows are one range of list_row ids: the import stores them in one
-- transaction with nothing else writing, and SQLite gives each new row the largest id
-- plus one. The import records the range here (NULL for a batch without rows), so that
-- reading a batch's rows (the analysis, a version's scope units) is a walk of that range
-- instead of a scan of the batch index to find it. Batches stored before this get it
-- from their rows now.
ALTER TABLE batch ADD COLUMN first_row_id INTEGER;
ALTER TABLE batch ADD COLUMN last_row_id INTEGER;
UPDATE batch SET
    first_row_id = (SELECT MIN(r.id) FROM list_row r WHERE r.batch_id = batch.id),
    last_row_id = (SELECT MAX(r.id) FROM list_row r WHERE r.batch_id = batch.id);

-- The name-key index serves one lookup, a person known without an ID (by name key and
-- birth date): only rows without an ID need it. Kept partial, it holds a few per cent
-- of the rows instead of all of them, so an import's rebuild sorts and writes that much
-- less.
DROP INDEX list_row_by_name_key;
CREATE INDEX list_row_by_name_key ON list_row (name_key, birth_date) WHERE id_number IS NULL;
