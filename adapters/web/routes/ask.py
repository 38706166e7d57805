"""The Ask box: a question in plain English, answered as on the command line (not cut to chat's first few lines;
a list longer than fifty says so and links the plan's filtered list), with links to the actions it lists."""

from __future__ import annotations

import logging
from typing import Any

from sqlmodel import Session, col, select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from adapters.web import viewmodels
from adapters.web.access import Viewer, visible_actions
from adapters.web.context import WebContext, query, render, require_viewer, web
from adapters.web.csrf import checked_form
from store.models import Action, Plan

log = logging.getLogger(__name__)

ASK_FAILED = "Sorry, Chaser could not answer that just now. Please try again in a few minutes."


def _answer(ctx: WebContext, viewer: Viewer, question: str, plan_name: str | None) -> tuple[str, list[tuple[str, int]]]:
    """The answer's text, and links to the actions it lists that the viewer may open."""
    from bot.answers.listing import LIST_LIMIT
    from bot.answers.questions import answer_question  # imported when used: the questions are built on their own branch

    answer = answer_question(chaser=ctx.chaser, question=question, plan_name=plan_name, asker=viewer.name,
                             brief=False)
    # A long answer lists only its first LIST_LIMIT actions: link those, not every ref it counts.
    refs = [str(ref) for ref in answer.to_json().get("actions") or []][:LIST_LIMIT]
    links: list[tuple[str, int]] = []
    if refs:
        with Session(ctx.chaser.engine) as session:
            query = select(Action.ref, Action.id, Plan.name).join(Plan, col(Plan.id) == col(Action.plan_id)).where(
                col(Action.ref).in_(refs), visible_actions(viewer))
            if plan_name:
                query = query.where(Plan.name == plan_name)
            found: dict[str, list[int]] = {}
            for ref, action_id, _plan in session.exec(query):
                found.setdefault(ref, []).append(action_id or 0)
        # A ref in two plans is ambiguous without a plan: link only refs that name one action.
        links = [(ref, found[ref][0]) for ref in refs if len(found.get(ref, [])) == 1]
    return str(answer.text), links


def _keeps_state(question: str, ctx: WebContext) -> bool:
    """Whether answering would change something ("more" consumes what a chat kept back): a GET only fills the box."""
    from nlp.questions import parse_question
    from store.clock import today

    return parse_question(question, today=today(ctx.chaser.clock)).intent == "more"


QUESTION_LIMIT = 300  # a question in the address bar; the form has no limit of its own


async def ask_page(request: Request) -> Response:
    """The Ask box (GET) or its answer (POST)."""
    viewer = await require_viewer(request)
    plans = await query(request, viewmodels.visible_plans, viewer=viewer)
    context: dict[str, Any] = {"plans": plans, "question": "", "plan_name": ""}
    if request.method == "GET":
        # ?q= asks at once (answering reads, never writes): the dashboard's figures link here
        question = " ".join(request.query_params.get("q", "").split())[:QUESTION_LIMIT]
        if not question or _keeps_state(question, web(request)):
            return render(request, "ask.html", context | {"question": question})
        plan_name = None
    else:
        form = await checked_form(request)
        question = str(form.get("question") or "").strip()
        plan_name = str(form.get("plan") or "") or None
    if plan_name not in {None, *(plan.name for plan in plans)}:
        plan_name = None  # a plan the viewer cannot see is treated as no plan, never revealed
    context.update(question=question, plan_name=plan_name or "")
    if not question:
        context["error"] = "Type a question first, for example: what's overdue in section 7?"
        return render(request, "ask.html", context, status_code=400)
    try:
        text, links = await run_in_threadpool(_answer, web(request), viewer, question, plan_name)
    except Exception as exc:  # a failed answer is reported politely; the page keeps working
        log.error("web question failed: %s", type(exc).__name__)
        context["error"] = ASK_FAILED
        return render(request, "ask.html", context, status_code=503)
    context.update(answer=text, links=links)
    return render(request, "ask.html", context)


routes = [Route("/ask", ask_page, methods=["GET", "POST"])]
