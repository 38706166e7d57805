"""The Bolt app: Slack's signed requests (Events API and interactivity) in, the service's intake out.

Bolt checks every request's signature and timestamp (401 otherwise) before a listener runs. Each
listener stores the message with the service (``take``: durable first) and only then acknowledges;
``process_before_response`` makes Bolt answer Slack after the listener returns, so nothing is
acknowledged before it is stored. Processing happens on the service's worker, not in the request.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App
from slack_bolt.authorization import AuthorizeResult
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from adapters.slack import translate
from adapters.slack.blocks import (
    ABOUT_BLOCK,
    DETAILS_ACTION,
    DETAILS_VIEW,
    QUICK_PREFIX,
    details_view,
    parse_button_value,
)
from adapters.slack.channel import SlackChannel
from bot.inbound.intake import take

if TYPE_CHECKING:
    from bot.bootstrap import Chaser

log = logging.getLogger(__name__)


def build_app(*, chaser: Chaser, channel: SlackChannel, signing_secret: str | None) -> App:
    """A Bolt App whose listeners hand messages to the service.

    Args:
        chaser: The composition root.
        channel: The Slack channel (its client is the one the listeners call: views.open).
        signing_secret: CHASER_SLACK_SIGNING_SECRET; None only in Socket Mode, where Slack's
            WebSocket connection (opened with the app token) vouches for each request instead.

    Bolt's own authorization is replaced by :func:`_authorize`, which asks Slack nothing: Bolt's default
    calls auth.test on a request and, when Slack refuses the token, answers the request with 200 and
    "please reinstall this app" without running a listener, so a lead's answer would be acknowledged
    and lost. Chaser stores every signed request first; sending then reports a refused token.
    """
    bolt_log = logging.getLogger("chaser.slack.bolt")
    if bolt_log.level == logging.NOTSET:
        # Bolt's middleware logs a refused request's whole body (a person's words) at INFO: keep to warnings.
        bolt_log.setLevel(logging.WARNING)
    token = channel.client.token
    # A client without a token of its own for Bolt (with a token Bolt would skip ``authorize``);
    # each request's client gets the bot token from _authorize.
    bolt_client = WebClient(token=None, base_url=channel.client.base_url, timeout=channel.client.timeout,
                            retry_handlers=[], logger=bolt_log)

    def _authorize(enterprise_id: str | None, team_id: str | None, user_id: str | None) -> AuthorizeResult:
        return AuthorizeResult(enterprise_id=enterprise_id, team_id=team_id, user_id=user_id, bot_token=token)

    app = App(client=bolt_client, authorize=_authorize, signing_secret=signing_secret,
              process_before_response=True, token_verification_enabled=False,
              request_verification_enabled=signing_secret is not None, ssl_check_enabled=False, logger=bolt_log)
    register(app, chaser=chaser, channel=channel)
    return app


def register(app: App, *, chaser: Chaser, channel: SlackChannel) -> None:
    """Add Chaser's listeners to ``app``."""

    @app.event("message")
    def on_message(body: dict[str, Any], ack: Ack) -> None:
        message = translate.from_event(body, received_at=chaser.clock.now())
        if message is not None:
            take(chaser=chaser, message=message)
        ack()

    @app.event(re.compile(".*"))
    def on_other_event(ack: Ack) -> None:
        ack()  # subscribed by the app's settings but not an answer (app_home_opened, say)

    @app.action(re.compile(f"^{QUICK_PREFIX}"))
    def on_quick(body: dict[str, Any], ack: Ack) -> None:
        message = translate.from_button(body, received_at=chaser.clock.now())
        if message is None:
            log.warning("Slack button payload not understood; nothing recorded")
        else:
            take(chaser=chaser, message=message)
        ack()

    @app.action(DETAILS_ACTION)
    def on_details(body: dict[str, Any], ack: Ack) -> None:
        ack()
        action: dict[str, Any] = next(
            (a for a in body.get("actions") or [] if a.get("action_id") == DETAILS_ACTION), {})
        parsed = parse_button_value(str(action.get("value") or ""))
        trigger = body.get("trigger_id")
        if parsed is None or not trigger:
            log.warning("Slack Details payload not understood; no form opened")
            return
        action_id, _, ref = parsed
        conversation, thread = translate.tapped_message(body)
        about = next((str((b.get("text") or {}).get("text", "")) for b in (body.get("message") or {}).get("blocks", [])
                      if b.get("block_id") == f"{ABOUT_BLOCK}{action_id}"), "")
        try:
            channel.open_modal(trigger_id=str(trigger), view=details_view(
                action_id=action_id, ref=ref, about=about, conversation=conversation, thread=thread))
        except (SlackApiError, SlackClientError, OSError) as exc:  # the tap is lost, not the service
            log.warning("Slack views.open failed: %s", type(exc).__name__)

    @app.view(DETAILS_VIEW)
    def on_details_submitted(body: dict[str, Any], ack: Ack) -> None:
        try:
            message = translate.from_submission(body, received_at=chaser.clock.now())
        except translate.NotAnAnswer as problem:
            ack(response_action="errors", errors=problem.errors)  # the form stays open, saying what to fix
            return
        if message is not None:
            take(chaser=chaser, message=message)
        ack()

    # Registered last, so Chaser's own listeners above match first. Without them Bolt answers a tap
    # on a button Chaser does not know (an older request's, another app's) or a form closed with
    # 404, and Slack shows the person an error.
    @app.action(re.compile(".*"))
    def on_other_action(body: dict[str, Any], ack: Ack) -> None:
        ack()
        ids = [str(a.get("action_id")) for a in body.get("actions") or []]
        log.warning("Slack tap on a control Chaser does not know (%s); nothing recorded", ", ".join(ids) or "none")

    @app.view(re.compile(".*"))
    @app.view({"type": "view_closed", "callback_id": re.compile(".*")})
    def on_other_view(ack: Ack) -> None:
        ack()  # a form Chaser does not know, or one closed: nothing to record
