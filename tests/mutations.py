"""Seeded damage for the repair tests and the fuzz bench: what downloads, disks and bad writers do to PDFs.

Every function takes the bytes of a good PDF and returns a damaged copy; the same seed gives the same bytes.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path


def truncate(data: bytes, share: float) -> bytes:
    """The first `share` of the file: an interrupted download (the xref table and trailer are gone)."""
    return data[: int(len(data) * share)]


def zero_tail(data: bytes) -> bytes:
    """The xref table, trailer and startxref overwritten with zeros: a disk block lost at the end."""
    at = data.rfind(b"xref")
    return data[:at] + bytes(len(data) - at)


def break_page_dict(data: bytes) -> bytes:
    """One flipped bit in a page dictionary's first key (/Resources -> \\x0fResources): pdfminer refuses
    the whole file over the malformed dictionary."""
    at = data.index(b"/Resources")
    return data[:at] + bytes([data[at] ^ 0x20]) + data[at + 1:]


def non_number_box(data: bytes) -> bytes:
    """A TrimBox holding a name where a number belongs, on the first page that has a MediaBox (pdfminer
    ignores TrimBox; pdfplumber raises MalformedPDFException on it, once an internal error)."""
    m = re.search(rb"/MediaBox\s*\[[^\]]*\]", data)
    assert m, "no MediaBox in the file"
    box = b"/TrimBox [ 0 0 /A4 841 ]"
    return data[: m.start()] + box + b" " + data[m.start():]


def flip_bits(data: bytes, rng: random.Random, n: int = 8) -> bytes:
    out = bytearray(data)
    for _ in range(n):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out)


def zero_block(data: bytes, rng: random.Random) -> bytes:
    i, n = rng.randrange(len(data)), rng.randint(16, 2048)
    return data[:i] + bytes(min(n, len(data) - i)) + data[i + n:]


def duplicate_block(data: bytes, rng: random.Random) -> bytes:
    i, n = rng.randrange(len(data)), rng.randint(16, 2048)
    return data[:i] + data[i:i + n] + data[i:]


def random_truncate(data: bytes, rng: random.Random) -> bytes:
    return truncate(data, rng.uniform(0.2, 0.99))


def wrong_type(data: bytes, rng: random.Random) -> bytes:
    """An object of the wrong type where the structure needs another: a /Count, /Length or /Parent
    replaced by a name."""
    spots = list(re.finditer(rb"/(Count|Length|Parent|Contents) [^/>\]]+", data))
    m = rng.choice(spots)
    return data[: m.start()] + b"/" + m.group(1) + b" /Oops " + data[m.end():]


RANDOM: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "flip": flip_bits, "zero": zero_block, "dup": duplicate_block, "truncate": random_truncate, "type": wrong_type,
}


def damaged_copies(sources: list[Path], folder: Path, seed: int, per_kind: int = 1) -> list[Path]:
    """per_kind copies of each source for each random kind of damage, written into folder."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for src in sources:
        data = src.read_bytes()
        for kind, damage in RANDOM.items():
            for k in range(per_kind):
                p = folder / f"{src.stem}-{kind}{k}.pdf"
                p.write_bytes(damage(data, rng))
                out.append(p)
    return out
