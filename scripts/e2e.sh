#!/usr/bin/env bash
# End-to-end test of the desktop app: builds it (debug, frontend bundled into the binary,
# not served by a dev server), then drives it through WebDriver (tauri-driver +
# WebKitWebDriver) under a virtual X display. See tests/e2e/app.test.mjs.
#
# Needs (scripts/setup.sh installs them): webkit2gtk-driver, xvfb, xauth, fonts-noto-cjk,
# `cargo install tauri-driver --locked --version ^2`, and `npm ci` in ui/.
#
# Env: TAURI_DRIVER (default: tauri-driver on PATH, else ~/.cargo/bin/tauri-driver),
#      TAURI_NATIVE_DRIVER (default /usr/bin/WebKitWebDriver),
#      ENROLGAP_E2E_SKIP_BUILD=1 to reuse target/debug/enrolgap-app.
#      ENROLGAP_E2E_ONLY=PATTERN to run only the tests whose name matches.
# Screenshots: target/screenshots/<step>-zh.png, and the main screens also <step>-en.png.
#
# The app's automation hooks (the test sets them; WebDriver cannot drive native dialogs).
# They exist only in a build with the app's `e2e-automation` feature, which this script
# builds (a release build has none; scripts/package-test.sh checks):
#   ENROLGAP_SCRIPTED_PICK      files the import's "choose files" returns (path list)
#   ENROLGAP_SCRIPTED_FOLDER    the folder the worklist export's folder dialog returns
#   ENROLGAP_SCRIPTED_SAVE      a folder every save dialog writes into, under its suggested name
#   ENROLGAP_SCRIPTED_FOLLOWUP  the filled worklists the follow-up import picks (path list)
#   ENROLGAP_SCRIPTED_RESTORE   the backup the restore dialog returns
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [[ -z "${TAURI_DRIVER:-}" ]]; then
  TAURI_DRIVER="$(command -v tauri-driver || echo "$HOME/.cargo/bin/tauri-driver")"
fi
export TAURI_DRIVER
export TAURI_NATIVE_DRIVER="${TAURI_NATIVE_DRIVER:-/usr/bin/WebKitWebDriver}"
for tool in "$TAURI_DRIVER" "$TAURI_NATIVE_DRIVER" xvfb-run node; do
  command -v "$tool" >/dev/null || { echo "e2e: missing $tool (run scripts/setup.sh)" >&2; exit 2; }
done
[[ -d ui/node_modules ]] || { echo "e2e: run 'npm ci' in ui/ first" >&2; exit 2; }

if [[ ! -f fixtures/demo/household.xlsx || ! -f fixtures/errors/not_a_spreadsheet.xlsx ]]; then
  echo "e2e: generating fixtures"
  cargo run --quiet -p enrolgap-fixtures
fi

if [[ "${ENROLGAP_E2E_SKIP_BUILD:-}" != 1 ]]; then
  echo "e2e: building the command line (the encrypted-database test prepares its database with it)"
  cargo build --locked --quiet --bin enrolgap
  echo "e2e: building the fill_worklist example (it fills a returned worklist)"
  cargo build --locked --quiet --example fill_worklist
  echo "e2e: building the app (debug, bundled frontend, e2e-automation feature)"
  (cd ui && npm run --silent tauri -- build --debug --no-bundle --features e2e-automation)
fi
app="$root/target/debug/enrolgap-app"
[[ -x "$app" ]] || { echo "e2e: $app was not built" >&2; exit 1; }

rm -rf target/screenshots
export ENROLGAP_E2E_APP="$app"
export ENROLGAP_E2E_CLI="$root/target/debug/enrolgap"
export ENROLGAP_E2E_SCREENSHOTS="$root/target/screenshots"
export WEBKIT_DISABLE_DMABUF_RENDERER=1
# No GPU under Xvfb; keep WebKit from trying.
export LIBGL_ALWAYS_SOFTWARE=1

# The test starts and stops tauri-driver (and so the app) itself; the process-group kill
# below is a backstop for anything left when node is interrupted.
set +e
timeout --kill-after=20 1500 \
  xvfb-run -a -s "-screen 0 1366x768x24" \
  node --test --test-reporter=spec --test-concurrency=1 \
    ${ENROLGAP_E2E_ONLY:+--test-name-pattern="$ENROLGAP_E2E_ONLY"} tests/e2e/
status=$?
set -e
echo "e2e: exit $status; screenshots in target/screenshots/"
exit "$status"
