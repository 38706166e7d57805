"""CSRF protection: every POST form carries the session's token, and a submit without it gets 403."""

from __future__ import annotations

import hmac
import secrets

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request

FIELD = "csrf_token"
_SESSION_KEY = "csrf"


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use (templates put it in a hidden field named ``csrf_token``)."""
    token = request.session.get(_SESSION_KEY)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        request.session[_SESSION_KEY] = token
    return token


def renew_csrf_token(request: Request) -> str:
    """A fresh token, for a new session (after signing in)."""
    request.session.pop(_SESSION_KEY, None)
    return csrf_token(request)


async def checked_form(request: Request) -> FormData:
    """The submitted form, once its CSRF token matches the session's.

    Raises:
        HTTPException: 403 when the token is missing or wrong (or the session has none).
    """
    form = await request.form()
    expected = request.session.get(_SESSION_KEY)
    submitted = form.get(FIELD)
    if not isinstance(expected, str) or not isinstance(submitted, str) or not expected:
        raise HTTPException(status_code=403, detail="This form has expired. Go back, reload the page and try again.")
    if not hmac.compare_digest(expected.encode(), submitted.encode()):
        raise HTTPException(status_code=403, detail="This form has expired. Go back, reload the page and try again.")
    return form
