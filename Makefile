# The two commands a newcomer needs:
#   make reports   regenerate every report into reports/ (creates .venv on first use)
#   make test      run the whole test suite            (creates .venv on first use)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LOG    := $(VENV)/install.log
LOCK   := $(VENV)/.make.lock

.PHONY: test reports refresh lab bench pair clean-venv

# Creating the environment. Two `make` calls started together (make test in one
# terminal, make reports in another, or CI beside a developer) must not install into one
# venv at once, so the steps run under an exclusive lock: flock(1) where util-linux has
# it, else a mkdir lock. Whoever gets the lock second finds the stamp fresh and stops.
# The stamp is written last: an interrupted install is redone by the next call. pip's
# output goes to $(LOG); the terminal shows the steps, pip's errors, and the end of the
# log if the install fails.
define MAKE_VENV
set -e
if [ -f $(STAMP) ] && [ $(STAMP) -nt pyproject.toml ]; then exit 0; fi
start=$$(date +%s)
if [ ! -x $(BIN)/python ]; then
  echo "make: creating $(VENV) with $$($(PYTHON) -c 'import sys; print(sys.executable, sys.version.split()[0])')"
  $(PYTHON) -m venv $(VENV)
fi
echo "make: installing minelib and its dependencies into $(VENV) (a few minutes the first time; log: $(LOG))"
if ! { $(BIN)/python -m pip install --disable-pip-version-check --progress-bar off --upgrade pip \
       && $(BIN)/python -m pip install --disable-pip-version-check --progress-bar off -e '.[test]'; } > $(LOG) 2>&1; then
  echo "make: the install failed; the end of $(LOG):" >&2
  tail -n 25 $(LOG) >&2
  exit 1
fi
grep -E '^ERROR' $(LOG) >&2 || true
if git rev-parse --git-dir >/dev/null 2>&1; then
  $(BIN)/nbstripout --install
  echo "make: installed the nbstripout git filter (notebook outputs are stripped on commit)"
fi
touch $(STAMP)
echo "make: $(VENV) ready in $$(( $$(date +%s) - start )) s"
endef
export MAKE_VENV

$(STAMP): pyproject.toml
	@mkdir -p $(VENV)
	@if command -v flock >/dev/null 2>&1; then \
	  flock -n -E 75 $(LOCK) sh -c "$$MAKE_VENV"; rc=$$?; \
	  if [ $$rc -eq 75 ]; then \
	    echo "make: waiting for another make to finish setting up $(VENV)"; \
	    flock $(LOCK) sh -c "$$MAKE_VENV"; rc=$$?; \
	  fi; \
	  exit $$rc; \
	else \
	  until mkdir $(LOCK).d 2>/dev/null; do \
	    echo "make: waiting for another make to finish setting up $(VENV) (remove $(LOCK).d if none runs)"; sleep 5; \
	  done; \
	  trap 'rmdir $(LOCK).d' EXIT; sh -c "$$MAKE_VENV"; \
	fi

test: $(STAMP)
	$(BIN)/python -m pytest

reports: $(STAMP)
	$(BIN)/python -m minelib reports $(ARGS)

refresh: $(STAMP)
	$(BIN)/python -m minelib refresh $(ARGS)

lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root) $(ARGS)

# Rewrite the review scripts notebooks/py/*.py from the notebooks (the source).
pair: $(STAMP)
	$(BIN)/jupytext --to py//py:percent notebooks/*.ipynb

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(ARGS)

clean-venv:
	rm -rf $(VENV)
