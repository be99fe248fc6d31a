# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= $(or $(STREAMLIT_SERVER_PORT),8501)
# Small arrays: BLAS threads only contend on a shared 2-core machine (4.5 s -> 0.3 s CPU).
export OPENBLAS_NUM_THREADS ?= 1

.PHONY: run serve test check lint bench loadtest hall hall-replicas clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

# streamlit run app.py, with the app imported as soon as the server listens (deploy/launch.py).
run: $(VENV)/.runtime
	$(BIN)/python -m deploy.launch --server.port $(PORT)

# A campus server: nginx on PORT in front of REPLICAS copies of the app (default: one per
# core), static files compressed and cached, a replica that exits started again. Ctrl-C stops.
REPLICAS ?=

serve: $(VENV)/.runtime
	[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || \
		(apt-get update -qq && apt-get install -y -qq --no-install-recommends nginx libnginx-mod-http-brotli-static brotli)
	$(BIN)/python -m deploy.serve --port $(PORT) $(if $(REPLICAS),--replicas $(REPLICAS))

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Four workers on two cores: the browser tests mostly wait on Chromium and the server, the unit
# tests fill the gaps. Tests sharing a server share a worker (tests/support/workers.py).
TEST_WORKERS ?= 4
# Every worker collects every test module, and pytest rewrites each one's asserts again unless it
# may keep the result in __pycache__ (ignored by git): this environment sets
# PYTHONDONTWRITEBYTECODE=1, which cost every collection after the first ~2.4 s of CPU (make
# check: 5.3 s -> 2.9 s).
PYTEST := PYTHONDONTWRITEBYTECODE= $(BIN)/pytest

test: lint
	$(PYTEST) -n $(TEST_WORKERS) --dist loadgroup

# The edit loop (≤ 45 s): ruff, the unit tests and doctests with small Hypothesis counts, and
# every page once under AppTest. `make test` (CI) runs everything, browsers included.
# tests/e2e/ (all browser) and tests/pages/ (all AppTest) would be deselected by the marks
# anyway: not importing them saves every run their collection (the smoke test is named).
QUICK_PATHS := activations experiments tests/pages/test_app.py \
	$(filter-out tests/e2e/ tests/pages/ tests/__pycache__/,$(wildcard tests/*/)) $(wildcard tests/test_*.py)

# One process: on two workers it took 54 s (59 s of CPU: a second collection, xdist's overhead)
# where one took 47 s (43 s of CPU), back to back at load ~4.
check: lint
	HYPOTHESIS_PROFILE=dev $(PYTEST) -q -m "smoke or not (e2e or server or apptest)" $(QUICK_PATHS)

bench: $(VENV)/.dev
	$(BIN)/python -m bench

loadtest: $(VENV)/.dev
	$(BIN)/python -m bench.load

# A lecture: 300 students per page over 60 s, over Streamlit's protocol (~25 min); then the
# burst, the whole class within 5 s on every page and following the teacher at that pace, each
# against the floor page in the same run (~20 min).
hall: $(VENV)/.dev
	$(BIN)/python -m bench.hall
	$(BIN)/python -m bench.hall --burst

# One server against two behind nginx (Debian's nginx, installed when missing).
hall-replicas: $(VENV)/.dev
	[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || \
		(apt-get update -qq && apt-get install -y -qq --no-install-recommends nginx libnginx-mod-http-brotli-static brotli)
	$(BIN)/python -m bench.hall --replicas 2 --pages swish --classes 300,450,600 --students 450 --ramp 30

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
