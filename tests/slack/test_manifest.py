"""The app manifest in docs/ asks for exactly the scopes the Web API methods and events Chaser uses
need, and points Slack at /slack/events."""

from __future__ import annotations

import json
from pathlib import Path

from tests.slack.conftest import BOB

MANIFEST = Path(__file__).parents[2] / "docs" / "slack-app-manifest.json"
# Each Web API method Chaser calls, and the bot scope Slack requires for it (None: no scope needed).
SCOPES = {"auth.test": None, "conversations.open": "im:write", "chat.postMessage": "chat:write",
          "chat.update": "chat:write", "views.open": None, "users.lookupByEmail": "users:read.email"}
EVENT_SCOPES = {"message.im": "im:history"}


def test_the_manifest_asks_for_what_chaser_uses_and_no_more():
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    needed = {s for s in SCOPES.values() if s} | {EVENT_SCOPES[e] for e in manifest["settings"]["event_subscriptions"]
                                                   ["bot_events"]}
    assert scopes == needed | {"users:read"}  # users.lookupByEmail needs users:read beside users:read.email
    for setting in (manifest["settings"]["event_subscriptions"], manifest["settings"]["interactivity"]):
        assert setting["request_url"].endswith("/slack/events")
    assert manifest["features"]["app_home"]["messages_tab_enabled"]  # people can write to the bot


def test_every_method_the_tests_saw_is_accounted_for(slack):
    slack.round()
    slack.dm("7.2 is complete")
    slack.tap("8.1", "blocked")
    slack.open_details("8.1")
    slack.dm("hello", user=BOB)
    assert {c.method for c in slack.fake.calls} <= set(SCOPES)
