"""Legal basis: each Mengingat item -> type, issuer, number, year, title; checked against a curated table
(analysis/data/repealed.csv, each row with its source) of regulations since repealed or replaced."""

from __future__ import annotations

import csv
import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

REPEALED_CSV = Path(__file__).parent / "data" / "repealed.csv"

# (type, pattern at the start of the item); the first that matches wins
_TYPES: list[tuple[str, re.Pattern]] = [(t, re.compile(p, re.I)) for t, p in [
    ("UUD", r"^undang[- ]+undang\s+dasar"),
    ("UU", r"^undang[- ]+undang\b"),
    ("Perppu", r"^peraturan\s+pemerintah\s+pengganti"),
    ("PP", r"^peraturan\s+pemerintah\b"),
    ("Perpres", r"^peraturan\s+presiden\b"),
    ("Keppres", r"^keputusan\s+presiden\b"),
    ("Inpres", r"^in(?:s)?truksi\s+presiden\b"),
    ("Permen", r"^peraturan\s+menteri\b"),
    ("Perda", r"^peraturan\s+daerah\b"),
    ("Pergub", r"^peraturan\s+gubernur\b"),
    ("Perbup", r"^peraturan\s+bupati\b"),
    ("Perwal", r"^peraturan\s+wali\s*kota\b"),
    ("Keputusan", r"^keputusan\b"),
    ("SE", r"^surat\s+edaran\b"),
]]
_MINISTRIES = [  # Permen issuer -> the usual short type
    ("Permendagri", r"dalam\s+negeri"),
    ("PermenPANRB", r"pendaya\w*\s+aparatur|aparatur\s+negara"),
    ("PMK", r"^keuangan\b"),
]
_ISSUER = re.compile(
    r"^(?:peraturan|keputusan|instruksi|intruksi|surat\s+edaran)\s+(?:daerah\s+)?(?P<issuer>.+?)\s+nomor\b", re.I)
_NUMBER = re.compile(r"\bnomor\s*:?\s*(?P<num>.+?)\s+tahun\s+(?P<year>(?:19|20)\d\d|[.…]+)", re.I)
_NUMBER_ONLY = re.compile(r"\bnomor\s*:?\s*(?P<num>[^\s,;]+)", re.I)
_TITLE = re.compile(r"\btentang\s+(?P<title>.+?)(?=\s*\(\s*lembaran|\s+sebagaimana\b|\s*;|\s*\.?$)", re.I)
_AMENDED = re.compile(r"sebagaimana\s+telah\s+(?:beberapa\s+kali\s+)?diubah", re.I)
_PLACEHOLDER = re.compile(r"^[.…\s]*$")


@dataclass
class LegalItem:
    type: str | None
    issuer: str | None
    number: str | None  # as printed
    number_key: int | None  # its first integer: "PER/09/M.PAN/5/2007" -> 9
    year: int | None
    title: str | None
    amended: bool  # the citation itself names a later amendment
    placeholder: bool  # "Nomor ... Tahun ...": a template never filled in
    repealed: bool = False
    replaced_by: str | None = None
    repeal_source: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


@lru_cache(maxsize=1)
def repealed_table() -> dict[tuple[str, int, int], dict]:
    with REPEALED_CSV.open(encoding="utf-8", newline="") as f:
        return {(r["type"], int(r["number"]), int(r["year"])): r for r in csv.DictReader(f)}


def parse_item(text: str) -> LegalItem:
    t = re.sub(r"\s+", " ", text).strip()
    t = re.sub(r"(?i)^undang\s*-\s*undang", "Undang-Undang", t)
    kind = next((k for k, p in _TYPES if p.match(t)), None)
    issuer = None
    m = _ISSUER.match(t)
    if m and kind not in ("UU", "PP", "Perpres", "Keppres", "Inpres", "UUD", "Perppu"):
        issuer = re.sub(r"^(?:menteri|negara)\s+", "", m.group("issuer"), flags=re.I)
        issuer = re.sub(r"^(?:negara\s+)", "", issuer, flags=re.I)
        if kind == "Permen":
            kind = next((k for k, p in _MINISTRIES if re.search(p, issuer, re.I)), "Permen")
    number = year = None
    placeholder = False
    m = _NUMBER.search(t)
    if m:
        number = m.group("num").strip()
        year = int(m.group("year")) if m.group("year")[0].isdigit() else None
        placeholder = bool(_PLACEHOLDER.match(number)) or year is None
    else:
        m = _NUMBER_ONLY.search(t)
        if m:
            number = m.group("num").strip()
            y = re.findall(r"(?:19|20)\d\d", number)
            year = int(y[-1]) if y else None
            placeholder = bool(_PLACEHOLDER.match(number))
    key = re.search(r"\d+", number or "")
    title = _TITLE.search(t)
    item = LegalItem(kind, issuer, number, int(key.group()) if key and not placeholder else None, year,
                     title.group("title").strip() if title else None, bool(_AMENDED.search(t)), placeholder)
    if item.type and item.number_key is not None and item.year:
        hit = repealed_table().get((item.type, item.number_key, item.year))
        if hit:
            item.repealed, item.replaced_by, item.repeal_source = True, hit["replaced_by"], hit["source"]
    return item
