"""Reports for coordinators and directors: the exceptions report, weekly summary and progress report."""

from __future__ import annotations

import logging
import re
from datetime import date

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from adapters.web import viewmodels
from adapters.web.access import Viewer
from adapters.web.context import WebContext, query, render, require_viewer, web

log = logging.getLogger(__name__)

KINDS = {
    "exceptions": "Exceptions report",
    "summary": "Weekly summary",
    "progress": "Full progress report",
}
FORMATS = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# Reports carry their own inline CSS (they are email-safe HTML); nothing else may load or run.
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'"


def _require_reader(viewer: Viewer) -> None:
    if not viewer.sees_all:
        raise HTTPException(status_code=403, detail="Reports are for the coordinator and directors.")


def parse_since(value: str | None) -> date | None:
    """An optional ``since`` query parameter, ``YYYY-MM-DD``.

    Raises:
        HTTPException: 400 naming the field when it is not a date.
    """
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        problem = f"'since' must be a date written YYYY-MM-DD, not {value!r}."
        raise HTTPException(status_code=400, detail=problem) from exc


async def reports_page(request: Request) -> Response:
    """Links to every report of every plan."""
    viewer = await require_viewer(request)
    _require_reader(viewer)
    plans = await query(request, viewmodels.visible_plans, viewer=viewer)
    return render(request, "reports.html", {"plans": plans, "kinds": KINDS})


def _render(ctx: WebContext, kind: str, plan_name: str, fmt: str, since: date | None) -> bytes:
    # Built in the report process: a big report never takes the interpreter from the scheduler.
    from reports.process import build_elsewhere

    built = build_elsewhere(engine=ctx.chaser.engine, settings=ctx.chaser.settings, kind=kind, plan_name=plan_name,
                            today=ctx.today(), since=since, formats=(fmt,))
    return built.content[fmt]


async def report(request: Request) -> Response:
    """One report: HTML shown in the browser, DOCX downloaded."""
    viewer = await require_viewer(request)
    _require_reader(viewer)
    kind, fmt = request.path_params["kind"], request.path_params["fmt"]
    if kind not in KINDS or fmt not in FORMATS:
        raise HTTPException(status_code=404)
    since = parse_since(request.query_params.get("since"))
    plans = await query(request, viewmodels.visible_plans, viewer=viewer)
    plan = next((p for p in plans if p.id == request.path_params["plan_id"]), None)
    if plan is None:
        raise HTTPException(status_code=404)
    ctx = web(request)
    try:
        content = await run_in_threadpool(_render, ctx, kind, plan.name, fmt, since)
    except Exception as exc:  # a failed report is a polite page, not a traceback
        log.error("web report %s/%s failed: %s", kind, fmt, type(exc).__name__)
        raise HTTPException(status_code=503, detail="Chaser could not write that report just now.") from exc
    if fmt == "html":
        return Response(content, media_type=FORMATS[fmt], headers={"Content-Security-Policy": REPORT_CSP})
    filename = re.sub(r"[^A-Za-z0-9._-]+", "-", f"{plan.name}-{kind}-{ctx.today().isoformat()}.docx")
    disposition = f'attachment; filename="{filename}"'
    return Response(content, media_type=FORMATS[fmt], headers={"Content-Disposition": disposition})


routes = [
    Route("/reports", reports_page, methods=["GET"]),
    Route("/reports/{plan_id:int}/{kind}.{fmt}", report, methods=["GET"]),
]
