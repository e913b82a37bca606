# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
KB ?= kb
DATA ?= data
STAMP := $(VENV)/.installed
# Message catalogs of the web app; the compiled .mo files are build output, not kept in git.
CATALOGS := $(wildcard app/translations/*/LC_MESSAGES/messages.po)

.PHONY: run test test-fast soak build check eval lint clean translations install

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/pybabel compile -d app/translations
	touch $(STAMP)

%.mo: %.po | $(STAMP)
	$(BIN)/pybabel compile -i $< -o $@

# After changing interface texts: re-extract them and merge into the catalogs, then translate.
translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -o app/translations/messages.pot .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations

run: $(STAMP) $(CATALOGS:.po=.mo)
	$(BIN)/kb --kb $(KB) --data $(DATA) build
	$(BIN)/kb --kb $(KB) --data $(DATA) serve --host 127.0.0.1 --port 5000

# On the server (README, "Going live"): the app without the test tools, its catalogs, and a strict build.
install: | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/pybabel compile -d app/translations
	$(BIN)/kb --kb $(KB) --data $(DATA) build --strict

test: lint $(STAMP) $(CATALOGS:.po=.mo)
	$(BIN)/python -m pytest

# The engineer's loop: every test but the browser, soak, fuzz, bench, deploy and slow tiers, on two
# workers (pytest-xdist, one test file per worker at a time); builds of the shipped kb kept in .pytest_cache.
# It keeps compiled bytecode even where the shell sets PYTHONDONTWRITEBYTECODE (else pytest rewrites every
# test module's asserts on each run) and puts the tests' temporary folders on tmpfs where there is one
# (the many small builds' fsyncs cost more wall time than their work); those folders are memory there, so only the
# failed tests' folders are kept after a run.
FAST_TMP := $(shell [ -d /dev/shm ] && [ -w /dev/shm ] && echo /dev/shm)
test-fast: $(STAMP) $(CATALOGS:.po=.mo)
	PYTHONDONTWRITEBYTECODE= $(if $(FAST_TMP),TMPDIR=$(FAST_TMP)) $(BIN)/python -m pytest -m "not browser and not soak and not fuzz and not bench and not deploy and not slow" -n 2 --dist loadfile -o tmp_path_retention_policy=failed -x -q

# ruff (rules in pyproject.toml; it never reformats) and mypy on indexer/ and app/, both must be clean.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

# The long fault and load runs (a few minutes): 60 killed builds of the shipped knowledge base,
# 16 clients for 90 s with rebuilds, on 127.0.0.1. `make test` runs short versions of the same tests.
soak: $(STAMP) $(CATALOGS:.po=.mo)
	KB_SOAK=1 $(BIN)/python -m pytest -s tests/test_faults.py

build: $(STAMP)
	$(BIN)/kb --kb $(KB) --data $(DATA) build

check: $(STAMP)
	$(BIN)/kb --kb $(KB) check --strict

eval: $(STAMP) build
	$(BIN)/kb --kb $(KB) --data $(DATA) eval $(KB)/judgements.yaml

clean:
	rm -rf $(DATA) .pytest_cache test-artifacts

# Performance benchmark at scales 1, 10 and 100 in one run (see "Benchmark" in README.md).
.PHONY: bench
bench: $(STAMP)
	$(BIN)/python -m bench.run --scale 1 10 100
