-- Which of list_row's columns a batch holds a value in, anywhere in its rows: their names,
-- comma-separated, as the import stored them (a household list fills about half of the
-- 42). The analysis steps only those and reads the others as empty, without asking SQLite
-- for each of them a million times. NULL for a batch stored before this: all are read.
ALTER TABLE batch ADD COLUMN stored_columns TEXT;
