#!/usr/bin/env bash
# `make run`: builds the app and opens it on the demo county. The demo has its own
# database under target/demo/, loaded through the command line on first start, so a
# real county's database is never touched. Without a display, runs the same job
# headless and writes the gaps CSV.
set -euo pipefail
cd "$(dirname "$0")/.."

demo_dir=target/demo
db="$demo_dir/enrolgap-demo.sqlite3"
as_of=$(tr -d '[:space:]' < fixtures/demo/as_of.txt)
mkdir -p "$demo_dir"

cargo build --locked -q --bin enrolgap
cli=target/debug/enrolgap

load_demo() {
  if [ ! -f "$db" ]; then
    echo "run: loading the demo county into $db (as of $as_of)"
    "$cli" --db "$db" import fixtures/demo/*.xlsx
    "$cli" --db "$db" analyze --as-of "$as_of"
  fi
}

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run: no display (DISPLAY is not set), so the app cannot open a window."
  echo "run: running the same job headless with the enrolgap command line instead."
  rm -f "$db" "$db"-wal "$db"-shm
  load_demo
  "$cli" --db "$db" gaps --format csv --out "$demo_dir/gaps.csv"
  echo "run: gaps written to $demo_dir/gaps.csv ($(($(wc -l < "$demo_dir/gaps.csv") - 1)) people)."
  echo "run: to see the app, run 'make run' on a desktop, or under Xvfb: xvfb-run -a make run"
  exit 0
fi

load_demo
(cd ui && npm run --silent tauri -- build --debug --no-bundle)
echo "run: opening the app on the demo county"
ENROLGAP_DB="$PWD/$db" exec target/debug/enrolgap-app
