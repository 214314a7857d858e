#!/usr/bin/env bash
# Installs what building, running and testing enrolgap needs, and only what is missing:
# Debian packages (the app's system libraries, Xvfb, the WebKit WebDriver, CJK fonts,
# LibreOffice and poppler to render worksheets as a printer would),
# the UI's npm packages, and tauri-driver. Quiet when everything is present.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*"; }
fail() { printf 'setup: %s\n' "$*" >&2; exit 1; }

APT_PACKAGES=(
  build-essential pkg-config curl file
  libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev libssl-dev
  xvfb xauth x11-utils webkit2gtk-driver fonts-noto-cjk imagemagick
  libreoffice-calc fonts-crosextra-carlito poppler-utils
)
TAURI_DRIVER_VERSION="^2"
NODE_MAJOR_MIN=20

# --- Debian packages -------------------------------------------------------------
missing=()
if command -v dpkg-query >/dev/null; then
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
else
  fail "this is not a Debian or Ubuntu system (no dpkg). Install the equivalents of: ${APT_PACKAGES[*]}, Node.js >= ${NODE_MAJOR_MIN} and Rust, then run 'make test' again."
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi

if ((${#missing[@]})); then
  if [ "$(id -u)" -eq 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
  else
    fail "missing packages: ${missing[*]}. Install them as root: sudo apt-get install -y ${missing[*]}"
  fi
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Rust and Node ----------------------------------------------------------------
command -v cargo >/dev/null || fail "cargo not found: install Rust (stable) with rustup, then run again."
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge "$NODE_MAJOR_MIN" ] || fail "Node.js $(node -v) is too old: the UI's build tools need Node.js >= ${NODE_MAJOR_MIN}."
# The format and lint gates of `make test` need rustfmt and clippy beside the compiler.
if command -v rustup >/dev/null; then
  for component in rustfmt clippy; do
    rustup component list --installed 2>/dev/null | grep -q "^${component}" || {
      say "installing the Rust component ${component}"
      rustup component add "${component}" >/dev/null
    }
  done
fi

# --- npm packages of the UI ---------------------------------------------------------
# npm ci again only when package-lock.json changed since the last install.
stamp=ui/node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ ui/package-lock.json -nt "$stamp" ]; then
  say "installing the UI's npm packages (npm ci)"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
fi

# --- tauri-driver (WebDriver bridge for the end-to-end tests) ---------------------------
cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
if ! command -v tauri-driver >/dev/null && [ ! -x "$cargo_bin/tauri-driver" ]; then
  say "installing tauri-driver (cargo install)"
  cargo install --quiet --locked tauri-driver --version "$TAURI_DRIVER_VERSION"
fi
