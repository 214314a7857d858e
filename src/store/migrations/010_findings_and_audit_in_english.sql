-- Quality findings and audit entries in English beside the Chinese, for the app's English
-- mode; built from the same code and values (quality::FindingText, the audit writers).
-- Rows stored before this have none: a finding's English is rebuilt from its code where
-- it can be, an entry shows its Chinese detail. New audit entries hash the English too
-- (scheme hmac-sha256-en, see audit.rs); older ones keep their scheme and hash.
ALTER TABLE finding ADD COLUMN message_en TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN detail_en TEXT NOT NULL DEFAULT '';
