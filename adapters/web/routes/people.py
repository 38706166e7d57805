"""The People page for coordinators: who leads what, how Chaser reaches them, away-until, last reply."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, col, select
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from adapters.web.context import query, render, require_viewer, web
from adapters.web.csrf import checked_form
from adapters.web.invites import PLATFORMS, InviteProblem, invite
from store.models import Action, ActionPerson, InboundMessage, Person, Plan

CHAT = (("slack_id", "Slack"), ("teams_id", "Teams"), ("telegram_id", "Telegram"))


@dataclass(frozen=True)
class PersonRow:
    """One person as the People page lists them."""

    id: int
    name: str
    role_title: str
    roles: list[str]
    email: str
    channel: str
    linked: list[str]
    away_until: date | None
    leads: list[tuple[int, str]]  # (action id, "plan ref")
    last_reply: datetime | None


def people_rows(*, session: Session) -> list[PersonRow]:
    """Every real person, by name, with the actions they lead and when they last wrote in."""
    leads: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for person_id, action_id, ref, plan in session.exec(
        select(ActionPerson.person_id, Action.id, Action.ref, Plan.name)
        .join(Action, col(Action.id) == col(ActionPerson.action_id)).join(Plan, col(Plan.id) == col(Action.plan_id))
        .where(ActionPerson.role == "lead").order_by(col(Plan.name), col(Action.position))
    ):
        leads[person_id].append((action_id or 0, f"{plan} {ref}"))
    last = dict(session.exec(select(InboundMessage.person_id, func.max(InboundMessage.received_at))
                             .where(col(InboundMessage.person_id).is_not(None), InboundMessage.state == "processed")
                             .group_by(col(InboundMessage.person_id))).all())
    rows = []
    for p in session.exec(select(Person).where(col(Person.placeholder).is_(False)).order_by(col(Person.name))):
        assert p.id is not None
        rows.append(PersonRow(id=p.id, name=p.name, role_title=p.role_title, roles=list(p.roles or []),
                              email=p.email or "", channel=p.channel or "email",
                              linked=[label for field, label in CHAT if getattr(p, field)],
                              away_until=p.away_until, leads=leads.get(p.id, []), last_reply=last.get(p.id)))
    return rows


async def people_page(request: Request) -> Response:
    """The list of people (coordinators and directors only)."""
    viewer = await require_viewer(request)
    if not viewer.sees_all:
        raise HTTPException(status_code=403, detail="The people list is for the coordinator.")
    rows = await query(request, people_rows)
    return render(request, "people.html", {"people": rows, "flash": request.session.pop("flash", None),
                                           "platforms": PLATFORMS})


async def people_invite(request: Request) -> Response:
    """Email a person a one-time code to link a chat account, then show the People page again."""
    viewer = await require_viewer(request)
    if not viewer.sees_all:
        raise HTTPException(status_code=403, detail="Inviting people is for the coordinator.")
    form = await checked_form(request)
    chaser = web(request).chaser
    try:
        said = await run_in_threadpool(lambda: invite(chaser=chaser, person_id=request.path_params["person_id"],
                                                      channel=str(form.get("channel") or "")))
        request.session["flash"] = {"kind": "notice", "text": said}
    except InviteProblem as problem:
        request.session["flash"] = {"kind": "problem", "text": str(problem)}
    return RedirectResponse("/people", status_code=303)


routes = [
    Route("/people", people_page, methods=["GET"]),
    Route("/people/{person_id:int}/invite", people_invite, methods=["POST"]),
]
