"""Stage 2, text and layout: words with positions, horizontal rules and ruled cell boxes.

pdfminer parses each page once; its characters and vector objects are turned into pdfplumber's
object dicts here (only the attributes anything reads), and pdfplumber's word grouping and table
finder run on those: words with font size and name, and the page's vector rules as cell boxes. Only
pages that have rules pay for the table finder. Image-only pages are read by OCR (iku.stages.ocr), in
`page_threads` threads when the batch has cores to spare (fewer documents than workers).
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from pdfminer.layout import LTAnno, LTChar, LTComponent, LTContainer, LTCurve, LTImage, LTLine, LTRect
from pdfplumber.page import fix_fontname_bytes

from iku.core.errors import W_OCR_CORRECTED, W_OCR_UNAVAILABLE, W_PAGE_TURNED, W_PAGE_UNREAD
from iku.core.layout import PageLayout, Rule, Word
from iku.core.ruling import open_ends
from iku.core.stage import StageLog
from iku.resources.lexicon import clean_words
from iku.resources.vocab import symbol_font_text
from iku.stages import ocr, signature
from iku.stages.context import Context
from iku.stages.ingest import IngestedPDF
from iku.stages.pdfium_page import font_table, page_objects, upright_words

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
    """A pdfplumber page whose objects pdfium read (iku.stages.pdfium_page): pdfplumber's word grouping,
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


def _ocr_pool(threads: int) -> ThreadPoolExecutor:
    """Threads kept for the worker's life, so each keeps its Tesseract engine (pipeline.ocr) from page to page:
    a process's resource like the engines themselves, not a setting (the thread count is the document's)."""
    global _pool
    if _pool is None or _pool._max_workers != threads:
        if _pool is not None:
            _pool.shutdown()
        _pool = ThreadPoolExecutor(threads, thread_name_prefix="iku-ocr")
    return _pool


def _ocr_ahead(ctx: Context, doc: IngestedPDF):
    """The OCR pages' layouts, read `threads` pages at a time: `get(i)` gives page i's, in any order asked.

    Pages are rendered here, in the calling thread (pdfium is not thread-safe), and read by Tesseract in the
    pool's threads (the work releases the GIL: OpenCV, Tesseract's C API or its process); at most `threads`
    pages are in flight, so memory holds that many page images. Each page is read exactly as alone, so the
    layouts do not depend on the thread count."""
    pdfium_doc, threads = ctx.pdf, ctx.page_threads
    todo = deque(i for i in range(doc.pages) if doc.needs_ocr(i)) if pdfium_doc is not None else deque()
    pool = _ocr_pool(threads) if threads > 1 and len(todo) > 1 else None
    flight: dict[int, Future] = {}

    def submit() -> None:
        while pool is not None and todo and len(flight) < threads:
            i = todo.popleft()
            try:
                flight[i] = pool.submit(ocr.ocr_image, ctx, *ocr.render_page(ctx, pdfium_doc[i]), i + 1)
            except Exception as exc:  # the page's own failure, reported when the page is asked for
                flight[i] = Future()
                flight[i].set_exception(exc)

    def get(i: int) -> PageLayout:
        submit()
        if i in flight:
            layout = flight.pop(i).result()
            submit()
            return layout
        return ocr.ocr_page(ctx, pdfium_doc[i], i + 1)

    return get


def _from_pdfium(doc: pdfium.PdfDocument, i: int, fonts: dict, page: pdfplumber.page.Page) -> pdfplumber.page.Page:
    """Page i read by pdfium when its reading is pdfminer's (iku.stages.pdfium_page says), else `page`
    (pdfplumber's, which pdfminer then parses)."""
    read = page_objects(doc[i], fonts) if i < len(doc) else None
    width, height = float(page.width), float(page.height)
    if read is None or abs(read[1] - width) > 0.01 or abs(read[2] - height) > 0.01:
        return page
    return _PdfiumPage(read[0], width, height, i + 1, read[3])


def read_layout(doc: IngestedPDF, log: StageLog, ctx: Context, password: str | None = None) -> list[PageLayout]:
    """Every page's layout; the PDF is open with pdfium as `ctx.pdf` meanwhile (rendering for OCR)."""
    pages: list[PageLayout] = []
    corrected = 0
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
                    signature.reread_signatures(ctx, ocr_doc[i], layout)  # the block a stamp or signature blurs
                    corrected += clean_words(layout.words)
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
                        corrected += clean_words(extra)
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
    if corrected:
        log.warn(W_OCR_CORRECTED, f"{corrected} OCR word(s) corrected against the lexicon (confidence lowered)")
    return pages
