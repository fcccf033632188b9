"""Build pipeline/resources/data/domain_words.txt, the domain half of the OCR lexicon.

Words come from the bundled samples' gold and, when present, the seed decree texts in
../shared/seeds, plus the standard terms below. Tesseract's own Indonesian word list is the
other half (extracted at run time from the installed traineddata, see pipeline/resources/lexicon.py).
Re-run after adding samples: `python scripts/build_lexicon.py`.
"""

from __future__ import annotations

import json
import re
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
""".split()


def words_in(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Za-z]{3,}", text)]


def main() -> None:
    counts: Counter[str] = Counter(STANDARD)
    for gold in sorted((ROOT / "samples" / "gold").glob("*.json")):
        counts.update(words_in(json.dumps(json.loads(gold.read_text()), ensure_ascii=False)))
    seeds = ROOT.parent / "shared" / "seeds"
    for seed in sorted(seeds.glob("*.txt")) if seeds.is_dir() else []:
        counts.update(words_in(seed.read_text(encoding="utf-8")))
    # LaTeX commands and markup from the seed conversions are not words
    junk = {"frac", "text", "times", "mathrm", "left", "right", "quad", "cdot", "begin", "end", "array"}
    words = sorted(w for w in counts if w not in junk)
    out = ROOT / "pipeline" / "resources" / "data" / "domain_words.txt"
    out.write_text("# Domain words for OCR clean-up; built by scripts/build_lexicon.py\n" + "\n".join(words) + "\n")
    print(f"{len(words)} words -> {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
