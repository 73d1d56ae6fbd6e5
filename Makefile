# The newcomer's interface: `make run` serves the dashboard, `make test` runs every test.
# Both set up what they need on a fresh machine (virtualenv, packages, database, browser).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
DB     := data/monitor.duckdb
INPUTS := $(wildcard data/curated/*.csv data/imports/*.csv etl/*.py etl/sql/*.sql etl/sql/derived/*.sql)
PORT   ?= 8501

.PHONY: run curate test db install chromium nginx debs clean

run: $(DB)
	$(VENV)/bin/streamlit run app.py --server.port $(PORT) --server.headless true

# Curator mode: the same app plus the Curate page (writes data/curated, rebuilds the database),
# served on 127.0.0.1 only. `make run` never sets MONITOR_CURATOR.
curate: $(DB)
	MONITOR_CURATOR=1 $(VENV)/bin/streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT) \
	  --server.headless true

test: install chromium nginx debs node_modules/axe-core/axe.min.js
	$(PY) -m pytest

db: $(DB)

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# Rebuilt when missing or older than any input (curated CSVs, imports, ETL code).
$(DB): $(VENV)/.installed $(INPUTS)
	$(PY) -m etl build --db $(DB)

# Browser tests need Debian's Chromium: install it when we can (root with apt), else say how.
chromium:
	@if [ -x /usr/bin/chromium ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "ERROR: /usr/bin/chromium is missing; the browser tests need it." >&2; \
	  echo "Install it with: sudo apt-get install chromium   (do not run 'playwright install')" >&2; \
	  exit 1; \
	fi

# The team deployment's tests (tests/e2e/test_deploy.py) run nginx: Debian's package, installed the same way.
nginx:
	@if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's nginx for the deployment tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null \
	    && [ -x /usr/sbin/nginx ] || { echo "ERROR: installing nginx failed." >&2; exit 1; }; \
	else \
	  echo "ERROR: nginx is missing; the deployment tests need it." >&2; \
	  echo "Install it with: sudo apt-get install nginx" >&2; \
	  exit 1; \
	fi

# Two replicas of the app behind nginx on loopback (deploy/serve.py; docs/deploy.md). Ctrl-C stops all.
# make serve-replicas FRONT_PORT=8080 REPLICA_PORTS=8601,8602 [AUTH_FILE=htpasswd] [TLS_CERT=c.pem TLS_KEY=k.pem]
FRONT_PORT    ?= 8080
REPLICA_PORTS ?= 8601,8602
.PHONY: serve-replicas
serve-replicas: $(DB) nginx
	$(PY) deploy/serve.py --port $(FRONT_PORT) --replica-ports $(REPLICA_PORTS) --db $(DB) \
	  $(if $(AUTH_FILE),--auth-file $(AUTH_FILE)) $(if $(TLS_CERT),--tls-cert $(TLS_CERT) --tls-key $(TLS_KEY))

# The brief's fonts (Cyrillic and Chinese, embedded in its PDF) and the tests' PDF reader (pdftotext,
# pdftoppm): Debian packages, installed when we can (root with apt), else said how.
DEBS := fonts-noto-cjk poppler-utils
debs:
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's$$missing for the brief and its tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	else \
	  echo "ERROR: missing Debian packages:$$missing (the brief's fonts, the tests' PDF reader)." >&2; \
	  echo "Install them with: sudo apt-get install$$missing" >&2; \
	  exit 1; \
	fi

# axe-core for the accessibility test, from npm into the git-ignored node_modules (package.json pins it).
# Needs npm: installed from Debian when we can, else said how.
node_modules/axe-core/axe.min.js: package.json
	@if ! command -v npm >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's npm for the accessibility test..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null || exit 1; \
	  else \
	    echo "ERROR: npm is missing; the accessibility test needs axe-core from npm." >&2; \
	    echo "Install it with: sudo apt-get install npm" >&2; \
	    exit 1; \
	  fi; \
	fi
	npm install --no-audit --no-fund --silent
	@test -f $@ || { echo "ERROR: npm did not install axe-core ($@ is missing)" >&2; exit 1; }
	touch $@

clean:
	rm -rf $(VENV) $(DB) .pytest_cache node_modules

# Full-page PNGs of every page at 1280 px wide into screenshots/ (git-ignored), from the bundled database.
# The README's small shots: $(PY) tests/e2e/screenshots.py --readme docs
.PHONY: screenshots
screenshots: $(DB)
	$(PY) tests/e2e/screenshots.py screenshots

# Benchmarks (not tests) at 1M events / 10M trade rows, each printing its table with the targets.
# Synthetic data is cached in $$BENCH_DIR (default /tmp/cca-bench); the first run generates it (~5 min more).
.PHONY: bench bench-browser bench-load bench-all
bench: $(DB)   ## ~8 min: ETL vs bare read_csv, server-side page reruns, naive pandas, 10-session memory
	@echo 'make bench: about 8 minutes (plus ~5 the first time, to generate the data)'
	$(PY) bench/run.py

bench-browser: $(DB) chromium   ## ~4 min: time until a shared link has settled in Chromium, map payload
	@echo 'make bench-browser: about 4 minutes'
	$(PY) bench/browser_timing.py

bench-load: $(DB) nginx   ## ~18 min: 20 analysts on one server, on 2 replicas, then rebuilds + a killed replica
	@echo 'make bench-load: about 18 minutes (load runs of 3, 3 and 8 minutes, plus two database builds)'
	$(PY) bench/loadrun.py --faults

bench-all: bench bench-browser bench-load

# Mutation testing (not part of `make test` or CI): mutmut over the Python modules analysts' views
# rest on, and bench/mutants/sqlmut.py over the query files; cached in .mutants/, report in
# .mutants/report.md. About half an hour on 2 cores from a cold cache. See docs/testing.md.
.PHONY: mutants
mutants: install
	$(PY) bench/mutants/run.py
