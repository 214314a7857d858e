#!/usr/bin/env bash
# make bench: generate counties of BENCH_SIZES residents, time enrolgap's job step by step
# beside the bare calamine parse and a pandas script doing the same job, write
# bench/results.md. Timing only: nothing here asserts a speed.
set -euo pipefail
cd "$(dirname "$0")/.."
# On a shared 2-core machine keep to 250000 or 500000: report.py extrapolates to 1M, 1.5M, 5M.
SIZES="${BENCH_SIZES:-250000 500000 1000000}"
OUT=target/bench
mkdir -p "$OUT"
RESULTS="$OUT/results.tsv"
: > "$RESULTS"
# Other work on the machine skews every number: the load is printed with the results.
cut -d' ' -f1-3 /proc/loadavg > "$OUT/loadavg.start"

echo "== building (release)"
cargo build --release -q -p enrolgap --bin enrolgap
cargo build --release -q -p enrolgap-fixtures
CARGO_TARGET_DIR="$PWD/$OUT/cargo-target" cargo build --release -q --manifest-path bench/calamine_floor/Cargo.toml
FLOOR="$OUT/cargo-target/release/calamine_floor"
ENROLGAP="$PWD/target/release/enrolgap"

echo "== pandas venv ($OUT/venv)"
if [ ! -x "$OUT/venv/bin/python" ] || ! "$OUT/venv/bin/python" -c "import pandas, python_calamine, xlsxwriter" 2>/dev/null; then
  python3 -m venv "$OUT/venv"
  "$OUT/venv/bin/pip" install -q pandas python-calamine xlsxwriter
fi
PY="$OUT/venv/bin/python"

# timed SIZE STEP ROWS CMD...: runs CMD under /usr/bin/time -v, appends
# "size step rows seconds peak_kb cpu_seconds" to the results. CPU seconds (user + system,
# all threads) say what a step costs when other work shares the cores and stretches the
# wall-clock time.
timed() {
  local size=$1 step=$2 rows=$3; shift 3
  local log; log=$(mktemp)
  local start end secs kb
  start=$(date +%s.%N)
  if ! /usr/bin/time -v "$@" > "$log.out" 2> "$log"; then
    echo "FAILED: $*"; cat "$log" "$log.out"; exit 1
  fi
  end=$(date +%s.%N)
  secs=$(echo "$start $end" | awk '{printf "%.3f", $2 - $1}')
  kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$log")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$step" "$rows" "$secs" "$kb" "$cpu" | tee -a "$RESULTS"
  cp "$log.out" "$OUT/last_step.out"
  rm -f "$log" "$log.out"
}

lines() { echo $(( $(wc -l < "$1") - ${2:-1} )); }

for N in $SIZES; do
  DATA="$OUT/county-$N"
  if [ ! -f "$DATA/exclusion.csv" ]; then
    echo "== generating $N residents into $DATA"
    target/release/enrolgap-fixtures scale "$N" "$DATA"
  fi
  # The eight lists a county works with (a county generated before deaths and exclusions
  # were added has six: it is measured with what it has).
  LISTS=""; declare -A ROWS=(); ALL_ROWS=0
  for list in household enrolment school welfare roster birth death exclusion; do
    [ -f "$DATA/$list.csv" ] || continue
    LISTS="$LISTS $list"
    ROWS[$list]=$(lines "$DATA/$list.csv")
    ALL_ROWS=$(( ALL_ROWS + ${ROWS[$list]} ))
  done
  ROWS[household]=$N
  ALL_ROWS=$(( ALL_ROWS - $(lines "$DATA/household.csv") + N ))
  COUNT=$(echo $LISTS | wc -w)
  XLSX=(); for list in $LISTS; do XLSX+=("$DATA/$list.xlsx"); done
  echo "== $N: bare calamine parse (floor)"
  for list in $LISTS; do
    timed "$N" "floor $list.xlsx" "${ROWS[$list]}" "$FLOOR" "$DATA/$list.xlsx"
  done
  timed "$N" "floor all lists" "$ALL_ROWS" "$FLOOR" "${XLSX[@]}"
  printf '%s\t%s\t%s\t%s\t%s\n' "$N" "lists" "$COUNT" 0 0 >> "$RESULTS"

  echo "== $N: enrolgap, each xlsx on its own (import vs its floor)"
  DB="$OUT/enrolgap-each-$N.sqlite3"; rm -f "$DB" "$DB-wal" "$DB-shm"
  for list in $LISTS; do
    timed "$N" "enrolgap import $list.xlsx" "${ROWS[$list]}" "$ENROLGAP" --db "$DB" import "$DATA/$list.xlsx" --kind "$list"
  done
  rm -f "$DB" "$DB-wal" "$DB-shm"

  # The import's ratio to its parse, paired: the bare parse and the import of the same
  # file(s) back to back, BENCH_PAIRS times (the household list, the register, all
  # eight). On a VM whose speed wanders from one minute to the next, a parse timed
  # minutes before the import says little about the ratio; each pair's own ratio, and
  # their median, do.
  for pair in $(seq 1 "${BENCH_PAIRS:-3}"); do
    echo "== $N: paired parse and import, pair $pair"
    SCRATCH="$OUT/enrolgap-pair-$N.sqlite3"
    # The two large lists, each into an empty database.
    for list in household enrolment; do
      timed "$N" "floor $list.xlsx #$pair" "${ROWS[$list]}" "$FLOOR" "$DATA/$list.xlsx"
      rm -f "$SCRATCH" "$SCRATCH-wal" "$SCRATCH-shm"
      timed "$N" "enrolgap import $list.xlsx #$pair" "${ROWS[$list]}" "$ENROLGAP" --db "$SCRATCH" import "$DATA/$list.xlsx" --kind "$list"
    done
    timed "$N" "floor all lists #$pair" "$ALL_ROWS" "$FLOOR" "${XLSX[@]}"
    rm -f "$SCRATCH" "$SCRATCH-wal" "$SCRATCH-shm"
    timed "$N" "enrolgap import all lists #$pair" "$ALL_ROWS" "$ENROLGAP" --db "$SCRATCH" import "${XLSX[@]}"
    rm -f "$SCRATCH" "$SCRATCH-wal" "$SCRATCH-shm"
  done

  echo "== $N: enrolgap, the whole job (one import command for all $COUNT lists, analyze, township worklists, gaps csv)"
  DB="$OUT/enrolgap-$N.sqlite3"; rm -f "$DB" "$DB-wal" "$DB-shm"
  timed "$N" "enrolgap import all lists" "$ALL_ROWS" "$ENROLGAP" --db "$DB" import "${XLSX[@]}"
  timed "$N" "enrolgap analyze" "$((N + ${ROWS[enrolment]}))" "$ENROLGAP" --db "$DB" analyze --as-of 2026-06-30
  rm -rf "$OUT/worklists-$N"
  timed "$N" "enrolgap worklist (township)" "$N" "$ENROLGAP" --db "$DB" worklist --split-by township --out "$OUT/worklists-$N"
  timed "$N" "enrolgap gaps csv" "$N" "$ENROLGAP" --db "$DB" gaps --format csv --out "$OUT/gaps-$N.csv"
  printf '%s\t%s\t%s\t%s\t%s\n' "$N" "gaps found" "$(lines "$OUT/gaps-$N.csv")" 0 0 >> "$RESULTS"
  du -k "$DB" | awk -v n="$N" '{printf "%s\tdatabase size\t0\t0\t%s\n", n, $1}' >> "$RESULTS"

  if [ "${BENCH_HISTORY:-1}" = 1 ]; then
  echo "== $N: enrolgap, analysis with twelve monthly register versions in the database"
  # The yardstick for the twelve registers: an analysis after one before, as the one
  # after them is (a second analysis also records what became of the people the first
  # flagged, which a first one has nobody to do for).
  timed "$N" "enrolgap analyze again" "$((N + ${ROWS[enrolment]}))" "$ENROLGAP" --db "$DB" analyze --as-of 2026-06-30
  # Eleven earlier months of the same register (each a distinct file: blank lines added,
  # which import skips) stored as history; only one version stays in force.
  for month in 01 02 03 04 05 06 07 08 09 10 11; do
    REG="$OUT/enrolment-2025-$month.csv"
    { cat "$DATA/enrolment.csv"; printf '\n%.0s' $(seq 1 "$((10#$month))"); } > "$REG"
    "$ENROLGAP" --db "$DB" import "$REG" --kind enrolment --list-date "2025-$month" > /dev/null
    rm -f "$REG"
  done
  timed "$N" "enrolgap analyze, 12 register versions" "$((N + ${ROWS[enrolment]}))" "$ENROLGAP" --db "$DB" analyze --as-of 2026-06-30
  fi

  if [ "${BENCH_CSV:-1}" = 1 ]; then
  echo "== $N: enrolgap, GBK csv (imports only)"
  DB="$OUT/enrolgap-csv-$N.sqlite3"; rm -f "$DB" "$DB-wal" "$DB-shm"
  for list in household enrolment; do
    timed "$N" "enrolgap import $list.csv" "${ROWS[$list]}" "$ENROLGAP" --db "$DB" import "$DATA/$list.csv" --kind "$list"
  done
  rm -f "$DB" "$DB-wal" "$DB-shm"
  fi

  echo "== $N: pandas"
  for fmt in xlsx csv; do
    timed "$N" "pandas job $fmt" "$((N + ${ROWS[enrolment]}))" "$PY" bench/pandas_job.py "$fmt" "$DATA" "$OUT/pandas-gaps-$N.xlsx"
    # The script's own step times, for the table.
    "$PY" - "$N" "$fmt" "$OUT/last_step.out" >> "$RESULTS" <<'PYEOF'
import json, sys
n, fmt, path = sys.argv[1:4]
for line in open(path):
    s = json.loads(line)
    print(f"{n}\tpandas {fmt}: {s['step']}\t{s['rows']}\t{s['seconds']}\t0")
PYEOF
  done
done

cut -d' ' -f1-3 /proc/loadavg > "$OUT/loadavg.end"
nproc > "$OUT/cores"
python3 bench/report.py "$RESULTS" "$OUT/loadavg.start" "$OUT/loadavg.end" > bench/results.md
cat bench/results.md
