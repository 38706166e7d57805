"""`chaser indicators import`: a file of indicators (Chaser's CSV, or any table of them in text,
CSV, XLSX or DOCX) stored into a plan already imported, in one transaction."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.errors import ImportFileError
from store.importers.changes import ImportWriter
from store.importers.glossary import PeopleDirectory
from store.importers.indicators.reading import read_indicator_tables
from store.importers.indicators.storing import IndicatorCounts, store_indicators
from store.importers.leads import parse_glossary
from store.importers.tables.limits import ImportLimits
from store.repository import plan_by_name


def import_indicator_file(*, engine: Engine, path: Path, plan_name: str, now: datetime,
                          limits: ImportLimits | None = None) -> IndicatorCounts:
    """Import (or re-import) the indicators in ``path`` into plan ``plan_name``.

    Raises:
        ImportFileError: the file cannot be read, holds no indicator table, or a row is wrong;
            nothing has been written.
        ChaserError: no plan has that name.
    """
    from store.importers.plan_file import read_document  # (plan_file imports the indicator readers too)

    path = Path(path)
    doc = read_document(path, limits=limits)
    if not doc.indicator_tables:
        raise ImportFileError(path.name, "no indicator table found: the header row needs a measure column (e.g. "
                              "'title', 'Performance measurement', 'Indicator') and a target or dated figures "
                              "('baseline', 'target', 'Apr 2006', '2006-04')")
    drafts = read_indicator_tables(doc.path, doc.unit, doc.indicator_tables)
    with Session(engine, expire_on_commit=False) as session:
        plan = plan_by_name(session, name=plan_name)
        if plan is None:
            raise ImportFileError(path.name, f"--plan {plan_name!r}: no such plan; import the plan first "
                                  "(`chaser plans` lists them)")
        writer = ImportWriter(session, plan, path.name, now, None)
        directory = PeopleDirectory(session)
        directory.add_glossary(parse_glossary(doc))
        try:
            counts = store_indicators(writer=writer, directory=directory, drafts=drafts, now=now)
            session.commit()
        except BaseException:
            session.rollback()
            raise
    return counts
