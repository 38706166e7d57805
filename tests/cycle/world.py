"""A small fixed world for the cycle tests: the plan and people CSVs, a Chaser on a fixed clock,
and helpers to read the outbox and write replies."""

from __future__ import annotations

import csv
from datetime import date, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.bootstrap import Chaser
from bot.clock import FixedClock
from bot.config import PlanSchedule, Settings
from store.models import Action, ActionPerson, Person, Plan, Section

DATA = Path(__file__).parent / "data"
LONDON = ZoneInfo("Europe/London")
FROM = "chaser@herefordshire.example"


def load_world(engine: Engine) -> None:
    """Load tests/cycle/data/{people,plan}.csv with direct inserts (the contract's canonical headers)."""
    with Session(engine) as session:
        people: dict[str, Person] = {}
        for row in csv.DictReader((DATA / "people.csv").open(encoding="utf-8")):
            person = Person(name=row["name"], aliases=[a for a in row["aliases"].split(";") if a],
                            role_title=row["role"], email=row["email"] or None, channel=row["channel"],
                            timezone=row["timezone"] or "Europe/London",
                            roles=[r for r in row["roles"].split(";") if r] or ["lead"])
            session.add(person)
            for key in [person.name, *person.aliases]:
                people[key] = person
        plan = Plan(name="jar", title="JAR Performance Improvement Plan", source="plan.csv")
        session.add(plan)
        session.flush()
        sections: dict[str, Section] = {}
        for position, row in enumerate(csv.DictReader((DATA / "plan.csv").open(encoding="utf-8"))):
            section = sections.get(row["section"])
            if section is None:
                section = Section(plan_id=plan.id, number=row["section"], title=row["section_title"])
                session.add(section)
                session.flush()
                sections[row["section"]] = section
            action = Action(plan_id=plan.id, section_id=section.id, ref=row["ref"], position=position,
                            title=row["action"], lead_text=row["lead"], due=date.fromisoformat(row["due"]),
                            status=row["status"], progress=row["progress"],
                            progress_at=datetime(2006, 5, 31, 12, 0, tzinfo=LONDON) if row["progress"] else None,
                            partners=row["partners"], success_criteria=row["success_criteria"])
            session.add(action)
            session.flush()
            lead = people[row["lead"]]
            session.add(ActionPerson(action_id=action.id, person_id=lead.id, role="lead"))
        session.commit()


def make_chaser(engine: Engine, tmp_path: Path, *, clock: FixedClock | None = None, extractor=None) -> Chaser:
    settings = Settings(
        database_url=str(engine.url), outbox_dir=tmp_path / "outbox", email_from=FROM,
        lock_file=tmp_path / "chaser.lock",
        plans={"jar": PlanSchedule(cadence="weekly", day="mon", remind_after_days=3, escalate_after_days=5,
                                   coordinator="Chris Doyle")},
    )
    chaser = Chaser(settings=settings, engine=engine,
                    clock=clock or FixedClock(datetime(2006, 6, 12, 9, 0, tzinfo=LONDON)))
    if extractor is not None:
        chaser.extras["extractor"] = extractor
    return chaser


def outbox(chaser: Chaser) -> list[EmailMessage]:
    """Every message in the outbox folder, oldest file first."""
    folder = chaser.settings.outbox_dir
    files = sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns) if folder.exists() else []
    return [message_from_bytes(p.read_bytes(), policy=policy.default) for p in files]  # type: ignore[misc]


def mail_to(chaser: Chaser, address: str, subject_has: str = "") -> list[EmailMessage]:
    return [m for m in outbox(chaser) if m["To"] == address and subject_has in str(m["Subject"])]


def reply_to(original: EmailMessage, *, text: str, sender: str, when: datetime, message_id: str | None = None,
             extra_headers: dict[str, str] | None = None, quote: bool = True) -> bytes:
    """A reply as a mail client writes it: the new text, then the original quoted."""
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = str(original["Reply-To"] or original["From"])
    mail["Subject"] = "Re: " + str(original["Subject"])
    mail["Date"] = format_datetime(when)
    mail["Message-ID"] = message_id or make_msgid(domain="herefordshire.example")
    mail["In-Reply-To"] = str(original["Message-ID"])
    for key, value in (extra_headers or {}).items():
        del mail[key]
        mail[key] = value
    body = text
    if quote:
        quoted = original.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        body += f"\n\nOn {original['Date']}, Chaser <{FROM}> wrote:\n" + "".join(
            f"> {line}\n" for line in quoted.splitlines())
    mail.set_content(body)
    return bytes(mail)


def action(engine: Engine, ref: str) -> Action:
    with Session(engine) as session:
        return session.exec(select(Action).where(Action.ref == ref)).one()


def person(engine: Engine, name: str) -> Person:
    with Session(engine) as session:
        return session.exec(select(Person).where(Person.name == name)).one()
