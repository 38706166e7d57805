"""The signed-in pages: dashboard, a plan's actions, an action's evidence trail and its update form."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from adapters.web import charts as charts_module
from adapters.web import indicators as indicator_model
from adapters.web import viewmodels
from adapters.web.access import Viewer
from adapters.web.context import SESSION_PERSON, WebContext, query, render, require_viewer, web
from adapters.web.csrf import checked_form
from bot.ports import InboundMessage, OutboundMessage
from store.models import RAGS, STATUSES

log = logging.getLogger(__name__)

_FLASH = "flash"
NOT_APPLIED = (
    "Chaser kept your words but could not apply them just now, so nothing on this action has changed. "
    "Please try again later, or tell the plan's coordinator."
)
UPDATE_FAILED = (
    "Sorry, Chaser could not record that update just now. Your words are still in the box below: "
    "please try again in a few minutes, or reply to your last request email instead."
)


async def dashboard(request: Request) -> Response:
    """Headline figures, RAG by section and the trend as SVG with their numbers, then each plan's tallies.

    Someone not signed in is told what to do first on an empty database, and sent to sign in otherwise.
    """
    if not isinstance(request.session.get(SESSION_PERSON), int):
        from adapters.web.routes.setup import welcome

        return await welcome(request)
    viewer = await require_viewer(request)
    ctx = web(request)
    today = ctx.today()
    board = await query(request, viewmodels.dashboard, viewer=viewer, today=today)  # one count of the actions
    plans, headline, trend = board.plans, board.headline, board.trend
    charts = {p.plan_id: charts_module.rag_by_section(p.sections, chart_id=f"rag-{p.plan_id}") for p in plans}
    indicators = await query(request, indicator_model.dashboard_indicators, viewer=viewer)
    first_rounds = await query(request, _first_rounds, chaser=ctx.chaser) if viewer.sees_all else []
    return render(request, "dashboard.html", {
        "plans": plans, "today": today, "statuses": STATUSES, "rags": RAGS, "headline": headline, "trend": trend,
        "trend_chart": charts_module.trend_chart(trend, chart_id="trend"), "charts": charts,
        "flash": request.session.pop(_FLASH, None), "outbox": ctx.chaser.settings.smtp_url is None,
        "indicators": indicators, "first_rounds": first_rounds,
    })


def _first_rounds(*, session: Any, chaser: Any) -> list[dict[str, str]]:
    """For each plan no request has gone out for yet: when the scheduler sends its first round, and its
    schedule, so that a coordinator who has just uploaded a plan knows what happens next."""
    from zoneinfo import ZoneInfo

    from bot.cycle.periods import next_round_at
    from bot.cycle.scheduler import TICK_MINUTES

    now = chaser.clock.now()
    notes = []
    for plan in viewmodels.plans_never_chased(session=session):
        schedule = chaser.settings.schedule_for(plan.name)
        at = next_round_at(schedule, now)
        local = at.astimezone(ZoneInfo(schedule.timezone))
        when = (f"within {TICK_MINUTES} minutes" if at <= now
                else f"on {local:%a %d %b %Y}" + ("" if local.time() == local.time().min else f" at {local:%H:%M}"))
        notes.append({"name": plan.name, "title": plan.title or plan.name, "when": when,
                      "schedule": f"{schedule.cadence}, {schedule.day.capitalize()} {schedule.time:%H:%M}"})
    return notes


def _choice(value: str | None, allowed: tuple[str, ...]) -> str | None:
    return value if value in allowed else None


async def plan_page(request: Request) -> Response:
    """A plan's actions that the viewer may see, filterable by section, status and RAG."""
    viewer = await require_viewer(request)
    ctx = web(request)
    params = request.query_params
    filters = {
        "section": params.get("section") or None,
        "status": _choice(params.get("status"), STATUSES),
        "rag": _choice(params.get("rag"), RAGS),
    }
    found = await query(request, viewmodels.plan_actions, viewer=viewer, plan_id=request.path_params["plan_id"],
                        today=ctx.today(), **filters)
    if found is None:
        raise HTTPException(status_code=404)
    plan, sections, rows = found
    indicators = await query(request, indicator_model.plan_indicators, viewer=viewer, plan_id=plan.id)
    return render(request, "plan.html", {"plan": plan, "sections": sections, "rows": rows, "filters": filters,
                                         "statuses": STATUSES, "rags": RAGS, "today": ctx.today(),
                                         "indicators": indicators.views if indicators else []})


async def _detail(request: Request, viewer: Viewer) -> viewmodels.ActionDetail:
    detail = await query(request, viewmodels.action_detail, viewer=viewer, action_id=request.path_params["action_id"],
                         today=web(request).today())
    if detail is None:  # unknown and not-yours look the same: no hint that the action exists
        raise HTTPException(status_code=404)
    assert isinstance(detail, viewmodels.ActionDetail)
    return detail


async def action_page(request: Request) -> Response:
    """An action's fields and its full update history, with the update form for its lead."""
    viewer = await require_viewer(request)
    detail = await _detail(request, viewer)
    flash = request.session.pop(_FLASH, None)
    return render(request, "action.html", {"d": detail, "confirmation": flash, "today": web(request).today()})


def _handle(ctx: WebContext, message: InboundMessage) -> list[OutboundMessage]:
    from bot.inbound.service import handle_inbound  # imported when used: the service is built on its own branch

    return list(handle_inbound(chaser=ctx.chaser, message=message))


async def action_update(request: Request) -> Response:
    """Send the lead's free text through the same service as every channel, then show its confirmation."""
    viewer = await require_viewer(request)
    form = await checked_form(request)
    detail = await _detail(request, viewer)
    if not detail.can_update:
        raise HTTPException(status_code=403, detail="Only this action's lead can send an update on it.")
    # The form starts with the ref ("7.2: "), so the words themselves say which action they are about,
    # whichever channel they are read from later; the headers say it as well, for the service.
    text = str(form.get("text") or "").strip()
    context: dict[str, Any] = {"d": detail, "today": web(request).today(), "draft": text}
    if not text or text.rstrip(": ") == detail.row.ref:  # nothing beyond the ref the form starts with
        context["error"] = "Write your update in the box first."
        return render(request, "action.html", context, status_code=400)
    ctx = web(request)
    message = InboundMessage(
        channel="web", message_id=str(uuid.uuid4()), sender=viewer.name, text=text,
        written_at=ctx.chaser.clock.now(),
        # The page names the action even when the words do not: the service may use it as "the only action".
        headers={"action_ref": detail.row.ref, "plan": detail.plan.name},
    )
    try:
        replies = await run_in_threadpool(_handle, ctx, message)
    except Exception as exc:  # one failed update is reported on the page, never lost silently
        log.error("web update on action %s failed: %s", detail.row.id, type(exc).__name__)
        context["error"] = UPDATE_FAILED
        return render(request, "action.html", context, status_code=503)
    if replies:
        flash = {"kind": "notice", "text": "\n\n".join(reply.text for reply in replies)}
    else:  # nothing to confirm: say honestly whether the service could use the words
        state = await query(request, viewmodels.inbound_state, channel="web", message_id=message.message_id)
        flash = {"kind": "notice", "text": "Thank you: your update was received."}
        if state != "processed":
            flash = {"kind": "problem", "text": NOT_APPLIED}
    request.session[_FLASH] = flash
    return RedirectResponse(f"/actions/{detail.row.id}", status_code=303)


routes = [
    Route("/", dashboard, methods=["GET"]),
    Route("/plans/{plan_id:int}", plan_page, methods=["GET"]),
    Route("/actions/{action_id:int}", action_page, methods=["GET"]),
    Route("/actions/{action_id:int}/update", action_update, methods=["POST"]),
]
