"""Stage 3, layout and sections: the decree's parts from the running text.

Finds the kop surat, each "KEPUTUSAN CAMAT ..." block (Nomor, TENTANG, Menimbang,
Mengingat, MEMUTUSKAN, diktum, Ditetapkan di / Pada tanggal, signature), the Lampiran
reference block, headings that set IKU/IKI, and per-position blocks (Jabatan, Tugas,
Fungsi, Eselon). Works on lines outside indicator tables, in reading order, and does
not assume the decree comes first: booklets put chapters (with signatures of their
own) before or after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from iku.core.errors import W_NO_HEADER, W_NO_NUMBER
from iku.core.layout import COLUMN_GAP, KnownWords, Line, PageLayout, Word, gap_groups, group_lines, inside
from iku.core.stage import StageLog
from iku.resources.spacing import despace
from iku.resources.vocab import (
    MONTHS,
    ORDINALS,
    known_name_letters,
    norm_label,
    positions_vocabulary,
    signature_vocabulary,
)
from iku.schemas import Position, Provenance
from iku.stages.rows import Anchor
from iku.stages.signature import (
    RANK_WORD,
    find_nip,
    is_upper,
    mend_digits,
    misread_rank,
    nip_is_plausible,
    opening_label,
    read_rank,
)
from iku.stages.tables import Cell, Grid, TableRun, join_lines

# A Keputusan Camat above all; other issuers' decrees and regulations (a Perbup, a Keputusan Kepala ...) are
# read the same way so that such input still gives its number, date and signatory.
_DECREE = re.compile(r"^(SALINAN\s+)?(KEPUTUSAN|PERATURAN)\s+(?P<issuer>CAMAT|BUPATI|WALI\s?KOTA|GUBERNUR|KEPALA|"
                     r"MENTERI|SEKRETARIS|DIREKTUR|LURAH)\b(?P<rest>.*)$", re.I)
_NOMOR = re.compile(r"^N\s*O\s*M\s*O\s*R\s*:?\s*(?P<num>.*)$", re.I)
_TENTANG = re.compile(r"^T\s*E\s*N\s*T\s*A\s*N\s*G\b\s*:?\s*(?P<rest>.*)$", re.I)
_MENIMBANG = re.compile(r"^Menimbang\b\s*:?\s*(?P<rest>.*)$", re.I)
_MENGINGAT = re.compile(r"^Mengingat\b\s*:?\s*(?P<rest>.*)$", re.I)
_MEMPERHATIKAN = re.compile(r"^Memperhatikan\b", re.I)
_MEMUTUSKAN = re.compile(r"^M\s*E\s*M\s*U\s*T\s*U\s*S\s*K\s*A\s*N\b", re.I)
_MENETAPKAN = re.compile(r"^Menetapkan\b\s*:?\s*(?P<rest>.*)$", re.I)
_DIKTUM = re.compile(r"^(?P<label>" + "|".join(ORDINALS) + r")\s*:\s*(?P<rest>.*)$", re.I)
_SIGNATURE = signature_vocabulary()
_BARE_DATE = re.compile(r"(?P<date>\b(\d{1,2}\s+)?(" + "|".join(MONTHS) + r")\s+(19|20)\d\d)\s*$", re.I)
_PLACE_DATE = re.compile(r"^(?P<place>[A-Z][A-Za-z .'-]{2,30}),\s*(?P<date>(\d{1,2}\s+)?[A-Za-z]+\s+(19|20)\d\d)$")
_NIP = re.compile(
    r"\bNIP\b\.?\s*:?\s*(?P<nip>[\d\s.]{18,30})"
    # on scans a stamp often eats the label: an unlabelled number shaped like a NIP (birth date, appointment
    # month, sex digit, sequence) still anchors the signature block
    r"|(?<![\d.])(?P<bare>(?:19|20)\d{6}\s?(?:19|20)\d{4}\s?[12]\s?\d{3})(?![\d.])", re.I)


def _nip_in(text: str) -> str | None:
    """The NIP a line prints: after its label, or bare when its digits have a NIP's structure (a birth date,
    an appointment month, a sex digit), so that an account number or a sum shaped like one is none."""
    text = mend_digits(text)
    for m in _NIP.finditer(text):
        if m.group("nip"):
            return m.group("nip").strip()
        if nip_is_plausible(re.sub(r"\s", "", m.group("bare"))):
            return m.group("bare").strip()
    # a scan's label glued or split ("N IP::") and a speck read as a dot between the digits ("2.003"): the NIP
    # label and 18 digits with a NIP's structure will do; so will a NIP's grouping of digits (8 6 1 3) without
    # the label, its years' first digits mended by that structure (find_nip)
    if not (_SIGNATURE.nip_label.search(text) or _NIP_GROUPS.search(text)):
        return None
    digits = find_nip(text)
    if digits and digits not in re.sub(r"\D", "", text):  # mended: in a NIP's own grouping, not as misread
        return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
    return digits


_NIP_GROUPS = re.compile(r"(?<![\d.])\d{8}\s+\d{6}\s+\d\s+\d{3}(?![\d.])")


# The colon after a label is often lost on scans ("Jabatan Sekretaris Kecamatan"): without it, the
# value must start with a capital so that prose ("jabatan fungsional ...", "tugas dan fungsinya") is not taken.
_LABEL_SEP = r"(\s*:\s*|\s+(?=(?-i:[A-Z])))"
_POSITIONS = positions_vocabulary()
POSITION_WORDS = 10  # words a position's name runs to at most ("Kepala Sub Bagian Umum dan Kepegawaian")
_JABATAN = re.compile(r"^(\d+\.\s*)?" + _POSITIONS.label_pattern + r"(\s*\([^)]{1,40}\))?" + _LABEL_SEP
                      + r"(?P<rest>.*)$", re.I)
_TUGAS = re.compile(
    r"^(\d+\.\s*)?tugas(\s+pokok)?" + _LABEL_SEP + r"(?P<rest>.*)$|^(\d+\.\s*)?.{0,80}\bmempunyai tugas\b", re.I)
_FUNGSI = re.compile(
    r"^(\d+\.\s*)?fungsi\s*:?\s*(?P<rest>.*)$|^(\d+\.\s*)?.{0,120}\b(fungsi|menyelenggarakan fungsi)\s*:\s*$", re.I)
_ESELON = re.compile(r"^(\d+\.\s*)?eselon\s*:?\s*(?P<rest>.+)$", re.I)
_LAMPIRAN = re.compile(r"^LAMPIRAN\b", re.I)
_HEADING_LEVEL = re.compile(r"INDIKATOR\s+KINERJA\s+(?P<kind>UTAMA|INDIVIDU)|\((?P<abbr>IK[UI])\)")
# the same heading set in title case on a line of its own ("Lampiran 1" / "Indikator Kinerja Utama")
_TITLED_LEVEL = re.compile(r"^\s*Indikator\s+Kinerja\s+(?P<kind>Utama|Individu)\s*$")


def _level_heading(t: str) -> re.Match[str] | None:
    """The level an upper-case heading names, or a title-case heading that is the phrase alone."""
    return _HEADING_LEVEL.search(t) if is_upper(t) else _TITLED_LEVEL.match(t)
_ITEM = re.compile(r"^(?P<marker>\d{1,2}\s*\.?|[a-z]\s*\.|\(\d{1,2}\)|\d{1,2}\))\s+(?P<text>\S.*)$")
_KOP_KAB = re.compile(r"^PEMERINTAH\s+(?P<kind>KABUPATEN|KOTA)\s+(?P<name>.+)$", re.I)
_KOP_KEC = re.compile(r"^KECAMATAN\s+(?P<name>[A-Z][A-Za-z .'-]+)$")
_KAB_IN = re.compile(r"\b(?P<kind>KABUPATEN|KOTA)\s+(?P<name>[A-Z][A-Za-z'-]+(\s+[A-Z][A-Za-z'-]+)?)", re.I)


@dataclass
class Signature:
    name: str | None = None
    rank: str | None = None
    nip: str | None = None
    title: str | None = None
    line: Line | None = None  # the NIP's line
    co_name: str | None = None  # the other party printed beside the signatory (a Perjanjian Kinerja)
    name_line: Line | None = None  # the name's own words (its column): their confidence is the name's
    rank_line: Line | None = None
    at: int | None = None  # the NIP line's index in the lines read
    column: int = 0  # of several NIPs side by side (both parties of a PK signing), the one read
    columns: int = 1
    co: Signature | None = None  # the other party's column of such a block, read the same way


@dataclass
class DecreeBlock:
    start: int  # index into DocumentText.lines
    header: str
    number: str | None = None
    tentang: str = ""
    menimbang: list[str] = field(default_factory=list)
    mengingat: list[tuple[str, str, Line]] = field(default_factory=list)
    diktum: list[str] = field(default_factory=list)
    place: str | None = None
    date_text: str | None = None
    signature: Signature = field(default_factory=Signature)
    lines: dict[str, Line] = field(default_factory=dict)  # provenance of the metadata lines
    # "LAMPIRAN" stands alone above its header: a lampiran naming its decree, not the decree (it still lends
    # the document what it reads below, a Mengingat its decree's header was too garbled to open)
    reference: bool = False


@dataclass
class DocumentText:
    lines: list[Line]
    decrees: list[DecreeBlock]
    kop_kabupaten: tuple[str, str] | None  # (kind, name)
    kop_kecamatan: str | None
    headings: list[str]
    anchors: list[Anchor]
    positions: list[Position]
    lampiran: dict[str, str]
    signatures: list[Signature]
    lexicon: KnownWords | None = field(default=None, repr=False)  # the run's, for the metadata read from it


def text_lines(pages: list[PageLayout], runs: list[TableRun]) -> list[Line]:
    """Lines outside the indicator tables, page by page."""
    out: list[Line] = []
    boxes: dict[int, list] = {}
    signed: dict[int, list] = {}
    for run in runs:
        for g in run.grids:
            boxes.setdefault(g.page, []).append(g.bbox)
            signed.setdefault(g.page, []).extend(c.bbox for c in _signed_cells(g))
    for page in pages:
        words = [w for w in page.words if not any(inside(w, b) for b in boxes.get(page.number, []))
                 or any(inside(w, b) for b in signed.get(page.number, []))]
        out += group_lines(words)
    return out


def _signed_cells(grid: Grid) -> list[Cell]:
    """A signature block printed inside the report's frame (a Crystal Reports DPA signs in the frame's last
    box): a cell across half the grid or more holding a NIP. Its lines are the document's text, as if
    printed below the table."""
    return [c for c in grid.cells if 2 * c.colspan >= grid.n_cols and _nip_in(c.text)]


def _label_block(lines: list[Line], i: int, stops: tuple[re.Pattern[str], ...]) -> tuple[list[Line], int]:
    """Lines from a label ("Mengingat") up to the next label in `stops`, or the first diktum ("KESATU :") or
    the signing line ("Ditetapkan di"), which end it whatever came before them: a scan's page pass may lose the
    MEMUTUSKAN between them, and the list must not swallow the decree's articles and signature."""
    j = i + 1
    while j < len(lines) and not any(s.match(lines[j].text) for s in (*stops, _DIKTUM)) and not opening_label(
            _SIGNATURE.ditetapkan, lines[j].text.strip()):
        j += 1
    return lines[i:j], j


def split_items(lines: list[Line], first_text: str) -> list[tuple[str, str, Line]]:
    """Split a labelled block ("Mengingat : 1. ... 2. ...") into its numbered items.

    A new item starts where a line begins with a list marker at the marker column; a marker
    whose dot wrapped onto the next line ("10" / ". 2016 tentang") is read as one marker.
    Markers OCR lost are made up for by where a regulation's name starts (see _split_unnumbered).
    """
    items: list[list] = []
    texts = [first_text] + [ln.text for ln in lines[1:]]
    marker_x: float | None = None
    for ln, text in zip(lines, texts, strict=True):
        text = text.strip()
        m = _ITEM.match(text)
        x = ln.x0 if ln is not lines[0] else _x_of(ln, text)
        if m and (marker_x is None or abs(x - marker_x) < 12):
            marker_x = x if marker_x is None else marker_x
            items.append([m.group("marker").replace(" ", ""), [(ln, m.group("text"))]])
        elif items:
            items[-1][1].append((ln, re.sub(r"^\.\s+", "", text)))  # the wrapped dot of "10 ."
        elif text:
            items.append(["", [(ln, text)]])
    out = []
    for marker, parts in items:
        for k, (text, ln) in enumerate(_split_unnumbered(parts)):
            out.append((marker if k == 0 else "", text, ln))
    return out


_REGULATION_START = re.compile(
    r"^(Undang|Peraturan|Keputusan|Instruksi|Surat Edaran|Permen|Perda|Perbup|Perwal|Perpres|Inpres|Keppres|PP|UU)\b")


def _split_unnumbered(parts: list[tuple[Line, str]]) -> list[tuple[str, Line]]:
    """One item's lines, split where a marker was lost (OCR drops a lone "1." in a margin column): a line
    that opens with the name of a regulation after a line that closed an item (";", ":", "," ...)."""
    groups: list[list] = []
    prev = ""
    for ln, text in parts:
        if not groups or (_REGULATION_START.match(text) and re.search(r"[;:,.)]\s*$", prev)):
            groups.append([ln, [text]])
        else:
            groups[-1][1].append(text)
        prev = text
    return [(join_lines(texts), ln) for ln, texts in groups]


def _x_of(line: Line, text: str) -> float:
    """x of the first word of `text` inside a line that also holds a label ("Mengingat : 1. ...")."""
    first = text.split()[0] if text.split() else ""
    for w in line.words:
        if w.text == first:
            return w.x0
    return line.x0


def _after_label(line: Line, pattern: re.Pattern[str]) -> str:
    m = pattern.match(line.text)
    return (m.group("rest") if m and m.groupdict().get("rest") is not None else "").strip(" :")


def _read_title(lines: list[Line], i: int, rest: str | None) -> tuple[str, int]:
    """The TENTANG title: its rest of line, then the upper-case lines below until Menimbang or the preamble."""
    title, j = [rest] if rest else [], i + 1
    while j < len(lines) and j < i + 8:
        tt = lines[j].text.strip()
        if _MENIMBANG.match(tt) or re.match(r"^(DENGAN RAHMAT|CAMAT\b|BUPATI\b)", tt, re.I) or not is_upper(tt):
            break
        title.append(tt)
        j += 1
    return join_lines(title), j


def _read_head(lines: list[Line], start: int, block: DecreeBlock, lexicon: KnownWords | None) -> int:
    """Header continuation ("KABUPATEN SERANG" on its own line), Nomor, TENTANG + title; the next line's index."""
    i = start + 1
    while i < len(lines) and i < start + 12:
        t = despace(lines[i].text.strip(), lexicon)
        if _NOMOR.match(t) and block.number is None:
            block.number = _number(_NOMOR.match(t).group("num")) or None
            block.lines["number"] = lines[i]
        elif m := _TENTANG.match(t):
            block.tentang, i = _read_title(lines, i, m.group("rest"))
            break
        elif not block.number and is_upper(t) and len(t) < 80:
            block.header += " " + t
        i += 1
    return i


_PLACE_DI = re.compile(r"\bd[il1!|]\s+(?P<place>[A-Z][\w'-]*(?:\s+[\w'.-]+){0,3})$")


def _place_above_date(lines: list[Line], i: int) -> re.Match[str] | None:
    """The block's place line by its layout when a stamp garbled its label ('a Ni etapkan di Pangkalan Baru'):
    '... di Place' right above the block's date line, on the same page, the date line short."""
    if i + 1 >= len(lines) or lines[i + 1].page != lines[i].page:
        return None
    nxt = lines[i + 1].text.strip()
    if len(nxt.split()) > 6 or not (opening_label(_SIGNATURE.tanggal, nxt) or _BARE_DATE.search(nxt)):
        return None
    return _PLACE_DI.search(lines[i].text.strip())


def _read_place_date(lines: list[Line], i: int, place: str, block: DecreeBlock, lexicon: KnownWords | None) -> None:
    """The place of "Ditetapkan di", its date on one of the next two lines, then the signature below."""
    # a lone letter before the name is a stamp's or signature's debris, not part of a place ("S Sampang")
    block.place = re.sub(r"^(?:\S\s+)+(?=\w{3})", "", despace(place, lexicon).strip(" :"))
    block.place = _TRAILING_DEBRIS.sub("", block.place) or None  # a speck after it ("Banyuasin II 7")
    block.lines["place"] = lines[i]
    for k in range(i + 1, min(i + 3, len(lines))):
        if _read_date_line(lines[k], block):
            i = k
            break
    block.signature = find_signature(lines, i + 1)


def _read_date_line(line: Line, block: DecreeBlock) -> bool:
    """The block's date from `line` when it is the date line ("Pada tanggal ..."; on scans a stamp or
    signature often eats the label: a bare date will do)."""
    t = line.text.strip()
    md = opening_label(_SIGNATURE.tanggal, t) or _BARE_DATE.search(t)
    if md:
        block.date_text = md.group("date").strip(" :") or None
        block.lines["date"] = line
    return md is not None


SIGNATURE_REACH = 8  # lines above the NIP the block's date line stands at most (title, signature space, name, rank)


def _block_above_nip(lines: list[Line], start: int, end: int, block: DecreeBlock) -> None:
    """The signature block of a decree whose "Ditetapkan di" line a stamp garbled past reading: the first NIP
    after the decree's head anchors it, the dated line above it ("Pada tanggal ..." or a bare date) is its
    date; the place stays unread."""
    j = next((k for k in range(start, end + 1) if _nip_in(lines[k].text)), None)
    if j is None:
        return
    top = max(start, j - SIGNATURE_REACH)
    for k in range(j - 1, top - 1, -1):
        if lines[k].page == lines[j].page and _read_date_line(lines[k], block):
            top = k + 1
            break
    block.signature = find_signature(lines, top)


def _number(text: str) -> str:
    """A decree number as printed after "NOMOR", without the label's colon or a mark OCR read beside it (":. 188.4",
    "/2023 ."); the slash before its closing year read as a "1" after a space ("Kec. IV 12026") is a slash."""
    number = re.sub(r"\s+[.,;:'`]+$", "", text.lstrip(" :.;,").rstrip(" :"))
    return re.sub(r"(?<=\s)1((?:19|20)\d\d)$", r"/\1", number)


_MARKS_BEFORE = re.compile(r"^[^\w(]+")  # scan or stamp debris before a header's first word ("'KEPUTUSAN")
_CAMAT_FIRST = re.compile(r"^CAMAT\s+\w")


def decree_header(lines: list[Line], i: int, lexicon: KnownWords | None) -> str | None:
    """The decree header line `i` is, in capitals, without marks OCR read before it; None when it is none. A
    camat issues keputusan only: "CAMAT SIABU" right over a NOMOR line and a TENTANG line is a Keputusan Camat's
    header whose first word OCR lost under a stamp or a fold (the decree is read whole, its header completed)."""
    if not is_upper(lines[i].text):
        return None
    t = _MARKS_BEFORE.sub("", despace(lines[i].text.strip(), lexicon))
    if _DECREE.match(t):
        return t
    after = [ln.text.strip() for ln in lines[i + 1:i + 5]]
    if _CAMAT_FIRST.match(t) and any(_NOMOR.match(a) for a in after[:2]) and any(_TENTANG.match(a) for a in after):
        return f"KEPUTUSAN {t}"
    return None


def parse_decree(lines: list[Line], start: int, log: StageLog, lexicon: KnownWords | None,
                 header: str | None = None) -> DecreeBlock:
    block = DecreeBlock(start=start, header=header or lines[start].text)
    block.lines["header"] = lines[start]
    i = _read_head(lines, start, block, lexicon)
    # labelled parts until the signature
    end = min(len(lines), start + 400)
    while i < end:
        t = lines[i].text.strip()
        if _DECREE.match(t) and is_upper(t) and not _LAMPIRAN.match(t):
            break  # the next decree
        if _MENIMBANG.match(t):
            part, i = _label_block(lines, i, (_MENGINGAT, _MEMUTUSKAN))
            block.menimbang = [x for _, x, _ in split_items(part, _after_label(part[0], _MENIMBANG))]
            continue
        if _MENGINGAT.match(t):
            part, i = _label_block(lines, i, (_MEMPERHATIKAN, _MEMUTUSKAN, _MENETAPKAN))
            block.mengingat = split_items(part, _after_label(part[0], _MENGINGAT))
            continue
        m = _DIKTUM.match(t)
        if m:
            block.diktum.append(f"{m.group('label').upper()}: {m.group('rest')}")
        m = opening_label(_SIGNATURE.ditetapkan, t) or _place_above_date(lines, i)
        if m:
            _read_place_date(lines, i, m.group("place"), block, lexicon)
            break
        i += 1
    if not block.signature.nip and "place" not in block.lines:
        _block_above_nip(lines, start, min(i, len(lines) - 1), block)
    if block.number is None:
        log.warn(W_NO_NUMBER, f"decree on page {lines[start].page}: no Nomor line found", lines[start].page)
    return block


def _columns(line: Line, nip_line: Line) -> tuple[str, str]:
    """A line's text in the NIP's column, and the rest (another party's column) when the line is split
    by a wide gap."""
    own = _own_words(line, nip_line)
    if len(own) == len(line.words):
        return line.text.strip(), ""
    mine = {id(w) for w in own}
    rest = [w for w in line.words if id(w) not in mine]
    return " ".join(w.text for w in own), " ".join(w.text for w in rest)


def _words_of(words: list[Word], text: str) -> list[Word]:
    """The words `text` was cut from (the debris around a name dropped): their confidence is the text's."""
    at, spans = 0, []
    for w in words:
        spans.append((at, at + len(w.text)))
        at += len(w.text) + 1
    i = " ".join(w.text for w in words).find(text)
    kept = [w for w, (a, b) in zip(words, spans, strict=True) if i >= 0 and a < i + len(text) and b > i]
    return kept or words


def _own_words(line: Line, nip_line: Line) -> list[Word]:
    """The words of a line in the NIP's column (all of them when no wide gap splits the line)."""
    groups = gap_groups(line.words, COLUMN_GAP)
    if len(groups) < 2:
        return list(line.words)
    centre = (nip_line.x0 + nip_line.x1) / 2
    return min(groups, key=lambda g: abs((g[0].x0 + g[-1].x1) / 2 - centre))


_DEBRIS = re.compile(r"^(?:[a-z]{1,4}|[^\w(]+)\s+(?=[A-Z])")
# a lone letter before a title ("S Drs. DEDI ..."): no name is a letter followed by its bearer's title
_LETTER_BEFORE_TITLE = re.compile(r"^[A-Za-z]\s+(?=(?:" + "|".join(
    re.escape(t) for t in sorted(_SIGNATURE.name_titles, key=len, reverse=True)) + r")\s)")
# after the name: a short lower-case token, a lone digit or stray marks (a degree has its dot: "M.Si")
_TRAILING_DEBRIS = re.compile(r"(?<=[A-Za-z.])(?:\s+(?:[a-z]{1,4}|\d{1,2}[.,]?|[^\w\s]+))+$")


# marks read from a stroke or a stamp's edge glued to the name's ends (a degree's last dot is print)
_EDGE_MARKS = "\"'`“”‘’„«»|!?~_-–—,;:*^/"
_GLUED_BEFORE = re.compile(r"^[^\w(]+")
_SLASH_BEFORE_WORD = re.compile(r"(?<!\S)/+(?=[^\W\d_])")  # a pen stroke crossing before a word: "/HENDRA"
# a capital read as a mark at the end of a word of capitals, another word after it ("DED! KURNIAWAN"; at the
# name's end the mark is as likely debris, and goes with the edge marks)
_CAPITAL_MISREADS = [(re.compile(rf"(?<=[A-Z]{{2}}){re.escape(mark)}(?=,?\s+\w)"), letter)
                     for mark, letter in _SIGNATURE.capital_misreads]


def _without_debris(name: str) -> str:
    """The name line minus what a signature's ink or a stamp left in front of it or after it: a short
    lower-case token or stray marks before the upper-case name ("won ANDRI ...", '-“Drs. HENDRA'), a speck
    read as "7" or "eee" or marks after it ("S.Sos!"), a slash before a word. Degrees keep their dots ("dr.",
    "M.Si"). A capital read as a mark inside the name is mended ("DED! KURNIAWAN")."""
    for pattern, letter in _CAPITAL_MISREADS:
        name = pattern.sub(letter, name)
    name = _LETTER_BEFORE_TITLE.sub("", _DEBRIS.sub("", name.strip(" ,")).strip(" ,"))
    name = _SLASH_BEFORE_WORD.sub("", _GLUED_BEFORE.sub("", name).rstrip(_EDGE_MARKS + " ") or name)
    return _TRAILING_DEBRIS.sub("", name) if is_upper(name.split()[0] if name else "") else name


def _is_title(text: str) -> bool:
    """The signing office's line ("CAMAT KUARO,", "Plt. KEPALA DINAS ..."): its title word first, which no
    personal name starts with."""
    return bool(_SIGNATURE.title.search(text))


def _nip_column(above: list[Line], line: Line, column: int | None) -> tuple[Line, int, int]:
    """The NIP line's part to read the block from, its index and how many NIPs stand side by side (both parties
    of a PK signing with their NIPs): the one asked for, else the one under the first party's designation
    ("PIHAK KESATU") above, else the first."""
    groups = [g for g in gap_groups(line.words, COLUMN_GAP) if _nip_in(" ".join(w.text for w in g))]
    if len(groups) < 2:
        return line, 0, 1
    if column is None:
        column = 0
        marks = [g for ln in above for g in gap_groups(ln.words, COLUMN_GAP)
                 if _POSITIONS.names_first_party(" ".join(w.text for w in g))]
        if marks:
            mid = (marks[-1][0].x0 + marks[-1][-1].x1) / 2
            column = min(range(len(groups)), key=lambda k: abs((groups[k][0].x0 + groups[k][-1].x1) / 2 - mid))
    column = min(column, len(groups) - 1)
    return Line(groups[column]), column, len(groups)


_OFFICE = re.compile(r"^(CAMAT|KEPALA|SEKRETARIS|PLT|PJ)\b", re.I)
_REGION_LINE = re.compile(r"^(PROVINSI|KABUPATEN|KOTA)\s+[A-Z][A-Z .'-]+,?$")


def _office_title(above: list[str]) -> str | None:
    """The signing office's line; an office's region printed on the line under it ("KEPALA DINAS X" /
    "PROVINSI JAWA BARAT") belongs to it. A camat's title keeps to its line: the kecamatan is its rest."""
    at = next((i for i, a in enumerate(above) if _OFFICE.match(a)), None)
    if at is None:
        return None
    title = above[at].strip(" ,")
    if at + 1 < len(above) and not title.upper().startswith("CAMAT") and _REGION_LINE.match(above[at + 1].strip()):
        title = f"{title} {above[at + 1].strip(' ,')}"
    return title


NAMED = 4  # letters of known personal names that make a line the name's (a stamp's debris spells none that long)


def find_signature(lines: list[Line], start: int, window: int = 12, column: int | None = None,
                   with_co: bool = True) -> Signature:
    """Title, name, rank and NIP under a date line: the NIP anchors the block (of NIPs side by side, the
    `column`th; see _nip_column, and with `with_co` the first other column as `co`)."""
    for j in range(start, min(start + window, len(lines))):
        if not _nip_in(lines[j].text):
            continue
        nip_line, col, cols = _nip_column(lines[start:j], lines[j], column)
        sig = Signature(nip=_nip_in(nip_line.text), line=nip_line, at=j, column=col, columns=cols)
        # two parties side by side (a Perjanjian Kinerja): read the column above the NIP; the other
        # column's name line is the co-signatory
        split = [_columns(ln, nip_line) for ln in lines[start:j]]
        above = [own for own, _ in split]
        k = len(above) - 1
        # a rank OCR has clipped ("Pembina Tingkat" without its "I") is still a rank, not the name
        if k >= 0:  # "Pangkat : Pembina", "Pangkat/Gol. Pembina (IV/a)": the label is not part of the rank
            above[k] = re.sub(r"^\W{0,2}pangkat(\s*/\s*gol(ongan)?\.?)?\s*[:/'’|]?\s*", "", above[k], flags=re.I)
        if k >= 0 and (rank := read_rank(above[k])):
            sig.rank = rank
            sig.rank_line = Line(_own_words(lines[start + k], nip_line))
            k -= 1
        elif k >= 1 and above[k - 1] and not _is_title(above[k - 1]) and (misread_rank(above[k]) or (
                known_name_letters(above[k - 1]) >= NAMED and not known_name_letters(above[k])
                and not is_upper(above[k]))):
            # the rank's line, unreadable (its rank left for a twin block to give): the name is above it, the
            # line of known names over a line in small letters with none ("Pefnbibg Ac Tragkat")
            k -= 1
        while k >= 0 and not above[k]:
            k -= 1
        if k >= 0 and _is_title(above[k]):
            k = -1  # the name line was lost: the office's title above it is no name
        if k >= 0:
            sig.name = _without_debris(above[k])
            sig.name_line = Line(_words_of(_own_words(lines[start + k], nip_line), sig.name))
            other = split[k][1].strip(" ,")
            if other and not RANK_WORD.search(other) and not _NIP.search(other):
                sig.co_name = other
            sig.title = _office_title(above[:k])
        if with_co and cols >= 2:
            sig.co = find_signature(lines, start, window, column=1 if col == 0 else 0, with_co=False)
        return sig
    return Signature()


def _positions(lines: list[Line], runs: list[TableRun]) -> tuple[list[Position], list[Anchor]]:
    positions: list[Position] = []
    anchors: list[Anchor] = []
    table_starts = sorted((r.page, r.top) for r in runs)
    i, unit_may_follow = 0, -1  # the line right after a position block, where its unit's label may stand
    while i < len(lines):
        ln = lines[i]
        t = ln.text.strip()
        m = _level_heading(t)
        if m and len(t) < 90 and not _DECREE.match(t) and not _TENTANG.match(t):
            kind = (m.group("kind") or m.group("abbr")).upper()
            level = "IKU" if kind in ("UTAMA", "IKU") else "IKI"
            anchors.append(Anchor(ln.page, ln.top, level=level))
            named = _POSITIONS.heading_jabatan(t[m.end():]) if level == "IKI" else None
            if named and (more := _heading_wraps(lines, i, table_starts)):
                named = f"{named} {more}"
            if named:  # "INDIKATOR KINERJA INDIVIDU SEKRETARIS KECAMATAN"
                positions.append(Position(jabatan=named, level="IKI",
                                          provenance=Provenance(page=ln.page, bbox=ln.bbox)))
                anchors.append(Anchor(ln.page, ln.top + 0.01, jabatan=named))
        named = _numbered_heading(lines, i, table_starts)
        if named:
            positions.append(Position(jabatan=named, level="IKI", provenance=Provenance(page=ln.page, bbox=ln.bbox)))
            anchors.append(Anchor(ln.page, ln.top, jabatan=named))
        mj = _JABATAN.match(t)
        if mj and ":" not in t[:mj.start("rest")] and not any(
                _TUGAS.match(x.text) or _FUNGSI.match(x.text) for x in lines[i + 1:i + 4]) \
                and not (_right_above_table(lines, i, table_starts) and _names_a_position(mj["rest"])):
            mj = None  # no colon, no Tugas/Fungsi and no table below: prose that happens to start with "Jabatan"
        if not mj:
            i += 1
            continue
        if i == unit_may_follow and norm_label(t[:mj.start("rest")]) in _POSITIONS.unit_labels:
            i += 1  # "Unit Kerja : Kecamatan X" under "Nama Jabatan : ...": the position's unit
            continue
        jabatan = mj.group("rest").strip(" :")
        if not jabatan and i + 1 < len(lines):
            jabatan = lines[i + 1].text.strip()
        # the block runs until the next table or the next Jabatan line
        nxt = next(((p, tp) for p, tp in table_starts if (p, tp) > (ln.page, ln.top)), None)
        j = i + 1
        while j < len(lines) and not _JABATAN.match(lines[j].text) and (
                nxt is None or (lines[j].page, lines[j].top) < nxt):
            j += 1
        if _POSITIONS.designates_second_party([x.text for x in lines[i + 1:j]]):
            i = j  # a PK's second party (the superior): not the position these rows belong to
            continue
        tugas, fungsi, eselon = _position_body(lines[i + 1:j])
        positions.append(Position(jabatan=jabatan, level="IKI", tugas=tugas, fungsi=fungsi, eselon=eselon,
                                  provenance=Provenance(page=ln.page, bbox=ln.bbox)))
        anchors.append(Anchor(ln.page, ln.top, jabatan=jabatan))
        i = unit_may_follow = j
    return positions, anchors


def _heading_wraps(lines: list[Line], i: int, table_starts: list[tuple[int, float]]) -> str | None:
    """The rest of a position heading wrapped onto the next line ("... KEPALA SEKSI KETENTERAMAN DAN
    KETERTIBAN" / "UMUM"): a short upper-case line right below it, before its table, naming nothing else."""
    if i + 1 >= len(lines):
        return None
    ln, nx = lines[i], lines[i + 1]
    nxt = next((ts for ts in table_starts if ts > (ln.page, ln.top)), None)
    t = nx.text.strip()
    close = nx.page == ln.page and nx.top - ln.bottom < 0.8 * (ln.bottom - ln.top)
    if not close or nxt is None or (nx.page, nx.top) >= nxt or not is_upper(t) or len(t.split()) > 6:
        return None
    if re.search(r"\d", t) or _HEADING_LEVEL.search(t) or _JABATAN.match(t):
        return None
    return t


def _numbered_heading(lines: list[Line], i: int, table_starts: list[tuple[int, float]]) -> str | None:
    """'I. KEPALA SEKSI PEMERINTAHAN' right above a table (a few lines at most): the position it names."""
    t = lines[i].text.strip()
    m = next((p.match(t) for p in _POSITIONS.numbered if p.match(t)), None)
    if not m or not is_upper(t) or len(t) > 100 or _HEADING_LEVEL.search(t):
        return None
    return t[m.end():].strip(" :.") if _right_above_table(lines, i, table_starts) else None


def _names_a_position(text: str) -> bool:
    """A position's name ("Kepala Seksi Tata Pemerintahan"), not a sentence: a few words, no full stop."""
    return 0 < len(text.split()) <= POSITION_WORDS and not text.rstrip().endswith(".")


def _right_above_table(lines: list[Line], i: int, table_starts: list[tuple[int, float]]) -> bool:
    """A table starts below line i on its page, a few lines at most between them."""
    here = (lines[i].page, lines[i].top)
    nxt = next((ts for ts in table_starts if ts > here), None)
    if nxt is None or nxt[0] != here[0]:
        return False
    return sum(1 for ln in lines[i + 1:] if (ln.page, ln.top) < nxt) <= _POSITIONS.numbered_reach


def _position_body(lines: list[Line]) -> tuple[str | None, list[str], str | None]:
    tugas: list[str] = []
    fungsi_lines: list[Line] = []
    eselon = None
    mode = None
    for ln in lines:
        t = ln.text.strip()
        if _ESELON.match(t):
            eselon = _ESELON.match(t).group("rest").strip(" :")
            continue
        if _FUNGSI.match(t) and mode != "fungsi":
            mode = "fungsi"
            rest = (_FUNGSI.match(t).group("rest") or "").strip(" :")
            if rest:
                fungsi_lines.append(Line([w for w in ln.words if w.x0 >= _x_of(ln, rest) - 0.5]))
            continue
        if _TUGAS.match(t) and mode is None:
            mode = "tugas"
            rest = _TUGAS.match(t).group("rest")
            tugas.append((rest or t).strip(" :"))
            continue
        if mode == "tugas":
            tugas.append(t)
        elif mode == "fungsi":
            fungsi_lines.append(ln)
    fungsi = [f"{mk} {tx}".strip() for mk, tx, _ in split_items(fungsi_lines, fungsi_lines[0].text)] \
        if fungsi_lines else []
    return (join_lines(tugas) or None), fungsi, eselon


# "LAMPIRAN" on a line of its own over "KEPUTUSAN CAMAT ...": the lampiran's reference to its decree, no decree
_LAMPIRAN_ALONE = re.compile(r"^LAMPIRAN\s*:?\s*[IVX\d]*\s*$", re.I)


def _lampiran(lines: list[Line]) -> dict[str, str]:
    """The "Lampiran : Keputusan Camat ... / Nomor : ... / Tanggal : ..." block."""
    for i, ln in enumerate(lines):
        alone = _LAMPIRAN_ALONE.match(ln.text.strip()) and i + 1 < len(lines) and _DECREE.match(lines[i + 1].text)
        if re.match(r"^LAMPIRAN\b.*KEPUTUSAN", ln.text, re.I) or re.match(r"^Lampiran\s*:", ln.text, re.I) or alone:
            out = {"lampiran": f"{ln.text} {lines[i + 1].text}" if alone else ln.text}
            for nxt in lines[i + 1:i + 6]:
                t = nxt.text.strip()
                if _NOMOR.match(t):
                    out.setdefault("number", _number(_NOMOR.match(t).group("num")))
                elif md := opening_label(_SIGNATURE.tanggal, t):
                    out.setdefault("date", md.group("date").strip(" :"))
            return out
    return {}


def read_sections(pages: list[PageLayout], runs: list[TableRun], log: StageLog,
                  lexicon: KnownWords | None) -> DocumentText:
    """The document's text outside the indicator tables, read with the run's `lexicon` (letter-spaced words)."""
    lines = text_lines(pages, runs)
    decrees = [parse_decree(lines, i, log, lexicon, header) for i in range(len(lines))
               if (header := decree_header(lines, i, lexicon))]
    for d in decrees:
        d.reference = bool(d.start and _LAMPIRAN_ALONE.match(lines[d.start - 1].text.strip()))
    if not decrees:
        log.warn(W_NO_HEADER, "no 'KEPUTUSAN CAMAT' header found; metadata from letterhead, Lampiran block and "
                 "signatures")
    kop_kab, kop_kec = None, None
    for ln in lines[:60]:
        t = despace(ln.text.strip(), lexicon)
        if kop_kab is None and (m := _KOP_KAB.match(t)):
            kop_kab = (m.group("kind").title(), m.group("name").strip())
        if kop_kec is None and (m := _KOP_KEC.match(t)) and is_upper(t):
            kop_kec = m.group("name").strip()
    headings = [ln.text.strip() for ln in lines if _level_heading(ln.text)]
    positions, anchors = _positions(lines, runs)
    signatures = [find_signature(lines, max(0, i - 5), window=6) for i, ln in enumerate(lines) if _nip_in(ln.text)]
    return DocumentText(lines=lines, decrees=decrees, kop_kabupaten=kop_kab, kop_kecamatan=kop_kec,
                        headings=headings, anchors=anchors, positions=positions, lampiran=_lampiran(lines),
                        signatures=signatures, lexicon=lexicon)
