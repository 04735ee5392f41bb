# Urad Rear Banner scenario workbook: set-up and main jobs.
#
#   make demo   install everything needed (idempotent), run every shipped scenario: results,
#               PDF reports and a comparison report in reports/, scorecards printed
#   make test   install the same (and pyam's own environment), run the whole test suite
#   make lab    JupyterLab with the explorer;  make app   the explorer under Voila
#
# Set-up is stamp-driven: each step re-runs only when its inputs changed.  The workbook itself is
# installed editable into .venv (pyproject.toml), so `import model` works from any folder, in any
# kernel of the venv and on any Dask worker started from it; no PYTHONPATH is needed.

SHELL        := /bin/bash
PYTHON       ?= python3
VENV         := .venv
PY           := $(VENV)/bin/python
PYAM_VENV    := $(VENV)/pyam
STAMPS       := $(VENV)/.stamps
KERNEL_NAME  := urad-rear
DEB_PACKAGES := fonts-noto-cjk poppler-utils chromium
PORT         ?= 8866
LAB_PORT     ?= 8888
OUT          ?= reports

.PHONY: all setup demo test lab app lock clean sysdeps venv kernel pyam

all: demo

setup: sysdeps venv kernel

# Debian packages (fonts for Chinese charts and PDFs, poppler for PDF checks,
# chromium for the browser tests).  Installed only when one is missing.
sysdeps: $(STAMPS)/sysdeps
$(STAMPS)/sysdeps: Makefile
	@mkdir -p $(STAMPS)
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
	@dpkg -L fonts-noto-cjk | grep -q "NotoSansCJK-Regular" || { echo "Noto Sans CJK font missing after install"; exit 1; }
	@touch $@

# The pinned lock, then the workbook itself, editable and without dependencies (the lock decides
# every version): the package stays in the project folder, beside scenarios/, data/ and notebooks/.
# model/__init__.py holds the version, which the installed metadata repeats (tests compare them).
venv: $(STAMPS)/venv
$(STAMPS)/venv: requirements.txt pyproject.toml requirements.in requirements-test.in model/__init__.py
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@mkdir -p $(STAMPS)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@rm -rf $$HOME/.cache/matplotlib   # let matplotlib find the CJK fonts
	@touch $@

# pyam, the IAMC community's reader, in an environment of its own: tests/test_iamc.py loads the
# workbook's results with it, as a pyam user would.  It cannot share .venv: pyam-iamc 4.0.0 requires
# matplotlib<3.11, and the workbook's charts are drawn with the pinned matplotlib 3.11.2.
pyam: $(STAMPS)/pyam
$(STAMPS)/pyam: requirements-pyam.txt $(STAMPS)/venv
	@test -x $(PYAM_VENV)/bin/python || $(PYTHON) -m venv $(PYAM_VENV)
	$(PYAM_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-pyam.txt
	@touch $@

# The project's Jupyter kernel lives inside the venv, so papermill and the tests
# never pick up a kernel from outside the project.
kernel: $(STAMPS)/kernel
$(STAMPS)/kernel: $(STAMPS)/venv
	$(PY) -m ipykernel install --prefix $(VENV) --name $(KERNEL_NAME) \
	  --display-name "Python (Urad Rear workbook)" >/dev/null
	@touch $@

# Results and the PDF report of every shipped scenario (the batch skips scenarios whose
# outputs are current), then one comparison report of them all (re-rendered only when a
# scenario, the model or the template changed).
demo: setup
	$(PY) -m model batch scenarios/ --out $(OUT) --reports
	@$(MAKE) --no-print-directory $(OUT)/comparison.pdf
	$(PY) -m model scorecard scenarios/
	$(PY) -m model discover scenarios/baseline.yaml --target energy_intensity_cut --draws 20000 --no-progress --out $(OUT)/discover-baseline
	$(PY) -m model fit-plan scenarios/baseline.yaml --out $(OUT)/baseline-fitted.yaml
	@echo
	@echo "Results and reports of every scenario are in $(OUT)/<scenario id>/ (results.csv, targets.csv,"
	@echo "manifest.json, <id>.pdf, <id>.ipynb); all scenarios together: $(OUT)/results.csv, $(OUT)/results.xlsx;"
	@echo "comparison report: $(OUT)/comparison.pdf"

$(OUT)/comparison.pdf: scenarios/*.yaml $(shell find model -name '*.py') notebooks/report.ipynb
	$(PY) -m model compare scenarios/*.yaml --out $(OUT)

test: setup pyam
	$(PY) -m pytest

lab: setup
	@echo "JupyterLab: http://127.0.0.1:$(LAB_PORT)/lab/tree/notebooks/explorer.ipynb (the token is printed below)"
	$(VENV)/bin/jupyter lab --ip 127.0.0.1 --port $(LAB_PORT) --no-browser \
	  $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/explorer.ipynb

# The explorer as a page without code cells (Voila).  PORT=9000 make app for another port.
# One kernel is kept preheated (it has run the notebook before anyone asks; Voila starts the next
# one as soon as it is taken), and the project's template (share/jupyter/voila/templates/explorer,
# found through JUPYTER_PATH) shows the headline at once while the page's widgets load.  The same
# command line, for the tests and benchmarks: model.explorer.preview.voila_command.
app: setup
	@echo "Explorer: http://127.0.0.1:$(PORT)/ (give it about 20 s to preheat its first kernel)"
	JUPYTER_PATH=$(CURDIR)/share/jupyter$${JUPYTER_PATH:+:$$JUPYTER_PATH} \
	  $(VENV)/bin/voila --no-browser --Voila.ip=127.0.0.1 --port=$(PORT) --template=explorer \
	  --theme=light --strip_sources=True --preheat_kernel=True notebooks/explorer.ipynb

# Regenerate the fully pinned requirements.txt from requirements.in and requirements-test.in, and
# requirements-pyam.txt from requirements-pyam.in.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet -r requirements.in -r requirements-test.in
	( echo "# Fully pinned environment (generated from requirements.in and requirements-test.in by \`make lock\`)."; \
	  .venv-lock/bin/pip freeze | grep -v -E '^(-e|pkg-resources)' ) > requirements.txt
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet -r requirements-pyam.in
	( echo "# pyam's own environment (generated from requirements-pyam.in by \`make lock\`)."; \
	  .venv-lock/bin/pip freeze | grep -v -E '^(-e|pkg-resources)' ) > requirements-pyam.txt
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
