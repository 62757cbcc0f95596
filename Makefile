# Two commands do all set-up on a fresh machine:
#   make run   installs the app's dependencies into .venv and starts the dashboard
#   make test  installs the test dependencies (and Debian's chromium and nginx if missing), runs make check, then every test
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test test-fast check data check-data chromium nginx clean

$(VENV)/.run-deps: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-deps: $(VENV)/.run-deps requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.run-deps
	$(PY) -m streamlit run dashboard.py --server.port $(PORT)

chromium:
	@command -v chromium >/dev/null 2>&1 || test -x /usr/bin/chromium || \
	  { echo "installing Debian's chromium for the browser tests"; \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

# nginx for tests/test_deploy.py (replicas behind a load balancer); the tests run it as a private process.
nginx:
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || \
	  { echo "installing Debian's nginx for the load-balancer tests"; \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nginx; }

# Lint (ruff), types (mypy) and the import contracts (import-linter), all configured in pyproject.toml.
# A broken contract fails here with the contract's name, before any test runs.
check: $(VENV)/.test-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

test: check chromium nginx node_modules/.installed
	$(PY) -m pytest

# The inner loop: pure and AppTest tests, everything not marked `browser` or `npm` (no Chromium, no node_modules).
# The replica tests in tests/test_deploy.py are not browser tests, so nginx is still needed.
test-fast: check nginx
	$(PY) -m pytest -m "not browser and not npm"

# The axe-core accessibility engine that tests/test_accessibility.py injects (pinned in package-lock.json).
node_modules/.installed: package-lock.json
	npm ci --silent
	touch $@

# Rebuild data/ and geo/ from ../shared/data/raw (or RAW=/path/to/raw).
data: $(VENV)/.run-deps
	$(PY) -m spodash.build $(if $(RAW),--raw $(RAW))

check-data: $(VENV)/.run-deps
	$(PY) -m spodash.build --check $(if $(RAW),--raw $(RAW))

clean:
	rm -rf $(VENV) .pytest_cache tests/artifacts

# Performance as users feel it, against the budget and beside a naive baseline (not part of `make test`).
.PHONY: bench
bench: $(VENV)/.test-deps chromium
	$(PY) -m bench.run
