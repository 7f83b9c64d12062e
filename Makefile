# Attraktiv: `make run` serves the demo region, `make test` runs the whole suite.
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
AXE := node_modules/axe-core/axe.min.js

.PHONY: run install demo test lint bench messages clean

run: install
	$(BIN)/attraktiv migrate --noinput -v0
	$(BIN)/attraktiv collectstatic --noinput -v0
	$(BIN)/attraktiv demo
	$(BIN)/attraktiv serve 127.0.0.1:8000

install: $(INSTALLED)

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -U pip
	$(BIN)/pip install -q --disable-pip-version-check -e '.[dev]'
	touch $@

$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

test: install $(AXE)
	scripts/system-deps
	$(BIN)/lint-imports
	scripts/run-tests

lint: install
	$(BIN)/ruff check src conftest.py
	$(BIN)/ruff format --check src conftest.py
	$(BIN)/mypy src
	$(BIN)/lint-imports
	DATABASE_URL=sqlite:///:memory: $(BIN)/attraktiv makemigrations --check --dry-run

# PostgreSQL figures too when PostgreSQL is installed (the throwaway test cluster).
bench: install
	ATTRAKTIV_BENCH_POSTGRES_URL=$${ATTRAKTIV_BENCH_POSTGRES_URL:-$$(scripts/pg-test-cluster 2>/dev/null)} \
		$(BIN)/python -m attraktiv.bench

# Regenerate the translation catalogues after changing strings, then edit the .po files.
messages: install
	cd src/attraktiv && ../../$(BIN)/attraktiv makemessages -l sv --ignore='migrations/*'
	cd src/attraktiv && ../../$(BIN)/attraktiv compilemessages -l sv

clean:
	rm -rf $(VENV) node_modules var
