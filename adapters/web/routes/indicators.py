"""An indicator's page: its readings with the words they came from, target, trajectory and trend chart;
and the coordinator's form for its polarity, tolerance and owner (CSRF-checked)."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from adapters.web import indicators as model
from adapters.web.context import query, render, require_viewer, web
from adapters.web.csrf import checked_form
from reports.indicator_chart import svg

_FLASH = "indicator_flash"


async def _page(request: Request) -> model.IndicatorPage:
    viewer = await require_viewer(request)
    page = await query(request, model.indicator_page, viewer=viewer, plan_id=request.path_params["plan_id"],
                       key=request.path_params["key"])
    if page is None:  # unknown and not-yours look the same: no hint that the indicator exists
        raise HTTPException(status_code=404)
    assert isinstance(page, model.IndicatorPage)
    return page


def _show(request: Request, page: model.IndicatorPage, *, status_code: int = 200, **extra: object) -> Response:
    chart = svg(page.view, chart_id="trend", width=560, height=200, labels=True)
    return render(request, "indicator.html", {
        "p": page, "v": page.view, "chart": chart, "polarities": model.POLARITY_WORDS,
        "flash": request.session.pop(_FLASH, None), **extra,
    }, status_code=status_code)


async def indicator_view(request: Request) -> Response:
    """One indicator: figures, RAG in words, trend chart with its numbers in a table, the readings' evidence."""
    return _show(request, await _page(request))


async def indicator_settings(request: Request) -> Response:
    """The coordinator sets which way is better, the tolerance and the owner; each change is logged."""
    viewer = await require_viewer(request)
    form = await checked_form(request)
    page = await _page(request)
    if not page.can_edit:
        raise HTTPException(status_code=403, detail="Only the plan's coordinator can change an indicator's settings.")
    try:
        polarity, pct, owner_id = model.parse_settings(polarity=str(form.get("polarity") or ""),
                                                       tolerance=str(form.get("tolerance") or ""),
                                                       owner=str(form.get("owner") or ""))
        await query(request, model.save_settings, viewer=viewer, plan_id=page.plan.id or 0, key=page.view.key,
                    polarity=polarity, tolerance_pct=pct, owner_id=owner_id, now=web(request).chaser.clock.now())
    except model.SettingsError as problem:
        return _show(request, page, status_code=400, error=str(problem))
    request.session[_FLASH] = "Settings saved."
    return RedirectResponse(f"/plans/{page.plan.id}/indicators/{page.view.key}", status_code=303)


routes = [
    Route("/plans/{plan_id:int}/indicators/{key}", indicator_view, methods=["GET"]),
    Route("/plans/{plan_id:int}/indicators/{key}/settings", indicator_settings, methods=["POST"]),
]
