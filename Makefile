# Cermin 360: the two commands are `make run` and `make test`.
PY      := .venv/bin/python
PIP     := .venv/bin/pip
FLASK   := .venv/bin/flask --app wsgi
HTMX    := static/vendor/htmx.min.js
STAMP   := .venv/.installed

.PHONY: run test test-fast fuzz bench install assets translations db messages clean

run: install assets translations db
	$(FLASK) run --host 127.0.0.1 --port 5000

test: install assets translations
	$(PY) -m pytest -n 2 --dist loadgroup -q

test-fast: install assets translations
	$(PY) -m pytest -n 2 --dist loadgroup -q -m "not e2e"

# Property tests with fresh random examples (500 per test) instead of the repeatable set `make test` uses.
fuzz: install assets translations
	HYPOTHESIS_PROFILE=explore $(PY) -m pytest -n 2 --dist loadgroup -q -m "not e2e"

# Load benchmark (see README, Performance): generated data, gunicorn with 2 workers, wrk and valgrind from Debian.
bench: install assets translations
	command -v wrk >/dev/null && command -v valgrind >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk valgrind)
	$(PY) tests/bench/run.py

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e ".[test]"
	touch $(STAMP)

# Third-party front-end files come from the npm registry at the versions pinned in package.json.
assets: $(HTMX)

$(HTMX): package.json
	npm install --silent --no-audit --no-fund --no-package-lock --include=dev
	mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js $(HTMX)

translations: install
	.venv/bin/pybabel compile -d portal/translations

# Extract new strings and merge them into the English catalogue (for developers).
messages: install
	.venv/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ --no-location --sort-output -o portal/translations/messages.pot .
	.venv/bin/pybabel update --no-fuzzy-matching -i portal/translations/messages.pot -d portal/translations

db: install
	$(FLASK) db upgrade heads
	$(FLASK) seed-demo --if-empty

clean:
	rm -rf .venv node_modules static/vendor instance .pytest_cache
