"""A second family of generated decrees ("variants"): layouts and wordings the default family's axes do not cover.

Written apart from the default family and from the pipeline's vocabulary, as an outsider would lay out a
Keputusan Camat on IKU/IKI: other decree heads (title on one or two lines, "NOMOR 12 TAHUN 2024", a TENTANG over
several lines, Menimbang a./b., a Mengingat list running over a page), signatory forms (Plt., a.n. with the
Sekretaris signing, ranks with their golongan, "NIP :" or a NIP without spaces), date forms (colons, "Tanggal
02-01-2024", a key/value table), Lampiran heads, and tables with a TARGET header merged over year columns, columns
in other orders, extra columns (Program, Realisasi, Bobot, Keterangan), hierarchical numbers, sasaran as merged
rows inside the grid, position labels as merged rows, headers repeated or not, rows split over pages, lists inside
cells and other formula notations. The gold is what a careful reader records; where two readings are fair (a rank
with or without its golongan, "12 Tahun 2024" or "12"), `meta_alt` accepts both.
"""

from __future__ import annotations

import json
import random
import tomllib
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)

from samples.generator.core import BOLD, MONTHS, PAD, PAPERS, cell_formula, fit_widths, nip, regions, write_record

HERE = Path(__file__).resolve().parent
VCONTENT = tomllib.loads((HERE / "variants.toml").read_text(encoding="utf-8"))
VHEADERS = {  # field -> printed synonyms (an outsider's list)
    "no": ["No", "NO.", "No. Urut", "Nomor"],
    "sasaran": ["Sasaran", "Sasaran Kegiatan", "Sasaran Program", "Sasaran Kinerja"],
    "indikator": ["Indikator Kinerja Individu", "Indikator Kinerja", "Uraian Indikator", "Ukuran Keberhasilan",
                  "Indikator"],
    "definisi": ["Definisi", "Definisi Operasional", "Deskripsi Indikator"],
    "formula": ["Cara Pengukuran", "Rumus", "Alat Ukur", "Formulasi", "Metode Penghitungan", "Cara Menghitung"],
    "satuan": ["Satuan", "Satuan Ukur"],
    "target": ["Target", "Target Kinerja"],
    "sumber_data": ["Sumber Data", "Data Pendukung", "Sumber", "Bukti Dukung"],
    "penanggung_jawab": ["Penanggungjawab", "PJ", "Unit Pelaksana", "Pelaksana", "Penanggung Jawab"],
    "program": ["Program", "Program/Kegiatan"],
    "realisasi": ["Realisasi {prev}", "Capaian {prev}"],
    "bobot": ["Bobot", "Bobot (%)"],
    "keterangan": ["Keterangan", "Ket."],
}
VAXES: dict[str, list[str]] = {
    "kop": ["none", "simple", "address"],
    "head_title": ["one_line", "two_lines", "camat_only"],
    "number_form": ["nomor_colon", "nomor_tahun", "nomor_plain"],
    "tentang": ["one", "several"],
    "preamble": ["mengingat", "menimbang", "long"],
    "sign_form": ["camat", "plt", "an"],
    "rank_form": ["none", "plain", "golongan_paren", "golongan_slash"],
    "nip_form": ["dot", "colon", "compact"],
    "date_form": ["plain", "colon", "numeric", "table"],
    "tembusan": ["no", "yes"],
    "lampiran_head": ["block", "kv", "oneline"],
    "lampiran_sig": ["no", "yes"],
    "lampiran_orient": ["same", "landscape"],
    "target_form": ["single", "years"],
    "col_order": ["standard", "target_first", "sumber_first"],
    "numbering": ["plain", "per_row", "hier", "none"],
    "sasaran_form": ["span_top", "span_middle", "blank", "repeat", "group_row"],
    "label_form": ["above", "kv_block", "in_grid", "numbered_caps"],
    "section_break": ["flow", "page"],
    "repeat_header": ["yes", "no"],
    "split_rows": ["whole", "split"],
    "bullets": ["none", "dash", "alpha"],
    "formula_style": ["colon", "paren", "per", "sigma", "stacked", "kali", "mixed"],
    "ruling": ["grid", "hlines", "outer_cols"],
    "header_case": ["as_is", "upper"],
    "colnum_row": ["none", "yes"],
    "font": ["Helvetica", "Times-Roman"],
    "paper": ["A4", "F4"],
    "length": ["short", "long"],
}
OPTIONAL = {"definisi": 0.4, "satuan": 0.6, "target": 0.7, "sumber_data": 0.6, "penanggung_jawab": 0.4}
EXTRAS = {"program": 0.2, "realisasi": 0.25, "bobot": 0.2, "keterangan": 0.3}
RANKS = [("Pembina", "IV/a"), ("Pembina Tingkat I", "IV/b"), ("Pembina Tk. I", "IV/b"), ("Penata Tingkat I", "III/d"),
         ("Penata Tk. I", "III/d"), ("Pembina Utama Muda", "IV/c"), ("Penata Muda Tingkat I", "III/b")]
NAMES = ["Drs. MUHAMMAD RIDWAN, M.Si", "YULIANTI, S.STP., M.Si.", "H. ABDUL KADIR, S.Sos., M.M.",
         "I WAYAN SUDARMA, S.H.", "ANDI SYAMSUL BAHRI, S.IP", "Hj. NURLAILA HASAN, S.E., M.AP",
         "FRANSISKUS LEDO, S.Sos", "Ir. BAMBANG HERU PRASETYO", "RAHMAT HIDAYAT, S.Kom., M.M."]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]


# ------------------------------------------------------------------ sampling
def sample_vaxes(rng: random.Random, force: dict[str, str] | None = None) -> dict[str, Any]:
    """The axes of one decree; `force` sets some of them (tests draw chosen layouts), the random stream staying
    the same."""
    ax: dict[str, Any] = {k: rng.choice(v) for k, v in VAXES.items()}
    ax["columns"] = "+".join(c for c, p in OPTIONAL.items() if rng.random() < p) or "minimal"
    ax["extras"] = "+".join(c for c, p in EXTRAS.items() if rng.random() < p) or "none"
    ax.update(force or {})
    if ax["target_form"] == "years" and "target" not in ax["columns"]:
        ax["target_form"] = "single"
    return ax


def _num(s: str) -> float:
    return float(s.replace(",", "."))


def _fmt(x: float, like: str) -> str:
    """x printed as the base target is: a decimal comma when it has one."""
    if "," in like:
        return f"{x:.1f}".replace(".", ",")
    return f"{x:g}"


def targets(ind: dict[str, Any], years: list[int]) -> str | dict[str, str]:
    base = ind["target"]
    if len(years) == 1:
        return base
    if not base.replace(",", "").isdigit():
        return {str(y): base for y in years}
    cap = 100.0 if ind["satuan"] == "%" else 1e9
    step = _num(ind.get("step", "0"))
    return {str(y): _fmt(min(cap, _num(base) + k * step), base) for k, y in enumerate(years)}


def vformula(ind: dict[str, Any], style: str, rng: random.Random) -> dict[str, Any]:
    if "text" in ind:
        return {"text": ind["text"], "numerator": None, "denominator": None, "multiplier": None, "style": "text"}
    if style == "mixed":
        style = rng.choice(VAXES["formula_style"][:-1])
    n, d = ind["num"], ind["den"]
    if style == "sigma":  # a sum sign replaces the leading "Jumlah"
        n, d = (("∑ " + x.removeprefix("Jumlah ")) for x in (n, d))
    printed, mult = {
        "colon": (f"{n} : {d} x 100%", "100%"),
        "paren": (f"({n} / {d}) x 100", "100"),
        "per": (f"{n} per {d}", None),
        "sigma": (f"{n} / {d} × 100 %", "100 %"),
        "stacked": (f"{n} / {d} x 100%", "100%"),
        "kali": (f"{n} / {d} × 100%", "100%"),
    }[style]
    return {"text": printed, "numerator": n, "denominator": d, "multiplier": mult, "style": style}


def _definisi(ind: dict[str, Any], ax: dict[str, Any]) -> tuple[str, list[str]]:
    """(gold text, printed lines): a definition, with its list items when the document lists them."""
    if ax["bullets"] == "none" or "bullets" not in ind:
        return ind["definisi"], [ind["definisi"]]
    marks = ["-", "-"] if ax["bullets"] == "dash" else ["a.", "b."]
    lines = [ind["definisi"] + ":"] + [f"{m} {b}" for m, b in zip(marks, ind["bullets"], strict=True)]
    return " ".join(lines), lines


def _positions(rng: random.Random, k: int) -> list[dict[str, Any]]:
    """k positions of distinct roles (a decree never lists the Sekretaris Kecamatan twice under two names)."""
    pool = list(VCONTENT["position"])
    rng.shuffle(pool)
    out, roles = [], set()
    for p in pool:
        if p["role"] not in roles:
            out.append(p)
            roles.add(p["role"])
        if len(out) == k:
            break
    return out


def _fields(ax: dict[str, Any]) -> list[str]:
    """The printed columns' fields, in the document's order."""
    opt = set(ax["columns"].split("+")) | set(ax["extras"].split("+"))
    grouped = ax["sasaran_form"] == "group_row"
    order = ["no", "program", "sasaran", "indikator", "bobot", "definisi", "formula", "satuan", "realisasi",
             "target", "sumber_data", "penanggung_jawab", "keterangan"]
    if ax["col_order"] == "target_first":
        order = ["no", "program", "sasaran", "indikator", "bobot", "realisasi", "target", "satuan", "definisi",
                 "formula", "sumber_data", "penanggung_jawab", "keterangan"]
    elif ax["col_order"] == "sumber_first":
        order = ["no", "program", "sasaran", "indikator", "bobot", "definisi", "sumber_data", "formula", "satuan",
                 "realisasi", "target", "penanggung_jawab", "keterangan"]
    keep = {"indikator", "formula"} | opt | ({"sasaran"} if not grouped else set())
    if ax["numbering"] != "none":
        keep.add("no")
    return [f for f in order if f in keep]


def build_vspec(doc_id: str, rng: random.Random, force: dict[str, str] | None = None) -> dict[str, Any]:
    """A decree's spec; `force` may also fix "iku" ("yes"/"no"), "positions" (how many IKI tables) or
    "position" (the one IKI table's jabatan)."""
    ax = sample_vaxes(rng, force)
    prov, kab, kec = regions(rng)
    year = rng.randint(2022, 2026)
    years = [year, year + 1, year + 2] if ax["target_form"] == "years" else [year]
    fields = _fields(ax)
    labels = [rng.choice(VHEADERS[f]).format(prev=year - 1) if f in VHEADERS else f for f in fields]
    if ax["header_case"] == "upper":
        labels = [c.upper() for c in labels]
    for f, c in zip(fields, labels, strict=True):
        ax[f"hdr_{f}"] = c
    has_iku = rng.random() < 0.5
    n_pos = rng.randint(1, 3)
    has_iku = ax["iku"] == "yes" if "iku" in ax else has_iku
    positions = _positions(rng, int(ax.get("positions", n_pos)))
    if "position" in ax:  # one chosen position (tests)
        positions = [p for p in VCONTENT["position"] if p["jabatan"] == ax["position"]]
    long = ax["length"] == "long"
    sections = []
    for level, pos in ([("IKU", None)] if has_iku else []) + [("IKI", p) for p in positions]:
        rows = []
        goals = rng.sample(VCONTENT["goal"], k=rng.randint(2, 4) if long else rng.randint(1, 2))
        for g in goals:
            for ind in rng.sample(g["ind"], k=rng.randint(1, len(g["ind"]))):
                definisi, _ = _definisi(ind, ax)
                rows.append({
                    "sasaran": g["sasaran"], "indikator": ind["indikator"],
                    "definisi": definisi if "definisi" in fields else None,
                    "formula": vformula(ind, ax["formula_style"], rng),
                    "satuan": ind["satuan"] if "satuan" in fields else None,
                    "target": targets(ind, years) if "target" in fields else None,
                    "sumber_data": ind["sumber"] if "sumber_data" in fields else None,
                    "sumber_data_display": ind["sumber"] if "sumber_data" in fields else None,
                    "penanggung_jawab": ind["pj"] if "penanggung_jawab" in fields else None,
                    "_ind": ind, "_goal": g,
                })
        sections.append({"level": level, "jabatan": pos["jabatan"] if pos else None, "columns": labels,
                         "fields": fields, "rows": rows})
    levels = sorted({s["level"] for s in sections}, key=lambda x: x != "IKU")
    month, day = rng.randint(1, 3), rng.randint(2, 28)
    rank, gol = rng.choice(RANKS)
    rank_printed = {"none": None, "plain": rank, "golongan_paren": f"{rank} ({gol})",
                    "golongan_slash": f"{rank} / {gol.replace('/', ' ')}"}[ax["rank_form"]]
    seq = rng.randint(1, 99)
    number = {"nomor_colon": f"{rng.choice(['800', '050', '061'])}/{seq:02d}/{year}",
              "nomor_tahun": f"{seq} TAHUN {year}",
              "nomor_plain": f"{rng.choice(['188.45', '800.1.3', '050'])}/ {seq} /Kec.{kec[:4].upper()}/{year}"
              }[ax["number_form"]]
    alt: dict[str, list[Any]] = {"provinsi": [None]}
    if ax["number_form"] == "nomor_tahun":
        alt["decree_number"] = [str(seq)]
    if rank_printed and rank_printed != rank:
        alt["signatory.rank"] = [rank_printed]
    sign_title = {"camat": f"CAMAT {kec.upper()}", "plt": f"Plt. CAMAT {kec.upper()}",
                  "an": f"a.n. CAMAT {kec.upper()}"}[ax["sign_form"]]
    meta = {"provinsi": prov, "kabupaten": kab, "kecamatan": kec, "document_type": "+".join(levels),
            "period_start": years[0], "period_end": years[-1], "decree_number": number,
            "decree_date": f"{year}-{month:02d}-{day:02d}", "place": kec,
            "signatory": {"name": rng.choice(NAMES), "nip": nip(rng), "rank": rank if rank_printed else None,
                          "title": sign_title}}
    return {"id": doc_id, "origin": "samples.generator.variants", "axes": ax, "meta": meta, "meta_alt": alt,
            "legal_basis": legal_basis(ax, kab, year, rng), "sections": sections, "years": years,
            "rank_printed": rank_printed, "day": day, "month": month,
            "positions": {p["jabatan"]: p for p in positions}}


def legal_basis(ax: dict[str, Any], kab: str, year: int, rng: random.Random) -> list[str]:
    items = [
        "Undang-Undang Nomor 25 Tahun 2004 tentang Sistem Perencanaan Pembangunan Nasional;",
        "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah sebagaimana telah beberapa kali diubah "
        "terakhir dengan Undang-Undang Nomor 6 Tahun 2023 tentang Penetapan Peraturan Pemerintah Pengganti "
        "Undang-Undang Nomor 2 Tahun 2022 tentang Cipta Kerja menjadi Undang-Undang;",
        "Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara;",
        "Peraturan Pemerintah Nomor 8 Tahun 2006 tentang Pelaporan Keuangan dan Kinerja Instansi Pemerintah;",
        "Peraturan Pemerintah Nomor 17 Tahun 2018 tentang Kecamatan;",
        "Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi Pemerintah;",
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 53 Tahun 2014 tentang "
        "Petunjuk Teknis Perjanjian Kinerja, Pelaporan Kinerja dan Tata Cara Reviu atas Laporan Kinerja Instansi "
        "Pemerintah;",
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 89 Tahun 2021 tentang "
        "Penjenjangan Kinerja Instansi Pemerintah;",
        f"Peraturan Daerah Kabupaten {kab} Nomor {rng.randint(2, 15)} Tahun 2016 tentang Pembentukan dan Susunan "
        "Perangkat Daerah;",
        f"Peraturan Bupati {kab} Nomor {rng.randint(10, 80)} Tahun {year - 3} tentang Uraian Tugas dan Fungsi "
        "Kecamatan;",
    ]
    if ax["preamble"] == "long":
        return items
    return [items[1], items[4], items[5], items[6], items[-1]]


# ------------------------------------------------------------------ drawing: the decree
class Styles:
    def __init__(self, font: str) -> None:
        self.font, self.bold = font, BOLD[font]
        self.body = ParagraphStyle("b", fontName=font, fontSize=10.5, leading=14)
        self.centre = ParagraphStyle("c", parent=self.body, alignment=1)
        self.cell = ParagraphStyle("t", fontName=font, fontSize=8, leading=10)
        self.head = ParagraphStyle("h", fontName=self.bold, fontSize=8, leading=10, alignment=1)


def kv(rows: list[tuple[str, str]], st: ParagraphStyle, widths: tuple[float, float, float]) -> Table:
    """Key : value lines aligned on their colons, as word processors lay them out with a borderless table."""
    return Table([[Paragraph(k, st), Paragraph(":", st), Paragraph(v, st)] for k, v in rows], colWidths=widths,
                 style=[("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 1),
                        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)])


def doc_title(spec: dict[str, Any]) -> str:
    m = spec["meta"]
    what = {"IKU+IKI": "INDIKATOR KINERJA UTAMA DAN INDIKATOR KINERJA INDIVIDU", "IKU": "INDIKATOR KINERJA UTAMA",
            "IKI": "INDIKATOR KINERJA INDIVIDU"}[m["document_type"]]
    yrs = spec["years"]
    period = f"TAHUN {yrs[0]}" if len(yrs) == 1 else f"TAHUN {yrs[0]}-{yrs[-1]}"
    return f"PENETAPAN {what} DI LINGKUNGAN KECAMATAN {m['kecamatan'].upper()} {period}"


def head_flow(spec: dict[str, Any], s: Styles, fw: float, rng: random.Random) -> list[Any]:
    ax, m = spec["axes"], spec["meta"]
    kec, kab = m["kecamatan"].upper(), m["kabupaten"].upper()
    out: list[Any] = []
    if ax["kop"] != "none":
        out += [Paragraph(f"<b>PEMERINTAH KABUPATEN {kab}</b>", s.centre),
                Paragraph(f"<b>KECAMATAN {kec}</b>", s.centre)]
        if ax["kop"] == "address":
            out.append(Paragraph(f"Jalan Raya {m['kecamatan']} Nomor {rng.randint(1, 90)} Telepon "
                                 f"(0{rng.randint(251, 999)}) {rng.randint(100000, 999999)} Kode Pos "
                                 f"{rng.randint(20000, 99999)}", ParagraphStyle("k", parent=s.centre, fontSize=8.5)))
        out.append(Table([[""]], colWidths=[fw], rowHeights=[4],
                         style=[("LINEBELOW", (0, 0), (-1, -1), 1.5, colors.black)]))
        out.append(Spacer(1, 10))
    if ax["head_title"] == "one_line":
        out.append(Paragraph(f"<b>KEPUTUSAN CAMAT {kec} KABUPATEN {kab}</b>", s.centre))
    elif ax["head_title"] == "two_lines":
        out += [Paragraph(f"<b>KEPUTUSAN CAMAT {kec}</b>", s.centre), Paragraph(f"<b>KABUPATEN {kab}</b>", s.centre)]
    else:
        out.append(Paragraph(f"<b>KEPUTUSAN CAMAT {kec}</b>", s.centre))
    num = m["decree_number"]
    out.append(Paragraph({"nomor_colon": f"NOMOR : {num}", "nomor_tahun": f"NOMOR {num}",
                          "nomor_plain": f"Nomor: {num}"}[ax["number_form"]], s.centre))
    out += [Spacer(1, 6), Paragraph("TENTANG", s.centre)]
    title = doc_title(spec)
    if ax["tentang"] == "several":
        w = title.split()
        k = len(w) // 3
        out += [Paragraph(" ".join(part), s.centre) for part in (w[:k], w[k:2 * k], w[2 * k:])]
    else:
        out.append(Paragraph(title, s.centre))
    out += [Spacer(1, 8), Paragraph(f"<b>CAMAT {kec},</b>", s.centre), Spacer(1, 8)]
    rows: list[list[Any]] = []
    if ax["preamble"] in ("menimbang", "long"):
        rows.append(["Menimbang", ":", [Paragraph(f"{a} {t}", s.body) for a, t in (
            ("a.", "bahwa dalam rangka mengukur keberhasilan pelaksanaan tugas dan fungsi Kecamatan perlu "
                   "ditetapkan indikator kinerja;"),
            ("b.", f"bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu menetapkan Keputusan "
                   f"Camat {m['kecamatan']} tentang {title.title()};"))]])
    rows.append(["Mengingat", ":", [Paragraph(f"{i + 1}. {t}", s.body) for i, t in enumerate(spec["legal_basis"])]])
    out.append(Table([[Paragraph(a, s.body), Paragraph(b, s.body), c] for a, b, c in rows],
                     colWidths=[2.6 * cm, 0.5 * cm, fw - 3.1 * cm],
                     style=[("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 1)],
                     splitInRow=1))
    out += [Spacer(1, 8), Paragraph("<b>MEMUTUSKAN :</b>", s.centre), Spacer(1, 4)]
    dictum = [("Menetapkan", f"KEPUTUSAN CAMAT {kec} TENTANG {title}."),
              ("KESATU", "Indikator kinerja sebagaimana tercantum dalam Lampiran yang merupakan bagian tidak "
                         "terpisahkan dari Keputusan ini."),
              ("KEDUA", "Indikator kinerja sebagaimana dimaksud pada Diktum KESATU menjadi acuan penyusunan "
                        "perjanjian kinerja dan laporan kinerja."),
              ("KETIGA", "Keputusan ini mulai berlaku pada tanggal ditetapkan.")]
    out.append(kv(dictum, s.body, (2.6 * cm, 0.5 * cm, fw - 3.1 * cm)))
    out.append(Spacer(1, 14))
    return out


def date_text(spec: dict[str, Any], numeric: bool) -> str:
    y = spec["meta"]["decree_date"][:4]
    if numeric:
        return f"{spec['day']:02d}-{spec['month']:02d}-{y}"
    return f"{spec['day']} {MONTHS[spec['month'] - 1]} {y}"


def signature_flow(spec: dict[str, Any], s: Styles, fw: float, with_date: bool) -> Table:
    ax, m = spec["axes"], spec["meta"]
    sig = m["signatory"]
    w = fw * 0.45
    block: list[Any] = []
    if with_date:
        place, when = m["place"], date_text(spec, ax["date_form"] == "numeric")
        if ax["date_form"] == "table":
            block.append(kv([("Ditetapkan di", place), ("pada tanggal", when)], s.body,
                            (2.6 * cm, 0.4 * cm, w - 3.2 * cm)))
        elif ax["date_form"] == "colon":
            block += [Paragraph(f"Ditetapkan di : {place}", s.body), Paragraph(f"pada tanggal : {when}", s.body)]
        elif ax["date_form"] == "numeric":
            block += [Paragraph(f"Ditetapkan di {place}", s.body), Paragraph(f"Tanggal {when}", s.body)]
        else:
            block += [Paragraph(f"Ditetapkan di {place}", s.body), Paragraph(f"Pada Tanggal {when}", s.body)]
        block.append(Spacer(1, 6))
    kec = m["kecamatan"].upper()
    if ax["sign_form"] == "an":
        block += [Paragraph(f"<b>a.n. CAMAT {kec}</b>", s.body), Paragraph("<b>Sekretaris Kecamatan,</b>", s.body)]
    else:
        block.append(Paragraph(f"<b>{sig['title']},</b>", s.body))
    block += [Spacer(1, 40), Paragraph(f"<u><b>{sig['name']}</b></u>", s.body)]
    if spec["rank_printed"]:
        block.append(Paragraph(spec["rank_printed"], s.body))
    digits = sig["nip"].replace(" ", "")
    block.append(Paragraph({"dot": f"NIP. {sig['nip']}", "colon": f"NIP : {sig['nip']}",
                            "compact": f"NIP {digits}"}[ax["nip_form"]], s.body))
    return Table([["", block]], colWidths=[fw - w, w], style=[("VALIGN", (0, 0), (-1, -1), "TOP")])


def tembusan(spec: dict[str, Any], s: Styles) -> list[Any]:
    kab = spec["meta"]["kabupaten"]
    items = [f"Bupati {kab} (sebagai laporan);", f"Inspektur Kabupaten {kab};",
             f"Kepala Bagian Organisasi Setda Kabupaten {kab};", "Yang bersangkutan."]
    return [Spacer(1, 12), Paragraph("Tembusan disampaikan kepada Yth. :", s.body),
            *[Paragraph(f"{i + 1}. {t}", s.body) for i, t in enumerate(items)]]


def lampiran_head(spec: dict[str, Any], s: Styles, fw: float) -> list[Any]:
    ax, m = spec["axes"], spec["meta"]
    kec = m["kecamatan"].upper()
    num = m["decree_number"]
    when = date_text(spec, False)
    st = ParagraphStyle("l", parent=s.body, fontSize=9.5, leading=12)
    if ax["lampiran_head"] == "block":
        lines = ["LAMPIRAN", f"KEPUTUSAN CAMAT {kec}", f"NOMOR : {num}", f"TANGGAL : {when}"]
        out: list[Any] = [Table([["", [Paragraph(x, st) for x in lines]]], colWidths=[fw * 0.55, fw * 0.45])]
    elif ax["lampiran_head"] == "kv":
        t = kv([("LAMPIRAN", f"KEPUTUSAN CAMAT {kec}"), ("NOMOR", num), ("TANGGAL", when),
                ("TENTANG", doc_title(spec))], st, (2.2 * cm, 0.4 * cm, fw * 0.45 - 2.6 * cm))
        out = [Table([["", t]], colWidths=[fw * 0.55, fw * 0.45])]
    else:
        out = [Paragraph(f"LAMPIRAN KEPUTUSAN CAMAT {kec} NOMOR {num} TANGGAL {when}", st)]
    return [*out, Spacer(1, 10), Paragraph(f"<b>{doc_title(spec).removeprefix('PENETAPAN ')}</b>", s.centre),
            Spacer(1, 8)]


def label_text(sec: dict[str, Any], form: str, idx: int, kec: str) -> list[str]:
    """The printed lines naming a section's position (or the IKU's heading)."""
    j = sec["jabatan"]
    if j is None:
        return [f"INDIKATOR KINERJA UTAMA (IKU) KECAMATAN {kec.upper()}"]
    if form == "kv_block":
        return [f"NAMA JABATAN : {j}", f"UNIT KERJA : Kecamatan {kec}", f"ATASAN LANGSUNG : Camat {kec}"]
    if form == "numbered_caps":
        return [f"{chr(65 + idx)}. INDIKATOR KINERJA INDIVIDU {j.upper()}"]
    if form == "in_grid":
        return [f"JABATAN : {j.upper()}"]
    return ["INDIKATOR KINERJA INDIVIDU (IKI)", f"Jabatan : {j}"]


# ------------------------------------------------------------------ drawing: the tables
def phys_columns(fields: list[str], labels: list[str], years: list[int]) -> list[tuple[str, str, str]]:
    """(field, top label, sub label) per printed column: the target spreads over one column per year."""
    out = []
    for f, lab in zip(fields, labels, strict=True):
        if f == "target" and len(years) > 1:
            out += [(f, lab, str(y)) for y in years]
        else:
            out.append((f, lab, ""))
    return out


def _cell_text(f: str, r: dict[str, Any], year: str, ax: dict[str, Any], prev: int) -> list[str]:
    """A body cell's printed lines (one Paragraph each)."""
    ind, g = r["_ind"], r["_goal"]
    if f == "definisi":
        return _definisi(ind, ax)[1]
    if f == "target":
        t = r["target"]
        return [t[year] if isinstance(t, dict) else t]
    if f == "formula":
        return [r["formula"]["text"]]
    if f == "realisasi":
        base = ind["target"]
        return [_fmt(max(0.0, _num(base) - 3), base) if base.replace(",", "").isdigit() else "B"]
    if f == "bobot":
        return [str(10 + 5 * (len(ind["indikator"]) % 3))]
    if f == "keterangan":
        return [["-", "", "Tahunan", "Semesteran"][len(ind["indikator"]) % 4]]
    if f == "program":
        return [g["program"]]
    return [r[f] or ""]


def _min_widths(cols: list[tuple[str, str, str]], rows: list[dict[str, Any]], ax: dict[str, Any],
                font: str) -> list[float]:
    out = []
    for f, label, year in cols:
        words = [w for r in rows for line in ([] if f in ("no", "sasaran") else _cell_text(f, r, year, ax, 0))
                 for w in line.split()]
        if f == "sasaran":
            words = [w for r in rows for w in r["sasaran"].split()]
        need = max((stringWidth(w, font, 8) for w in words), default=10.0) + PAD + 1
        if f == "no":  # a narrow No column still holds its header word whole
            need = max(need, max(stringWidth(w, BOLD[font], 8) for w in label.split()) + PAD + 1)
        if f == "formula" and any(r["formula"]["style"] == "stacked" for r in rows):
            need += 52
        out.append(need)
    return out


WEIGHTS = {"no": 0.45, "program": 1.2, "sasaran": 1.4, "indikator": 1.7, "bobot": 0.5, "definisi": 1.5,
           "formula": 2.0, "satuan": 0.7, "realisasi": 0.7, "target": 0.65, "sumber_data": 1.1,
           "penanggung_jawab": 1.0, "keterangan": 0.8}


def _header(cols: list[tuple[str, str, str]], ax: dict[str, Any], s: Styles) -> tuple[list[list[Any]], list[Any]]:
    two = any(sub for _, _, sub in cols)
    top = [Paragraph(lab, s.head) for _, lab, _ in cols]
    cmds: list[Any] = []
    rows = [top]
    if two:
        sub = [Paragraph(y, s.head) for _, _, y in cols]
        rows.append(sub)
        yc = [i for i, c in enumerate(cols) if c[2]]
        cmds.append(("SPAN", (yc[0], 0), (yc[-1], 0)))
        for i, c in enumerate(cols):
            if not c[2]:
                cmds.append(("SPAN", (i, 0), (i, 1)))
    if ax["colnum_row"] == "yes":
        rows.append([Paragraph(f"({i + 1})", s.head) for i in range(len(cols))])
    return rows, cmds


def _numbers(ax: dict[str, Any], gi: int, k: int, running: int) -> tuple[str, str]:
    """(the number a goal's group row shows, the number its k-th indicator row shows)."""
    if ax["numbering"] == "hier":
        return f"{gi + 1}", f"{gi + 1}.{k + 1}"
    if ax["numbering"] == "per_row":
        return ROMAN[gi], f"{running}"
    return (chr(65 + gi), f"{k + 1}") if ax["sasaran_form"] == "group_row" else (f"{gi + 1}", "")


def goal_groups(sec: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """A section's rows in runs of one sasaran (a goal and its indicators)."""
    groups: list[list[dict[str, Any]]] = []
    for r in sec["rows"]:
        if groups and groups[-1][0]["sasaran"] == r["sasaran"]:
            groups[-1].append(r)
        else:
            groups.append([r])
    return groups


def section_body(sec: dict[str, Any], cols: list[tuple[str, str, str]], ax: dict[str, Any], s: Styles,
                 widths: list[float], r0: int, running: list[int]) -> tuple[list[list[Any]], list[Any], list[int]]:
    """A section's body rows (from table row r0), the SPAN/VALIGN commands, and the rows that end a goal."""
    rows: list[list[Any]] = []
    cmds: list[Any] = []
    ends: list[int] = []
    groups = goal_groups(sec)
    merged = [i for i, c in enumerate(cols) if c[0] in ("no", "sasaran", "program")]
    for gi, grp in enumerate(groups):
        gnum, _ = _numbers(ax, gi, 0, running[0])
        if ax["sasaran_form"] == "group_row":
            rr = r0 + len(rows)
            text = grp[0]["sasaran"]
            if cols[0][0] == "no":
                rows.append([Paragraph(f"<b>{gnum}</b>", s.cell), Paragraph(f"<b>{text}</b>", s.cell)]
                            + [""] * (len(cols) - 2))
                cmds.append(("SPAN", (1, rr), (-1, rr)))
            else:
                rows.append([Paragraph(f"<b>{gnum}. {text}</b>", s.cell)] + [""] * (len(cols) - 1))
                cmds.append(("SPAN", (0, rr), (-1, rr)))
            ends.append(rr)
        first = r0 + len(rows)
        for k, r in enumerate(grp):
            running[0] += 1
            _, num = _numbers(ax, gi, k, running[0])
            line = []
            for (f, _, year), w in zip(cols, widths, strict=True):
                lead = k == 0 or ax["sasaran_form"] == "repeat"
                if f == "no":
                    line.append(Paragraph(num if num else (gnum if lead else ""), s.cell))
                elif f in ("sasaran", "program"):
                    txt = r["sasaran"] if f == "sasaran" else r["_goal"]["program"]
                    line.append(Paragraph(txt if lead else "", s.cell))
                elif f == "formula" and r["formula"]["style"] == "stacked":
                    line.append(cell_formula(r["formula"], s.cell, w))
                else:
                    line.append([Paragraph(t, s.cell) for t in _cell_text(f, r, year, ax, 0)])
            rows.append(line)
        last = r0 + len(rows) - 1
        ends.append(last)
        if ax["sasaran_form"] in ("span_top", "span_middle") and last > first:
            for c in merged:
                if cols[c][0] == "no" and ax["numbering"] in ("per_row", "hier"):
                    continue
                cmds.append(("SPAN", (c, first), (c, last)))
                if ax["sasaran_form"] == "span_middle":
                    cmds.append(("VALIGN", (c, first), (c, last), "MIDDLE"))
    return rows, cmds, ends


def _rules(ax: dict[str, Any], nh: int, n: int, ncol: int, ends: list[int], merged: list[int],
           labels: list[int]) -> list[Any]:
    """The table's lines for the ruling axis; blank-merged columns get no rule inside a goal."""
    k = 0.6
    blank = ax["sasaran_form"] == "blank"
    cmds: list[Any] = [("LINEABOVE", (0, 0), (-1, 0), k, colors.black), ("LINEBELOW", (0, nh - 1), (-1, nh - 1), k,
                                                                          colors.black),
                       ("LINEBELOW", (0, -1), (-1, -1), k, colors.black)]
    if ax["ruling"] != "hlines":
        cmds += [("LINEBEFORE", (0, 0), (0, -1), k, colors.black), ("LINEAFTER", (-1, 0), (-1, -1), k, colors.black)]
    if nh > 1:
        cmds.append(("LINEBELOW", (0, 0), (-1, nh - 2), k, colors.black))
    for r in range(nh, n):
        if ax["ruling"] == "outer_cols" and r not in ends and r not in labels:
            continue
        for c in range(ncol):
            if blank and c in merged and r not in ends and r not in labels:
                continue
            cmds.append(("LINEBELOW", (c, r), (c, r), k, colors.black))
    if ax["ruling"] != "hlines":
        cmds.append(("LINEAFTER", (0, 0), (-2, -1), k, colors.black))
    return cmds


def table_for(secs: list[dict[str, Any]], spec: dict[str, Any], s: Styles, fw: float, idx0: int) -> Table:
    """One table holding the given sections (several only when positions are merged rows of one grid)."""
    ax = spec["axes"]
    cols = phys_columns(secs[0]["fields"], secs[0]["columns"], spec["years"])
    allrows = [r for sec in secs for r in sec["rows"]]
    widths = fit_widths([fw * WEIGHTS[f] / sum(WEIGHTS[c[0]] for c in cols) for f, _, _ in cols],
                        _min_widths(cols, allrows, ax, s.font))
    head, cmds = _header(cols, ax, s)
    nh = len(head)
    body: list[list[Any]] = []
    ends: list[int] = []
    labels: list[int] = []
    running = [0]
    for i, sec in enumerate(secs):
        if ax["label_form"] == "in_grid" and sec["jabatan"]:
            rr = nh + len(body)
            txt = label_text(sec, "in_grid", idx0 + i, spec["meta"]["kecamatan"])[0]
            body.append([Paragraph(f"<b>{txt}</b>", s.cell)] + [""] * (len(cols) - 1))
            cmds.append(("SPAN", (0, rr), (-1, rr)))
            labels.append(rr)
            running = [0]
        rows, c2, e2 = section_body(sec, cols, ax, s, widths, nh + len(body), running)
        body += rows
        cmds += c2
        ends += e2
    merged = [i for i, c in enumerate(cols) if c[0] in ("no", "sasaran", "program")]
    cmds = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("VALIGN", (0, 0), (-1, nh - 1), "MIDDLE"), *cmds,
            *_rules(ax, nh, nh + len(body), len(cols), ends, merged, labels)]
    return Table(head + body, colWidths=widths, repeatRows=nh if ax["repeat_header"] == "yes" else 0, style=cmds,
                 splitInRow=1 if ax["split_rows"] == "split" else 0)


def table_chunks(spec: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """The sections drawn as one table each; positions labelled inside the grid share one table."""
    in_grid = spec["axes"]["label_form"] == "in_grid"
    chunks: list[list[dict[str, Any]]] = []
    for sec in spec["sections"]:
        if in_grid and sec["jabatan"] and chunks and chunks[-1][0]["jabatan"]:
            chunks[-1].append(sec)
        else:
            chunks.append([sec])
    return chunks


def lampiran_flow(spec: dict[str, Any], s: Styles, fw: float) -> list[Any]:
    ax = spec["axes"]
    kec = spec["meta"]["kecamatan"]
    out = lampiran_head(spec, s, fw)
    in_grid = ax["label_form"] == "in_grid"
    chunks = table_chunks(spec)
    idx = 0
    for ci, chunk in enumerate(chunks):
        if ci and ax["section_break"] == "page":
            out.append(PageBreak())
        if in_grid and chunk[0]["jabatan"]:
            out.append(Paragraph("<b>INDIKATOR KINERJA INDIVIDU (IKI)</b>", s.body))
        else:
            out += [Paragraph(f"<b>{t}</b>", s.body) for t in label_text(chunk[0], ax["label_form"], idx, kec)]
        out += [Spacer(1, 6), table_for(chunk, spec, s, fw, idx), Spacer(1, 14)]
        idx += len(chunk)
    if ax["lampiran_sig"] == "yes":
        out.append(signature_flow(spec, s, fw, with_date=False))
    return out


def render_v(spec: dict[str, Any], path: Path) -> None:
    ax = spec["axes"]
    s = Styles(ax["font"])
    page = PAPERS[ax["paper"]]
    lpage = landscape(page) if ax["lampiran_orient"] == "landscape" else page
    m = 2 * cm
    doc = BaseDocTemplate(str(path), pagesize=page, invariant=1, title=f"Keputusan Camat {spec['meta']['kecamatan']}")
    doc.addPageTemplates([
        PageTemplate("decree", [Frame(m, m, page[0] - 2 * m, page[1] - 2 * m, id="d")], pagesize=page),
        PageTemplate("lampiran", [Frame(m, m, lpage[0] - 2 * m, lpage[1] - 2 * m, id="l")], pagesize=lpage)])
    rng = random.Random(spec["id"])
    fw = page[0] - 2 * m
    story = head_flow(spec, s, fw, rng)
    story.append(signature_flow(spec, s, fw, with_date=True))
    if ax["tembusan"] == "yes":
        story += tembusan(spec, s)
    story += [NextPageTemplate("lampiran"), PageBreak(), *lampiran_flow(spec, s, lpage[0] - 2 * m)]
    doc.build(story)


def vgold(spec: dict[str, Any]) -> dict[str, Any]:
    keep = ("id", "origin", "axes", "meta", "meta_alt", "legal_basis")
    out = {k: spec[k] for k in keep}
    out["sections"] = [{**{k: v for k, v in sec.items() if k != "rows"},
                        "rows": [{k: v for k, v in r.items() if not k.startswith("_")} for r in sec["rows"]]}
                       for sec in spec["sections"]]
    return out


def generate_variants(n: int, seed: int, out: Path, scanned: int = 0) -> list[str]:
    """Write out/pdf/digital/v<seed>_<i>.pdf, out/decrees/ and out/axes/ (as core.generate); deterministic."""
    from samples.generator.scan import sample_scan_axes, scan

    for d in ("pdf/digital", "decrees", "axes"):
        (out / d).mkdir(parents=True, exist_ok=True)
    ids, manifest = [], {}
    for i in range(n):
        doc_id = f"v{seed:02d}_{i:04d}"
        spec = build_vspec(doc_id, random.Random(f"variants:{seed}:{i}"))
        pdf = out / "pdf" / "digital" / f"{doc_id}.pdf"
        render_v(spec, pdf)
        manifest[doc_id] = ["digital"]
        if i >= n - scanned:
            srng = random.Random(f"vscan:{seed}:{i}")
            sax = sample_scan_axes(srng, spec["axes"]["lampiran_orient"] == "landscape")
            scan(pdf, out / "pdf" / "scanned" / f"{doc_id}.pdf", sax, spec["meta"], srng.randrange(2**32))
            spec["axes"].update({k: v for k, v in sax.items() if not k.startswith("_")})
            manifest[doc_id].append("scanned")
        write_record(out, doc_id, vgold(spec), spec["axes"])
        ids.append(doc_id)
    (out / "pdf" / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return ids
