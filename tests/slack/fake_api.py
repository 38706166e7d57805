"""A local fake of the Slack Web API: an HTTP server on a free port that answers the methods Chaser
calls the way Slack does, records every call, and can be told to fail (429 with Retry-After, a 5xx,
or a Slack error such as ``user_not_found``)."""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

BOT_TOKEN = "xoxb-test-token"
BOT_USER = "UCHASERBOT"


@dataclass
class Call:
    """One Web API call as the fake received it."""

    method: str
    params: dict[str, Any]
    token: str
    at: float  # when it arrived, by the fake's clock (time.monotonic unless a test gives its own)
    status: int = 0
    response: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)  # e.g. the Retry-After of a 429

    @property
    def ok(self) -> bool:
        return self.status == 200 and bool(self.response.get("ok"))

    @property
    def response_ts(self) -> str:
        return str(self.response.get("ts", ""))


@dataclass
class Failure:
    """A scripted failure for the next ``times`` calls of ``method``."""

    method: str
    status: int = 200
    error: str = ""
    retry_after: int | None = None
    times: int = 1
    body: dict[str, Any] | None = None  # the whole answer (a published Slack response), instead of ok/error
    headers: dict[str, str] | None = None


@dataclass
class FakeSlack:
    """The fake's state: calls, scripted failures, the directory for users.lookupByEmail."""

    calls: list[Call] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    emails: dict[str, str] = field(default_factory=dict)  # address -> Slack user id
    history: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # channel -> messages posted, oldest first
    lock: threading.Lock = field(default_factory=threading.Lock)
    _ts: itertools.count = field(default_factory=lambda: itertools.count(1))
    _views: itertools.count = field(default_factory=lambda: itertools.count(1))
    url: str = ""
    clock: Callable[[], float] = time.monotonic
    chaos: Callable[[str], tuple[int, int | None] | None] | None = None  # method -> (status, Retry-After) or None

    def fail(self, method: str, *, status: int = 200, error: str = "", retry_after: int | None = None,
             times: int = 1) -> None:
        """Make the next ``times`` calls of ``method`` fail this way."""
        with self.lock:
            self.failures.append(Failure(method, status, error, retry_after, times))

    def answer_with(self, method: str, response: dict[str, Any], *, times: int = 1) -> None:
        """Make the next ``times`` calls of ``method`` get ``response`` ({"status", "headers", "body"}), a
        Slack answer as published (tests/slack/real/webapi_*.json): an error, or ok with warnings."""
        with self.lock:
            self.failures.append(Failure(method, int(response.get("status", 200)), times=times,
                                         body=dict(response["body"]), headers=dict(response.get("headers") or {})))

    def called(self, method: str) -> list[Call]:
        """The calls of ``method`` so far, in order (failed ones included)."""
        with self.lock:
            return [c for c in self.calls if c.method == method]

    def posts(self) -> list[Call]:
        """chat.postMessage calls that were answered ok."""
        return [c for c in self.called("chat.postMessage") if c.ok]

    def answer(self, method: str, params: dict[str, Any], token: str) -> tuple[int, dict[str, str], dict[str, Any]]:
        with self.lock:
            call = Call(method, params, token, self.clock())
            self.calls.append(call)
            call.status, call.headers, call.response = self._reply(method, params, token)
            return call.status, call.headers, call.response

    def _reply(self, method: str, params: dict[str, Any], token: str) -> tuple[int, dict[str, str], dict[str, Any]]:
        injected = self.chaos(method) if self.chaos is not None else None
        if injected is not None:  # a random fault (the fault suite): 429 with Retry-After, or a 5xx
            self.failures.insert(0, Failure(method, injected[0], retry_after=injected[1]))
        for failure in self.failures:
            if failure.method == method and failure.times > 0:
                failure.times -= 1
                if failure.body is not None:
                    if failure.body.get("ok"):  # a success with warnings: the method's own answer, plus them
                        return failure.status, failure.headers or {}, {**self._success(method, params), **failure.body}
                    return failure.status, failure.headers or {}, failure.body
                headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
                if failure.status == 429:
                    return 429, headers, {"ok": False, "error": "ratelimited"}
                return failure.status, headers, {"ok": False, "error": failure.error or "internal_error"}
        if token != BOT_TOKEN:
            return 200, {}, {"ok": False, "error": "invalid_auth"}
        return 200, {}, self._success(method, params)

    def _success(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "url": "https://council.slack.example/", "team": "Council", "user": "chaser",
                    "team_id": "T0COUNCIL", "user_id": BOT_USER, "bot_id": "BCHASER", "is_enterprise_install": False}
        if method == "conversations.open":
            users = str(params.get("users", ""))
            if not users.startswith(("U", "W")) or "," in users:
                return {"ok": False, "error": "user_not_found"}
            return {"ok": True, "channel": {"id": "D" + users[1:]}}
        if method == "chat.postMessage":
            ts = f"{1149940000 + next(self._ts)}.000100"
            posted = {"type": "message", "text": params.get("text"), "ts": ts, "bot_id": "BCHASER"}
            metadata = params.get("metadata")
            if isinstance(metadata, str):
                metadata = json.loads(metadata)
            self.history.setdefault(str(params.get("channel")), []).append({**posted, "metadata": metadata}
                                                                          if metadata else posted)
            return {"ok": True, "channel": params.get("channel"), "ts": ts, "message": posted}
        if method == "conversations.history":  # newest first; metadata only with include_all_metadata
            messages = list(reversed(self.history.get(str(params.get("channel")), [])))
            messages = messages[:int(params.get("limit") or 100)]
            if str(params.get("include_all_metadata", "")).lower() not in ("1", "true"):
                messages = [{k: v for k, v in m.items() if k != "metadata"} for m in messages]
            return {"ok": True, "messages": messages, "has_more": False}
        if method == "chat.update":
            return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts"), "text": params.get("text")}
        if method == "views.open":
            return {"ok": True, "view": {"id": f"V{next(self._views):06d}", **(params.get("view") or {})}}
        if method == "users.lookupByEmail":
            user = self.emails.get(str(params.get("email", "")).lower())
            if user is None:
                return {"ok": False, "error": "users_not_found"}
            return {"ok": True, "user": {"id": user, "deleted": False, "is_bot": False,
                                         "profile": {"email": params.get("email")}}}
        return {"ok": False, "error": "unknown_method"}


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:  # noqa: N802 (the http.server API)
        method = self.path.rsplit("/", 1)[-1].split("?", 1)[0]
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8") if length else ""
        if (self.headers.get("Content-Type") or "").startswith("application/json"):
            params: dict[str, Any] = json.loads(raw or "{}")
        else:
            params = {k: v[0] for k, v in parse_qs(raw).items()}
        for key in ("blocks", "view", "metadata"):
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        auth = self.headers.get("Authorization") or ""
        token = auth.removeprefix("Bearer ") or str(params.get("token", ""))
        status, headers, body = self.server.fake.answer(method, params, token)
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeSlack


def start_fake_slack() -> tuple[FakeSlack, ThreadingHTTPServer]:
    """Start the fake on 127.0.0.1 and a free port; ``fake.url`` is the Web API base to configure."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.fake = FakeSlack()
    server.fake.url = f"http://127.0.0.1:{server.server_address[1]}/api/"
    threading.Thread(target=server.serve_forever, name="fake-slack", daemon=True).start()
    return server.fake, server
