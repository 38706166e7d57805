"""The Outbox page for coordinators: with no SMTP server, every message Chaser "sent", each openable."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from adapters.web import outbox
from adapters.web.context import render, require_viewer, web

SMTP_ON = "Chaser sends mail through the SMTP server (CHASER_SMTP_URL), so there is no outbox to show."
# A message's HTML part is shown as its own page, sandboxed: no script, no form, no framing, inline
# styles only (as mail programs show it); its links (the answer buttons) still open when clicked.
MAIL_CSP = ("sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none'; style-src 'unsafe-inline'; "
            "img-src data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'")


async def _allowed(request: Request) -> None:
    viewer = await require_viewer(request)
    if not viewer.sees_all:
        raise HTTPException(status_code=403, detail="The outbox is for the coordinator.")
    if web(request).chaser.settings.smtp_url is not None:
        raise HTTPException(status_code=404, detail=SMTP_ON)


async def outbox_list(request: Request) -> Response:
    """Newest first: when, to whom, what kind, the subject."""
    await _allowed(request)
    folder = web(request).chaser.settings.outbox_dir
    messages = await run_in_threadpool(outbox.listing, folder)
    return render(request, "outbox.html", {"messages": messages, "folder": str(folder)})


async def outbox_message(request: Request) -> Response:
    """One message's text, its links clickable."""
    await _allowed(request)
    opened = await run_in_threadpool(outbox.open_message, web(request).chaser.settings.outbox_dir,
                                     request.path_params["name"])
    if opened is None:
        raise HTTPException(status_code=404)
    return render(request, "outbox_message.html", {"m": opened})


async def outbox_message_html(request: Request) -> Response:
    """One message's HTML part, as the lead sees it (with its Done / In progress buttons)."""
    await _allowed(request)
    html = await run_in_threadpool(outbox.open_html, web(request).chaser.settings.outbox_dir,
                                   request.path_params["name"])
    if html is None:
        raise HTTPException(status_code=404, detail="That message has no HTML version.")
    return Response(html, media_type="text/html; charset=utf-8", headers={"content-security-policy": MAIL_CSP})


routes = [
    Route("/outbox", outbox_list, methods=["GET"]),
    Route("/outbox/{name}", outbox_message, methods=["GET"]),
    Route("/outbox/{name}/html", outbox_message_html, methods=["GET"]),
]
