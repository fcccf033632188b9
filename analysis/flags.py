"""Quality flags and scores, per indicator and per document.

Every flag has a code, a one-line explanation, the evidence (the cell text and its page) and a weight.
Scores (documented in README "Quality flags and scores"):
  indicator score = max(0, 100 - sum of the weights of its flags)
  document score  = 0.6 x mean indicator score + 0.4 x max(0, 100 - sum of the document-level flag weights)
                    (the document part alone when no indicator was read)
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz.fuzz import ratio

from iku.analysis import canonical
from iku.analysis.identity import foreign_regions, parse_nip
from iku.analysis.indicator_types import IndicatorType
from iku.analysis.legal import LegalItem
from iku.resources.vocab import SDA
from iku.schemas import Decree, Indicator

# code -> (scope, weight, explanation)
FLAGS: dict[str, tuple[str, int, str]] = {
    "FORMULA_MISSING": ("indicator", 20, "no formula is given for the indicator"),
    "FORMULA_IS_INDICATOR": ("indicator", 15, "the formula repeats the indicator's name instead of a computation"),
    "PERCENT_NO_DENOMINATOR": ("indicator", 20, "a percentage indicator whose formula has no denominator"),
    "HARDCODED_DENOMINATOR": ("indicator", 10, "the denominator is a fixed number (e.g. '14 desa'), not a count"),
    "SUMBER_DATA_MISSING": ("indicator", 10, "the Sumber Data cell is empty"),
    "SUMBER_DATA_UNRESOLVED": ("indicator", 5, "'sda' (same as above) with nothing above it to refer to"),
    "UNIT_MISMATCH": ("indicator", 10, "the indicator's name and its formula or satuan measure different things"),
    "DUPLICATE_IN_POSITION": ("indicator", 10, "the same indicator appears twice for one position"),
    "LOW_LEVEL_IKU": ("indicator", 10, "an input- or activity-level indicator used as an IKU (IKU should be outcomes)"),
    "FORMULA_OTHER_SUBJECT": ("indicator", 15, "the formula counts something other than what the indicator names"),
    "FORMULA_COPIED": ("indicator", 10, "the same formula is given for a different indicator elsewhere in the decree"),
    "YEARS_DISAGREE": ("document", 10, "the years of the decree number, date and period disagree"),
    "NUMBER_INCOMPLETE": ("document", 5, "the decree number has a blank slot left to fill in"),
    "DATE_INCOMPLETE": ("document", 5, "the decree date has no day"),
    "METADATA_MISSING": ("document", 10, "decree metadata was not found"),
    "NAME_INCONSISTENT": ("document", 10, "the signatory's title names another kecamatan than the decree"),
    "TEMPLATE_LEFTOVER": ("document", 15, "another region's name in the decree: probably copied from a template"),
    "LEGAL_REPEALED": ("document", 5, "the legal basis cites a regulation that was repealed or replaced"),
    "LEGAL_PLACEHOLDER": ("document", 5, "the legal basis cites a regulation with its number left blank"),
    "NIP_INVALID": ("document", 10, "the signatory's NIP fails a check (birth date, appointment, sex, sequence)"),
    "REGION_UNRESOLVED": ("document", 5, "the kecamatan/kabupaten was not found in the Kemendagri gazetteer"),
}

# words that carry no subject: what a formula counts is judged on the other words
_GENERIC = {"jumlah", "persentase", "total", "seluruh", "semua", "tepat", "waktu", "target", "realisasi", "nilai",
            "kecamatan", "kec", "dibuat", "dilakukan", "dilaksanakan", "sesuai", "ada", "harus", "seharusnya",
            "yang", "capaian", "angka", "rasio", "x", "100", "tersedianya", "terlaksananya", "hasil", "per",
            "jenis", "kegiatan", "terhadap"}
_COUNT_UNITS = {"dokumen", "laporan", "kegiatan", "orang", "desa", "unit", "buah", "kali", "berkas", "paket"}


@dataclass
class Flag:
    doc_id: str
    code: str
    message: str
    evidence: str | None = None
    field: str | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    row: int | None = None
    jabatan: str | None = None
    weight: int = 0
    scope: str = "indicator"


def make_flag(doc_id: str, code: str, evidence: str | None, detail: str | None = None, *, field_: str | None = None,
              page: int | None = None, bbox=None, ind: Indicator | None = None, weight: int | None = None) -> Flag:
    scope, w, explanation = FLAGS[code]
    msg = explanation + (f": {detail}" if detail else "")
    if ind is not None and field_ and field_ in ind.cells:
        page, bbox = ind.cells[field_].page, ind.cells[field_].bbox
    elif ind is not None and page is None:
        page, bbox = ind.page, ind.bbox
    return Flag(doc_id, code, msg, evidence, field_, page, tuple(bbox) if bbox else None,
                ind.row if ind else None, ind.jabatan if ind else None, w if weight is None else weight, scope)


def _plain(text: str | None, drop: tuple[str, ...]) -> str:
    return canonical.normalise(text or "", drop, {**canonical.load_rules(), "concepts": {}})


def _content(text: str | None, drop: tuple[str, ...]) -> set[str]:
    return {w for w in _plain(text, drop).split() if w not in _GENERIC and not w.isdigit() and len(w) > 1}


def _shares_subject(ind_words: set[str], formula_words: set[str]) -> bool:
    """Some word in common: equal, a typo away, or one inside the other ("tanah" / "pertanahan")."""
    related = canonical.load_rules().get("related", {})
    words = ind_words | {r for w in ind_words for r in related.get(w, [])}
    return any(w == o or ratio(w, o) >= 80 or (min(len(w), len(o)) >= 4 and (w in o or o in w))
               for w in words for o in formula_words)


def indicator_flags(d: Decree, types: dict[int, IndicatorType], keys: dict[int, str]) -> list[Flag]:
    """Flags of every indicator row; `types` and `keys` (canonical text) are keyed by row number."""
    drop = (d.kecamatan or "", d.kabupaten or "")
    out: list[Flag] = []
    seen: dict[tuple, Indicator] = {}
    formulas: dict[str, list[Indicator]] = defaultdict(list)
    for ind in d.indicators:
        if ind.formula and ind.formula.kind != "empty" and len(ind.formula.text) >= 15:
            formulas[re.sub(r"\W+", " ", ind.formula.text.lower()).strip()].append(ind)
    for ind in d.indicators:
        t = types[ind.row]
        f = ind.formula

        def flag(code: str, evidence: str | None, detail: str | None = None, field_: str | None = "formula",
                 weight: int | None = None, ind: Indicator = ind) -> None:
            out.append(make_flag(d.doc_id, code, evidence, detail, field_=field_, ind=ind, weight=weight))

        if f is None or f.kind == "empty":
            flag("FORMULA_MISSING", ind.indikator, field_="indikator")
        else:
            has_den = bool(f.denominator) or any(p.denominator for p in f.parts)
            # compared word for word (no concept collapse: "Nilai hasil evaluasi SAKIP oleh Inspektorat" is a
            # formula for "Nilai SAKIP", not a restatement)
            same = canonical.same_indicator(_plain(ind.indikator, drop), _plain(f.text, drop))
            inside = _content(f.text, drop) <= _content(ind.indikator, drop) | {"ikm"}
            if f.kind in ("count", "index", "score", "text") and not has_den and not f.terms and (same or inside):
                flag("FORMULA_IS_INDICATOR", f.text, f"indikator '{ind.indikator}'",
                     weight=5 if t.measure == "jumlah" else None)
            if t.measure == "persentase" and not has_den:
                flag("PERCENT_NO_DENOMINATOR", f.text)
            for c in f.constants + [c for p in f.parts for c in p.constants]:
                if c.role == "denominator":
                    flag("HARDCODED_DENOMINATOR", f.text, f"denominator '{c.text}'")
            if t.measure in ("jumlah", "nilai", "indeks") and (f.unit == "%" or any(p.unit == "%" for p in f.parts)):
                flag("UNIT_MISMATCH", f.text, f"a {t.measure} indicator computed as a percentage")
            numer = " ".join([f.numerator or ""] + [p.numerator or "" for p in f.parts]) or f.text
            ind_words = _content(ind.indikator, drop)
            f_words = _content(numer, drop)
            if len(ind_words) >= 2 and len(f_words) >= 2 and not same and not _shares_subject(ind_words, f_words):
                flag("FORMULA_OTHER_SUBJECT", f.text, f"indikator '{ind.indikator}'")
            key = re.sub(r"\W+", " ", f.text.lower()).strip()
            twins = [o for o in formulas.get(key, []) if o.row != ind.row and keys[o.row] != keys[ind.row]]
            if twins:
                flag("FORMULA_COPIED", f.text, f"same formula as row {twins[0].row} ('{twins[0].indikator}')")
        sat = (ind.satuan or "").lower().strip()
        if t.measure == "persentase" and sat in _COUNT_UNITS:
            flag("UNIT_MISMATCH", ind.satuan, f"a percentage with satuan '{ind.satuan}'", field_="satuan")
        elif sat.startswith(("persen", "%")) and t.measure in ("jumlah", "nilai", "indeks"):
            flag("UNIT_MISMATCH", ind.satuan, f"a {t.measure} indicator with satuan '{ind.satuan}'", field_="satuan")
        if ind.sumber_data == "" or (ind.sumber_data is None and ind.sumber_data_raw == ""):
            flag("SUMBER_DATA_MISSING", "", field_="sumber_data")
        elif ind.sumber_data_raw and SDA.match(ind.sumber_data_raw) and (
                not ind.sumber_data or SDA.match(ind.sumber_data)):
            flag("SUMBER_DATA_UNRESOLVED", ind.sumber_data_raw, field_="sumber_data")
        if ind.level == "IKU" and t.level in ("input", "activity"):
            flag("LOW_LEVEL_IKU", ind.indikator, f"read as {t.level} ({', '.join(t.evidence)})", field_="indikator")
        # within one table of one position (a cascade table may legitimately repeat the IKU table)
        pos = (ind.level, (ind.jabatan or "").lower(), tuple(ind.columns), keys[ind.row])
        if pos in seen:
            flag("DUPLICATE_IN_POSITION", ind.indikator, f"also row {seen[pos].row}", field_="indikator")
        else:
            seen[pos] = ind
    return out


def _year_of_number(number: str | None) -> int | None:
    ys = re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", number or "")
    return int(ys[-1]) if ys else None


def document_flags(d: Decree, legal: list[LegalItem]) -> list[Flag]:
    out: list[Flag] = []
    prov = d.metadata_provenance

    def flag(code: str, evidence: str | None, detail: str | None = None, where: str | None = None,
             page: int | None = None, bbox=None) -> None:
        if page is None and where and where in prov:
            page, bbox = prov[where].page, prov[where].bbox
        if page is None:  # somewhere in the decree block at least
            page = next((p.page for k, p in prov.items() if k in ("header", "number", "date")), None)
        out.append(make_flag(d.doc_id, code, evidence, detail, field_=where, page=page, bbox=bbox))

    # completeness
    missing = [name for name, v in (("kecamatan", d.kecamatan), ("kabupaten", d.kabupaten),
                                    ("decree_number", d.decree_number), ("decree_date", d.decree_date_text),
                                    ("signatory_name", d.signatory.name), ("signatory_nip", d.signatory.nip_printed),
                                    ("legal_basis", d.legal_basis), ("period", d.period_start)) if not v]
    if missing and d.status != "failed":
        flag("METADATA_MISSING", None, ", ".join(missing))
    if (d.kecamatan or d.kabupaten) and not d.provinsi:
        flag("REGION_UNRESOLVED", f"{d.kecamatan or ''} / {d.kabupaten or ''}", where="header")
    # consistency: years, number, date, names
    date_year = int(d.decree_date_iso[:4]) if d.decree_date_iso else None
    num_year = _year_of_number(d.decree_number)
    problems = []
    if num_year and date_year and num_year != date_year:
        problems.append(f"number says {num_year}, date says {date_year}")
    if date_year and d.period_end and not (d.period_start or d.period_end) - 1 <= date_year <= d.period_end:
        problems.append(f"dated {date_year} for the period {d.period_start}-{d.period_end}")
    if problems:
        flag("YEARS_DISAGREE", f"Nomor {d.decree_number}; {d.decree_date_text}", "; ".join(problems), where="number")
    if d.decree_number and re.search(r"/\s*/|\.{3}|…|_{2,}", d.decree_number):
        flag("NUMBER_INCOMPLETE", d.decree_number, where="number")
    if d.decree_date_partial:
        flag("DATE_INCOMPLETE", d.decree_date_text, where="date")
    title = d.signatory.title or ""
    m = re.match(r"^CAMAT\s+(.+)$", title.strip(), re.I)
    if m and d.kecamatan and canonical._words(m.group(1)) != canonical._words(d.kecamatan):
        sp = d.signatory.provenance
        flag("NAME_INCONSISTENT", title, f"decree of Kecamatan {d.kecamatan}", page=sp.page if sp else None,
             bbox=sp.bbox if sp else None)
    # identity
    nip = parse_nip(d.signatory.nip_printed, d.decree_date_iso)
    if nip and nip.problems:
        sp = d.signatory.provenance
        flag("NIP_INVALID", d.signatory.nip_printed, "; ".join(nip.problems), page=sp.page if sp else None,
             bbox=sp.bbox if sp else None)
    # template leftovers: other regions named in the decree's own text
    first_page = prov["header"].page if "header" in prov else None
    texts: list[tuple[str, str | None, int | None, object]] = [("title", d.title, first_page, None)]
    texts += [("menimbang", x, first_page, None) for x in d.menimbang]
    texts += [("diktum", x, first_page, None) for x in d.diktum]
    texts += [("legal_basis", x.text, x.provenance.page if x.provenance else None,
               x.provenance.bbox if x.provenance else None)
              for x in d.legal_basis if not re.search(r"pembentukan\s+(daerah|kabupaten|kota|provinsi)", x.text, re.I)]
    for ind in d.indicators:
        for fname in ("sasaran", "indikator", "sumber_data", "penanggung_jawab"):
            cell = ind.cells.get(fname)
            texts.append((fname, getattr(ind, fname), cell.page if cell else ind.page, cell.bbox if cell else None))
        if ind.formula:
            cell = ind.cells.get("formula")
            texts.append(("formula", ind.formula.text, cell.page if cell else ind.page, cell.bbox if cell else None))
    reported = set()
    for fname, text, page, bbox in texts:
        for mnt in foreign_regions(text or "", d.kecamatan, d.kabupaten):
            if (mnt.region, fname) in reported:
                continue
            reported.add((mnt.region, fname))
            flag("TEMPLATE_LEFTOVER", text, f"'{mnt.marker} {mnt.printed}' ({mnt.region}) in {fname}",
                 where=fname, page=page, bbox=bbox)
    # legal basis
    for ref, item in zip(d.legal_basis, legal, strict=True):
        page = ref.provenance.page if ref.provenance else None
        bbox = ref.provenance.bbox if ref.provenance else None
        if item.repealed:
            flag("LEGAL_REPEALED", ref.text, f"{item.type} {item.number_key}/{item.year} -> {item.replaced_by} "
                 f"({item.repeal_source})", where="legal_basis", page=page, bbox=bbox)
        if item.placeholder:
            flag("LEGAL_PLACEHOLDER", ref.text, where="legal_basis", page=page, bbox=bbox)
    return out


def indicator_score(flags: list[Flag]) -> int:
    return max(0, 100 - sum(f.weight for f in flags))


def document_score(ind_scores: list[int], doc_flags: list[Flag]) -> float:
    doc_part = max(0, 100 - sum(f.weight for f in doc_flags))
    if not ind_scores:
        return float(doc_part)
    return round(0.6 * sum(ind_scores) / len(ind_scores) + 0.4 * doc_part, 1)
