-- The gap's reason in English beside the Chinese one (`reason`), for the app's English
-- mode; built from the same clauses (analysis::reasons). Analyses stored before this
-- have none: the app shows their Chinese reason.
ALTER TABLE gap ADD COLUMN reason_en TEXT NOT NULL DEFAULT '';
