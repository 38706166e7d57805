"""A small plan with two leads and a coordinator, and helpers to sign in through the emailed link."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from sqlmodel import Session
from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():  # Starlette 1.x nudges towards httpx2; httpx is what we have and works
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

from adapters.web import create_app
from bot.bootstrap import Chaser
from store.clock import LONDON, FixedClock
from store.models import Action, ActionPerson, Person, Plan, Section, Update
from store.settings import Settings

SCRIPT_TITLE = "Publish the <script>alert('x')</script> protocol & guidance"


@dataclass
class World:
    """Ids of what the fixture made."""

    plan: int
    actions: dict[str, int]
    people: dict[str, int]


def make_world(engine) -> World:
    """Plan "jar": Alice leads 7.1, 7.2 and 8.1 (Bob has a major role in 8.1); Bob leads 7.3 and 8.2."""
    with Session(engine, expire_on_commit=False) as s:
        alice = Person(name="Alice Adams", email="alice.adams@council.example", aliases=["AA"], roles=["lead"])
        bob = Person(name="Bob Brown", email="Bob.Brown@council.example", roles=["lead"])
        carol = Person(name="Carol Cole", email="carol.cole@council.example", roles=["coordinator"])
        s.add_all([alice, bob, carol])
        s.flush()
        plan = Plan(name="jar", title="JAR Action Plan", coordinator_id=carol.id)
        s.add(plan)
        s.flush()
        s7 = Section(plan_id=plan.id, number="7", title="Children and young people", position=1)
        s8 = Section(plan_id=plan.id, number="8", title="Safeguarding", position=2)
        s.add_all([s7, s8])
        s.flush()
        specs = [
            ("7.1", s7, "Appoint a permanent Director", "complete", date(2006, 3, 31), None, alice),
            ("7.2", s7, "Agree the joint commissioning strategy", "in_progress", date(2006, 5, 31), None, alice),
            ("7.3", s7, "Review the placements budget", "delayed", date(2006, 6, 30), date(2006, 7, 31), bob),
            ("8.1", s8, "Train all staff in the new thresholds", "blocked", date(2006, 9, 30), None, alice),
            ("8.2", s8, SCRIPT_TITLE, "not_started", date(2006, 12, 31), None, bob),
        ]
        actions = {}
        for position, (ref, section, title, status, due, expected, lead) in enumerate(specs):
            action = Action(plan_id=plan.id, section_id=section.id, ref=ref, position=position, title=title,
                            lead_text=lead.name, status=status, due=due, due_text=due.strftime("%B %Y"),
                            expected_by=expected)
            s.add(action)
            s.flush()
            s.add(ActionPerson(action_id=action.id, person_id=lead.id, role="lead"))
            actions[ref] = action.id
        s.add(ActionPerson(action_id=actions["8.1"], person_id=bob.id, role="major", position=1))
        s.add(Update(action_id=actions["7.2"], person_id=alice.id, at=datetime(2006, 6, 5, 8, 12, tzinfo=UTC),
                     channel="email", text="Draft is with legal <b>now</b>; expect sign-off\nby end of July.",
                     status="in_progress", expected_by=date(2006, 7, 31),
                     extraction={"status": "in_progress", "expected_by": "2006-07-31", "confidence": 0.82}))
        s.commit()
        return World(plan=plan.id, actions=actions,
                     people={"alice": alice.id, "bob": bob.id, "carol": carol.id})


@pytest.fixture
def clock() -> FixedClock:
    """Wednesday 14 June 2006, 10:00 London time."""
    return FixedClock(datetime(2006, 6, 14, 10, 0, tzinfo=LONDON))


@pytest.fixture
def chaser(engine, tmp_path, clock) -> Chaser:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'chaser.db'}", outbox_dir=tmp_path / "outbox",
                        web_url="http://testserver", smtp_url=None)
    return Chaser(settings=settings, engine=engine, clock=clock)


@pytest.fixture
def world(chaser) -> World:
    return make_world(chaser.engine)


@pytest.fixture
def app(chaser, world):
    return create_app(chaser=chaser)


@pytest.fixture
def client(app):
    with TestClient(app, follow_redirects=False) as c:
        yield c


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "page has no CSRF field"
    return found.group(1)


def outbox_links(outbox: Path) -> list[tuple[str, str]]:
    """(recipient, sign-in link) of every sign-in email in the outbox."""
    found = []
    for path in sorted(outbox.glob("*.eml")) if outbox.exists() else []:
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        if "sign-in link" not in str(message["Subject"]):
            continue
        body = message.get_body(preferencelist=("plain",)).get_content()
        link = re.search(r"https?://\S+/signin/\S+", body)
        assert link, body
        found.append((str(message["To"]), link.group(0)))
    return found


def request_link(client: TestClient, email: str):
    page = client.get("/signin")
    return client.post("/signin", data={"email": email, "csrf_token": csrf_of(page.text)})


def sign_in(client: TestClient, chaser: Chaser, email: str) -> None:
    """Sign in the way a person does: ask for a link, open the emailed link, press the button."""
    before = {link for _, link in outbox_links(chaser.settings.outbox_dir)}
    assert request_link(client, email).status_code == 200
    new = [(to, link) for to, link in outbox_links(chaser.settings.outbox_dir) if link not in before]
    assert len(new) == 1
    link = new[0][1].removeprefix("http://testserver")
    page = client.get(link)
    assert page.status_code == 200
    done = client.post(link, data={"csrf_token": csrf_of(page.text)})
    assert done.status_code == 303 and done.headers["location"] == "/"


def sign_out(client: TestClient) -> None:
    assert client.post("/signout", data={"csrf_token": csrf_of(client.get("/").text)}).status_code == 303


def outbox_texts(outbox: Path) -> list[tuple[str, str, str]]:
    """(recipient, subject, plain text) of every email in the outbox."""
    found = []
    for path in sorted(outbox.glob("*.eml")) if outbox.exists() else []:
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        found.append((str(message["To"]), str(message["Subject"]),
                      message.get_body(preferencelist=("plain",)).get_content()))
    return found


def answer_links_for(outbox: Path, email: str) -> dict[str, str]:
    """The one-tap links in the request to ``email``: {"7.2 Done": url, "7.2 Update...": url, "page": url}."""
    [text] = [t for to, subject, t in outbox_texts(outbox) if to == email and subject.startswith("Progress")]
    links: dict[str, str] = {}
    ref = ""
    for line in text.splitlines():
        head = re.match(r"^(\S+)  ", line)
        if head:
            ref = head.group(1)
        found = re.match(r"^\s+(Done|On track|Delayed|Blocked|Update\.\.\.): (\S+)$", line)
        if found:
            links[f"{ref} {found.group(1)}"] = found.group(2)
        page = re.match(r"^Or answer with one tap: .* this page lists them all: (\S+)$", line)
        if page:
            links["page"] = page.group(1)
    return links
