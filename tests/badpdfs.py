"""Generate the bad-input suite: files that break PDF readers in the ways real batches do.

Most are built with reportlab; the malformed structures no PDF writer would produce (a page tree
that loops, an xref chain that points at itself, wrong xref offsets) are written object by object.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

DECREE_LINES = ("PEMERINTAH KABUPATEN SERANG", "KECAMATAN CIRUAS", "KEPUTUSAN CAMAT CIRUAS",
                "NOMOR : 900/001/Kec-Ciruas/2022", "TENTANG", "INDIKATOR KINERJA UTAMA TAHUN 2022")


def tiny_decree_pdf(encrypt: StandardEncryption | None = None, extra_pages: int = 0) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=encrypt, invariant=1)
    y = 800
    for line in DECREE_LINES:
        c.drawString(72, y, line)
        y -= 18
    c.showPage()
    for n in range(extra_pages):  # a long lampiran of plain text pages
        c.drawString(72, 800, f"LAMPIRAN KEPUTUSAN CAMAT CIRUAS, halaman {n + 2}")
        c.drawString(72, 782, "Uraian kegiatan dan catatan pelaksanaan program kecamatan.")
        c.showPage()
    c.save()
    return buf.getvalue()


def raw_pdf(objects: list[bytes], *, trailer: bytes = b"", self_prev: bool = False, shift_xref: int = 0) -> bytes:
    """A PDF from object bodies (object n is objects[n-1], the catalog is object 1) with an xref table.

    self_prev: the trailer's /Prev points at this same xref section, so a reader following the chain loops.
    shift_xref: every xref offset (and startxref) is wrong by this many bytes.
    """
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % (off + shift_xref) for off in offsets)
    prev = b" /Prev %d" % xref_at if self_prev else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, prev, trailer, xref_at + shift_xref)
    return bytes(out)


def _stream(data: bytes, entries: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(data), entries, data)


def _decree_content() -> bytes:
    ops = [b"BT /F1 12 Tf 18 TL 72 800 Td"]
    ops += [b"(%s) '" % line.encode("ascii") for line in DECREE_LINES]
    return b"\n".join([*ops, b"ET"])


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"


def decree_objects() -> list[bytes]:
    """Catalog, page tree, one page with the decree's heading, font, content: objects 1 to 5."""
    return [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", PAGE, FONT,
            _stream(_decree_content())]


def looping_page_tree_pdf() -> bytes:
    """The root's /Kids holds the page and a node whose /Kids points back at the root."""
    objs = decree_objects()
    objs[1] = b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>"
    objs.append(b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>")
    return raw_pdf(objs)


def huge_image_pdf(side: int = 20_000) -> bytes:
    """The decree's page with a side x side greyscale image drawn on it: ~400 MB once decoded, ~0.4 MB stored."""
    z = zlib.compressobj(9)
    row = bytes(side)
    data = b"".join(z.compress(row) for _ in range(side)) + z.flush()
    objs = decree_objects()
    objs[2] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> "
               b"/XObject << /Im1 6 0 R >> >> /Contents 5 0 R >>")
    objs[4] = _stream(_decree_content() + b"\nq 200 0 0 200 300 100 cm /Im1 Do Q")
    objs.append(_stream(data, b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                              b"/BitsPerComponent 8 /Filter /FlateDecode " % (side, side)))
    return raw_pdf(objs)


def javascript_and_attachment_pdf() -> bytes:
    """Opens with a JavaScript action and carries an embedded executable: both must be ignored."""
    objs = decree_objects()
    objs[0] = (b"<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R /Names << "
               b"/EmbeddedFiles << /Names [(setup.exe) 7 0 R] >> /JavaScript << /Names [(init) 6 0 R] >> >> >>")
    objs.append(b"<< /Type /Action /S /JavaScript "
                b"/JS (app.alert('hello'); this.exportDataObject({cName: 'setup.exe'});) >>")
    objs.append(b"<< /Type /Filespec /F (setup.exe) /EF << /F 8 0 R >> >>")
    objs.append(_stream(b"MZ" + bytes(200), b"/Type /EmbeddedFile "))
    return raw_pdf(objs)


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
        "zero_pages": raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]),
        "corrupt_xref": raw_pdf(decree_objects(), shift_xref=37),
        "xref_loop": raw_pdf(decree_objects(), self_prev=True),
        "page_tree_loop": looping_page_tree_pdf(),
        "huge_image": huge_image_pdf(),
        "javascript_attachment": javascript_and_attachment_pdf(),
    }
    out = {}
    for name, data in files.items():
        p = folder / f"{name}.pdf"
        p.write_bytes(data)
        out[name] = p
    return out


def write_long(folder: Path, pages: int = 500) -> Path:
    """A 500-page decree (the heading page, then a long lampiran): generated in about a second."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"pages_{pages}.pdf"
    path.write_bytes(tiny_decree_pdf(extra_pages=pages - 1))
    return path
