"""Stage 6b, metadata: decree-level fields normalised (ISO dates, 18-digit NIP, regions, period).

The decree block chosen is the one whose Lampiran holds the indicator tables: the last
"KEPUTUSAN CAMAT" before the first table, else the first one in the document.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from iku.core.errors import W_NIP_MALFORMED, W_REGION_MENDED, W_REGION_UNKNOWN
from iku.core.layout import KnownWords, Line
from iku.core.numbers import YEAR
from iku.core.stage import StageLog
from iku.resources import gazetteer
from iku.resources.vocab import (
    MONTHS,
    degree_keys,
    doc_types,
    known_name_letters,
    month_number,
    period_vocabulary,
    signature_vocabulary,
    unmisread_degree,
)
from iku.schemas import Decree, LegalReference, Provenance, Signatory
from iku.schemas.models import split_date
from iku.stages import issuer
from iku.stages.sections import DecreeBlock, DocumentText, Signature, despace, find_signature
from iku.stages.signature import find_nip


def parse_date(text: str | None) -> str | None:
    """Indonesian dates to ISO: "28 Januari 2022" -> 2022-01-28; "Januari 2022" -> 2022-01. A letter-spaced date
    is read too (no lexicon: a month's name is too short to be parted into words)."""
    if not text:
        return None
    t = despace(text, None).lower()
    m = re.search(rf"(?:(\d{{1,2}})[.,]?\s+)?([a-z]+)\s+({YEAR})", t)  # "3. Januari": a speck after the day
    if m and (month := month_number(m.group(2))):
        base = f"{m.group(3)}-{month:02d}"
        day = int(m.group(1)) if m.group(1) else None
        return f"{base}-{day:02d}" if day and 1 <= day <= 31 else base
    m = re.search(rf"(\d{{1,2}})\s*[-/.]\s*(\d{{1,2}})\s*[-/.]\s*({YEAR})", t)
    if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(1)) <= 31:
        return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    return None


_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_SIGNED_AT = re.compile(rf"(?P<place>\b[A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]+){{0,2}}),\s*"
                        rf"(?P<date>(?:\d{{1,2}}\s+)?(?:{_MONTH_NAMES})\s+{YEAR})\b", re.I)


# a place and only the year, the day and month left blank for the pen ("Bandung,          2016"), or no date
# at all ("Wonogiri,"): then the place must be a region's name
_SIGNED_IN_YEAR = re.compile(r"^\s*(?P<place>[A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]+){0,2}),"
                             rf"\s*(?P<year>{YEAR})?\s*$")


def _signing_line(doc: DocumentText) -> tuple[str, str, Line] | None:
    """The last "Place, date" line of a document ("Bandung, Maret 2016", "WONOGIRI, 25 Maret 2018")."""
    for ln in reversed(doc.lines):
        m = _SIGNED_AT.search(despace(ln.text, doc.lexicon))
        if m and parse_date(m.group("date")):
            return _title_case(m.group("place"), doc.lexicon) or m.group("place"), m.group("date"), ln
    return None


def _signing_place(doc: DocumentText) -> tuple[str, Line, str | None] | None:
    """The place of the last "Place, yyyy" line, its day and month left blank to be written in by hand,
    the line and the year."""
    for ln in reversed(doc.lines):
        m = _SIGNED_IN_YEAR.match(despace(ln.text, doc.lexicon))
        if m and (m.group("year") or m.group("place").lower() in gazetteer.region_words()):
            return _title_case(m.group("place"), doc.lexicon) or m.group("place"), ln, m.group("year")
    return None




def _title_period(doc: DocumentText) -> tuple[int, int] | None:
    """The period a document without a decree states on its first pages' title or label lines: a year range
    ("Rencana Strategis ... 2016-2020") or a year ("TAHUN ANGGARAN 2019")."""
    period = period_vocabulary()
    for ln in doc.lines:
        if ln.page > 2:
            break
        t = despace(ln.text, doc.lexicon)
        if period.cited.search(t):  # a regulation cited with its number ("Nomor 5 Tahun 2014")
            continue
        if m := period.year_range.search(t):
            return int(m.group(1)), int(m.group(2))
        if m := period.title_year.search(t):
            return int(m.group(1)), int(m.group(1))
    return None


def normalise_nip(text: str | None) -> str | None:
    """The NIP's 18 digits; of more (a speck after it read as a digit: '... 1 013 5'), the 18 laid out as a NIP."""
    digits = re.sub(r"\D", "", text or "")
    if len(digits) > 18:
        return find_nip(digits)
    return digits if len(digits) == 18 else None


def _title_case(name: str | None, lexicon: KnownWords | None) -> str | None:
    if not name:
        return None
    name = re.sub(r"\s+", " ", despace(name, lexicon)).strip(" ,.:")
    return name.title() if name.isupper() else name


def _prov(line: Line | None) -> Provenance | None:
    return Provenance(page=line.page, bbox=line.bbox, confidence=line.conf) if line else None


_TITLES = signature_vocabulary().name_titles


def fix_degrees(name: str | None) -> str | None:
    """The degrees after an OCR-read name written as the vocabulary writes them ("WIJAYA. SSTP. M.AP" ->
    "WIJAYA, S.STP, M.AP"): read from the end, every word whose letters are a degree's; the name stops at the
    first that is not."""
    if not name:
        return name
    known = degree_keys()  # the first spelling of a key is the one written back
    spelt = {d.lower().rstrip("."): d.rstrip(".") for d in signature_vocabulary().degrees}
    words = [part for w in name.split() for part in _unglued(w, known)]
    tail: list[str] = []
    rewritten = len(words) > len(name.split())  # a degree glued to the name was taken apart
    while len(words) > 1:
        printed = words[-1].strip(",;")
        word = unmisread_degree(printed)
        key = re.sub(r"[^a-z]", "", word.lower())
        if key not in known or (len(key) < 3 and "." not in word):
            break
        # a degree read with its dots stays as printed ("M.M." and "MM" are both written), its case mended
        base = word.rstrip(".")
        fixed = spelt[base.lower()] + word[len(base):] if base.lower() in spelt else known[key]
        tail.insert(0, fixed)
        rewritten = rewritten or fixed != printed
        words.pop()
    head = " ".join(words)
    # the mark between the name and its first degree read as "." or ";" ("WIJAYA. M.Si"): a comma; an initial's
    # own dot ("AGUS S. M.Si") stays
    misread_mark = bool(tail) and re.search(r"[^\W\d_]{2}[.;:]$", head) is not None
    if not (rewritten or misread_mark):
        return name
    return ", ".join([head.rstrip(" ,.;:-—"), *tail])


def _unglued(word: str, known: dict[str, str]) -> list[str]:
    """A name's last word and its first degree that OCR read as one word, the comma between them a hyphen or a
    comma without its space ("WULANDARI-SSTP," is "WULANDARI," "SSTP,"); any other word whole."""
    m = re.fullmatch(r"([^\W\d_]{2,})[.,;]?[\-–,;](.+)", word)
    if m and re.sub(r"[^a-z]", "", unmisread_degree(m.group(2).strip(",;")).lower()) in known:
        return [m.group(1) + ",", m.group(2)]
    return [word]


def fix_title(name: str | None) -> str | None:
    """An academic or religious title in front of an OCR-read name that a stamp clipped ("rs." -> "Drs.")."""
    if not name:
        return name
    first, _, rest = name.partition(" ")
    # a title has its dot; a short token in small letters before a name in capitals lost it ('Hy HENDRA')
    misread = len(first) <= 3 and not first.isupper() and rest.split()[0].isupper() if rest else False
    marked = first[-1:] in (":", ";", ",", "!", "/")  # its dot read as another mark ("Drs: DEWI", "H! HENDRA")
    if not rest or not (first.endswith(".") or misread or marked) or len(first) > 5 or first in _TITLES:
        return name
    titles = {t.lower(): t for t in _TITLES}
    # the title's dot lost ("Drs RINA") or read as another mark, or one of its letters read twice ("HH. AGUS"):
    # that title, before any other one edit away
    for variant in (first + ".", first[:-1] + ".", re.sub(r"([^\W\d_])\1+", r"\1", first)):
        if variant.lower() in titles:
            return f"{titles[variant.lower()]} {rest}"
    close = [t for t in _TITLES if Levenshtein.distance(first.lower(), t.lower()) == 1]
    return f"{close[0]} {rest}" if len(close) == 1 else name


def main_decrees(doc: DocumentText) -> list[DecreeBlock]:
    """The Keputusan Camat blocks when there are any; a Perbup or a Keputusan Kepala quoted in a lampiran
    must not lend the document its period or number."""
    camat = [d for d in doc.decrees if re.match(r"^(SALINAN\s+)?KEPUTUSAN\s+CAMAT\b", d.header.strip(), re.I)]
    return camat or doc.decrees


def choose_decree(doc: DocumentText, first_table: tuple[int, float] | None) -> DecreeBlock | None:
    if not doc.decrees:
        return None
    decrees = [d for d in main_decrees(doc) if not d.reference] or main_decrees(doc)
    if first_table:
        before = [d for d in decrees if (doc.lines[d.start].page, doc.lines[d.start].top) < first_table]
        # prefer the nearest decree before the tables that actually has a signature
        for d in reversed(before):
            if d.signature.nip or d.place:
                return d
        if before:
            return before[-1]
    return decrees[0]


def _header_parts(block: DecreeBlock, lexicon: KnownWords | None) -> tuple[str | None, tuple[str, str] | None]:
    """'KEPUTUSAN CAMAT CIRUAS KABUPATEN SERANG' -> ("Ciruas", ("Kabupaten", "Serang"))."""
    header = despace(block.header, lexicon)
    if not re.match(r"^(SALINAN\s+)?KEPUTUSAN\s+CAMAT\b", header, re.I):
        return None, None  # another issuer's decree: its title is no kecamatan
    rest = issuer.before_decree_labels(re.sub(r"^(SALINAN\s+)?KEPUTUSAN\s+CAMAT\s*", "", header, flags=re.I))
    m = re.match(r"^(?P<kec>.*?)\s*(?:\b(?P<kind>KABUPATEN|KOTA)\s+(?P<kab>[A-Za-z' -]+?))?\s*,?\s*$", rest, re.I)
    if not m:
        return None, None
    kec = m.group("kec").strip(" ,") or None
    kab = (m.group("kind").title(), m.group("kab").strip()) if m.group("kab") else None
    if kec is None and kab and kab[0] == "Kota" and _is_kecamatan_named_kota(rest.strip(" ,")):
        return rest.strip(" ,"), None  # "CAMAT KOTA SIGLI": the kecamatan Kota Sigli (of Pidie), no city
    return kec, kab


def _is_kecamatan_named_kota(name: str) -> bool:
    """A kecamatan's name that starts with "Kota" ("Kota Sigli", "Kota Juang"), which no city of that name takes
    from it: the gazetteer knows the kecamatan alone and no kota by the rest of the name."""
    region = gazetteer.resolve(name, None)
    rest = re.sub(r"^kota\s+", "", name, flags=re.I)
    return region is not None and region.kecamatan is not None and gazetteer.resolve(None, rest, kota=True) is None


def _document_type(doc: DocumentText, block: DecreeBlock | None, levels: set[str]) -> str | None:
    texts = [d.tentang for d in main_decrees(doc)] + doc.headings
    found = set(levels)
    for t in texts:
        up = t.upper()
        if "KINERJA UTAMA" in up or "(IKU)" in up:
            found.add("IKU")
        if "KINERJA INDIVIDU" in up or "(IKI)" in up:
            found.add("IKI")
    if not found:
        return None
    return "+".join(k for k in ("IKU", "IKI") if k in found)


def _named_levels(doc: DocumentText) -> set[str]:
    text = " ".join([d.tentang for d in main_decrees(doc)] + doc.headings).upper()
    return {k for k, words in (("IKU", ("KINERJA UTAMA", "(IKU)")), ("IKI", ("KINERJA INDIVIDU", "(IKI)")))
            if any(w in text for w in words)}


def plan_type(doc: DocumentText) -> str | None:
    """The planning document a title line names on the first pages (data/doc_types.toml)."""
    for ln in doc.lines:
        if ln.page > 2:
            break
        t = re.sub(r"\s+", " ", despace(ln.text, doc.lexicon)).upper()
        if len(t) > 160:
            continue
        for kind, phrases in doc_types().items():
            if any(re.search(rf"\b{re.escape(ph.upper())}\b", t) for ph in phrases):
                return kind
    return None


def _period(block: DecreeBlock | None, doc: DocumentText, date: str | None) -> tuple[int | None, int | None]:
    sources = ([block.tentang] if block else []) + [d.tentang for d in main_decrees(doc)] + doc.headings
    period = period_vocabulary()
    for s in sources:
        m = period.year_range.search(s)
        if m:
            return int(m.group(1)), int(m.group(2))
        m = period.year.search(s)
        if m:
            return int(m.group(1)), int(m.group(1))
    if not block and (stated := _title_period(doc)):
        return stated
    if date:
        y = int(date[:4])
        return y, y
    return None, None


def _find_issuer(doc: DocumentText, block: DecreeBlock | None, kab: tuple[str, str] | None) -> issuer.Issuer | None:
    head = [ln.text for ln in doc.lines[:40]]
    found = ((issuer.from_decree_header(despace(block.header, doc.lexicon)) if block else None)
             or issuer.from_lines(head, doc.lexicon))
    if found is None:  # a kecamatan named inside a title line, if the gazetteer knows it
        for name in issuer.kecamatan_named(head, doc.lexicon):
            region = gazetteer.resolve(name, kab[1] if kab else None)
            if region and region.kecamatan:  # the kecamatan itself, not just its kabupaten, is known
                return issuer.Issuer(name=f"Kecamatan {_title_case(name, doc.lexicon)}", kind="kecamatan")
    if found is None:  # no kop or label names it: the unit its signatory heads (a PK's first party first)
        titles = [p.title for p in _parties(doc)[:1]]
        titles += [block.signature.title] if block else [s.title for s in reversed(doc.signatures)]
        found = next((f for t in titles if (f := issuer.from_title(t))), None)
    if found and not found.provinsi and not found.kabupaten:
        # "GUBERNUR JAWA BARAT" as the PK's second party: the unit is that province's
        sup = next((r for p in _parties(doc)[1:2] if (r := issuer.superior_region(p.title))), None)
        if sup and sup[0] == "provinsi":
            found = replace(found, provinsi=sup[1])
    if found and not block and not found.provinsi and not found.kabupaten:
        # no decree, the unit named without its region ("DINAS PERHUBUNGAN"), its head's title naming it
        # ("KEPALA DINAS PERHUBUNGAN PROVINSI JAWA BARAT", a party's "Jabatan :")
        titles = [s.title for s in reversed(doc.signatures)] + [p.title for p in _parties(doc)]
        titled = (issuer.from_title(t) for t in titles)
        if region := next((t for t in titled if t and (t.provinsi or t.kabupaten)), None):
            found = replace(found, provinsi=region.provinsi, kabupaten=region.kabupaten)
    return found


def _parties(doc: DocumentText) -> list[issuer.Party]:
    return issuer.parties([ln.text for ln in doc.lines if ln.page <= 2])


def _region_names(doc: DocumentText, block: DecreeBlock | None
                  ) -> tuple[str | None, tuple[str, str] | None, issuer.Issuer | None]:
    """Kecamatan and (kind, kabupaten) as printed, from the decree's header, the kop, the issuer or the
    signatory's title, in that order; and the issuer found."""
    kec, kab = _header_parts(block, doc.lexicon) if block else (None, None)
    if kab is None and block is not None:
        m = re.search(r"\b(KABUPATEN|KOTA)\s+([A-Z][A-Za-z' -]+?)\s*$", despace(block.header, doc.lexicon), re.I)
        named = m and kec and re.sub(r"\W", "", kec.lower()) == re.sub(r"\W", "", (m.group(1) + m.group(2)).lower())
        kab = (m.group(1).title(), m.group(2)) if m and not named else None  # not the kecamatan "Kota Sigli"
    kab = kab or doc.kop_kabupaten
    kec = kec or doc.kop_kecamatan
    found = _find_issuer(doc, block, kab)
    if found:
        if found.kind == "kecamatan" and not kec:
            kec = re.sub(r"^kecamatan\s+", "", found.name, flags=re.I)
            kec = re.split(r"\s+(?:KABUPATEN|KOTA)\b", kec, flags=re.I)[0]
        if found.kabupaten and not kab:
            kab = ("Kota" if re.search(r"\bKOTA\s", found.name, re.I) else "Kabupaten", found.kabupaten)
    title = block.signature.title if block else None
    if not kec and title:
        m = re.match(r"^CAMAT\s+(.+)$", title, re.I)
        kec = m.group(1) if m else None
    return kec, kab, found


def _set_region(md: Decree, kec: str | None, kab: tuple[str, str] | None, found: issuer.Issuer | None,
                log: StageLog, lexicon: KnownWords | None, read_by_ocr: bool = False) -> None:
    if found:
        md.issuer_name, md.issuer_kind = found.name, found.kind
    md.kecamatan = _title_case(kec, lexicon)
    md.kabupaten = _title_case(issuer.region_name(kab[1]), lexicon) if kab else None
    kota = (kab[0] == "Kota") if kab else None
    region = gazetteer.resolve(md.kecamatan, md.kabupaten, kota=kota)
    if (region is None or region.kecamatan is None) and read_by_ocr and md.kecamatan and md.kabupaten:
        # a letter or two OCR misread in a kecamatan its kabupaten has: spelt as the gazetteer spells it (a
        # text layer's spelling is the document's own and stays)
        near = gazetteer.nearest_kecamatan(md.kecamatan, md.kabupaten, kota)
        if near:
            log.warn(W_REGION_MENDED, f"kecamatan {md.kecamatan!r} read as the gazetteer's {near!r}")
            md.kecamatan = _title_case(near, lexicon)
            region = gazetteer.resolve(md.kecamatan, md.kabupaten, kota=kota)
    if region:
        md.provinsi, md.region_code = region.provinsi, region.code
        md.kabupaten = md.kabupaten or region.kabupaten
    elif found and found.provinsi:
        md.provinsi = found.provinsi  # a provincial office: no kabupaten to look up
    elif md.kecamatan or md.kabupaten:
        log.warn(W_REGION_UNKNOWN, f"region not found in the gazetteer: kecamatan={md.kecamatan!r} "
                 f"kabupaten={md.kabupaten!r}")


def _set_decree_parts(md: Decree, doc: DocumentText, block: DecreeBlock) -> None:
    md.title = block.tentang or None
    md.decree_number = block.number
    md.decree_date_text = block.date_text
    md.place = _title_case(block.place, doc.lexicon)
    # a booklet may hold several decrees (IKU and IKI): its legal basis is every Mengingat item it cites
    seen: set[str] = set()
    md.legal_basis = []
    for d in main_decrees(doc):
        for mk, tx, ln in d.mengingat:
            key = re.sub(r"\W+", "", tx.lower())
            if key not in seen:
                seen.add(key)
                md.legal_basis.append(LegalReference(marker=mk or None, text=tx, provenance=_prov(ln)))
    md.diktum = block.diktum
    # like the legal basis: every decree of a booklet (a template leftover may sit in any of them)
    md.menimbang = list(dict.fromkeys(x for d in main_decrees(doc) for x in d.menimbang))
    for key, ln in block.lines.items():
        md.metadata_provenance[key] = _prov(ln)


def place_as_printed(place: str | None, regions: list[str | None]) -> str | None:
    """The place a decree was signed at, spelt as the document prints a region's name (its kecamatan or
    kabupaten, from the heading or the kop) when OCR read that name with a letter or two wrong, lost or added
    under a stamp ("Galuri" for Galur, "Pematang Karan" for Pematang Karau); a place no region's name is
    near stays as read."""
    if not place:
        return place
    names = [n for n in regions if n]
    if any(place.lower() == n.lower() for n in names):  # "Bawang" in kabupaten Batang: read right, kept
        return place
    near = [(Levenshtein.distance(place.lower(), n.lower()), n) for n in names]
    near = [(d, n) for d, n in near if d <= max(1, len(n) // 7)]
    return min(near)[1] if near else place


def _completed_by_twin(sig: Signature, others: list[Signature]) -> Signature:
    """The decree's signature with what a stamp or the ink hid there (name, rank, title) taken from another
    signature block of the same document with the same NIP (the Lampiran's last page signs again)."""
    if not normalise_nip(sig.nip) or (sig.name and sig.rank and sig.title):
        return sig
    twins = [o for o in others if o is not sig and _same_nip(o.nip, sig.nip) and o.name]
    twin = max(twins, key=lambda o: o.line.conf if o.line is not None else 0.0, default=None)
    if twin is None:
        return sig
    return replace(sig, name=sig.name or twin.name, rank=sig.rank or twin.rank, title=sig.title or twin.title,
                   name_line=sig.name_line if sig.name else twin.name_line,
                   rank_line=sig.rank_line if sig.rank else twin.rank_line)


TWIN_NIP = 2  # digits: two NIPs read this near each other are one person's (a digit misread under a stamp)


def _same_nip(a: str | None, b: str | None, within: int = 0) -> bool:
    """Two NIPs of 18 digits each, at most `within` digits apart."""
    x, y = normalise_nip(a), normalise_nip(b)
    return bool(x and y) and Levenshtein.distance(x, y) <= within


def _twins(sig: Signature, others: list[Signature]) -> list[Signature]:
    """The other signature blocks of the document closed by the same NIP: the same person signing again (the
    Lampiran's last page, each decree of a booklet)."""
    return [o for o in others if o is not sig and (o.at is None or o.at != sig.at)  # not the block itself
            and _same_nip(o.nip, sig.nip, TWIN_NIP)]


def _key(text: str) -> str:
    return re.sub(r"[\W_]", "", text.upper())


DISAGREED = 0.5  # the most a field's confidence is when the blocks that printed it read it differently


def _voted_field(readings: list[tuple[str | None, Line | None]], plausible: Callable[[str], bool] = bool,
                 known: Callable[[str], int] = lambda _: 0) -> tuple[str | None, Line | None]:
    """Of one field read in several blocks (the first the decree's own), the reading whose like readings
    (spacing and punctuation aside) weigh most, each by its line's confidence: the decree's own when it is one
    of them, else the surest. Readings that are not `plausible` for the field take no part; of the others, those
    with the most letters `known` (a name's words that are known names) come first. When the readings
    differ, the one taken is doubtful (at least one of them is wrong): its confidence is its share of the
    weight, and at most DISAGREED."""
    votes = [(t, ln) for t, ln in readings if t and ln is not None and plausible(t)]
    weight: dict[str, float] = {}
    for text, line in votes:
        weight[_key(text)] = weight.get(_key(text), 0.0) + line.conf
    if not weight:
        return readings[0]
    letters = {_key(t): known(t) for t, _ in votes}
    best = max(weight, key=lambda k: (letters[k], weight[k]))
    own = readings[0]
    text, line = own if own in votes and _key(own[0] or "") == best else max(
        (v for v in votes if _key(v[0]) == best), key=lambda v: v[1].conf)
    if len(weight) > 1:
        share = weight[best] / sum(weight.values())
        line = Line([replace(w, conf=min(w.conf * share, DISAGREED)) for w in line.words])
    return text, line


_RANK_WORDS = {w.lower() for r in signature_vocabulary().ranks for w in r.split() if len(w) > 2}


def _name_like(text: str) -> bool:
    """A reading that can be a name: letters, hardly a digit, no word of a rank (the rank's line read as the name's
    under a signature that hid the name)."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    # a digit or two of a stamp's debris beside the name ("A3") does not make it a NIP's or a date's line
    digits = sum(c.isdigit() for c in text)
    return (sum(map(len, words)) >= 3 and not re.search(r"\d{3}", text) and digits <= 0.1 * sum(map(len, words))
            and not _RANK_WORDS & set(words))


def _voted_by_twins(sig: Signature, others: list[Signature]) -> Signature:
    """A scanned block's name and rank voted with its twins' (`_twins`): a pen stroke or a stamp falls
    differently on each signing, so one block's reading is often right where another's is not. A block read
    from a text layer is taken as printed."""
    twins = _twins(sig, others)
    if not twins or (sig.name_line or sig.line) is None or (sig.name_line or sig.line).conf >= 1.0:
        return sig
    blocks = [sig, *twins]
    name, name_line = _voted_field([(b.name, b.name_line or b.line) for b in blocks], _name_like, known_name_letters)
    rank, rank_line = _voted_field([(b.rank, b.rank_line or b.line) for b in blocks])
    return replace(sig, name=name, name_line=name_line, rank=rank, rank_line=rank_line)


_TITLE = re.compile(r"^(?:a\.?\s?n\.?\s+)?(?:CAMAT|KEPALA|SEKRETARIS|PLT|PLH|PJ)\b", re.I)
_NOT_A_NAME = re.compile(r":|\b(?:NIP|Pangkat|Tembusan|Lampiran|Salinan|Keputusan|ttd)\b|\d{3}", re.I)


def _name_only_signature(doc: DocumentText, block: DecreeBlock) -> Signature | None:
    """A signature block printed without NIP or rank (the signatory's title, then the name): the first
    name-like line under the title that follows the decree's date line, on the same page."""
    date = block.lines.get("date") or block.lines.get("place")
    at = next((i for i, ln in enumerate(doc.lines) if ln is date), None)
    if at is None:
        return None
    below = [ln for ln in doc.lines[at + 1:at + 10] if ln.page == date.page]
    t = next((k for k, ln in enumerate(below) if _TITLE.match(ln.text.strip())), None)
    if t is None:
        return None
    for ln in below[t + 1:t + 5]:
        text = ln.text.strip(" ,")
        letters = [c for c in text if c.isalpha()]
        if (letters and 1 <= len(text.split()) <= 6 and not _NOT_A_NAME.search(text)
                and sum(c.isupper() for c in letters) >= 0.6 * len(letters)):
            return Signature(name=text, title=below[t].text.strip(" ,"), line=ln, name_line=ln)
    return None


def _set_signatory(md: Decree, doc: DocumentText, block: DecreeBlock | None, log: StageLog) -> None:
    sig = block.signature if block else Signature()
    if not sig.nip and not block:
        sig = next((s for s in reversed(doc.signatures) if s.nip), sig)  # no decree: last signature
    if block and not sig.name and not sig.nip:
        sig = _name_only_signature(doc, block) or sig
    if not block:
        sig = _first_party_reading(doc, sig) or sig
    sig = _voted_by_twins(_completed_by_twin(sig, doc.signatures), doc.signatures)
    name = fix_degrees(fix_title(sig.name)) if sig.line is not None and sig.line.conf < 1.0 else sig.name
    md.signatory = Signatory(name=name, rank=sig.rank, nip=normalise_nip(sig.nip), nip_printed=sig.nip,
                             title=_title_as_headed(sig.title, block), provenance=_prov(sig.line))
    # each field where it was read, with its own line's confidence: a name badly read under a pen stroke
    # is not vouched for by the NIP line under it
    for key, value, line in (("signatory_name", sig.name, sig.name_line), ("signatory_rank", sig.rank, sig.rank_line),
                             ("signatory_nip", sig.nip, sig.line)):
        if value and line is not None:
            md.metadata_provenance[key] = _prov(line)
    md.co_signatory = _co_signatory(sig)
    _add_parties(md, _parties(doc))
    if sig.nip and not md.signatory.nip:
        log.warn(W_NIP_MALFORMED, f"signatory NIP {sig.nip!r} does not have 18 digits")


def _co_signatory(sig: Signature) -> Signatory | None:
    """The other party of a block signed side by side (a Perjanjian Kinerja): its column's name, rank and NIP
    when it has a NIP of its own, else the name printed beside the signatory's."""
    co = sig.co
    if co is not None and co.nip and co.name:
        name = fix_degrees(fix_title(co.name)) if co.line is not None and co.line.conf < 1.0 else co.name
        return Signatory(name=name, rank=co.rank, nip=normalise_nip(co.nip), nip_printed=co.nip, title=co.title,
                         provenance=_prov(co.line))
    return Signatory(name=sig.co_name) if sig.co_name else None


def _first_party_reading(doc: DocumentText, sig: Signature) -> Signature | None:
    """A PK signed by both parties, each above a NIP, its block read in the second party's column (the
    superior's): read again in the column whose name is the first party's, the one the agreement binds."""
    found = _parties(doc)
    if len(found) < 2 or sig.at is None or sig.columns < 2 or not _likely_same(sig.name, found[1].name):
        return None
    for k in range(sig.columns):
        other = find_signature(doc.lines, max(0, sig.at - 5), window=6, column=k)
        if k != sig.column and _likely_same(other.name, found[0].name):
            return other
    return None


def _likely_same(a: str | None, b: str) -> bool:
    """One name printed on a party line and under a signature, degrees or a title added or lost, a letter
    misread: one's letters found in the other's."""
    x, y = re.sub(r"[^a-z ]", "", (a or "").lower()), re.sub(r"[^a-z ]", "", b.lower())
    return len(x.strip()) >= 6 and len(y.strip()) >= 6 and fuzz.partial_ratio(x, y) >= 90


def _title_as_headed(title: str | None, block: DecreeBlock | None) -> str | None:
    """The signing office as the decree's heading spells it ('KEPUTUSAN CAMAT PETASIA') when the block's OCR-read
    title is that office with a letter or two misread ('CAMAT PETASIAN': a stamp's edge read as a letter)."""
    m = re.match(r"^(?:SALINAN\s+)?KEPUTUSAN\s+(?P<office>.+)$", (block.header if block else "").strip(), re.I)
    if not title or not m:
        return title
    office = " ".join(m.group("office").split())
    near = 0 < Levenshtein.distance(title.upper(), office.upper()) <= min(2, len(office) // 8)
    return office if near else title


def _same_person(a: str | None, b: str) -> bool:
    """One name printed twice: equal letters, or one cut short where a column ended ('AHMAD HERYAWA')."""
    x, y = re.sub(r"[^a-z]", "", (a or "").lower()), re.sub(r"[^a-z]", "", b.lower())
    return bool(x) and (x == y or (len(x) >= 6 and (y.startswith(x) or x.startswith(y))))


def _add_parties(md: Decree, found: list[issuer.Party]) -> None:
    """A Perjanjian Kinerja's parties as its label lines print them: the first is the signatory, the second
    (the superior) the co-signatory. They complete what the signature block lost (a title, a clipped name)."""
    if len(found) < 2 or md.signatory is None:
        return
    first, second = found[0], found[1]
    sig = md.signatory
    if not sig.name or _same_person(sig.name, first.name):
        sig.name = sig.name or first.name
        if not sig.title or first.title.upper().startswith(sig.title.upper()):
            sig.title = first.title
    co = md.co_signatory
    if co is None:
        md.co_signatory = Signatory(name=second.name, title=second.title)
    elif _same_person(co.name, second.name):  # its rank and NIP, read under its signature, stay
        co.name = second.name if len(second.name) > len(co.name or "") else co.name
        co.title = second.title


def build_metadata(doc: DocumentText, first_table: tuple[int, float] | None, levels: set[str], md: Decree,
                   log: StageLog) -> None:
    """The decree-level fields, written into the document's Decree."""
    block = choose_decree(doc, first_table)
    md.metadata_provenance = {}
    first_page = [ln for ln in doc.lines if ln.page == (doc.lines[0].page if doc.lines else 1)]
    _set_region(md, *_region_names(doc, block), log, doc.lexicon, any(ln.conf < 1.0 for ln in first_page))
    if block:
        _set_decree_parts(md, doc, block)
        md.place = place_as_printed(md.place, [md.kecamatan, md.kabupaten])
    md.decree_number = md.decree_number or doc.lampiran.get("number")
    md.decree_date_text = md.decree_date_text or doc.lampiran.get("date")
    signed_year = None  # "Bandung,      2016": the year signed in, the period's last resort
    if not block and not md.decree_date_text and (signed := _signing_line(doc)):
        # no decree: a Perjanjian Kinerja or a Renja is dated where it is signed ("Bandung, Maret 2016")
        md.place, md.decree_date_text, line = signed
        md.metadata_provenance["place"] = md.metadata_provenance["decree_date"] = _prov(line)
    elif not block and not md.place and (placed := _signing_place(doc)):
        md.place, line, signed_year = placed
        md.metadata_provenance["place"] = _prov(line)
    iso = parse_date(md.decree_date_text)
    md.decree_date, md.decree_date_partial = split_date(iso)
    _set_signatory(md, doc, block, log)
    md.document_type = _document_type(doc, block, levels)
    if (kind := plan_type(doc)) and not _named_levels(doc):  # a PK, RKT, Renstra or Renja
        md.document_type = kind
    md.period_start, md.period_end = _period(block, doc, iso or signed_year)
    md.positions = doc.positions
