"""A third family of generated decrees ("web"): the variants family's content laid out as HTML and printed by
Chromium, as decrees printed from a web portal (a JDIH or e-kinerja page) arrive.

Another PDF producer than reportlab (Skia's text runs and fonts, borders painted as filled rectangles, background
fills only when the print keeps them), with the axes of a browser print: the browser's running header (date,
page title) and footer (address, page x/y) over every page, print scale, tables ruled as a grid, with hairlines,
with row lines only, as zebra stripes of fill, or not at all; merged cells as real rowspan/colspan; the header
row repeated by the browser (thead) or not; rows kept whole or broken by the page. The gold is the variants
family's (`variants.vgold`): every text that carries a gold value is printed as `variants.render_v` prints it.
"""

from __future__ import annotations

import html
import json
import random
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from samples.generator.core import write_record
from samples.generator.variants import (
    _cell_text,
    _numbers,
    build_vspec,
    date_text,
    doc_title,
    goal_groups,
    label_text,
    phys_columns,
    table_chunks,
    vgold,
)

WEB_AXES: dict[str, list[str]] = {
    "web_rules": ["grid", "hairline", "hlines", "zebra", "none"],
    "web_chrome": ["none", "browser"],
    "web_background": ["printed", "dropped"],  # the print dialog's "background graphics" box
    "web_scale": ["1.0", "0.85"],
    "web_font": ["DejaVu Sans", "DejaVu Serif", "DejaVu Sans Condensed"],
}
PAGES = {"A4": ("210mm", "297mm"), "F4": ("215mm", "330mm")}
CSS = """
@page {{ size: {w} {h}; margin: 18mm 16mm 16mm 16mm; }}
@page lamp {{ size: {lw} {lh}; margin: 16mm 14mm 16mm 14mm; }}
body {{ font-family: "{font}"; font-size: 10.5pt; line-height: 1.3; }}
p {{ margin: 0 0 2pt 0; }}
.c {{ text-align: center; }}
.kop {{ text-align: center; border-bottom: 3px double #000; padding-bottom: 4pt; margin-bottom: 10pt; }}
.kv {{ border-collapse: collapse; }}
.kv td {{ vertical-align: top; padding: 0 3pt 1pt 0; }}
.sig {{ margin: 14pt 0 0 55%; }}
.sig .space {{ height: 48pt; }}
.lampiran {{ page: {lamp_page}; break-before: page; }}
.lhead {{ margin-left: 55%; font-size: 9.5pt; margin-bottom: 10pt; }}
table.ind {{ border-collapse: collapse; width: 100%; font-size: 8pt; line-height: 1.25; margin: 4pt 0 14pt 0; }}
table.ind th {{ font-weight: bold; text-align: center; vertical-align: middle; padding: 3pt; }}
table.ind td {{ vertical-align: top; padding: 3pt; }}
table.ind td.mid {{ vertical-align: middle; }}
table.ind tr {{ break-inside: {row_break}; }}
.frac {{ display: inline-table; vertical-align: middle; text-align: center; }}
.frac > span {{ display: table-row; }}
.frac .num {{ border-bottom: 1px solid #000; }}
{rules}
"""
RULES = {
    "grid": "table.ind th, table.ind td { border: 1px solid #000; }",
    "hairline": "table.ind th, table.ind td { border: 0.5px solid #444; }",
    "hlines": "table.ind { border-top: 1px solid #000; border-bottom: 1px solid #000; }\n"
              "table.ind th { border-bottom: 1px solid #000; } table.ind td { border-bottom: 0.5px solid #000; }",
    "zebra": "table.ind th { background: #c9d6e8; } table.ind tbody tr:nth-child(even) td { background: #eef2f7; }",
    "none": "",
}


def sample_web_axes(rng: random.Random) -> dict[str, str]:
    return {k: rng.choice(v) for k, v in WEB_AXES.items()}


def _e(s: Any) -> str:
    return html.escape(str(s))


def _kv(rows: list[tuple[str, str]]) -> str:
    return "<table class=kv>" + "".join(f"<tr><td>{_e(k)}</td><td>:</td><td>{v}</td></tr>" for k, v in rows) + \
        "</table>"


def head_html(spec: dict[str, Any], rng: random.Random) -> str:
    """Kop, title, number, TENTANG, preamble and diktum, in the words `variants.head_flow` prints."""
    ax, m = spec["axes"], spec["meta"]
    kec, kab = m["kecamatan"].upper(), m["kabupaten"].upper()
    out = []
    if ax["kop"] != "none":
        kop = f"<b>PEMERINTAH KABUPATEN {_e(kab)}</b><br><b>KECAMATAN {_e(kec)}</b>"
        if ax["kop"] == "address":
            kop += (f"<br><small>Jalan Raya {_e(m['kecamatan'])} Nomor {rng.randint(1, 90)} Telepon "
                    f"(0{rng.randint(251, 999)}) {rng.randint(100000, 999999)} Kode Pos {rng.randint(20000, 99999)}"
                    "</small>")
        out.append(f"<div class=kop>{kop}</div>")
    title = {"one_line": [f"KEPUTUSAN CAMAT {kec} KABUPATEN {kab}"],
             "two_lines": [f"KEPUTUSAN CAMAT {kec}", f"KABUPATEN {kab}"],
             "camat_only": [f"KEPUTUSAN CAMAT {kec}"]}[ax["head_title"]]
    out += [f"<p class=c><b>{_e(t)}</b></p>" for t in title]
    num = m["decree_number"]
    out.append("<p class=c>" + _e({"nomor_colon": f"NOMOR : {num}", "nomor_tahun": f"NOMOR {num}",
                                   "nomor_plain": f"Nomor: {num}"}[ax["number_form"]]) + "</p>")
    t = doc_title(spec)
    out.append("<p class=c style='margin-top:6pt'>TENTANG</p>")
    if ax["tentang"] == "several":
        w = t.split()
        k = len(w) // 3
        out.append("<p class=c>" + "<br>".join(_e(" ".join(p)) for p in (w[:k], w[k:2 * k], w[2 * k:])) + "</p>")
    else:
        out.append(f"<p class=c>{_e(t)}</p>")
    out.append(f"<p class=c style='margin:8pt 0'><b>CAMAT {_e(kec)},</b></p>")
    rows = []
    if ax["preamble"] in ("menimbang", "long"):
        items = [("a.", "bahwa dalam rangka mengukur keberhasilan pelaksanaan tugas dan fungsi Kecamatan perlu "
                        "ditetapkan indikator kinerja;"),
                 ("b.", f"bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu menetapkan "
                        f"Keputusan Camat {m['kecamatan']} tentang {t.title()};")]
        rows.append(("Menimbang", "".join(f"<p>{a} {_e(x)}</p>" for a, x in items)))
    rows.append(("Mengingat", "".join(f"<p>{i + 1}. {_e(x)}</p>" for i, x in enumerate(spec["legal_basis"]))))
    out.append(_kv(rows))
    out.append("<p class=c style='margin:8pt 0 4pt'><b>MEMUTUSKAN :</b></p>")
    out.append(_kv([("Menetapkan", _e(f"KEPUTUSAN CAMAT {kec} TENTANG {t}.")),
                    ("KESATU", "Indikator kinerja sebagaimana tercantum dalam Lampiran yang merupakan bagian tidak "
                               "terpisahkan dari Keputusan ini."),
                    ("KEDUA", "Indikator kinerja sebagaimana dimaksud pada Diktum KESATU menjadi acuan penyusunan "
                              "perjanjian kinerja dan laporan kinerja."),
                    ("KETIGA", "Keputusan ini mulai berlaku pada tanggal ditetapkan.")]))
    return "\n".join(out)


def signature_html(spec: dict[str, Any], with_date: bool) -> str:
    ax, m = spec["axes"], spec["meta"]
    sig = m["signatory"]
    out = []
    if with_date:
        place, when = _e(m["place"]), _e(date_text(spec, ax["date_form"] == "numeric"))
        out.append({"table": _kv([("Ditetapkan di", place), ("pada tanggal", when)]),
                    "colon": f"<p>Ditetapkan di : {place}</p><p>pada tanggal : {when}</p>",
                    "numeric": f"<p>Ditetapkan di {place}</p><p>Tanggal {when}</p>",
                    "plain": f"<p>Ditetapkan di {place}</p><p>Pada Tanggal {when}</p>"}[ax["date_form"]])
    kec = _e(m["kecamatan"].upper())
    if ax["sign_form"] == "an":
        out.append(f"<p style='margin-top:6pt'><b>a.n. CAMAT {kec}</b></p><p><b>Sekretaris Kecamatan,</b></p>")
    else:
        out.append(f"<p style='margin-top:6pt'><b>{_e(sig['title'])},</b></p>")
    out.append(f"<div class=space></div><p><u><b>{_e(sig['name'])}</b></u></p>")
    if spec["rank_printed"]:
        out.append(f"<p>{_e(spec['rank_printed'])}</p>")
    out.append("<p>" + _e({"dot": f"NIP. {sig['nip']}", "colon": f"NIP : {sig['nip']}",
                           "compact": f"NIP {sig['nip'].replace(' ', '')}"}[ax["nip_form"]]) + "</p>")
    return "<div class=sig>" + "".join(out) + "</div>"


def _formula_cell(f: dict[str, Any]) -> str:
    if f["style"] == "stacked" and f["numerator"]:
        return (f"<span class=frac><span class=num>{_e(f['numerator'])}</span><span>{_e(f['denominator'])}"
                "</span></span>&nbsp;x&nbsp;100%")
    return _e(f["text"])


def _head(cols: list[tuple[str, str, str]], ax: dict[str, Any]) -> list[str]:
    two = any(sub for _, _, sub in cols)
    top, sub = [], []
    seen_target = False
    for _, lab, year in cols:
        if not two:
            top.append(f"<th>{_e(lab)}</th>")
        elif year:
            if not seen_target:
                top.append(f"<th colspan={sum(1 for c in cols if c[2])}>{_e(lab)}</th>")
                seen_target = True
            sub.append(f"<th>{_e(year)}</th>")
        else:
            top.append(f"<th rowspan=2>{_e(lab)}</th>")
    rows = ["<tr>" + "".join(top) + "</tr>"] + (["<tr>" + "".join(sub) + "</tr>"] if two else [])
    if ax["colnum_row"] == "yes":
        rows.append("<tr>" + "".join(f"<th>({i + 1})</th>" for i in range(len(cols))) + "</tr>")
    return rows


def section_rows(sec: dict[str, Any], cols: list[tuple[str, str, str]], ax: dict[str, Any],
                 running: list[int]) -> list[str]:
    """A section's body rows as `variants.section_body` lays them, merged cells as rowspan/colspan."""
    groups = goal_groups(sec)
    n = len(cols)
    out = []
    for gi, grp in enumerate(groups):
        gnum, _ = _numbers(ax, gi, 0, running[0])
        if ax["sasaran_form"] == "group_row":
            text = _e(grp[0]["sasaran"])
            if cols[0][0] == "no":
                out.append(f"<tr class=end><td><b>{_e(gnum)}</b></td><td colspan={n - 1}><b>{text}</b></td></tr>")
            else:
                out.append(f"<tr class=end><td colspan={n}><b>{_e(gnum)}. {text}</b></td></tr>")
        span = ax["sasaran_form"] in ("span_top", "span_middle") and len(grp) > 1
        for k, r in enumerate(grp):
            running[0] += 1
            _, num = _numbers(ax, gi, k, running[0])
            lead = k == 0 or ax["sasaran_form"] == "repeat"
            cells = []
            for f, _, year in cols:
                merged = span and f in ("no", "sasaran", "program") and not (
                    f == "no" and ax["numbering"] in ("per_row", "hier"))
                if merged and k > 0:
                    continue  # under the rowspan of the group's first row
                attrs = f" rowspan={len(grp)}" if merged else ""
                if merged and ax["sasaran_form"] == "span_middle":
                    attrs += " class=mid"
                if f == "no":
                    body = _e(num if num else (gnum if lead else ""))
                elif f in ("sasaran", "program"):
                    body = _e(r["sasaran"] if f == "sasaran" else r["_goal"]["program"]) if lead else ""
                elif f == "formula":
                    body = _formula_cell(r["formula"])
                else:
                    body = "<br>".join(_e(t) for t in _cell_text(f, r, year, ax, 0))
                cells.append(f"<td{attrs}>{body}</td>")
            end = " class=end" if k == len(grp) - 1 else ""
            out.append(f"<tr{end}>" + "".join(cells) + "</tr>")
    return out


def table_html(secs: list[dict[str, Any]], spec: dict[str, Any], idx0: int) -> str:
    ax = spec["axes"]
    cols = phys_columns(secs[0]["fields"], secs[0]["columns"], spec["years"])
    head = _head(cols, ax)
    body: list[str] = []
    running = [0]
    for i, sec in enumerate(secs):
        if ax["label_form"] == "in_grid" and sec["jabatan"]:
            txt = label_text(sec, "in_grid", idx0 + i, spec["meta"]["kecamatan"])[0]
            body.append(f"<tr class=end><td colspan={len(cols)}><b>{_e(txt)}</b></td></tr>")
            running = [0]
        body += section_rows(sec, cols, ax, running)
    if ax["repeat_header"] == "yes":  # the browser repeats a thead on every page the table reaches
        return "<table class=ind><thead>" + "".join(head) + "</thead><tbody>" + "".join(body) + "</tbody></table>"
    return "<table class=ind><tbody>" + "".join(head + body) + "</tbody></table>"


def lampiran_html(spec: dict[str, Any]) -> str:
    ax, m = spec["axes"], spec["meta"]
    kec, num, when = m["kecamatan"].upper(), m["decree_number"], date_text(spec, False)
    if ax["lampiran_head"] == "block":
        head = "<div class=lhead>" + "<br>".join(_e(x) for x in ["LAMPIRAN", f"KEPUTUSAN CAMAT {kec}",
                                                                  f"NOMOR : {num}", f"TANGGAL : {when}"]) + "</div>"
    elif ax["lampiran_head"] == "kv":
        head = "<div class=lhead>" + _kv([("LAMPIRAN", _e(f"KEPUTUSAN CAMAT {kec}")), ("NOMOR", _e(num)),
                                          ("TANGGAL", _e(when)), ("TENTANG", _e(doc_title(spec)))]) + "</div>"
    else:
        head = f"<p style='font-size:9.5pt'>{_e(f'LAMPIRAN KEPUTUSAN CAMAT {kec} NOMOR {num} TANGGAL {when}')}</p>"
    out = [head, f"<p class=c style='margin-bottom:8pt'><b>{_e(doc_title(spec).removeprefix('PENETAPAN '))}</b></p>"]
    in_grid = ax["label_form"] == "in_grid"
    chunks = table_chunks(spec)
    idx = 0
    for ci, chunk in enumerate(chunks):
        brk = " style='break-before:page'" if ci and ax["section_break"] == "page" else ""
        labels = (["INDIKATOR KINERJA INDIVIDU (IKI)"] if in_grid and chunk[0]["jabatan"]
                  else label_text(chunk[0], ax["label_form"], idx, m["kecamatan"]))
        out.append(f"<div{brk}>" + "".join(f"<p><b>{_e(t)}</b></p>" for t in labels) + table_html(chunk, spec, idx)
                   + "</div>")
        idx += len(chunk)
    if ax["lampiran_sig"] == "yes":
        out.append(signature_html(spec, with_date=False))
    return "<div class=lampiran>" + "".join(out) + "</div>"


def document_html(spec: dict[str, Any]) -> str:
    ax = spec["axes"]
    w, h = PAGES[ax["paper"]]
    lw, lh = (h, w) if ax["lampiran_orient"] == "landscape" else (w, h)
    css = CSS.format(w=w, h=h, lw=lw, lh=lh, font=ax["web_font"], lamp_page="lamp",
                     row_break="avoid" if ax["split_rows"] == "whole" else "auto", rules=RULES[ax["web_rules"]])
    rng = random.Random(spec["id"])
    parts = [head_html(spec, rng), signature_html(spec, with_date=True)]
    if ax["tembusan"] == "yes":
        kab = spec["meta"]["kabupaten"]
        items = [f"Bupati {kab} (sebagai laporan);", f"Inspektur Kabupaten {kab};",
                 f"Kepala Bagian Organisasi Setda Kabupaten {kab};", "Yang bersangkutan."]
        parts.append("<p style='margin-top:12pt'>Tembusan disampaikan kepada Yth. :</p>"
                     + "".join(f"<p>{i + 1}. {_e(t)}</p>" for i, t in enumerate(items)))
    parts.append(lampiran_html(spec))
    title = _e(f"Keputusan Camat {spec['meta']['kecamatan']}")
    return f"<!DOCTYPE html><html><head><meta charset=utf-8><title>{title}</title><style>{css}</style></head>" \
           f"<body>{''.join(parts)}</body></html>"


def _chrome(spec: dict[str, Any]) -> tuple[str, str]:
    """The browser's running header and footer, fixed text (the same bytes on every run)."""
    m = spec["meta"]
    slug = m["kecamatan"].lower().replace(" ", "-")
    style = "font-size:7pt;width:100%;display:flex;justify-content:space-between;margin:0 10mm;font-family:sans-serif"
    head = f"<div style='{style}'><span>1/12/25, 09.41</span><span>Keputusan Camat {_e(m['kecamatan'])} - JDIH" \
           f"</span><span></span></div>"
    foot = f"<div style='{style}'><span>https://jdih.{_e(slug)}.go.id/produk-hukum/keputusan/{spec['id']}</span>" \
           "<span><span class=pageNumber></span>/<span class=totalPages></span></span></div>"
    return head, foot


def web_spec(seed: int, i: int) -> dict[str, Any]:
    """The i-th decree of a seed: the variants family's content and axes, with the web print's axes."""
    spec = build_vspec(f"w{seed:02d}_{i:04d}", random.Random(f"web:{seed}:{i}"))
    ax = spec["axes"]
    ax.update(sample_web_axes(random.Random(f"webax:{seed}:{i}")))
    for gone in ("ruling", "font"):  # the reportlab family's axes, not drawn here
        ax.pop(gone, None)
    return spec


_STAMP = re.compile(rb"D:\d{14}[+-]\d\d'\d\d'")


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@contextmanager
def printer() -> Iterator[Callable[[dict[str, Any], Path], None]]:
    """A function printing a spec to a PDF with one headless Chromium (the system's: nothing downloaded)."""
    from playwright.sync_api import sync_playwright

    exe = chromium()
    if not exe:
        raise SystemExit("the web family prints with Chromium: none found on PATH")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()

        def print_pdf(spec: dict[str, Any], path: Path) -> None:
            ax = spec["axes"]
            page.set_content(document_html(spec))
            head, foot = _chrome(spec)
            on = ax["web_chrome"] == "browser"
            pdf = page.pdf(print_background=ax["web_background"] == "printed", scale=float(ax["web_scale"]),
                           display_header_footer=on, header_template=head if on else "<span></span>",
                           footer_template=foot if on else "<span></span>", prefer_css_page_size=True)
            # Chromium stamps the time of printing: a fixed date of the same length keeps the bytes (and the
            # cross-reference offsets) the same on every run
            path.write_bytes(_STAMP.sub(b"D:20240101000000+00'00'", pdf))

        try:
            yield print_pdf
        finally:
            browser.close()


def generate_web(n: int, seed: int, out: Path, scanned: int = 0) -> list[str]:
    """Write out/pdf/digital/w<seed>_<i>.pdf, out/decrees/ and out/axes/ (as core.generate); deterministic."""
    from samples.generator.scan import sample_scan_axes, scan

    for d in ("pdf/digital", "decrees", "axes"):
        (out / d).mkdir(parents=True, exist_ok=True)
    ids, manifest = [], {}
    with printer() as print_pdf:
        for i in range(n):
            spec = web_spec(seed, i)
            doc_id, ax = spec["id"], spec["axes"]
            pdf = out / "pdf" / "digital" / f"{doc_id}.pdf"
            print_pdf(spec, pdf)
            manifest[doc_id] = ["digital"]
            if i >= n - scanned:
                srng = random.Random(f"wscan:{seed}:{i}")
                sax = sample_scan_axes(srng, ax["lampiran_orient"] == "landscape")
                scan(pdf, out / "pdf" / "scanned" / f"{doc_id}.pdf", sax, spec["meta"], srng.randrange(2**32))
                ax.update({k: v for k, v in sax.items() if not k.startswith("_")})
                manifest[doc_id].append("scanned")
            write_record(out, doc_id, vgold(spec), ax)
            ids.append(doc_id)
    (out / "pdf" / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return ids
