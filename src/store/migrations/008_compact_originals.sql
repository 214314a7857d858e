-- The original cells of a row are kept compactly (import::original): the header titles
-- once per batch here, as JSON {sheet: [[column, title], ...]}, and each row's cell texts
-- in that order in list_row.original. Rows stored before keep their JSON object.
ALTER TABLE batch ADD COLUMN original_columns TEXT;
-- list_row_by_place (batch_id, row_number) serves every lookup by batch; a second index
-- on batch_id alone only cost each import a B-tree insert per row.
DROP INDEX IF EXISTS list_row_by_batch;
