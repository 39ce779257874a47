# govgraph developer tasks. Each target bootstraps .venv when it is missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: venv test check demo docs lint typecheck clean bench wheel

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[all,dev]'
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts conftest.py
	$(BIN)/ruff format --check src tests benchmarks scripts conftest.py
	$(BIN)/lint-imports --no-cache

typecheck: $(STAMP)
	$(BIN)/mypy

test: $(STAMP) lint typecheck
	$(BIN)/python -m pytest -q

# The fast lane: lint, types, import contracts and the tests not marked slow (under 90 s).
check: $(STAMP) lint typecheck
	$(BIN)/python -m pytest -q -m "not slow"

demo: $(STAMP)
	$(BIN)/govgraph demo --out demo-output

docs: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

wheel: $(STAMP)
	$(BIN)/python -m pip wheel --no-deps --quiet -w dist .

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) dist site demo-output .pytest_cache .mypy_cache .ruff_cache
