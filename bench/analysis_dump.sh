#!/usr/bin/env bash
# Dumps the whole analysis output (gaps with every stored field, review queue, coverage,
# closed cases, lists used) and the township worklists' cells for the demo county, the
# campaign fixtures (July, then August over it) and optionally a generated county,
# so that two builds can be diffed: a speed change must leave every line identical.
# Usage: bench/analysis_dump.sh ENROLGAP_BINARY OUT_DIR [GENERATED_COUNTY_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "$1"); OUT=$2; COUNTY=${3:-}
mkdir -p "$OUT"
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT

dump_db() { # DB NAME: the analyses' stored results, without row ids and timestamps
  sqlite3 -batch "$1" > "$OUT/$2.analysis.txt" <<'SQL'
.mode tabs
SELECT 'analysis', id, as_of, coverage_year, residents, enrolled_residents FROM analysis ORDER BY id;
SELECT 'batch', analysis_id, batch_id FROM analysis_batch ORDER BY 2, 3;
SELECT 'gap', analysis_id, code, id_number, name, birth_date, sex, township, village, reason,
       source_file, source_sheet, source_row, person_key, deadline, priority, route_type,
       route_unit, route_detail, match_tier, sources, phone
  FROM gap ORDER BY analysis_id, person_key, code;
SELECT 'coverage', * FROM coverage ORDER BY analysis_id, township, village;
SELECT 'review', analysis_id, pair_key, person, candidate, why FROM review_item
  ORDER BY analysis_id, pair_key, why;
SELECT 'closed', * FROM closed_gap ORDER BY analysis_id, person_key, code;
SQL
}

worklists() { # DB NAME
  rm -rf "$WORK/wl"
  "$BIN" --db "$1" worklist --split-by township --out "$WORK/wl" > /dev/null
  python3 bench/xlsx_cells.py $(ls "$WORK"/wl/*.xlsx | sort) | sed "s|$WORK/wl/||" > "$OUT/$2.worklists.txt"
  sqlite3 -batch "$1" "SELECT person_key, code, name, id_masked FROM worklist_row ORDER BY 1, 2" > "$OUT/$2.worklist_rows.txt"
}

# The demo county.
DB="$WORK/demo.sqlite3"
"$BIN" --db "$DB" import fixtures/demo/*.xlsx > /dev/null
"$BIN" --db "$DB" analyze --as-of "$(cat fixtures/demo/as_of.txt)" > /dev/null
dump_db "$DB" demo; worklists "$DB" demo

# The two-month campaign: July, then August over it (closed cases, replacements).
DB="$WORK/months.sqlite3"
for month in 2026-07 2026-08; do
  "$BIN" --db "$DB" import fixtures/campaign/$month/*.xlsx > /dev/null
  "$BIN" --db "$DB" analyze --as-of "$(cat fixtures/campaign/$month/as_of.txt)" > /dev/null
done
dump_db "$DB" months; worklists "$DB" months

if [ -n "$COUNTY" ]; then
  DB="$WORK/county.sqlite3"
  LISTS=(); for list in household enrolment school welfare roster birth death exclusion; do
    [ -f "$COUNTY/$list.xlsx" ] && LISTS+=("$COUNTY/$list.xlsx")
  done
  "$BIN" --db "$DB" import "${LISTS[@]}" > /dev/null
  "$BIN" --db "$DB" analyze --as-of 2026-06-30 > /dev/null
  dump_db "$DB" county; worklists "$DB" county
fi
wc -l "$OUT"/*.txt
