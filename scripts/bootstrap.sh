#!/usr/bin/env bash
# Bootstrap a fresh machine: system packages (apt-get, only where missing), then .venv with `iku` in it.
# Idempotent: re-running after a change of pyproject.toml just reinstalls the Python side.
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages: Tesseract with Indonesian for scanned pages (run time); Chromium to render the HTML report
# headless in the tests (the test skips without it).
APT_PACKAGES=(tesseract-ocr tesseract-ocr-ind tesseract-ocr-osd chromium ${IKU_APT_PACKAGES:-})
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing system packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

PYTHON=${PYTHON:-python3}
"$PYTHON" -c 'import sys; assert sys.version_info >= (3, 11), "Python >= 3.11 is required"'
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
.venv/bin/python -m pip install -q -e ".[dev]" 2>&1 | grep -v "^WARNING: Location" || true
.venv/bin/iku version >/dev/null
touch .venv/.bootstrapped
