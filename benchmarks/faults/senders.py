"""How each platform delivers one reply to `chaser serve`, as the platform itself would: signed
Slack events and taps, Telegram updates offered by getUpdates, signed Teams activities, mail into
Dovecot or down the MTA pipe, and one-tap answers confirmed on the web page. Each ``deliver`` keeps
retrying until the service accepts (a platform retries a delivery its receiver did not acknowledge)."""

from __future__ import annotations

import json
import re
import subprocess
import time
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any
from urllib.parse import urlencode

import httpx
from imap_tools import MailBoxUnencrypted
from slack_sdk.signature import SignatureVerifier

from benchmarks.faults.harness import SLACK_SECRET, Harness
from benchmarks.faults.service import run_chaser
from tests.email.dovecot import PASSWORD, USER

ACCEPTED = (200, 201, 202)
GIVE_UP_SECONDS = 600.0
LINK = re.compile(r"http://127\.0\.0\.1:\d+/answer/([A-Za-z0-9._-]+)")
HIDDEN = re.compile(r'name="(csrf_token|form_id)" value="([^"]+)"')


class Refused(Exception):
    """The service answered a genuine delivery with a 4xx: that is a fault in itself."""


def post_until_accepted(h: Harness, send: Any) -> httpx.Response:
    """Call ``send()`` until the service answers 2xx; connection errors and 5xx mean try again."""
    deadline = time.monotonic() + GIVE_UP_SECONDS
    while True:
        try:
            answered: httpx.Response = send()
            if answered.status_code in ACCEPTED:
                return answered
            if answered.status_code < 500:
                raise Refused(f"{answered.status_code}: {answered.text[:200]}")
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError("the service did not accept a delivery in 10 minutes")
        time.sleep(0.3)


def slack_signed(body: str) -> dict[str, str]:
    stamp = str(int(time.time()))
    return {"X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": str(SignatureVerifier(SLACK_SECRET).generate_signature(timestamp=stamp, body=body))}


def slack_post(h: Harness, body: str, *, content_type: str, retry: int = 0) -> httpx.Response:
    """POST to /slack/events signed now (Slack signs each retry afresh and numbers it)."""
    def send() -> httpx.Response:
        headers = {**slack_signed(body), "Content-Type": content_type}
        if retry:
            headers.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"})
        return h.http.post(h.service.url + "/slack/events", content=body.encode("utf-8"), headers=headers)
    return post_until_accepted(h, send)


def slack_event(*, user: str, text: str, event_id: str) -> str:
    ts = f"{time.time():.6f}"
    return json.dumps({"token": "unused", "team_id": "T0COUNCIL", "api_app_id": "A0CHASER", "type": "event_callback",
                       "event_id": event_id, "event_time": int(time.time()),
                       "event": {"type": "message", "channel": "D" + user[1:], "channel_type": "im", "user": user,
                                 "text": text, "ts": ts, "event_ts": ts}})


def slack_tap(*, user: str, post: Any, button: dict[str, Any], n: int) -> tuple[str, str]:
    """The form body of a block_actions payload, and the id Chaser stores it under."""
    channel, ts = post.params["channel"], post.response_ts
    action_ts = f"{int(time.time())}.{n:06d}"
    payload = {"type": "block_actions", "team": {"id": "T0COUNCIL"}, "user": {"id": user, "username": "lead"},
               "api_app_id": "A0CHASER", "trigger_id": f"trigger-{n}",
               "container": {"type": "message", "message_ts": ts, "channel_id": channel, "is_ephemeral": False},
               "channel": {"id": channel}, "message": {"type": "message", "ts": ts, "blocks": post.params["blocks"]},
               "actions": [{**button, "block_id": f"chaser_answer_{button['value'].split('|')[0]}",
                            "action_ts": action_ts}]}
    return urlencode({"payload": json.dumps(payload)}), f"action:{user}:{action_ts}"


def imap_append(h: Harness, raw: bytes) -> None:
    """Put a message in the mailbox Chaser reads (the MTA delivering it), retrying a refused login."""
    for attempt in range(20):
        try:
            with MailBoxUnencrypted("127.0.0.1", h.platforms.imap.port).login(USER, PASSWORD) as box:
                box.append(raw, "INBOX")
            return
        except Exception:
            if attempt == 19:
                raise
            time.sleep(0.5)


def pipe(h: Harness, raw: bytes) -> None:
    """`chaser email ingest -`, as an MTA's pipe runs it; a non-zero exit (the database restarting) is retried,
    as the MTA keeps a message it could not deliver and tries again."""
    deadline = time.monotonic() + GIVE_UP_SECONDS
    while True:
        try:
            done = run_chaser(["email", "ingest", "-"], env=h.service.env, cwd=h.folder, stdin=raw, timeout=300)
        except subprocess.TimeoutExpired:  # the MTA gives up on a slow pipe command and delivers again later
            continue
        if done.returncode == 0:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"chaser email ingest kept failing: {done.stderr.decode(errors='replace')[-300:]}")
        time.sleep(1)


@dataclass
class WebForm:
    """A confirm page opened from a one-tap link: the browser's cookies and the form's hidden fields."""

    client: httpx.Client
    token: str
    fields: dict[str, str]


def web_open(h: Harness, *, token: str, action_id: int, choice: str) -> WebForm:
    """Open the one-tap link (a GET records nothing) and read the Confirm form."""
    client = httpx.Client(timeout=60)
    url = f"{h.service.url}/answer/{token}/{action_id}/{choice}"
    page = post_until_accepted(h, lambda: client.get(url))
    fields = dict(HIDDEN.findall(page.text))
    fields[f"status-{action_id}"] = choice
    return WebForm(client=client, token=token, fields=fields)


def web_confirm(h: Harness, form: WebForm) -> httpx.Response:
    """Press Confirm (again, for a double tap: the same form)."""
    return post_until_accepted(h, lambda: form.client.post(f"{h.service.url}/answer/{form.token}",
                                                           data=form.fields))


def web_token(request: EmailMessage) -> str | None:
    """The signed part of the one-tap links in a request email."""
    body = request.get_body(("plain",))
    found = LINK.search(body.get_content() if body is not None else "")
    return found.group(1) if found else None
