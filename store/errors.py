"""Errors a user sees: each names the file, row, field or command at fault and what to do."""

from __future__ import annotations


class ChaserError(Exception):
    """A problem the user can fix; its message is shown as one line, without a traceback."""


class ImportFileError(ChaserError):
    """A plan or people file that cannot be read; names the file and the line or row at fault."""

    def __init__(self, path: str, problem: str, *, line: int | None = None, row: int | None = None,
                 field: str | None = None, sheet: str | None = None) -> None:
        where = path
        if sheet is not None:
            where += f", sheet {sheet!r}"
        if line is not None:
            where += f", line {line}"
        if row is not None:
            where += f", row {row}"
        if field:
            where += f", field {field!r}"
        super().__init__(f"{where}: {problem}")
        self.path = path
        self.line = line
        self.row = row
        self.field = field
        self.sheet = sheet
