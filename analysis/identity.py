"""Identity checks: the signatory's NIP, and other regions' names left in a decree copied from a template."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import process
from rapidfuzz.fuzz import ratio

from iku.resources import gazetteer


@dataclass
class NIP:
    """NIP of a civil servant (PP 9/2003 layout): birth date YYYYMMDD, appointment (CPNS TMT) YYYYMM,
    sex digit (1 man, 2 woman), sequence of 3 digits."""

    digits: str
    birth_date: str | None = None  # ISO
    appointment: str | None = None  # YYYY-MM
    sex: str | None = None  # "L" / "P"
    sequence: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems


def _date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_nip(printed: str | None, on_date: str | None = None) -> NIP | None:
    """Parse and check a NIP; `on_date` (ISO, e.g. the decree date) bounds the appointment and the age."""
    if not printed:
        return None
    digits = re.sub(r"\D", "", printed)
    nip = NIP(digits)
    if len(digits) != 18:
        nip.problems.append(f"{len(digits)} digits instead of 18")
        return nip
    born = _date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    ay, am = int(digits[8:12]), int(digits[12:14])
    nip.sex = {"1": "L", "2": "P"}.get(digits[14])
    nip.sequence = digits[15:]
    ref = _date(*map(int, on_date.split("-")), 1) if on_date and len(on_date) == 7 else (
        date.fromisoformat(on_date) if on_date and len(on_date) == 10 else None)
    if born is None:
        nip.problems.append(f"birth date {digits[0:8]} is not a date")
    else:
        nip.birth_date = born.isoformat()
        if not 1940 <= born.year <= (ref.year if ref else date.today().year) - 18:
            nip.problems.append(f"birth year {born.year} is implausible")
    if not 1 <= am <= 12:
        nip.problems.append(f"appointment month {am:02d} does not exist")
    else:
        nip.appointment = f"{ay}-{am:02d}"
        if born and not 18 <= ay - born.year <= 46:  # CPNS entry age limits (18 to 35, up to 46 for some posts)
            nip.problems.append(f"appointed at age {ay - born.year}")
        if ref and (ay, am) > (ref.year, ref.month):
            nip.problems.append(f"appointment {ay}-{am:02d} is after the decree date {on_date}")
    if nip.sex is None:
        nip.problems.append(f"sex digit {digits[14]} is neither 1 nor 2")
    if nip.sequence == "000":
        nip.problems.append("sequence number 000")
    if born and ref and ref.year - born.year > 60:
        nip.problems.append(f"signatory would be {ref.year - born.year}, past the retirement age")
    return nip


# a region name is only read after a word that announces one: common words are never taken for a place
_MENTION = re.compile(
    r"\b(?P<marker>(?i:Kecamatan|Kec\.|Kec|Camat|Kabupaten|Kab\.|Kab|Kota|Bupati|Walikota|Wali\s+Kota))\s+"
    r"(?P<name>(?!{m}\b)[A-Z][A-Za-z'-]+(?:\s+(?!{m}\b)[A-Z][A-Za-z'-]+){{0,2}})".format(
        m=r"(?:Kecamatan|Kec|Camat|Kabupaten|Kab|Kota|Bupati|Walikota|Provinsi|KECAMATAN|KABUPATEN|KOTA|CAMAT)"))
_KAB_MARKERS = {"kabupaten", "kab", "kota", "bupati", "walikota", "wali kota"}


@dataclass(frozen=True)
class Mention:
    marker: str
    printed: str
    region: str  # gazetteer name, "Kecamatan X" / "Kabupaten X" / "Kota X"
    kind: str  # "kecamatan" | "kabupaten"


def _key(s: str) -> str:
    return gazetteer._key(s)


def find_regions(text: str) -> list[Mention]:
    """Gazetteer regions named in `text` after a marker word (exact names; kabupaten/kota also fuzzy >= 88)."""
    by_kab, by_kec = gazetteer._index()
    out = []
    for m in _MENTION.finditer(text or ""):
        marker = re.sub(r"\.$", "", m.group("marker")).lower()
        words = m.group("name").split()
        kab_marker = marker in _KAB_MARKERS
        for n in range(len(words), 0, -1):
            name = " ".join(words[:n])
            k = _key(name)
            if kab_marker:
                cands = by_kab.get(k)
                if not cands and len(k) >= 6 and n == 1:
                    best = process.extractOne(k, list(by_kab), scorer=ratio, score_cutoff=88)
                    cands = by_kab[best[0]] if best else None
                if cands:
                    r = cands[0]
                    out.append(Mention(m.group("marker"), name, f"{r.kabupaten_type} {r.kabupaten}", "kabupaten"))
                    break
            elif k in by_kec:
                out.append(Mention(m.group("marker"), name, f"Kecamatan {by_kec[k][0].kecamatan}", "kecamatan"))
                break
    return out


def foreign_regions(text: str, kecamatan: str | None, kabupaten: str | None) -> list[Mention]:
    """Regions named in `text` that are not the decree's own kecamatan or kabupaten: probable template leftovers.

    A name equal to the own kecamatan or kabupaten under either marker ("Kecamatan Sampang" in Kabupaten
    Sampang, "Kota Serang" beside Kabupaten Serang) is not counted.
    """
    own = {_key(x) for x in (kecamatan, kabupaten) if x}
    if not own:
        return []
    return [m for m in find_regions(text) if _key(m.region.split(" ", 1)[1]) not in own and _key(m.printed) not in own]
