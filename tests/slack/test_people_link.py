"""`chaser people link --channel slack`: people matched to Slack accounts by workspace-verified email
address (users.lookupByEmail), with who could not be matched, and a 429 waited out."""

from __future__ import annotations

from sqlmodel import Session, select
from typer.testing import CliRunner

from bot.account_match import link_by_email
from bot.cli import app
from store.models import Person
from tests.slack.conftest import ALICE
from tests.slack.fake_api import BOT_TOKEN


def _slack_ids(engine) -> dict[str, str | None]:
    with Session(engine) as s:
        return {p.name: p.slack_id for p in s.exec(select(Person))}


def test_people_are_linked_by_email_and_the_rest_are_named(slack, vtime):
    slack.fake.emails.update({"bob.brown@council.example": "UBOB000002", "carol.cole@council.example": ALICE})
    slack.fake.fail("users.lookupByEmail", status=429, retry_after=5)
    lines = link_by_email(chaser=slack.chaser, channel="slack")
    assert lines[0] == "1 of 2 linked to Slack accounts by email address"
    assert "linked: Bob Brown <Bob.Brown@council.example> -> UBOB000002" in lines
    assert f"not linked: Carol Cole <carol.cole@council.example> is {ALICE}, already linked to Alice Adams" in lines
    assert _slack_ids(slack.chaser.engine) == {"Alice Adams": ALICE, "Bob Brown": "UBOB000002", "Carol Cole": None}
    asked = [c.params["email"] for c in slack.fake.called("users.lookupByEmail")]
    assert asked == ["Bob.Brown@council.example", "Bob.Brown@council.example", "carol.cole@council.example"]
    assert 5 in vtime.sleeps  # Slack's Retry-After, waited before asking again


def test_the_command_reports_who_was_not_found(fake, tmp_path, monkeypatch):
    people = tmp_path / "people.csv"
    people.write_text("name,aliases,role,email,slack_id,teams_id,telegram_id,channel,timezone,roles\n"
                      "Sue Fiennes,SF,Director,sue@council.example,,,,,Europe/London,lead\n"
                      "Jane Jones,JJ,Head of Housing,jane@council.example,,,,,Europe/London,lead\n", encoding="utf-8")
    fake.emails["sue@council.example"] = "U0SUE0001"
    for key, value in {"CHASER_DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}", "CHASER_SLACK_BOT_TOKEN": BOT_TOKEN,
                       "CHASER_SLACK_API_URL": fake.url, "CHASER_OUTBOX_DIR": str(tmp_path / "outbox")}.items():
        monkeypatch.setenv(key, value)
    runner = CliRunner()
    assert runner.invoke(app, ["people", "import", str(people)]).exit_code == 0
    result = runner.invoke(app, ["people", "link", "--channel", "slack"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["1 of 2 linked to Slack accounts by email address",
                                          "not found in Slack: Jane Jones <jane@council.example>",
                                          "linked: Sue Fiennes <sue@council.example> -> U0SUE0001"]
    again = runner.invoke(app, ["people", "link", "--channel", "slack"])
    assert again.output.splitlines()[0] == "0 of 1 linked to Slack accounts by email address"


def test_linking_without_slack_configured_is_a_one_line_error(tmp_path, monkeypatch):
    monkeypatch.setenv("CHASER_DATABASE_URL", f"sqlite:///{tmp_path / 'c.db'}")
    monkeypatch.delenv("CHASER_SLACK_BOT_TOKEN", raising=False)
    result = CliRunner().invoke(app, ["people", "link", "--channel", "slack"])
    assert result.exit_code != 0
    assert "--channel slack: not configured" in str(result.exception)
