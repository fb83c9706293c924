# The two commands: `make run` and `make test`. Everything lands in .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO_DB ?= inwriting-demo.db

.PHONY: run test lint typecheck layers unit install install-dev lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(BIN)/pip install -q -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## run: install, load the demo negotiation into $(DEMO_DB) (once), and show where it stands
run: install
	@if [ ! -f "$(DEMO_DB)" ]; then $(BIN)/inwriting --database sqlite:///$(DEMO_DB) demo; fi
	@$(BIN)/inwriting --database sqlite:///$(DEMO_DB) negotiations show lysra-basin
	@echo
	@echo "The demo lives in $(DEMO_DB). Explore it with, for example:"
	@echo "  export INWRITING_DATABASE_URL=sqlite:///$(DEMO_DB)"
	@echo "  $(BIN)/inwriting --as cato responses list --version 1"
	@echo "  $(BIN)/inwriting --as cato responses show 1"

## test: lint, type-check, check the layers, run the whole suite
test: install-dev lint typecheck layers unit

lint: install-dev
	$(BIN)/ruff check src tests $(wildcard bench)
	$(BIN)/ruff format --check src tests $(wildcard bench)

typecheck: install-dev
	$(BIN)/mypy

layers: install-dev
	$(BIN)/lint-imports

unit: install-dev
	$(BIN)/pytest $(PYTEST_ARGS)

## lock: re-pin exact versions after changing dependencies in pyproject.toml
lock:
	uv pip compile pyproject.toml --python-version 3.11 -q --no-header -o requirements.lock
	uv pip compile pyproject.toml --extra dev --python-version 3.11 -q --no-header -o requirements-dev.lock

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
