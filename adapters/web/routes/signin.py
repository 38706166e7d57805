"""The sign-in pages: ask for a link by email, open the link, confirm, sign out.

Opening a link only shows a button; the token is used when the button is pressed (a POST), so a mail
scanner that fetches links cannot use someone's link up.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from adapters.web.auth import (
    SIGNIN_MINUTES,
    SigninProblem,
    claim_signin_email,
    end_sessions,
    is_used,
    person_for_email,
    redeem,
    send_signin_link,
    start_session,
)
from adapters.web.context import SESSION_GENERATION, SESSION_PERSON, render, web
from adapters.web.csrf import checked_form, renew_csrf_token

PROBLEMS = {
    "expired": "This sign-in link has expired.",
    "used": "This sign-in link has already been used.",
    "invalid": "This sign-in link is not valid.",
}


async def signin_form(request: Request) -> Response:
    """The form asking for an email address."""
    if isinstance(request.session.get(SESSION_PERSON), int):
        return RedirectResponse("/", status_code=303)
    return render(request, "signin.html", {"minutes": SIGNIN_MINUTES, "no_mail": _no_mail_server(request)})


async def signin_request(request: Request) -> Response:
    """Email a link if the address is known; the page says the same either way (no account enumeration)."""
    form = await checked_form(request)
    email = str(form.get("email") or "")
    ctx = web(request)
    person = await run_in_threadpool(person_for_email, engine=ctx.chaser.engine, email=email)
    # The same work whether or not the address has an account (a claim written, a token signed),
    # and the email sent after the response: the timing tells nobody which addresses are known.
    claimed = await run_in_threadpool(claim_signin_email, engine=ctx.chaser.engine,
                                      person_id=person.id if person is not None else None,
                                      now=ctx.chaser.clock.now(), address=email)
    link = f"{ctx.base_url}/signin/{quote(ctx.tokens.issue(person.id if person and person.id else 0))}"
    task = None
    if person is not None and person.id is not None and claimed:
        task = BackgroundTask(send_signin_link, mailer=ctx.mailer, person=person, link=link,
                              sender=ctx.chaser.settings.email_from)
    response = render(request, "signin_sent.html", {"minutes": SIGNIN_MINUTES, "no_mail": _no_mail_server(request)})
    response.background = task
    return response


def _no_mail_server(request: Request) -> bool:
    """No SMTP server configured: the sign-in link is written to the outbox folder, and the page says where."""
    return web(request).chaser.settings.smtp_url is None


def _problem(request: Request, reason: str) -> Response:
    return render(request, "signin_problem.html", {"message": PROBLEMS[reason]}, status_code=400)


async def signin_link(request: Request) -> Response:
    """The page an emailed link opens: a button that signs in, or why the link cannot be used."""
    token = request.path_params["token"]
    ctx = web(request)
    try:
        ctx.tokens.person_id(token)
    except SigninProblem as problem:
        return _problem(request, problem.reason)
    if await run_in_threadpool(is_used, engine=ctx.chaser.engine, token=token):
        return _problem(request, "used")
    return render(request, "signin_confirm.html", {"token": token})


async def signin_confirm(request: Request) -> Response:
    """Use the link once and start a fresh session (a new session id and CSRF token)."""
    await checked_form(request)
    ctx = web(request)
    try:
        person_id = await run_in_threadpool(redeem, engine=ctx.chaser.engine, tokens=ctx.tokens,
                                            token=request.path_params["token"])
    except SigninProblem as problem:
        return _problem(request, problem.reason)
    await open_session(request, person_id=person_id)
    return RedirectResponse("/", status_code=303)


async def signout(request: Request) -> Response:
    """End the session: on the server too, so a copy of the cookie no longer works."""
    await checked_form(request)
    person_id = request.session.get(SESSION_PERSON)
    if isinstance(person_id, int):
        await run_in_threadpool(end_sessions, engine=web(request).chaser.engine, person_id=person_id)
    request.session.clear()
    return RedirectResponse("/signin", status_code=303)


routes = [
    Route("/signin", signin_form, methods=["GET"]),
    Route("/signin", signin_request, methods=["POST"]),
    Route("/signin/{token}", signin_link, methods=["GET"]),
    Route("/signin/{token}", signin_confirm, methods=["POST"]),
    Route("/signout", signout, methods=["POST"]),
]


async def open_session(request: Request, *, person_id: int) -> None:
    """Sign ``person_id`` in on this browser: a fresh session carrying the person's new session
    generation (so every older cookie of theirs stops working) and a fresh CSRF token."""
    generation = await run_in_threadpool(start_session, engine=web(request).chaser.engine, person_id=person_id)
    request.session.clear()
    request.session[SESSION_PERSON] = person_id
    request.session[SESSION_GENERATION] = generation
    renew_csrf_token(request)
