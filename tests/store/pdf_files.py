"""Small PDFs written byte by byte for the PDF import tests: text lines, ruled tables, many pages,
compressed streams. (The layout corpus's PDFs come from LibreOffice; these are the odd cases.)"""

from __future__ import annotations

import zlib


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def text_ops(lines: list[str], *, top: float = 760, size: float = 12) -> str:
    """Lines of text down the page from ``top``."""
    return "".join(f"BT /F1 {size} Tf 60 {top - i * size * 1.5:.1f} Td ({_escape(t)}) Tj ET\n"
                   for i, t in enumerate(lines))


def table_ops(rows: list[list[str]], *, top: float = 700, left: float = 60, width: float = 90,
              height: float = 20, open_top: bool = False, open_bottom: bool = False) -> str:
    """A ruled table: every cell bordered, one line of text in each; ``open_top``/``open_bottom``
    leave out the line across its top or bottom (a row cut by a page break, as Chromium draws it)."""
    columns = max(len(r) for r in rows)
    ops = ["0.5 w\n"]
    for r in range(1 if open_top else 0, len(rows) if open_bottom else len(rows) + 1):
        y = top - r * height
        ops.append(f"{left} {y} m {left + columns * width} {y} l S\n")
    for c in range(columns + 1):
        x = left + c * width
        ops.append(f"{x} {top} m {x} {top - len(rows) * height} l S\n")
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell:
                x, y = left + c * width + 4, top - (r + 1) * height + 6
                ops.append(f"BT /F1 9 Tf {x} {y} Td ({_escape(cell)}) Tj ET\n")
    return "".join(ops)


def pdf_bytes(pages: list[str], *, compress: bool = False, raw_streams: list[bytes] | None = None) -> bytes:
    """A PDF of A4 pages, each drawn by its content operators; ``raw_streams`` are extra
    Flate streams placed in the file as they are (for the unpacked-size limit)."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"",
                            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for ops in pages:
        data = ops.encode("latin-1")
        if compress:
            data = zlib.compress(data)
        flate = b" /Filter /FlateDecode" if compress else b""
        objects.append(b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(data), flate, data))
        content = len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                       b"/Contents %d 0 R >>" % content)
        kids.append(len(objects))
    for data in raw_streams or []:
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(data), data))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
