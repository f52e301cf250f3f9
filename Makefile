# Two commands do everything on a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
NODE_INSTALLED := node_modules/.installed
SPHINXOPTS ?= -W --keep-going -n
BUILDER ?= dirhtml
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: venv html serve test check lint linkcheck clean import-openreview bench lighthouse screenshots \
	snapshots identical

# Re-install whenever pyproject.toml changes; the stamp makes repeated calls instant.
$(INSTALLED): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --editable ".[test]"
	@touch $@

# axe-core (accessibility tests) from npm, pinned by package-lock.json; never fetched at test time.
$(NODE_INSTALLED): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

venv: $(INSTALLED)

html: $(INSTALLED)
	$(PY) -m sphinx -b $(BUILDER) $(SPHINXOPTS) -d _build/doctrees . _build/html

# sphinx-autobuild, each rebuild forked from a process that has imported Sphinx (workshop/tools/serve.py).
serve: $(INSTALLED)
	$(PY) -m workshop.tools.serve -b $(BUILDER) $(SPHINXOPTS) -d _build/doctrees \
		--host $(HOST) --port $(PORT) --watch _ext . _build/html

test: $(INSTALLED) $(NODE_INSTALLED)
	$(PY) -m pytest $(PYTEST_ARGS)

# The quick check after editing content (well under a minute once _build/check exists): the
# strict build at the tests' build date, then the tests that read the real site, without a
# browser and without building it again. `make test` runs everything.
CHECK_EPOCH := 1767225600
check: $(INSTALLED)
	SOURCE_DATE_EPOCH=$(CHECK_EPOCH) $(PY) -m sphinx -b dirhtml $(SPHINXOPTS) -q \
		-d _build/check.doctrees . _build/check
	WSL_BUILT_SITE=_build/check $(PY) -m pytest -q -m "real_site and not browser and not slow" \
		-p no:cacheprovider $(PYTEST_ARGS)

# The expected fragments and exports of tests/tiny/test_snapshots.py, written again from this
# work tree after an intended change of the output: review `git diff tests/tiny/snapshots`.
snapshots: $(INSTALLED)
	$(PY) -m pytest tests/tiny/test_snapshots.py -q -p no:cacheprovider --regen-all

# Does the work tree build the same site as a commit? make identical REV=HEAD~1 builds both
# (at the tests' build date, -E, from one temporary folder) and lists the files that differ
# (.buildinfo not compared); exit 1 if any do (workshop/tools/identical.py).
identical: $(INSTALLED)
	@test -n "$(REV)" || { echo "usage: make identical REV=<commit>"; exit 2; }
	$(PY) -m workshop.tools.identical "$(REV)" -b $(BUILDER)

# External links (needs the internet): kept out of `make test`; runs on a schedule in CI.
linkcheck: $(INSTALLED)
	$(PY) -m sphinx -b linkcheck $(SPHINXOPTS) -d _build/doctrees . _build/linkcheck

# Lint and format checks, YAML and front-matter syntax, whitespace (.pre-commit-config.yaml).
# The hooks run tools from .venv (language: system), so .venv/bin goes first on PATH.
lint: $(INSTALLED)
	PATH="$(abspath $(VENV))/bin:$$PATH" $(VENV)/bin/pre-commit run --all-files --show-diff-on-failure

# Papers from an OpenReview export: make import-openreview FILE=export.json [DRY_RUN=1]
# [WITH_ABSTRACTS=1] (CONTRIBUTING.md, "Import accepted papers from OpenReview").
import-openreview: $(INSTALLED)
	@test -n "$(FILE)" || { echo "usage: make import-openreview FILE=export.json [DRY_RUN=1] [WITH_ABSTRACTS=1]"; exit 2; }
	$(PY) -m workshop.tools.openreview_import "$(FILE)" $(if $(DRY_RUN),--dry-run) $(if $(WITH_ABSTRACTS),--with-abstracts)

# Build synthetic sites of 45, 500 and 2000 papers and the real one; print timings, sizes and
# the performance budgets (benchmarks/README.md). BENCH_SIZES=45,500 make bench is shorter.
bench: $(INSTALLED)
	$(PY) benchmarks/bench.py

# Lighthouse (mobile) after a fresh build (-E: extension code changes show too), on home, program,
# papers and a paper page, each beside the bare stack's page of the same path (built with our
# documents into _build/lighthouse-bare): 3 interleaved pairs, medians and a verdict
# (benchmarks/lighthouse.py). Served with gzip, in the system's Chromium (CHROME_PATH, else
# chromium, chromium-browser or google-chrome on PATH: see _ext/workshop/chromium.py). The npm
# package goes into benchmarks/.lighthouse; it never downloads a browser.
# LIGHTHOUSE_ARGS="--pairs 5 papers/" picks the pairs and pages.
LIGHTHOUSE_VERSION ?= 13.5.0
LIGHTHOUSE := benchmarks/.lighthouse/node_modules/.bin/lighthouse
$(LIGHTHOUSE):
	PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix benchmarks/.lighthouse --no-audit \
		--no-fund --loglevel=error lighthouse@$(LIGHTHOUSE_VERSION)

lighthouse: $(INSTALLED) $(LIGHTHOUSE)
	$(MAKE) html SPHINXOPTS="$(SPHINXOPTS) -E"
	$(PY) benchmarks/lighthouse.py _build/html --doctrees _build/doctrees $(LIGHTHOUSE_ARGS)

# PNGs of every kind of page at 1280 and 375 px, light and dark, into _build/screenshots, for a
# pull request that changes the look. A fresh build (-E: extension code changes show too), served
# on loopback, in Debian's chromium ($$CHROME_PATH, else chromium on PATH); never a downloaded one.
screenshots: $(INSTALLED)
	$(MAKE) html SPHINXOPTS="$(SPHINXOPTS) -E"
	$(PY) benchmarks/screenshots.py _build/html --out _build/screenshots

clean:
	rm -rf _build
