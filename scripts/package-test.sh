#!/usr/bin/env bash
# The installable package, tested as an officer's machine meets it: installs the .deb that
# `make package` built into this system with dpkg (needs root), checks what it put where,
# checks the installed binary carries none of the e2e automation hooks, starts the
# installed app under Xvfb on the demo county, checks its window appears, that it opened
# the demo database and stays up, screenshots it (target/package/installed.png), then
# removes the package again.
#
# Run by `make package-test` (which builds the package first); not part of `make test`,
# as the release build takes long. Needs: dpkg, xvfb-run, xwininfo (x11-utils),
# ImageMagick (import, identify), strings (binutils). Refuses to run when enrolgap is
# already installed, rather than removing someone's installation.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

package=enrolgap
binary=/usr/bin/enrolgap-app
title="应保尽保 · 参保缺口排查"
out="$root/target/package"
checks=0

fail() { echo "package-test: FAIL: $*" >&2; exit 1; }
pass() { checks=$((checks + 1)); echo "  ok  $*"; }
step() { echo "package-test: $*"; }

[[ $(id -u) == 0 ]] || fail "needs root to install the package with dpkg -i"
for tool in dpkg dpkg-deb xvfb-run xwininfo import identify strings; do
  command -v "$tool" >/dev/null || fail "missing $tool"
done
deb="$(ls -t target/release/bundle/deb/*.deb 2>/dev/null | head -1 || true)"
[[ -n $deb ]] || fail "no .deb under target/release/bundle/deb/: run make package first"
if dpkg -s "$package" >/dev/null 2>&1; then
  fail "$package is already installed on this system; remove it first (dpkg -r $package)"
fi
rm -rf "$out"
mkdir -p "$out"

step "$(basename "$deb"): $(du -h "$deb" | cut -f1) ($(stat -c %s "$deb") bytes)"
[[ $(dpkg-deb -f "$deb" Package) == "$package" ]] || fail "package name is not $package"
depends="$(dpkg-deb -f "$deb" Depends)"
[[ $depends == *libwebkit2gtk-4.1* && $depends == *libgtk-3* ]] \
  || fail "Depends lacks the webview and GTK: $depends"
pass "package $package $(dpkg-deb -f "$deb" Version), depends on: $depends"

app_pid=""
installed=""
cleanup() {
  if [[ -n $app_pid ]]; then kill "$app_pid" 2>/dev/null || true; fi
  if [[ -n $installed ]]; then dpkg -r "$package" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

step "installing with dpkg -i"
dpkg -i "$deb" >"$out/dpkg-install.log" 2>&1 || { cat "$out/dpkg-install.log" >&2; fail "dpkg -i failed"; }
installed=1
dpkg -L "$package" >"$out/files.txt"

[[ -x $binary ]] || fail "$binary is not installed or not executable"
file -b "$binary" | grep -q ELF || fail "$binary is not an executable"
pass "binary $binary ($(du -h "$binary" | cut -f1))"

desktop="$(grep -E '^/usr/share/applications/.*\.desktop$' "$out/files.txt" | head -1 || true)"
[[ -n $desktop && -f $desktop ]] || fail "no .desktop entry under /usr/share/applications"
grep -qxF "Name=$title" "$desktop" || fail "$desktop has no Name=$title"
grep -qxF "Exec=enrolgap-app" "$desktop" || fail "$desktop does not start enrolgap-app"
icon_name="$(sed -n 's/^Icon=//p' "$desktop")"
[[ -n $icon_name ]] || fail "$desktop names no icon"
pass "desktop entry $desktop: Name=$title, Exec=enrolgap-app, Icon=$icon_name"

icons="$(grep -E "^/usr/share/icons/hicolor/[0-9x@]+/apps/$icon_name\.png$" "$out/files.txt" || true)"
[[ -n $icons ]] || fail "no hicolor icon named $icon_name.png"
for icon in $icons; do
  file -b "$icon" | grep -q "PNG image data" || fail "$icon is not a PNG"
done
grep -q "/128x128/apps/$icon_name.png" <<<"$icons" || fail "no 128x128 icon"
pass "icons: $(tr '\n' ' ' <<<"$icons")"

# The automation hooks' env names must not be in what an officer installs. ENROLGAP_DB,
# an env var the app does read, shows that strings would find such a name.
# (Into a file first: `strings | grep -q` fails under pipefail when grep stops reading.)
strings "$binary" >"$out/strings.txt"
grep -q ENROLGAP_DB "$out/strings.txt" || fail "strings finds no ENROLGAP_DB: the check below could not see a name"
if grep -q ENROLGAP_SCRIPTED "$out/strings.txt"; then
  fail "the installed binary contains ENROLGAP_SCRIPTED_*: built with e2e-automation?"
fi
pass "no ENROLGAP_SCRIPTED_* in the installed binary (ENROLGAP_DB is there)"

step "loading the demo county with the command line"
cargo build --locked -q --release --bin enrolgap
cli=target/release/enrolgap
db="$out/demo/enrolgap-demo.sqlite3"
as_of="$(tr -d '[:space:]' <fixtures/demo/as_of.txt)"
mkdir -p "$out/demo"
"$cli" --db "$db" import fixtures/demo/*.xlsx >"$out/demo/import.log"
"$cli" --db "$db" analyze --as-of "$as_of" >"$out/demo/analyze.log"
"$cli" --db "$db" gaps --format csv --out "$out/demo/gaps.csv" >/dev/null
people=$(($(wc -l <"$out/demo/gaps.csv") - 1))
[[ $people -gt 0 ]] || fail "the demo county has no gaps"
pass "demo database $db: $people people with a gap as of $as_of"

step "starting the installed app under Xvfb"
home="$out/home"
mkdir -p "$home/data" "$home/cache" "$home/config"
export out db binary title
cat >"$out/under-xvfb.sh" <<'INNER'
set -euo pipefail
HOME="$out/home" XDG_DATA_HOME="$out/home/data" XDG_CACHE_HOME="$out/home/cache" \
  XDG_CONFIG_HOME="$out/home/config" ENROLGAP_DB="$db" \
  WEBKIT_DISABLE_DMABUF_RENDERER=1 LIBGL_ALWAYS_SOFTWARE=1 \
  enrolgap-app >"$out/app.log" 2>&1 &
pid=$!
window=""
for _ in $(seq 1 90); do
  kill -0 "$pid" 2>/dev/null || { echo "the app exited before showing a window"; exit 1; }
  window="$(xwininfo -root -tree | grep -F '("enrolgap-app"' | grep -E ' [0-9]{4}x[0-9]{3}\+' | head -1 || true)"
  [[ -n $window ]] && break
  sleep 1
done
[[ -n $window ]] || { echo "no enrolgap-app window of the app's size after 90 s"; kill "$pid"; exit 1; }
echo "window: $(sed 's/^ *//' <<<"$window")"
# The webview loads the screens, whose first commands open the database (in WAL mode,
# so its -wal and -shm files appear beside it while it is open).
opened=""
for second in $(seq 1 60); do
  kill -0 "$pid" 2>/dev/null || { echo "the app exited after showing its window"; exit 1; }
  if [[ -e "$db-wal" || -e "$db-shm" ]]; then opened=$second; break; fi
  sleep 1
done
[[ -n $opened ]] || { echo "the app did not open the demo database in 60 s"; import -window root "$out/installed.png"; kill "$pid"; exit 1; }
echo "database-opened-after: ${opened}"
# Time to render the overview from the database, then the picture.
sleep 8
import -window root "$out/installed.png"
sleep 5
kill -0 "$pid" 2>/dev/null || { echo "the app exited after the screenshot"; exit 1; }
kill "$pid"
wait "$pid" 2>/dev/null || true
INNER
xvfb_log="$out/xvfb.log"
if ! timeout --kill-after=10 180 xvfb-run -a -s "-screen 0 1366x768x24" \
  bash "$out/under-xvfb.sh" >"$xvfb_log" 2>&1; then
  cat "$xvfb_log" "$out/app.log" >&2
  fail "the installed app did not come up"
fi
grep -qF "$title" "$xvfb_log" || { cat "$xvfb_log" >&2; fail "the window is not titled $title"; }
pass "$(grep '^window:' "$xvfb_log")"
pass "the app opened the demo database $(sed -n 's/^database-opened-after: //p' "$xvfb_log") s after its window appeared and stayed up 13 s more"

spread="$(identify -format '%[fx:standard_deviation]' "$out/installed.png")"
awk -v s="$spread" 'BEGIN { exit !(s > 0.05) }' || fail "the screenshot is blank (spread $spread)"
pass "screenshot $out/installed.png ($(identify -format '%wx%h' "$out/installed.png"), pixel spread $spread)"

step "removing with dpkg -r"
dpkg -r "$package" >"$out/dpkg-remove.log" 2>&1 || { cat "$out/dpkg-remove.log" >&2; fail "dpkg -r failed"; }
installed=""
[[ ! -e $binary && ! -e $desktop ]] || fail "dpkg -r left $binary or $desktop behind"
pass "removed: $binary and $desktop are gone"

echo "package-test: all $checks checks passed"
