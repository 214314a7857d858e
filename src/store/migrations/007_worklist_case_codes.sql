-- The visible case code printed on each worklist row (typed back, it finds the case when
-- the hidden token is lost), and the masked ID as printed, to check a returned row against
-- the person its token was issued for.
ALTER TABLE worklist_row ADD COLUMN case_code TEXT;
ALTER TABLE worklist_row ADD COLUMN id_masked TEXT;
CREATE UNIQUE INDEX worklist_row_by_case_code ON worklist_row (case_code);
-- Source rows looked up by place, for the field sheet's address and guardian.
CREATE INDEX list_row_by_place ON list_row (batch_id, row_number);
