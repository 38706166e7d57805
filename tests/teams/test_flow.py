"""Teams end to end on the chat core: install -> request card -> reply in words or card submit -> one update,
confirmed; duplicates, throttling and a removed app; forged tokens change nothing. Real Teams SDK and PyJWT
code against the local fakes; the service is the real one (bot.inbound.intake) on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from adapters.teams import routes
from bot.bootstrap import Chaser
from bot.cycle.round import run_cycle
from bot.rate_limit import RateLimiter
from bot.service_runner import asgi_app
from store.clock import FixedClock
from store.models import Action, InboundMessage, Person, TeamsConversation, Update
from store.settings import PlanSchedule, Settings
from tests.chat.memory_channel import FakeSleep
from tests.cycle.world import FROM, load_world, outbox
from tests.teams.conftest import teams_settings
from tests.teams.fakes import FakeMicrosoft, TeamsUser, new_key, token

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2006, 6, 12, 9, 0, tzinfo=LONDON)
STAMP = "2006-06-12T09:30:00.000Z"


class World:
    def __init__(self, engine, tmp_path, microsoft: FakeMicrosoft, sue: TeamsUser) -> None:
        load_world(engine)
        with Session(engine) as session:
            person = session.exec(select(Person).where(Person.name == "Sue Fiennes")).one()
            person.teams_id, person.channel = sue.aad, "teams"
            session.add(person)
            session.commit()
        settings = Settings(database_url=str(engine.url), outbox_dir=tmp_path / "outbox", email_from=FROM,
                            lock_file=tmp_path / "chaser.lock", plans={"jar": PlanSchedule(cadence="weekly")},
                            **teams_settings(microsoft))
        self.engine, self.microsoft, self.sue = engine, microsoft, sue
        self.chaser = Chaser(settings=settings, engine=engine, clock=FixedClock(NOW))
        fake_time = FakeSleep()  # the core's pacing and Retry-After waits, without sleeping
        self.chaser.limiter = RateLimiter(sleep=fake_time.sleep, monotonic=fake_time.monotonic)
        self.client = TestClient(Starlette(routes=routes(self.chaser)))

    def post(self, activity: dict, *, bearer: str | None = None):
        bearer = bearer or token(key=self.microsoft.key, kid=self.microsoft.kid, service_url=activity["serviceUrl"])
        return self.client.post("/api/messages", content=json.dumps(activity),
                                headers={"Authorization": f"Bearer {bearer}"})

    def cards(self) -> list:
        return [r for r in self.microsoft.activities() if r.method == "POST" and r.body.get("attachments")]

    def texts(self) -> list[str]:
        return [r.body["text"] for r in self.microsoft.activities() if r.body.get("text")]

    def updates(self, ref: str | None = None) -> list[Update]:
        with Session(self.engine) as session:
            rows = session.exec(select(Update, Action).join(Action, Action.id == Update.action_id)
                                .where(Update.kind != "import")).all()
            return [u for u, a in rows if ref is None or a.ref == ref]

    def action_id(self, ref: str) -> int:
        with Session(self.engine) as session:
            found = session.exec(select(Action.id).where(Action.ref == ref)).one()
            assert found is not None
            return found


@pytest.fixture
def world(engine, tmp_path, microsoft, sue) -> World:
    return World(engine, tmp_path, microsoft, sue)


def test_install_request_reply_in_words_confirmation(world: World):
    sue = world.sue
    assert world.post(sue.install()).status_code == 200
    first = run_cycle(chaser=world.chaser, plan_name="jar").summary()
    again = run_cycle(chaser=world.chaser, plan_name="jar").summary()
    print(first)
    assert "Sue Fiennes <" + sue.aad + "> by teams" in first and "0 request(s) sent now, 3 sent earlier" in again
    [card] = world.cards()  # exactly one card per round, in Sue's personal chat
    assert card.path == f"/teams/v3/conversations/{sue.conversation}/activities"
    refs = [b["items"][0]["text"].split(":")[0] for b in card.body["attachments"][0]["content"]["body"]
            if b["type"] == "Container"]
    assert refs == ["7.4", "7.6"]

    words = sue.message("7.4 is complete, signed off on 9 June", id="m-1", timestamp=STAMP)
    assert world.post(words).status_code == 200
    [update] = world.updates()
    assert update.status == "complete" and update.channel == "teams" and "signed off" in update.text
    confirmation = world.microsoft.activities()[-1]
    assert confirmation.path == f"/teams/v3/conversations/{sue.conversation}/activities"
    assert "7.4" in confirmation.body["text"]
    print(confirmation.body["text"])

    # Teams retries the same activity: stored once, recorded once, confirmed once.
    sent = len(world.microsoft.activities())
    assert world.post(words).status_code == 200
    assert len(world.updates()) == 1 and len(world.microsoft.activities()) == sent


def test_a_card_submit_records_one_update_redraws_the_card_and_confirms(world: World):
    sue = world.sue
    world.post(sue.joined())
    run_cycle(chaser=world.chaser, plan_name="jar")
    [card] = world.cards()
    card_id = "1:activity-1"
    six = world.action_id("7.6")
    value = {"action_id": six, "ref": "7.6", "status": "delayed", f"revised_date-{six}": "2006-09-30",
             f"note-{six}": "Capital allocation now expected in August"}
    submit = sue.submit(value, reply_to=card_id, id="s-1", timestamp=STAMP)
    assert world.post(submit).status_code == 200
    [update] = world.updates("7.6")
    assert update.status == "delayed" and str(update.expected_by) == "2006-09-30" and update.kind == "quick"
    edit = next(r for r in world.microsoft.activities() if r.method == "PUT")
    assert edit.path.endswith(f"/activities/{card_id}")
    content = edit.body["attachments"][0]["content"]
    headline = [b["text"] for b in content["body"] if b["type"] == "TextBlock"][1]
    assert "recorded 7.6 delayed" in headline
    assert [b["items"][0]["text"][:3] for b in content["body"] if b["type"] == "Container"] == ["7.4"]
    assert any("7.6" in t for t in world.texts())  # the confirmation in the chat
    # The submit replayed (a Teams retry): nothing new.
    sent = len(world.microsoft.activities())
    assert world.post(submit).status_code == 200
    assert len(world.updates()) == 1 and len(world.microsoft.activities()) == sent


def test_a_submit_about_someone_elses_action_records_nothing(world: World):
    world.post(world.sue.install())
    run_cycle(chaser=world.chaser, plan_name="jar")
    housing = world.action_id("7.5")  # Jane Jones's action
    world.post(world.sue.submit({"action_id": housing, "status": "complete"}, reply_to="1:activity-1",
                                timestamp=STAMP))
    assert world.updates() == []


def test_throttled_then_sent_once(world: World):
    world.post(world.sue.install())
    world.microsoft.fail_next(429, {"Retry-After": "0"})
    summary = run_cycle(chaser=world.chaser, plan_name="jar").summary()
    assert "by teams" in summary
    assert len(world.microsoft.activities()) == 2 and len(world.cards()) == 2  # the refused try, then the card
    run_cycle(chaser=world.chaser, plan_name="jar")
    assert len(world.cards()) == 2


def test_forbidden_falls_back_to_email_until_they_write_again(world: World):
    sue = world.sue
    world.post(sue.install())
    world.microsoft.fail_next(403)
    summary = run_cycle(chaser=world.chaser, plan_name="jar").summary()
    assert "by email (instead of teams" in summary
    [mail] = [m for m in outbox(world.chaser) if m["To"] == "sue.fiennes@herefordshire.example"]
    assert "Apps > Built for your org > Chaser" in mail.get_body(("plain",)).get_content()
    with Session(world.engine) as session:
        assert not session.exec(select(TeamsConversation)).one().reachable
    world.post(sue.message("thanks", timestamp=STAMP))  # she writes to the bot: reachable again
    with Session(world.engine) as session:
        assert session.exec(select(TeamsConversation)).one().reachable


def test_a_lead_without_the_app_gets_the_request_by_email_with_how_to_add_it(world: World):
    summary = run_cycle(chaser=world.chaser, plan_name="jar").summary()
    assert "by email (instead of teams" in summary and world.microsoft.activities() == []
    [mail] = [m for m in outbox(world.chaser) if m["To"] == "sue.fiennes@herefordshire.example"]
    assert "add the Chaser app in Microsoft Teams" in mail.get_body(("plain",)).get_content()


@pytest.mark.parametrize("forgery", ["wrong_key", "wrong_audience", "wrong_issuer", "expired", "service_url"])
def test_forged_tokens_change_nothing(world: World, forgery: str):
    sue, ms = world.sue, world.microsoft
    kwargs = {"key": ms.key, "kid": ms.kid, "service_url": sue.service_url}
    kwargs |= {"wrong_key": {"key": new_key()}, "wrong_audience": {"audience": "00000000-0000-0000-0000-0000000000aa"},
               "wrong_issuer": {"issuer": "https://login.microsoftonline.com/evil/v2.0"},
               "expired": {"expires_in": -600},
               "service_url": {"service_url": "https://smba.trafficmanager.net/emea/"}}[forgery]
    forged = token(**kwargs)
    run_cycle(chaser=world.chaser, plan_name="jar")
    for activity in (sue.install(), sue.message("7.4 complete", timestamp=STAMP),
                     sue.submit({"action_id": world.action_id("7.4"), "status": "complete"}, reply_to="x")):
        assert world.post(activity, bearer=forged).status_code == 401
    response = world.client.post("/api/messages", content=json.dumps(sue.message("hi")))  # no token at all
    assert response.status_code == 401
    with Session(world.engine) as session:
        assert session.exec(select(InboundMessage)).all() == []
        assert session.exec(select(TeamsConversation)).all() == []
    assert world.updates() == [] and ms.activities() == []


def test_chaser_serve_answers_on_api_messages_outside_the_web_sign_in(world: World):
    """The same endpoint as mounted by `chaser serve` (bot.service_runner.asgi_app), beside the web app."""
    served = TestClient(asgi_app(world.chaser))
    install = world.sue.install()
    signed = token(key=world.microsoft.key, kid=world.microsoft.kid, service_url=install["serviceUrl"])
    refused = served.post("/api/messages", content=json.dumps(install), follow_redirects=False)
    assert refused.status_code == 401  # not a redirect to the sign-in page, and nothing stored
    accepted = served.post("/api/messages", content=json.dumps(install), headers={"Authorization": f"Bearer {signed}"},
                           follow_redirects=False)
    assert accepted.status_code == 200
    run_cycle(chaser=world.chaser, plan_name="jar")
    assert len(world.cards()) == 1


def test_a_lead_links_their_teams_account_with_a_one_time_code_then_gets_cards(world: World):
    from bot.linking import issue_code
    from store.db import transaction

    jane = TeamsUser(aad="0b6e1c4a-aaaa-4bbb-8ccc-000000000002", name="Jane Jones",
                     service_url=world.microsoft.service_url)
    with transaction(world.engine) as session:
        person = session.exec(select(Person).where(Person.name == "Jane Jones")).one()
        code = issue_code(session, person=person, channel="teams", now=NOW)
    world.post(jane.install())
    world.post(jane.message("what is overdue?", timestamp=STAMP))  # not linked: a polite explanation, no data
    assert "7.5" not in world.texts()[-1]
    world.post(jane.message(f"link {code}", timestamp=STAMP))
    with Session(world.engine) as session:
        assert session.exec(select(Person).where(Person.name == "Jane Jones")).one().teams_id == jane.aad
    run_cycle(chaser=world.chaser, plan_name="jar")
    # Her channel is blank (the first chat account she has): her request came as a card.
    assert [c.path for c in world.cards() if jane.conversation in c.path]
