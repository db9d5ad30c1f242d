# openbuy: `make demo` runs the app with demo data; `make test` runs every check.
# Everything installs into .venv and node_modules; nothing global except two Debian
# packages (chromium, gettext) that scripts/system-deps adds if they are missing.

PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
OPENBUY := $(BIN)/openbuy
PO := $(wildcard openbuy/locale/*/LC_MESSAGES/django.po)
MO := $(PO:.po=.mo)

.PHONY: demo test setup serve lint format messages openapi clean

# The demo's e-mails link to where it is served; it shows the product's own error pages
# (DEBUG off), as a real instance would.
demo: setup
	$(OPENBUY) migrate --noinput
	OPENBUY_BASE_URL=$${OPENBUY_BASE_URL:-http://127.0.0.1:$(PORT)} $(OPENBUY) demo
	DEBUG=false $(OPENBUY) serve 127.0.0.1:$(PORT)

test: setup
	scripts/system-deps chromium
	scripts/test

setup: $(VENV)/.installed build/static/.built $(MO)

$(VENV)/.installed: pyproject.toml constraints.txt
	@python=$$(scripts/find-python) && echo "Using $$python" && $$python -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

build/static/.built: node_modules/.installed $(wildcard frontend/*)
	npm run --silent build
	touch $@

%.mo: %.po
	scripts/system-deps gettext
	msgfmt --check -o $@ $<

# Refresh the French catalogue after changing strings, then translate the new entries.
messages: $(VENV)/.installed
	$(OPENBUY) makemessages --locale fr --no-obsolete --no-location --ignore 'node_modules/*' --ignore '.venv/*' --ignore 'build/*'

openapi: $(VENV)/.installed
	$(OPENBUY) export_openapi_schema --api openbuy.api.api --output docs/openapi.json --indent 2 --sorted

lint: $(VENV)/.installed
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

clean:
	rm -rf $(VENV) node_modules build var $(MO)
