# Perhekeskus — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DEBUG ?= 1

.PHONY: run test install install-dev lint typecheck pytest demo clean messages bench bench-calendar bench-questionnaires

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt package.json
	$(PY) -m pip install --quiet -r requirements-dev.txt
	npm install --no-audit --no-fund --silent
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "Perhekeskus at http://127.0.0.1:$(PORT)/"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install-dev
	DEBUG=1 $(VENV)/bin/mypy perhekeskus

# Tests run with production-like settings (DEBUG off) and a throw-away key.
pytest: install-dev
	DEBUG=0 SECRET_KEY=test-only-key ALLOWED_HOSTS=testserver,localhost,127.0.0.1 \
		$(VENV)/bin/pytest $(PYTEST_ARGS)

test: lint typecheck pytest

bench: install-dev
	$(PY) bench/run.py

bench-calendar: install-dev
	$(PY) bench/calendar_run.py

bench-signup: install-dev
	$(PY) bench/signup_run.py

bench-questionnaires: install-dev
	$(PY) bench/questionnaire_run.py

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles
