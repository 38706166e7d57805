"""One-tap answers from a request email: signed links, a GET that changes nothing, one update per confirm."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import pytest
from sqlmodel import Session, col, func, select

from bot.cycle.round import run_cycle
from store.models import Action, InboundMessage, Request, Update
from tests.web.conftest import answer_links_for, csrf_of, outbox_texts

ALICE = "alice.adams@council.example"
BOB = "Bob.Brown@council.example"


@pytest.fixture
def links(chaser, world) -> dict[str, str]:
    run_cycle(chaser=chaser, plan_name="jar")
    return {k: v.removeprefix("http://testserver") for k, v in
            answer_links_for(chaser.settings.outbox_dir, ALICE).items()}


def counts(engine) -> tuple[int, int]:
    with Session(engine) as s:
        return (s.exec(select(func.count()).select_from(Update)).one(),
                s.exec(select(func.count()).select_from(InboundMessage)).one())


def action(engine, ref: str) -> Action:
    with Session(engine) as s:
        return s.exec(select(Action).where(Action.ref == ref)).one()


def form_of(html: str) -> dict[str, str]:
    import re

    return {"csrf_token": csrf_of(html), "form_id": re.search(r'name="form_id" value="([^"]+)"', html).group(1)}


def test_the_request_email_carries_signed_links_for_each_choice(chaser, links):
    assert set(links) == {"7.2 Done", "7.2 On track", "7.2 Delayed", "7.2 Blocked", "7.2 Update...",
                          "8.1 Done", "8.1 On track", "8.1 Delayed", "8.1 Blocked", "8.1 Update...", "page"}
    assert links["7.2 Done"].startswith(links["page"] + "/") and links["7.2 Done"].endswith("/complete")
    [html] = [p for p in (chaser.settings.outbox_dir).glob("*.eml") if b"alice.adams" in p.read_bytes()]
    assert b"Update&hellip;</a>" in html.read_bytes()


def test_opening_a_link_changes_nothing_and_confirm_records_one_update(client, chaser, links):
    before = counts(chaser.engine)
    page = client.get(links["7.2 Done"])
    page_again = client.get(links["7.2 Done"])  # a mail scanner, then the person: still nothing recorded
    assert page.status_code == page_again.status_code == 200
    assert 'value="complete" checked' in page.text and "Confirm your answer" in page.text
    assert "Bob" not in page.text and "7.3" not in page.text  # nothing of anyone else's
    assert counts(chaser.engine) == before and action(chaser.engine, "7.2").status == "in_progress"

    form = form_of(page.text) | {f"status-{action(chaser.engine, '7.2').id}": "complete"}
    done = client.post(links["page"], data=form)
    assert done.status_code == 200 and "7.2: Done" in done.text
    again = client.post(links["page"], data=form)  # a double submit of the same form
    assert again.status_code == 200 and "already recorded" in again.text
    with Session(chaser.engine) as s:
        updates = list(s.exec(select(Update).where(Update.action_id == action(chaser.engine, "7.2").id,
                                                   Update.channel == "web")))
        stored = s.exec(select(InboundMessage).where(InboundMessage.channel == "web")).one()
        request = s.get(Request, stored.request_id)
    assert len(updates) == 1 and updates[0].status == "complete"
    assert action(chaser.engine, "7.2").status == "complete"
    assert json.loads(stored.raw)["form_id"] == form["form_id"] and "csrf_token" not in stored.raw
    assert request is not None and request.replied_at is not None
    # 7.2 is done, so the same link (or Back after confirming) has nothing to ask about it, and says so
    for link in (links["7.2 Done"], links["7.2 On track"], links["7.2 Update..."]):
        closed = client.get(link)
        assert closed.status_code == 200 and "7.2 is already recorded as done" in closed.text
        assert "Confirm</button>" not in closed.text and "Reply UNDO" in closed.text
        assert "Answer your other open actions in this round (1)" in closed.text  # 8.1 is still open
    assert counts(chaser.engine) == (before[0] + 1, before[1] + 1)  # and opening them recorded nothing


def test_the_round_page_says_what_to_do_and_the_thanks_page_promises_nothing_it_lacks(client, chaser, links):
    page = client.get(links["page"])
    assert "then press <strong>Confirm</strong> at the end of the page" in page.text
    assert "actions you leave blank stay as they are" in page.text
    form = form_of(page.text) | {f"status-{action(chaser.engine, '8.1').id}": "in_progress"}
    done = client.post(links["page"], data=form)
    assert done.status_code == 200 and "8.1: On track" in done.text
    assert "answer again below" not in done.text and "Reply UNDO to your request email" in done.text


def test_the_update_page_takes_a_date_percent_and_note_for_several_actions(client, chaser, links):
    page = client.get(links["page"])
    ids = {ref: action(chaser.engine, ref).id for ref in ("7.2", "8.1")}
    data = form_of(page.text) | {f"status-{ids['7.2']}": "delayed", f"expected_by-{ids['7.2']}": "2006-08-31",
                                 f"percent-{ids['7.2']}": "60", f"note-{ids['7.2']}": "Waiting on legal",
                                 f"status-{ids['8.1']}": "in_progress"}
    assert client.post(links["page"], data=data).status_code == 200
    a72, a81 = action(chaser.engine, "7.2"), action(chaser.engine, "8.1")
    assert (a72.status, str(a72.expected_by), a72.percent_complete) == ("delayed", "2006-08-31", 60)
    assert a81.status == "in_progress"


def test_bad_fields_are_named_and_nothing_is_recorded(client, chaser, links):
    before = counts(chaser.engine)
    page = client.get(links["page"])
    a72 = action(chaser.engine, "7.2").id
    bad = client.post(links["page"], data=form_of(page.text) | {f"percent-{a72}": "140"})
    assert bad.status_code == 400 and "7.2: percent complete must be a whole number from 0 to 100" in bad.text
    empty = client.post(links["page"], data=form_of(page.text))
    assert empty.status_code == 400 and "Choose an answer" in empty.text
    no_csrf = client.post(links["page"], data={"form_id": form_of(page.text)["form_id"], f"status-{a72}": "complete"})
    assert no_csrf.status_code == 403
    assert counts(chaser.engine) == before


def test_another_leads_action_or_an_altered_link_is_refused(client, chaser, world, links):
    bobs = world.actions["7.3"]
    page = client.get(links["page"])
    token = links["page"].rsplit("/", 1)[1]
    assert client.get(f"/answer/{token}/{bobs}/complete").status_code == 404
    sneaky = client.post(links["page"], data=form_of(page.text) | {f"status-{bobs}": "complete"})
    assert sneaky.status_code == 400 and action(chaser.engine, "7.3").status == "delayed"
    # the same link with Bob's person id in place of Alice's: the signature no longer matches
    payload, signature = token.split(".")
    forged = base64.urlsafe_b64encode(
        json.dumps({"r": 1, "p": world.people["bob"]}, separators=(",", ":")).encode()).decode().rstrip("=")
    altered = client.get(f"/answer/{forged}.{signature}")
    assert altered.status_code == 404 and "not valid" in altered.text
    cut = client.get(f"/answer/{payload}.{signature[:-2]}xx")
    assert cut.status_code == 404
    # a lead has no dashboard: the page says the link does not work and what to do instead
    assert "This link does not work" in cut.text and "reply to that email" in cut.text
    assert "Go to your dashboard" not in cut.text and "Page not found" not in cut.text


def test_a_link_cut_or_changed_on_its_way_still_speaks_to_the_lead(client, chaser, links):
    before = counts(chaser.engine)
    # the choice's word cut short: the action is shown to choose from, nothing chosen or recorded
    cut_choice = client.get(links["7.2 Done"].removesuffix("lete"))
    assert cut_choice.status_code == 200 and "7.2" in cut_choice.text and " checked" not in cut_choice.text
    # anything else under the link: "this link does not work" with what to do, never the sign-in page
    for tail in ("/x", "/72x/complete", "/7/complete/more"):
        page = client.get(links["page"] + tail, follow_redirects=False)
        assert page.status_code == 404, tail
        assert "This link does not work" in page.text and "reply to that email" in page.text
        assert "Sign in" not in page.text
    assert counts(chaser.engine) == before
    # the browser's own request for an icon, with the first page a lead opens: no detour to the sign-in page
    assert client.get("/favicon.ico", follow_redirects=False).status_code == 204


def test_a_link_expires_with_its_request(client, chaser, links):
    with Session(chaser.engine) as s:
        expires = s.exec(select(Request.expires_at).order_by(col(Request.id))).first()
    chaser.clock.set(expires + timedelta(minutes=1))
    page = client.get(links["7.2 Done"])
    assert page.status_code == 410 and "expired" in page.text


def test_answer_links_need_no_sign_in_but_show_only_that_lead(client, chaser, links):
    bob = {k: v.removeprefix("http://testserver") for k, v in
           answer_links_for(chaser.settings.outbox_dir, BOB).items()}
    page = client.get(bob["page"]).text
    assert "Bob Brown" in page and "7.3" in page and "7.2" not in page and "Alice" not in page
    assert any(to == BOB for to, _, _ in outbox_texts(chaser.settings.outbox_dir))


def test_the_access_log_never_shows_answer_or_setup_tokens():
    from adapters.web.app import RedactSigninTokens

    assert RedactSigninTokens._redact('"GET /answer/eyJyIjoxfQ.sig/12/complete HTTP/1.1" 200') == \
        '"GET /answer/[redacted]/12/complete HTTP/1.1" 200'
    assert RedactSigninTokens._redact('"GET /setup?token=abc.def HTTP/1.1"') == '"GET /setup?token=[redacted] HTTP/1.1"'
