"""What every web handler shares: Chaser, the templates, sign-in tokens and the mailer; and who is signed in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from adapters.email.mailer import Mailer
from adapters.web.access import Viewer, load_viewer
from adapters.web.auth import SigninTokens
from bot.bootstrap import Chaser
from store.clock import today

SESSION_PERSON = "pid"
SESSION_GENERATION = "gen"  # the person's session generation when signed in (sign-out outdates it)


class SignInNeeded(Exception):
    """Raised by a handler when nobody (or nobody who still exists) is signed in."""


@dataclass
class WebContext:
    """Built once by ``create_app`` and kept on ``app.state.web``."""

    chaser: Chaser
    templates: Jinja2Templates
    tokens: SigninTokens
    mailer: Mailer
    base_url: str

    def today(self) -> date:
        """Today in Europe/London, by Chaser's clock."""
        return today(self.chaser.clock)


def web(request: Request) -> WebContext:
    """The shared context of the app serving ``request``."""
    context: WebContext = request.app.state.web
    return context


async def require_viewer(request: Request) -> Viewer:
    """The signed-in person; a session naming someone no longer known is cleared.

    Raises:
        SignInNeeded: nobody is signed in.
    """
    person_id = request.session.get(SESSION_PERSON)
    if not isinstance(person_id, int):
        raise SignInNeeded
    viewer: Viewer | None = await query(request, load_viewer, person_id=person_id)
    if viewer is None:
        request.session.clear()
        raise SignInNeeded
    request.state.viewer = viewer
    return viewer


def _in_session(ctx: WebContext, fn: Any, **kwargs: Any) -> Any:
    with Session(ctx.chaser.engine) as session:
        return fn(session=session, **kwargs)


async def query(request: Request, fn: Any, **kwargs: Any) -> Any:
    """Run a view-model function in a worker thread (database work stays off the event loop)."""
    return await run_in_threadpool(_in_session, web(request), fn, **kwargs)


def render(request: Request, name: str, context: dict[str, Any] | None = None, *, status_code: int = 200,
           headers: dict[str, str] | None = None) -> HTMLResponse:
    """Render a template (autoescaped) with the viewer and CSRF token available to it."""
    values = {"viewer": getattr(request.state, "viewer", None), **(context or {})}
    return web(request).templates.TemplateResponse(request, name, values, status_code=status_code, headers=headers)
