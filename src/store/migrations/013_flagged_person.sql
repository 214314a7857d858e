-- Everyone an analysis has flagged, once, as the latest gap stored for them left them:
-- the township report's funnel (report::township) counts each person ever flagged in
-- the township of their latest gap. It read every gap of every analysis kept to find
-- that, so the worklists slowed with each month's analysis; this table holds one row a
-- person, and each analysis brings it up to date as it stores its gaps.
CREATE TABLE flagged_person (
    person_key  TEXT PRIMARY KEY,
    analysis_id INTEGER NOT NULL,
    township    TEXT,
    route_type  TEXT NOT NULL,
    route_unit  TEXT NOT NULL
) WITHOUT ROWID;
-- Gaps stored before this: each person's latest is the one with the largest id (an
-- analysis stores its gaps after every earlier analysis').
INSERT INTO flagged_person (person_key, analysis_id, township, route_type, route_unit)
SELECT g.person_key, g.analysis_id, g.township, g.route_type, g.route_unit
FROM gap g
WHERE g.id IN (SELECT MAX(id) FROM gap GROUP BY person_key);
