"""Build pipeline/resources/data/domain_words.txt, the domain half of the OCR lexicon.

Words come from general sources only: the standard terms below, the domain term lists of the data files
(header synonyms, position labels, issuers, document types, formula words, analysis rules) and, when
present, the seed decree texts in ../shared/seeds (real documents, not anyone's answers). Never from gold
(samples/gold, the eval set): the scan tests would see their own answers and its typos would become known
words. Tesseract's own Indonesian word list is the other half (extracted at run time from the installed
traineddata, see pipeline/resources/lexicon.py). Re-run after changing a data file:
`python scripts/build_lexicon.py`.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STANDARD = """
persentase prosentase jumlah rasio indeks nilai angka tingkat capaian realisasi target satuan sasaran indikator
kinerja utama individu definisi operasional formula formulasi rumus penjelasan sumber data penanggung jawab
kecamatan kelurahan desa kabupaten kota provinsi camat sekretaris sekretariat kepala seksi subbagian kasubbag
kasi pelayanan dokumen laporan pemerintahan pembangunan pemberdayaan masyarakat ketenteraman ketertiban umum
kesejahteraan sosial perencanaan keuangan kepegawaian umum administrasi perkantoran program kegiatan keputusan
peraturan menteri daerah bupati walikota gubernur presiden undang nomor tahun tentang menimbang mengingat
memutuskan menetapkan ditetapkan tanggal pembina penata pengatur juru tingkat muda madya lampiran jabatan tugas
fungsi eselon kesatu kedua ketiga keempat kelima pertama dibagi dikali terselenggaranya tersedianya meningkatnya
terlaksananya terfasilitasinya diselesaikan ditindaklanjuti pengaduan kepuasan survei penduduk bulan triwulan
semester tahunan persen orang unit buah kali hari akuntabilitas evaluasi monitoring pembinaan koordinasi
penimbang tertimbang unsur persepsi kib kir inventaris aset barang milik
""".split()  # last line: the IKM formula of PermenPAN-RB 14/2017 (nilai penimbang) and the asset registers


# the files whose values are Indonesian terms (flags.toml holds English messages)
DATA_FILES = [*sorted((ROOT / "pipeline" / "resources" / "data").glob("*.toml")),
              ROOT / "analysis" / "data" / "canonical.toml", ROOT / "analysis" / "data" / "indicator_rules.toml"]
PHRASE_KEYS = ("synonyms", "related")  # tables keyed by a phrase as printed ("prosentase" -> "persentase")
_REGEX = re.compile(r"[\\^$\[\](){}|?*+]")  # a pattern's letters are not words ("\\beselon")


def words_in(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Za-z]{3,}", text)]


def _strings(value: object, keys: bool = False) -> list[str]:
    """Every string value of a TOML value; keys too under PHRASE_KEYS (other keys are setting names)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items()
                for s in ([k] if keys else []) + _strings(v, keys or k in PHRASE_KEYS)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v, keys)]
    return []


def data_terms() -> list[str]:
    return [w for f in DATA_FILES for s in _strings(tomllib.loads(f.read_text(encoding="utf-8")))
            if not _REGEX.search(s) for w in words_in(s)]


SEEDS = ROOT.parent / "shared" / "seeds"
# LaTeX commands and markup from the seed conversions are not words
JUNK = {"frac", "text", "times", "mathrm", "left", "right", "quad", "cdot", "begin", "end", "array"}


def build_words(seeds: Path = SEEDS) -> list[str]:
    counts: Counter[str] = Counter(STANDARD)
    counts.update(data_terms())
    for seed in sorted(seeds.glob("*.txt")) if seeds.is_dir() else []:
        counts.update(words_in(seed.read_text(encoding="utf-8")))
    return sorted(w for w in counts if w not in JUNK)


def main() -> None:
    words = build_words()
    out = ROOT / "pipeline" / "resources" / "data" / "domain_words.txt"
    out.write_text("# Domain words for OCR clean-up; built by scripts/build_lexicon.py\n" + "\n".join(words) + "\n")
    print(f"{len(words)} words -> {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
