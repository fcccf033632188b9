"""`iku review OUT`: a local web app to check every extracted value against its page and correct it.

Starlette (ASGI, served by uvicorn) with Jinja2 templates and a little vanilla JS: server-rendered pages, a
JSON endpoint for corrections, page images rendered on demand from the PDF with pypdfium2 and cached under
OUT/.review-cache. Every edit goes through the corrections log (iku.export.corrections), so it survives a
re-extraction; the tables (Parquet, DuckDB, Excel) are rewritten a few seconds after the last edit.

Safe by default: bound to 127.0.0.1 by the CLI; serves only the documents of OUT and their recorded PDFs;
writes need a same-origin JSON request with the X-IKU header (a cross-site form or fetch cannot send it
without a CORS preflight, which is never answered); an optional token guards every request.
"""

from __future__ import annotations

import contextlib
import io
import json
import threading
from collections import Counter, defaultdict
from collections.abc import AsyncIterator
from pathlib import Path

import pyarrow.parquet as pq
import pypdfium2 as pdfium
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from iku.core.files import atomic_write_bytes
from iku.export import corrections

HERE = Path(__file__).parent
SCALE = 2.0  # px per PDF point of the page images (144 dpi): small print stays readable
DOUBT = 0.9  # a cell read with less confidence than this is doubtful
ROW_FIELDS = [("jabatan", "Jabatan"), ("sasaran", "Sasaran"), ("indikator", "Indikator"), ("formula", "Formula"),
              ("formula.numerator", "Pembilang"), ("formula.denominator", "Penyebut"),
              ("formula.multiplier", "Pengali"), ("satuan", "Satuan"), ("target", "Target"),
              ("sumber_data", "Sumber data"), ("penanggung_jawab", "Penanggung jawab")]
META_FIELDS = [("kecamatan", "Kecamatan"), ("kabupaten", "Kabupaten"), ("provinsi", "Provinsi"),
               ("document_type", "Jenis"), ("period_start", "Periode awal"), ("period_end", "Periode akhir"),
               ("decree_number", "Nomor"), ("decree_date", "Tanggal (ISO)"), ("place", "Ditetapkan di"),
               ("signatory.name", "Camat"), ("signatory.rank", "Pangkat"), ("signatory.nip", "NIP")]


class Exporter:
    """Rewrites the tables a few seconds after the last correction (one rebuild for a burst of edits)."""

    def __init__(self, out: Path, delay: float) -> None:
        self.out, self.delay = out, delay
        self.lock = threading.Lock()
        self.timer: threading.Timer | None = None
        self.pending = 0

    def schedule(self) -> None:
        with self.lock:
            self.pending += 1
            if self.timer:
                self.timer.cancel()
            if self.delay >= 0:
                self.timer = threading.Timer(self.delay, self.run)
                self.timer.daemon = True
                self.timer.start()

    def run(self) -> None:
        from iku.runtime.batch import BatchError
        from iku.runtime.outputs import rebuild_outputs

        with self.lock:
            if self.timer:
                self.timer.cancel()
            self.timer = None
            try:
                rebuild_outputs(self.out)
            except BatchError:
                return  # that batch rebuilds the tables itself, corrections included
            self.pending = 0


def _table(out: Path, name: str, columns: list[str]) -> list[dict]:
    p = out / f"{name}.parquet"
    if not p.exists():
        return []
    t = pq.read_table(p)
    return t.select([c for c in columns if c in t.column_names]).to_pylist()


def _doc_ids(out: Path) -> set[str]:
    return {p.stem for p in (out / "json").glob("*.json")}


def _pdf_path(out: Path, doc_id: str, source_file: str) -> Path | None:
    """The document's PDF among the paths recorded for it (index.json), never a path from the request."""
    try:
        entry = json.loads((out / "index.json").read_text(encoding="utf-8"))["documents"].get(doc_id, {})
    except (OSError, ValueError, KeyError):
        entry = {}
    for src in [source_file, *entry.get("sources", [])]:
        p = Path(src)
        for cand in ((p,) if p.is_absolute() else (Path.cwd() / p, out.parent / p, out / p)):
            if cand.is_file() and cand.suffix.lower() == ".pdf":
                return cand
    return None


def _rotations(d) -> dict[int, int]:
    """Clockwise turn that made each page upright for OCR: its bboxes are in that upright frame."""
    return {p.page: p.rotation % 360 for p in d.page_info if p.rotation % 360}


def _page_sizes(pdf_path: Path | None, d) -> dict[int, list[float]]:
    """Each page's size in points, as shown: a sideways scan upright, as its bboxes are."""
    if pdf_path is None:
        return {}
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        sizes = {n + 1: list(pdf[n].get_size()) for n in range(len(pdf))}
    finally:
        pdf.close()
    for n, rot in _rotations(d).items():
        if n in sizes and rot in (90, 270):
            sizes[n].reverse()
    return sizes


def _row_groups(d, row_flags: dict[int, list[dict]], corrected: set) -> dict[int, list[dict]]:
    """The rows of each page with their cells: value, provenance, confidence, doubt, corrected."""
    groups: dict[int, list[dict]] = defaultdict(list)
    for ind in d.indicators:
        dump = ind.model_dump(mode="json")
        cells = []
        for fname, label in ROW_FIELDS:
            v = corrections._get(dump, fname)
            prov = ind.cells.get(fname.split(".")[0])
            conf = prov.confidence if prov else None
            flagged = any(f["field"] == fname.split(".")[0] for f in row_flags[ind.row])
            cells.append({"field": fname, "label": label, "value": corrections.fmt(v) or "",
                          "page": prov.page if prov else ind.page,
                          "bbox": list(prov.bbox) if prov and prov.bbox else None, "conf": conf,
                          "doubt": (conf is not None and conf < DOUBT) or flagged,
                          "corrected": (ind.row, fname) in corrected})
        groups[ind.page].append({"row": ind.row, "cells": cells, "confidence": ind.confidence,
                                 "flags": row_flags[ind.row]})
    return groups


def _meta_fields(d, corrected: set) -> list[dict]:
    meta = []
    dump = d.model_dump(mode="json")
    for fname, label in META_FIELDS:
        # "signatory.name" is kept as "signatory_name" (each signatory field with its own line's confidence)
        prov = (d.metadata_provenance.get(fname.replace(".", "_")) or d.metadata_provenance.get(fname.split(".")[-1])
                or d.metadata_provenance.get(fname))
        conf = prov.confidence if prov else None
        meta.append({"field": fname, "label": label, "value": corrections.fmt(corrections._get(dump, fname)) or "",
                     "page": prov.page if prov else None, "bbox": list(prov.bbox) if prov and prov.bbox else None,
                     "conf": conf, "doubt": conf is not None and conf < DOUBT,
                     "corrected": (None, fname) in corrected})
    return meta


def _matches(d: dict, q) -> bool:
    """A document row of the list against the filters of the query string."""
    return ((not q.get("kabupaten") or d["kabupaten"] == q["kabupaten"])
            and (not q.get("status") or d["status"] == q["status"])
            and (not q.get("flag") or q["flag"] in dict(d["flags"]))
            and (not q.get("max_confidence") or (d["min_confidence"] is not None
                                                 and d["min_confidence"] <= float(q["max_confidence"]))))


def _forbidden(request: Request) -> str | None:
    if request.headers.get("x-iku") != "1" or "json" not in request.headers.get("content-type", ""):
        return "writes need a JSON request with the X-IKU header"
    origin = request.headers.get("origin")
    if origin and origin.split("://", 1)[-1] != request.headers.get("host"):
        return "cross-site request refused"
    return None


def _render_page(pdf_path: Path, n: int, rotation: int) -> bytes | None:
    """Page n as a grey PNG at SCALE, turned upright; None when the PDF has no such page."""
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        if not 1 <= n <= len(pdf):
            return None
        img = pdf[n - 1].render(scale=SCALE, rotation=rotation).to_pil().convert("L")
    finally:
        pdf.close()
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


class _Review:
    """The app's endpoints over one output folder (each a method, so each stays small)."""

    def __init__(self, out: Path, token: str | None, export_delay: float, user: str | None = None) -> None:
        self.out, self.token, self.user = out, token, user  # user: who corrects when the request names no one
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        self.exporter = Exporter(out, export_delay)
        self.cache = out / ".review-cache"

    def documents(self) -> list[dict]:
        out = self.out
        docs = _table(out, "documents", ["doc_id", "source_file", "kecamatan", "kabupaten", "provinsi",
                                         "document_type", "status", "n_indicators", "error"])
        low: dict[str, float] = {}
        for r in _table(out, "indicators", ["doc_id", "confidence"]):
            low[r["doc_id"]] = min(low.get(r["doc_id"], 1.0), r["confidence"] if r["confidence"] is not None else 1)
        flags: dict[str, Counter] = defaultdict(Counter)
        for f in _table(out, "flags", ["doc_id", "code"]):
            flags[f["doc_id"]][f["code"]] += 1
        n_corr = Counter(e["doc_id"] for e in corrections.read_log(out))
        for d in docs:
            d["min_confidence"] = low.get(d["doc_id"])
            d["flags"] = sorted(flags[d["doc_id"]].items())
            d["n_corrections"] = n_corr[d["doc_id"]]
        return docs

    async def index(self, request: Request) -> Response:
        q = request.query_params
        docs = self.documents()
        kabs = sorted({d["kabupaten"] for d in docs if d["kabupaten"]})
        codes = sorted({c for d in docs for c, _ in d["flags"]})
        shown = [d for d in docs if _matches(d, q)]
        return self.templates.TemplateResponse(request, "list.html", {
            "docs": shown, "total": len(docs), "kabs": kabs, "codes": codes, "q": q, "token": self.token,
            "pending": self.exporter.pending})

    def _doc_or_404(self, doc_id: str) -> corrections.Applied | None:
        if doc_id not in _doc_ids(self.out):  # only documents of OUT, by their exact name
            return None
        return corrections.current(self.out, doc_id)

    async def doc(self, request: Request) -> Response:
        state = self._doc_or_404(request.path_params["doc_id"])
        if state is None:
            return PlainTextResponse("no such document", status_code=404)
        d = state.decree
        flags = [f for f in _table(self.out, "flags", ["doc_id", "row", "code", "message", "field"])
                 if f["doc_id"] == d.doc_id]
        row_flags: dict[int, list[dict]] = defaultdict(list)
        for f in flags:
            if f["row"] is not None:
                row_flags[f["row"]].append(f)
        corrected = {(c.row, c.field) for c in d.corrections if c.action == "set"}
        pdf_path = _pdf_path(self.out, d.doc_id, d.source_file)
        sizes = _page_sizes(pdf_path, d)
        groups = _row_groups(d, row_flags, corrected)
        page = int(request.query_params.get("page") or (min(groups) if groups else 1))
        return self.templates.TemplateResponse(request, "doc.html", {
            "d": d, "groups": sorted(groups.items()), "meta": _meta_fields(d, corrected), "sizes": sizes,
            "page": page, "doc_flags": [f for f in flags if f["row"] is None], "has_pdf": pdf_path is not None,
            "rejected": state.rejected, "token": self.token, "pending": self.exporter.pending})

    async def page_image(self, request: Request) -> Response:
        doc_id, n = request.path_params["doc_id"], request.path_params["n"]
        state = self._doc_or_404(doc_id)
        if state is None:
            return PlainTextResponse("no such document", status_code=404)
        d = state.decree
        rotation = _rotations(d).get(n, 0)
        path = self.cache / f"{d.sha256 or d.doc_id}-{n}-r{rotation}.png"
        if not path.exists():
            pdf_path = _pdf_path(self.out, d.doc_id, d.source_file)
            if pdf_path is None:
                return PlainTextResponse("source PDF not found", status_code=404)
            png = _render_page(pdf_path, n, rotation)
            if png is None:
                return PlainTextResponse("no such page", status_code=404)
            atomic_write_bytes(path, png)
        return FileResponse(path, media_type="image/png", headers={"Cache-Control": "max-age=3600"})

    async def correct(self, request: Request) -> Response:
        if why := _forbidden(request):
            return JSONResponse({"error": why}, status_code=403)
        doc_id = request.path_params["doc_id"]
        if doc_id not in _doc_ids(self.out):
            return JSONResponse({"error": "no such document"}, status_code=404)
        body = await request.json()
        row = body.get("row")
        row = int(row) if row not in (None, "") else None
        action, who = body.get("action", "set"), body.get("who") or self.user
        try:
            if action in ("merge", "split"):
                if row is None:
                    raise corrections.CorrectionError(f"{action} needs a row")
                fn = corrections.merge if action == "merge" else corrections.split
                done = fn(self.out, doc_id, row, who=who)
                e = done[-1] if isinstance(done, list) else done
            else:
                e = corrections.correct(self.out, doc_id, field=body.get("field"), value=body.get("value"), row=row,
                                        action=action, values=body.get("values"), who=who)
        except (corrections.CorrectionError, ValueError) as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        self.exporter.schedule()
        return JSONResponse({"ok": True, "id": e["id"], "old": e["old"], "new": e["new"]})

    async def export(self, request: Request) -> Response:
        if why := _forbidden(request):
            return JSONResponse({"error": why}, status_code=403)
        self.exporter.run()
        return JSONResponse({"ok": True})

    async def static(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in ("review.js", "review.css"):
            return PlainTextResponse("not found", status_code=404)
        return FileResponse(HERE / "static" / name)

    async def guard(self, request: Request, call_next) -> Response:  # the token, when one is set, on every request
        token = self.token
        if token:
            given = (request.query_params.get("token") or request.cookies.get("iku_token")
                     or request.headers.get("x-iku-token"))
            if given != token:
                return PlainTextResponse("token required: open the address printed by `iku review`", 401)
            response = await call_next(request)
            response.set_cookie("iku_token", token, httponly=True, samesite="strict")
            return response
        return await call_next(request)

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        yield
        if self.exporter.pending:  # edits not yet in the tables when the app is stopped
            self.exporter.run()


def create_app(out: Path, *, token: str | None = None, export_delay: float = 3.0, user: str | None = None) -> Starlette:
    """The review app over `out`; `user` logs the corrections a request does not sign (the settings' user)."""
    r = _Review(Path(out).resolve(), token, export_delay, user)
    app = Starlette(lifespan=r.lifespan, middleware=[Middleware(BaseHTTPMiddleware, dispatch=r.guard)], routes=[
        Route("/", r.index), Route("/doc/{doc_id}", r.doc), Route("/doc/{doc_id}/page/{n:int}.png", r.page_image),
        Route("/api/doc/{doc_id}/correct", r.correct, methods=["POST"]),
        Route("/api/export", r.export, methods=["POST"]), Route("/static/{name}", r.static),
    ])
    app.state.exporter = r.exporter
    return app
