-- A review item's reason in English beside the Chinese one (`why`), for the app's English
-- mode; built from the same resemblance (analysis::review). Items stored before this have
-- none: the app shows their Chinese reason.
ALTER TABLE review_item ADD COLUMN why_en TEXT NOT NULL DEFAULT '';

-- A decision taken back is kept, marked undone, so that the row its audit entry names
-- still exists and the log shows the decision and its undo. A new decision on the same
-- pair clears the mark.
ALTER TABLE review_decision ADD COLUMN undone_at TEXT;
