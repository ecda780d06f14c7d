# Two commands on a fresh machine with Python 3.11+ and make:
#   make demo   the main job (installs into .venv first)
#   make test   lint + the whole test suite (installs into .venv first)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install sandbox chromium postgresql hub-proxy axe site demo demo-metrics test lint format lab bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# The autograder runs learners' notebooks inside bubblewrap (Debian/Ubuntu package
# `bubblewrap`). Installed here when we are root and it is missing; otherwise the sandbox
# tests skip with a message saying what to install.
sandbox:
	@command -v bwrap >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && (apt-get update -qq && apt-get install -y -qq bubblewrap >/dev/null) \
	  || echo "note: bubblewrap (bwrap) not installed: sandboxed grading tests will be skipped"; }

# The browser tests (tests/browser) drive Debian's Chromium (package `chromium`,
# /usr/bin/chromium) through Playwright; Playwright's own browser download is never used.
# Installed here when we are root and it is missing; otherwise those tests skip with a message.
chromium:
	@[ -x /usr/bin/chromium ] || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) \
	  || echo "note: chromium not installed: the browser tests will be skipped"; }

# The PostgreSQL gradebook test (tests/autograder/test_postgres_gradebook.py) starts a
# throw-away server from Debian's `postgresql` package (initdb, pg_ctl). Installed here when
# we are root and it is missing; otherwise that test skips with a message.
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 \
	  || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && (apt-get update -qq && apt-get install -y -qq postgresql >/dev/null) \
	  || echo "note: postgresql not installed: the PostgreSQL gradebook test will be skipped"; }

# The JupyterHub test (tests/hub) needs JupyterHub's proxy, configurable-http-proxy, from npm
# (Debian package `npm`). Installed here into .venv/node when missing; without npm those tests
# skip with a message.
HUB_PROXY := $(VENV)/node/node_modules/.bin/configurable-http-proxy
hub-proxy:
	@[ -x $(HUB_PROXY) ] || { command -v npm >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] \
	  && command -v apt-get >/dev/null && (apt-get update -qq && apt-get install -y -qq npm >/dev/null); }; \
	  command -v npm >/dev/null 2>&1 && npm install --silent --prefix $(VENV)/node configurable-http-proxy >/dev/null \
	  || echo "note: npm not installed: the JupyterHub test will be skipped"; }

# The course website's accessibility audit (tests/site) injects axe-core, from npm, into each
# page. Installed here into .venv/node when missing (npm only now, never when the tests run);
# without npm those tests skip with a message.
AXE := $(VENV)/node/node_modules/axe-core/axe.min.js
axe:
	@[ -f $(AXE) ] || { command -v npm >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] \
	  && command -v apt-get >/dev/null && (apt-get update -qq && apt-get install -y -qq npm >/dev/null); }; \
	  command -v npm >/dev/null 2>&1 && npm install --silent --prefix $(VENV)/node axe-core >/dev/null \
	  || echo "note: npm not installed: the course website's browser test will be skipped"; }

# The course website, offline, in build/site/ (open build/site/index.html): the lessons run
# once (their outputs cached in build/site-cache/), the exercises' prompts, the module map and
# the instructor guide. Sphinx + MyST-NB; see site/build.py.
site: $(STAMP)
	$(BIN)/python site/build.py

demo: $(STAMP) sandbox
	$(BIN)/faircourse demo

demo-metrics: $(STAMP)
	$(BIN)/python -m fairkit.demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# --dist loadscope: each test module runs on one worker, so the browser tests (one module)
# share one graded class, one Jupyter server and one browser. (--dist loadgroup would do, but
# pytest-xdist 3.8 cannot tag test ids under pytest 9.2: its groups are ignored.)
test: lint sandbox chromium postgresql hub-proxy axe
	$(BIN)/python -m pytest -n 2 --dist loadscope

# The learner's JupyterLab opens build/lab/, a folder of links to the lessons (course/) and the
# exercises (exercises/) only: solutions/ and the grading code are not in its file browser.
# As root (a container), JupyterLab refuses to start without --allow-root: added then.
LAB_ROOT := build/lab
lab: $(STAMP)
	@mkdir -p $(LAB_ROOT)
	@ln -sfn $(CURDIR)/course $(LAB_ROOT)/course
	@ln -sfn $(CURDIR)/exercises $(LAB_ROOT)/exercises
	$(BIN)/jupyter lab --ServerApp.root_dir=$(LAB_ROOT) --CourseDirectory.root=$(LAB_ROOT) \
	  $(if $(filter 0,$(shell id -u)),--allow-root)

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_metrics.py
	$(BIN)/python benchmarks/bench_bootstrap.py
	$(BIN)/python benchmarks/bench_mitigation.py
	$(BIN)/python benchmarks/bench_privacy.py

clean:
	rm -rf $(VENV) build *.egg-info
