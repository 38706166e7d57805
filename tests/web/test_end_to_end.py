"""The web app with the real service, questions and reports behind it (no stand-ins)."""

from __future__ import annotations

import pytest

from tests.web.conftest import csrf_of, sign_in, sign_out

ALICE = "alice.adams@council.example"
CAROL = "carol.cole@council.example"


@pytest.fixture
def extractor_ready(chaser):
    """The real NLP layer (spaCy); skipped only if the model is not installed on this machine."""
    from nlp import extract

    try:
        extract("7.2 done", today=chaser.clock.now().date())
    except OSError as exc:  # pragma: no cover - spaCy model missing
        pytest.skip(f"spaCy model not installed: {exc}")


def test_a_lead_records_progress_from_the_action_page(client, chaser, world, extractor_ready):
    sign_in(client, chaser, ALICE)
    path = f"/actions/{world.actions['7.2']}"
    page = client.get(path)
    words = "7.2: completed on 12 June, signed off by the board."
    sent = client.post(f"{path}/update", data={"text": words, "csrf_token": csrf_of(page.text)})
    assert sent.status_code == 303
    after = client.get(path).text
    assert "Thanks — recorded: 7.2 complete (12 Jun 2006)." in after
    assert "<h3>14 Jun 2006 10:00: Alice Adams, by web</h3>" in after
    assert f'<blockquote class="words">{words}</blockquote>' in after
    assert "<dt>Status</dt><dd>Complete</dd>" in after
    assert "Green (on track or complete)</span>: complete" in after


def test_a_message_the_service_could_not_apply_is_not_called_recorded(client, chaser, world, monkeypatch):
    def broken_extractor(text, *, today):
        raise RuntimeError("model failed")

    chaser.extras["extractor"] = broken_extractor  # the service isolates the failure and marks the message failed
    sign_in(client, chaser, ALICE)
    path = f"/actions/{world.actions['7.2']}"
    sent = client.post(f"{path}/update", data={"text": "7.2: done", "csrf_token": csrf_of(client.get(path).text)})
    assert sent.status_code == 303
    after = client.get(path).text
    assert "Not recorded" in after and "nothing on this action has changed" in after
    assert "<dt>Status</dt><dd>In progress</dd>" in after


def test_the_ask_box_answers_from_the_store_within_the_askers_access(client, chaser, world):
    sign_in(client, chaser, ALICE)
    token = csrf_of(client.get("/ask").text)
    blocked = client.post("/ask", data={"question": "what's blocked?", "csrf_token": token}).text
    assert "8.1 Train all staff in the new thresholds" in blocked
    assert f'<a href="/actions/{world.actions["8.1"]}">8.1</a>' in blocked
    for question in ("what's delayed?", "how is 7.3 going?"):  # 7.3 is Bob's, delayed: not Alice's to see
        answer = client.post("/ask", data={"question": question, "csrf_token": token}).text
        assert "Review the placements budget" not in answer
        assert f'/actions/{world.actions["7.3"]}"' not in answer
    sign_out(client)
    sign_in(client, chaser, CAROL)
    delayed = client.post("/ask", data={"question": "what's delayed?", "csrf_token": csrf_of(client.get("/ask").text)})
    assert "7.3 Review the placements budget" in delayed.text


def test_the_coordinator_reads_real_reports(client, chaser, world):
    sign_in(client, chaser, CAROL)
    html = client.get(f"/reports/{world.plan}/progress.html")
    assert html.status_code == 200 and "<title>JAR Action Plan: progress report</title>" in html.text
    assert "Agree the joint commissioning strategy" in html.text
    assert "&lt;script&gt;" in html.text and "<script>" not in html.text
    assert "style-src 'unsafe-inline'" in html.headers["content-security-policy"]
    docx = client.get(f"/reports/{world.plan}/exceptions.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_a_director_who_also_leads_records_progress_not_a_question(client, chaser, world, extractor_ready):
    from sqlmodel import Session, select

    from store.models import Person

    with Session(chaser.engine) as s:
        alice = s.exec(select(Person).where(Person.name == "Alice Adams")).one()
        alice.roles = ["lead", "director"]
        s.add(alice)
        s.commit()
    sign_in(client, chaser, ALICE)
    path = f"/actions/{world.actions['7.2']}"
    page = client.get(path)
    sent = client.post(f"{path}/update", data={"text": "7.2: signed off by the board on 12 June.",
                                              "csrf_token": csrf_of(page.text)})
    assert sent.status_code == 303
    assert "Thanks — recorded: 7.2 complete (12 Jun 2006)." in client.get(path).text
