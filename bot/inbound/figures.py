"""Figures in a reply: record each as a reading of the indicator it names (with the reply's words
as evidence), read it back, ask before recording one far outside the indicator's history, and say
plainly why a figure was not recorded (an unknown code, no number, a period not yet ended)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from nlp.extraction import to_date
from nlp.figures import Figure, FigureReading, IndicatorName, read_figures
from store.indicator_periods import last_ended_period, period_end_for, period_words
from store.indicator_rules import format_value
from store.indicators import ReadingError, label, record_reading, standing
from store.models import ChangeLog, Clarification, Indicator, IndicatorReading, Person, Request

YES = re.compile(r"^\s*(yes|yep|yeah|correct|confirm(ed)?|that'?s right|right|it is|record it)\b", re.IGNORECASE)
NO = re.compile(r"^\s*(no|nope|cancel|wrong|ignore( it)?|don'?t record)\b", re.IGNORECASE)
_FILLER = re.compile(r"(?i)\b(thanks|thank you|many thanks|regards|best|kind regards|cheers|and|also|hi|hello|"
                     r"dear|chaser|figures?|for|the|here|are|is|as|follows|please|find|below)\b|[^\w]")
# Chaser's own request lines, quoted back by a mail client that the quote remover did not catch: never
# figures ("CH141 Referrals ... aged under 18: the figure for June 2006?" holds CH141 and 18).
OWN_LINES = re.compile(r"(?im)^.*(?:: the figure for .{3,40}\?|^\s*(?:last|target): .*|your indicators: reply with "
                       r"each figure.*|or give them on the web.*)$")
STEP_TIMES = 3  # a figure further from the last than this many times the largest step seen is questioned


@dataclass
class FigureWork:
    """What was read of a reply's figures before the write transaction."""

    reading: FigureReading
    indicators: dict[str, Indicator]  # by IndicatorName.key (the indicator's id as text)
    rest: str  # the reply with the figures' clauses left out: read for action progress


@dataclass
class FigureOutcome:
    """What recording a reply's figures did, for the reply to the person."""

    recorded: list[str] = field(default_factory=list)  # "CH141 201 per 10,000 for June 2006"
    problems: list[str] = field(default_factory=list)
    question: str = ""


def owned_indicators(session: Session, *, person_id: int, request: Request | None) -> list[Indicator]:
    """The indicators a person owns: the request's plan's, else every plan's."""
    query = select(Indicator).where(Indicator.owner_id == person_id)
    if request is not None:
        query = query.where(Indicator.plan_id == request.plan_id)
    return list(session.exec(query.order_by(col(Indicator.plan_id), col(Indicator.position))))


def read_reply(text: str, *, indicators: list[Indicator], today: date) -> FigureWork | None:
    """The figures of a reply from the owner of ``indicators``; None when it gives none and names no code."""
    names = [IndicatorName(key=str(i.id), code=i.code, title=i.title) for i in indicators if i.id is not None]
    text = OWN_LINES.sub(lambda m: " " * len(m.group(0)), text)
    reading = read_figures(text, indicators=names, today=today)
    if not reading.figures and not reading.unknown_codes:
        return None
    rest = list(text)
    for start, end in reading.spans:
        rest[start:end] = " " * (end - start)
    return FigureWork(reading, {str(i.id): i for i in indicators}, "".join(rest).strip())


def says_more(rest: str) -> bool:
    """Whether what is left of a reply once its figures are read says anything of its own."""
    return bool(_FILLER.sub("", rest).strip())


def _history(session: Session, indicator: Indicator) -> list[float]:
    rows = standing(session.exec(select(IndicatorReading).where(IndicatorReading.indicator_id == indicator.id)))
    values = [r.value for r in rows]
    return ([indicator.baseline] if indicator.baseline is not None else []) + values


def implausible(session: Session, *, indicator: Indicator, value: float) -> str | None:
    """Why ``value`` is far outside the indicator's history, or None when it is not."""
    if indicator.unit == "percent" and not 0 <= value <= 100:
        return "a percentage cannot be over 100" if value > 100 else "a percentage cannot be below 0"
    history = _history(session, indicator)
    if not history:
        return None
    last = history[-1]
    steps = [abs(b - a) for a, b in zip(history, history[1:], strict=False)]
    scale = max([*steps, abs(last) * 0.05])
    if scale and abs(value - last) > STEP_TIMES * scale:
        return f"it is a long way from the last figure ({format_value(last, indicator.unit)})"
    return None


def _period(figure: Figure, indicator: Indicator, today: date) -> date:
    when = to_date(figure.period) if figure.period else None
    return period_end_for(indicator.frequency, when) if when else last_ended_period(indicator.frequency, today)


def record_figures(session: Session, *, work: FigureWork, person: Person, channel: str, written_at: datetime,
                   inbound_id: int, now: datetime, request_id: int | None) -> FigureOutcome:
    """Record the figures read from one reply; a figure to question is kept in a Clarification."""
    outcome = FigureOutcome()
    today = written_at.astimezone(ZoneInfo(person.timezone or "Europe/London")).date()
    for code in work.reading.unknown_codes:
        known = session.exec(select(Indicator).where(Indicator.code == code)).first()
        outcome.problems.append(f"{code} is not one of your indicators, so I left it alone." if known else
                                f"{code} is not an indicator I know, so nothing was recorded for it.")
    questions = []
    for figure in work.reading.figures:
        indicator = session.get(Indicator, int(figure.key))  # (read in an earlier transaction)
        if indicator is None:
            continue
        name = label(indicator)
        if figure.value is None:
            asked = period_words(last_ended_period(indicator.frequency, today), indicator.frequency)
            outcome.problems.append(f"I found no figure for {name} in your reply: please send it as a number, "
                                    f"e.g. \"{name} 201 for {asked}\".")
            continue
        period = _period(figure, indicator, today)
        if period > today:
            outcome.problems.append(f"{name}: {period_words(period, indicator.frequency)} has not ended yet, so "
                                    f"{format_value(figure.value, indicator.unit)} was not recorded.")
            continue
        doubt = implausible(session, indicator=indicator, value=figure.value)
        if doubt:
            words = f"{name} {format_value(figure.value, indicator.unit)} for " \
                f"{period_words(period, indicator.frequency)}"
            questions.append((indicator, figure, period, f"{words}? {doubt[0].upper()}{doubt[1:]}."))
            continue
        try:
            record_reading(session=session, indicator=indicator, period_end=period, value=figure.value,
                           at=written_at, today=today, text=figure.text, person_id=person.id,
                           inbound_id=inbound_id, channel=channel, kind="reply",
                           source=f"reply from {person.name} by {channel}")
        except ReadingError as exc:
            outcome.problems.append(f"{exc}; nothing was recorded for it.")
            continue
        outcome.recorded.append(f"{name} {format_value(figure.value, indicator.unit)} for "
                                f"{period_words(period, indicator.frequency)}")
    if questions:
        assert person.id is not None
        session.add(Clarification(person_id=person.id, request_id=request_id, inbound_id=inbound_id, kind="figure",
                                  created_at=now, payload={"figures": [
                                      {"indicator_id": ind.id, "value": fig.value, "period": period.isoformat(),
                                       "text": fig.text, "written_at": written_at.isoformat()}
                                      for ind, fig, period, _q in questions]}))
        asked = " ".join(q for *_rest, q in questions)
        outcome.question = (f"Please check before I record it: {asked} Reply YES to record "
                            f"{'it' if len(questions) == 1 else 'them'}, or send the right figure.")
    return outcome


def confirmation(outcome: FigureOutcome) -> str:
    """The figures read back: "Thanks — recorded: CH141 201 per 10,000 for June 2006. Reply UNDO..."."""
    lines = []
    if outcome.recorded:
        lines.append(f"Thanks — recorded: {'; '.join(outcome.recorded)}. Reply UNDO to reverse, or send a "
                     "correction.")
    lines += outcome.problems
    if outcome.question:
        lines.append(outcome.question)
    return "\n".join(lines)


def answer_figure_question(session: Session, *, pending: Clarification, person: Person, text: str, channel: str,
                           written_at: datetime, inbound_id: int, now: datetime) -> str | None:
    """Resolve our question about a doubtful figure: YES records it, NO drops it, a number replaces
    it (recorded as said: the person has been asked once). None when the message is not an answer."""
    items = list(pending.payload.get("figures", []))
    indicators = {i.id: i for i in session.exec(select(Indicator).where(
        col(Indicator.id).in_([item["indicator_id"] for item in items])))}
    number = re.fullmatch(r"\s*(?:sorry,?\s*)?(?:it'?s\s*|it was\s*)?(-?\d[\d,]*(?:\.\d+)?)\s*%?\s*[.!]?\s*", text)
    if YES.match(text):
        values = [(item, float(item["value"])) for item in items]
    elif number and len(items) == 1:
        values = [(items[0], float(number.group(1).replace(",", "")))]
    elif NO.match(text):
        pending.resolved_at = now
        return "Thanks — nothing was recorded. Send the figure again when you have it."
    else:
        return None
    impossible = [item for item, value in values if (i := indicators.get(item["indicator_id"])) is not None
                  and i.unit == "percent" and not 0 <= value <= 100]
    if impossible:  # kept open: only the right figure answers it
        return f"{format_value(float(impossible[0]['value']), 'percent')} cannot be right for a percentage: " \
               "please send the right figure."
    pending.resolved_at = now
    today = written_at.astimezone(ZoneInfo(person.timezone or "Europe/London")).date()
    said = []
    for item, value in values:
        indicator = indicators.get(item["indicator_id"])
        if indicator is None:
            continue
        period = date.fromisoformat(item["period"])
        words = item["text"] if value == item["value"] else f"{item['text']} (corrected: {text.strip()})"
        record_reading(session=session, indicator=indicator, period_end=period, value=value, at=written_at,
                       today=today, text=words, person_id=person.id, inbound_id=inbound_id, channel=channel,
                       kind="reply" if value == item["value"] else "correction",
                       source=f"reply from {person.name} by {channel}")
        said.append(f"{label(indicator)} {format_value(value, indicator.unit)} for "
                    f"{period_words(period, indicator.frequency)}")
    return f"Thanks — recorded: {'; '.join(said)}. Reply UNDO to reverse, or send a correction."


def last_figures_inbound(session: Session, *, person_id: int) -> int | None:
    """The inbound message of the person's latest figures still standing (for UNDO)."""
    return session.exec(select(IndicatorReading.inbound_id).where(
        IndicatorReading.person_id == person_id, col(IndicatorReading.undone).is_(False),
        col(IndicatorReading.inbound_id).is_not(None), IndicatorReading.kind != "import")
        .order_by(col(IndicatorReading.inbound_id).desc())).first()


def undo_figures(session: Session, *, inbound_id: int, person: Person, now: datetime) -> list[str]:
    """Mark the figures a message gave undone (the figure before them stands again); what was undone."""
    undone = []
    for reading in session.exec(select(IndicatorReading).where(IndicatorReading.inbound_id == inbound_id,
                                                               col(IndicatorReading.undone).is_(False))):
        reading.undone = True
        indicator = session.get(Indicator, reading.indicator_id)
        if indicator is not None:
            session.add(ChangeLog(plan_id=indicator.plan_id, at=now, source=f"UNDO from {person.name}",
                                  field=f"indicator:{indicator.key}", old_value=str(reading.value), new_value=None,
                                  description=f"{label(indicator)} for the period ending "
                                  f"{reading.period_end:%d %b %Y}: {format_value(reading.value, indicator.unit)} "
                                  "removed by UNDO"))
            undone.append(f"{label(indicator)} {format_value(reading.value, indicator.unit)} for "
                          f"{period_words(reading.period_end, indicator.frequency)} removed")
    return undone
