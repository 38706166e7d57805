"""A small fixed world for the cycle tests: the plan and people CSVs, a Chaser on a fixed clock,
and helpers to read the outbox and write replies."""

from __future__ import annotations

from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import SecretStr
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.bootstrap import Chaser
from store.clock import FixedClock
from store.importers import import_people_csv, import_plan_file
from store.models import Action, Person
from store.settings import PlanSchedule, Settings

DATA = Path(__file__).parent / "data"
LONDON = ZoneInfo("Europe/London")
FROM = "chaser@herefordshire.example"


PLAN_CSV = DATA / "JAR Improvement Plan.csv"
PEOPLE_CSV = DATA / "people.csv"
IMPORTED_AT = datetime(2006, 5, 31, 12, 0, tzinfo=LONDON)


def load_world(engine: Engine) -> None:
    """Import tests/cycle/data's people and plan CSVs (the contract's canonical headers) as `chaser` does."""
    import_people_csv(engine=engine, path=PEOPLE_CSV, now=IMPORTED_AT)
    import_plan_file(engine=engine, path=PLAN_CSV, plan_name="jar", now=IMPORTED_AT)


def make_chaser(engine: Engine, tmp_path: Path, *, clock: FixedClock | None = None, extractor=None) -> Chaser:
    settings = Settings(
        database_url=str(engine.url), outbox_dir=tmp_path / "outbox", email_from=FROM,
        lock_file=tmp_path / "chaser.lock",
        web_secret=SecretStr("test-world-signing-secret"),  # one secret, as instances sharing a deployment have
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
