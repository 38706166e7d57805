"""First run: the empty database explains itself, the setup link makes the first coordinator, the example loads."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session, col, func, select

from adapters.web.auth import signing_secret
from adapters.web.first_run import setup_token
from adapters.web.launch import example_lines, setup_lines
from store.models import Person, Plan, Request
from tests.web.conftest import TestClient, create_app, csrf_of, outbox_texts


@pytest.fixture
def empty_client(chaser):
    with TestClient(create_app(chaser=chaser), follow_redirects=False) as c:
        yield c


def setup_url(chaser) -> str:
    [line] = setup_lines(chaser=chaser)
    found = re.search(r"http://testserver(/setup\?token=\S+)$", line)
    assert found, line
    return found.group(1)


def test_an_empty_database_says_what_to_do(empty_client, chaser):
    page = empty_client.get("/")
    assert page.status_code == 200 and "Welcome to Chaser" in page.text and "setup link" in page.text
    assert setup_lines(chaser=chaser)[0].startswith("Chaser has no people yet. To set it up, open http://testserver/setup?token=")


def test_the_setup_link_makes_the_first_coordinator_once(empty_client, chaser):
    assert empty_client.get("/setup?token=wrong").status_code == 403
    url = setup_url(chaser)
    form = empty_client.get(url)
    assert form.status_code == 200 and "Your name" in form.text
    token = url.split("=", 1)[1]
    blank = empty_client.post("/setup", data={"csrf_token": csrf_of(form.text), "token": token, "name": " ",
                                              "email": "c@x.example"})
    assert blank.status_code == 400 and "Your name" in blank.text
    done = empty_client.post("/setup", data={"csrf_token": csrf_of(form.text), "token": token, "name": "Cara Coord",
                                             "email": "cara@council.example"})
    assert done.status_code == 303 and done.headers["location"] == "/setup/start"
    start = empty_client.get("/setup/start")
    assert "Load the example" in start.text and "Upload a plan" in start.text
    with Session(chaser.engine) as s:
        [person] = s.exec(select(Person)).all()
    assert (person.name, person.roles) == ("Cara Coord", ["coordinator"])
    assert setup_lines(chaser=chaser) == []  # closed: `chaser serve` prints no setup link any more
    assert empty_client.get(f"/setup?token={setup_token(signing_secret(chaser.settings))}").status_code == 410
    second = empty_client.post("/setup", data={"csrf_token": csrf_of(start.text), "token": token, "name": "Mallory",
                                               "email": "m@evil.example"})
    assert second.status_code == 410
    with Session(chaser.engine) as s:
        assert s.exec(select(func.count()).select_from(Person)).one() == 1


def test_loading_the_example_fills_the_dashboard_and_the_outbox(empty_client, chaser):
    url = setup_url(chaser)
    form = empty_client.get(url)
    empty_client.post("/setup", data={"csrf_token": csrf_of(form.text), "token": url.split("=", 1)[1],
                                      "name": "Cara Coord", "email": "cara@council.example"})
    start = empty_client.get("/setup/start")
    loaded = empty_client.post("/setup/example", data={"csrf_token": csrf_of(start.text)})
    assert loaded.status_code == 303 and loaded.headers["location"] == "/"
    page = empty_client.get("/").text
    assert "imported plan &#39;overall-2006&#39;" in page and "Herefordshire Council" in page
    assert re.search(r"<strong>\d+</strong> overdue", page) and "not replied this round" in page
    requests = [t for _, subject, t in outbox_texts(chaser.settings.outbox_dir) if subject.startswith("Progress")]
    assert len(requests) == 8 and all("Answer with one tap:" in t for t in requests)


def test_serve_example_prints_where_to_click(chaser):
    lines = example_lines(chaser=chaser)
    text = "\n".join(lines)
    assert "imported 8 people" in text and "63 actions" in text and "8 request(s) sent now" in text
    assert re.search(r"as the coordinator Tony Geeson .*\n  http://testserver/signin/\S+", text)
    assert re.search(r"as the lead \w+ \w+ .*\n  http://testserver/answer/\S+", text)
    assert text.endswith("Outbox page: http://testserver/outbox")
    again = "\n".join(example_lines(chaser=chaser))  # a second run asks nobody twice
    assert "0 request(s) sent now, 8 sent earlier" in again
    with Session(chaser.engine) as s:
        assert s.exec(select(func.count()).select_from(Request)).one() == 8
        assert s.exec(select(Plan.name)).all() == ["overall-2006"]
        assert s.exec(select(func.count()).select_from(Person).where(col(Person.placeholder).is_(False))).one() == 8
