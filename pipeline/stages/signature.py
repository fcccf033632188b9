"""The signature block of a scanned page, read again: place, date, title, name, rank and NIP.

The page pass of Tesseract often loses the block's lines under a stamp or a signature, and the signatory's
name (bold, underlined, a pen stroke through it) most of all: its layout analysis takes the name, its underline
and the signature's flourish for one picture and reads nothing there. The block is found by its layout, from
whichever of its lines the page pass did read ("Ditetapkan di", "Pada tanggal", the office's title, a NIP by its
label or its own structure), or, when the page pass read none of them, as the ink below the decree's last
article. It is cropped, enlarged and read again in several ways (binarised at the print's own darkness, grey,
with underlines and pen strokes removed; whole, and each line alone, the name's line found by its underline;
that line also with the signature's strokes across it followed in from above and below and painted over).
The readings, the page pass's among them, are voted line by line: the reading most like the others wins, a
line whose content has its field's structure (a NIP's birth date, appointment month and sex digit; a date; a
rank) before any other, and the page pass's words stand where it read the same characters. A line the readings
disagree on keeps its words with a lowered confidence, so that what stays doubtful is flagged, not guessed.
The voted lines replace the page pass's words inside the block only when they hold the block's labels; what
parses them is unchanged (stages/sections.py). Costs a few Tesseract calls on a small crop, only where a block
was seen.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import cv2
import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from iku.core.layout import COLUMN_GAP, Line, PageLayout, Word, gap_groups, group_lines
from iku.core.stage import Context
from iku.resources.vocab import (
    RANK,
    is_name_affix,
    month_number,
    name_part_known,
    read_degree,
    signature_vocabulary,
)
from iku.stages import ocr

CACHE_WHAT = "signature-17"  # the readings stored; the vote is not
REACH_ABOVE = 150.0  # points above a NIP line the block may start (place, date, title, signature space, name)
REACH_BELOW = 170.0  # points below a "Ditetapkan di" line the block may end when no NIP was read
MARGIN = 8.0  # points around the block
LEFT_REACH = 30.0  # points left of the block's labels a centred name may start
MAX_BLOCKS = 3  # per page
BODY_LEFT = 0.3  # a line starting this far across the page (or nearer the left) is the decree's body, not the block
GRID_WIDTH = 0.25  # of the page's width: a grid narrower is a pen's loops over the name's underline, no table
OPENING_REACH = 3.0  # letter heights above "Pada tanggal": the two lines where "Ditetapkan di" may stand


def opening_label(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """`pattern` (a label and its value) found in `text`, where nothing but debris comes before the label: a
    stamp's or signature's specks, a stray letter or two ("maa Ditetapkan di Kuaro"), not a word of prose."""
    m = pattern.search(text)
    return m if m and not re.search(r"[^\W\d_]{4,}", text[:m.start()]) else None


@dataclass
class Reading:
    """One way of reading the crop: its words in page pixels (300 dpi, the upright deskewed page)."""

    how: str
    words: list[dict]


# --- the fields' own structure ---------------------------------------------------------------------------------


def nip_is_plausible(digits: str) -> bool:
    """18 digits laid out as a NIP: birth date (yyyymmdd), appointment (yyyymm) at 17 or later, sex 1/2, sequence."""
    if not re.fullmatch(r"\d{18}", digits):
        return False
    year, month = int(digits[8:12]), int(digits[12:14])
    born = _birth_date(digits[:8])
    return born is not None and 1 <= month <= 12 and year - born.year >= 17 and year <= 2100 and digits[14] in "12"


def _birth_date(digits: str) -> date | None:
    if not re.fullmatch(r"(19|20)\d{6}", digits):
        return None
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


_DIGIT_MISREADS = dict(signature_vocabulary().digit_misreads)


def _mended_group(m: re.Match[str]) -> str:
    group = m.group(0)
    if sum(c.isdigit() for c in group) < sum(c in _DIGIT_MISREADS for c in group):
        return group
    return "".join(_DIGIT_MISREADS.get(c, c) for c in group)


def mend_digits(text: str) -> str:
    """`text` with the letters OCR read in place of digits written back as digits, in each group of
    characters that holds a digit and is no word ("O11" is "011", "2OO8" is "2008"; "NIP." and "Oktober" stay)."""
    # only groups holding a digit are looked at: most lines of a page have none
    return re.sub(r"[^\s.,:;]*\d[^\s.,:;]*", _mended_group, text)


def find_nip(text: str) -> str | None:
    """A NIP in a line of OCR text, with or without its label, spaces anywhere OCR put them, a letter read for a
    digit here and there, a year's first digit misread (see _centuries); None if none."""
    squeezed = re.sub(r"(?<=\d)[\s.,:;\-–]+(?=\d)", "", mend_digits(text))  # a space read as a mark
    for m in re.finditer(r"\d{18,}", squeezed):
        run = m.group(0)
        for i in range(len(run) - 17):
            for digits in (run[i:i + 18], _centuries(run[i:i + 18])):
                if nip_is_plausible(digits):
                    return digits
    return None


def _centuries(digits: str) -> str:
    """The NIP's two years (birth, appointment) with a first digit no year of a civil servant has written as the
    only one it can be: 1 before a 9 (19xx), 2 before a 0 (20xx). A stamp's ring over the "1" of "19800725"
    makes every reading "49800725"; the rest of the NIP's structure still has to hold."""
    out = list(digits)
    for at in (0, 8):
        if digits[at:at + 2] not in ("19", "20") and digits[at + 1] in "90":
            out[at] = "1" if digits[at + 1] == "9" else "2"
    return "".join(out)


def has_birth_date(text: str) -> bool:
    """An 8-digit group that is a civil servant's birth date: what is left of a NIP whose rest a stamp hid."""
    return any(_birth_date(m) for m in re.findall(r"(?<!\d)\d{8}(?!\d)", text))


_DATE = re.compile(r"(?<![^\W_])(\d{1,2})[.,]?\s+([A-Za-z]+)\s+((?:19|20)\d\d)(?!\d)")


def date_is_plausible(text: str) -> bool:
    """A written date: a day of the month, a month's name, a year ("22 Januari 2025")."""
    return any(1 <= int(d) <= 31 and month_number(m) for d, m, _ in _DATE.findall(text))


def is_rank(text: str) -> bool:
    return bool(RANK.match(re.sub(r"^\W+", "", text).strip()))


def is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


# a rank's first word ("Pembina", "Penata" ...), from the vocabulary's ranks
RANK_WORD = re.compile(r"\b(" + "|".join(sorted({r.split()[0].lower() for r in signature_vocabulary().ranks}))
                        + r")\b", re.I)


def _rank_distance(letters: str, rank: str) -> int:
    """Edits from the start of a line's letters to a rank, its words apart or glued by OCR ('PembinajTingkat')."""
    glued, rank_glued = letters.replace(" ", ""), rank.replace(" ", "")
    return min(min(Levenshtein.distance(letters[:len(rank) + j], rank),
                   Levenshtein.distance(glued[:len(rank_glued) + j], rank_glued)) for j in (-2, -1, 0, 1, 2))


# the words ranks are made of ("pembina", "tingkat", "muda" ...), from the vocabulary's ranks
_RANK_PARTS = sorted({w.lower() for r in signature_vocabulary().ranks for w in r.split() if len(w) > 2})
RANK_PART_LIKE = 55  # rapidfuzz ratio from which an OCR'd word is taken for a rank's word ("Pefhbiha", "Tlndeat")
RANK_LIKE_SHARE = 0.6  # of a line's letters (in words of three or more) in such words: a rank's line misread


def misread_rank(text: str) -> bool:
    """A line that is a rank OCR misread too badly to name ("Pefhbiha Tingkat", "Tlndeat To" for "Pembina
    Tingkat I" under a pen stroke): most of its letters stand in words like a rank's words, none of them a known
    personal name. The line right above the NIP, it tells the block's layout: the name is the line above it."""
    words = [w for w in re.findall(r"[^\W\d_]+", text.lower()) if len(w) >= 3]
    if not words or any(name_part_known(w) for w in words):
        return False
    like = sum(len(w) for w in words if max(fuzz.ratio(w, p) for p in _RANK_PARTS) >= RANK_PART_LIKE)
    return like >= RANK_LIKE_SHARE * sum(map(len, words))


def _completed(rank: str, cut: str) -> str:
    """The one longer rank of the vocabulary that `rank` followed by the start of a word (`cut`, three letters or
    more: a pen stroke took the rest, "Pembina Tin") spells, or by a word like that rank's next word alone
    ("Pembina Tingke", "Penata Lingkat": a pen's loop through the word); `rank` itself when none or several do."""
    start = re.sub(r"[^a-z]", "", cut.lower())
    if len(start) < 3:
        return rank
    longer = [r for r in signature_vocabulary().ranks if r.lower().startswith(rank.lower() + " ")]
    following = {r: r.split()[len(rank.split())].lower() for r in longer}
    cut_of = [r for r in longer if following[r].startswith(start)]
    if cut_of:
        return cut_of[0] if len(cut_of) == 1 else rank
    like = {w for w in following.values() if fuzz.ratio(start, w) >= RANK_PART_LIKE}
    if len(like) != 1:
        return rank
    # the shortest rank that goes on with that word: "Penata Muda" of "Penata Muda" and "Penata Muda Tingkat I"
    return min((r for r in longer if following[r] in like), key=len)


def read_rank(text: str) -> str | None:
    """The rank (pangkat) a line right above the NIP prints, as the vocabulary writes it when OCR misread a
    letter or two ('Retbina') or left debris after it ('Pembina' AAT'); None when the line is no rank."""
    if RANK.match(text):
        return text
    rank = RANK_WORD.search(text)
    if rank and rank.start() <= 4:  # minus stamp debris before the rank
        text = text[rank.start():]
        if re.search(r"\b(tingkat|tk\.?)$", text, re.I):
            return text + " I"  # "Tingkat I" is the only grade there is: OCR lost the lone "I"
    words = re.sub(r"^\W+", "", text).split()
    exact = next((head for n in range(len(words), 0, -1)  # the longest run of words from the start that is a rank
                  if RANK.match(head := " ".join(words[:n]).rstrip("'’`\".,;: "))), None)
    if exact and len(words) > len(exact.split()):
        exact = _completed(exact, words[len(exact.split())])
    letters = " ".join(re.sub(r"[^a-z ]", " ", text.lower()).split())
    loose = None
    if not is_upper(text):  # a name is printed in capitals: only a rank's own letters are read loosely
        loose = next((vocab for vocab in signature_vocabulary().ranks  # longest first
                      if _rank_distance(letters, vocab.lower()) <= min(2, len(vocab) // 3)), None)
        if loose and len(words) > len(loose.split()):  # "Pembha Tingkapl": the rank misread, then its next word
            loose = _completed(loose, words[len(loose.split())])
    # a rank printed whole is read as printed ("Pembina Utama Muda / IV c" is no misread "Madya"); the loose
    # reading only when it names more of one (OCR's "Pembina Utama Mada")
    if exact and (loose is None or len(exact.split()) >= len(loose.split())):
        return exact
    return loose or exact


# --- where the block is ---------------------------------------------------------------------------------------

_MEMUTUSKAN = re.compile(r"M\s*E\s*M\s*U\s*T\s*U\s*S\s*K\s*A\s*N\b", re.I)


def anchor_kind(text: str, in_column: bool) -> str | None:
    """Which of the block's lines `text` is ("nip", "place", "date", "title"), or None. `in_column`: the line
    starts right of the decree's body, where looser evidence will do (a NIP's birth date alone, a place whose
    label lost its start, a bare date, the office's title)."""
    vocab = signature_vocabulary()
    if find_nip(text) or (vocab.nip_label.search(text) and re.search(r"\d{6}", text)):
        return "nip"
    if opening_label(vocab.ditetapkan, text):
        return "place"
    if opening_label(vocab.tanggal, text) and re.search(r"(19|20)\d\d", text):
        return "date"
    if not in_column:
        return None
    if has_birth_date(text):
        return "nip"
    if vocab.ditetapkan_tail.search(text):
        return "place"
    if date_is_plausible(text):
        return "date"
    if vocab.title.search(text) and text.rstrip().endswith(","):
        return "title"
    return None


def block_regions(layout: PageLayout) -> list[tuple[float, float, float, float]]:
    """Boxes (points) around each signature block on the page, from the lines the page pass read of it.

    A NIP line closes a block; a "Ditetapkan di" or "Pada tanggal" line opens one. The block's left edge is its
    anchors' left edge (less a margin: a name may start a little further left); it does not reach above or below
    a line of the decree's body (one starting near the page's left edge and running into the block). A page
    where the page pass read no line of a block is searched apart (searched_region)."""
    lines = group_lines(layout.words)
    found = [(part, kind) for ln in lines for part in _parties_apart(ln)
             if (kind := anchor_kind(part.text, part.x0 >= BODY_LEFT * layout.width))]
    regions: list[tuple[float, float, float, float]] = []
    used: set[int] = set()
    for i, (ln, kind) in enumerate(found):
        if i in used or kind == "title":  # the office's title also heads the decree: it only joins a block
            continue
        group = [ln]
        for j in range(i + 1, len(found) if kind != "nip" else i + 1):  # a NIP closes its block
            other, okind = found[j]
            if other.top - ln.top > REACH_ABOVE + 20:
                break
            group.append(other)
            used.add(j)
            if okind == "nip":
                break
        region = _region(group, lines, layout, closed=found[i + len(group) - 1][1] == "nip", opening=kind)
        regions.append(_off_tables(region, group[0].top, group[-1].bottom, layout))
        if len(regions) >= MAX_BLOCKS:
            break
    return _sized(regions)


def searched_region(layout: PageLayout) -> list[tuple[float, float, float, float]]:
    """Where a decree's signature block stands when the page pass read no line of it: below the last article
    of a page with MEMUTUSKAN (block_regions finding none)."""
    below = _below_last_article(group_lines(layout.words), layout)
    return _sized([_off_tables(below, below[1], below[1], layout)]) if below else []


def _sized(regions: list[tuple[float, float, float, float] | None]) -> list[tuple[float, float, float, float]]:
    return [r for r in regions if r is not None and r[2] - r[0] > 40 and r[3] - r[1] > 20]


def _parties_apart(line: Line) -> list[Line]:
    """The line's column parts when it holds the NIPs of two parties signing side by side (a Perjanjian
    Kinerja): each party's block is its own. Any other line whole."""
    parts = [Line(g) for g in gap_groups(line.words, COLUMN_GAP)]
    return parts if sum(1 for p in parts if find_nip(p.text)) >= 2 else [line]


def _off_tables(region: tuple[float, float, float, float], first: float, last: float,
                layout: PageLayout) -> tuple[float, float, float, float] | None:
    """The region minus the ruled tables of the page: a signature block stands above or below a table, never in
    it (a re-read of a table's last row under the block's stamp would replace the row's words). None when the
    block's own lines (from `first` to `last`) are inside a table. A grid a few words wide is none: the
    signature's loops standing on the name's underline close cells the page's rule finder takes for one."""
    x0, top, x1, bottom = region
    for cells in layout.cell_groups:
        tx0, ttop = min(c[0] for c in cells), min(c[1] for c in cells)
        tx1, tbottom = max(c[2] for c in cells), max(c[3] for c in cells)
        if tx1 <= x0 or tx0 >= x1 or tbottom <= top or ttop >= bottom or tx1 - tx0 < GRID_WIDTH * layout.width:
            continue
        if tbottom <= first + 1:
            top = tbottom + 1
        elif ttop >= last - 1:
            bottom = ttop - 1
        else:
            return None
    return x0, top, x1, bottom


def _body(lines: list[Line], layout: PageLayout, x0: float) -> list[Line]:
    """Lines of the decree's body that run into the block from the left: not the lines of two columns side by
    side (the other party's block beside this one), which part at a wide gap before the block's edge."""
    return [ln for ln in lines if ln.x0 < BODY_LEFT * layout.width and ln.x1 > x0 + MARGIN
            and not any(a[-1].x1 <= x0 + MARGIN <= b[0].x0 + MARGIN
                        for a, b in itertools.pairwise(gap_groups(ln.words, COLUMN_GAP)))]


def _region(group: list[Line], lines: list[Line], layout: PageLayout, closed: bool,
            opening: str = "nip") -> tuple[float, float, float, float]:
    """The block's box from its anchors (`opening`: the first one's kind). A block closed by its NIP reaches
    REACH_ABOVE over it for lines the page pass lost, but not above the line that opens a block ("Ditetapkan
    di"), nor more than two lines above "Pada tanggal" (the place's line a stamp hid): what stands there is
    the page's text (the last rows of a table the Lampiran is signed under), which the block's re-read would
    replace."""
    left = min(g.x0 for g in group)
    x0 = max(0.0, min(left - MARGIN, BODY_LEFT * layout.width), left - LEFT_REACH)
    last = group[-1]
    if closed:
        top = min(group[0].top, last.top - REACH_ABOVE)
        first = group[0]
        if opening == "place":
            top = first.top
        elif opening == "date":
            top = max(top, first.top - OPENING_REACH * (first.bottom - first.top))
        bottom = last.bottom + MARGIN
    else:
        top, bottom = group[0].top, min(layout.height, group[0].top + REACH_BELOW)
    # the decree's body (lines starting left of the block) bounds it above; a line across the block, below
    body = _body(lines, layout, x0)
    above = [ln.bottom for ln in body if ln.bottom <= group[0].top + 1]
    below = [ln.top for ln in body if ln.top >= last.bottom - 1]
    top = max([top, *above]) + 1 if above else max(0.0, top)
    bottom = min([bottom, *below]) - 1 if below else bottom
    return x0, max(0.0, top - MARGIN / 2), layout.width, min(layout.height, bottom)


def _below_last_article(lines: list[Line], layout: PageLayout) -> tuple[float, float, float, float] | None:
    """The space under a decree's last article (the body lines after MEMUTUSKAN), right of the body's margin:
    where the signature block stands when the page pass read nothing of it."""
    start = next((i for i, ln in enumerate(lines) if _MEMUTUSKAN.search(ln.text)), None)
    if start is None:
        return None
    x0 = BODY_LEFT * layout.width
    end = start
    for i in range(start + 1, len(lines)):
        gap = lines[i].top - lines[end].bottom
        if lines[i].x0 >= x0 or gap > 3 * max(1.0, lines[end].bottom - lines[end].top):
            break
        end = i
    top = lines[end].bottom + 1
    below = [ln.top for ln in _body(lines, layout, x0) if ln.top > top]
    bottom = min([top + REACH_BELOW + REACH_ABOVE / 2, *below, layout.height]) - 1
    return x0, top, layout.width, bottom


# --- reading the crop in several ways -------------------------------------------------------------------------


def _ink_threshold(gray: np.ndarray, share: float = 0.5) -> float:
    """A grey level between print and paper that leaves out what is fainter than print: show-through from the
    back of the sheet, a grey or coloured stamp (after the lightest-channel render), a light signature."""
    ink, paper = ocr.percentile_u8(gray, 1), ocr.median_u8(gray)
    return ink + share * (paper - ink)


def _dark_ink(gray: np.ndarray, share: float = 0.5) -> np.ndarray:
    return np.where(gray < _ink_threshold(gray, share), 0, 255).astype(np.uint8)


UNDERLINE_LETTERS = 3.0  # letter heights (a line's box): the shortest underline, under a name of five letters
LONG_UNDERLINE = 6.0  # letter heights: an underline this long is looked under wherever it is
UNDERLINE_GAP = 1.5  # letter heights: the widest break in one underline (where a pen's stroke crossed it)


def _strokes(gray: np.ndarray, bridge: int = 0, letter: float | None = None) -> np.ndarray:
    """Long thin horizontal strokes (the name's underline, a signature's tail) as a mask; `bridge`: gaps this wide
    (pixels) closed first (where a coloured pen crossing the stroke was painted over). A stroke is a tenth of the
    crop long, or, when the print's `letter` height is known, UNDERLINE_LETTERS letters at most: a short name's
    underline in a crop as wide as the page is an underline still."""
    bw = np.where(gray < _ink_threshold(gray), 255, 0).astype(np.uint8)
    if bridge:
        bw = cv2.morphologyEx(bw, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (bridge, 1)))
    least = gray.shape[1] // 10 if letter is None else min(gray.shape[1] // 10, int(UNDERLINE_LETTERS * letter))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(40, least), 1))
    return cv2.morphologyEx(bw, cv2.MORPH_OPEN, kernel)


def _without_underlines(gray: np.ndarray) -> np.ndarray:
    out = gray.copy()
    out[cv2.dilate(_strokes(gray), np.ones((3, 1), np.uint8)) > 0] = 255
    return out


def _without_pen(gray: np.ndarray) -> np.ndarray:
    """Print only: underlines removed, then every connected stroke taller than two lines of print (a
    signature's loops, a stamp's ring) painted over. Letters a pen stroke touches go with it; the other
    readings keep those."""
    clean = _without_underlines(gray)
    bw = np.where(clean < _ink_threshold(clean), 255, 0).astype(np.uint8)
    n, labels, stats, _ = ocr.components(bw)
    if n <= 1:
        return _dark_ink(clean)
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    letter = float(np.median(heights[heights >= 8])) if (heights >= 8).any() else 20.0
    big = np.flatnonzero(heights > 2.6 * letter) + 1
    out = _dark_ink(clean)
    out[np.isin(labels, big)] = 255
    return out


def _enlarge(gray: np.ndarray, k: float) -> np.ndarray:
    return cv2.resize(gray, None, fx=k, fy=k, interpolation=cv2.INTER_CUBIC)


def line_bands(readings: list[list[dict]], height: int, min_conf: float = ocr.MIN_CONF) -> list[tuple[int, int]]:
    """Rows of print (y0, y1 in the readings' pixels) where any whole-crop reading found a line, padded a little
    but never past the middle of the gap to the next line: a band holds one line."""
    lines = [ln for words in readings for ln in _lines_of([w for w in words if ocr._keep(w, min_conf)])
             if _is_one_line(ln)]
    spans = [(float(np.median([w["top"] for w in ln])), float(np.median([w["top"] + w["height"] for w in ln])))
             for ln in lines]
    return _separate_bands(spans, height)


def _separate_bands(spans: list[tuple[float, float]], height: int) -> list[tuple[int, int]]:
    rows: list[list[tuple[float, float]]] = []  # spans of one printed line: their centres close together
    for y0, y1 in sorted(spans, key=lambda s: s[0] + s[1]):
        c = (y0 + y1) / 2
        if rows and abs(c - float(np.mean([(a + b) / 2 for a, b in rows[-1]]))) < 0.5 * (y1 - y0):
            rows[-1].append((y0, y1))
        else:
            rows.append([(y0, y1)])
    typical = [(float(np.median([a for a, _ in r])), float(np.median([b for _, b in r]))) for r in rows]
    out = []
    for i, (y0, y1) in enumerate(typical):
        pad = max(8.0, (y1 - y0) / 3)
        lo = max(y0 - pad, (typical[i - 1][1] + y0) / 2 if i else 0.0)
        hi = min(y1 + pad, (y1 + typical[i + 1][0]) / 2 if i + 1 < len(typical) else float(height))
        out.append((max(0, int(lo)), min(height, int(hi))))
    return out


def underline_bands(gray: np.ndarray, letter: float, bridge: int = 0) -> list[tuple[int, int, int, int]]:
    """The line of print standing on each underline of the crop (the signatory's name is underlined): from a
    line's height above the stroke to the stroke, and as wide as the stroke (y0, y1, x0, x1): the name and
    not the pen's loops beside it. `letter`: the print's line height in pixels. Pieces of one underline a pen's
    stroke parted (in line, UNDERLINE_GAP letters apart at most) are the one underline."""
    stats = ocr.components(_strokes(gray, bridge, letter))[2]
    strokes = sorted(((x, y, x + w) for x, y, w, h, _ in stats[1:] if h <= 0.4 * letter), key=lambda s: s[0])
    pieces: list[list[int]] = []
    for x0, y, x1 in strokes:
        same = next((p for p in pieces if abs(p[1] - y) <= 0.4 * letter and x0 - p[2] <= UNDERLINE_GAP * letter),
                    None)
        if same is not None:
            same[1], same[2] = min(same[1], y), max(same[2], x1)
        else:
            pieces.append([x0, y, x1])
    out: list[tuple[int, int, int, int]] = []
    # the longest first: a stroke just under an underline (the pen's tail) stands under the same line of print
    for x0, y, x1 in sorted(pieces, key=lambda p: p[0] - p[2]):
        pad = int(letter / 2)
        band = (max(0, int(y - 1.35 * letter)), int(y + 1), max(0, x0 - pad), x1 + pad)
        if x1 - x0 >= UNDERLINE_LETTERS * letter and not any(_same_line(band, o) for o in out):
            out.append(band)
    return sorted(out)


def _same_line(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    """Two bands (y0, y1, x0, x1) over one line of print: mostly the same rows, some columns in common."""
    return _band_overlap(a[:2], b[:2]) > 0.5 and min(a[3], b[3]) > max(a[2], b[2])


# --- the pen's strokes taken off the signatory's name ------------------------------------------------------------

TRACE_GAP = 0.3  # of the name's cap height: how far above (below) its letters a stroke is picked up
TRACE_RUN = 0.6  # of the cap height: how far outside the letters a mark must run to be a pen's stroke
RESTORE = 0.3  # of the cap height: a letter's stroke the pen cut is closed over gaps this long
WIDE_RUN = 0.6  # of the cap height: a row's run of ink this wide is a letter's bar or a blob, no pen stroke


def _runs(row: np.ndarray) -> list[tuple[int, int]]:
    """The runs of ink (start, end) along one row of a 0/1 mask."""
    d = np.diff(np.concatenate([[0], row.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(d == 1).tolist(), np.flatnonzero(d == -1).tolist(), strict=True))


def name_rows(bw: np.ndarray, under: int, letter: float) -> tuple[int, int] | None:
    """The first and last row of the print standing on an underline (its top at row `under` of the 0/1 ink
    mask `bw`): the longest run of rows dense with ink that ends near the underline, up to where the ink thins
    to the pen's strokes alone."""
    profile = bw.mean(axis=1)
    lo = max(0, under - int(1.2 * letter))
    core = float(np.percentile(profile[lo:under], 75)) if under > lo else 0.0
    if core <= 0:
        return None
    dense = np.flatnonzero(profile[lo:under] >= 0.4 * core) + lo
    runs = np.split(dense, np.flatnonzero(np.diff(dense) > 2) + 1) if dense.size else []
    near = [r for r in runs if under - r[-1] <= 0.3 * letter and r[-1] - r[0] >= 0.4 * letter]
    if not near:
        return None
    top, bottom = int(near[-1][0]), int(near[-1][-1])
    while top > 0 and profile[top - 1] >= 0.4 * core:
        top -= 1
    return top, bottom


def _stroke_in(bw: np.ndarray, edge: int, away: int, start: tuple[int, int],
               cap: int) -> tuple[float, float, float] | None:
    """The pen's stroke through `start` (a run of row `edge`) followed away from the letters (`away`: -1 up,
    1 down): (its x at the edge, dx per row, its width along a row), or None when the mark does not run on
    for TRACE_RUN of the letters' height (a letter's top, a speck) or runs into a wide blob."""
    xs, ys, widths = [(start[0] + start[1] - 1) / 2], [edge], [start[1] - start[0]]
    slope = 0.0
    for y in range(edge + away, edge + away * max(5, int(TRACE_RUN * cap)), away):
        if not 0 <= y < bw.shape[0]:
            return None
        expected = xs[-1] + slope * away
        near = [(a, b) for a, b in _runs(bw[y]) if a - 2 <= expected <= b + 1]
        if not near:
            return None
        a, b = min(near, key=lambda r: abs((r[0] + r[1] - 1) / 2 - expected))
        if b - a > WIDE_RUN * cap:
            return None
        xs.append((a + b - 1) / 2)
        ys.append(y)
        widths.append(b - a)
        if len(xs) >= 3:
            slope = float(np.polyfit(ys, xs, 1)[0])
    return xs[0], float(np.polyfit(ys, xs, 1)[0]), float(np.median(widths))


def _pen_through(bw: np.ndarray, top: int, bottom: int) -> np.ndarray:
    """The pixels (a 0/1 mask) of the pen's strokes that cross the letters from row `top` to `bottom`: each
    stroke that enters from above or below is followed row by row in its direction. Where it runs alone (a
    run no wider than the stroke) the run goes, and the stroke is followed on from it; where it lies over a
    letter only the stroke's own width at its expected place goes."""
    cap = bottom - top + 1
    gap = max(3, int(TRACE_GAP * cap))
    out = np.zeros_like(bw)
    for edge, away in ((top - gap, -1), (bottom + gap, 1)):
        if not 0 <= edge < bw.shape[0]:
            continue
        for start in _runs(bw[edge]):
            stroke = None if start[1] - start[0] > WIDE_RUN * cap else _stroke_in(bw, edge, away, start, cap)
            if stroke is None:
                continue
            x, slope, width = stroke
            misses, y = 0, edge
            while 0 <= y < bw.shape[0] and top - gap <= y <= bottom + gap:
                on = next(((a, b) for a, b in _runs(bw[y]) if a - 1 <= x <= b), None)
                if on is None:
                    misses += 1
                    if misses > max(2, 0.15 * cap):  # the stroke ended, or turned
                        break
                elif on[1] - on[0] <= width + 2:
                    out[y, on[0]:on[1]] = 1
                    x, misses = (on[0] + on[1] - 1) / 2, 0
                else:
                    out[y, max(0, round(x - width / 2)):max(0, round(x + width / 2) + 1)] = 1
                    misses = 0
                x -= slope * away
                y -= away
    return out & bw


def _traced_pen(bw: np.ndarray, top: int, bottom: int) -> np.ndarray:
    """The pen's strokes followed in across the letters (_pen_through), less the pixels where a letter's stroke
    crosses the pen's path: ink on both sides of it along a row or a column closes over it again."""
    cap = bottom - top + 1
    pen = _pen_through(bw, top, bottom)
    rest = bw & (1 - pen)
    k = max(3, int(RESTORE * cap)) | 1
    letters = (cv2.morphologyEx(rest, cv2.MORPH_CLOSE, np.ones((k, 1), np.uint8))
               | cv2.morphologyEx(rest, cv2.MORPH_CLOSE, np.ones((1, k), np.uint8)))
    return pen & (1 - letters)


def unpenned(gray: np.ndarray, under: int, x0: int, x1: int, letter: float) -> tuple[np.ndarray, int] | None:
    """The line of print on the underline at row `under` (from x0 to x1 of `gray`) with the pen's strokes
    across it painted over and everything above, below and beside its letters blank: (the image, its first
    row in `gray`), or None when no line of print stands there. A signature's loops over the name make
    Tesseract read nothing there; the letters alone, cut where the pen lay on them, it reads."""
    first = max(0, under - int(2.5 * letter))
    # strokes are followed from a letter's width beyond the underline's ends: one crossing its end at a slant
    left, right = max(0, x0 - int(letter)), min(gray.shape[1], x1 + int(letter))
    region = gray[first:under + int(1.5 * letter), left:right]
    line = cv2.dilate(_strokes(region), np.ones((3, 1), np.uint8)) > 0
    bw = ((region < _ink_threshold(region)) & ~line).astype(np.uint8)
    rows = name_rows(bw, under - first, letter)
    if rows is None:
        return None
    top, bottom = rows
    cap = bottom - top + 1
    paper = ocr.median_u8(region)
    blank = np.zeros(region.shape, bool)  # what is no part of the name: above, below and beside it
    lo, hi = max(0, top - 3), min(region.shape[0], bottom + 1 + int(0.35 * cap))  # a comma's tail, a "p"
    blank[:lo] = blank[hi:] = True
    below = np.flatnonzero(line[under - first:under - first + max(3, cap // 3)].any(axis=1))
    if below.size:  # nothing under the underline: a descender ends on it
        blank[under - first + int(below[-1]) + 2:] = True
    cols = np.flatnonzero(line[under - first:under - first + 3].any(axis=0))
    if cols.size:  # the name is printed over its underline's length: ink beside it is the pen's
        blank[:, :max(0, int(cols[0] - 0.15 * cap))] = True
        blank[:, int(cols[-1] + 0.15 * cap) + 1:] = True
    pen = _traced_pen(bw, top, bottom)
    # the stroke's grey edges go with it, not the letters' ink beside it
    pen = cv2.dilate(pen, np.ones((1, 3), np.uint8)) & (region < _ink_threshold(region, 0.8)) & ((bw == 0) | (pen > 0))
    clean = region.copy()
    clean[(pen > 0) | line | blank] = paper
    a = max(0, lo - cap // 2)
    return clean[a:hi + cap // 2, x0 - left:x1 - left], first + a


UNPEN = {  # the underlined line without the pen's strokes, read alone (psm 7)
    "unpen-ink-psm7": lambda g: _dark_ink(g),
    "unpen-grey-psm7": lambda g: g,
}


# whole-crop readings: name -> (image transform, psm); each crop is enlarged twice first
WHOLE = {
    "ink-psm6": (lambda g: _dark_ink(g), 6),
    "grey-psm6": (lambda g: g, 6),
    "nounderline-psm6": (lambda g: _dark_ink(_without_underlines(g)), 6),
}
# then each line the whole-crop readings found (and each underlined line), read alone (psm 7)
BY_LINE = {
    "ink-line-psm7": lambda g: _dark_ink(g),
    "nounderline-line-psm7": lambda g: _dark_ink(_without_underlines(g)),
    "nopen-line-psm7": _without_pen,
    "faint-line-psm7": lambda g: _dark_ink(_without_underlines(g), 0.3),  # a blue pen's lighter strokes left out
}
SCALE = 2.0
PRINT = "print"  # readings of a colour scan's crop with its coloured ink painted over
UNDERLINED = "-underlined"  # readings of the underlined line (the name) between its underline's ends
CHROMA = 25  # colour (max - min channel, the paper made white) of ink of a colour: a pen, a stamp
SETTLED = 88  # mean confidence (0-100) of a line every whole-crop reading read alike: not read again alone
PAD = 20  # pixels of paper around a crop: Tesseract misses text touching the edge


def _read(ctx: Context, img: np.ndarray, psm: int, dy: int = 0) -> list[dict]:
    img = cv2.copyMakeBorder(img, PAD, PAD, PAD, PAD, cv2.BORDER_CONSTANT, value=255)
    words = ocr.tesseract_words(ctx, img, psm, int(ctx.dpi * SCALE))
    return [{**w, "left": w["left"] - PAD, "top": w["top"] - PAD + dy} for w in words]


def _read_band(ctx: Context, band: np.ndarray, dy: int) -> list[dict]:
    """One line read alone (psm 7), the paper left and right of its ink cut off (Tesseract's time goes with
    the width)."""
    cols = np.flatnonzero((band < 128).sum(axis=0) >= 2)
    if cols.size == 0:
        return []
    x0, x1 = max(0, int(cols[0]) - PAD), int(cols[-1]) + PAD
    return [{**w, "left": w["left"] + x0} for w in _read(ctx, band[:, x0:x1], 7, dy)]


def read_variants(ctx: Context, crop: np.ndarray, origin: tuple[int, int],
                  print_only: np.ndarray | None = None) -> list[Reading]:
    """The crop read in every variant; word boxes back in the page's pixels (origin: the crop's top-left).
    `print_only`: the same crop of a colour scan with its coloured ink (pen, stamp) painted over, read as well."""
    big = _enlarge(crop, SCALE)
    keep = ctx.settings.ocr_min_conf
    raw = {how: _read(ctx, transform(big), psm) for how, (transform, psm) in WHOLE.items()}
    plain = _enlarge(print_only, SCALE) if print_only is not None else None
    if plain is not None:
        raw[PRINT + "-psm6"] = _read(ctx, _dark_ink(_without_underlines(plain)), 6)
    heights = [w["height"] for words in raw.values() for w in words if ocr._keep(w, keep) and w["text"].isalpha()]
    letter = float(np.median(heights)) if heights else 25.0 * SCALE
    whole = line_bands(list(raw.values()), big.shape[0], keep)
    named = underline_bands(big, letter)
    if plain is not None:  # a pen stroke through the underline hides it in the grey, not without the colour
        named += [b for b in underline_bands(plain, letter, int(letter))
                  if not any(_same_line(b, o) for o in named)]
    # a short stroke under a line the readings found is as often a pen's tail under the rank as an underline (its
    # reading, cut at the stroke's ends, would lose the line's ends); under a line no reading found, it is a
    # short name's underline, the name read nowhere else
    named = [b for b in named if b[3] - b[2] >= LONG_UNDERLINE * letter
             or not any(_band_overlap(b[:2], w) > 0.5 for w in whole)]
    # the lines not every whole-crop reading read alike, each read alone across the crop; each underlined line
    # (the name) also alone between its underline's ends, as a reading of its own
    bands = [b for b in whole if not _settled(list(raw.values()), b, keep)]
    transforms = dict(BY_LINE)
    if plain is not None:
        transforms[PRINT + "-line-psm7"] = lambda g: _dark_ink(_without_underlines(g))
    read: dict[bytes, list[dict]] = {}  # a band two transforms leave alike (no underline to take) is read once

    def band(img: np.ndarray, dy: int) -> list[dict]:
        key = hashlib.blake2b(img.tobytes() + str(img.shape).encode(), digest_size=16).digest()
        if key not in read:
            read[key] = _read_band(ctx, img, 0)
        return [{**w, "top": w["top"] + dy} for w in read[key]]

    for _, y1, x0, x1 in named:  # y1: the underline's top row
        got = unpenned(big, y1 - 1, x0, x1, letter)
        for how, transform in UNPEN.items() if got is not None else ():
            raw.setdefault(how, []).extend({**w, "left": w["left"] + x0} for w in band(transform(got[0]), got[1]))
    for how, transform in transforms.items():
        img = transform(plain if how.startswith(PRINT) else big)
        raw[how] = [w for y0, y1 in bands for w in band(img[y0:y1], y0)]
        raw[how + UNDERLINED] = [{**w, "left": w["left"] + x0} for y0, y1, x0, x1 in named
                                 for w in band(img[y0:y1, x0:x1], y0)]
    return [Reading(how, [{**w, "left": origin[0] + w["left"] / SCALE, "top": origin[1] + w["top"] / SCALE,
                           "width": w["width"] / SCALE, "height": w["height"] / SCALE} for w in words])
            for how, words in raw.items()]


def _settled(readings: list[list[dict]], band: tuple[int, int], min_conf: float = ocr.MIN_CONF) -> bool:
    """Every whole-crop reading read the band's line alike and surely: reading it alone adds nothing."""
    texts = set()
    for words in readings:
        inside = [w for w in words if ocr._keep(w, min_conf) and band[0] <= w["top"] + w["height"] / 2 < band[1]]
        if not inside or _mean_conf(inside) < SETTLED:
            return False
        texts.add(_text(sorted(inside, key=lambda w: w["left"])))
    return len(texts) == 1


def _band_overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    return max(0, min(a[1], b[1]) - max(a[0], b[0])) / max(1, min(a[1] - a[0], b[1] - b[0]))


# --- voting ------------------------------------------------------------------------------------------------------


def _lines_of(words: list[dict]) -> list[list[dict]]:
    out: list[list[dict]] = []
    for w in sorted(words, key=lambda w: w["top"] + w["height"] / 2):
        cy = w["top"] + w["height"] / 2
        if out:
            last = out[-1]  # the line's typical extent: one tall speck must not swallow the next lines
            top = float(np.median([x["top"] for x in last]))
            bottom = float(np.median([x["top"] + x["height"] for x in last]))
            if top <= cy <= bottom:
                last.append(w)
                continue
        out.append([w])
    # by the words' centres: Tesseract now and then gives a word a box reaching back over the words before it
    return [sorted(ln, key=lambda w: w["left"] + w["width"] / 2) for ln in out]


def _text(line: list[dict]) -> str:
    return " ".join(w["text"] for w in line)


def _unspaced(line: list[dict]) -> str:
    return re.sub(r"\s+", "", _text(line))


def _spelt(line: list[dict]) -> str:
    """The line's text with its spacing around punctuation evened out ("WIJAYA , S.Sos" is "WIJAYA, S.Sos")."""
    return re.sub(r"\s+(?=[,.;:])", "", _text(line))


def _centre(line: list[dict]) -> float:
    return sum(w["top"] + w["height"] / 2 for w in line) / len(line)


def _height(line: list[dict]) -> float:
    return float(np.median([w["height"] for w in line]))


def _clusters(readings: list[Reading], min_conf: float = ocr.MIN_CONF) -> list[list[tuple[int, list[dict]]]]:
    """Lines of all readings grouped by their vertical position: one group per printed line, at most one line of
    each reading in it."""
    tagged = [(i, ln) for i, r in enumerate(readings)
              for ln in _lines_of([w for w in r.words if ocr._keep(w, min_conf)]) if _is_one_line(ln)]
    # a speck read as a line ("0." three pixels high) is no line of print: where it stood first it would take
    # its reading's place in the group of the printed line beside it and part that line's readings in two
    typical = float(np.median([_height(ln) for _, ln in tagged])) if tagged else 0.0
    tagged = sorted(((i, ln) for i, ln in tagged if _height(ln) >= SPECK * typical), key=lambda t: _centre(t[1]))
    groups: list[list[tuple[int, list[dict]]]] = []
    for i, ln in tagged:
        near = [g for g in groups if i not in {j for j, _ in g}
                and abs(_centre(ln) - float(np.mean([_centre(x) for _, x in g]))) < 0.6 * max(_height(ln), 1.0)]
        if near:
            min(near, key=lambda g: abs(_centre(ln) - float(np.mean([_centre(x) for _, x in g])))).append((i, ln))
        else:
            groups.append([(i, ln)])
    return groups


def _is_one_line(line: list[dict]) -> bool:
    """False for words of two printed lines read as one (a line-by-line reading whose band held two)."""
    centres = [w["top"] + w["height"] / 2 for w in line]
    extent = max(w["top"] + w["height"] for w in line) - min(w["top"] for w in line)
    return max(centres) - min(centres) <= 0.5 * _height(line) and extent <= 2.2 * _height(line)


def _overlap(a: list[dict], b: list[dict]) -> bool:
    top = max(min(w["top"] for w in a), min(w["top"] for w in b))
    bottom = min(max(w["top"] + w["height"] for w in a), max(w["top"] + w["height"] for w in b))
    return bottom - top > 0.5 * min(_height(a), _height(b))


def _mean_conf(line: list[dict]) -> float:
    return sum(w["conf"] for w in line) / len(line)


SURE = 75  # mean confidence (0-100) that lets a line only one reading saw stand
PAGE = "page"  # the page pass's own reading of the block, one of the voters
PAGE_PRIOR = 0.3  # what the page pass's reading gains: it saw the line at its own size, in its page's context
DOUBT = 0.75  # agreement (0-1) with the other readings below which a line's words are flagged doubtful
SAME_READING = 1.0  # what a line gains for each other reading that read it to the letter (spaces aside)
PITCH_SHARE = 0.6  # of the block's line pitch: two lines of print stand at least this far apart
PITCH_HEIGHT = 1.0  # of the block's letter height: nearer than this, two lines are never two lines of print
RANK_GAIN = 0.3  # what each word of a longer rank adds to a reading's structure ("Penata Tingkat I" over "Penata")
REPEAT_HEIGHT = 1.5  # of the letter height: a line of another's words this near is that line read twice
SPECK = 0.4  # of the typical line's height: a "line" lower than this is a speck read as letters


def structure(text: str) -> float:
    """What a line's content shows of its field's own structure: a plausible NIP most of all, then a date or a
    rank as the vocabulary writes them."""
    if find_nip(text):
        return 3.0
    vocab = signature_vocabulary()
    labelled = opening_label(vocab.tanggal, text) or opening_label(vocab.ditetapkan, text)
    # a rank: the more of a longer rank a reading read, the more of the line it saw ("Penata Tingkat-T" under
    # a pen stroke where the other readings kept "Penata")
    rank = read_rank(text) if is_rank(text) or RANK_WORD.match(text.strip()) else None
    ranked = 1.0 + RANK_GAIN * (len(rank.split()) - 1) if rank and (is_rank(text) or " " in rank) else 0.0
    return max(ranked, 1.0 if date_is_plausible(text) else 0.0) + (0.5 if labelled else 0.0)


def _agreement(cand: list[dict], others: list[list[dict]]) -> float:
    text = _text(cand)
    return sum(fuzz.ratio(text, _text(o)) / 100 for o in others) / len(others) if others else 0.0


def _score(cand: list[dict], others: list[list[dict]], fullest: int) -> float:
    """Agreement with the other readings, the words' confidence weighted by their letters (a reading that lost
    a word has less; one that split a word has as much), the field's structure."""
    chars = [sum(c.isalnum() for c in w["text"]) for w in cand]
    evidence = sum(w["conf"] / 100 * n for w, n in zip(cand, chars, strict=True)) / max(1, fullest)
    # two readings made in different ways that agree to the letter are rarely both wrong the same way (unless
    # both lost the same letters: a word cut by the crop's edge); one Tesseract was unsure of counts by its
    # confidence: readings of nearly the same image (the pen's strokes, the underline taken or not) share
    # their doubts, and three unsure "NARSITO" do not outweigh two sure "WARSITO"
    whole = sum(chars) >= fullest
    same = sum(1.0 if _mean_conf(o) >= SURE else _mean_conf(o) / 100
               for o in others if _spelt(o) == _spelt(cand)) if whole else 0.0
    return 2 * _agreement(cand, others) + evidence + structure(_text(cand)) + SAME_READING * same


I_HEIGHT = (0.6, 1.4)  # of the capitals' height after it: a lone I's box (a pen's stroke is taller)


def _lone_i(words: list[dict]) -> list[dict]:
    """A reading's words with a name's lone capital I read as a mark ("H. | KETUT SURYA", "1 WAYAN") or glued to
    its neighbour ("H.I KETUT", "IKETUT" where "KETUT" is a known name and "IKETUT" none) as the word "I": only
    first in its line or after the name's titles, a letter's height, before a known name in capitals. Elsewhere
    such a mark is a pen's stroke or a stamp's edge, and stays what it is."""
    marks = set(signature_vocabulary().lone_i_misreads)
    out: list[dict] = []
    for line in _lines_of(words):
        line = [p for w in line for p in _unglued_i(w)]
        for k, w in enumerate(line):
            after = line[k + 1] if k + 1 < len(line) else None
            if (w["text"] in marks and after is not None and all(is_name_affix(o["text"]) for o in line[:k])
                    and is_upper(after["text"]) and name_part_known(after["text"]) and len(_bare(after["text"])) >= 2
                    and I_HEIGHT[0] * after["height"] <= w["height"] <= I_HEIGHT[1] * after["height"]):
                w = {**w, "text": "I"}
            out.append(w)
    return out


def _unglued_i(w: dict) -> list[dict]:
    """`w` parted where OCR glued a lone I: after a title ("H.I"), before a known name ("IKETUT")."""
    text = w["text"]
    title = re.match(r"^([A-Za-z]{1,4}\.)(I)$", text)
    if title and is_name_affix(title.group(1)):
        return _parted(w, [title.group(1), "I"])
    if (re.fullmatch(r"I[A-Z]{3,}", text) and not name_part_known(text) and name_part_known(text[1:])):
        return _parted(w, ["I", text[1:]])
    return [w]


def _parted(w: dict, texts: list[str]) -> list[dict]:
    """`w` as the words `texts`, its box shared by their letters."""
    per = w["width"] / max(1, sum(map(len, texts)))
    out, left = [], w["left"]
    for t in texts:
        out.append({**w, "text": t, "left": left, "width": max(1.0, per * len(t))})
        left += per * len(t)
    return out


def vote(readings: list[Reading], min_conf: float = ocr.MIN_CONF) -> list[list[dict]]:
    """One reading per printed line: the one most like the other readings of it (a NIP with a NIP's structure
    first). A line only one reading saw is kept only when Tesseract was sure of it (stamp debris is not). The
    page pass's reading wins a tie, and stands whenever it read the winner's characters however spaced (a name
    the re-reading splits stays whole; a stray mark only the page pass read goes). The words of a line the
    readings disagree on come out with a lower confidence."""
    readings = [Reading(r.how, _lone_i(r.words)) for r in readings]
    chosen = []
    for group in _clusters(readings, min_conf):
        lines = [ln for _, ln in group]
        if len(lines) < 2 and _mean_conf(lines[0]) < SURE:
            continue
        fullest = max(sum(c.isalnum() for c in _text(ln)) for ln in lines)
        scored = [(_score(c, [o for o in lines if o is not c], fullest)
                   + (PAGE_PRIOR if readings[i].how == PAGE else 0.0), i, c) for i, c in group]
        score, _, best = max(scored, key=lambda t: t[0])
        best = _with_affixes(best, lines)
        page = next((c for i, c in group if readings[i].how == PAGE), None)
        if page is not None and _unspaced(page) == _unspaced(best):
            best = page
        best = _named(_with_affixes(_named(best, lines), lines), lines)
        best = _rank_completed(_with_unsure_affixes(best, readings), readings)
        if is_wordy(_text(best)):
            others = [o for o in lines if o is not best]
            # a line's weight against a line it overlaps: the readings that saw print there (a stroke's loops
            # read as letters, "OM" "SN", swell a group without being print)
            support = sum(is_wordy(_text(ln)) for ln in lines)
            chosen.append((score + support, best, _agreement(best, others) if others else 0.5))
    out: list[tuple[list[dict], float]] = []
    for _, line, agreement in sorted(chosen, key=lambda t: -t[0]):  # one printed line is one line, however split
        if not any(_overlap(line, o) for o, _ in out):
            out.append((line, agreement))
    # the pitch is judged by Tesseract's own confidence: a line the junk read beside it made doubtful is still
    # print that was read surely
    kept = {id(ln) for ln in _on_pitch(sorted((ln for ln, _ in out), key=_centre))}
    return [_flagged(ln, agreement) for ln, agreement in sorted(out, key=lambda t: _centre(t[0])) if id(ln) in kept]


def _rank_completed(best: list[dict], readings: list[Reading]) -> list[dict]:
    """A rank's line voted as a shorter rank than at least half the readings of the line read once the words
    Tesseract was unsure of count too ("Pembina" where most read "Pembina Tingkatt", "Pembina Tigkat", the second
    word under a pen's loop, too unsure to be voted): the surest reading of the longer rank, with its own (low)
    confidence. A rank read whole by the vote, or no longer rank most readings saw, stays."""
    text = _text(best)
    # a rank's line however read ("mbina Tinak": a stroke's ends cut it); one with a year's or a NIP's digits is
    # a date or a NIP (a stray digit is debris: "Penata 4")
    dated = re.search(r"\d{4}", text) or opening_label(signature_vocabulary().tanggal, text)
    rank = None if dated else read_rank(text)
    if not rank or not any(r.startswith(rank + " ") for r in signature_vocabulary().ranks):
        return best
    seen = [(read_rank(_text(line)), line) for r in readings if (line := _on_line(best, r.words))]
    longer = Counter(found for found, _ in seen if found and found.startswith(rank + " "))
    if not longer:
        return best
    fuller, n = longer.most_common(1)[0]
    if 2 * n < len(seen):
        return best
    return max((line for found, line in seen if found == fuller), key=_mean_conf)


def _bare(word: str) -> str:
    return re.sub(r"[^\w]", "", word).lower()


def _with_affixes(best: list[dict], lines: list[list[dict]], least_name: int = 2) -> list[dict]:
    """The reading of the line that has the winner's words and, before or after them, only a name's titles or
    degrees more: the title a pen stroke over the name's start hid from most readings ("Drs" before
    "HENDRA WIJAYA, S.Sos"), read by the one made with the strokes taken off. On the name's line, known names
    (of `least_name` letters or more) count as well (the "AGUS" of "H. AGUS SETIAWAN" where most readings kept
    "SETIAWAN")."""
    # a lone letter no title is ("I") is too like a stroke read as one to be taken from one reading: the vote
    # itself has to choose it
    extra = (lambda t: is_name_affix(t) or (name_part_known(t) and len(_bare(t)) >= least_name)) \
        if _is_name_line(_text(best)) else is_name_affix
    words = [_bare(w["text"]) for w in best]
    fuller = []
    for line in lines:
        other = [_bare(w["text"]) for w in line]
        n = len(words)
        for k in range(len(other) - n + 1):
            if other[k:k + n] == words and len(other) > n and all(extra(w["text"]) for w in line[:k] + line[k + n:]):
                fuller.append(line)
                break
    return max(fuller, key=len) if fuller else best


UNSURE_NAME = 3  # letters: a known name read only among the words Tesseract was unsure of is this long at least


def _with_unsure_affixes(best: list[dict], readings: list[Reading]) -> list[dict]:
    """The name's line with the titles, degrees and known names (UNSURE_NAME letters or more) before or after
    its words that a reading read only unsurely, too unsure for the vote ("Drs /AHMAD" under the pen's loops
    before "FAUZI, M.Si"), its marks at those words' edges aside; their low confidence stays theirs."""
    if not _is_name_line(_text(best)):
        return best
    fuller = _with_affixes(best, [ln for r in readings if (ln := _on_line(best, r.words))], UNSURE_NAME)
    if fuller is best:
        return best
    mine = {id(w) for w in best}
    return [w if id(w) in mine else {**w, "text": re.sub(r"^[^\w]+", "", w["text"])}
            for w in fuller if id(w) in mine or _bare(w["text"])]


def _on_line(line: list[dict], words: list[dict]) -> list[dict]:
    """`words` whose centres stand within `line`'s rows, in reading order."""
    top, bottom = min(w["top"] for w in line), max(w["top"] + w["height"] for w in line)
    return sorted((w for w in words if top <= w["top"] + w["height"] / 2 <= bottom), key=lambda w: w["left"])


NAME_EDITS = 0.34  # of a name word's letters: how many another reading of the same print may differ in


def _is_name_line(text: str) -> bool:
    """A line that can be the signatory's name: capitals, no digit, not the office's title, a rank or a label."""
    vocab = signature_vocabulary()
    return (is_upper(text) and not re.search(r"\d", text) and not vocab.title.search(text) and not is_rank(text)
            and not opening_label(vocab.ditetapkan, text) and not opening_label(vocab.tanggal, text))


def _named(best: list[dict], lines: list[list[dict]]) -> list[dict]:
    """The name's line with each run of its words that are no known name, title or degree
    (data/person_names.txt) replaced by what other readings read in their place, when that is known names a
    letter or two away from it: the pen's stroke through a letter makes most readings alike wrong ("SIFLAMINAH"
    where two read "SITI AMINAH", "HENCRA" where one read "HENDRA", "SEHA WAN" for "SETIAWAN"). Only what a
    reading read is taken, never a name of the list itself; words no reading read as known names stay as read."""
    if not _is_name_line(_text(best)):
        return best
    out: list[dict] = []
    for known, run in itertools.groupby(best, key=lambda w: not _bare(w["text"]) or name_part_known(w["text"])):
        words = list(run)
        out.extend(words if known else _known_in_place(words, [ln for ln in lines if ln is not best]))
    return _affixes_in_place(out, [ln for ln in lines if ln is not best])


def _affixes_in_place(words: list[dict], others: list[list[dict]]) -> list[dict]:
    """The name's affixes read from the other readings where the chosen one misread them: a word in a degree's
    place (after the name's comma or stop, or after a degree) that spells no degree however misread takes the
    degree the most other readings read where it stands ("XSas" where others read "S.Sas" and "3.Sas": S.Sos;
    "MaSi" where one read "M\\Si": M.Si); a word in a title's place (first, short, before the name in capitals,
    with a mark or small letters) that is no title takes the title the most read there ("Bks." where one read
    "Drs."), unless as many read another. A pen's tail and the stamp's edge end and open the line, where the
    affixes are printed."""
    titles = {_bare(t): t for t in signature_vocabulary().name_titles}

    def degree_place(k: int) -> bool:
        before = out[k - 1]["text"] if k else ""
        return k > 0 and bool(read_degree(before) or (before[-1:] in ",.;:" and _bare(before) not in titles))

    out = list(words)
    # two degrees OCR glued at their comma ("LSTP-MMP"): a degree's place each
    for k in range(len(out) - 1, 0, -1):
        glued = re.fullmatch(r"(\w[\w.]*?)[.]?[\-–,;]+(\w[\w.]*)", out[k]["text"])
        if glued and degree_place(k) and not read_degree(out[k]["text"]):
            out[k:k + 1] = _parted(out[k], [glued.group(1) + ",", glued.group(2)])
    for k, w in enumerate(out):
        title_place = (k == 0 and len(out) > 1 and len(w["text"]) <= 6 and is_upper(out[1]["text"])
                       and not name_part_known(w["text"]) and (not w["text"].isupper() or w["text"][-1:] in ".:;,!'"))
        if degree_place(k) and not read_degree(w["text"]):
            spell: Callable[[str], str | None] = read_degree
        elif title_place and _bare(w["text"]) not in titles:
            spell = functools.partial(_title_spelt, titles)
        else:
            continue
        x0, x1 = w["left"], w["left"] + w["width"]
        there = [v["text"] for o in others for v in o if x0 <= v["left"] + v["width"] / 2 <= x1]
        votes = Counter(d for t in there if (d := spell(t)))
        ranked = votes.most_common(2)
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            out[k] = {**w, "text": ranked[0][0] + ("," if w["text"].endswith(",") else "")}
    return out


def _known_in_place(words: list[dict], others: list[list[dict]]) -> list[dict]:
    """What the other readings read where `words` stand, when it is known names close to them; else `words`."""
    x0, x1 = words[0]["left"], words[-1]["left"] + words[-1]["width"]
    bare = "".join(_bare(w["text"]) for w in words)
    found: dict[tuple[str, ...], list[list[dict]]] = {}
    for line in others:
        run = [o for o in line if x0 <= o["left"] + o["width"] / 2 <= x1]
        if not run or not all(name_part_known(o["text"]) for o in run):
            continue
        joined = "".join(_bare(o["text"]) for o in run)
        if Levenshtein.distance(joined, bare) <= max(1, NAME_EDITS * len(joined)):
            found.setdefault(tuple(_bare(o["text"]) for o in run), []).append(run)
    if not found:
        return words
    # the words most readings read, then the surest of them
    most = max(found.values(), key=lambda runs: (len(runs), max(_mean_conf(r) for r in runs)))
    return max(most, key=_mean_conf)


def _title_spelt(titles: dict[str, str], word: str) -> str | None:
    return titles.get(_bare(word))


def _on_pitch(lines: list[list[dict]]) -> list[list[dict]]:
    """The block's lines of print stand one pitch apart (a wider gap where the signature goes): of two lines
    much nearer each other than that, the less sure is a stroke's or a stamp's debris read between two
    printed lines ('were' between the rank and the NIP), or a piece of one of them read twice (a reading that
    split the name's line: 'HENDRA' under 'H. HENDRA WIJAYA'), not a line of the block."""
    least = _least_pitch(lines)
    twice = REPEAT_HEIGHT * float(np.median([_height(ln) for ln in lines])) if lines else 0.0
    out = list(lines)
    while True:
        close = [(a, b) for a, b in itertools.pairwise(out) if _centre(b) - _centre(a) < least
                 and min(_mean_conf(a), _mean_conf(b)) < SURE]
        close += [(a, b) for a, b in itertools.pairwise(out)
                  if _centre(b) - _centre(a) < twice and (_repeats(a, b) or _repeats(b, a))]
        if not close:
            return out
        a, b = close[0]
        if _repeats(a, b) or _repeats(b, a):
            out.remove(a if _repeats(a, b) else b)
        else:
            out.remove(a if _mean_conf(a) < _mean_conf(b) else b)


def _least_pitch(lines: list[list[dict]]) -> float:
    """How near two lines of print may stand: a share of the pitch two sure lines with no line between them
    show, never more than a letter's height (sure lines with lines lost between them, the place and the NIP,
    show no pitch: the block's lines stand at least a letter's height apart however it is printed)."""
    if not lines:
        return 0.0
    floor = PITCH_HEIGHT * float(np.median([_height(ln) for ln in lines]))
    gaps = [_centre(b) - _centre(a) for a, b in itertools.pairwise(lines)
            if min(_mean_conf(a), _mean_conf(b)) >= SURE]
    return min(PITCH_SHARE * min(gaps), floor) if gaps else floor


def _repeats(part: list[dict], whole: list[dict]) -> bool:
    """Every word of `part` is a word of `whole`, which has more: the same print read twice."""
    words = [w["text"].strip(",.") for w in whole]
    return len(part) < len(whole) and all(w["text"].strip(",.") in words for w in part)


def _flagged(line: list[dict], agreement: float) -> list[dict]:
    if agreement >= DOUBT or find_nip(_text(line)):
        return line
    return [{**w, "conf": w["conf"] * agreement} for w in line]


def is_wordy(text: str) -> bool:
    """A line of print rather than a signature's or a stamp's strokes read as letters: most of its letters
    and digits stand in runs of three or more ("AN a a A 1 ae" is strokes; "H. AGUS, M.Si" is print)."""
    chars = re.findall(r"[^\W_]", text)
    long = sum(len(run) for run in re.findall(r"[^\W_]{3,}", text))
    return bool(chars) and long >= 0.6 * len(chars)


def holds_block(lines: list[str]) -> bool:
    """Voted lines that are a signature block: a NIP, or the place or date label with its value."""
    return any(anchor_kind(t, True) in ("nip", "place", "date") for t in lines)


# --- on a page -----------------------------------------------------------------------------------------------------


def print_only(bitmap: np.ndarray, gray: np.ndarray) -> np.ndarray | None:
    """For a colour scan's rendered page (gray: its lightest channel), the page with every pixel of coloured ink (a
    blue pen, a red or purple stamp) painted paper-white: black print only, where the lightest channel still keeps
    a dark pen's stroke. None for a grey scan, or a colour one with no coloured ink."""
    if bitmap.ndim != 3 or bitmap.shape[2] < 3:
        return None
    small = bitmap[::8, ::8, :3].reshape(-1, 3)
    paper = np.maximum(np.median(small, axis=0), 1.0)  # tinted paper made white: its tint is no ink
    if not _coloured([small[:, i] for i in range(3)], paper).any():
        return None  # a grey scan stored as colour, or no coloured ink at all
    channels = [np.ascontiguousarray(bitmap[..., i]) for i in range(3)]
    return np.where(_coloured(channels, paper), 255, gray).astype(np.uint8)


def _coloured(channels: list[np.ndarray], paper: np.ndarray) -> np.ndarray:
    """Where the ink has a colour: its channels (r, g, b), each made relative to the paper's, stand CHROMA apart."""
    scale = (255.0 / paper).astype(np.float32)
    r, g, b = (c * s for c, s in zip(channels, scale, strict=True))
    return np.maximum(np.maximum(r, g), b) - np.minimum(np.minimum(r, g), b) > CHROMA


def _upright(gray: np.ndarray, layout: PageLayout) -> np.ndarray:
    if layout.rotation in ocr._ROTATE:
        gray = cv2.rotate(gray, ocr._ROTATE[layout.rotation])
    if abs(layout.skew) >= 0.1:
        h, w = gray.shape
        m = cv2.getRotationMatrix2D((w / 2, h / 2), layout.skew, 1.0)
        gray = cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    return gray


def _page_reading(words: list[Word], k: float) -> Reading:
    return Reading(PAGE, [{"text": w.text, "left": w.x0 * k, "top": w.top * k, "width": (w.x1 - w.x0) * k,
                           "height": (w.bottom - w.top) * k, "conf": w.conf * 100} for w in words])


def reread_block(ctx: Context, gray: np.ndarray, box: tuple[float, float, float, float], number: int,
                 page_words: list[Word], plain: np.ndarray | None = None) -> list[Word]:
    """The block inside `box` (points) read again and voted with the page pass's words there; its words in page
    points, or none when the voted lines are not a signature block. `plain`: the page without coloured ink."""
    k = ctx.dpi / 72
    x0, y0, x1, y1 = (round(v * k) for v in box)
    crop = np.ascontiguousarray(gray[max(0, y0):y1, max(0, x0):x1])
    if crop.size == 0:
        return []
    print_only = np.ascontiguousarray(plain[max(0, y0):y1, max(0, x0):x1]) if plain is not None else None
    key = ocr._image_key(crop if print_only is None else np.vstack([crop, print_only]), CACHE_WHAT)
    def reread() -> dict:
        with ctx.stats.timed("signature re-reads"):
            return {"readings": [r.__dict__ for r in read_variants(ctx, crop, (max(0, x0), max(0, y0)), print_only)]}

    data = ocr._cached(ctx, key, reread)
    readings = [Reading(**r) for r in data["readings"]] + [_page_reading(page_words, k)]
    voted = vote(readings, ctx.settings.ocr_min_conf)
    if not holds_block([_text(ln) for ln in voted]):
        return []
    return [ocr._word(w, 1 / k, 0, 0, number) for line in voted for w in _unoverlapped(line)]


def _unoverlapped(line: list[dict]) -> list[dict]:
    """The line's words with a box Tesseract stretched over its neighbours cut back to its own side, in the
    order of their left edges (the page orders a line's words so). A box holding other words' centres keeps
    its edge away from them: stretched back, "WULANDARI." from 1362 over "LINA" at 1394, starts where LINA
    ends; stretched on, "AHMAD:" from 1672 to 2104 over "FAUZI" at 1833, ends where FAUZI starts."""
    out = []
    for w in line:
        left, right = w["left"], w["left"] + w["width"]
        over = [o for o in line if o is not w and left < o["left"] + o["width"] / 2 < right]
        if over:
            centres = [o["left"] + o["width"] / 2 for o in over]
            if sum(centres) / len(centres) > (left + right) / 2:  # the others on its right: stretched on
                right = min(o["left"] for o in over)
            else:
                left = max(o["left"] + o["width"] for o in over)
            w = {**w, "left": left, "width": max(1, right - left)}
        out.append(w)
    return sorted(out, key=lambda w: w["left"])


def reread_signatures(ctx: Context, bitmap: np.ndarray, gray_as_rendered: np.ndarray, layout: PageLayout) -> int:
    """Replace the page pass's words inside each signature block by the block's voted re-reading; `bitmap`: the
    page as rendered, `gray_as_rendered` its lightest channel (what the page pass read, before it was turned
    and deskewed). Returns how many blocks were read again."""
    regions = block_regions(layout)
    searched = not regions
    regions = regions or searched_region(layout)
    if not regions:
        return 0
    gray = _upright(gray_as_rendered, layout)
    if searched:  # blank paper under the last article (the block is on the next page): nothing to read
        regions = [r for r in regions if _unread_ink(gray, r, [w for w in layout.words if _inside(w, r)],
                                                     _letter(layout.words), ctx.dpi / 72) >= SEARCH_INK]
    if not regions:
        return 0
    plain = print_only(bitmap, gray_as_rendered)
    plain = _upright(plain, layout) if plain is not None else None
    for box in regions:
        inside = [w for w in layout.words if _inside(w, box)]
        words = reread_block(ctx, gray, box, layout.number, inside, plain)
        if words:
            layout.words = [w for w in layout.words if not _inside(w, box)] + words
    return len(regions)


SEARCH_INK = 10  # letters' worth of ink the page pass did not read that a searched region must hold
LETTER_INK = 0.15  # of a letter's height squared: the ink of one printed letter


def _letter(words: list[Word]) -> float:
    """The page's letter height in points: its words' median height."""
    return float(np.median([w.bottom - w.top for w in words])) if words else 10.0


def _unread_ink(gray: np.ndarray, box: tuple[float, float, float, float], words: list[Word], letter: float,
                k: float) -> float:
    """How many letters' worth of dark marks `box` (points; gray: the upright page, k pixels per point) holds
    outside the page pass's `words` there, specks of the scan's noise and dust aside (`letter`: the print's
    height in points). Dark: nearer the page's print than its paper (the darkest of a blank crop is noise)."""
    x0, y0, x1, y1 = (max(0, round(v * k)) for v in box)
    crop = gray[y0:y1, x0:x1]
    if crop.size == 0:
        return 0.0
    sample = gray[::4, ::4]
    ink, paper = ocr.percentile_u8(sample, 1), ocr.median_u8(sample)
    bw = (crop < (ink + paper) / 2).astype(np.uint8)
    for w in words:
        bw[max(0, round(w.top * k) - y0):max(0, round(w.bottom * k) - y0),
           max(0, round(w.x0 * k) - x0):max(0, round(w.x1 * k) - x0)] = 0
    px = letter * k
    area = ocr.components(bw)[2][1:, cv2.CC_STAT_AREA]
    return float(area[area >= (px / 6) ** 2].sum()) / (LETTER_INK * px * px)


def _inside(w: Word, box: tuple[float, float, float, float]) -> bool:
    return box[0] <= w.cx <= box[2] and box[1] <= w.cy <= box[3]
