"""Sending on Slack: 429 Retry-After honoured (delivered once, after the wait), Slack's refusals mapped
for the core (a user gone falls back to email), slack_sdk left without retry handlers of its own, and
`chaser cycle` from the command line sending the DMs."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from adapters.slack.channel import SlackChannel, web_client
from bot.cli import app
from bot.ports import OutboundMessage, SendError
from tests.cycle.world import PLAN_CSV
from tests.slack.conftest import ALICE, texts_to
from tests.slack.fake_api import BOT_TOKEN

DM = "D" + ALICE[1:]


def test_a_429_is_waited_out_and_the_request_delivered_once(slack, vtime):
    slack.fake.fail("chat.postMessage", status=429, retry_after=7)
    assert "by slack: 2 open actions" in slack.round()
    calls = slack.fake.called("chat.postMessage")
    assert [c.status for c in calls] == [429, 200]
    assert len(slack.fake.posts()) == 1
    assert calls[1].at - calls[0].at >= 7  # sent again only once Slack's Retry-After had passed
    assert 7 in vtime.sleeps


def test_a_reply_after_the_request_waits_for_the_conversation_limit(slack, vtime):
    slack.round()
    slack.dm("7.2 is complete")
    request, confirmation = slack.fake.posts()
    assert confirmation.at - request.at >= 1.0  # one message a second in a conversation


def test_a_slack_user_gone_is_emailed_instead_and_the_summary_says_so(slack):
    slack.fake.fail("conversations.open", error="user_not_found")
    summary = slack.round()
    assert ("alice.adams@council.example> by email (instead of slack: Slack: user_not_found "
            "(no such member in the workspace))") in summary
    assert slack.fake.posts() == []
    mails = list((slack.chaser.settings.outbox_dir).glob("*.eml"))
    assert any(b"alice.adams@council.example" in m.read_bytes() for m in mails)


def test_a_server_error_is_retried_by_the_core_with_backoff(slack, vtime):
    slack.fake.fail("chat.postMessage", status=503, times=2)
    assert "by slack: 2 open actions" in slack.round()
    assert [c.status for c in slack.fake.called("chat.postMessage")] == [503, 503, 200]
    assert vtime.sleeps[:2] == [1.0, 2.0]


def _channel(fake) -> SlackChannel:
    return SlackChannel(client=web_client(token=BOT_TOKEN, base_url=fake.url))


def _message(**kw) -> OutboundMessage:
    return OutboundMessage(**{"channel": "slack", "recipient": ALICE, "subject": "Chaser", "text": "Thanks: 7.2 done.",
                              **kw})


def test_slack_sdk_has_no_retry_handlers_of_its_own(fake):
    channel = _channel(fake)
    assert channel.client.retry_handlers == []  # the default would retry a dropped connection: a double post
    fake.fail("chat.postMessage", status=429, retry_after=3)
    with pytest.raises(SendError) as raised:
        channel.send(_message())
    assert raised.value.retry_after == 3 and not raised.value.permanent
    assert len(fake.called("chat.postMessage")) == 1  # no hidden retry, no hidden sleep


@pytest.mark.parametrize("error", ["user_not_found", "account_inactive", "channel_not_found"])
def test_gone_users_and_conversations_are_permanent(fake, error):
    fake.fail("conversations.open", error=error)
    with pytest.raises(SendError) as raised:
        _channel(fake).send(_message())
    assert raised.value.permanent and error in raised.value.reason


def test_other_failures_are_worth_retrying(fake):
    channel = _channel(fake)
    fake.fail("chat.postMessage", status=500)
    with pytest.raises(SendError) as server:
        channel.send(_message())
    assert not server.value.permanent and server.value.retry_after is None
    bad_token = SlackChannel(client=web_client(token="xoxb-revoked", base_url=fake.url))
    with pytest.raises(SendError) as auth:
        bad_token.send(_message())
    # A refused token is not worth retrying (test_real_payloads.py): permanent, and says what to do.
    assert "invalid_auth" in auth.value.reason and auth.value.permanent
    assert "refused Chaser's bot token" in auth.value.reason


def test_unreachable_slack_is_a_send_error(fake):
    closed = SlackChannel(client=web_client(token=BOT_TOKEN, base_url="http://127.0.0.1:9/api/"))
    with pytest.raises(SendError) as raised:
        closed.send(_message())
    assert "unreachable" in raised.value.reason and not raised.value.permanent


def test_the_dm_is_opened_once_and_edits_go_to_the_message(fake):
    channel = _channel(fake)
    first = channel.send(_message())
    channel.send(_message(text="Second"))
    assert len(fake.called("conversations.open")) == 1
    assert channel.send(_message(text="Edited", replace=first)) == first
    [edit] = fake.called("chat.update")
    assert f"{edit.params['channel']}:{edit.params['ts']}" == first
    assert channel.send(_message(text="In a thread's DM", conversation="D0ELSEWHERE")).startswith("D0ELSEWHERE:")


def test_chaser_cycle_from_the_command_line_sends_slack_dms(fake, tmp_path, monkeypatch):
    people = tmp_path / "people.csv"
    people.write_text("name,aliases,role,email,slack_id,teams_id,telegram_id,channel,timezone,roles\n"
                      "Sue Fiennes,SF;DoCS,Director,sue@council.example,U0SUE0001,,,slack,Europe/London,lead\n"
                      "Jane Jones,JJ;HoSH,Head of Housing,jane@council.example,,,,,Europe/London,lead\n",
                      encoding="utf-8")
    config = tmp_path / "chaser.toml"
    config.write_text('[plans.jar]\ncadence = "weekly"\n', encoding="utf-8")
    for key, value in {"CHASER_DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}", "CHASER_CONFIG": str(config),
                       "CHASER_OUTBOX_DIR": str(tmp_path / "outbox"), "CHASER_SLACK_BOT_TOKEN": BOT_TOKEN,
                       "CHASER_SLACK_SIGNING_SECRET": "s3cret", "CHASER_SLACK_API_URL": fake.url}.items():
        monkeypatch.setenv(key, value)
    for key in ("CHASER_SMTP_URL", "CHASER_IMAP_URL", "CHASER_SLACK_APP_TOKEN"):
        monkeypatch.delenv(key, raising=False)
    runner = CliRunner()
    assert runner.invoke(app, ["people", "import", str(people)]).exit_code == 0
    assert runner.invoke(app, ["import", str(PLAN_CSV), "--plan", "jar"]).exit_code == 0
    result = runner.invoke(app, ["cycle", "--today", "2006-06-12"])
    assert result.exit_code == 0, result.output
    assert "Sue Fiennes <U0SUE0001> by slack" in result.output
    assert "Jane Jones <jane@council.example> by email" in result.output
    [post] = fake.posts()
    assert post.params["channel"] == "D0SUE0001" and post.params["blocks"]
    again = runner.invoke(app, ["cycle", "--today", "2006-06-12"])
    assert "0 request(s) sent now, 2 sent earlier" in again.output and len(fake.posts()) == 1
    assert texts_to(fake, "D0SUE0001")[0].startswith("Hello Sue Fiennes")
