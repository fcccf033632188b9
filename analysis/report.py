"""`iku report OUT`: one self-contained HTML page (inline CSS, JS and SVG; page thumbnails as base64 PNG for the
first MAX_INLINE_PAGES pages, links to the review app for the rest).

Batch summary and charts (quality by kabupaten, most common indicators, flag frequencies, formula kinds), then a
section per decree: its metadata and document flags, and for every page holding indicator rows a thumbnail of
the page with each extracted cell outlined at its bbox beside the rows read there, with their flags.
"""

from __future__ import annotations

import base64
import html
import io
from collections import Counter, defaultdict
from pathlib import Path

import pyarrow.parquet as pq
import pypdfium2 as pdfium

from iku.core.files import atomic_write_bytes
from iku.export.parquet import load_json_outputs
from iku.schemas import Decree

THUMB_WIDTH = 460  # px; thumbnails are drawn at this width
# pages drawn inline (base64, ~50 KB each); past them a section links to its pages in the review app, so the
# file grows with the rows, not with the page images (1,000 decrees: ~4,000 pages, 200 MB inline)
MAX_INLINE_PAGES = 60
REVIEW_URL = "http://localhost:8765"
_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2733;background:#f4f6f8}
header{background:#18324a;color:#fff;padding:18px 28px}header h1{margin:0;font-size:22px}
main{padding:18px 28px}section{background:#fff;border-radius:8px;padding:16px 20px;margin:0 0 18px;
box-shadow:0 1px 3px #0002}h2{margin:0 0 10px;font-size:18px}h3{font-size:15px;margin:14px 0 6px}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{background:#eef3f8;border-radius:6px;padding:10px 16px}
.card b{display:block;font-size:22px}.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));
gap:16px}table{border-collapse:collapse;width:100%;font-size:12.5px}td,th{border-bottom:1px solid #dde3ea;
padding:4px 6px;text-align:left;vertical-align:top}th{background:#f0f3f6}.page{display:flex;gap:16px;
align-items:flex-start;margin:10px 0}.thumb{position:relative;flex:0 0 auto}.thumb img{display:block;
border:1px solid #c8d0d8}.thumb svg{position:absolute;left:0;top:0}.rows{flex:1 1 auto;min-width:0}
.flag{display:inline-block;background:#fde2e1;color:#8a1c14;border-radius:4px;padding:0 5px;margin:1px;
font-size:11px}.flag.doc{background:#fff0c2;color:#6b4e00}.ok{color:#1f7a3a}.score{font-weight:600}
nav a{margin-right:10px}tr.hl td{background:#fff7d6}.muted{color:#6b7785}
section[id^=doc-]{content-visibility:auto;contain-intrinsic-size:auto 900px}
"""
_JS = """
// hovering a row outlines its cells on the thumbnail, and the other way round
window.__errors = [];
window.addEventListener('error', e => { window.__errors.push(String(e.message)); });
document.addEventListener('DOMContentLoaded', () => {
  const on = (key, state) => document.querySelectorAll('[data-key="' + key + '"]').forEach(el => {
    if (el.tagName === 'TR') el.classList.toggle('hl', state);
    else el.setAttribute('stroke-width', state ? 3 : 1.2);
  });
  document.querySelectorAll('[data-key]').forEach(el => {
    el.addEventListener('mouseenter', () => on(el.dataset.key, true));
    el.addEventListener('mouseleave', () => on(el.dataset.key, false));
  });
  document.body.dataset.js = 'ran';
  document.body.dataset.errors = String(window.__errors.length);
});
"""


def _e(x: object) -> str:
    return html.escape("" if x is None else str(x))


def bar_chart(title: str, items: list[tuple[str, float]], unit: str = "", color: str = "#2f6f9f",
              max_value: float | None = None) -> str:
    """A horizontal bar chart as inline SVG."""
    if not items:
        return f"<div><h3>{_e(title)}</h3><p class=muted>nothing to show</p></div>"
    label_w, bar_w, row_h = 230, 220, 20
    top = max_value or max(v for _, v in items) or 1
    h = row_h * len(items) + 10
    parts = [f'<svg role="img" aria-label="{_e(title)}" width="{label_w + bar_w + 60}" height="{h}" '
             f'xmlns="http://www.w3.org/2000/svg" font-size="11">']
    for i, (label, v) in enumerate(items):
        y = 5 + i * row_h
        w = max(1.0, bar_w * v / top)
        short = label if len(label) <= 38 else label[:36] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end"><title>{_e(label)}</title>'
                     f'{_e(short)}</text><rect x="{label_w}" y="{y + 2}" width="{w:.1f}" height="{row_h - 6}" '
                     f'fill="{color}"/><text x="{label_w + w + 4:.1f}" y="{y + 13}">{v:g}{_e(unit)}</text>')
    parts.append("</svg>")
    return f"<div><h3>{_e(title)}</h3>{''.join(parts)}</div>"


def _find_pdf(source: str, out_dir: Path) -> Path | None:
    p = Path(source)
    for cand in (p, Path.cwd() / p, out_dir.parent / p, out_dir / p):
        if cand.is_file():
            return cand
    return None


def _thumbnail(pdf: pdfium.PdfDocument, page_no: int) -> tuple[str, float, int]:
    """(base64 PNG, px per PDF point, height px) of one page."""
    page = pdf[page_no - 1]
    w_pt, _ = page.get_size()
    scale = THUMB_WIDTH / w_pt
    img = page.render(scale=scale).to_pil().convert("L")  # grey keeps the file small; outlines carry colour
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return base64.b64encode(buf.getvalue()).decode("ascii"), scale, img.height


def _rows_by_page(d: Decree) -> dict[int, list]:
    pages: dict[int, list] = defaultdict(list)
    for ind in d.indicators:
        pages[ind.page].append(ind)
    return dict(sorted(pages.items()))


def _decree_section(d: Decree, flags: list[dict], quality: dict | None, out_dir: Path,
                    thumbs: bool = True) -> str:
    ind_flags: dict[int, list[dict]] = defaultdict(list)
    doc_flags = []
    for f in flags:
        (ind_flags[f["row"]] if f["row"] is not None else doc_flags).append(f)
    score = quality.get("document_score") if quality else None
    meta = [("Kecamatan", d.kecamatan), ("Kabupaten", d.kabupaten), ("Provinsi", d.provinsi),
            ("Kode", d.region_code), ("Jenis", d.document_type), ("Periode", f"{d.period_start}–{d.period_end}"),
            ("Nomor", d.decree_number), ("Tanggal", d.decree_date_text), ("Camat", d.signatory.name),
            ("NIP", d.signatory.nip_printed), ("Status", d.status), ("Skor dokumen", score)]
    if d.error:  # a failed decree says why
        meta.append(("Error", f"{d.error_code}: {d.error}"))
    out = [f'<section id="doc-{_e(d.doc_id)}"><h2>{_e(d.doc_id)} — {_e(d.kecamatan)}, {_e(d.kabupaten)}</h2>',
           "<table>" + "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in meta) + "</table>"]
    if doc_flags:
        out.append("<h3>Document flags</h3><ul>" + "".join(
            f'<li><span class="flag doc">{_e(f["code"])}</span> {_e(f["message"])}'
            f'{" — p. " + _e(f["page"]) if f["page"] else ""}<br><span class=muted>{_e((f["evidence"] or "")[:200])}'
            "</span></li>" for f in doc_flags) + "</ul>")
    pdf_path = _find_pdf(d.source_file, out_dir) if thumbs else None
    try:  # a failed or repaired source may not open: its rows are shown without page images
        pdf = pdfium.PdfDocument(str(pdf_path)) if pdf_path and d.indicators else None
    except pdfium.PdfiumError:
        pdf = None
    try:
        for page_no, rows in _rows_by_page(d).items():
            out.append('<div class="page">')
            if pdf is not None and page_no <= len(pdf):
                png, scale, height = _thumbnail(pdf, page_no)
                boxes = []
                for ind in rows:
                    color = "#d23b2f" if ind_flags.get(ind.row) else "#1f8a4c"
                    for fname, prov in ind.cells.items():
                        if prov.bbox and prov.page == page_no:
                            x0, t, x1, b = (v * scale for v in prov.bbox)
                            boxes.append(f'<rect data-key="{_e(d.doc_id)}-{ind.row}" x="{x0:.1f}" y="{t:.1f}" '
                                         f'width="{x1 - x0:.1f}" height="{b - t:.1f}" fill="{color}" '
                                         f'fill-opacity="0.10" stroke="{color}" stroke-width="1.2">'
                                         f"<title>row {ind.row} {fname}</title></rect>")
                out.append(f'<div class="thumb"><img alt="page {page_no}" width="{THUMB_WIDTH}" height="{height}" '
                           f'src="data:image/png;base64,{png}"><svg width="{THUMB_WIDTH}" height="{height}" '
                           f'xmlns="http://www.w3.org/2000/svg">{"".join(boxes)}</svg>'
                           f'<div class=muted>page {page_no}</div></div>')
            elif not thumbs:
                out.append(f'<div class="thumb muted"><a href="{REVIEW_URL}/doc/{_e(d.doc_id)}?page={page_no}">'
                           f"page {page_no} in the review app</a> (<code>iku review</code>)</div>")
            else:
                out.append(f'<div class="thumb muted">page {page_no}: source PDF not found</div>')
            out.append('<div class="rows"><table><tr><th>#</th><th>Jabatan</th><th>Indikator</th><th>Formula</th>'
                       "<th>Sumber data</th><th>Flags</th></tr>")
            for ind in rows:
                f = ind.formula
                formula = (f"<b>{_e(f.kind)}</b> " + (f"{_e(f.numerator)} <b>/</b> {_e(f.denominator)}"
                                                      if f.numerator else _e(f.text)) if f else "")
                badges = "".join(f'<span class="flag" title="{_e(x["message"])}">{_e(x["code"])}</span>'
                                 for x in ind_flags.get(ind.row, [])) or '<span class="ok">✓</span>'
                out.append(f'<tr data-key="{_e(d.doc_id)}-{ind.row}"><td>{ind.row}</td><td>{_e(ind.jabatan)}</td>'
                           f"<td>{_e(ind.indikator)}</td><td>{formula}</td><td>{_e(ind.sumber_data)}</td>"
                           f"<td>{badges}</td></tr>")
            out.append("</table></div></div>")
    finally:
        if pdf is not None:
            pdf.close()
    out.append("</section>")
    return "".join(out)


def build_report(out_dir: Path, max_inline_pages: int = MAX_INLINE_PAGES) -> str:
    decrees = load_json_outputs(out_dir)
    flags = pq.read_table(out_dir / "flags.parquet").to_pylist()
    inds = pq.read_table(out_dir / "indicators.parquet").to_pylist()
    quality = {(q["doc_id"], q["source_file"]): q for q in pq.read_table(out_dir / "quality.parquet").to_pylist()}
    by_kab: dict[str, list[float]] = defaultdict(list)
    for q in quality.values():
        if q["document_score"] is not None:
            by_kab[f'{q["kabupaten"] or "?"} ({q["provinsi"] or "?"})'].append(q["document_score"])
    kab_scores = sorted(((k, round(sum(v) / len(v), 1)) for k, v in by_kab.items()), key=lambda kv: kv[1])
    canon = Counter(r["canonical_text"] for r in inds if r.get("canonical_text"))
    example = {r["canonical_text"]: r["indikator"] for r in inds if r.get("canonical_text")}
    common = [(example[k], n) for k, n in canon.most_common(10)]
    flag_freq = Counter(f["code"] for f in flags).most_common()
    kinds = Counter(r["formula_kind"] or "none" for r in inds).most_common()
    n_rows = len(inds)
    cards = [("documents", len(decrees)), ("indicator rows", n_rows), ("canonical indicators", len(canon)),
             ("flags", len(flags)),
             ("mean document score", round(sum(s for _, s in kab_scores) / len(kab_scores), 1) if kab_scores else "–")]
    flags_by_doc: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for f in flags:
        flags_by_doc[(f["doc_id"], f["source_file"])].append(f)
    body = [
        "<header><h1>IKU/IKI decrees — quality report</h1></header><main>",
        '<section><h2>Batch</h2><div class="cards">'
        + "".join(f"<div class=card><b>{_e(v)}</b>{_e(k)}</div>" for k, v in cards) + "</div>"
        + "<p><nav>" + "".join(f'<a href="#doc-{_e(d.doc_id)}">{_e(d.doc_id)}</a>' for d in decrees)
        + "</nav></p></section>",
        '<section><h2>Charts</h2><div class="charts">',
        bar_chart("Quality by kabupaten (document score, 0–100)", kab_scores, max_value=100, color="#2f8a6f"),
        bar_chart("Most common indicators (rows)", common, color="#2f6f9f"),
        bar_chart("Flag frequencies", [(k, float(n)) for k, n in flag_freq], color="#c0503f"),
        bar_chart("Formula kinds", [(k, float(n)) for k, n in kinds], color="#7a5ca8"),
        "</div></section>",
    ]
    budget = max_inline_pages
    for d in sorted(decrees, key=lambda d: (d.doc_id, d.source_file)):
        n_pages = len({i.page for i in d.indicators})
        thumbs = n_pages <= budget
        budget -= n_pages if thumbs else budget  # in order: once one decree is past the limit, all after it are
        body.append(_decree_section(d, flags_by_doc.get((d.doc_id, d.source_file), []),
                                    quality.get((d.doc_id, d.source_file)), out_dir, thumbs))
    body.append("</main>")
    return (f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>IKU/IKI quality report</title>'
            f'<meta name="viewport" content="width=device-width,initial-scale=1"><style>{_CSS}</style>'
            f"<script>{_JS}</script></head><body>{''.join(body)}</body></html>")


def write_report(out_dir: Path, max_inline_pages: int = MAX_INLINE_PAGES) -> Path:
    path = out_dir / "report.html"
    atomic_write_bytes(path, build_report(out_dir, max_inline_pages).encode("utf-8"))
    return path
