"""Sign-out ends the session on the server (a copied cookie stops working), a new sign-in outdates
older sessions, and the sign-in form does the same work for unknown addresses as for known ones."""

from __future__ import annotations

from datetime import timedelta

import adapters.web.routes.signin as signin_pages
from tests.web.conftest import csrf_of, request_link, sign_in


def test_a_copied_cookie_stops_working_after_sign_out(client, chaser):
    sign_in(client, chaser, "carol.cole@council.example")
    stolen = client.cookies.get("chaser_session")
    assert client.get("/").status_code == 200
    assert client.post("/signout", data={"csrf_token": csrf_of(client.get("/").text)}).status_code == 303
    client.cookies.set("chaser_session", stolen)  # the old cookie, replayed (copied earlier, say)
    assert client.get("/").headers["location"] == "/signin"


def test_a_new_sign_in_outdates_the_older_session(app, chaser):
    from starlette.testclient import TestClient

    with TestClient(app, follow_redirects=False) as laptop, TestClient(app, follow_redirects=False) as phone:
        sign_in(laptop, chaser, "carol.cole@council.example")
        assert laptop.get("/").status_code == 200
        chaser.clock.advance(timedelta(minutes=2))  # (one link a minute per person)
        sign_in(phone, chaser, "carol.cole@council.example")
        assert phone.get("/").status_code == 200
        assert laptop.get("/").headers["location"] == "/signin"


def test_sign_in_does_the_same_work_for_unknown_addresses(client, chaser, monkeypatch):
    claims: list[object] = []
    real = signin_pages.claim_signin_email

    def counting(**kwargs):
        claims.append(kwargs["person_id"])
        return real(**kwargs)

    monkeypatch.setattr(signin_pages, "claim_signin_email", counting)
    issued: list[int] = []
    tokens = chaser_tokens(client)
    real_issue = tokens.issue
    monkeypatch.setattr(tokens, "issue", lambda person_id: issued.append(person_id) or real_issue(person_id))
    request_link(client, "bob.brown@council.example")
    request_link(client, "nobody@council.example")
    assert len(claims) == 2 and claims[1] is None  # a claim written for the unknown address too
    assert len(issued) == 2  # and a token signed


def chaser_tokens(client):
    return client.app.state.web.tokens
