# Each target sets up what it needs from nothing: a virtual environment, the package
# and its pinned dependencies, and the Debian packages it uses (installed only when missing).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint bench chromium system-run system-test test-pg clean
AXE := tools/browser/node_modules/axe-core/axe.min.js

# Debian packages the app uses at run time: espeak-ng speaks the cues when the browser has
# no voice (and in the terminal), fonts-noto-cjk draws the points' characters (委中) in the
# charts. The tests also drive Debian's chromium, and move the process between time zones
# (tzdata) to check the diary's local days.
RUN_PACKAGES := espeak-ng fonts-noto-cjk
TEST_PACKAGES := $(RUN_PACKAGES) chromium tzdata

# $(call apt_get,PACKAGES): install PACKAGES with apt-get (as root) or sudo apt-get.
apt_get = (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1)) || (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1))

# $(call apt_install,PACKAGES): install those of PACKAGES that dpkg does not list as
# installed; nothing to do is one dpkg-query each.
define apt_install
missing=$$(for package in $(1); do \
  dpkg-query -W -f='$${Status}\n' $$package 2>/dev/null | grep -q 'ok installed' || echo $$package; \
done); \
if [ -n "$$missing" ]; then \
  echo "installing Debian's" $$missing; \
  $(call apt_get,$$missing); \
fi
endef

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP) system-run
	$(BIN)/acupressure serve --host $(HOST) --port $(PORT) --open

system-run:
	@$(call apt_install,$(RUN_PACKAGES))

system-test:
	@$(call apt_install,$(TEST_PACKAGES))

chromium:
	@$(call apt_install,chromium)

# axe-core (pinned in tools/browser/package-lock.json) is injected into pages by the
# browser tests' accessibility check; npm comes from Debian's packages when missing.
$(AXE): tools/browser/package.json tools/browser/package-lock.json
	@command -v npm >/dev/null 2>&1 || { $(call apt_get,npm); }
	cd tools/browser && npm ci --no-audit --no-fund --loglevel=error
	touch $(AXE)

test: $(STAMP) system-test $(AXE)
	$(BIN)/acupressure check
	$(BIN)/ruff check src tests bench tools
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/bench_clinic.py

# PostgreSQL variants of the diary tests against a throwaway server from Debian's packages
# (postgresql-15: initdb, pg_ctl), in a temp directory on a free port, stopped afterwards.
# UTF8 whatever the shell's locale: with no LANG (a fresh machine), initdb picks SQL_ASCII
# and psycopg hands back bytes instead of text.
test-pg: $(STAMP) system-test $(AXE)  # the clinic's browser test has a PostgreSQL variant
	@command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  echo "installing Debian's postgresql for the PostgreSQL tests"; \
	  $(call apt_get,postgresql); }
	@set -e; \
	PGBIN=$$(dirname "$$(command -v initdb 2>/dev/null || ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)"); \
	test -x "$$PGBIN/pg_ctl" || { echo "test-pg needs Debian's postgresql package (initdb, pg_ctl)"; exit 1; }; \
	DIR=$$(mktemp -d); RUN=""; \
	if [ "$$(id -u)" = 0 ]; then chown postgres "$$DIR"; RUN="runuser -u postgres --"; fi; \
	PORT=$$($(BIN)/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'); \
	trap '$$RUN "$$PGBIN/pg_ctl" -D "$$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true; rm -rf "$$DIR"' EXIT; \
	$$RUN "$$PGBIN/initdb" -D "$$DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null; \
	$$RUN "$$PGBIN/pg_ctl" -D "$$DIR/data" -l "$$DIR/server.log" -w \
	  -o "-p $$PORT -k $$DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null; \
	ACUPRESSURE_TEST_PG=postgresql://postgres@127.0.0.1:$$PORT/postgres \
	  $(BIN)/python -m pytest -q -m postgres -rs

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
