"""Socket Mode (CHASER_SLACK_APP_TOKEN): no /slack/events route; the same Bolt app takes envelopes from
Slack's WebSocket, stores each before its acknowledgement goes back, and dedupes Slack's retries."""

from __future__ import annotations

import logging

import pytest
from slack_sdk.socket_mode.request import SocketModeRequest

import adapters.slack as slack_adapter
from adapters.slack.socket_mode import SocketModeService
from tests.slack.conftest import ALICE, NOW, make_slack_world, texts_to


class _Socket:
    """Stands in for the WebSocket client: records each acknowledgement and what was stored by then."""

    logger = logging.getLogger("test.socket")

    def __init__(self, world) -> None:
        self.world = world
        self.acks: list[tuple[str, int]] = []

    def send_socket_mode_response(self, response) -> None:
        self.acks.append((response.envelope_id, len(self.world.inbound())))


@pytest.fixture
def socket_world(sqlite_engine, tmp_path, fake, vtime):
    return make_slack_world(sqlite_engine, tmp_path, fake, vtime, slack_app_token="xapp-1-A0CHASER-1-abc")


def _envelope(n: int, text: str, *, retry: int | None = None) -> SocketModeRequest:
    ts = f"{int(NOW.timestamp()) + n}.000100"
    payload = {"type": "event_callback", "team_id": "T0COUNCIL", "event_id": f"EvSOCKET{n}",
               "event": {"type": "message", "channel": "D" + ALICE[1:], "channel_type": "im", "user": ALICE,
                         "text": text, "ts": ts}}
    return SocketModeRequest(type="events_api", envelope_id=f"env-{n}-{retry}", payload=payload, retry_attempt=retry)


def test_socket_mode_replaces_the_http_route(socket_world):
    chaser = socket_world.chaser
    assert slack_adapter.routes(chaser) == []
    [service] = slack_adapter.services(chaser)
    assert isinstance(service, SocketModeService)
    assert socket_world.client.post("/slack/events", content=b"{}").status_code == 404


def test_an_envelope_is_stored_before_it_is_acknowledged_and_a_retry_changes_nothing(socket_world):
    socket_world.round()
    [service] = slack_adapter.services(socket_world.chaser)
    socket = _Socket(socket_world)
    service.handler.handle(socket, _envelope(1, "7.2 is complete"))
    service.handler.handle(socket, _envelope(1, "7.2 is complete", retry=1))
    assert socket.acks == [("env-1-None", 1), ("env-1-1", 1)]  # stored when the ack went back
    assert len(socket_world.updates("7.2")) == 1
    assert "7.2" in texts_to(socket_world.fake, "D" + ALICE[1:])[-1]


def test_an_app_token_that_is_not_one_is_refused(socket_world):
    with pytest.raises(ValueError, match="xapp-"):
        SocketModeService(chaser=socket_world.chaser, channel=socket_world.chaser.channels["slack"],
                          app_token="xoxb-wrong-kind")
