# The two commands a newcomer needs:
#   make reports   regenerate every report into reports/ (creates .venv on first use)
#   make test      run the whole test suite            (creates .venv on first use)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: test reports refresh lab bench clean-venv

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@# strip notebook outputs on commit (git filter; a no-op outside a git checkout)
	@if git rev-parse --git-dir >/dev/null 2>&1; then $(BIN)/nbstripout --install; fi
	@touch $(STAMP)

test: $(STAMP)
	$(BIN)/python -m pytest

reports: $(STAMP)
	$(BIN)/python -m minelib reports $(ARGS)

refresh: $(STAMP)
	$(BIN)/python -m minelib refresh $(ARGS)

lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root) $(ARGS)

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean-venv:
	rm -rf $(VENV)
