# make all   : create .venv, install the project, process every raw/*.pdf into processed/<edition>/
# make test  : install the dev dependencies and run the tests
# make bench : benchmark against pdfplumber, camelot and PyMuPDF (see bench/README.md)
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
EDITIONS := $(patsubst raw/%.pdf,%,$(wildcard raw/*.pdf))

CODE_EXTRACT := pipeline/extract.py pipeline/layout.py pipeline/config.py pipeline/models.py
CODE_REPAIR := pipeline/repair.py pipeline/text.py pipeline/themes.py pipeline/config.py pipeline/models.py

.PHONY: all test install clean
.DELETE_ON_ERROR:
.SECONDARY:

all: $(EDITIONS:%=processed/%/fiches.parquet)

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.dev: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

interim/%/cells.parquet: raw/%.pdf $(CODE_EXTRACT) | $(VENV)/.installed
	$(PY) -m pipeline extract $< --edition $* --out $@

interim/%/fiches.parquet: interim/%/cells.parquet $(CODE_REPAIR) | $(VENV)/.installed
	$(PY) -m pipeline repair $< --edition $* --out $@

processed/%/fiches.parquet: interim/%/fiches.parquet | $(VENV)/.installed
	mkdir -p $(@D) && cp $< $@

test: $(VENV)/.dev
	$(PY) -m pytest

clean:
	rm -rf interim processed
