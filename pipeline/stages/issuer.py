"""Who issued a document: the unit's name as printed, its kind, and the province or regency it names.

Part of the metadata stage. A decree's own header says it ("KEPUTUSAN KEPALA DINAS ... PROVINSI ..."),
IKU sheets and Perjanjian Kinerja say it on a label line ("Nama Organisasi : ...") or in the kop. Kinds
and labels are data (data/issuers.toml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from iku.core.layout import KnownWords
from iku.core.numbers import YEAR
from iku.resources import gazetteer
from iku.resources.vocab import load_data
from iku.stages.sections import despace

LABEL_SIMILARITY = 85  # rapidfuzz ratio between a printed unit label and the vocabulary's
_DECREE_OF = re.compile(r"^(SALINAN\s+)?(KEPUTUSAN|PERATURAN)\s+(KEPALA|CAMAT)\s+(?P<unit>.+)$", re.I)


@dataclass(frozen=True)
class Issuer:
    name: str
    kind: str
    provinsi: str | None = None
    kabupaten: str | None = None


@lru_cache(maxsize=1)
def _vocab() -> tuple[list[tuple[str, str]], tuple[str, ...]]:
    data = load_data("issuers")
    kinds = sorted(((w, k) for k, words in data["kinds"].items() for w in words), key=lambda x: -len(x[0]))
    return kinds, tuple(sorted(data["labels"]["unit"], key=len, reverse=True))


def kind_of(name: str) -> str | None:
    low = re.sub(r"\s+", " ", name.lower()).strip()
    return next((k for w, k in _vocab()[0] if re.match(rf"{re.escape(w)}\b", low)), None)


def _clean(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" :,.")
    name = re.sub(r"^[\d.\s-]+(?=[A-Za-z])", "", name)  # an account code before the name ("4.10.03. - Kec...")
    name = re.sub(r"\s+(?:halaman|hal\.|page)\b.*$", "", name, flags=re.I)  # "Halaman 1 dari 6" beside it
    name = re.sub(r"(?<=[A-Za-z])[\s\d.,]+$", "", name)  # a page or table number run into the line
    return before_decree_labels(name)


def before_decree_labels(text: str) -> str:
    """A heading's name before the decree's own labels OCR or a narrow page ran into its line
    ("SANGIR 'NOMOR : 188.4/39/...", "... TENTANG ...", "... TAHUN 2024")."""
    return re.split(rf"\s+\W*(?:NOMOR|TENTANG|TAHUN\s+{YEAR})\b", text, maxsplit=1, flags=re.I)[0].strip(" ,")


def kecamatan_named(texts: list[str], lexicon: KnownWords | None) -> list[str]:
    """Names after "Kecamatan" anywhere in title lines ("Rencana Strategis KECAMATAN BATUWARNO"), for the
    caller to check against the gazetteer."""
    out = []
    for t in texts:
        for m in re.finditer(r"\bKECAMATAN\s+([A-Za-z'-]+)(\s+[A-Za-z'-]+)?", despace(t, lexicon), re.I):
            out += [m.group(1) + m.group(2), m.group(1)] if m.group(2) else [m.group(1)]  # two-word names first
    return out


# a word no place name has: one with a digit ("2.2", "4.10.03."), or an all-caps acronym with a hyphen ("DPA-SKPD")
_NOT_PLACE_WORD = re.compile(r"\d|^[A-Z]+(?:-[A-Z]+)+$")


def region_name(name: str) -> str:
    """A kabupaten/kota name as printed, without what follows it on the same line ("WONOGIRI DPA-SKPD 2.2"
    -> "WONOGIRI"): the longest run of its first words the gazetteer knows, else the words up to the first
    that is no place name."""
    words = name.split()
    if gazetteer.resolve(None, name) is None:
        known = next((n for n in range(len(words) - 1, 0, -1)
                      if gazetteer.resolve(None, " ".join(words[:n])) is not None), None)
        if known:
            return " ".join(words[:known])
    for i, w in enumerate(words):
        if i and _NOT_PLACE_WORD.search(w):
            return " ".join(words[:i])
    return name


def _region(name: str) -> tuple[str | None, str | None]:
    prov = re.search(r"\bPROVINSI\s+([A-Za-z][A-Za-z .'-]+)$", name, re.I)
    # "Kecamatan Kota Sigli": a kecamatan's name may start with "Kota"; that is no city
    kab = re.search(r"(?<!kecamatan )\b(?:KABUPATEN|KOTA)\s+([A-Za-z][A-Za-z.'-]+(?:\s+[A-Za-z][A-Za-z.'-]+)?)", name,
                    re.I)
    return (prov.group(1).strip().title() if prov else None), (region_name(kab.group(1)).title() if kab else None)


def _make(name: str, kind: str | None = None) -> Issuer | None:
    name = _clean(name)
    kind = kind or kind_of(name)
    if not kind or len(name) > 140 or len(name.split()) < 2:
        return None
    prov, kab = _region(name)
    return Issuer(name=name, kind=kind, provinsi=prov, kabupaten=kab)


def from_decree_header(header: str) -> Issuer | None:
    """'KEPUTUSAN KEPALA DINAS KOMUNIKASI DAN INFORMATIKA PROVINSI JAWA BARAT' -> that Dinas;
    'KEPUTUSAN CAMAT CIRUAS' -> Kecamatan Ciruas."""
    m = _DECREE_OF.match(header.strip())
    if not m:
        return None
    unit = m.group("unit")
    if m.group(3).upper() == "CAMAT":
        return _make(f"Kecamatan {unit}", "kecamatan")
    return _make(unit)


def from_lines(texts: list[str], lexicon: KnownWords | None) -> Issuer | None:
    """The first label line naming the unit, else the first line that is a unit's name."""
    labels = _vocab()[1]
    texts = [despace(t, lexicon) for t in texts]
    for t in texts:
        if ":" not in t:
            continue
        label, value = t.split(":", 1)
        label = re.sub(r"\s+", " ", label.lower()).strip()
        # a label as printed, typos included ("ORANISASI"): close to one in the vocabulary
        if label and max(fuzz.ratio(label, lab) for lab in labels) >= LABEL_SIMILARITY:
            found = _make(value)
            if found:
                return found
    for i, t in enumerate(texts):
        s = t.strip()
        # a kop line in capitals, or a title-case name long enough not to be a table cell ("Kantor Ngadirojo")
        if s.isupper() or (s.istitle() and len(s.split()) >= 3):
            found = _kop_name(_wrapped(s, texts[i + 1:]))
            if found:
                return found
    for t in texts:  # a running header: the unit's name in capitals, then other words ("... Lamp -2")
        m = re.match(r"^(?:[A-Z][A-Z.'&-]*\s+)+[A-Z][A-Z.'&-]*(?=\s+\S*[a-z])", t.strip())
        found = _kop_name(m.group(0)) if m else None
        if found:
            return found
    return None


def _wrapped(line: str, after: list[str]) -> str:
    """A name in capitals with the lines that go on with it: each opening with a connector (data/issuers.toml
    [wrap]: "BADAN KOORDINASI PEMERINTAHAN" / "DAN PEMBANGUNAN WILAYAH II")."""
    connectors = set(load_data("issuers")["wrap"]["connectors"])
    if not line.isupper():
        return line
    for t in after:
        t = t.strip()
        if not (t.isupper() and t.split()[0].lower() in connectors):
            break
        line = f"{line} {t}"
    return line


def _kop_name(s: str) -> Issuer | None:
    found = _make(re.sub(r"^PEMERINTAH\s+(?=\S+\s)(?!PROVINSI|KABUPATEN|KOTA)", "", s, flags=re.I))
    return found if found and found.kind != "pemerintah" else None


def from_title(title: str | None) -> Issuer | None:
    """The unit an office holder heads: 'KEPALA BADAN PERENCANAAN PEMBANGUNAN DAERAH' -> that Badan,
    'CAMAT GIRIMARTO' -> Kecamatan Girimarto (data/issuers.toml [holders])."""
    if not title:
        return None
    low = re.sub(r"\s+", " ", title.lower()).strip(" ,")
    holders = load_data("issuers")["holders"]
    for kind, words in (("kecamatan", holders["kecamatan"]), (None, holders["unit"])):
        for w in words:
            if re.match(rf"{re.escape(w)}\s", low):
                rest = re.sub(r"\s+", " ", title).strip(" ,")[len(w):].strip()
                return _make(f"Kecamatan {rest}", "kecamatan") if kind else _make(rest)
    return None


@dataclass(frozen=True)
class Party:
    name: str
    title: str


def parties(texts: list[str]) -> list[Party]:
    """The parties a Perjanjian Kinerja names on label lines ("Nama : X" then "Jabatan : Y"), in order."""
    data = load_data("issuers")["parties"]
    out: list[Party] = []
    name: str | None = None
    for t in texts:
        label, sep, value = t.partition(":")
        if not sep or not value.strip():
            continue
        key = re.sub(r"\s+", " ", label.lower()).strip()
        if key in data["name"]:
            name = value.strip(" ,")
        elif key in data["title"] and name:
            out.append(Party(name=name, title=re.sub(r"\s+", " ", value).strip(" ,")))
            name = None
    return out


def superior_region(title: str | None) -> tuple[str, str] | None:
    """('provinsi' | 'kabupaten' | 'kota', name) from a superior's title ('GUBERNUR JAWA BARAT')."""
    low = re.sub(r"\s+", " ", (title or "").lower()).strip(" ,")
    for level, words in load_data("issuers")["superiors"].items():
        for w in words:
            if re.match(rf"{re.escape(w)}\s+[a-z]", low):
                return level, low[len(w):].strip().title()
    return None
