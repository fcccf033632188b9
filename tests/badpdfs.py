"""Generate the bad-input suite: files that break PDF readers in the ways real batches do."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas


def tiny_decree_pdf(encrypt: StandardEncryption | None = None) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=encrypt, invariant=1)
    y = 800
    for line in ("PEMERINTAH KABUPATEN SERANG", "KECAMATAN CIRUAS", "KEPUTUSAN CAMAT CIRUAS",
                 "NOMOR : 900/001/Kec-Ciruas/2022", "TENTANG", "INDIKATOR KINERJA UTAMA TAHUN 2022"):
        c.drawString(72, y, line)
        y -= 18
    c.showPage()
    c.save()
    return buf.getvalue()


def write_suite(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    good = tiny_decree_pdf()
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w") as z:
        z.writestr("decree.docx", "not really")
    files = {
        "empty": b"",
        "html": b"<!DOCTYPE html><html><body>404 Not Found</body></html>",
        "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200,
        "zip": zbuf.getvalue(),
        "truncated": good[: len(good) // 3],
        "garbage_body": b"%PDF-1.4\n" + b"\x13\x37" * 500 + b"\n%%EOF",
        "user_password": tiny_decree_pdf(StandardEncryption("secret", ownerPassword="owner", strength=128)),
        "owner_password_only": tiny_decree_pdf(StandardEncryption("", ownerPassword="owner", canPrint=0,
                                                                  canCopy=0, strength=128)),
        "good": good,
    }
    out = {}
    for name, data in files.items():
        p = folder / f"{name}.pdf"
        p.write_bytes(data)
        out[name] = p
    return out
