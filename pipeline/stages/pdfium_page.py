"""A page's characters, vector objects and images read by pdfium, as the object dicts pdfplumber's word
grouping and table finder take (the dicts iku.stages.text built from pdfminer before).

pdfium parses a page in C, many times faster than pdfminer's pure-Python parser, which was most of the
text stage's time. Each dict carries what the stages and pdfplumber's finders read, computed the way
pdfminer defines it: a character's box runs from its origin over its advance width and from the font's
descent up one font size (pdfium's own boxes are the glyph's outline or the font's ascent, which would
move words); a path is split into its subpaths and each becomes a line, a rectangle or a curve by
pdfminer's rules. A page this reader does not handle the same way (rotated text or page, a page box not at
the origin, a vertical font, a character whose width pdfium cannot give) returns None, and the text stage
reads that page with pdfplumber instead.
"""

from __future__ import annotations

import ctypes
import re
from itertools import groupby
from operator import itemgetter
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfminer.fontmetrics import FONT_METRICS
from pdfplumber.utils.text import LIGATURES

GENERATED = {0x20, 0x0D, 0x0A}  # pdfium's own spaces and line breaks between words and lines: not on the page
HYPHEN = {0x02, 0xFFFE}  # pdfium's mark for a hyphen that ends a line: the page prints "-"


class Unsupported(Exception):
    """Something on the page this reader does not handle as pdfminer does: read the page with pdfplumber."""


def _font_name(font) -> str:
    n = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
    buf = ctypes.create_string_buffer(n)
    pdfium_c.FPDFFont_GetBaseFontName(font, buf, n)
    return buf.value.decode("utf-8", "replace")


def _rgb(getter, obj) -> tuple[float, ...]:
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    if not getter(obj, r, g, b, a):
        return (0.0,)
    return (r.value / 255, g.value / 255, b.value / 255)


def _plain(fn, restype, *argtypes):
    """`fn` called with and returning plain numbers and addresses: no pointer object is made per call (the
    loop over a page's characters makes hundreds of thousands of calls)."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, ctypes.c_void_p).value)


_text_object = _plain(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
_unicode = _plain(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint, ctypes.c_void_p, ctypes.c_int)
_origin = _plain(pdfium_c.FPDFText_GetCharOrigin, ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p,
                 ctypes.c_void_p)


_RUN_KEY = itemgetter("upright", "size", "fontname")  # pdfplumber groups words by these
_X0 = itemgetter("x0")
SUBSET = re.compile(r"^[A-Z]{6}\+")


def _font_metrics(font: pikepdf.Dictionary) -> tuple[str, float] | None:
    """The font's name and descent (1/1000 em) as pdfminer has them; None for a font left to pdfminer.

    A composite font is its descendant's. A standard font named as such has Adobe's metrics; any other its
    descriptor's /Descent, 0 without one (pdfium measures the glyphs then), never positive."""
    subtype = str(font.get("/Subtype", ""))
    if subtype == "/Type3":
        return None
    if subtype == "/Type0":
        kids = font.get("/DescendantFonts")
        if not isinstance(kids, pikepdf.Array) or not len(kids) or not isinstance(kids[0], pikepdf.Dictionary):
            return None
        font = kids[0]
    base = str(font.get("/BaseFont", "/unknown"))[1:]
    if subtype != "/Type0" and base in FONT_METRICS:
        return base, float(FONT_METRICS[base][0].get("Descent", 0))
    descriptor = font.get("/FontDescriptor")
    try:
        descent = float(descriptor.get("/Descent", 0)) if isinstance(descriptor, pikepdf.Dictionary) else 0.0
    except (TypeError, ValueError):
        return None
    return base, -abs(descent)


def _page_fonts(page: pikepdf.Dictionary) -> pikepdf.Dictionary | None:
    """The page's /Font resources, inherited from the page tree when the page has none of its own."""
    for _ in range(64):  # a page tree deeper than this is a loop
        resources = page.get("/Resources")
        if isinstance(resources, pikepdf.Dictionary):
            fonts = resources.get("/Font")
            return fonts if isinstance(fonts, pikepdf.Dictionary) else None
        page = page.get("/Parent")
        if not isinstance(page, pikepdf.Dictionary):
            return None
    return None


def font_table(path: Path, password: str | None = None) -> dict[str, tuple[str, float] | None]:
    """Every font the pages use, by the name pdfium gives it (its /BaseFont without a subset prefix): its
    name and descent as pdfminer has them; None for a font left to pdfminer or a name two fonts share."""
    table: dict[str, tuple[str, float] | None] = {}
    try:
        with pikepdf.open(path, password=password or "") as pdf:
            _collect_fonts(pdf, table)
    except pikepdf.PdfError:  # a page tree qpdf cannot walk (a loop ...): no font known, pdfplumber reads all
        return {}
    return table


def _collect_fonts(pdf: pikepdf.Pdf, table: dict[str, tuple[str, float] | None]) -> None:
    for page in pdf.pages:
        fonts = _page_fonts(page.obj)
        for _, font in fonts.items() if fonts is not None else ():
            if not isinstance(font, pikepdf.Dictionary):
                continue
            name = SUBSET.sub("", str(font.get("/BaseFont", "/unknown"))[1:])
            got = _font_metrics(font)
            table[name] = got if table.get(name, got) == got else None


class _Run:
    """What every character of one text object shares, looked up once: font, size, scale, colour. `shared`
    keeps, per page, each font's name and its advance widths at each size, which many text objects share."""

    __slots__ = ("colour", "descent", "em", "font", "name", "size", "sx", "widths")

    def __init__(self, obj: int, fonts: dict[str, tuple[str, float] | None], shared: dict) -> None:
        handle = ctypes.cast(obj, pdfium_c.FPDF_PAGEOBJECT)
        m = pdfium_c.FS_MATRIX()
        pdfium_c.FPDFPageObj_GetMatrix(handle, m)
        if m.b or m.c or m.a <= 0 or m.d <= 0:
            raise Unsupported("rotated or mirrored text")
        self.font = pdfium_c.FPDFTextObj_GetFont(handle)
        size = ctypes.c_float()
        pdfium_c.FPDFTextObj_GetFontSize(handle, size)
        self.size, self.sx = size.value, m.a
        key = ctypes.cast(self.font, ctypes.c_void_p).value
        name = shared.get(key)
        if name is None:
            name = shared[key] = _font_name(self.font)
        metrics = fonts.get(name)
        if metrics is None:
            raise Unsupported("font")
        self.name = metrics[0]
        self.colour = _rgb(pdfium_c.FPDFPageObj_GetFillColor, handle)
        self.descent = metrics[1] * self.size / 1000 * m.d
        self.em = self.size * m.d  # one value per run of text: pdfplumber groups words by it
        self.widths: dict[int, float] = shared.setdefault((key, self.size, self.sx), {})

    def advance(self, code: int) -> float:
        out = ctypes.c_float()
        if not pdfium_c.FPDFFont_GetGlyphWidth(self.font, code, self.size, out):
            raise Unsupported("glyph width")
        w = self.widths[code] = out.value * self.sx
        return w


def _loose_right(raw, i: int) -> float:
    box = pdfium_c.FS_RECTF()
    pdfium_c.FPDFText_GetLooseCharBox(raw, i, box)
    return box.right


def _end_ligature(lig: tuple[dict, int] | None, raw, x: float | None) -> None:
    """A ligature's box ends where the next character of its text begins, or at its glyph's right edge."""
    if lig is not None:
        char, i = lig
        char["x1"] = x if x is not None and x > char["x0"] else max(_loose_right(raw, i), char["x0"])


def _chars(page: pdfium.PdfPage, height: float, fonts: dict[str, tuple[str, float] | None],
           colours: set) -> list[dict]:
    """The page's characters. A ligature pdfium gives as one character per letter, all at one origin, is
    one character again, as pdfminer has it ("fi" from one glyph). `colours` gets the characters' colours."""
    text = page.get_textpage()
    try:
        raw = text.raw
        address = ctypes.cast(raw, ctypes.c_void_p).value
        count = pdfium_c.FPDFText_CountChars(raw)
        runs: dict[int, _Run] = {}
        shared: dict = {}
        ox, oy = ctypes.c_double(), ctypes.c_double()
        at_x, at_y = ctypes.addressof(ox), ctypes.addressof(oy)
        out: list[dict] = []
        last: tuple[int, float, float] | None = None  # the previous character's text object and origin
        lig: tuple[dict, int] | None = None  # a ligature whose box is not closed yet
        for i in range(count):
            code = _unicode(address, i)
            if code in GENERATED and pdfium_c.FPDFText_IsGenerated(raw, i):
                continue
            obj = _text_object(address, i)
            if not obj:
                continue
            run = runs.get(obj)
            if run is None:
                run = runs[obj] = _Run(obj, fonts, shared)
            _origin(address, i, at_x, at_y)
            x0, y = ox.value, oy.value
            if code in HYPHEN:
                code = 0x2D
            if last == (obj, x0, y):  # the next letter of the same glyph
                out[-1]["text"] += chr(code)
                lig = lig or (out[-1], i)
                continue
            _end_ligature(lig, raw, x0 if last and last[0] == obj else None)
            lig, last = None, (obj, x0, y)
            adv = run.widths.get(code)
            x1 = x0 + (adv if adv is not None else run.advance(code))
            bottom = height - (y + run.descent)
            top = bottom - run.em
            # what the word grouping, the filters and the white-text test read: no more (a dict per character)
            out.append({"object_type": "char", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "text": chr(code),
                        "size": run.em, "upright": True, "fontname": run.name, "non_stroking_color": run.colour})
        _end_ligature(lig, raw, None)
        colours.update(r.colour for r in runs.values())
        return out
    finally:
        text.close()


def _segments(obj) -> list[tuple[str, tuple[float, float]]]:
    """The path's operators (m, l, c, h) with their end points in page space (pdfminer's shape and points)."""
    m = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(obj, m)
    x, y = ctypes.c_float(), ctypes.c_float()
    ops: list[tuple[str, tuple[float, float]]] = []
    start = (0.0, 0.0)
    bezier = 0
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        pt = (m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            ops.append(("m", pt))
            start = pt
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO:
            ops.append(("l", pt))
        elif kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            bezier += 1
            if bezier % 3 == 0:  # a curve's third point is its end; the first two are control points
                ops.append(("c", pt))
        else:
            raise Unsupported("path segment")
        if pdfium_c.FPDFPathSegment_GetClose(seg):
            ops.append(("h", start))
    return ops


def _subpaths(ops: list[tuple[str, tuple[float, float]]]) -> list[list[tuple[str, tuple[float, float]]]]:
    out: list[list] = []
    for op in ops:
        if op[0] == "m" or not out:
            out.append([])
        out[-1].append(op)
    return [p for p in out if p[0][0] == "m"]


def _shape(path: list[tuple[str, tuple[float, float]]]) -> tuple[str, list[tuple[float, float]]]:
    """pdfminer's kind of one subpath: "line", "rect" or "curve", and its points."""
    shape = "".join(o for o, _ in path)
    pts = [p for _, p in path]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:  # a redundant "l" before the close
        shape = shape[:-2] + "h"
        pts.pop()
    if shape in ("mlh", "ml"):
        return "line", pts[:2]
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if pts[0] == pts[4] and square:
            return "rect", pts
    return "curve", pts


def _vectors(page: pdfium.PdfPage, height: float, objects: dict[str, list[dict]]) -> None:
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE,
                                        pdfium_c.FPDF_PAGEOBJ_FORM], max_depth=1):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_FORM:
            raise Unsupported("form XObject")  # its objects' matrices are the form's: left to pdfplumber
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            x0, y0, x1, y1 = obj.get_bounds()
            objects.setdefault("image", []).append(_box("image", x0, y0, x1, y1, height))
            continue
        raw = obj.raw
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        pdfium_c.FPDFPath_GetDrawMode(raw, fill, stroke)
        width = ctypes.c_float()
        pdfium_c.FPDFPageObj_GetStrokeWidth(raw, width)
        common = {"stroke": bool(stroke.value), "fill": bool(fill.value), "linewidth": width.value,
                  "stroking_color": _rgb(pdfium_c.FPDFPageObj_GetStrokeColor, raw),
                  "non_stroking_color": _rgb(pdfium_c.FPDFPageObj_GetFillColor, raw)}
        for sub in _subpaths(_segments(raw)):
            kind, pts = _shape(sub)
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            d = _box(kind, min(xs), min(ys), max(xs), max(ys), height)
            d.update(common, pts=[(px, height - py) for px, py in pts])
            objects.setdefault(kind, []).append(d)


def _box(kind: str, x0: float, y0: float, x1: float, y1: float, height: float) -> dict:
    top = height - y1
    return {"object_type": kind, "x0": x0, "x1": x1, "y0": y0, "y1": y1, "top": top, "bottom": height - y0,
            "doctop": top, "width": x1 - x0, "height": y1 - y0}


def page_objects(page: pdfium.PdfPage, fonts: dict[str, tuple[str, float] | None]
                 ) -> tuple[dict[str, list[dict]], float, float, set] | None:
    """The page's object dicts, its width and height and the colours its characters are printed in; None
    when the page is to be read by pdfplumber. `fonts`: the document's font_table."""
    box = page.get_mediabox()
    if page.get_rotation() or box[:2] != (0, 0) or page.get_cropbox() != box:
        return None
    width, height = box[2], box[3]
    colours: set = set()
    try:
        objects: dict[str, list[dict]] = {}
        chars = _chars(page, height, fonts, colours)
        if chars:
            objects["char"] = chars
        _vectors(page, height, objects)
    except Unsupported:
        return None
    return objects, width, height, colours


def _line_clusters(chars: list[dict], tolerance: float) -> list[list[dict]]:
    """pdfplumber's cluster_objects(chars, top, tolerance): tops chained within `tolerance`, in order."""
    tops = sorted({c["top"] for c in chars})
    index: dict[float, int] = {}
    n, last = 0, None
    for t in tops:
        if last is not None and t > last + tolerance:
            n += 1
        index[t] = n
        last = t
    lines: list[list[dict]] = [[] for _ in range(n + 1)]
    for c in chars:  # in the characters' order within a line, as pdfplumber's stable sort keeps it
        lines[index[c["top"]]].append(c)
    return lines


def upright_words(chars: list[dict], x_tolerance: float, y_tolerance: float) -> list[dict]:
    """pdfplumber's extract_words(chars, keep_blank_chars=False, use_text_flow=False, extra_attrs=["size",
    "fontname"]) for upright left-to-right characters, word for word and bit for bit, at a fraction of its
    cost (its generic directions and tolerance ratios are a function call per character): runs of one
    size and font in stream order, each cut into lines by top, each line sorted by x0 and split at blank
    characters and at gaps over `x_tolerance`. tests/test_pdfium_page.py compares the two."""
    out: list[dict] = []
    for _, run in groupby(chars, key=_RUN_KEY):
        for line in _line_clusters(list(run), y_tolerance):
            line.sort(key=_X0)
            word: list[dict] = []
            for c in line:
                if not c["text"] or c["text"].isspace():  # a blank ends the word
                    if word:
                        out.append(_merge(word))
                    if not c["text"]:  # pdfplumber makes an empty character a word of its own
                        out.append(_merge([c]))
                    word = []
                elif word and (c["x0"] < word[-1]["x0"] or c["x0"] > word[-1]["x1"] + x_tolerance
                               or abs(c["top"] - word[-1]["top"]) > y_tolerance):
                    out.append(_merge(word))
                    word = [c]
                else:
                    word.append(c)
            if word:
                out.append(_merge(word))
    return out


def _merge(word: list[dict]) -> dict:
    first = word[0]
    return {"text": "".join([LIGATURES.get(c["text"], c["text"]) for c in word]),
            "x0": min([c["x0"] for c in word]), "x1": max([c["x1"] for c in word]),
            "top": min([c["top"] for c in word]), "bottom": max([c["bottom"] for c in word]),
            "size": first["size"], "fontname": first["fontname"]}
