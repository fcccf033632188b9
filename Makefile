# The two commands that matter: `make run` (samples -> outputs/) and `make test`.
# Both bootstrap a fresh machine first (system packages, .venv, `pip install -e .`).
VENV   := .venv
PY     := $(VENV)/bin/python
IKU    := $(VENV)/bin/iku
STAMP  := $(VENV)/.bootstrapped
TSTAMP := $(VENV)/.bootstrapped-test

.PHONY: run test test-slow bench lint schema samples golden clean eval eval-variants eval-web

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
	$(PY) -m iku.schemas.export

# every sample PDF (digital, scanned, mixed) and its gold, from samples/content/*.toml; byte-identical between runs
samples: $(STAMP)
	$(PY) -m samples.build_samples

# tests/golden/*.json rewritten from a fresh extraction of the samples (known failures keep their reviewed value):
# read `git diff tests/golden` against the PDFs before committing it
golden: $(TSTAMP)
	$(PY) tests/snapshots.py

clean:
	rm -rf outputs/json outputs/*.parquet outputs/index.json outputs/.iku.lock .pytest_cache

# `make eval`: the generated corpus (rebuilt only when the generator changes; its last GEN_SCANNED decrees also
# scanned), extracted and scored per axis: digital, then the scanned copies (per scan axis, with metadata and the
# signatory's name); then the development set. About 12 min on 2 cores from cold (scans ~8 of them; OCR is cached).
GEN := build/gen
GEN_N := 200
GEN_SCANNED := 30
$(GEN)/.stamp: $(STAMP) $(wildcard samples/generator/*.py) samples/generator/content.toml
	rm -rf $(GEN) && $(PY) -m samples.generator --n $(GEN_N) --seed 1 --scanned $(GEN_SCANNED) --out $(GEN) && touch $@

eval: $(GEN)/.stamp
	$(IKU) extract $(GEN)/pdf/digital -o $(GEN)/out-digital -q --workers 1 || true
	$(IKU) extract $(GEN)/pdf/scanned -o $(GEN)/out-scanned -q --workers 2 || true
	$(PY) bench/eval_report.py --gen $(GEN) --pred digital=$(GEN)/out-digital --pred scanned=$(GEN)/out-scanned
	if [ -f ../shared/eval/score.py ]; then $(IKU) extract ../shared/eval/pdf/digital -o build/dev-digital -q --workers 1 || true; \
	  $(PY) ../shared/eval/score.py --gold ../shared/eval/decrees --pred digital=build/dev-digital; fi

# `make eval-variants`: the second generator family (samples/generator/variants.py: layouts and wordings the
# default family's axes do not cover), 60 digital decrees, extracted and scored per axis (about 1 min).
GENV := build/gen-variants
$(GENV)/.stamp: $(STAMP) $(wildcard samples/generator/*.py) samples/generator/variants.toml
	rm -rf $(GENV) && $(PY) -m samples.generator --family variants --n 60 --seed 3 --out $(GENV) && touch $@

eval-variants: $(GENV)/.stamp
	$(IKU) extract $(GENV)/pdf/digital -o $(GENV)/out-digital -q --workers 1 || true
	$(PY) bench/eval_report.py --gen $(GENV) --pred digital=$(GENV)/out-digital

# `make eval-web`: the third family (samples/generator/web.py: the variants' content printed from HTML by the
# system's Chromium, as decrees printed from a web portal arrive), 60 digital decrees, scored per axis (~1 min).
GENW := build/gen-web
$(GENW)/.stamp: $(STAMP) $(wildcard samples/generator/*.py) samples/generator/variants.toml
	rm -rf $(GENW) && $(PY) -m samples.generator --family web --n 60 --seed 6 --out $(GENW) && touch $@

eval-web: $(GENW)/.stamp
	$(IKU) extract $(GENW)/pdf/digital -o $(GENW)/out-digital -q --workers 1 || true
	$(PY) bench/eval_report.py --gen $(GENW) --pred digital=$(GENW)/out-digital
