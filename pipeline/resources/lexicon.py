"""OCR clean-up with domain knowledge: fix common character confusions in words, never in numbers.

The lexicon is the project's domain word list (pipeline/data/domain_words.txt) plus Tesseract's own
Indonesian dictionary, unpacked once from the installed traineddata with Tesseract's own tools
(combine_tessdata, dawg2wordlist) into the cache. A token is changed only when it is not a known
word and exactly one candidate built from the confusion table (rn/m, l/1, O/0 ...) or, for long
words, one edit away in the domain list, is known. A changed word's confidence drops so a reviewer
sorting by confidence sees it.

The Tesseract half depends on the run's settings (its tessdata folder, the cache it is unpacked into), so a
run's lexicon is built from its Settings (`lexicon_for`) and handed to what checks words against it: the text
stage gives it to each page it reads (`PageLayout.lexicon`: a table cell re-joins its broken words with it),
the runtime to the sections stage (letter-spaced words parted again, iku.resources.spacing), whose
`DocumentText` carries it on to the metadata.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from iku.core.layout import Word
from iku.core.settings import Settings

# OCR confusions, both ways where both happen: (seen, meant)
CONFUSIONS = [
    ("rn", "m"), ("m", "rn"), ("cl", "d"), ("li", "h"), ("vv", "w"), ("1", "l"), ("l", "I"), ("l", "i"),
    ("I", "l"), ("0", "o"), ("0", "O"), ("5", "s"), ("8", "B"), ("ii", "u"), ("u", "n"), ("n", "u"),
    ("e", "c"), ("c", "e"), ("!", "l"), ("|", "l"), ("ó", "o"), ("é", "e"), ("v", "y"), ("i", "j"),
]
CORRECTED_CONF = 0.85  # a corrected word keeps at most this share of its OCR confidence
_NUMBERISH = re.compile(r"^[\d.,:/%()\-+x×]+$")
_DIGITLIKE = re.compile(r"^[\dOoIl|SB.,%]+$")
_CORE = re.compile(r"^(\W*)(.*?)(\W*)$", re.S)


def _tesseract_words(cache_dir: Path, tessdata_prefix: str | None) -> set[str]:
    """Tesseract's Indonesian word list, unpacked once into the cache (empty if the tools are missing)."""
    cache = cache_dir / "ind_words.txt"
    if not cache.is_file():
        prefix = tessdata_prefix or next(
            (d for d in ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata")
             if Path(d, "ind.traineddata").is_file()), None)
        if not prefix or not shutil.which("dawg2wordlist") or not shutil.which("combine_tessdata"):
            return set()
        try:
            with tempfile.TemporaryDirectory() as tmp:
                base = Path(tmp) / "ind."
                subprocess.run(["combine_tessdata", "-u", str(Path(prefix, "ind.traineddata")), str(base)],
                               check=True, capture_output=True, timeout=60)
                out = Path(tmp) / "words.txt"
                subprocess.run(["dawg2wordlist", f"{base}lstm-unicharset", f"{base}lstm-word-dawg", str(out)],
                               check=True, capture_output=True, timeout=60)
                cache.parent.mkdir(parents=True, exist_ok=True)
                tmp_cache = cache.with_suffix(f".{os.getpid()}.tmp")
                shutil.copyfile(out, tmp_cache)
                tmp_cache.replace(cache)
        except (subprocess.SubprocessError, OSError):
            return set()
    return {w.lower() for w in cache.read_text(encoding="utf-8").split() if w.isalpha()}


@cache
def domain_words() -> frozenset[str]:
    text = resources.files("iku.resources").joinpath("data/domain_words.txt").read_text(encoding="utf-8")
    # one word a line; a "#" line is a comment, none of its words a known word
    return frozenset(w for line in text.splitlines() if not line.lstrip().startswith("#") for w in line.split())


@cache
def function_words() -> frozenset[str]:
    """Prepositions and conjunctions (data/function_words.txt): words of their own wherever a line ends."""
    text = resources.files("iku.resources").joinpath("data/function_words.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.lstrip().startswith("#") for w in line.split())


@dataclass(frozen=True, eq=False)
class Lexicon:
    """The known words of a run: the domain list and Tesseract's Indonesian dictionary, lower case."""

    words: frozenset[str]

    def is_known(self, word: str) -> bool:
        """A word of the domain list or Tesseract's Indonesian dictionary (any case)."""
        return word.lower() in self.words


def lexicon_for(settings: Settings) -> Lexicon:
    """The lexicon of `settings` (built once per tessdata folder and cache directory)."""
    return _lexicon(settings.cache_dir, settings.tessdata_prefix)


@cache
def _lexicon(cache_dir: Path, tessdata_prefix: str | None) -> Lexicon:
    return Lexicon(domain_words() | frozenset(_tesseract_words(cache_dir, tessdata_prefix)))


def _match_case(new: str, old: str) -> str:
    letters = "".join(c for c in old if c.isalpha())
    if letters.isupper() and len(letters) > 1:
        return new.upper()
    if old[:1].isupper():
        return new[:1].upper() + new[1:].lower()
    return new.lower() if old.islower() else new


def _one_edit(word: str) -> set[str]:
    """Domain words one substitution, deletion or insertion away (long words only: short ones are ambiguous)."""
    low, letters = word.lower(), "abcdefghijklmnopqrstuvwxyz"
    cands = {low[:i] + low[i + 1:] for i in range(len(low))}
    cands |= {low[:i] + c + low[i + 1:] for i in range(len(low)) for c in letters}
    cands |= {low[:i] + c + low[i:] for i in range(len(low) + 1) for c in letters}
    return {c for c in cands if c in domain_words()}


def _letter_for_digit(core: str, lexicon: Lexicon) -> dict[str, str]:
    options = [[c] if not c.isdigit() else list("abcdefghijklmnopqrstuvwxyz") for c in core]
    out: dict[str, str] = {}
    for letters in itertools.product(*options):
        cand = "".join(letters)
        if lexicon.is_known(cand):
            out.setdefault(cand.lower(), _match_case(cand, core))
    return out


def correct(token: str, lexicon: Lexicon) -> str:
    """The corrected token, or the token itself. Numbers and known words are never changed."""
    lead, core, trail = _CORE.match(token).groups()
    if len(core) < 3 or _NUMBERISH.match(core) or not any(c.isalpha() for c in core) or lexicon.is_known(core):
        return token
    if any(c.isdigit() for c in core) and _DIGITLIKE.match(core):
        return token  # "1OO", "l9800101": a number with a smudge, not a word; left for validation to flag
    cands: dict[str, str] = {}
    for seen, meant in CONFUSIONS:
        start = core.find(seen)
        while start != -1:
            cand = core[:start] + meant + core[start + len(seen):]
            if lexicon.is_known(cand) and not any(c.isdigit() for c in cand):
                cands.setdefault(cand.lower(), cand)
            start = core.find(seen, start + 1)
    if not cands and 0 < sum(c.isdigit() for c in core) <= 2 and core[0].isalpha() and core[-1].isalpha():
        # a digit inside a word is a misread letter ("KEPU1USAN", "KAN1OR"): try every letter in its place
        cands = _letter_for_digit(core, lexicon)
    if not cands and len(core) >= 6 and core.isalpha():
        near = _one_edit(core)
        # OCR misreads a letter far more often than it adds or drops one: a single word one letter changed
        # away wins over words a letter longer or shorter ("ANDIKATOR": "indikator", not the fragment "ndikator")
        same = {c for c in near if len(c) == len(core)}
        cands = {c: _match_case(c, core) for c in (same if len(same) == 1 else near)}
    if len(cands) != 1:
        return token
    return lead + cands.popitem()[1] + trail


def clean_words(words: list[Word], lexicon: Lexicon) -> int:
    """Correct OCR words in place, lowering the confidence of each changed one. Returns the number of changes."""
    changed = 0
    for w in words:
        fixed = correct(w.text, lexicon)
        if fixed != w.text:
            w.text, w.conf, changed = fixed, w.conf * CORRECTED_CONF, changed + 1
    return changed
