# Blokketen: `make demo` runs the pilot flows on an embedded chain; `make test` runs every check.
# Both install what is missing first (a .venv from requirements.txt, node_modules from the
# lockfile, the solc shim for Brownie) and skip what is already installed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VENV_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
SHIM := .blokketen/solc-bin/solc-v0.8.37
# Brownie finds the solc shim here and anvil on PATH.
export SOLCX_BINARY_PATH := $(CURDIR)/.blokketen/solc-bin
export PATH := $(CURDIR)/$(BIN):$(CURDIR)/node_modules/.bin:$(PATH)

.PHONY: install demo test lint typecheck solhint slither pytest compile node geth bench \
	test-network-full clean help

help:
	@echo "make demo   - compile, start an embedded chain, deploy, run the pilot flows"
	@echo "make test   - ruff, mypy, solhint, slither and the whole pytest suite"
	@echo "make slither - static analysis of the contracts against slither-triage.yaml"
	@echo "make node   - a persistent local chain (Ctrl-C stops it)"
	@echo "make geth   - build geth 1.13.15 for the local network (needs Go; once)"
	@echo "make bench  - run the benchmarks and print their figures"
	@echo "make test-network-full - the network fault tests at full size (10,000 parcels)"

install: $(VENV_STAMP) $(NODE_STAMP) $(SHIM)

$(VENV_STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(SHIM): $(VENV_STAMP) $(NODE_STAMP) blokketen/toolchain/shim.py
	$(BIN)/python -m blokketen.toolchain.shim >/dev/null

demo: install
	$(BIN)/blokketen demo

compile: install
	$(BIN)/blokketen compile

node: install
	$(BIN)/blokketen node

# geth 1.13.15 (the last release with clique) for `blokketen network`: built once from the Go
# module proxy into .blokketen/bin/ and reused. Without Go it says so and the network tests
# skip, unless BLOKKETEN_REQUIRE_NETWORK=1 (CI) makes that a failure.
geth: install
	$(BIN)/blokketen network geth

lint: install
	$(BIN)/ruff check blokketen tests scripts benchmarks

typecheck: install
	$(BIN)/mypy

solhint: install
	node_modules/.bin/solhint --disc 'contracts/**/*.sol'

# slither over Brownie's build of the contracts; fails on a High or Medium finding that
# slither-triage.yaml does not accept (report in build/slither/slither.json).
slither: install
	$(BIN)/blokketen slither

pytest: install
	$(BIN)/pytest -n 2 --dist loadgroup

test: lint typecheck solhint slither geth pytest

# The fault tests of the local network at the issue's full size: 10,000 parcels per fault
# (`make test` runs them with 2,000; see tests/chain/test_network_faults.py).
test-network-full: install geth
	BLOKKETEN_FAULT_PARCELS=10000 $(BIN)/pytest tests/chain/test_network_faults.py -p no:randomly

bench: install
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf build .blokketen deployments/local reports
