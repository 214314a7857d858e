# enrolgap: the two commands are `make run` and `make test`; both install what is missing.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: help setup run test lint test-engine test-ui e2e fixtures bindings ui package package-test

help:
	@echo "make run     build and open the app on the demo county (headless job without a display)"
	@echo "make test    build and run every test, end-to-end included"
	@echo "make lint    rustfmt --check and clippy -D warnings over the workspace"
	@echo "make e2e     the end-to-end tests alone (screenshots in target/screenshots/)"
	@echo "make package   the release installer for this platform (.deb on Linux) in target/release/bundle/"
	@echo "make package-test  install that .deb with dpkg (root), start it under Xvfb, remove it"
	@echo "make fixtures  regenerate fixtures/ from the generator"
	@echo "make bindings  regenerate ui/src/bindings*.ts from the Rust types"
	@echo "make fuzz    fuzz the import for FUZZ_SECONDS (default 300)"
	@echo "make soak    the crash-safety kill test KILL_RUNS times (default 500)"

setup:
	@scripts/setup.sh

ui: setup
	cd ui && npm run --silent build

run: setup
	@scripts/run.sh

test: setup ui lint test-engine test-ui e2e

# Fails on an unformatted file or any clippy warning, app and tests included.
lint: setup
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --locked -- -D warnings

test-engine:
	cargo test --workspace --locked

test-ui:
	cd ui && npm run --silent typecheck && npm run --silent lint && npm test

e2e: setup
	scripts/e2e.sh

# The release installer for this platform through the Tauri CLI: on Linux the .deb
# (target/release/bundle/deb/). The Windows installers (NSIS .exe, MSI) are built on Windows:
# `npm run tauri -- build --bundles nsis,msi` in ui/, as .github/workflows/release.yml does.
PACKAGE_BUNDLES ?= deb
package: setup
	cd ui && npm run --silent tauri -- build --bundles $(PACKAGE_BUNDLES)
	@ls -l target/release/bundle/*/*.deb 2>/dev/null || true

# Installs the .deb into this system (needs root), launches it under Xvfb on the demo county,
# checks files, window and screenshot, removes it. Not in `make test`: the release build is long.
package-test: package
	scripts/package-test.sh

fixtures:
	cargo run --locked -q -p enrolgap-fixtures

bindings: ui
	UPDATE_BINDINGS=1 cargo test --workspace --locked -q --test ts_bindings

.PHONY: bench
# Times enrolgap on generated counties (BENCH_SIZES, default 250000 500000 1000000) beside
# the bare calamine parse and pandas; writes bench/results.md. See docs/scale.md.
bench:
	bench/run.sh

.PHONY: fuzz soak
# Fuzzes the import entry point (every format) for FUZZ_SECONDS (default 300), seeded with
# the fixtures; installs cargo-fuzz if missing. Runs on stable Rust through
# RUSTC_BOOTSTRAP=1 without sanitizers. Crashes land in fuzz/artifacts/import/: copy each
# to fixtures/hostile/fuzz_<name>.<ext> (tests/hostile_files.rs replays them).
FUZZ_SECONDS ?= 300
fuzz:
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	fuzz/seed.sh
	cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none import corpus/import -- \
		-max_total_time=$(FUZZ_SECONDS) -max_len=262144 -timeout=30 -rss_limit_mb=2048 -print_final_stats=1

# The kill test of tests/crash_safety.rs, KILL_RUNS times (default 500) instead of 50.
KILL_RUNS ?= 500
soak:
	ENROLGAP_KILL_RUNS=$(KILL_RUNS) cargo test --locked --release --test crash_safety -- --nocapture
