# Urad Rear Banner scenario workbook: set-up and main jobs.
#
#   make demo   install everything needed (idempotent), run every shipped scenario: results,
#               PDF reports and a comparison report in reports/, scorecards printed
#   make test   install the same, run the whole test suite
#   make lab    JupyterLab with the explorer;  make app   the explorer under Voila
#
# Set-up is stamp-driven: each step re-runs only when its inputs changed.

SHELL        := /bin/bash
PYTHON       ?= python3
VENV         := .venv
PY           := $(VENV)/bin/python
STAMPS       := $(VENV)/.stamps
KERNEL_NAME  := urad-rear
DEB_PACKAGES := fonts-noto-cjk poppler-utils chromium
PORT         ?= 8866
LAB_PORT     ?= 8888
OUT          ?= reports

.PHONY: all setup demo test lab app lock clean sysdeps venv kernel

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

venv: $(STAMPS)/venv
$(STAMPS)/venv: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@mkdir -p $(STAMPS)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@rm -rf $$HOME/.cache/matplotlib   # let matplotlib find the CJK fonts
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
	@echo
	@echo "Results and reports of every scenario are in $(OUT)/<scenario id>/ (results.csv, targets.csv,"
	@echo "manifest.json, <id>.pdf, <id>.ipynb); all scenarios together: $(OUT)/results.csv, $(OUT)/results.xlsx;"
	@echo "comparison report: $(OUT)/comparison.pdf"

$(OUT)/comparison.pdf: scenarios/*.yaml model/*.py model/core/*.py notebooks/report.ipynb
	$(PY) -m model compare scenarios/*.yaml --out $(OUT)

test: setup
	$(PY) -m pytest

# Kernels inherit PYTHONPATH, so notebooks/explorer.ipynb imports the package
# from the project folder whatever the notebook's working folder.
lab: setup
	@echo "JupyterLab: http://127.0.0.1:$(LAB_PORT)/lab/tree/notebooks/explorer.ipynb (the token is printed below)"
	PYTHONPATH=$(CURDIR) $(VENV)/bin/jupyter lab --ip 127.0.0.1 --port $(LAB_PORT) --no-browser \
	  $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/explorer.ipynb

# The explorer as a page without code cells (Voila).  PORT=9000 make app for another port.
app: setup
	@echo "Explorer: http://127.0.0.1:$(PORT)/"
	PYTHONPATH=$(CURDIR) $(VENV)/bin/voila --no-browser --Voila.ip=127.0.0.1 --port=$(PORT) \
	  --theme=light --strip_sources=True notebooks/explorer.ipynb

# Regenerate the fully pinned requirements.txt from requirements.in.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet -r requirements.in
	( echo "# Fully pinned environment (generated from requirements.in by \`make lock\`)."; \
	  .venv-lock/bin/pip freeze | grep -v -E '^(-e|pkg-resources)' ) > requirements.txt
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
