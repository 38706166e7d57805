"""A local stand-in for the Telegram Bot API, for tests: the real python-telegram-bot talks to it.

It serves ``getMe``, ``getUpdates`` (long polling with Telegram's offset rule: asking for offset N
confirms, and forgets, every update below N), ``sendMessage``, ``editMessageText``,
``answerCallbackQuery`` and ``setWebhook``, and records every call. A test can make the next calls
answer 429 with ``parameters.retry_after``, answer 403 (the user blocked the bot), answer any error
body (``errors``: the real ones in ``tests/telegram/real/responses``), or hold a
method's calls unanswered after the first few (to kill a process while it waits).
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

TOKEN = "123456:TEST-token-not-real"  # noqa: S105 (a fake token for the fake server)
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "Chaser", "username": "chaser_test_bot"}


@dataclass
class Call:
    """One request the fake answered (or refused)."""

    method: str
    params: dict[str, Any]
    status: int
    at: float = field(default_factory=time.monotonic)  # when it was answered
    retry_after: int | None = None  # the wait a 429 asked for


@dataclass
class FakeBotApi:
    """The fake's state; start() serves it on a free port of 127.0.0.1."""

    token: str = TOKEN
    updates: list[dict[str, Any]] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    chats: set[int] = field(default_factory=set)  # chat ids that exist; others answer "chat not found"
    blocked: set[int] = field(default_factory=set)  # chats whose user blocked the bot (403)
    flood: dict[str, list[int]] = field(default_factory=dict)  # method -> retry_after for the next calls
    hold: dict[str, int] = field(default_factory=dict)  # method -> answer this many calls, hold the rest
    chaos: Any = None  # method -> (status, retry_after) or None: a random fault (the fault suite)
    errors: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # method -> error bodies for the next calls
    next_update_id: int = 1000
    next_message_id: int = 1
    messages: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._cond = threading.Condition()
        self._server: ThreadingHTTPServer | None = None
        self.stopping = threading.Event()
        self.released = threading.Event()  # lets held calls go (unanswered: their client is gone)
        self.held = threading.Event()

    # --- running ---------------------------------------------------------------------------------

    def start(self) -> FakeBotApi:
        """Serve on a free port, in a thread."""
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (the stdlib's name)
                fake._handle(self)

            do_GET = do_POST  # noqa: N815

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name="fake-bot-api", daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop serving (held calls are released first)."""
        self.stopping.set()
        self.released.set()
        with self._cond:
            self._cond.notify_all()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def base_url(self) -> str:
        """The Bot API base the token is appended to (CHASER_TELEGRAM_API_URL)."""
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/bot"

    # --- what tests do ---------------------------------------------------------------------------

    def push(self, update: dict[str, Any], *, copies: int = 1) -> int:
        """Queue an update (its update_id is given if missing), ``copies`` times over as Telegram
        re-offers an update it has not seen confirmed; returns the update_id."""
        with self._cond:
            if "update_id" not in update:
                update = {"update_id": self.next_update_id, **update}
            self.next_update_id = max(self.next_update_id, int(update["update_id"])) + 1
            self.updates.extend([update] * copies)
            self._cond.notify_all()
            return int(update["update_id"])

    def text(self, *, user_id: int, text: str, date: int = 1_150_000_000, reply_to: dict[str, Any] | None = None,
             chat_type: str = "private", chat_id: int | None = None, copies: int = 1) -> int:
        """Queue a text message from ``user_id`` in their private chat; returns the update_id."""
        with self._cond:
            message_id = self.next_message_id
            self.next_message_id += 1
        message: dict[str, Any] = {
            "message_id": message_id, "date": date, "text": text,
            "from": {"id": user_id, "is_bot": False, "first_name": f"User {user_id}", "username": f"user{user_id}"},
            "chat": {"id": chat_id or user_id, "type": chat_type, "first_name": f"User {user_id}"}}
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        return self.push({"message": message}, copies=copies)

    def tap(self, *, user_id: int, data: str, message: dict[str, Any], copies: int = 1) -> int:
        """Queue a callback query: ``user_id`` tapped the button with ``data`` on ``message``."""
        return self.push({"callback_query": {
            "id": f"cq{self.next_update_id}", "chat_instance": "ci1", "data": data, "message": message,
            "from": {"id": user_id, "is_bot": False, "first_name": f"User {user_id}"}}}, copies=copies)

    def sent(self, method: str = "sendMessage", *, ok_only: bool = True) -> list[Call]:
        """The calls of ``method`` recorded so far (only those answered 200 by default)."""
        with self._cond:
            return [c for c in self.calls if c.method == method and (c.status == 200 or not ok_only)]

    def wait_for(self, predicate: Any, timeout: float = 20.0) -> None:
        """Wait (bounded) until ``predicate()`` holds; fail the test if it never does."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(0.02)
        raise AssertionError(f"timed out waiting; calls so far: {[(c.method, c.status) for c in self.calls]}")

    def offsets(self) -> list[int | None]:
        """The offset of every getUpdates call, in order."""
        return [c.params.get("offset") for c in self.sent("getUpdates")]

    # --- the API ---------------------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        prefix = f"/bot{self.token}/"
        if not handler.path.startswith(prefix):
            self._reply(handler, 404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        method = handler.path[len(prefix):].split("?")[0]
        params = self._params(handler)
        with self._cond:
            limit = self.hold.get(method)
            hold = limit is not None and len(self.sent(method)) >= limit
        if hold:  # held: record nothing, answer nothing until released (the client is killed)
            self.held.set()
            self.released.wait(60)
            return
        status, body = self._answer(method, params)
        with self._cond:
            retry = (body.get("parameters") or {}).get("retry_after")
            self.calls.append(Call(method=method, params=params, status=status, retry_after=retry))
        self._reply(handler, status, body)

    @staticmethod
    def _params(handler: BaseHTTPRequestHandler) -> dict[str, Any]:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length).decode("utf-8") if length else ""
        if "json" in (handler.headers.get("Content-Type") or ""):
            return dict(json.loads(raw or "{}"))
        params: dict[str, Any] = {}
        for key, value in parse_qsl(raw):
            try:  # python-telegram-bot sends objects and numbers JSON-encoded in form fields
                params[key] = json.loads(value)
            except ValueError:
                params[key] = value
        return params

    @staticmethod
    def _reply(handler: BaseHTTPRequestHandler, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode("utf-8")
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        with contextlib.suppress(OSError):  # the client was killed while it waited
            handler.wfile.write(data)

    def _answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        injected = self.chaos(method) if self.chaos is not None and method != "getUpdates" else None
        if injected is not None:
            status, retry_after = injected
            if status == 429:
                return 429, {"ok": False, "error_code": 429, "parameters": {"retry_after": retry_after},
                             "description": f"Too Many Requests: retry after {retry_after}"}
            return status, {"ok": False, "error_code": status, "description": "Internal Server Error"}
        with self._cond:
            bodies = self.errors.get(method)
            if bodies:  # a real Bot API error body, answered with its own error_code as the status
                body = bodies.pop(0)
                return int(body["error_code"]), dict(body)
            waits = self.flood.get(method)
            if waits:
                retry_after = waits.pop(0)
                return 429, {"ok": False, "error_code": 429, "parameters": {"retry_after": retry_after},
                             "description": f"Too Many Requests: retry after {retry_after}"}
        if method == "getMe":
            return 200, {"ok": True, "result": BOT_USER}
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._get_updates(params)}
        if method in ("answerCallbackQuery", "setWebhook", "deleteWebhook"):
            return 200, {"ok": True, "result": True}
        if method == "sendMessage":
            return self._send(params)
        if method == "editMessageText":
            return self._edit(params)
        return 404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"}

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = params.get("offset")
        limit = int(params.get("limit") or 100)
        timeout = min(float(params.get("timeout") or 0), 2.0)  # long polling, kept short for tests
        deadline = time.monotonic() + timeout
        with self._cond:
            if offset is not None:  # confirmed: forgotten for good, as Telegram does
                self.updates = [u for u in self.updates if int(u["update_id"]) >= int(offset)]
            while not self.updates and time.monotonic() < deadline and not self.stopping.is_set():
                self._cond.wait(deadline - time.monotonic())
            if offset is not None:
                self.updates = [u for u in self.updates if int(u["update_id"]) >= int(offset)]
            return list(self.updates[:limit])

    def _chat_problem(self, chat_id: int) -> tuple[int, dict[str, Any]] | None:
        if chat_id in self.blocked:
            return 403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}
        if chat_id not in self.chats:
            return 400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"}
        return None

    def _send(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        chat_id = int(params["chat_id"])
        problem = self._chat_problem(chat_id)
        if problem:
            return problem
        with self._cond:
            message_id = self.next_message_id
            self.next_message_id += 1
            message = {"message_id": message_id, "date": int(time.time()), "text": params.get("text", ""),
                       "from": BOT_USER, "chat": {"id": chat_id, "type": "private"}}
            if (params.get("reply_markup") or {}).get("inline_keyboard"):  # Telegram returns inline ones only
                message["reply_markup"] = params["reply_markup"]
            self.messages[(chat_id, message_id)] = message
        return 200, {"ok": True, "result": message}

    def _edit(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
        problem = self._chat_problem(chat_id)
        if problem:
            return problem
        with self._cond:
            message = self.messages.get((chat_id, message_id))
            if message is None:
                return 400, {"ok": False, "error_code": 400, "description": "Bad Request: message to edit not found"}
            if message["text"] == params.get("text") and message.get("reply_markup") == params.get("reply_markup"):
                return 400, {"ok": False, "error_code": 400, "description": "Bad Request: message is not modified"}
            message["text"] = params.get("text", "")
            message.pop("reply_markup", None)
            if params.get("reply_markup"):
                message["reply_markup"] = params["reply_markup"]
        return 200, {"ok": True, "result": dict(message)}
