# make all    : create .venv, install the project, process every raw/*.pdf into processed/<edition>/
# make test   : install the dev dependencies and run the tests
# make test-fast: the tests without those marked slow (about a minute, for the inner loop)
# make lint   : style (ruff) and types (mypy)
# make test-install: pip install . in a fresh venv and run the command from another folder
# make bench  : benchmark against the tools people use instead (writes bench/results.md)
# make schemas: regenerate schemas/ from pipeline/models.py
# make diff OLD=<edition> NEW=<edition> : what changed between two processed editions
# make controle-capture ED=<edition> : screenshot of an edition's control page (needs chromium)
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

# What each stage's output depends on: the modules its stage function imports, directly or not
# (tests/test_make.py checks the lists against the imports), so that a change of rules re-reads.
CODE_EXTRACT := pipeline/extract.py pipeline/layers.py pipeline/markers.py pipeline/layout.py pipeline/geometry.py pipeline/text_axes.py \
	pipeline/errors.py pipeline/config.py pipeline/table_config.py pipeline/output_config.py pipeline/settings.py pipeline/models.py pipeline/numbering.py \
	pipeline/text.py pipeline/lexicon.py
CODE_REPAIR := pipeline/repair.py pipeline/document.py pipeline/overflow.py pipeline/printed_lines.py pipeline/columns.py \
	pipeline/headers.py pipeline/rows.py pipeline/alignment.py pipeline/column_doubts.py \
	pipeline/row_kinds.py pipeline/row_themes.py pipeline/theme_doubts.py pipeline/fiches.py pipeline/account.py pipeline/label_words.py \
	pipeline/verifications.py pipeline/line_joins.py pipeline/centring.py pipeline/plausible.py pipeline/avertissements.py pipeline/numbering.py \
	pipeline/themes.py pipeline/text.py pipeline/lexicon.py pipeline/geometry.py pipeline/errors.py \
	pipeline/config.py pipeline/table_config.py pipeline/output_config.py pipeline/settings.py pipeline/models.py
# Publishing is cheap: it reruns on a change of any module or of the referential.
CODE_PUBLISH := $(wildcard pipeline/*.py) $(wildcard pipeline/referentiel/*.csv)

# One bad edition must not stop the others; make still exits non-zero at the end.
MAKEFLAGS += --keep-going
.PHONY: all editions test test-fast lint test-install bench schemas diff install clean controle-capture
.DELETE_ON_ERROR:
.SECONDARY:

# Edition names are safe slugs of the PDF names (spaces, accents, .PDF, a leading "-"): `sources`
# links each raw/<name>.pdf as interim/<slug>/source.pdf, lists the slugs in interim/editions.mk,
# and removes from interim/ and processed/ the editions whose PDF left raw/. Then a second make
# builds the editions; the first one's error (a PDF refused for its name) is reported at the end.
all: $(VENV)/.installed
	@$(PY) -m pipeline sources raw --interim interim --out processed; status=$$?; \
	$(MAKE) --no-print-directory editions || status=1; exit $$status

-include interim/editions.mk
editions: $(EDITIONS:%=interim/%/published.ok)

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.dev: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

interim/%/cells.parquet: interim/%/source.pdf $(CODE_EXTRACT) | $(VENV)/.installed
	$(PY) -m pipeline extract $< --edition $* --out $@

interim/%/fiches.parquet: interim/%/cells.parquet $(CODE_REPAIR) | $(VENV)/.installed
	$(PY) -m pipeline repair $< --edition $* --out $@

# The stamp is written only when the edition published without rejects (exit code 3) nor fiches
# to check (exit code 4), so that the next `make all` reports them again instead of calling the
# edition done.
# The territory file beside the PDF, linked by `sources` as interim/<edition>/territoire.toml, is a
# prerequisite where there is one (publish reads it beside the PDF).
.SECONDEXPANSION:
interim/%/published.ok: interim/%/fiches.parquet $(CODE_PUBLISH) $$(wildcard interim/$$*/territoire.toml) | $(VENV)/.installed
	$(PY) -m pipeline publish $< --edition $* --source interim/$*/source.pdf --out processed
	touch $@

test: $(VENV)/.dev
	$(PY) -m pytest

test-fast: $(VENV)/.dev
	$(PY) -m pytest -m 'not slow'

lint: $(VENV)/.dev
	$(PY) -m ruff check pipeline tests
	$(PY) -m mypy

# Peers (camelot, PyMuPDF) are benchmark extras, never runtime dependencies.
$(VENV)/.bench: $(VENV)/.dev
	$(PY) -m pip install --quiet -e '.[bench]'
	touch $@

bench: $(VENV)/.bench
	$(PY) bench/run.py --out bench/results.md

schemas: $(VENV)/.installed
	$(PY) -m pipeline schemas --out schemas

# make diff OLD=montpellier-2020 NEW=montpellier-2024  ->  processed/diff/OLD..NEW/
diff: $(VENV)/.installed
	@test -n "$(OLD)" -a -n "$(NEW)" || { echo "usage : make diff OLD=<édition> NEW=<édition>"; exit 64; }
	$(PY) -m pipeline diff processed/$(OLD) processed/$(NEW) --out processed/diff

# make controle-capture ED=<edition>: a screenshot of processed/<edition>/controle/index.html in
# headless Chromium (Debian's `chromium` package), written to docs/controle-<edition>.png.
controle-capture:
	@test -n "$(ED)" || { echo "usage : make controle-capture ED=<édition>"; exit 64; }
	@command -v chromium >/dev/null || { echo "erreur : chromium introuvable ; installez le paquet Debian chromium"; exit 2; }
	mkdir -p docs
	profile=$$(mktemp -d) && chromium --headless --disable-gpu --no-sandbox --hide-scrollbars --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync --user-data-dir=$$profile \
		--window-size=1400,1000 --screenshot=docs/controle-$(ED).png \
		"file://$(abspath processed/$(ED)/controle/index.html)"; status=$$?; rm -rf $$profile; exit $$status

clean:
	rm -rf interim processed

# A plain `pip install .` in a fresh virtual environment, then the command run from another folder:
# what a user gets without make (CI runs it after the tests).
test-install:
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(PYTHON) -m venv "$$tmp/venv"; "$$tmp/venv/bin/pip" install --quiet .; \
	cp raw/montpellier-2020.pdf "$$tmp/edition.pdf"; cd "$$tmp"; \
	venv/bin/contrat-de-ville --version; \
	venv/bin/contrat-de-ville run edition.pdf --out sortie; \
	test -s sortie/edition/fiches.parquet && test -s sortie/edition/datapackage.json; \
	echo "test-install : pip install . puis contrat-de-ville run depuis un autre dossier : OK"
