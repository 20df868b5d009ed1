# ai-artist — set-up is two commands: `make demo` then `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NUMBA_CACHE_DIR := $(CURDIR)/.numba_cache

.PHONY: install system-deps demo test lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# Optional system parts (Debian/Ubuntu, as root): FluidSynth renders faster and the FluidR3
# SoundFont sounds better; without them the pip-only renderer and bundled SoundFont are used.
system-deps:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			libfluidsynth3 fluid-soundfont-gm >/dev/null; \
	else \
		echo "system-deps: run as root on Debian/Ubuntu (apt-get install libfluidsynth3 fluid-soundfont-gm)"; \
	fi

demo: install
	$(BIN)/ai-artist demo

test: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .numba_cache
