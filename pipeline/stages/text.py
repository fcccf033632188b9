"""Stage 2, text and layout: words with positions, horizontal rules and ruled cell boxes.

pdfplumber (pdfminer underneath) gives words with font size and name, and its table
finder turns the page's vector rules into cell boxes. Only pages that have rules pay
for the table finder. Image-only pages come back empty here; the OCR stage fills them.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

from iku.core.errors import W_OCR_UNAVAILABLE, W_PAGE_UNREAD
from iku.core.layout import PageLayout, Rule, Word
from iku.core.stage import StageLog
from iku.resources.lexicon import clean_words
from iku.stages import ocr
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
OPEN_END = 10.0  # column rules reaching this far past the last row rule: a table that runs on past the page
WIDE_SNAP = {"snap_tolerance": 6, "join_tolerance": 6, "intersection_tolerance": 6}


def _words(page: pdfplumber.page.Page, number: int) -> list[Word]:
    raw = page.extract_words(keep_blank_chars=False, use_text_flow=False, extra_attrs=["size", "fontname"],
                             x_tolerance=1.5, y_tolerance=2.5)
    return [Word(text=w["text"], x0=w["x0"], top=w["top"], x1=w["x1"], bottom=w["bottom"], page=number,
                 size=round(float(w["size"]), 1), bold="bold" in w["fontname"].lower())
            for w in raw if w["text"].strip()]


def _rules(page: pdfplumber.page.Page, number: int) -> list[Rule]:
    rules = []
    for e in page.edges:
        if e["orientation"] == "h" and e["x1"] - e["x0"] >= 4:
            rules.append(Rule(x0=e["x0"], x1=e["x1"], y=e["top"], page=number))
    return rules


def _is_white(colour: object) -> bool:
    if isinstance(colour, (int, float)):
        return colour >= 0.99
    if isinstance(colour, (tuple, list)) and colour:
        # gray, RGB (all channels 1) or CMYK (no ink)
        return all(c >= 0.99 for c in colour) if len(colour) != 4 else all(c <= 0.01 for c in colour)
    return False


def _draws_a_rule(obj: dict) -> bool:
    """A white filled rectangle without a stroke paints nothing on white paper: a cell background,
    not a border, and its edges must not split the grid into one row per text line."""
    if obj.get("object_type") != "rect" or obj.get("stroke"):
        return True
    return not (obj.get("fill") and _is_white(obj.get("non_stroking_color")))


def _joined_verticals(edges: list[dict]) -> list[dict]:
    """Vertical strokes with collinear pieces (one per row, as many producers draw them) joined into one."""
    out: list[dict] = []
    for v in sorted((e for e in edges if e["orientation"] == "v"), key=lambda e: (round(e["x0"]), e["top"])):
        last = out[-1] if out else None
        if last and abs(last["x0"] - v["x0"]) <= 1 and v["top"] <= last["bottom"] + 3:
            last["bottom"] = max(last["bottom"], v["bottom"])
        else:
            out.append({"x0": v["x0"], "top": v["top"], "bottom": v["bottom"]})
    return out


def _open_ends(edges: list[dict]) -> list[dict]:
    """Closing rules for a table whose column rules run past its last (or above its first) row rule: the
    part of a table that continues on the next page, or came from the previous one, often has no bottom
    (top) border. Without one the table finder drops that part of the body."""
    hs = [e for e in edges if e["orientation"] == "h"]
    ends: dict[tuple[str, int], list[dict]] = {}
    for v in _joined_verticals(edges):
        crossing = [h["top"] for h in hs if h["x0"] - 3 <= v["x0"] <= h["x1"] + 3
                    and v["top"] - 3 <= h["top"] <= v["bottom"] + 3]
        if not crossing:
            continue
        if v["bottom"] - max(crossing) > OPEN_END:
            ends.setdefault(("bottom", round(v["bottom"] / 3)), []).append(v)
        if min(crossing) - v["top"] > OPEN_END:
            ends.setdefault(("top", round(v["top"] / 3)), []).append(v)
    out = []
    for (side, _), vs in ends.items():
        if len(vs) >= 3:  # one stray stroke is not a table's columns
            y = max(v[side] for v in vs) if side == "bottom" else min(v[side] for v in vs)
            x0, x1 = min(v["x0"] for v in vs), max(v["x0"] for v in vs)
            out.append({"object_type": "line", "x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0,
                        "height": 0.0})
    return out


def read_page(page: pdfplumber.page.Page, number: int, kind: str) -> PageLayout:
    layout = PageLayout(number=number, width=float(page.width), height=float(page.height), kind=kind)
    if kind in ("image", "garbage", "blank"):
        return layout
    layout.words = _words(page, number)
    has_vectors = bool(page.objects.get("line") or page.objects.get("rect") or page.objects.get("curve"))
    if has_vectors:
        layout.rules = _rules(page, number)
        ruled = page.filter(_draws_a_rule)
        closing = _open_ends(ruled.edges)
        settings = {**TABLE_SETTINGS, "explicit_horizontal_lines": closing} if closing else TABLE_SETTINGS
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


def read_layout(doc: IngestedPDF, log: StageLog, password: str | None = None) -> list[PageLayout]:
    pages: list[PageLayout] = []
    corrected = 0
    problem = ocr.engine_problem()  # checked once per process
    if problem and doc.has_ocr_pages:  # the pages OCR would read are left unread, and the record says so
        log.warn(f"{W_OCR_UNAVAILABLE} {problem}: pages without a usable text layer are left unread")
    pdfium_doc = pdfium.PdfDocument(str(doc.path)) if ocr.available() and not problem else None
    with pdfplumber.open(Path(doc.path), password=password) as pdf:
        for i, page in enumerate(pdf.pages):
            kind = doc.page_kinds[i] if i < len(doc.page_kinds) else "image"
            try:
                if doc.needs_ocr(i) and pdfium_doc is not None:
                    layout = ocr.ocr_page(pdfium_doc[i], i + 1)  # only pages that need it are OCRed
                    corrected += clean_words(layout.words)
                    if layout.rotation:
                        log.warn(f"page {i + 1}: stored sideways, turned {layout.rotation} degrees clockwise")
                else:
                    layout = read_page(page, i + 1, kind)
                    if kind == "text" and pdfium_doc is not None:
                        # text pasted as pictures (signature under a stamp, a scanned kop) joins the page
                        extra = ocr.ocr_image_regions(pdfium_doc[i], i + 1, layout.words)
                        corrected += clean_words(extra)
                        layout.words += extra
                        layout.ocr_words = len(extra)
                pages.append(layout)
            except Exception as exc:  # one unreadable page must not cost the document
                how = "by OCR" if doc.needs_ocr(i) else "from its text layer"
                log.warn(f"{W_PAGE_UNREAD} page {i + 1}: could not be read {how} ({type(exc).__name__}: {exc})")
                pages.append(PageLayout(number=i + 1, width=float(page.width), height=float(page.height),
                                        kind="image"))
            finally:
                page.close()  # drop pdfplumber's per-page caches: keeps memory flat on long documents
    if pdfium_doc is not None:
        pdfium_doc.close()
    if corrected:
        log.warn(f"{corrected} OCR word(s) corrected against the lexicon (confidence lowered)")
    return pages
