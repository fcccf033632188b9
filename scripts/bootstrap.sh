#!/usr/bin/env bash
# Bootstrap a fresh machine: system packages (apt-get, only where missing), then .venv with `iku` in it.
# Idempotent: re-running after a change of pyproject.toml just reinstalls the Python side.
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages: Tesseract with Indonesian for scanned pages (run time). With --test also Chromium, which
# only the report test uses (it skips without it): `make test` passes --test, `make run` does not.
# Each entry may name alternatives (Debian | Ubuntu names); each is installed on its own, so one name this
# distribution lacks does not stop the others, and what could not be installed is said at the end.
WITH_TEST=0
[ "${1:-}" = "--test" ] && WITH_TEST=1
# libtesseract-dev, libleptonica-dev, pkg-config and g++ build tesserocr (Tesseract's C API, below) against
# the Tesseract installed here; without them OCR runs one tesseract process per call, as fast to ~1.3x
APT_PACKAGES=(tesseract-ocr tesseract-ocr-ind tesseract-ocr-osd libtesseract-dev libleptonica-dev pkg-config g++
              ${IKU_APT_PACKAGES:-})
[ "$WITH_TEST" = 1 ] && APT_PACKAGES+=("chromium|chromium-browser")
installed() { dpkg -s "$1" >/dev/null 2>&1; }
missing=()
for entry in "${APT_PACKAGES[@]}"; do
  ok=0
  for pkg in ${entry//|/ }; do installed "$pkg" && ok=1 && break; done
  [ "$ok" = 1 ] || missing+=("$entry")
done
if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "bootstrap: installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq || true
  failed=()
  for entry in "${missing[@]}"; do
    ok=0
    for pkg in ${entry//|/ }; do
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null 2>&1 \
        && ok=1 && break
    done
    [ "$ok" = 1 ] || failed+=("$entry")
  done
  if [ ${#failed[@]} -gt 0 ]; then
    echo "bootstrap: could not install ${failed[*]}: scanned pages need Tesseract with its ind data" \
         "(README: Install); the report test needs Chromium and skips without it" >&2
  fi
elif [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: no apt-get here; install by hand: ${missing[*]} (README: Install)" >&2
fi

PYTHON=${PYTHON:-python3}
"$PYTHON" -c 'import sys; assert sys.version_info >= (3, 11), "Python >= 3.11 is required"'
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
.venv/bin/python -m pip install -q -c constraints.txt -e ".[dev]" 2>&1 | grep -v "^WARNING: Location" || true
# Optional: tesserocr built from source against the system Tesseract (its wheels bundle another Tesseract, which
# iku would not use: the API must read exactly as the `tesseract` command does). Without it, OCR still works.
if command -v tesseract >/dev/null && ! .venv/bin/python -c "import tesserocr" 2>/dev/null; then
  .venv/bin/python -m pip install -q -c constraints.txt --no-binary tesserocr tesserocr 2>&1 \
    | grep -v "^WARNING: Location" || true
  .venv/bin/python -c "import tesserocr" 2>/dev/null \
    || echo "bootstrap: tesserocr could not be built (libtesseract-dev, libleptonica-dev, pkg-config, g++):" \
            "OCR runs one tesseract process per call instead" >&2
fi
.venv/bin/iku version >/dev/null
touch .venv/.bootstrapped
[ "$WITH_TEST" = 1 ] && touch .venv/.bootstrapped-test
exit 0
