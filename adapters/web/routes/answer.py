"""One-tap answers from a request: the signed link opens a page, and only its Confirm button records.

Mail scanners (Outlook Safe Links, antivirus gateways) fetch every link in a message, so a GET never
changes anything: it shows the choice filled in and one Confirm button (a POST with a CSRF token).
The POST hands the service one InboundMessage through ``bot.inbound.intake.take``, the path every
channel uses; its id comes from the form, so pressing Confirm twice records one answer.
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from adapters.web import answers
from adapters.web.context import WebContext, query, render, web
from adapters.web.csrf import checked_form
from bot.bootstrap import answer_links
from bot.ports import QUICK_CHOICES, InboundMessage

log = logging.getLogger(__name__)

WAIT_STEPS, WAIT_STEP_SECONDS = 30, 0.1
FORM_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
PROBLEMS = {
    "invalid": "This answer link is not valid. Open the link in your latest request email, or reply to that "
               "email in your own words.",
    "expired": "This answer link has expired with the request it came in. Reply to your latest request email "
               "instead, or wait for the next one.",
}
FAILED = ("Sorry, Chaser could not record that just now. Nothing has changed: press Confirm again in a few "
          "minutes, or reply to your request email instead.")


async def _round(request: Request) -> answers.AnswerRound:
    ctx = web(request)
    try:
        found = await query(request, answers.load_round, links=answer_links(ctx.chaser),
                            token=request.path_params["token"], now=ctx.chaser.clock.now())
    except answers.LinkProblem as problem:
        status = 410 if problem.reason == "expired" else 404
        raise HTTPException(status_code=status, detail=PROBLEMS[problem.reason]) from problem
    assert isinstance(found, answers.AnswerRound)
    return found


def _page(request: Request, answer_round: answers.AnswerRound, *, shown: list[answers.OpenAction],
          chosen: dict[int, str] | None = None, error: str | None = None, status_code: int = 200,
          confirm: bool = False) -> Response:
    values = {"r": answer_round, "shown": shown, "chosen": chosen or {}, "choices": QUICK_CHOICES, "error": error,
              "form_id": secrets.token_urlsafe(24), "token": request.path_params["token"], "confirm": confirm}
    return render(request, "answer.html", values, status_code=status_code)


async def answer_page(request: Request) -> Response:
    """All the lead's open actions in the round, each with the quick choices, a date, a percent and a note."""
    answer_round = await _round(request)
    return _page(request, answer_round, shown=answer_round.actions)


def _already_complete(request: Request, answer_round: answers.AnswerRound) -> Response | None:
    """The page for a link to an action that is complete now: the lead pressed Back after answering Done,
    or opened the same link in the email again. They are told it is recorded, not "page not found"."""
    done = answer_round.completed_action(request.path_params["action_id"])
    if done is None:
        return None
    return render(request, "answer_complete.html", {"r": answer_round, "a": done,
                                                    "token": request.path_params["token"]})


async def one_action(request: Request) -> Response:
    """The "Update..." link: one action with every field."""
    answer_round = await _round(request)
    action = answer_round.action(request.path_params["action_id"])
    if action is None:
        if (complete := _already_complete(request, answer_round)) is not None:
            return complete
        raise HTTPException(status_code=404, detail="That action is not one of your open actions in this round.")
    return _page(request, answer_round, shown=[action])


async def choice_page(request: Request) -> Response:
    """A one-tap link: the choice filled in and one Confirm button; nothing is recorded until it is pressed."""
    answer_round = await _round(request)
    action = answer_round.action(request.path_params["action_id"])
    choice = request.path_params["choice"]
    if action is None and choice in answers.CHOICES and (complete := _already_complete(request, answer_round)):
        return complete
    if action is None:
        raise HTTPException(status_code=404, detail="That action is not one of your open actions in this round.")
    if choice not in answers.CHOICES:  # the link's last word cut or changed (a mail program wrapped it): no choice
        return _page(request, answer_round, shown=[action])  # is made for the lead, who can still choose here
    return _page(request, answer_round, shown=[action], chosen={action.id: choice}, confirm=True)


async def not_an_answer_link(request: Request) -> Response:
    """Anything else under /answer/: a link cut or changed on its way, shown as an answer link that does not
    work (not as a sign-in page, which a lead has no use for)."""
    raise HTTPException(status_code=404, detail=PROBLEMS["invalid"])


def _take(ctx: WebContext, message: InboundMessage) -> None:
    from bot.inbound.intake import take

    take(chaser=ctx.chaser, message=message)


async def confirm(request: Request) -> Response:
    """Record the confirmed answers through the service, once per form, and show what was recorded."""
    form_data = await checked_form(request)
    answer_round = await _round(request)
    form: dict[str, Any] = {key: str(value) for key, value in form_data.items() if isinstance(value, str)}
    form_id = form.get("form_id", "")
    if not FORM_ID.match(form_id):
        raise HTTPException(status_code=400, detail="This form is incomplete. Open the link again and confirm.")
    message_id = f"answer:{form_id}"
    ctx = web(request)
    earlier = await query(request, answers.outcome, message_id=message_id)
    if earlier is None:
        try:
            quick = answers.quick_answers(form=form, answer_round=answer_round)
            figures = answers.figure_words(form=form, answer_round=answer_round)
        except answers.FormProblem as problem:
            return _page(request, answer_round, shown=answer_round.actions, error=str(problem), status_code=400)
        if not quick and not figures:
            return _page(request, answer_round, shown=answer_round.actions, status_code=400,
                         error="Choose an answer (or give a date, a percent or a note) for at least one action, "
                               "or give a figure.")
        message = answers.inbound(form_id=form_id, answers=quick, answer_round=answer_round, form=form,
                                  now=ctx.chaser.clock.now(), figures=figures)
        try:
            await run_in_threadpool(_take, ctx, message)
        except Exception as exc:  # reported on the page; the stored message (if any) is processed later
            log.error("web answer for request %s failed: %s", answer_round.request_id, type(exc).__name__)
            return _page(request, answer_round, shown=answer_round.actions, error=FAILED, status_code=503)
    result = await query(request, answers.outcome, message_id=message_id)
    for _ in range(WAIT_STEPS):  # `chaser serve` processes in its worker: show the result if it comes soon
        if result is None or result.state != "new":
            break
        await asyncio.sleep(WAIT_STEP_SECONDS)
        result = await query(request, answers.outcome, message_id=message_id)
    return render(request, "answer_done.html", {"r": answer_round, "result": result, "again": earlier is not None,
                                                "token": request.path_params["token"]})


routes = [
    Route("/answer/{token}", answer_page, methods=["GET"]),
    Route("/answer/{token}", confirm, methods=["POST"]),
    Route("/answer/{token}/{action_id:int}", one_action, methods=["GET"]),
    Route("/answer/{token}/{action_id:int}/{choice}", choice_page, methods=["GET"]),
    Route("/answer/{token}/{rest:path}", not_an_answer_link, methods=["GET"]),
]
