# Two commands on a fresh machine with Python 3.11+ and make:
#   make demo   the main job (installs into .venv first)
#   make test   lint + the whole test suite (installs into .venv first)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install sandbox demo demo-metrics test lint format lab bench clean

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

test: lint sandbox
	$(BIN)/python -m pytest -n 2

lab: $(STAMP)
	$(BIN)/jupyter lab course/

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_metrics.py

clean:
	rm -rf $(VENV) build *.egg-info
