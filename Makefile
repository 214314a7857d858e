# enrolgap: the two commands are `make run` and `make test`; both install what is missing.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: help setup run test test-engine test-ui e2e fixtures bindings ui

help:
	@echo "make run     build and open the app on the demo county (headless job without a display)"
	@echo "make test    build and run every test, end-to-end included"
	@echo "make e2e     the end-to-end tests alone (screenshots in target/screenshots/)"
	@echo "make fixtures  regenerate fixtures/ from the generator"
	@echo "make bindings  regenerate ui/src/bindings*.ts from the Rust types"

setup:
	@scripts/setup.sh

ui: setup
	cd ui && npm run --silent build

run: setup
	@scripts/run.sh

test: setup ui test-engine test-ui e2e

test-engine:
	cargo test --workspace --locked

test-ui:
	cd ui && npm run --silent typecheck && npm test

e2e: setup
	scripts/e2e.sh

fixtures:
	cargo run --locked -q -p enrolgap-fixtures

bindings: ui
	UPDATE_BINDINGS=1 cargo test --workspace --locked -q --test ts_bindings

.PHONY: bench
# Times enrolgap on generated counties (BENCH_SIZES, default 250000 500000 1000000) beside
# the bare calamine parse and pandas; writes bench/results.md. See docs/scale.md.
bench:
	bench/run.sh
