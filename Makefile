# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
KB ?= kb
DATA ?= data
STAMP := $(VENV)/.installed

.PHONY: run test build check eval lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/kb --kb $(KB) --data $(DATA) build
	$(BIN)/kb --kb $(KB) --data $(DATA) serve --host 127.0.0.1 --port 5000

test: $(STAMP)
	$(BIN)/python -m pytest

build: $(STAMP)
	$(BIN)/kb --kb $(KB) --data $(DATA) build

check: $(STAMP)
	$(BIN)/kb --kb $(KB) check --strict

eval: $(STAMP) build
	$(BIN)/kb --kb $(KB) --data $(DATA) eval $(KB)/judgements.yaml

clean:
	rm -rf $(DATA) .pytest_cache test-artifacts
