"""Stage 2, text and layout: words with positions, horizontal rules and ruled cell boxes.

A text page's characters and vector objects are read by pdfium (below, "A text page read by pdfium") into the
object dicts pdfplumber's word grouping and table finder take; a page that reader does not handle as pdfminer
does is parsed by pdfminer instead, its objects turned into the same dicts here (`_objects`: only the
attributes anything reads). pdfplumber's word grouping and table finder then run on those: words with font
size and name, and the page's vector rules as cell boxes. Only pages that have rules pay for the table finder.
Image-only pages are read by OCR (iku.stages.ocr), in `page_threads` threads when the batch has cores to spare
(fewer documents than workers).
"""

from __future__ import annotations

import ctypes
import re
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from pathlib import Path

import numpy as np
import pdfplumber
import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfminer.fontmetrics import FONT_METRICS
from pdfminer.layout import LTAnno, LTChar, LTComponent, LTContainer, LTCurve, LTImage, LTLine, LTRect
from pdfplumber.page import fix_fontname_bytes
from pdfplumber.utils.text import LIGATURES

from iku.core.errors import W_OCR_CORRECTED, W_OCR_UNAVAILABLE, W_PAGE_TURNED, W_PAGE_UNREAD
from iku.core.layout import PageLayout, Rule, Word
from iku.core.ruling import open_ends
from iku.core.stage import Context, StageLog
from iku.resources.lexicon import clean_words, lexicon_for
from iku.resources.vocab import symbol_font_text
from iku.stages import ocr, signature
from iku.stages.ingest import IngestedPDF

TABLE_SETTINGS = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    # Word/LibreOffice borders are often drawn as separate, slightly offset strokes
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}
FRAGMENTED = 8  # more tables than this on one page: probably one grid in pieces
WIDE_SNAP = {"snap_tolerance": 6, "join_tolerance": 6, "intersection_tolerance": 6}


def _objects(page: pdfplumber.page.Page) -> dict[str, list[dict]]:
    """The page's characters and vector objects as pdfplumber's dicts, with only the attributes the stages
    and pdfplumber's word and table finders read, put where pdfplumber looks for them (`page.objects`).

    pdfplumber's own conversion resolves and copies every attribute of every pdfminer object (colour
    spaces, graphic state, marked content ...), which took as long as pdfminer's parsing itself; the values
    given here are computed by the same formulas, so words, rules and cells are the same to the last bit
    (tests/test_text_objects.py checks it against pdfplumber's own objects)."""
    if hasattr(page, "_objects"):
        return page._objects
    height, (mb_x0, mb_top) = page.height, page.mediabox[:2]
    doctop = page.initial_doctop
    objects: dict[str, list[dict]] = {}

    def box(o: LTComponent, kind: str) -> dict:
        top = (height - o.y1) + mb_top
        return {"object_type": kind, "x0": o.x0 + mb_x0, "x1": o.x1 + mb_x0, "y0": o.y0, "y1": o.y1, "top": top,
                "bottom": (height - o.y0) + mb_top, "doctop": doctop + top, "width": o.width, "height": o.height}

    def walk(items: list) -> None:
        for o in items:
            if isinstance(o, LTContainer):  # a figure (form XObject): pdfplumber lists what is inside
                walk(o._objs)
            elif isinstance(o, LTChar):
                d = box(o, "char")
                name = o.fontname
                ncolor = o.graphicstate.ncolor
                d.update(text=o.get_text(), size=o.size, upright=o.upright, matrix=o.matrix, adv=o.adv,
                         fontname=fix_fontname_bytes(name) if isinstance(name, bytes) else name,
                         non_stroking_color=ncolor if isinstance(ncolor, tuple) else (ncolor,))
                objects.setdefault("char", []).append(d)
            elif isinstance(o, LTCurve):  # LTLine and LTRect too
                kind = "line" if isinstance(o, LTLine) else "rect" if isinstance(o, LTRect) else "curve"
                d = box(o, kind)
                d.update(stroke=o.stroke, fill=o.fill, linewidth=o.linewidth, stroking_color=o.stroking_color,
                         non_stroking_color=o.non_stroking_color, pts=[page.point2coord(p) for p in o.pts])
                objects.setdefault(kind, []).append(d)
            elif not isinstance(o, LTAnno):
                kind = "image" if isinstance(o, LTImage) else type(o).__name__.removeprefix("LT").lower()
                objects.setdefault(kind, []).append(box(o, kind))

    walk(page.layout._objs)
    page._objects = objects
    return objects


class _PdfiumPage(pdfplumber.page.Page):
    """A pdfplumber page whose objects pdfium read (`page_objects`, below): pdfplumber's word grouping,
    filters and table finder run on it as on a page pdfminer parsed."""

    def __init__(self, objects: dict[str, list[dict]], width: float, height: float, number: int,
                 colours: set | None = None):
        self.colours = colours  # the characters' colours, when the reader gathered them
        self.pdf, self.page_obj, self.root_page = None, None, self
        self.page_number, self.initial_doctop, self.rotation = number, 0, 0
        self.mediabox = self.cropbox = self.bbox = (0, 0, width, height)
        self._objects = objects
        self.get_textmap = lru_cache()(self._get_textmap)


def _words(page: pdfplumber.page.Page, number: int) -> list[Word]:
    if isinstance(page.root_page, _PdfiumPage):  # upright characters only: pdfplumber's grouping, faster
        raw = upright_words(page.chars, x_tolerance=1.5, y_tolerance=2.5)
    else:
        raw = page.extract_words(keep_blank_chars=False, use_text_flow=False, extra_attrs=["size", "fontname"],
                                 x_tolerance=1.5, y_tolerance=2.5)
    return [Word(text=symbol_font_text(w["text"]) if "symbol" in w["fontname"].lower() else w["text"],
                 x0=w["x0"], top=w["top"], x1=w["x1"], bottom=w["bottom"], page=number,
                 size=round(float(w["size"]), 1), bold="bold" in w["fontname"].lower())
            for w in raw if w["text"].strip()]


def _visible(page: pdfplumber.page.Page) -> pdfplumber.page.Page:
    """The page minus white text on white paper: text a reader cannot see (a template's hidden words, a
    producer's white filler) is not part of the document. White text over a coloured fill or a picture
    (a header row printed white on blue) is seen and kept."""
    chars = page.objects.get("char", [])
    colours = getattr(page.root_page, "colours", None)
    if not any(map(_is_white, _colours(chars) if colours is None else colours)):
        return page
    grounds = [o for o in page.objects.get("rect", []) if o.get("fill") and not _is_white(o.get("non_stroking_color"))]
    grounds += page.objects.get("image", [])

    def seen(o: dict) -> bool:
        if o.get("object_type") != "char" or not _is_white(o.get("non_stroking_color")):
            return True
        cx, cy = (o["x0"] + o["x1"]) / 2, (o["top"] + o["bottom"]) / 2
        return any(g["x0"] <= cx <= g["x1"] and g["top"] <= cy <= g["bottom"] for g in grounds)

    return page.filter(seen)


def _colours(chars: list[dict]) -> list[object]:
    """The distinct fill colours of the characters (a page has a few; it has thousands of characters)."""
    seen: dict[object, None] = {}
    for c in chars:
        colour = c.get("non_stroking_color")
        seen[tuple(colour) if isinstance(colour, list) else colour] = None
    return list(seen)


def _rules(page: pdfplumber.page.Page, number: int) -> list[Rule]:
    rules = []
    for e in page.edges:
        if e["orientation"] == "h" and e["x1"] - e["x0"] >= 4:
            rules.append(Rule(x0=e["x0"], x1=e["x1"], y=e["top"], page=number))
    return rules


def _light(colour: object, level: float) -> bool:
    """No channel of a gray, RGB or CMYK colour darker than `level` (1 = paper white)."""
    if isinstance(colour, (int, float)):
        return colour >= level
    if isinstance(colour, (tuple, list)) and colour:
        return all(c >= level for c in colour) if len(colour) != 4 else all(c <= 1 - level for c in colour)
    return False


def _is_white(colour: object) -> bool:
    return _light(colour, 0.99)


def _is_pale(colour: object) -> bool:
    """Light enough to print text on (a highlight, a cell's shading)."""
    return _light(colour, 0.75)


PALE_AREA = 2.0  # a filled rectangle wider and taller than this (pt) paints an area, not a stroke


def _draws_a_rule(obj: dict) -> bool:
    """A white or pale filled rectangle without a stroke is a background: a cell's shading, or a highlight
    strip behind each text line (Word paragraph shading), not a border; its edges must not split the grid
    into one row per text line. A thin one is a stroke, whatever its colour; dark fills (a header row
    printed white on blue) keep their edges."""
    if obj.get("object_type") != "rect" or obj.get("stroke") or not obj.get("fill"):
        return True
    colour = obj.get("non_stroking_color")
    if _is_white(colour):
        return False
    area = obj.get("width", 0.0) > PALE_AREA and obj.get("height", 0.0) > PALE_AREA
    return not (area and _is_pale(colour))


DOT = 1.2  # a filled square this small (pt) is one dot of a dotted border
DOT_STEP = 2.5  # dots of one border lie at most this far apart
DOTS = 8  # a run of at least this many dots is a border


def _dotted_rules(page: pdfplumber.page.Page) -> dict[str, list[dict]]:
    """Excel's dotted borders, drawn dot by dot as tiny filled squares: each run of dots along one line as one
    rule (pdfplumber drops edges that short before joining them). By orientation: "h" rows, "v" columns."""
    dots = [r for r in page.objects.get("rect", []) if r["width"] <= DOT and r["height"] <= DOT and r.get("fill")]
    out: dict[str, list[dict]] = {"h": [], "v": []}
    for orient, at, lo, hi in (("h", "top", "x0", "x1"), ("v", "x0", "top", "bottom")):
        lines: dict[float, list[dict]] = {}
        for d in dots:
            lines.setdefault(round(d[at], 1), []).append(d)
        for pos, ds in lines.items():
            ds.sort(key=lambda d: d[lo])
            run = [ds[0]]
            for d in [*ds[1:], None]:
                if d is not None and d[lo] - run[-1][hi] <= DOT_STEP:
                    run.append(d)
                    continue
                if len(run) >= DOTS:
                    a, b, mid = run[0][lo], run[-1][hi], pos + run[0]["height" if orient == "h" else "width"] / 2
                    out[orient].append({"object_type": "line", "x0": a, "x1": b, "top": mid, "bottom": mid,
                                        "width": b - a, "height": 0.0} if orient == "h" else
                                       {"object_type": "line", "x0": mid, "x1": mid, "top": a, "bottom": b,
                                        "width": 0.0, "height": b - a})
                run = [d] if d is not None else run
    return out


def read_page(page: pdfplumber.page.Page, number: int, kind: str) -> PageLayout:
    layout = PageLayout(number=number, width=float(page.width), height=float(page.height), kind=kind)
    if kind in ("image", "garbage", "blank"):
        return layout
    _objects(page)
    layout.words = _words(_visible(page), number)
    has_vectors = bool(page.objects.get("line") or page.objects.get("rect") or page.objects.get("curve"))
    if has_vectors:
        ruled = page.filter(_draws_a_rule)
        layout.rules = _rules(ruled, number)  # a background's edges are no fraction bar or underline either
        settings = dict(TABLE_SETTINGS)
        dotted = _dotted_rules(page)
        for along, key in (("v", "explicit_horizontal_lines"), ("h", "explicit_vertical_lines")):
            closing = open_ends(ruled.edges, along, float(page.height if along == "v" else page.width))
            if lines := closing + dotted["h" if along == "v" else "v"]:
                settings[key] = lines
        tables = ruled.find_tables(settings)
        if len(tables) > FRAGMENTED:
            # a grid drawn as hundreds of separate filled rectangles (Word tables printed to PDF by some
            # portals) breaks into fragments at the default tolerance; wider snapping joins it again
            wider = ruled.find_tables({**settings, **WIDE_SNAP})
            tables = wider if len(wider) < len(tables) else tables
        for table in tables:
            if len(table.cells) >= 2:
                layout.cell_groups.append([tuple(map(float, c)) for c in table.cells])
    return layout


_pool: ThreadPoolExecutor | None = None
AHEAD = 2  # pages in flight per OCR thread (see _ocr_ahead)


def _ocr_pool(threads: int) -> ThreadPoolExecutor:
    """Threads kept for the worker's life, so each keeps its Tesseract engine (pipeline.ocr) from page to page:
    a process's resource like the engines themselves, not a setting (the thread count is the document's)."""
    global _pool
    if _pool is None or _pool._max_workers != threads:
        if _pool is not None:
            _pool.shutdown()
        _pool = ThreadPoolExecutor(threads, thread_name_prefix="iku-ocr")
        ocr.one_core_per_thread()
    return _pool


def _ocr_ahead(ctx: Context, doc: IngestedPDF):
    """The OCR pages' layouts, read `threads` pages at a time: `get(i)` gives page i's, in any order asked.

    Pages are rendered here, in the calling thread (pdfium is not thread-safe), and read by Tesseract in the
    pool's threads with their signature blocks (the work releases the GIL: OpenCV, Tesseract's C API or its
    process). `AHEAD` pages per thread are in flight, rendered and queued, so a thread that finishes a page
    starts the next at once while this thread renders, however long the page asked for takes; memory holds that
    many page bitmaps (26 MB each at 300 dpi). Each page is read exactly as alone, so the layouts do not depend
    on the thread count."""
    pdfium_doc, threads = ctx.pdf, ctx.page_threads
    todo = deque(i for i in range(doc.pages) if doc.needs_ocr(i)) if pdfium_doc is not None else deque()
    pool = _ocr_pool(threads) if threads > 1 and len(todo) > 1 else None
    flight: dict[int, Future] = {}

    def running() -> list[Future]:
        return [f for f in flight.values() if not f.done()]

    def submit() -> None:
        # finished pages wait in `flight` until asked for (in page order); only unfinished ones hold a bitmap
        while pool is not None and todo and len(running()) < AHEAD * threads:
            i = todo.popleft()
            try:
                flight[i] = pool.submit(read_scan, ctx, *ocr.render_page(ctx, pdfium_doc[i]), i + 1)
            except Exception as exc:  # the page's own failure, reported when the page is asked for
                flight[i] = Future()
                flight[i].set_exception(exc)

    def get(i: int) -> PageLayout:
        submit()
        if i in flight:
            # while a slow page (a signature block read again) is read, the other threads go on to later pages
            while not flight[i].done():
                wait(running(), return_when=FIRST_COMPLETED)
                submit()
            layout = flight.pop(i).result()
            submit()
            return layout
        return read_scan(ctx, *ocr.render_page(ctx, pdfium_doc[i]), i + 1)

    return get


def read_scan(ctx: Context, width: float, height: float, bitmap: np.ndarray, number: int) -> PageLayout:
    """An OCR page from its rendered bitmap: the page pass, then each signature block on it read again (the
    block a stamp or signature blurs); safe to run in several threads at once."""
    gray = ocr.lightest(bitmap)
    layout = ocr.ocr_image(ctx, width, height, gray, number)
    signature.reread_signatures(ctx, bitmap, gray, layout)
    return layout


def _from_pdfium(doc: pdfium.PdfDocument, i: int, fonts: dict, page: pdfplumber.page.Page) -> pdfplumber.page.Page:
    """Page i read by pdfium when its reading is pdfminer's (`page_objects` says), else `page`
    (pdfplumber's, which pdfminer then parses)."""
    read = page_objects(doc[i], fonts) if i < len(doc) else None
    width, height = float(page.width), float(page.height)
    if read is None or abs(read[1] - width) > 0.01 or abs(read[2] - height) > 0.01:
        return page
    return _PdfiumPage(read[0], width, height, i + 1, read[3])


def read_layout(doc: IngestedPDF, log: StageLog, ctx: Context, password: str | None = None) -> list[PageLayout]:
    """Every page's layout, with the lexicon of the run's settings (OCR words corrected against it; the later
    stages check words against it); the PDF is open with pdfium as `ctx.pdf` meanwhile (rendering for OCR)."""
    pages: list[PageLayout] = []
    corrected, lexicon = 0, lexicon_for(ctx.settings)
    problem = ocr.engine_problem(ctx.settings)  # checked once per process and tessdata folder
    if problem and doc.has_ocr_pages:  # the pages OCR would read are left unread, and the record says so
        log.warn(W_OCR_UNAVAILABLE, f"{problem}: pages without a usable text layer are left unread")
    pdfium_doc = pdfium.PdfDocument(str(doc.path), password=password)
    ctx.pdf = ocr_doc = pdfium_doc if ocr.available() and not problem else None
    ocr_layout = _ocr_ahead(ctx, doc)
    fonts: dict | None = None
    # pdfplumber still opens the file and walks its page tree (cheap: no page is parsed), so a file pdfminer
    # cannot open is repaired as before; each text page's content is then read by pdfium
    with pdfplumber.open(Path(doc.path), password=password) as pdf:
        for i, plumber_page in enumerate(pdf.pages):
            kind = doc.page_kinds[i] if i < len(doc.page_kinds) else "image"
            page = plumber_page
            try:
                if doc.needs_ocr(i) and ocr_doc is not None:
                    layout = ocr_layout(i)  # only pages that need it are OCRed
                    corrected += clean_words(layout.words, lexicon)
                    if layout.rotation:
                        log.warn(W_PAGE_TURNED, f"page {i + 1}: stored sideways, turned {layout.rotation} degrees "
                                 "clockwise", i + 1)
                else:
                    if kind == "text":
                        fonts = font_table(Path(doc.path), password) if fonts is None else fonts
                        page = _from_pdfium(pdfium_doc, i, fonts, plumber_page)
                    layout = read_page(page, i + 1, kind)
                    if kind == "text" and ocr_doc is not None:
                        # text pasted as pictures (signature under a stamp, a scanned kop) joins the page
                        extra = ocr.ocr_image_regions(ctx, ocr_doc[i], i + 1, layout.words)
                        corrected += clean_words(extra, lexicon)
                        layout.words += extra
                        layout.ocr_words = len(extra)
                pages.append(layout)
            except Exception as exc:  # one unreadable page must not cost the document
                how = "by OCR" if doc.needs_ocr(i) else "from its text layer"
                log.warn(W_PAGE_UNREAD, f"page {i + 1}: could not be read {how} ({type(exc).__name__}: {exc})", i + 1)
                pages.append(PageLayout(number=i + 1, width=float(plumber_page.width),
                                        height=float(plumber_page.height), kind="image"))
            finally:
                page.close()  # drop pdfplumber's per-page caches: keeps memory flat on long documents
                plumber_page.close()
    pdfium_doc.close()
    ctx.pdf = None
    for layout in pages:
        layout.lexicon = lexicon
    if corrected:
        log.warn(W_OCR_CORRECTED, f"{corrected} OCR word(s) corrected against the lexicon (confidence lowered)")
    return pages


# --- A text page read by pdfium ---------------------------------------------------------------------------
# A page's characters, vector objects and images read by pdfium, as the object dicts pdfplumber's word
# grouping and table finder take (the dicts `_objects` builds from pdfminer).
#
# pdfium parses a page in C, many times faster than pdfminer's pure-Python parser, which was most of the
# text stage's time. Each dict carries what the stages and pdfplumber's finders read, computed the way
# pdfminer defines it: a character's box runs from its origin over its advance width and from the font's
# descent up one font size (pdfium's own boxes are the glyph's outline or the font's ascent, which would
# move words); a path is split into its subpaths and each becomes a line, a rectangle or a curve by
# pdfminer's rules. A page this reader does not handle the same way (rotated text or page, a page box not at
# the origin, a vertical font, a character whose width pdfium cannot give) returns None, and the text stage
# reads that page with pdfplumber instead (`_from_pdfium`).

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
    characters and at gaps over `x_tolerance`. tests/test_text.py compares the two."""
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
