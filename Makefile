# One entry point for every check. Needs only python3 and GNU make.
#   make demo    set up .venv and scan the sample packet into reports/
#   make test    set up .venv, then ruff + mypy + the whole pytest suite
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
JOBS ?= 2
STAMP := $(VENV)/.installed
DEMO_PACKET ?= tests/fixtures/packets/full-release-contradicted
CORPUS := tests/fixtures/corpus
PACKETS := tests/fixtures/packets
SCORE_CMD := $(abspath $(BIN))/shortsale-check scan {packet} --json {json} --quiet --out $(abspath reports)/eval

.PHONY: venv test lint typecheck pytest demo eval bench fixtures golden screen clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

# The corpus authoring kit is prose data in Python syntax (long clause strings): not linted.
RUFF_EXCLUDE := tests/fixtures/corpus/authoring

lint: venv
	$(BIN)/ruff check . --extend-exclude $(RUFF_EXCLUDE)

typecheck: venv
	$(BIN)/mypy src

pytest: venv
	$(BIN)/pytest

# Every check runs even when an earlier one fails (so CI shows all of them); pytest's
# summary is the last thing printed, and the exit status is non-zero if any failed.
test: venv
	@status=0; \
	$(MAKE) --no-print-directory lint || status=1; \
	$(MAKE) --no-print-directory typecheck || status=1; \
	$(MAKE) --no-print-directory pytest || status=1; \
	if [ $$status -ne 0 ]; then echo "make test: some checks failed (see above)" >&2; fi; \
	exit $$status

demo: venv
	$(BIN)/shortsale-check scan $(DEMO_PACKET) --out reports
	@echo "HTML report: $(abspath reports)/$(notdir $(DEMO_PACKET)).html"

eval: venv
	@mkdir -p reports
	$(BIN)/python $(SHARED)/eval/score.py --corpus $(CORPUS) --jobs $(JOBS) --quiet \
	    --packets $$($(BIN)/python tests/fixtures/corpus_split.py dev) \
	    --cmd '$(SCORE_CMD)' --json-out reports/eval-dev.json
	$(BIN)/python $(SHARED)/eval/score.py --corpus $(CORPUS) --jobs $(JOBS) --quiet \
	    --packets $$($(BIN)/python tests/fixtures/corpus_split.py heldout) \
	    --cmd '$(SCORE_CMD)' --json-out reports/eval-heldout.json
	$(BIN)/python $(SHARED)/eval/score.py --corpus $(PACKETS) --jobs $(JOBS) --quiet \
	    --cmd '$(SCORE_CMD)' --json-out reports/eval-packets.json
	$(BIN)/python bench/eval_paraphrases.py
	$(BIN)/python bench/calibrate.py --split dev
	$(BIN)/python bench/calibrate.py --split heldout

bench: venv
	$(BIN)/python bench/bench_scan.py
	$(BIN)/python bench/bench_web.py
	$(BIN)/python bench/bench_triage.py

fixtures: venv
	$(BIN)/python tests/fixtures/render.py

golden: venv
	$(BIN)/python tests/fixtures/update_golden.py

screen: venv  # retrain the look-alike screen on dev data (patterns/screen/model); `--folds 5` measures it
	$(BIN)/python bench/train_screen.py

clean:
	rm -rf $(VENV) reports/*.html reports/*.json reports/eval bench/.cache
