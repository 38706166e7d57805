"""Write a document's indicators into its plan: in place by code (or measure), every change in the
change log, the table's figures as readings of kind ``import`` with the cell as their words.

An indicator's owner is the person its owner cell names, resolved through the plan's glossary
like an action's lead. A table with no owner column (seed 000's appendix) gives each new indicator
the lead of the section the table belongs to: the section whose title shares the most words with
the table's heading ("Key children's safeguarding performance indicators" belongs to section 7,
"Improved services and outcomes for children & young people", led by DoCS). The coordinator's
choice (``chaser indicators set``) is never undone by a re-import of a table without owners, and a
figure a person gave after the document was written is never replaced by the document's.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from store.importers.changes import ImportWriter
from store.importers.glossary import PeopleDirectory
from store.importers.indicators.reading import IndicatorDraft
from store.indicator_periods import period_end_for
from store.indicator_rules import format_value
from store.indicators import label, record_reading, standing
from store.models import Action, ActionPerson, Indicator, IndicatorReading, Person, Section
from store.wording import LONDON, uk_date

_PLAIN_WORDS = {"key", "performance", "indicator", "indicators", "measures", "measure", "pi", "pis", "kpi", "kpis",
                "the", "of", "and", "for", "to", "in", "on", "our", "with", "by", "at", "a", "an", "services",
                "service", "improved", "improving", "improve", "outcomes", "council", "councils", "plan", "table",
                "appendix", "appendices"}
FIELDS = ("title", "code", "baseline", "baseline_on", "target", "target_on", "frequency")


@dataclass
class IndicatorCounts:
    """What one import did to the plan's indicators."""

    indicators: int = 0
    new: int = 0
    changed: int = 0
    readings: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """``indicators: 8 (8 new, 0 changed), 16 figures recorded``."""
        return (f"indicators: {self.indicators} ({self.new} new, {self.changed} changed), {self.readings} figure"
                f"{'' if self.readings == 1 else 's'} recorded")


def _words(text: str) -> set[str]:
    words = {re.sub(r"'s$|’s$", "", w) for w in re.findall(r"[a-z][a-z'’]*", text.lower())}
    return {w for w in words if w not in _PLAIN_WORDS and len(w) > 2}


def section_for(session: Session, *, plan_id: int, heading: str | None) -> Section | None:
    """The section whose title shares the most words with a table's heading; None on a tie or no match."""
    if not heading:
        return None
    wanted = _words(heading)
    scored = [(len(wanted & _words(s.title)), s)
              for s in session.exec(select(Section).where(Section.plan_id == plan_id))]
    best = max((score for score, _s in scored), default=0)
    winners = [s for score, s in scored if score == best]
    return winners[0] if best and len(winners) == 1 else None


def section_lead(session: Session, *, section_id: int) -> Person | None:
    """The person who leads most of a section's actions (its first-named lead on ties)."""
    rows = session.exec(
        select(ActionPerson.person_id, Action.position)
        .join(Action, col(Action.id) == ActionPerson.action_id)
        .where(Action.section_id == section_id, ActionPerson.role == "lead")
        .order_by(col(Action.position))
    ).all()
    counts = Counter(person_id for person_id, _position in rows)
    if not counts:
        return None
    first = {person_id: n for n, (person_id, _p) in reversed(list(enumerate(rows)))}
    person_id = max(counts, key=lambda p: (counts[p], -first[p]))
    return session.get(Person, person_id)


def _log(writer: ImportWriter, indicator: Indicator, name: str, old: Any, new: Any, description: str) -> None:
    writer.log(action=None, field=f"indicator:{indicator.key}:{name}", old=old, new=new, description=description)


def _set(writer: ImportWriter, indicator: Indicator, values: dict[str, Any]) -> bool:
    changed = False
    for name, new in values.items():
        old = getattr(indicator, name)
        if old != new:
            setattr(indicator, name, new)
            _log(writer, indicator, name, old, new, f"{label(indicator)}: {name.replace('_', ' ')} changed")
            changed = True
    return changed


def store_indicators(*, writer: ImportWriter, directory: PeopleDirectory, drafts: list[IndicatorDraft],
                     now: datetime) -> IndicatorCounts:
    """Create or update the plan's indicators from ``drafts`` inside the caller's transaction."""
    session, plan = writer.session, writer.plan
    assert plan.id is not None
    counts = IndicatorCounts(indicators=len(drafts))
    existing = {i.key: i for i in session.exec(select(Indicator).where(Indicator.plan_id == plan.id))}
    at = writer.written_at or now
    today = now.astimezone(LONDON).date()
    for position, draft in enumerate(drafts):
        section = section_for(session, plan_id=plan.id, heading=draft.heading)
        indicator = existing.get(draft.key)
        values: dict[str, Any] = {name: getattr(draft, name) for name in FIELDS}
        if indicator is None:
            indicator = Indicator(plan_id=plan.id, key=draft.key, position=position, unit=draft.unit,
                                  polarity=draft.polarity, polarity_source=draft.polarity_source,
                                  section_id=section.id if section else None, created_at=now, updated_at=now,
                                  **values)
            session.add(indicator)
            session.flush()
            existing[draft.key] = indicator
            _log(writer, indicator, "indicator", None, draft.title,
                 f"{label(indicator)}: indicator added from {writer.source} ({draft.place})")
            counts.new += 1
            changed, is_new = False, True
        else:
            is_new = False
            if draft.unit_given:
                values["unit"] = draft.unit
            if indicator.polarity_source != "coordinator" and draft.polarity and (
                    draft.polarity_source == "plan" or indicator.polarity_source != "plan"):
                values["polarity"], values["polarity_source"] = draft.polarity, draft.polarity_source
            changed = _set(writer, indicator, values)
            indicator.position = position
            if section is not None and indicator.section_id is None:
                indicator.section_id = section.id
        owner_changed = _owner(writer, directory, indicator, draft, section)
        changed = changed or (owner_changed and not is_new)
        recorded, conflicts = _readings(writer, indicator, draft, at=at, today=today)
        counts.readings += recorded
        counts.notes += conflicts
        if changed:
            counts.changed += 1
            indicator.updated_at = now
    session.flush()
    return counts


def _owner(writer: ImportWriter, directory: PeopleDirectory, indicator: Indicator, draft: IndicatorDraft,
           section: Section | None) -> bool:
    """Set the owner from the owner cell when it changed; else, for an indicator with no owner yet,
    the lead of its section. Returns whether the owner changed."""
    if draft.owner_text is not None:
        if draft.owner_text == indicator.owner_text and indicator.owner_id is not None:
            return False
        people = directory.resolve_cell(draft.owner_text)
        owner = people[0][0] if people else None
        text = draft.owner_text
    elif indicator.owner_id is None and section is not None and section.id is not None:
        owner = section_lead(writer.session, section_id=section.id)
        text = f"lead of section {section.number}" if owner is not None else ""
    else:
        return False
    new_id = owner.id if owner is not None else None
    if new_id == indicator.owner_id and text == indicator.owner_text:
        return False
    _log(writer, indicator, "owner", indicator.owner_text or None, text,
         f"{label(indicator)}: owner {owner.name if owner else 'not known'} ({text or 'no owner given'})")
    indicator.owner_id, indicator.owner_text = new_id, text
    return True


def _readings(writer: ImportWriter, indicator: Indicator, draft: IndicatorDraft, *, at: datetime,
              today: Any) -> tuple[int, list[str]]:
    """Record each figure the table gives that differs from the one standing for its period; a
    figure given by a person after the document was written stays, and the difference is noted."""
    session = writer.session
    kept = {r.period_end: r for r in standing(session.exec(
        select(IndicatorReading).where(IndicatorReading.indicator_id == indicator.id)))}
    recorded, notes = 0, []
    for column_end, value, text in draft.readings:
        period_end = period_end_for(indicator.frequency, column_end)  # "2006-05" of a quarterly one: to June
        now_standing = kept.get(period_end)
        if now_standing is not None and now_standing.value == value:
            continue
        if now_standing is not None and now_standing.kind != "import" and now_standing.at > at:
            notes.append(f"{label(indicator)} for {uk_date(period_end)}: the file says "
                         f"{format_value(value, indicator.unit)}; {format_value(now_standing.value, indicator.unit)} "
                         f"given on {uk_date(now_standing.at)} was kept")
            continue
        record_reading(session=session, indicator=indicator, period_end=period_end, value=value, at=at,
                       today=today, text=text, channel="import", kind="import", source=writer.source,
                       # an indicator's first figures come with it, as a new action's do: not changes to the plan
                       log=bool(kept))
        recorded += 1
    return recorded, notes
