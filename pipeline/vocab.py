"""Domain vocabulary as data: header synonyms, markers, month names, ranks.

Kept apart from the code so a user can extend it without touching the stages.
"""

from __future__ import annotations

import re

# Canonical field -> header label patterns (matched on a normalised, lower-case label).
# Order matters: the first field whose pattern matches wins.
HEADER_FIELDS: list[tuple[str, re.Pattern[str]]] = [
    ("no", re.compile(r"^(no|nomor|no urut)\.?$")),
    ("definisi", re.compile(r"definisi|pengertian")),
    ("formula", re.compile(r"formula|formulasi|rumus|cara (peng|per)hitungan|penjelasan|metode perhitungan")),
    ("indikator", re.compile(r"indikator")),
    ("sasaran", re.compile(r"sasaran|kinerja utama|tujuan|kegiatan$|^kinerja$|program")),
    ("satuan", re.compile(r"^satuan|satuan$")),
    ("target", re.compile(r"target|sasaran tahun|^20\d\d$")),
    ("sumber_data", re.compile(r"sumber")),
    ("penanggung_jawab", re.compile(r"penanggung|^pj$|pelaksana|unit kerja")),
    ("keterangan", re.compile(r"keterangan|ket\.?$")),
    ("realisasi", re.compile(r"realisasi|capaian")),
]

# Headers that look like a cascading table (Misi -> Tujuan -> Sasaran -> Indikator).
CASCADE = re.compile(r"\bmisi\b|tujuan rpjmd|sasaran rpjmd")

SDA = re.compile(r"^\W*(s\.?\s?d\.?\s?a\.?|idem|sama dengan (di)?atas|dto\.?|-\s*sda\s*-)\W*$", re.I)

MONTHS = {
    "januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "agustus": 8, "september": 9, "oktober": 10, "november": 11, "nopember": 11, "desember": 12,
}

# Civil-service ranks (pangkat) printed under a signatory's name.
RANK = re.compile(
    r"^(pembina(\s+utama)?(\s+(muda|madya))?(\s+(tingkat|tk\.?)\s*i)?|penata(\s+muda)?(\s+(tingkat|tk\.?)\s*i)?"
    r"|pengatur(\s+muda)?(\s+(tingkat|tk\.?)\s*i)?|juru(\s+muda)?(\s+(tingkat|tk\.?)\s*i)?)"
    r"\s*(,?\s*(\(?\s*(iv|iii|ii|i)\s*/\s*[a-e]\s*\)?))?\.?$",
    re.I,
)

ORDINALS = ("kesatu", "pertama", "kedua", "ketiga", "keempat", "kelima", "keenam", "ketujuh", "kedelapan",
            "kesembilan", "kesepuluh")


def norm_label(text: str) -> str:
    text = text.lower().replace("\n", " ")
    text = re.sub(r"\(.*?\)", " ", text)  # "(Satuan)", "(IKU SKPD)"
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def field_for_label(label: str) -> str | None:
    norm = norm_label(label)
    if not norm:
        return None
    for name, pattern in HEADER_FIELDS:
        if pattern.search(norm):
            return name
    return None


# Units printed in a Satuan column: OCR misreadings of these are corrected (see normalise.py).
SATUAN = ("Persen", "%", "Dokumen", "Laporan", "Orang", "Kegiatan", "Nilai", "Indeks", "Desa", "Kelurahan", "Bulan",
          "Hari", "Kali", "Unit", "Buah", "Paket", "Berkas", "Rasio", "Angka", "Predikat", "Poin", "Jam", "Lembaga",
          "Kelompok", "Jiwa", "Rupiah", "Tahun", "Menit", "Surat", "Keluarga", "Sekolah", "Kasus", "Layanan",
          "Permohonan", "Pengaduan", "Rekomendasi", "Skor", "Level", "Persentase", "Jumlah")
