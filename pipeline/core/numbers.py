"""Numbers as Indonesian decrees print them: "82,5" is 82.5 and "1.250" is 1250 (Babel's `id` locale rules).

A target cell holds one number and maybe a unit ("82,5 %", "12 Dokumen", ">= 80 persen"); a cell with no
number or with several ("80 - 90", "2 dari 3") gets no value: a guess would look like data.
"""

from __future__ import annotations

import re
from decimal import Decimal

from babel.numbers import NumberFormatError, parse_decimal

# a year as decrees print them (1900-2099), shared by every pattern that looks for one
YEAR = r"(?:19|20)\d\d"
# locating the one number in the cell; Babel does the reading
_NUMBER = re.compile(r"\d[\d.,]*")
_UNIT_ALIASES = {"persen": "%", "prosen": "%", "percent": "%"}


def parse_number(text: str) -> float | None:
    """Read one printed number with the Indonesian separators; a dot followed by other than three digits
    ("3.5", "0.75") is read as a decimal point, as such cells are meant."""
    token = text.strip().rstrip(".,")
    for locale in ("id", "en"):
        try:
            value: Decimal = parse_decimal(token, locale=locale, strict=True)
        except NumberFormatError:
            continue
        return float(value)
    return None


def parse_target(text: str | None) -> tuple[float | None, str | None]:
    """A target cell -> (value, unit): "82,5 %" -> (82.5, "%"), "1.250 orang" -> (1250.0, "orang")."""
    if not text:
        return None, None
    numbers = _NUMBER.findall(text)
    if len(numbers) != 1:
        return None, None
    value = parse_number(numbers[0])
    if value is None:
        return None, None
    at = text.index(numbers[0])
    # a unit after the number ("82,5 %") or before it ("Rp 1.250.000"); comparators (">=", "≥") are not units
    rest = text[at + len(numbers[0]):].strip(" .,") or re.sub(r"[^\w%]+", " ", text[:at]).strip()
    return value, _UNIT_ALIASES.get(rest.lower(), rest) or None
