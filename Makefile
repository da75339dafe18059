VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: install dev run test lint bench clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e .
	touch $@

$(VENV)/.dev: $(VENV)/.installed
	$(PIP) install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

dev: $(VENV)/.dev

# The demo register: an SQLite file with the founding plan, demo accounts and a year of activity
# (made once: later runs find it and only print the accounts), then the app on http://127.0.0.1:8000.
DEMO_DB ?= sqlite:///theodoi.db
HOST ?= 127.0.0.1
PORT ?= 8000
THEODOI := THEODOI_DATABASE_URL=$(DEMO_DB) $(VENV)/bin/theodoi

run: install
	$(THEODOI) db upgrade
	$(THEODOI) demo
	@echo "==> http://$(HOST):$(PORT)  (Ctrl+C to stop)"
	$(THEODOI) serve --host $(HOST) --port $(PORT)

# The whole suite on SQLite; then the database tests again on PostgreSQL when THEODOI_TEST_DATABASE_URL is set.
test: dev
	$(VENV)/bin/pytest -q -n 2
	@if [ -n "$$THEODOI_TEST_DATABASE_URL" ]; then \
		echo "==> database tests on PostgreSQL ($$THEODOI_TEST_DATABASE_URL)"; \
		$(VENV)/bin/pytest -q -n 2 -m db --backend=postgresql; \
	fi

lint: dev
	$(VENV)/bin/ruff check theodoi tests bench
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# Speed figures (never assertions): the extractor, the store at national scale, the web app under load.
bench: dev
	$(PY) bench/extract.py
	$(PY) bench/store.py --backend both
	$(PY) bench/reports.py
	$(PY) bench/load.py --reuse

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
