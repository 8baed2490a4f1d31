# Lots — the two commands a newcomer needs are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SCALE ?= S
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: demo test install system lint migrations-check lock bench clean serve

$(STAMP): requirements.lock requirements-dev.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock -r requirements-dev.lock
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(STAMP)

# Two programs come from the system: Chromium drives the browser tests, and xmlsec1 signs and checks SAML messages
# (pysaml2 calls it). Install what is missing when we can; say so plainly when we cannot.
SYSTEM_PROGRAMS := /usr/bin/chromium:chromium /usr/bin/xmlsec1:xmlsec1
system:
	@missing=""; for pair in $(SYSTEM_PROGRAMS); do [ -x "$${pair%%:*}" ] || missing="$$missing $${pair##*:}"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "Installerar$$missing för testerna (apt-get install -y$$missing) …"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
		|| echo "Kunde inte installera$$missing; testerna som behöver dem hoppas över (med CI=true blir det fel)."; \
	else \
		echo "$$missing saknas och kan inte installeras här (kräver root och apt-get); testerna som behöver dem hoppas över (med CI=true blir det fel)."; \
	fi

demo: $(STAMP) $(NODE_STAMP)
	@mkdir -p var
	DEBUG=1 $(BIN)/python manage.py migrate --noinput -v0
	DEBUG=1 SITE_URL="$${SITE_URL:-http://127.0.0.1:$(PORT)}" $(BIN)/python manage.py load_demo
	@echo ""
	@echo "Lots körs på http://127.0.0.1:$(PORT)/  (avsluta med Ctrl+C)"
	@echo "Offentlig e-tjänst: http://127.0.0.1:$(PORT)/lamna-synpunkter/exempelkommun/"
	@echo "E-post skickas av kön (manage.py db_worker) och skrivs ut här."
	@# The worker sends the queued mail beside the server, and the demo organisation's OpenID Provider (lots.identity.demo)
	@# answers on 127.0.0.1:8010 when Node is there; Ctrl+C stops the server, and the trap stops the other two.
	export DEBUG=1 SITE_URL="$${SITE_URL:-http://127.0.0.1:$(PORT)}"; \
	op=; if command -v node >/dev/null && [ -d node_modules/oidc-provider ]; then \
	LOTS_TEST_OP="$$(cat lots/identity/demo_op.json)" node lots/identity/tests/oidc_provider.mjs >/dev/null 2>&1 & op=$$!; fi; \
	$(BIN)/python manage.py db_worker --no-reload --interval 2 & worker=$$!; \
	trap 'kill $$worker $$op 2>/dev/null; wait $$worker $$op 2>/dev/null' EXIT; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# PYTEST_ARGS narrows a run (the CI's PostgreSQL lane leaves out the browser tests, which the SQLite lane runs).
# Bytecode is written even where the environment says not to: both workers, and the CI's second lane, then read the
# compiled (and, for the tests, assertion-rewritten) modules instead of compiling all of them again.
PYTEST_ARGS ?=
test: $(STAMP) $(NODE_STAMP) system
	@mkdir -p var
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -p xdist -n 2 --dist loadfile $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

migrations-check: $(STAMP)
	$(BIN)/python manage.py makemigrations --check --dry-run

# Every pin carries its hashes, so pip installs from the locks in hash-checking mode and refuses a changed file.
# Extras stay on the pins (fonttools[woff]): in that mode pip wants a dependency's extra pinned as well.
lock:
	$(BIN)/pip-compile --quiet --no-strip-extras --generate-hashes --allow-unsafe --output-file requirements.lock requirements.in
	$(BIN)/pip-compile --quiet --no-strip-extras --generate-hashes --allow-unsafe --output-file requirements-dev.lock requirements-dev.in

bench: $(STAMP)
	$(BIN)/python -m bench.run --scale $(SCALE)

clean:
	rm -rf $(VENV) node_modules var
