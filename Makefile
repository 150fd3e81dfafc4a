# Two commands matter: `make run` and `make test`. Everything else is a helper for them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000

.PHONY: run test bootstrap demo lint bench loadtest mutation clean

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Gongkai needs Python 3.11 or newer")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

bootstrap: $(STAMP)

demo: bootstrap
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	HOST=$(HOST) $(PY) manage.py load_demo

# The task worker (Excel imports, e-mail) runs beside runserver and is stopped when runserver stops.
run: demo
	@$(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	echo "后台任务进程（db_worker）已启动，进程号 $$worker；runserver 停止时一同停止。"; \
	$(PY) manage.py runserver $(HOST)

# The suite runs on every core (pytest-xdist), each worker taking the next tests in pytest-django's order: the
# transactional tests (which empty the database when they end) after all the others. TEST_WORKERS=0: one process.
TEST_WORKERS ?= auto
test: bootstrap
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# County-scale benchmark on PostgreSQL (DATABASE_URL, default gongkai_bench): generate once, then measure; then
# the throughput of one page through gunicorn, the sample nginx and a static file (needs Debian's nginx and wrk).
bench: bootstrap
	$(PY) bench/generate.py
	$(PY) bench/run.py $(BENCH_ARGS)
	$(PY) bench/throughput.py $(THROUGHPUT_ARGS)

# gunicorn under bounded loopback load, then with PostgreSQL restarted mid-run (restarts the local cluster!).
loadtest: bootstrap
	$(PY) bench/loadtest.py $(LOADTEST_ARGS)

# Mutation testing of the law's modules, one at a time (not in CI: it takes long on 2 cores; MUTATION_WORKERS=2).
# `make mutation MODULES=portal/workdays.py` runs one; see README "Mutation testing" and tests/MUTATION.md.
mutation: bootstrap
	nice -n 10 $(PY) tests/mutation.py $(MODULES)

lint: bootstrap
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles mutants
