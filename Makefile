# One task runner for the README and CI. `make run` and `make test` set everything up.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
PACKAGE_STAMP := $(VENV)/.installed-package

.PHONY: run test proof lint unit unit-fonts wheel-smoke bench demo screenshots sample-pdfs clean \
	package package-test

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Coach Workbook needs Python 3.11 or newer; this is " + sys.version.split()[0] + ".")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(RUN_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[test]'
	touch $@ $(RUN_STAMP)

$(PACKAGE_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[package]'
	touch $@ $(RUN_STAMP)

run: $(RUN_STAMP)
	@scripts/system-deps gui
	$(VENV)/bin/coach-workbook

test: $(TEST_STAMP)
	@scripts/system-deps test
	$(MAKE) lint unit unit-fonts wheel-smoke

lint: $(TEST_STAMP)
	$(PY) -m ruff check .

unit: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider

# The window's tests again on another machine's fonts: only DejaVu, the desktop at 11 pt.
# A test that passes only with one machine's fonts fails here.
unit-fonts: $(TEST_STAMP)
	FONTCONFIG_FILE=$(CURDIR)/tests/fontconfig/dejavu-only.conf \
	COACH_WORKBOOK_TEST_DESKTOP_FONT="DejaVu Sans,11" \
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider tests/ui

# The proof suite at its full counts (`make test` runs it at a tenth), with its wall time.
proof: $(TEST_STAMP)
	@scripts/system-deps test
	@start=$$(date +%s); \
	COACH_WORKBOOK_PROOF=full QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider --durations=0 --durations-min=5 tests/proof; \
	status=$$?; echo "make proof: $$(( $$(date +%s) - start )) s"; exit $$status

# Builds the wheel, installs it into a throwaway venv and runs the packaged app from there,
# so a resource missing from the package fails CI.
wheel-smoke: $(TEST_STAMP)
	@scripts/wheel-smoke $(PYTHON) $(PY)

# Every table at each scale, then how each row grows with the data (bench/README.md).
BENCH_SCALES ?= 0.25,1,4
bench: $(TEST_STAMP)
	$(PY) -m bench.run --scales $(BENCH_SCALES)
	$(PY) -m bench.scaling

# The portable one-folder build for this machine: dist/coach-workbook-<version>-<os>-<arch>.zip
# and dist/SHA256SUMS (packaging/README.md). `make test` does not build it; CI does.
package: $(PACKAGE_STAMP)
	$(PY) packaging/make_package.py

# That zip unzipped and its frozen app run as a coach would (never the venv's Python);
# fails when there is no zip to test.
package-test: $(RUN_STAMP)
	$(PY) packaging/package_test.py

demo: $(RUN_STAMP)
	$(VENV)/bin/coach-workbook demo demo.cwb

clean:
	rm -rf $(VENV) .venv-wheel build dist *.egg-info .pytest_cache .ruff_cache bench/out

# Photographs of the real app on the demo workbook (Xvfb), for docs/ and for looking at.
screenshots: $(RUN_STAMP)
	@scripts/system-deps docs
	for v in light dark; do QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" $(PY) scripts/screenshots.py $$v; done
	QT_QPA_PLATFORM=xcb QT_SCALE_FACTOR=1.5 xvfb-run -a -s "-screen 0 1920x1200x24" $(PY) scripts/screenshots.py scaled
	for s in 1024x600 1366x768; do QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 $${s}x24" $(PY) scripts/screenshots.py $$s; done

# The demo workbook's session summaries and portfolios as PDFs, with a PNG of every page.
sample-pdfs: $(RUN_STAMP)
	@scripts/system-deps docs
	$(PY) scripts/sample_pdfs.py docs/samples
