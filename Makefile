# The two commands: `make run` and `make test`. Everything lands in .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO_DB ?= inwriting-demo.db
PORT    ?= 8000

.PHONY: run test lint typecheck layers unit install install-dev lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(BIN)/python -m pip install -q -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## run: install, load the demo negotiation into $(DEMO_DB) (once), show it, and serve it
run: install
	@if [ ! -f "$(DEMO_DB)" ]; then $(BIN)/inwriting --database sqlite:///$(DEMO_DB) demo; fi
	@$(BIN)/inwriting --database sqlite:///$(DEMO_DB) negotiations show lysra-basin
	@echo
	@echo "The demo lives in $(DEMO_DB). In another terminal, explore it with, for example:"
	@echo "  export INWRITING_DATABASE_URL=sqlite:///$(DEMO_DB)"
	@echo "  $(BIN)/inwriting --as cato responses show 1"
	@echo "  $(BIN)/inwriting --as bo record receipt 13 -o answer.tlog-proof"
	@echo "  $(BIN)/inwriting verify-receipt answer.tlog-proof --key \"\$$($(BIN)/inwriting record key)\""
	@echo
	@$(BIN)/inwriting --database sqlite:///$(DEMO_DB) serve --port $(PORT)

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
