# The two commands that matter: `make run` (samples -> outputs/) and `make test`.
# Both bootstrap a fresh machine first (system packages, .venv, `pip install -e .`).
VENV   := .venv
PY     := $(VENV)/bin/python
IKU    := $(VENV)/bin/iku
STAMP  := $(VENV)/.bootstrapped
TSTAMP := $(VENV)/.bootstrapped-test

.PHONY: run test test-slow bench lint schema samples clean

$(STAMP): pyproject.toml constraints.txt scripts/bootstrap.sh
	./scripts/bootstrap.sh

# the tests also want Chromium (the report test); `make run` does not
$(TSTAMP): pyproject.toml constraints.txt scripts/bootstrap.sh
	./scripts/bootstrap.sh --test

run: $(STAMP)
	$(IKU) extract samples -o outputs
	$(IKU) export outputs --xlsx
	$(IKU) report outputs

test: $(TSTAMP)
	$(PY) -m pytest -q

test-slow: $(TSTAMP)
	$(PY) -m pytest -q -m slow

bench: $(STAMP)
	$(PY) bench/bench.py
	$(PY) bench/bench_ocr.py
	$(PY) bench/bench_report.py

lint: $(STAMP)
	$(VENV)/bin/ruff check pipeline schemas analysis tests bench samples

schema: $(STAMP)
	$(PY) -m schemas.export

samples: $(STAMP)
	$(PY) samples/build_samples.py

clean:
	rm -rf outputs/json outputs/*.parquet outputs/index.json outputs/.iku.lock .pytest_cache
