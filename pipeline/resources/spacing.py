"""Letter-spaced text ("S A M P A N G", "P R O V I N S I J A W A B A R A T") back into words.

Kop lines, running headers and decree titles are often printed letter-spaced; their text layer then holds
one space between letters, and often the same single space between words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from iku.core.layout import KnownWords
from iku.resources.gazetteer import region_words


def despace(text: str, lexicon: KnownWords | None) -> str:
    """Collapse letter-spaced words ("S A M P A N G" -> "SAMPANG"). A text layer often puts one space between
    the words of a letter-spaced run as between its letters ("P R O V I N S I J A W A B A R A T"): a long run
    is parted again into words of the run's `lexicon` (None: region names only) when it is not one ("PROVINSI
    JAWA BARAT", "TAHUN 2016")."""
    known = lexicon.is_known if lexicon is not None else _none
    return re.sub(r"\b(?:\w ){2,}\w\b", lambda m: _segment(m.group(0).replace(" ", ""), known), text)


def _none(word: str) -> bool:
    return False


SEGMENT_MIN = 10  # shorter runs are one word (a kecamatan's name, "TAHUN"): never parted


def _segment(run: str, known: Callable[[str], bool]) -> str:
    parts = re.findall(r"\d+|\D+", run)  # letters and digits never share a word in a letter-spaced run
    return " ".join(_words_of(p, known) if not p.isdigit() else p for p in parts)


def _words_of(run: str, known: Callable[[str], bool]) -> str:
    if len(run) < SEGMENT_MIN or known(run) or run.lower() in region_words():
        return run
    low = run.lower()
    # fewest known words covering the run (dynamic programming over cut points); pieces of 2+ letters
    best: list[list[str] | None] = [[]] + [None] * len(low)
    for end in range(2, len(low) + 1):
        for start in range(end - 1):
            piece, head = low[start:end], best[start]
            if head is None or len(piece) < 2 or not (known(piece) or piece in region_words()):
                continue
            if best[end] is None or len(head) + 1 < len(best[end]):  # type: ignore[arg-type]
                best[end] = [*head, run[start:end]]
    found = best[-1]
    if not found or len(found) > len(run) // 3:
        return run
    # a region's name keeps its own spaces ("JAWABARAT" -> "JAWA BARAT")
    spaced = [region_words().get(w.lower(), w.lower()) for w in found]
    return " ".join(sp.upper() if w.isupper() else sp if w.islower() else sp.title() if " " in sp else w
                    for w, sp in zip(found, spaced, strict=True))
