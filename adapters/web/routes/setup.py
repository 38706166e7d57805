"""The first-run pages: what to do on an empty database, the setup form, and the three ways to start."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from adapters.web import first_run
from adapters.web.auth import signing_secret
from adapters.web.context import render, require_viewer, web
from adapters.web.csrf import checked_form
from adapters.web.example import load_example
from adapters.web.routes.signin import open_session

FLASH = "flash"
NOT_YOUR_LINK = ("That setup link is not right. Use the link `chaser serve` printed in its terminal "
                 "(it starts http://…/setup?token=).")


def _secret(request: Request) -> str:
    return signing_secret(web(request).chaser.settings)


async def _has_people(request: Request) -> bool:
    return await run_in_threadpool(first_run.people_count, engine=web(request).chaser.engine) > 0


async def welcome(request: Request) -> Response:
    """``/`` for someone not signed in: on an empty database, what to do first; otherwise, sign in."""
    if await _has_people(request):
        return RedirectResponse("/signin", status_code=303)
    return render(request, "welcome.html")


async def setup_form(request: Request) -> Response:
    """The setup link's page: the first coordinator's name and email."""
    if await _has_people(request):
        return render(request, "setup_done.html", status_code=410)
    token = request.query_params.get("token", "")
    if not first_run.setup_token_ok(_secret(request), token):
        raise HTTPException(status_code=403, detail=NOT_YOUR_LINK)
    return render(request, "setup.html", {"token": token, "name": "", "email": ""})


async def setup_create(request: Request) -> Response:
    """Create the first coordinator and sign them in (a new session), then offer the ways to start."""
    form = await checked_form(request)
    token, name, email = (str(form.get(k) or "") for k in ("token", "name", "email"))
    if not first_run.setup_token_ok(_secret(request), token):
        raise HTTPException(status_code=403, detail=NOT_YOUR_LINK)
    try:
        person_id = await run_in_threadpool(first_run.create_first_coordinator, engine=web(request).chaser.engine,
                                            name=name, email=email)
    except first_run.SetupProblem as problem:
        return render(request, "setup.html", {"token": token, "name": name, "email": email, "error": str(problem)},
                      status_code=400)
    if person_id is None:
        return render(request, "setup_done.html", status_code=410)
    await open_session(request, person_id=person_id)
    return RedirectResponse("/setup/start", status_code=303)


async def start(request: Request) -> Response:
    """Upload a plan, upload people, or load the example."""
    viewer = await require_viewer(request)
    if not viewer.sees_all:
        raise HTTPException(status_code=403)
    return render(request, "setup_start.html")


async def example(request: Request) -> Response:
    """Load the example plan and people and send one round of requests, then show the dashboard."""
    viewer = await require_viewer(request)
    if not viewer.sees_all:
        raise HTTPException(status_code=403)
    await checked_form(request)
    loaded = await run_in_threadpool(lambda: load_example(chaser=web(request).chaser))
    request.session[FLASH] = {"kind": "notice", "text": "\n".join((loaded.people, loaded.plan, loaded.cycle))}
    return RedirectResponse("/", status_code=303)


routes = [
    Route("/setup", setup_form, methods=["GET"]),
    Route("/setup", setup_create, methods=["POST"]),
    Route("/setup/start", start, methods=["GET"]),
    Route("/setup/example", example, methods=["POST"]),
]
