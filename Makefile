# refgen: every target bootstraps .venv from pyproject.toml when it is missing or stale.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install generate check test golden fidelity bench diff fuzz lint clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

generate: $(STAMP)
	$(BIN)/refgen build

check: $(STAMP)
	$(BIN)/refgen check

test: $(STAMP)
	$(BIN)/refgen check
	$(BIN)/ruff check generator tests
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2

golden: $(STAMP)
	$(BIN)/python -m tests.golden_cases --update

fidelity: $(STAMP)
	$(BIN)/python -m tests.fidelity --json fidelity.json

diff: $(STAMP)
	$(BIN)/refgen diff --base HEAD

# The benchmark (bench/run.py, docs/performance.md): refgen against datamodel-codegen and
# openapi-python-client, whose pinned versions the `bench` extra installs once.
BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	touch $(BENCH_STAMP)

bench: $(STAMP) $(BENCH_STAMP)
	$(BIN)/python bench/run.py

fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzzing 10000

lint: $(STAMP)
	$(BIN)/ruff check generator tests
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
