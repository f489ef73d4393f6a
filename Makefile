# refgen: every target bootstraps .venv from pyproject.toml when it is missing or stale, with
# the exact versions of constraints.txt (the ranges are pyproject.toml's; `make lock` renews
# the versions).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CONSTRAINTS := constraints.txt
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check -c $(CONSTRAINTS)

.PHONY: install generate check test golden fidelity bench diff fuzz lint format lock lock-upgrade lowest clean

install: $(STAMP)

$(STAMP): pyproject.toml $(CONSTRAINTS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -e '.[dev]'
	touch $(STAMP)

generate: $(STAMP)
	$(BIN)/refgen build

check: $(STAMP)
	$(BIN)/refgen check

# The pytest run includes tests/test_packaging.py's wheel test (marker `packaging`: build,
# fresh venv, install from the registry, about a minute on one of the two workers).
test: $(STAMP)
	$(BIN)/refgen check
	$(BIN)/ruff check generator tests
	# refgen's own code stays in ruff's style (`make format` fixes it).
	$(BIN)/ruff format --check .
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

$(BENCH_STAMP): $(STAMP) pyproject.toml $(CONSTRAINTS)
	$(PIP_INSTALL) -e '.[dev,bench]'
	touch $(BENCH_STAMP)

bench: $(STAMP) $(BENCH_STAMP)
	$(BIN)/python bench/run.py

fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzzing 10000

lint: $(STAMP)
	$(BIN)/ruff check generator tests
	$(BIN)/mypy

# refgen's own code in ruff's style (the generated code is formatted by refgen itself;
# pyproject.toml excludes generated/ and tests/golden/).
format: $(STAMP)
	$(BIN)/ruff format .

# constraints.txt anew, every extra resolved together in a throwaway venv for the Python that
# runs it (CI's: 3.11). `make lock` keeps the versions already locked and adds what is new (after
# adding a dependency); `make lock-upgrade` takes the newest versions the ranges allow. Read the
# diff, then `make test` (which reinstalls .venv from it).
LOCK_VENV := .venv-lock
LOCK_FROM := -c $(CONSTRAINTS)

lock:
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --disable-pip-version-check $(LOCK_FROM) '.[dev,bench]'
	echo "# The exact versions that \`make install\` (and so CI) installs: pip constraints for the" > $(CONSTRAINTS).new
	echo "# ranges of pyproject.toml and all its extras, resolved together for Python 3.11." >> $(CONSTRAINTS).new
	echo "# Written by \`make lock\`; change pyproject.toml, then run it, rather than editing this." >> $(CONSTRAINTS).new
	$(LOCK_VENV)/bin/python -m pip freeze --exclude refgen >> $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS)
	rm -rf $(LOCK_VENV)

lock-upgrade:
	$(MAKE) lock LOCK_FROM=

# The lower bounds of the runtime dependencies, tested: a throwaway venv with each of them at
# its lower bound (the rest as locked) runs the tests they can change (output bytes, command
# line, cache, overlays, generated code, fetch). About ten minutes; run it after changing a bound.
LOWEST_VENV := .venv-lowest
LOWEST_TESTS := tests/test_golden.py tests/test_determinism.py tests/test_cli.py \
	tests/test_cache.py tests/test_overlay.py tests/test_generated_static.py tests/fetch

lowest: $(STAMP)
	rm -rf $(LOWEST_VENV)
	$(PYTHON) -m venv $(LOWEST_VENV)
	$(BIN)/python -m tests.dependency_bounds --lowest > $(LOWEST_VENV)/constraints.txt
	$(LOWEST_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -c $(LOWEST_VENV)/constraints.txt -e '.[dev]'
	$(LOWEST_VENV)/bin/python -m pytest -n 2 $(LOWEST_TESTS)
	rm -rf $(LOWEST_VENV)

clean:
	rm -rf $(VENV) $(LOCK_VENV) $(LOWEST_VENV) .pytest_cache .mypy_cache .ruff_cache
