"""Plain page-level data shared by the stages: words, lines, rules and cell boxes.

Like pdfplumber, everything is in PDF points with a top-left origin:
bbox = (x0, top, x1, bottom). Pages are 1-based.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

BBox = tuple[float, float, float, float]


class KnownWords(Protocol):
    """What a page's words are checked against: the run's lexicon (iku.resources.lexicon.Lexicon)."""

    def is_known(self, word: str) -> bool: ...


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    page: int
    size: float = 10.0
    bold: bool = False
    conf: float = 1.0  # OCR confidence in [0, 1]; 1.0 for a text layer

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class Line:
    words: list[Word]

    @property
    def page(self) -> int:
        return self.words[0].page

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)

    @property
    def conf(self) -> float:
        return min(w.conf for w in self.words)

    @property
    def bold(self) -> bool:
        return all(w.bold for w in self.words)


@dataclass(slots=True)
class Rule:
    """A horizontal stroke: a table border, a fraction bar or an underline."""

    x0: float
    x1: float
    y: float
    page: int = 0


@dataclass
class PageLayout:
    number: int
    width: float
    height: float
    kind: str  # "text" (usable text layer), "image" (unread), "ocr" (read from the page image)
    rotation: int = 0  # clockwise degrees the page image was turned to read it upright
    skew: float = 0.0  # degrees of skew corrected before OCR
    ocr_words: int = 0  # words that came from OCR (the whole page, or images pasted on a text page)
    words: list[Word] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    # one list of cell boxes per ruled region the table finder saw
    cell_groups: list[list[BBox]] = field(default_factory=list)
    # the lexicon the text stage read the page with; its table cells re-join broken words with it (None: none)
    lexicon: KnownWords | None = field(default=None, repr=False, compare=False)


def group_lines(words: list[Word], tol: float = 2.5) -> list[Line]:
    """Group words into lines by vertical overlap, each line sorted left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.page, w.top, w.x0)):
        cur = lines[-1] if lines else None
        if cur and cur[0].page == w.page:
            ref_top = min(x.top for x in cur)
            ref_bottom = max(x.bottom for x in cur)
            mid = (w.top + w.bottom) / 2
            if abs(w.top - ref_top) <= tol or (ref_top - 0.5 <= mid <= ref_bottom + 0.5 and w.top < ref_bottom - 1):
                cur.append(w)
                continue
        lines.append([w])
    return [Line(sorted(ws, key=lambda w: w.x0)) for ws in lines]


COLUMN_GAP = 40.0  # points between two signature columns printed on the same lines


def gap_groups(words: list[Word], gap: float) -> list[list[Word]]:
    """Words of one line (left to right) in runs separated by more than `gap` points: table columns,
    or two signature blocks printed side by side."""
    out: list[list[Word]] = []
    for w in words:
        if out and w.x0 - out[-1][-1].x1 <= gap:
            out[-1].append(w)
        else:
            out.append([w])
    return out


def inside(w: Word, box: BBox, pad: float = 1.0) -> bool:
    return box[0] - pad <= w.cx <= box[2] + pad and box[1] - pad <= w.cy <= box[3] + pad
