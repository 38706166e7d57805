"""Checks before a PDF's pages are read: that it is a whole PDF, not password-protected, and that
its compressed streams do not unpack to more than the limit (a "zip bomb" in PDF form). Each
refusal is one line naming the file."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from store.errors import ImportFileError
from store.importers.tables.limits import ImportLimits, _mb

_HEAD = 1024  # the %PDF- header may follow a little junk, as readers allow
_TAIL = 2048  # and a little may follow the last %%EOF
_CHUNK = 1024 * 1024


def check_pdf_file(path: Path) -> None:
    """Refuse a file that is not a PDF, or one cut short (no ``%%EOF`` at its end)."""
    with path.open("rb") as stream:
        head = stream.read(_HEAD)
        size = stream.seek(0, 2)
        stream.seek(max(0, size - _TAIL))
        tail = stream.read()
    if not head.strip():
        raise ImportFileError(path.name, "the file is empty")
    if b"%PDF-" not in head:
        raise ImportFileError(path.name, "not a PDF file (it does not begin with %PDF-): give a PDF, or a .txt, "
                              ".csv, .xlsx or .docx file with the right extension")
    if b"%%EOF" not in tail:
        raise ImportFileError(path.name, "the PDF is cut short (it has no end-of-file marker): download or export "
                              "it again")


@contextmanager
def open_pdf(path: Path) -> Iterator[Any]:
    """pdfplumber's PDF, opened with the empty password (which reads files protected only against
    editing or printing); a password needed to open it, or a broken file, is refused."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(path)
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise ImportFileError(path.name, "the PDF is password-protected: save a copy without the password (or "
                                  "export the plan again) and import that") from None
        raise ImportFileError(path.name, f"not a readable PDF ({type(cause).__name__})") from None
    except Exception as exc:  # broken files: pdfminer raises many kinds
        raise ImportFileError(path.name, f"not a readable PDF ({type(exc).__name__})") from None
    try:
        yield pdf
    finally:
        pdf.close()


def check_pdf_streams(path: Path, document: Any, limits: ImportLimits) -> None:
    """Refuse a PDF whose streams unpack to more than ``limits.max_unpacked_bytes``, counting
    Flate-compressed streams a megabyte at a time, never holding one whole."""
    from pdfminer.pdftypes import PDFObjRef, PDFStream

    total = 0
    for xref in document.xrefs:
        for objid in xref.get_objids():
            try:
                if xref.get_pos(objid)[0] is not None:
                    continue  # inside an object stream, which holds no streams (and is counted itself)
                obj = document.getobj(objid)
            except Exception:  # noqa: S112 - an object pdfminer cannot find is skipped, as it is when reading
                continue
            if not isinstance(obj, PDFStream):
                continue
            filters = obj.get_any(("F", "Filter"))
            if isinstance(filters, PDFObjRef):
                filters = filters.resolve()
            names = [getattr(f, "name", f) for f in (filters if isinstance(filters, list) else [filters]) if f]
            raw = obj.rawdata if obj.rawdata is not None else (obj.data or b"")
            total += _flate_size(raw, limits.max_unpacked_bytes - total) if "FlateDecode" in names else len(raw)
            if total > limits.max_unpacked_bytes:
                raise ImportFileError(path.name, f"it unpacks to over {_mb(limits.max_unpacked_bytes)} "
                                      "(CHASER_IMPORT_MAX_UNPACKED_BYTES); save a smaller copy of the plan")


def _flate_size(data: bytes, budget: int) -> int:
    """How many bytes ``data`` inflates to, stopping once over ``budget``; broken data counts as read."""
    inflater = zlib.decompressobj()
    size = 0
    try:
        chunk = inflater.decompress(data, _CHUNK)
        size += len(chunk)
        while inflater.unconsumed_tail and size <= budget:
            chunk = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
            size += len(chunk)
    except zlib.error:
        pass  # pdfminer reads what it can of a damaged stream; so is its size counted
    return size
