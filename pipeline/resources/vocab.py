"""Domain vocabulary as data: header synonyms, markers, month names, ranks.

Kept apart from the code so a user can extend it without touching the stages.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from iku.core.numbers import YEAR

DATA = Path(__file__).parent / "data"


@lru_cache(maxsize=16)
def load_data(name: str) -> dict:
    """One bundled data file (data/NAME.toml), parsed; every stage reads its knowledge through here."""
    return tomllib.loads((DATA / f"{name}.toml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class HeaderEntry:
    """One line of the header vocabulary (data/headers.toml)."""

    field: str
    exact: frozenset[str] = frozenset()
    phrases: tuple[str, ...] = ()
    patterns: tuple[re.Pattern[str], ...] = ()
    otherwise: str | None = None  # the field this label names when another column holds `field`

    def matches(self, key: str) -> bool:
        return key in self.exact or any(p in key for p in self.phrases) or any(p.search(key) for p in self.patterns)


@dataclass(frozen=True)
class HeaderVocabulary:
    entries: tuple[HeaderEntry, ...]
    fallback: dict[str, tuple[str, ...]]
    imposed: frozenset[str] = frozenset()  # fields a header over sub-columns gives to each of them
    content: tuple[tuple[str, frozenset[str]], ...] = ()  # (field, words its body cells open with)

    def field_for(self, label: str) -> str | None:
        key = label_key(label)
        if not key:
            return None
        return next((e.field for e in self.entries if e.matches(key)), None)

    def opening_words(self, field: str) -> frozenset[str]:
        """The words (lower case) the body cells of `field`'s column open with, for a column whose label is lost."""
        return next((words for f, words in self.content if f == field), frozenset())

    def otherwise_for(self, label: str) -> str | None:
        """The second reading of an ambiguous label ("Penjelasan": formula, else definisi)."""
        key = label_key(label)
        return next((e.otherwise for e in self.entries if e.matches(key)), None) if key else None


def _entries(doc: dict) -> list[HeaderEntry]:
    return [HeaderEntry(field=f["name"], exact=frozenset(f.get("exact", ())), phrases=tuple(f.get("phrases", ())),
                        patterns=tuple(re.compile(p) for p in f.get("patterns", ())), otherwise=f.get("otherwise"))
            for f in doc.get("field", [])]


@lru_cache(maxsize=4)
def header_vocabulary(extra: str | None = None) -> HeaderVocabulary:
    """The bundled vocabulary, with a user's file (tried first) when given."""
    docs = [load_data("headers")]
    if extra:
        docs.insert(0, tomllib.loads(Path(extra).read_text(encoding="utf-8")))
    fallback: dict[str, tuple[str, ...]] = {}
    for d in reversed(docs):
        for name, keys in d.get("fallback", {}).items():
            fallback[name] = tuple(keys) + fallback.get(name, ())
    imposed = frozenset(f for d in docs for f in d.get("parents", {}).get("impose", ()))
    content: dict[str, frozenset[str]] = {}
    for d in docs:
        for name, words in d.get("content", {}).items():
            content[name] = content.get(name, frozenset()) | {w.lower() for w in words}
    return HeaderVocabulary(entries=tuple(e for d in docs for e in _entries(d)), fallback=fallback,
                            imposed=imposed, content=tuple(content.items()))


@lru_cache(maxsize=1)
def doc_types() -> dict[str, tuple[str, ...]]:
    """Document type -> title phrases (data/doc_types.toml)."""
    data = load_data("doc_types")
    return {k: tuple(v) for k, v in data["types"].items()}


@dataclass(frozen=True)
class PeriodVocabulary:
    """How a document states its period (data/doc_types.toml [period]); each pattern's groups hold the years."""

    year: re.Pattern[str]  # "TAHUN 2024": group 1
    title_year: re.Pattern[str]  # "Tahun Anggaran : 2016": group 1
    cited: re.Pattern[str]  # "Nomor 5 Tahun 2014": a cited regulation, not a period
    year_range: re.Pattern[str]  # "2016 - 2020": groups 1 and 2


@lru_cache(maxsize=1)
def period_vocabulary() -> PeriodVocabulary:
    d = load_data("doc_types")["period"]
    return PeriodVocabulary(
        year=re.compile(rf"\b(?:{d['year']})\s+({YEAR})\b", re.I),
        title_year=re.compile(rf"\b(?:{d['title_year']})\s*({YEAR})\b", re.I),
        cited=re.compile(rf"\b(?:{d['cited']})\b", re.I),
        year_range=re.compile(rf"\b({YEAR})\s*(?:{d['range_joiner']})\s*({YEAR})\b", re.I),
    )


@dataclass(frozen=True)
class PositionVocabulary:
    """Position labels and heading forms (data/positions.toml)."""

    labels: tuple[str, ...]
    heading_noise: tuple[re.Pattern[str], ...]
    numbered: tuple[re.Pattern[str], ...] = ()
    numbered_reach: int = 3
    unit_labels: frozenset[str] = frozenset()
    second_party: tuple[str, ...] = ()
    first_party: tuple[str, ...] = ()
    second_party_reach: int = 3

    def designates_second_party(self, lines: list[str]) -> bool:
        """A PK's party lines under a "Jabatan :" line designate the second party ("... disebut PIHAK KEDUA")
        before any other party."""
        for t in lines[:self.second_party_reach]:
            low = " ".join(t.lower().split())
            if any(w in low for w in self.second_party):
                return True
            if any(w in low for w in self.first_party):  # the first party's designation comes first
                return False
        return False

    def names_first_party(self, text: str) -> bool:
        """A PK's designation of its first party ("PIHAK KESATU"), as in the signature block's headings."""
        low = " ".join(text.lower().split())
        return any(w in low for w in self.first_party)

    @property
    def label_pattern(self) -> str:
        alts = [r"\s*".join(re.escape(w) for w in lab.split()) for lab in sorted(self.labels, key=len, reverse=True)]
        return "(?:" + "|".join(alts) + ")"

    def label_jabatan(self, text: str) -> str | None:
        """The position a "Jabatan : X" (any listed label, a colon after it) line names, else None."""
        m = re.match(r"^(\d+\.\s*)?" + self.label_pattern + r"(\s*\([^)]{1,40}\))?\s*:\s*(?P<rest>\S.*)$", text, re.I)
        return m["rest"].strip(" :") if m else None

    def heading_jabatan(self, rest: str) -> str | None:
        """The position a heading names after its level, or None ("TAHUN 2023", "KECAMATAN X" name none)."""
        for p in self.heading_noise:
            rest = p.sub(" ", rest.strip())
        rest = re.sub(r"\s+", " ", rest).strip(" :-,.")
        region = re.match(r"^(KECAMATAN|KABUPATEN|KOTA|PROVINSI)\b", rest, re.I)
        if len(rest) < 4 or not re.search(r"[A-Za-z]{3}", rest) or region:
            return None
        return rest


@lru_cache(maxsize=1)
def positions_vocabulary() -> PositionVocabulary:
    data = load_data("positions")
    return PositionVocabulary(labels=tuple(data["labels"]),
                              heading_noise=tuple(re.compile(p, re.I) for p in data["heading_noise"]),
                              numbered=tuple(re.compile(p) for p in data.get("numbered_heading", ())),
                              numbered_reach=int(data.get("numbered_heading_reach", 3)),
                              unit_labels=frozenset(data.get("unit_labels", ())),
                              second_party=tuple(data.get("second_party", ())),
                              first_party=tuple(data.get("first_party", ())),
                              second_party_reach=int(data.get("second_party_reach", 3)))


_SYMBOL_CODE = re.compile(r"\(cid:(\d+)\)|[\uf020-\uf0ff]")


def symbol_font_text(text: str) -> str:
    """A Symbol-font word's glyphs given by code ("(cid:229)", U+F0E5) as the signs they print ("∑");
    codes the data does not list stay as they are (data/symbol_font.toml)."""
    codes = _symbol_codes()

    def sign(m: re.Match[str]) -> str:
        code = int(m[1]) if m[1] else ord(m[0]) - 0xF000
        return codes.get(code, m[0])
    return _SYMBOL_CODE.sub(sign, text)


@lru_cache(maxsize=1)
def _symbol_codes() -> dict[int, str]:
    return {int(k): v for k, v in load_data("symbol_font")["codes"].items()}


# A heading naming an indicator table's level ("INDIKATOR KINERJA INDIVIDU ...")
LEVEL_HEADING = re.compile(r"INDIKATOR\s+KINERJA\s+(?P<kind>UTAMA|INDIVIDU)", re.I)

# Headers that look like a cascading table (Misi -> Tujuan -> Sasaran -> Indikator).
CASCADE = re.compile(r"\bmisi\b|tujuan rpjmd|sasaran rpjmd")

def is_total(text: str) -> bool:
    """An indicator cell that only says TOTAL or JUMLAH: a sums row (data/headers.toml [body])."""
    return " ".join(re.sub(r"[^a-z]+", " ", text.lower()).split()) in _totals()


@lru_cache(maxsize=1)
def _totals() -> frozenset[str]:
    return frozenset(load_data("headers")["body"]["totals"])


SDA = re.compile(r"^\W*(s\.?\s?d\.?\s?a\.?|idem|sama dengan (di)?atas|dto\.?|-\s*sda\s*-)\W*$", re.I)

MONTHS = {
    "januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "agustus": 8, "september": 9, "oktober": 10, "november": 11, "nopember": 11, "desember": 12,
}


_LONG_MONTHS = {name: n for name, n in MONTHS.items() if len(name) >= 5}  # names long enough to read loosely


def month_number(word: str) -> int | None:
    """The month a written date's month word names: as spelt, or OCR-read with one letter wrong, lost or added
    ("Febrnari": a stamp over the "u") when the word is long enough that one letter leaves it a single month's;
    None otherwise ("Mei" and "Juni" are read only as spelt)."""
    w = word.lower()
    if w in MONTHS:
        return MONTHS[w]
    if len(w) < 4:
        return None
    # one letter wrong, lost or added; two in a long word ending as the month does ("Fapruari", never
    # "semester"); or the word's start under a stamp, its end a single month's ("ruari": Februari; "uari" is
    # Januari's too), also with one more letter lost ("nari": Januari's "nuari")
    for near in ({n for name, n in _LONG_MONTHS.items() if len(w) >= 5 and Levenshtein.distance(w, name) == 1},
                 {n for name, n in _LONG_MONTHS.items() if len(w) >= 7 and w[-3:] == name[-3:]
                  and Levenshtein.distance(w, name) <= 2},
                 {n for name, n in _LONG_MONTHS.items() if name.endswith(w) and len(name) > len(w)},
                 {n for name, n in _LONG_MONTHS.items() if len(name) > len(w) + 1
                  and Levenshtein.distance(w, name[-len(w) - 1:]) == 1}):
        if near:
            return near.pop() if len(near) == 1 else None
    return None


# Civil-service ranks (pangkat) printed under a signatory's name.
RANK = re.compile(
    r"^(pembina(\s+utama)?(\s+(muda|madya))?(\s+(tingkat|tk\.?)\s*i)?|penata(\s+muda)?(\s+(tingkat|tk\.?)\s*i)?"
    r"|pengatur(\s+muda)?(\s+(tingkat|tk\.?)\s*i)?|juru(\s+muda)?(\s+(tingkat|tk\.?)\s*i)?)"
    r"\s*(,?\s*(\(?\s*(iv|iii|ii|i)\s*/\s*[a-e]\s*\)?))?\.?$",
    re.I,
)

ORDINALS = ("kesatu", "pertama", "kedua", "ketiga", "keempat", "kelima", "keenam", "ketujuh", "kedelapan",
            "kesembilan", "kesepuluh")


def norm_label(text: str) -> str:
    text = text.lower().replace("\n", " ")
    text = re.sub(r"\(.*?\)", " ", text)  # "(Satuan)", "(IKU SKPD)"
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def label_key(text: str) -> str:
    """A header label with spacing, case and punctuation gone: glued ("SasaranStrategis") and broken
    ("Indi- kator") labels read the same as clean ones."""
    return norm_label(text).replace(" ", "")


def headers(extra: str | Path | None = None) -> HeaderVocabulary:
    """The bundled header vocabulary, with the entries of `extra` (a run's Settings.header_rules) first."""
    return header_vocabulary(str(extra) if extra else None)


def field_for_label(label: str) -> str | None:
    """The field a label names in the bundled vocabulary (a run reads its own: `headers(settings.header_rules)`,
    which the runtime passes to the tables stage)."""
    return headers().field_for(label)


# Units printed in a Satuan column: OCR misreadings of these are corrected (see normalise.py).
SATUAN = ("Persen", "%", "Dokumen", "Laporan", "Orang", "Kegiatan", "Nilai", "Indeks", "Desa", "Kelurahan", "Bulan",
          "Hari", "Kali", "Unit", "Buah", "Paket", "Berkas", "Rasio", "Angka", "Predikat", "Poin", "Jam", "Lembaga",
          "Kelompok", "Jiwa", "Rupiah", "Tahun", "Menit", "Surat", "Keluarga", "Sekolah", "Kasus", "Layanan",
          "Permohonan", "Pengaduan", "Rekomendasi", "Skor", "Level", "Persentase", "Jumlah")


@dataclass(frozen=True)
class SignatureVocabulary:
    """How a decree's signature block reads (data/signature.toml): its labels as OCR-tolerant patterns, the ranks."""

    ditetapkan: re.Pattern[str]  # "Ditetapkan di PLACE" anywhere in a line; group "place"
    tanggal: re.Pattern[str]  # "Pada tanggal DATE" anywhere in a line; group "date"
    ditetapkan_tail: re.Pattern[str]  # the end of "Ditetapkan di PLACE" whose start a stamp took; group "place"
    nip_label: re.Pattern[str]
    title: re.Pattern[str]  # the signing office's line ("CAMAT KUARO,")
    ranks: tuple[str, ...]  # longest first
    degrees: tuple[str, ...] = ()  # written after the name ("S.STP", "M.Si")
    name_titles: tuple[str, ...] = ()  # written before it ("Drs.", "H.")
    degree_misreads: tuple[tuple[str, str], ...] = ()  # (mark OCR reads, the degree's letter it stands for)
    capital_misreads: tuple[tuple[str, str], ...] = ()  # (mark OCR reads, the capital letter of a name)
    digit_misreads: tuple[tuple[str, str], ...] = ()  # (letter OCR reads, the digit of a NIP it stands for)
    lone_i_misreads: tuple[str, ...] = ()  # marks OCR reads for a name's lone capital I ("|" for the I of "I KETUT")


@lru_cache(maxsize=1)
def signature_vocabulary() -> SignatureVocabulary:
    d = load_data("signature")
    return SignatureVocabulary(
        # inside no word, but after a speck's small letter OCR glued to the label's capital ("fDitetapkan")
        ditetapkan=re.compile(rf"(?:(?<![a-z])|(?-i:(?<=[a-z])(?=D)))(?:{d['ditetapkan']}){d['ditetapkan_di']}"
                              r"(?P<place>.*)$", re.I),
        tanggal=re.compile(rf"(?<![a-z])(?:{d['tanggal']})(?![a-z])\s*:?\s*(?P<date>.*)$", re.I),
        ditetapkan_tail=re.compile(d["ditetapkan_tail"], re.I),
        nip_label=re.compile(d["nip"]),
        title=re.compile(r"^\W{0,3}(?:" + "|".join(d["titles"]) + r")\b", re.I),
        ranks=tuple(sorted(d["ranks"], key=len, reverse=True)),
        degrees=tuple(d.get("degrees", ())),
        name_titles=tuple(d.get("name_titles", ())),
        degree_misreads=tuple(d.get("degree_misreads", {}).items()),
        capital_misreads=tuple(d.get("capital_misreads", {}).items()),
        digit_misreads=tuple(d.get("digit_misreads", {}).items()),
        lone_i_misreads=tuple(d.get("lone_i_misreads", ())),
    )


@lru_cache(maxsize=1)
def person_names() -> frozenset[str]:
    """Words of personal names (data/person_names.txt), lower case."""
    text = (DATA / "person_names.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.lstrip().startswith("#") for w in line.split())


@lru_cache(maxsize=1)
def _name_affixes() -> frozenset[str]:
    v = signature_vocabulary()
    return frozenset(re.sub(r"\W", "", t).lower() for t in (*v.name_titles, *v.degrees))


def is_name_affix(word: str) -> bool:
    """A title printed before a name ("Drs.", "H.") or a degree after it ("S.Sos"), its dots and marks aside."""
    return re.sub(r"\W", "", word).lower() in _name_affixes()


@lru_cache(maxsize=1)
def degree_keys() -> dict[str, str]:
    """A degree's letters (small, no dots) -> the degree as the vocabulary writes it, the first spelling first."""
    known: dict[str, str] = {}
    for d in signature_vocabulary().degrees:
        known.setdefault(re.sub(r"[^a-z]", "", d.lower()), d)
    return known


@lru_cache(maxsize=1)
def _degree_forms() -> dict[str, str]:
    """A degree as printed, in small letters with its dots -> as the vocabulary writes it."""
    return {d.lower(): d for d in signature_vocabulary().degrees}


DEGREE_EDIT_LETTERS = 4  # a degree of this many letters or more ("S.Sos") is still read with one of them wrong


def unmisread_degree(word: str) -> str:
    """A word no degree spells whose marks OCR reads for a degree's letters do spell one ("&.Sos" -> "S.Sos"), or
    that is a degree's form (its dot) one letter from a single degree of four letters or more ("S.Sas"); any other
    word as it is."""
    known = degree_keys()
    if re.sub(r"[^a-z]", "", word.lower()) in known:
        return word
    fixed = word
    for mark, letter in signature_vocabulary().degree_misreads:
        fixed = fixed.replace(mark, letter)
    key = re.sub(r"[^a-z]", "", fixed.lower())
    if key in known:
        return fixed
    # the degree's dot read as a small letter between two capitals ("SiSos", "MaSi"): a name in capitals has none
    spelt = _degree_forms()
    for m in re.finditer(r"(?<=[A-Z])[a-z](?=[A-Z])", fixed):
        dotted = fixed[:m.start()] + "." + fixed[m.end():]
        if dotted.lower().rstrip(",;") in spelt:
            return spelt[dotted.lower().rstrip(",;")] + dotted[len(dotted.rstrip(",;")):]
    near = [k for k in known if len(k) >= DEGREE_EDIT_LETTERS and Levenshtein.distance(key, k) == 1]
    return known[near[0]] if "." in word and len(key) >= DEGREE_EDIT_LETTERS and len(near) == 1 else word


def read_degree(word: str) -> str | None:
    """The degree `word` spells, read through OCR's marks and one wrong letter (unmisread_degree), as the
    vocabulary writes it; None when it spells none."""
    return degree_keys().get(re.sub(r"[^a-z]", "", unmisread_degree(word).lower()))


def name_part_known(word: str) -> bool:
    """A word of a printed name that is a known name, title or degree, its punctuation aside ("AMINAH," "S.STP");
    a word OCR glued at a comma or a hyphen counts when each of its parts is known ("WIJAYA,S.STP")."""
    parts = [re.sub(r"\W", "", p).lower() for p in re.split(r"[,;\-–]", word)]
    parts = [p for p in parts if p]
    return bool(parts) and all(p in person_names() or p in _name_affixes() for p in parts)


def known_name_letters(text: str) -> int:
    """How many letters of `text` stand in words that are known personal names (titles and degrees aside: one
    reading's "H." against another's "Hi" says nothing of the name)."""
    return sum(len(p) for p in re.split(r"[^\w]+", text.lower()) if p in person_names())
