"""Every quality flag on a real case from the seed decrees that fires, and a near miss that does not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from iku.analysis.flags import FLAGS, document_score
from iku.analysis.outputs import AnalysisRules, analyse
from iku.core.settings import Settings
from iku.schemas import Decree, Indicator, LegalReference, Provenance, Signatory
from iku.stages.normalise import parse_text

COLS = ["No", "Sasaran", "Indikator", "Formulasi", "Sumber Data"]


def ind(row: int, indikator: str, formula: str | None = "", *, level: str = "IKI", jabatan: str = "Kasi Pemerintahan",
        sumber: str | None = "Laporan", raw: str | None = None, satuan: str | None = None) -> Indicator:
    f = parse_text(formula) if formula is not None else None
    box = (300.0, 90.0 + 30 * row, 450.0, 110.0 + 30 * row)
    return Indicator(row=row, level=level, jabatan=jabatan, indikator=indikator, formula=f, satuan=satuan,
                     sumber_data=sumber, sumber_data_raw=sumber if raw is None else raw, page=3,
                     bbox=(40.0, box[1], 560.0, box[3]), confidence=1.0,
                     cells={"formula": Provenance(page=3, bbox=box), "indikator": Provenance(page=3, bbox=box)},
                     columns=COLS)


BUDGET = "Jumlah realisasi anggaran belanja kecamatan / Jumlah pagu anggaran belanja kecamatan x 100%"
OK_ROW = ("Prosentase desa yang tertib administrasi",
          "Jumlah desa yang tertib administrasi / Jumlah seluruh desa x 100 %")


def decree(*rows: Indicator, **kw) -> Decree:
    base = dict(pipeline_version="t", doc_id="camplong", source_file="camplong.pdf", kecamatan="Camplong",
                kabupaten="Sampang", provinsi="Jawa Timur", decree_number="188/12/KEP/434.507/2022",
                decree_date="2022-01-28", decree_date_text="28 Januari 2022", period_start=2022, period_end=2022,
                signatory=Signatory(name="SAFFAK, SE. MM", nip="197807142005011012",
                                    nip_printed="19780714 200501 1 012", title="CAMAT CAMPLONG",
                                    provenance=Provenance(page=2, bbox=(340, 218, 513, 230))),
                legal_basis=[LegalReference(text="Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;",
                                            provenance=Provenance(page=1, bbox=(100, 300, 500, 320)))],
                metadata_provenance={"header": Provenance(page=1), "date": Provenance(page=2),
                                     "number": Provenance(page=1, bbox=(200, 80, 400, 92))})
    base.update(kw)
    return Decree(indicators=list(rows) or [ind(1, *OK_ROW)], **base)


def flags(d: Decree) -> list[dict]:
    return analyse([d]).flags


def codes(d: Decree, row: int | None = None) -> set[str]:
    return {f["code"] for f in flags(d) if row is None or f["row"] == row}


def legal(*texts: str) -> list[LegalReference]:
    return [LegalReference(text=t, provenance=Provenance(page=1)) for t in texts]


# code -> (decree that must raise it, near miss that must not)
CASES: dict[str, tuple] = {
    "FORMULA_MISSING": (  # Merakurak IKU: no formula cell
        lambda: decree(ind(1, "Jumlah BUMDes yang terbentuk pada tingkat kecamatan", None)),
        lambda: decree(ind(1, "Jumlah BUMDes yang terbentuk pada tingkat kecamatan",
                           "Jumlah BUMDes yang terbentuk di desa se-kecamatan"))),
    "FORMULA_IS_INDICATOR": (  # Ciruas: "Nilai IKM Pelayanan Internal Kecamatan" -> "IKM Kecamatan"
        lambda: decree(ind(1, "Nilai IKM Pelayanan Internal Kecamatan", "IKM Kecamatan")),
        # Kartasura: the formula names who evaluates: a source, not a restatement
        lambda: decree(ind(1, "Nilai Evaluasi SAKIP Kecamatan",
                           "Nilai hasil evaluasi SAKIP Kecamatan oleh Inspektorat Kabupaten Sukoharjo"))),
    "PERCENT_NO_DENOMINATOR": (  # Ciruas row with only its numerator printed
        lambda: decree(ind(1, "Persentase ASN yang Dokumen Kepegawaiannya Lengkap",
                           "Jumlah ASN Kecamatan yang dokumen kepegawaiannya Lengkap")),
        lambda: decree(ind(1, "Persentase ASN yang Dokumen Kepegawaiannya Lengkap",
                           "Jumlah ASN Kecamatan yang dokumen kepegawaiannya Lengkap X 100% Jumlah seluruh ASN"))),
    "HARDCODED_DENOMINATOR": (  # Camplong: "/ 14 Desa"
        lambda: decree(ind(1, "Prosentase penyelesaian usulan anggaran desa tepat waktu",
                           "Jumlah Dok APBDes yang tepat waktu / 14 Desa x 100 %")),
        lambda: decree(ind(1, "Persentase APBDes yang dievaluasi tepat waktu",
                           "Jumlah rancangan APBDes yang dievaluasi tepat waktu / Jumlah seluruh desa x 100%"))),
    "SUMBER_DATA_MISSING": (
        lambda: decree(ind(1, *OK_ROW, sumber="")),
        lambda: decree(ind(1, *OK_ROW, sumber=None, raw=None))),  # Kartasura: no Sumber Data column at all
    "SUMBER_DATA_UNRESOLVED": (  # Ciruas: "Sda" in the first row of a table
        lambda: decree(ind(1, *OK_ROW, sumber="Sda", raw="Sda")),
        lambda: decree(ind(1, *OK_ROW, sumber="Kec. Camplong", raw="Sda"))),
    "UNIT_MISMATCH": (  # Ciruas: a count computed as a percentage
        lambda: decree(ind(1, "Jumlah kegiatan LPM yang dilaksanakan",
                           "Jumlah kegiatan LPM yang dilaksanakan / Jumlah kegiatan LPM yang ditargetkan x 100%")),
        # Kartasura: a count with satuan Dokumen
        lambda: decree(ind(1, "Jumlah laporan keuangan yang disusun tepat waktu",
                           "Jumlah laporan keuangan (LRA, Neraca, LO, LPE dan CaLK) yang disusun tepat waktu",
                           satuan="Dokumen"))),
    "DUPLICATE_IN_POSITION": (  # Camplong: the same row twice in one table
        lambda: decree(ind(1, "Prosentase Penyelesaian Pelayanan bidang Administrasi kependudukan tepat waktu",
                           "Jumlah KTP, KK dan Akta yang diproses tepat waktu / Jumlah Usulan KTP x 100%"),
                       ind(2, "Prosentase Penyelesaian Pelayanan bidang Administrasi kependudukan tepat waktu",
                           "Jumlah KTP, KK dan Akta yang diproses tepat waktu / Jumlah Usulan KTP x 100%")),
        lambda: decree(ind(1, "Prosentase Penyelesaian Pelayanan bidang Administrasi kependudukan tepat waktu",
                           "Jumlah KTP, KK dan Akta yang diproses tepat waktu / Jumlah Usulan KTP x 100%"),
                       ind(2, "Prosentase Penyelesaian Pelayanan bidang Administrasi kependudukan tepat waktu",
                           "Jumlah KTP, KK dan Akta yang diproses tepat waktu / Jumlah Usulan KTP x 100%",
                           jabatan="Kasi Pelayanan Umum"))),
    "LOW_LEVEL_IKU": (  # budget absorption as the Camat's IKU
        lambda: decree(ind(1, "Persentase realisasi anggaran kecamatan",
                           BUDGET,
                           level="IKU", jabatan="Camat")),
        lambda: decree(ind(1, "Persentase realisasi anggaran kecamatan",
                           BUDGET,
                           level="IKI", jabatan="Kasubag Keuangan"))),
    "FORMULA_OTHER_SUBJECT": (  # Ciruas: the formula of the row above
        lambda: decree(ind(1, "Jumlah rekonsiliasi keuangan ke BKD yang dilakukan",
                           "Jumlah kegiatan pembayaran atas belanja OPD yang dilakukan")),
        lambda: decree(ind(1, "Prosentase penyelesaian pelayanan pertanahan tepat waktu",
                           "Jumlah Akta tanah yang diproses tepat waktu / Jumlah usulan pembuatann Akta Tanah x 100"))),
    "FORMULA_COPIED": (  # Ciruas rows 13 and 14
        lambda: decree(ind(1, "Jumlah kegiatan pembayaran atas belanja OPD yang dilakukan",
                           "Jumlah kegiatan pembayaran atas belanja OPD yang dilakukan"),
                       ind(2, "Jumlah rekonsiliasi keuangan ke BKD yang dilakukan",
                           "Jumlah kegiatan pembayaran atas belanja OPD yang dilakukan")),
        # the same indicator for two positions may share its formula
        lambda: decree(ind(1, *OK_ROW), ind(2, *OK_ROW, jabatan="Kasi PMD"))),
    "YEARS_DISAGREE": (  # Camplong: number 2019, date January 2022, period 2021
        lambda: decree(decree_number="188/12/KEP/434.507/2019", period_start=2021, period_end=2021),
        lambda: decree()),
    "NUMBER_INCOMPLETE": (  # Camplong: "188/ /KEP/434.507/2019"
        lambda: decree(decree_number="188/ /KEP/434.507/2022"),
        lambda: decree(decree_number="188.45/ 03 / KEP /414.413/ 2022")),  # spaces, but every slot filled
    "DATE_INCOMPLETE": (  # Ciruas: "Januari 2022"
        lambda: decree(decree_date="2022-01", decree_date_text="Januari 2022"),
        lambda: decree()),
    "METADATA_MISSING": (
        lambda: decree(signatory=Signatory(name="SAFFAK, SE. MM", title="CAMAT CAMPLONG")),
        lambda: decree()),
    "NAME_INCONSISTENT": (
        lambda: decree(signatory=Signatory(name="X", nip="197807142005011012", nip_printed="197807142005011012",
                                           title="CAMAT BANYUATES")),
        lambda: decree(signatory=Signatory(name="X", nip="197807142005011012", nip_printed="197807142005011012",
                                           title="CAMAT  CAMPLONG"))),
    "TEMPLATE_LEFTOVER": (  # Camplong: "Polsek Kec. Banyuates"; Ciruas: "Kota Paraiaman" in the Menimbang
        lambda: decree(ind(1, *OK_ROW, sumber="Polsek Kec. Banyuates")),
        lambda: decree(ind(1, *OK_ROW, sumber="Polsek Kec. Camplong"),
                       menimbang=["perlu menetapkan Keputusan Camat Camplong Kabupaten Sampang"])),
    "LEGAL_REPEALED": (  # Ciruas, Camplong: UU 32/2004
        lambda: decree(legal_basis=legal("Undang-Undang Nomor 32 Tahun 2004 tentang Pemerintahan Daerah;")),
        lambda: decree(legal_basis=legal("Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;"))),
    "LEGAL_PLACEHOLDER": (  # Ciruas: "Peraturan Bupati Serang Nomor ... Tahun ..."
        lambda: decree(legal_basis=legal("Peraturan Bupati Sampang Nomor ... Tahun ... tentang Indikator Kinerja")),
        lambda: decree(legal_basis=legal("Peraturan Bupati Sampang Nomor 65 Tahun 2017 tentang Kedudukan"))),
    "NIP_INVALID": (
        lambda: decree(signatory=Signatory(name="X", nip="197813142005011012", nip_printed="19781314 200501 1 012",
                                           title="CAMAT CAMPLONG")),
        lambda: decree()),
    "REGION_UNRESOLVED": (
        lambda: decree(kecamatan="Camplongan", kabupaten="Sampangan", provinsi=None),
        lambda: decree()),
}


def test_every_flag_has_a_case():
    assert set(CASES) == set(FLAGS)


@pytest.mark.parametrize("code", sorted(CASES))
def test_flag_fires_on_the_real_case(code: str):
    fired = [f for f in flags(CASES[code][0]()) if f["code"] == code]
    assert fired, code
    f = fired[0]
    assert f["message"].startswith(FLAGS[code][2]) and f["weight"] > 0
    assert f["page"] is not None  # evidence can be found on the page
    if FLAGS[code][0] == "indicator":
        assert f["row"] is not None and f["evidence"] is not None


@pytest.mark.parametrize("code", sorted(CASES))
def test_flag_stays_silent_on_the_near_miss(code: str):
    assert code not in codes(CASES[code][1]())


def test_the_clean_decree_raises_nothing():
    assert flags(decree()) == []


def test_scores():
    d = decree(ind(1, *OK_ROW),
               ind(2, "Prosentase penyelesaian usulan anggaran desa tepat waktu",
                   "Jumlah Dok APBDes yang tepat waktu / 14 Desa x 100 %"),
               decree_date="2022-01", decree_date_text="Januari 2022")
    a = analyse([d])
    rows = {k[2]: v["quality_score"] for k, v in a.indicators.items()}
    assert rows == {1: 100, 2: 100 - FLAGS["HARDCODED_DENOMINATOR"][1]}
    doc_part = 100 - FLAGS["DATE_INCOMPLETE"][1]
    assert a.quality[0]["document_score"] == round(0.6 * (rows[1] + rows[2]) / 2 + 0.4 * doc_part, 1)
    assert document_score([], []) == 100.0  # no indicator read: the document part alone


# ---- the registry in analysis/data/flags.toml: a flag added, changed or turned off by data --------------------

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
FLAGS_SECTION = README.split("### Quality flags and scores", 1)[1].split("\n### ", 1)[0]
# the README's example of a flag added by data, run as written
SEKSI_FLAG = re.search(r"```toml\n(.*?)```", FLAGS_SECTION, re.S).group(1)


def test_a_flag_added_in_a_user_file_reaches_the_outputs(camplong_outputs, tmp_path, monkeypatch):
    """No code: a [[flag]] of kind "pattern" in a rules file, `iku analyse --flag-rules`, and it is in
    flags.parquet with its weight taken off the row's score in indicators.parquet."""
    import shutil

    import pyarrow.parquet as pq
    from typer.testing import CliRunner

    from iku.runtime.cli import app

    monkeypatch.delenv("IKU_FLAG_RULES", raising=False)
    out = tmp_path / "out"
    shutil.copytree(camplong_outputs, out)
    rules = tmp_path / "my_flags.toml"
    rules.write_text(SEKSI_FLAG, encoding="utf-8")
    res = CliRunner().invoke(app, ["analyse", str(out), "--flag-rules", str(rules)])
    assert res.exit_code == 0, res.output
    new = [f for f in pq.read_table(out / "flags.parquet").to_pylist() if f["code"] == "SUMBER_DATA_IS_OFFICE"]
    assert new and all(f["scope"] == "indicator" and f["weight"] == 7 and f["field"] == "sumber_data" for f in new)
    assert {f["evidence"].split()[0].lower() for f in new} <= {"seksi", "bagian", "subbag"}
    assert "Seksi Pemerintahan dan Yan Um" in {f["evidence"] for f in new}  # Camplong rows 3 and 4
    before = {r["row"]: r for r in pq.read_table(camplong_outputs / "indicators.parquet").to_pylist()}
    for r in pq.read_table(out / "indicators.parquet").to_pylist():
        hit = "SUMBER_DATA_IS_OFFICE" in r["flag_codes"]
        assert r["quality_score"] == (max(0, before[r["row"]]["quality_score"] - 7) if hit
                                      else before[r["row"]]["quality_score"])


def test_a_user_file_changes_a_weight_and_turns_a_flag_off(tmp_path, monkeypatch):
    d = decree(ind(1, "Prosentase penyelesaian usulan anggaran desa tepat waktu",
                   "Jumlah Dok APBDes yang tepat waktu / 14 Desa x 100 %"),
               decree_date="2022-01", decree_date_text="Januari 2022")
    rules = tmp_path / "flags.toml"
    rules.write_text('[[flag]]\ncode = "HARDCODED_DENOMINATOR"\nweight = 3\n\n'
                     '[[flag]]\ncode = "DATE_INCOMPLETE"\nenabled = false\n', encoding="utf-8")
    monkeypatch.setenv("IKU_FLAG_RULES", str(rules))  # read by the settings loader, and only there
    assert ("HARDCODED_DENOMINATOR", 10) in [(f["code"], f["weight"]) for f in analyse([d]).flags]  # no rules given
    a = analyse([d], AnalysisRules.load(**Settings.load().rule_paths()))  # as the runtime hands them down
    assert [(f["code"], f["weight"]) for f in a.flags] == [("HARDCODED_DENOMINATOR", 3)]
    assert a.indicators[("camplong", "camplong.pdf", 1)]["quality_score"] == 97


@pytest.mark.parametrize("entry, why", [
    ('code = "X_FLAG"\nscope = "indicator"\nweight = 5\nmessage = "m"\ncheck = "no_such_check"', "unknown check"),
    ('code = "X_FLAG"\nscope = "row"\nweight = 5\nmessage = "m"\nkind = "pattern"\nfield = "indikator"\n'
     'pattern = "x"', "scope"),
    ('code = "X_FLAG"\nscope = "indicator"\nweight = 5\nmessage = "m"\nkind = "pattern"\nfield = "indikator"\n'
     'pattern = "("', "bad pattern"),
    ('code = "X_FLAG"\nscope = "indicator"\nweight = 5\nmessage = "m"\nkind = "pattern"\npattern = "x"', "field"),
    ('code = "X_FLAG"\nscope = "indicator"\nwieght = 5\nweight = 5\nmessage = "m"\nkind = "pattern"\n'
     'field = "indikator"\npattern = "x"', "wieght"),
    ('code = "X_FLAG"\nscope = "indicator"\nweight = 5\nmessage = "m"\ncheck = "metadata_missing"', "document check"),
    ('code = "lower"\nscope = "indicator"\nweight = 5\nmessage = "m"\ncheck = "formula_missing"', "UPPER_SNAKE"),
])
def test_a_bad_user_flag_is_refused_with_its_reason(tmp_path, entry: str, why: str):
    from iku.analysis.flags import load_rules

    rules = tmp_path / "flags.toml"
    rules.write_text(f"[[flag]]\n{entry}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=why):
        load_rules(rules)


def test_the_readme_table_lists_every_flag_with_its_scope_and_weight():
    rows = {m[0]: (m[1], int(m[2])) for m in re.findall(r"^\| ([A-Z_]+) \| (\w+) \| (\d+)", FLAGS_SECTION, re.M)}
    assert rows == {code: (scope, weight) for code, (scope, weight, _) in FLAGS.items()}
