"""The web app: ``create_app(chaser=...)`` builds a Starlette app with sign-in, CSRF and deny-by-default access."""

from __future__ import annotations

import logging
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from adapters.email import mailer as mailer_module
from adapters.web.auth import SigninTokens, session_is_current, signing_secret
from adapters.web.context import SESSION_GENERATION, SESSION_PERSON, SignInNeeded, WebContext, render
from adapters.web.csrf import csrf_token
from adapters.web.routes import answer, ask, indicators, outbox, people, plans, reports, setup, signin, upload
from bot.bootstrap import Chaser
from reports.formatting import status_word, uk_date
from store.clock import LONDON
from store.rules import rag_label

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
SESSION_HOURS = 12
# "/" explains the first step on an empty database; /setup checks its own token; /answer/... its signed link.
PUBLIC_PATHS = re.compile(r"^/(|healthz|favicon\.ico|signin(/[^/]*)?|static/.*|setup|answer/.+)$")
PAGE_CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
            "frame-ancestors 'none'; base-uri 'none'")
SECURITY_HEADERS = {
    "content-security-policy": PAGE_CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",  # sign-in links carry a token: never pass the address on
    "x-frame-options": "DENY",
    "cache-control": "no-store",  # pages show named officers and safeguarding work
}
ERROR_MESSAGES = {
    400: "Something in that request was not right.",
    403: "You do not have access to that page.",
    404: "We could not find that page. It may not exist, or it may not be one of your actions.",
    405: "That page cannot be used that way.",
    410: "That link no longer works.",
    500: "Something went wrong on our side. Please try again in a few minutes.",
    503: "That part of Chaser is not available just now. Please try again in a few minutes.",
}


class RedactSigninTokens(logging.Filter):
    """Keeps sign-in tokens out of the server's access log (uvicorn logs each request's path)."""

    PATTERN = re.compile(r"/(signin|answer)/[^\s?\"/]+|(/setup\?token=)[^\s\"&]+")

    @classmethod
    def _redact(cls, text: str) -> str:
        return cls.PATTERN.sub(lambda m: f"/{m.group(1)}/[redacted]" if m.group(1) else f"{m.group(2)}[redacted]",
                               text)

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(self._redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.msg, str):
            record.msg = self._redact(record.msg)
        return True


def _redact_access_log() -> None:
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactSigninTokens) for f in access.filters):
        access.addFilter(RedactSigninTokens())


class SecurityHeaders:
    """Adds the security headers to every response that has not set its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k.encode() not in present]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, with_headers if scope["type"] == "http" else send)


class SignInRequired:
    """Deny by default: every path but sign-in, /healthz and /static sends a signed-out visitor to sign in."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        session = scope.get("session", {})
        signed_in = isinstance(session.get(SESSION_PERSON), int)
        if signed_in and scope["type"] == "http":
            # A signed-out (or signed-in-again) session's cookie is outdated: clear it.
            engine = scope["app"].state.web.chaser.engine
            signed_in = await run_in_threadpool(session_is_current, engine=engine,
                                                person_id=session[SESSION_PERSON],
                                                generation=session.get(SESSION_GENERATION))
            if not signed_in:
                session.clear()
        if scope["type"] == "http" and not PUBLIC_PATHS.match(scope["path"]) and not signed_in:
            await RedirectResponse("/signin", status_code=303)(scope, receive, send)
            return
        await self.app(scope, receive, send)


class QuietErrors:
    """Turns an unexpected error into the friendly 500 page and logs only its type and route.

    Exception messages can carry SQL parameters (names, safeguarding notes), so the traceback is not
    passed on to the server's log.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def tracking(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking)
        except Exception as exc:
            if scope["type"] != "http":
                raise
            log.error("web: %s on %s %s", type(exc).__name__, scope.get("method"), _route_of(scope))
            if not started:
                await _error_page(Request(scope, receive), 500)(scope, receive, send)


def _route_of(scope: Scope) -> str:
    route = scope.get("route")
    return str(getattr(route, "path", "?"))  # the template (/actions/{action_id}), never a token


def _error_page(request: Request, status: int, detail: str | None = None) -> Response:
    shown = detail and status in (400, 403, 404, 410, 413, 503)
    message = detail if shown else ERROR_MESSAGES.get(status, ERROR_MESSAGES[400])
    # a lead's answer link: they have no dashboard, and "page not found" says less than what to do
    lead_link = request.url.path.startswith("/answer/")
    return render(request, "error.html", {"status": status, "message": message, "lead_link": lead_link},
                  status_code=status)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail != _default_phrase(exc.status_code) else None
    return _error_page(request, exc.status_code, detail)


def _default_phrase(status: int) -> str:
    from http import HTTPStatus

    return HTTPStatus(status).phrase


async def _signed_out(request: Request, exc: Exception) -> Response:
    return RedirectResponse("/signin", status_code=303)


def _revision(chaser: Chaser) -> str | None:
    # Read directly: Alembic's MigrationContext logs a line at INFO on every call, and health checks are frequent.
    with chaser.engine.connect() as conn:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


async def no_icon(request: Request) -> Response:
    """No icon (204): browsers ask for one with every first page, and a lead answering from a request's link
    was logged as sent to the sign-in page twice over."""
    return Response(status_code=204)


async def healthz(request: Request) -> Response:
    """``ok`` and the database revision; no sign-in, nothing sensitive."""
    chaser: Chaser = request.app.state.web.chaser
    try:
        revision = await run_in_threadpool(_revision, chaser)
    except Exception as exc:
        log.error("healthz: database not reachable: %s", type(exc).__name__)
        return PlainTextResponse("unavailable: database not reachable\n", status_code=503)
    role = chaser.extras.get("scheduler")  # (set by `chaser serve`: "leading" or "standby")
    return PlainTextResponse(f"ok\nrevision {revision}\n" + (f"scheduler {role}\n" if role else ""))


def human_time(value: datetime | None) -> str:
    """``05 Jun 2006 09:12`` in London time (dates as the reports and answers write them)."""
    if value is None:
        return ""
    return f"{uk_date(value)} {value.astimezone(LONDON):%H:%M}"


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
    )
    env.filters.update(day=uk_date, when=human_time, rag_label=rag_label, status_word=status_word)

    def csrf(request: Request) -> dict[str, Any]:
        return {"csrf_token": csrf_token(request)}

    return Jinja2Templates(env=env, context_processors=[csrf])


def create_app(*, chaser: Chaser) -> Starlette:
    """The web app for ``chaser``: serve it with uvicorn on settings.web_host:web_port.

    Args:
        chaser: The composition root (settings, engine, clock).
    """
    settings = chaser.settings
    base_url = settings.link_base()
    secret = signing_secret(settings)
    context = WebContext(
        chaser=chaser, templates=_templates(), tokens=SigninTokens(secret=secret, clock=chaser.clock),
        mailer=mailer_module.mailer_from_settings(settings, clock=chaser.clock), base_url=base_url,
    )
    routes: list[BaseRoute] = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/favicon.ico", no_icon, methods=["GET"]),
        *signin.routes, *setup.routes, *answer.routes, *plans.routes, *ask.routes,
        *reports.routes, *outbox.routes, *upload.routes, *people.routes, *indicators.routes,
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(SessionMiddleware, secret_key=secret, session_cookie="chaser_session",
                   max_age=SESSION_HOURS * 3600, same_site="lax", https_only=base_url.startswith("https://")),
        Middleware(QuietErrors),
        Middleware(SignInRequired),
    ]
    app = Starlette(routes=routes, middleware=middleware,
                    exception_handlers={HTTPException: _http_error, SignInNeeded: _signed_out})
    app.state.web = context
    _redact_access_log()
    return app


def from_environment() -> Starlette:
    """The web app on its own, built from CHASER_* settings: ``uvicorn --factory adapters.web:from_environment``.

    ``chaser serve`` runs the same app next to the scheduler; this is for running the web app alone.
    """
    from bot.bootstrap import build

    return create_app(chaser=build())
