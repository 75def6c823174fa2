# vnplan: `make ingest` and `make test` set everything up on a fresh Debian machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
RAW ?= data/raw
OUT ?= data/processed
PYTEST_ARGS ?=
# the suite runs in this many processes (pytest-xdist), each test file in one of them so that a file's
# fixtures are built once; 2 cores run it in about half the time of one
TEST_WORKERS ?= 2
# The law corpus: only `make model`, `make eval` and `make bench` read it.
CORPUS_DIR := $(or $(VNPLAN_SHARED),../shared)/corpus/vlc

.PHONY: help setup system-deps samples need-corpus ingest test lint model calibrate eval bench notebook report export compact clean

help:
	@echo "make ingest   set up, then ingest $(RAW) into $(OUT) (bundled samples by default)"
	@echo "make test     set up, then run the test suite"
	@echo "make model    rebuild the diacritics-restoration model from ../shared/corpus"
	@echo "make calibrate refit the row-confidence weights (extract/calibration.json) on the earlier held-out rounds"
	@echo "make eval     accuracy figures (restoration, extraction, real and synthetic scans) against baselines"
	@echo "make bench    speed figures (ingest vs tesseract vs ocrmypdf; restoration vs pyvi; text-layer gate vs OCR; store by size; 1 vs 2 workers; local pool vs Dask)"
	@echo "make notebook open the analyst notebooks in JupyterLab"
	@echo "make report   HTML quality report of $(OUT)"
	@echo "make export   FORMAT=csv|xlsx|duckdb export of $(OUT)"
	@echo "make compact  merge the per-document Parquet files of $(OUT) into a few per table"
	@echo "make lint     ruff and the import-layer contracts (import-linter)"

system-deps:
	@bash scripts/ensure-system-deps.sh

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[eval,analysis,dev,cluster,aot]'
	@touch $(STAMP)

# compile the restoration decoder once, and again whenever its source changes (numba caches it beside the
# sources; a read-only install copies that cache into the user's numba cache, see normalize.beam)
KERNELS := $(VENV)/.kernels-stamp
$(KERNELS): $(STAMP) normalize/beam.py
	$(PY) -c 'import logging; logging.basicConfig(level=logging.INFO, format="%(message)s"); from normalize.beam import warm_up; warm_up()'
	@touch $(KERNELS)

# bytecode of the project's modules, written again whenever one changes: where PYTHONDONTWRITEBYTECODE
# is set (container images, CI), every vnplan process would otherwise compile them anew at import
# (issue 16: ~0.3 CPU-s per `vnplan ingest`, in the fork server and the main process)
BYTECODE := $(VENV)/.bytecode-stamp
$(BYTECODE): $(STAMP) $(wildcard ingest/*.py normalize/*.py extract/*.py vnplan/*.py)
	$(PY) -m compileall -q ingest normalize extract vnplan
	@touch $(BYTECODE)

# restoration's Python stages compiled ahead of time with mypyc into normalize/_aot (issue 16; normalize/aot.py),
# again whenever a normalize source changes: used only while built from the very sources in the tree. It never
# fails setup: without mypy, a C compiler or Python's headers, or on a type error, the Python modules are used
AOT := $(VENV)/.aot-stamp
$(AOT): $(STAMP) $(wildcard normalize/*.py) scripts/build_aot.py
	-$(PY) scripts/build_aot.py
	@touch $(AOT)

setup: system-deps $(STAMP) $(KERNELS) $(BYTECODE) $(AOT)

samples: setup
	$(PY) -m devkit.samples --out $(RAW)

ingest: setup
	$(PY) -m devkit.samples --out $(RAW) --if-empty
	$(VENV)/bin/vnplan ingest $(RAW) --out $(OUT)

test: setup
	@bash scripts/ensure-system-deps.sh chromium ocrmypdf
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

notebook: setup
	$(VENV)/bin/jupyter lab notebooks/

report: setup
	$(VENV)/bin/vnplan report --data $(OUT)

export: setup
	$(VENV)/bin/vnplan export --format $(or $(FORMAT),xlsx) --data $(OUT)

compact: setup
	$(VENV)/bin/vnplan compact --data $(OUT)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

need-corpus:
	@test -d "$(CORPUS_DIR)" || { echo "make $(MAKECMDGOALS): needs the law corpus at $(CORPUS_DIR): the project's shared/ folder beside the repository, or its path in VNPLAN_SHARED" >&2; exit 2; }

model: setup need-corpus
	$(PY) -m devkit.build_model

calibrate: setup
	$(PY) -m devkit.calibrate

eval: setup need-corpus
	@bash scripts/ensure-system-deps.sh ocrmypdf
	$(PY) bench/restore_eval.py --vie
	$(PY) bench/names_eval.py
	$(PY) bench/extract_eval.py
	$(PY) bench/extract_scan_eval.py
	$(PY) bench/scan_eval.py
	$(PY) bench/doctype_eval.py
	$(PY) bench/calibration_eval.py
	$(PY) bench/preprocess_eval.py

bench: setup need-corpus
	@bash scripts/ensure-system-deps.sh ocrmypdf
	$(PY) bench/ingest_bench.py
	$(PY) bench/restore_bench.py
	$(PY) bench/gate_bench.py
	$(PY) bench/store_bench.py
	$(PY) bench/preprocess_bench.py
	$(PY) bench/parallel_bench.py
	$(PY) bench/cluster_bench.py

clean:
	rm -rf $(OUT)/*.parquet $(addprefix $(OUT)/,documents pages words sections targets tasks agencies task_agencies) build .pytest_cache normalize/_aot
