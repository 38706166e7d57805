"""The forms: CSRF on every POST, the lead's update through the service, the Ask box and the reports."""

from __future__ import annotations

import logging
import sys
import types
from dataclasses import dataclass, field
from typing import Any

import pytest
from starlette.routing import Route

from adapters.web.app import RedactSigninTokens
from bot.ports import OutboundMessage
from tests.web.conftest import csrf_of, sign_in

ALICE = "alice.adams@council.example"
CAROL = "carol.cole@council.example"


@dataclass
class FakeService:
    """Stands in for bot.inbound.service until the cycle branch is merged: records what the web hands it."""

    reply: str = "Thanks — recorded: 7.2 delayed, now expected by 31 Jul 2006. Reply UNDO to reverse."
    fail: bool = False
    calls: list[dict[str, Any]] = field(default_factory=list)

    def handle_inbound(self, *, chaser, message):
        self.calls.append({"chaser": chaser, "message": message})
        if self.fail:
            raise RuntimeError("database said: alice.adams@council.example is locked")
        return [OutboundMessage(channel="web", recipient=message.sender, subject="", text=self.reply)]


@pytest.fixture
def service(monkeypatch):
    fake = FakeService()
    module = types.ModuleType("bot.inbound.service")
    module.handle_inbound = fake.handle_inbound  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "bot.inbound.service", module)
    return fake


def post_routes(app) -> list[str]:
    paths = []
    for route in app.routes:
        if isinstance(route, Route) and "POST" in (route.methods or set()):
            paths.append(route.path.replace("{action_id:int}", "1").replace("{token}", "x")
                         .replace("{person_id:int}", "1").replace("{kind}", "plan")
                         .replace("{plan_id:int}", "1").replace("{key}", "CH142"))
    return paths


def test_every_post_form_without_or_with_a_wrong_csrf_token_is_refused(client, chaser, world, service):
    sign_in(client, chaser, ALICE)
    paths = post_routes(client.app)
    assert {"/signin", "/signin/x", "/signout", "/actions/1/update", "/ask"} <= set(paths)
    for path in paths:
        assert client.post(path, data={"text": "done", "question": "q"}).status_code == 403, path
        assert client.post(path, data={"csrf_token": "wrong", "text": "done"}).status_code == 403, path
    assert service.calls == []
    assert client.get("/").status_code == 200  # still signed in: the refused sign-out did nothing


def test_every_post_form_is_refused_without_its_csrf_token_for_the_coordinator_too(client, chaser, world, service):
    sign_in(client, chaser, "carol.cole@council.example")
    paths = post_routes(client.app)
    expected = {"/setup", "/setup/example", "/upload/plan", "/upload-confirm", "/people/1/invite", "/answer/x"}
    assert expected <= set(paths)
    for path in paths:
        assert client.post(path, data={"text": "done", "channel": "slack"}).status_code == 403, path
        assert client.post(path, data={"csrf_token": "wrong", "channel": "slack"}).status_code == 403, path
    assert service.calls == []
    assert "Link your" not in "".join(p.read_text() for p in chaser.settings.outbox_dir.glob("*.eml"))


def test_a_csrf_token_from_another_session_is_refused(app, chaser, world):
    from starlette.testclient import TestClient

    with TestClient(app, follow_redirects=False) as other:
        foreign = csrf_of(other.get("/signin").text)
    with TestClient(app, follow_redirects=False) as client:
        client.get("/signin")
        assert client.post("/signin", data={"email": ALICE, "csrf_token": foreign}).status_code == 403


def test_the_lead_sends_an_update_through_the_service_and_sees_its_confirmation(client, chaser, world, service):
    sign_in(client, chaser, ALICE)
    page = client.get(f"/actions/{world.actions['7.2']}")
    assert '<label for="text">' in page.text
    words = "Held up by legal <again>;\nnow end of July."
    form = {"text": words, "csrf_token": csrf_of(page.text)}
    sent = client.post(f"/actions/{world.actions['7.2']}/update", data=form)
    assert sent.status_code == 303 and sent.headers["location"] == f"/actions/{world.actions['7.2']}"
    [call] = service.calls
    message = call["message"]
    assert call["chaser"] is chaser
    assert (message.channel, message.sender, message.text) == ("web", "Alice Adams", words)
    assert message.written_at == chaser.clock.now()
    assert message.headers == {"action_ref": "7.2", "plan": "jar"}
    assert len(message.message_id) == 36  # a uuid4: each submit is its own message
    shown = client.get(sent.headers["location"]).text
    assert "Thanks — recorded: 7.2 delayed, now expected by 31 Jul 2006." in shown
    assert "Thanks — recorded" not in client.get(sent.headers["location"]).text  # shown once


@pytest.mark.parametrize(("who", "ref"), [(CAROL, "7.2"), ("bob.brown@council.example", "8.1")])
def test_only_the_lead_may_send_an_update(client, chaser, world, service, who, ref):
    sign_in(client, chaser, who)  # the coordinator, and Bob who has a major role in 8.1 but does not lead it
    page = client.get(f"/actions/{world.actions[ref]}")
    assert page.status_code == 200 and "Send an update" not in page.text
    form = {"text": "done", "csrf_token": csrf_of(page.text)}
    refused = client.post(f"/actions/{world.actions[ref]}/update", data=form)
    assert refused.status_code == 403 and "Only this action&#39;s lead" in refused.text
    assert service.calls == []


def test_a_lead_cannot_update_someone_elses_action(client, chaser, world, service):
    sign_in(client, chaser, ALICE)
    token = csrf_of(client.get("/").text)
    assert client.post(f"/actions/{world.actions['7.3']}/update",
                       data={"text": "done", "csrf_token": token}).status_code == 404
    led = client.post(f"/actions/{world.actions['8.1']}/update", data={"text": "8.1: blocked", "csrf_token": token})
    assert led.status_code == 303
    assert service.calls[0]["message"].headers["action_ref"] == "8.1"


def test_an_empty_update_is_refused_politely(client, chaser, world, service):
    sign_in(client, chaser, ALICE)
    token = csrf_of(client.get("/").text)
    for blank in ("  ", "7.2: "):  # the form starts with the ref; the ref alone is no update
        empty = client.post(f"/actions/{world.actions['7.2']}/update", data={"text": blank, "csrf_token": token})
        assert empty.status_code == 400 and "Write your update in the box first." in empty.text
    assert service.calls == []


def test_a_failing_service_keeps_the_words_and_logs_nothing_personal(client, chaser, world, service, caplog):
    service.fail = True
    sign_in(client, chaser, ALICE)
    token = csrf_of(client.get("/").text)
    with caplog.at_level(logging.INFO):
        failed = client.post(f"/actions/{world.actions['7.2']}/update",
                             data={"text": "Signed off <today>", "csrf_token": token})
    assert failed.status_code == 503
    assert "could not record that update" in failed.text
    assert "Signed off &lt;today&gt;</textarea>" in failed.text
    assert "RuntimeError" in caplog.text and "alice.adams" not in caplog.text and "Signed off" not in caplog.text


@dataclass
class FakeAnswer:
    text: str
    refs: list[str]

    def to_json(self) -> dict[str, Any]:
        return {"intent": "overdue", "filters": {}, "actions": self.refs, "answer": self.text}


def test_the_ask_box_shows_the_whole_answer_with_links(client, chaser, world, monkeypatch):
    asked = []

    def answer_question(*, chaser, question, plan_name=None, asker=None, brief=True):
        asked.append((question, plan_name, asker, brief))
        lines = ["30 actions are overdue:"] + [f"- 7.{i} something <late>" for i in range(1, 31)]
        return FakeAnswer(text="\n".join(lines), refs=["7.2", "7.3", "9.9"])

    monkeypatch.setitem(sys.modules, "bot.answers.questions", types.SimpleNamespace(answer_question=answer_question))
    sign_in(client, chaser, ALICE)
    page = client.get("/ask")
    answered = client.post("/ask", data={"question": "what's overdue?", "plan": "", "csrf_token": csrf_of(page.text)})
    assert answered.status_code == 200
    assert asked == [("what's overdue?", None, "Alice Adams", False)]
    assert "- 7.30 something &lt;late&gt;" in answered.text  # the whole list, escaped
    assert f'<a href="/actions/{world.actions["7.2"]}">7.2</a>' in answered.text
    assert f'/actions/{world.actions["7.3"]}"' not in answered.text  # Bob's: no link for Alice


def test_reports_render_inline_as_html_and_download_as_docx(client, chaser, world, monkeypatch):
    calls = []

    def build_elsewhere(*, engine, settings, kind, plan_name, today, since=None, formats):
        (fmt,) = formats
        calls.append((kind, plan_name, fmt, since))
        content = b"<html><body>Exceptions for jar</body></html>" if fmt == "html" else b"PK\x03\x04docx"
        return types.SimpleNamespace(title="", as_at="", content={fmt: content})

    # (the report process: built there, out of the web app's and the scheduler's interpreter)
    monkeypatch.setitem(sys.modules, "reports.process", types.SimpleNamespace(build_elsewhere=build_elsewhere))
    sign_in(client, chaser, CAROL)
    listing = client.get("/reports").text
    assert f'href="/reports/{world.plan}/summary.docx"' in listing
    html = client.get(f"/reports/{world.plan}/exceptions.html?since=2006-06-01")
    assert html.status_code == 200 and html.text == "<html><body>Exceptions for jar</body></html>"
    assert html.headers["content-type"].startswith("text/html")
    docx = client.get(f"/reports/{world.plan}/progress.docx")
    assert docx.content == b"PK\x03\x04docx"
    assert docx.headers["content-disposition"] == 'attachment; filename="jar-progress-2006-06-14.docx"'
    from datetime import date

    assert calls == [("exceptions", "jar", "html", date(2006, 6, 1)), ("progress", "jar", "docx", None)]
    assert client.get(f"/reports/{world.plan}/secret.html").status_code == 404
    bad = client.get(f"/reports/{world.plan}/summary.html?since=01/06/2006")
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.text


def test_an_unexpected_error_is_a_friendly_500_and_logs_only_its_type(client, chaser, world, monkeypatch, caplog):
    from adapters.web import viewmodels

    def broken(**_kwargs):
        raise RuntimeError("SELECT ... params=('alice.adams@council.example',)")

    monkeypatch.setattr(viewmodels, "dashboard", broken)
    sign_in(client, chaser, ALICE)
    with caplog.at_level(logging.INFO):
        page = client.get("/")
    assert page.status_code == 500
    assert "Something went wrong on our side" in page.text and "SELECT" not in page.text
    assert "RuntimeError on GET /" in caplog.text and "alice.adams" not in caplog.text


def test_sign_in_tokens_are_kept_out_of_the_access_log():
    record = logging.LogRecord("uvicorn.access", logging.INFO, "", 0, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5000", "GET", "/signin/eyJwIjoxfQ.ZZ.abc?x=1", "1.1", 200), None)
    RedactSigninTokens().filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "GET /signin/[redacted]?x=1 HTTP/1.1" 200'
