"""Sign-in without passwords: the emailed one-time link, expiry, replay, and no account enumeration."""

from __future__ import annotations

import logging
import stat
from datetime import timedelta

from adapters.web.auth import SIGNIN_MINUTES, secret_file, signing_secret
from store.settings import Settings
from tests.web.conftest import csrf_of, outbox_links, request_link, sign_in


def test_link_flow_end_to_end_through_the_outbox(client, chaser):
    assert client.get("/").headers["location"] == "/signin"
    sign_in(client, chaser, "ALICE.ADAMS@council.example ")  # any case, stray spaces
    [(to, link)] = outbox_links(chaser.settings.outbox_dir)
    assert to == "alice.adams@council.example"
    assert link.startswith("http://testserver/signin/")
    [eml] = chaser.settings.outbox_dir.glob("*.eml")
    assert link.encode() in eml.read_bytes()  # whole on one line, as an IT person reading the .eml sees it
    page = client.get("/")
    assert page.status_code == 200
    assert "Signed in as Alice Adams" in page.text


def test_session_cookie_is_signed_httponly_and_lax(client, chaser):
    page = client.get("/signin")
    cookie = page.headers["set-cookie"].lower()
    assert "chaser_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    client.cookies.set("chaser_session", "forged-value")
    assert client.get("/").headers["location"] == "/signin"


def test_unknown_email_gets_the_same_page_and_no_mail(client, chaser, world):
    known = request_link(client, "bob.brown@council.example")
    unknown = request_link(client, "nobody@council.example")
    assert known.status_code == unknown.status_code == 200
    assert known.text == unknown.text
    assert [to for to, _ in outbox_links(chaser.settings.outbox_dir)] == ["Bob.Brown@council.example"]


def test_at_most_one_link_a_minute_per_person(client, chaser, clock):
    for _ in range(3):
        assert request_link(client, "alice.adams@council.example").status_code == 200
    assert len(outbox_links(chaser.settings.outbox_dir)) == 1
    clock.advance(timedelta(minutes=1))
    request_link(client, "alice.adams@council.example")
    assert len(outbox_links(chaser.settings.outbox_dir)) == 2


def test_expired_link_is_refused(client, chaser, clock):
    request_link(client, "alice.adams@council.example")
    [(_, link)] = outbox_links(chaser.settings.outbox_dir)
    path = link.removeprefix("http://testserver")
    page = client.get(path)
    token = csrf_of(page.text)
    clock.advance(timedelta(minutes=SIGNIN_MINUTES, seconds=1))
    assert "has expired" in client.get(path).text
    refused = client.post(path, data={"csrf_token": token})
    assert refused.status_code == 400 and "has expired" in refused.text
    assert client.get("/").headers["location"] == "/signin"


def test_replayed_link_is_refused(client, chaser):
    sign_in(client, chaser, "alice.adams@council.example")
    [(_, link)] = outbox_links(chaser.settings.outbox_dir)
    path = link.removeprefix("http://testserver")
    client.post("/signout", data={"csrf_token": csrf_of(client.get("/").text)})
    assert "already been used" in client.get(path).text
    page = client.get("/signin")
    replay = client.post(path, data={"csrf_token": csrf_of(page.text)})
    assert replay.status_code == 400 and "already been used" in replay.text
    assert client.get("/").headers["location"] == "/signin"


def test_tampered_link_is_refused(client, chaser):
    request_link(client, "alice.adams@council.example")
    [(_, link)] = outbox_links(chaser.settings.outbox_dir)
    path = link.removeprefix("http://testserver")
    tampered = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")
    assert "not valid" in client.get(tampered).text


def test_sign_out_ends_the_session(client, chaser):
    sign_in(client, chaser, "carol.cole@council.example")
    out = client.post("/signout", data={"csrf_token": csrf_of(client.get("/").text)})
    assert out.status_code == 303
    assert client.get("/").headers["location"] == "/signin"


def test_generated_secret_is_kept_0600_and_never_logged(tmp_path, caplog):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'db' / 'chaser.db'}", web_secret=None)
    with caplog.at_level(logging.DEBUG):
        first = signing_secret(settings)
    path = secret_file(settings)
    assert path == tmp_path / "db" / "chaser-web.secret"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert signing_secret(settings) == first and len(first) >= 40
    assert first not in caplog.text
    path.chmod(0o644)  # loosened by hand: Chaser tightens it again
    assert signing_secret(settings) == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_environment_secret_wins(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'chaser.db'}", web_secret="from-the-environment")
    assert signing_secret(settings) == "from-the-environment"
    assert not secret_file(settings).exists()


def test_without_a_mail_server_the_sign_in_pages_say_where_the_link_goes(client, chaser, world):
    from pydantic import SecretStr

    form = client.get("/signin")
    sent = request_link(client, "bob.brown@council.example")
    for page in (form, sent):
        assert "No mail server is set up yet, so the link is not emailed" in page.text
        assert "<code>./outbox/</code> in the folder it was started from" in page.text
        assert "chaser serve --example</code> and start it again" in page.text
    chaser.settings.smtp_url = SecretStr("smtp://127.0.0.1:1")
    assert "No mail server" not in client.get("/signin").text
