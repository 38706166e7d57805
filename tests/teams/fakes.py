"""Local stand-ins for Microsoft's side of Teams, on a free port: the Bot Framework OpenID metadata and
signing keys, the token endpoint, and a Bot Connector that records every activity it is sent.

Also the Bot Connector's side of inbound traffic: activities as Teams posts them, signed with a test RSA key.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

ISSUER = "https://api.botframework.com"
APP_ID = "5b0fd5ef-2a8f-4c41-9d46-0a1c2b3c4d5e"
APP_PASSWORD = "test-client-secret"  # noqa: S105 - a test value, only ever sent to the local fake
TENANT = "2f3c9a1e-7b6d-4c1f-8e2a-5d4c3b2a1f00"
BOT_ID = f"28:{APP_ID}"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def jwk(key: rsa.RSAPrivateKey, kid: str, endorsements: list[str] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
    data.update(kid=kid, use="sig", alg="RS256")
    if endorsements is not None:
        data["endorsements"] = endorsements
    return data


@dataclass
class Recorded:
    method: str
    path: str
    body: dict[str, Any]
    authorization: str
    at: float = field(default_factory=time.monotonic)  # when it arrived
    status: int = 0  # what the fake answered
    retry_after: int | None = None


@dataclass
class FakeMicrosoft:
    """One HTTP server playing login.botframework.com, the token endpoint and the Bot Connector."""

    key: rsa.RSAPrivateKey = field(default_factory=new_key)
    kid: str = "test-key-1"
    sent: list[Recorded] = field(default_factory=list)
    token_requests: list[dict[str, list[str]]] = field(default_factory=list)
    key_fetches: int = 0
    failures: list[tuple[int, dict[str, str], Any]] = field(default_factory=list)  # next connector answers
    token_failure: tuple[int, Any] | None = None  # the token endpoint's answer instead of a token
    chaos: Any = None  # () -> (status, retry_after) or None: a random fault per connector call (the fault suite)
    _ids: Any = field(default_factory=lambda: itertools.count(1))
    _server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def service_url(self) -> str:
        return self.base + "/teams/"

    @property
    def openid_url(self) -> str:
        return self.base + "/v1/.well-known/openidconfiguration"

    @property
    def token_url(self) -> str:
        return self.base + f"/{TENANT}/oauth2/v2.0/token"

    def activities(self) -> list[Recorded]:
        return [r for r in self.sent if "/activities" in r.path]

    def fail_next(self, status: int, headers: dict[str, str] | None = None, body: Any = None) -> None:
        """The connector's next answer: ``status`` with ``headers`` and a JSON ``body`` (default a bare error)."""
        self.failures.append((status, headers or {}, body))

    def start(self) -> FakeMicrosoft:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _reply(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def _body(self) -> bytes:
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def do_GET(self) -> None:
                if self.path == "/v1/.well-known/openidconfiguration":
                    self._reply(200, {"issuer": ISSUER, "jwks_uri": fake.base + "/v1/.well-known/keys",
                                      "id_token_signing_alg_values_supported": ["RS256"]})
                elif self.path == "/v1/.well-known/keys":
                    fake.key_fetches += 1
                    self._reply(200, {"keys": [jwk(fake.key, fake.kid, ["msteams", "webchat"])]})
                else:
                    self._reply(404, {"error": "not found"})

            def do_POST(self) -> None:
                body = self._body()
                if self.path.endswith("/oauth2/v2.0/token"):
                    form = parse_qs(body.decode())
                    fake.token_requests.append(form)
                    if fake.token_failure is not None:
                        self._reply(*fake.token_failure)
                        return
                    if form.get("client_secret") != [APP_PASSWORD]:
                        self._reply(401, {"error": "invalid_client"})
                        return
                    self._reply(200, {"token_type": "Bearer", "expires_in": 3599,
                                      "access_token": f"bot-token-{len(fake.token_requests)}"})
                    return
                self._connector("POST", body)

            def do_PUT(self) -> None:
                self._connector("PUT", self._body())

            def _connector(self, method: str, body: bytes) -> None:
                match = re.fullmatch(r"/teams/v3/conversations/([^/]+)/activities(?:/([^/]+))?", self.path)
                if match is None:
                    self._reply(404, {"error": "not found"})
                    return
                record = Recorded(method, self.path, json.loads(body or b"{}"), self.headers.get("Authorization", ""))
                fake.sent.append(record)
                injected = fake.chaos() if fake.chaos is not None else None
                if injected is not None:
                    fake.failures.insert(0, (injected[0], {"Retry-After": str(injected[1])} if injected[1] else {},
                                             None))
                if fake.failures:
                    status, headers, answer = fake.failures.pop(0)
                    record.status = status
                    record.retry_after = int(headers["Retry-After"]) if "Retry-After" in headers else None
                    self._reply(status, answer if answer is not None else {"error": {"code": str(status)}}, headers)
                    return
                activity_id = match.group(2) or f"1:activity-{next(fake._ids)}"
                record.status = 200 if method == "PUT" else 201
                self._reply(record.status, {"id": activity_id})

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


def token(*, key: rsa.RSAPrivateKey, kid: str, service_url: str, audience: str = APP_ID, issuer: str = ISSUER,
          expires_in: int = 3600, now: float | None = None) -> str:
    """A Bot Framework token as the Bot Connector signs it."""
    issued = int(now if now is not None else time.time())
    claims = {"iss": issuer, "aud": audience, "serviceurl": service_url, "nbf": issued - 5, "iat": issued - 5,
              "exp": issued + expires_in}
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


@dataclass
class TeamsUser:
    """One person in the tenant, with their personal chat with the bot."""

    aad: str
    name: str
    service_url: str
    user_id: str = field(default_factory=lambda: f"29:{uuid.uuid4().hex}")
    conversation: str = field(default_factory=lambda: f"a:{uuid.uuid4().hex}")

    def _base(self, kind: str, **extra: Any) -> dict[str, Any]:
        return {"type": kind, "id": extra.pop("id", f"{int(time.time() * 1000)}{uuid.uuid4().hex[:6]}"),
                "timestamp": extra.pop("timestamp", datetime.now(UTC).isoformat().replace("+00:00", "Z")),
                "serviceUrl": self.service_url, "channelId": "msteams",
                "from": {"id": self.user_id, "name": self.name, "aadObjectId": self.aad},
                "recipient": {"id": BOT_ID, "name": "Chaser"},
                "conversation": {"id": self.conversation, "conversationType": "personal", "tenantId": TENANT},
                "channelData": {"tenant": {"id": TENANT}}, **extra}

    def install(self, action: str = "add", **extra: Any) -> dict[str, Any]:
        return self._base("installationUpdate", action=action, **extra)

    def joined(self, **extra: Any) -> dict[str, Any]:
        return self._base("conversationUpdate", membersAdded=[{"id": BOT_ID}], **extra)

    def message(self, text: str, **extra: Any) -> dict[str, Any]:
        return self._base("message", text=text, textFormat="plain", **extra)

    def submit(self, value: dict[str, Any], *, reply_to: str, **extra: Any) -> dict[str, Any]:
        return self._base("message", value=value, replyToId=reply_to, **extra)
