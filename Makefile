# newsgraph: `make install` to set up, `make test` to run the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CORPUS ?= ../shared/data/bbc_news.jsonl
NEO4J := tools/neo4j/neo4j.sh
# `make test` runs its own Neo4j on this port, with its data in tools/neo4j/data/test, so a
# server started with `make neo4j-start` (port 7687) and its data are left alone.
NEO4J_TEST_PORT ?= 7688
NEO4J_TEST_ENV = NEO4J_PORT=$(NEO4J_TEST_PORT) NEO4J_DATA_DIR="$(CURDIR)/tools/neo4j/data/test"

.PHONY: install test test-fast lint browser bench clean neo4j-start neo4j-stop bench-neo4j

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Re-install when the package metadata changes.
$(VENV)/.installed: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $@

install: $(VENV)/.installed

# The browser tests drive Debian's Chromium through Playwright (no browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian chromium for the browser tests"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null); \
	  else \
	    echo "warning: chromium not found and cannot install it (needs root and apt-get); browser tests will be skipped"; \
	  fi; }

# Neo4j (tools/neo4j, Java 17 + Maven): starts in the background, waits for Bolt, prints the URI.
neo4j-start:
	@$(NEO4J) start

neo4j-stop:
	@$(NEO4J) stop

# The suite runs against a server started here and stopped after, even when a test fails.
test: install browser
	@$(NEO4J_TEST_ENV) sh -c 'uri=$$($(NEO4J) start) || exit 1; trap "$(NEO4J) stop" EXIT; \
	  trap "exit 130" INT TERM; NEO4J_URI=$$uri $(BIN)/python -m pytest $(PYTEST_ARGS)'

# No spaCy model, no Neo4j, no Chromium, no multi-process or fuzz tests: the unit tests, the
# architecture contracts and the CLI's parsing, in well under 30 s.
test-fast: install
	$(BIN)/python -m pytest -n 2 -m "not slow and not browser and not neo4j and not heavy" $(PYTEST_ARGS)

# The layered-import contracts of setup.cfg ([importlinter]).
lint: install
	$(BIN)/lint-imports --config setup.cfg

bench: install
	$(BIN)/python benchmarks/ingest.py $(CORPUS)

bench-neo4j: install
	@$(NEO4J_TEST_ENV) sh -c 'uri=$$($(NEO4J) start) || exit 1; trap "$(NEO4J) stop" EXIT; \
	  trap "exit 130" INT TERM; $(BIN)/python benchmarks/neo4j_push.py $(CORPUS) --neo4j-uri $$uri $(BENCH_ARGS)'

clean:
	rm -rf $(VENV) newsgraph-out newsgraph.db *.egg-info .pytest_cache
