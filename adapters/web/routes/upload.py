"""Upload a plan or a people file: check it, preview what will change, then confirm (coordinators only)."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from adapters.web import uploads
from adapters.web.context import render, require_viewer, web
from adapters.web.csrf import checked_form
from store.errors import ImportFileError

PENDING = "upload"
FLASH = "flash"
KINDS = {"plan": "a plan", "people": "people"}


async def _coordinator(request: Request) -> None:
    viewer = await require_viewer(request)
    if not viewer.sees_all:
        raise HTTPException(status_code=403, detail="Uploading plans and people is for the coordinator.")


def _kind(request: Request) -> str:
    kind = str(request.path_params["kind"])
    if kind not in KINDS:
        raise HTTPException(status_code=404)
    return kind


def _form(request: Request, kind: str, *, error: str | None = None, status_code: int = 200,
          plan_name: str = "", plan_title: str = "") -> Response:
    limit = uploads.PLAN_LIMIT if kind == "plan" else uploads.PEOPLE_LIMIT
    return render(request, "upload.html", {"kind": kind, "error": error, "plan_name": plan_name,
                                           "plan_title": plan_title,
                                           "limit_kb": limit // 1024}, status_code=status_code)


async def upload_form(request: Request) -> Response:
    """The upload form for a plan or for people."""
    await _coordinator(request)
    return _form(request, _kind(request))


async def upload_preview(request: Request) -> Response:
    """Check the file, run the importer without writing, and show what would change."""
    await _coordinator(request)
    kind = _kind(request)
    limit = uploads.PLAN_LIMIT if kind == "plan" else uploads.PEOPLE_LIMIT
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + 64 * 1024:
        return _form(request, kind, error=f"That file is too big: the limit is {limit // 1024} KB.", status_code=413)
    form = await checked_form(request)
    upload = form.get("file")
    plan_name = " ".join(str(form.get("plan_name") or "").split())[:80] or None
    plan_title = " ".join(str(form.get("plan_title") or "").split())[:200] or None
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _form(request, kind, error="Choose a file first.", status_code=400, plan_name=plan_name or "",
                     plan_title=plan_title or "")
    data = await upload.read(limit + 1)
    try:
        name = uploads.check(filename=upload.filename, data=data, kind=kind)
    except uploads.UploadProblem as problem:
        return _form(request, kind, error=str(problem), status_code=400, plan_name=plan_name or "",
                     plan_title=plan_title or "")
    upload_id = await run_in_threadpool(uploads.keep, name=name, data=data)
    path = uploads.kept_file(upload_id)
    assert path is not None
    ctx = web(request)
    try:
        preview: Any
        if kind == "plan":
            preview = await run_in_threadpool(uploads.preview_plan, engine=ctx.chaser.engine, path=path,
                                              plan_name=plan_name, now=ctx.chaser.clock.now(), title=plan_title)
        else:
            preview = await run_in_threadpool(uploads.preview_people, engine=ctx.chaser.engine, path=path)
    except ImportFileError as problem:
        uploads.discard(upload_id)
        return _form(request, kind, error=str(problem), status_code=400, plan_name=plan_name or "",
                     plan_title=plan_title or "")
    previous = request.session.get(PENDING)
    if isinstance(previous, dict):
        uploads.discard(str(previous.get("id", "")))
    request.session[PENDING] = {"id": upload_id, "kind": kind, "plan": plan_name, "title": plan_title}
    return render(request, "upload_preview.html", {"kind": kind, "p": preview, "name": name, "upload_id": upload_id})


async def upload_confirm(request: Request) -> Response:
    """Import the previewed file for real (the same importer), then show the plan or the people."""
    await _coordinator(request)
    form = await checked_form(request)
    pending = request.session.get(PENDING)
    upload_id = str(form.get("upload_id") or "")
    if not isinstance(pending, dict) or pending.get("id") != upload_id:
        raise HTTPException(status_code=400, detail="That upload is no longer waiting. Upload the file again.")
    path = uploads.kept_file(upload_id)
    if path is None:
        request.session.pop(PENDING, None)
        raise HTTPException(status_code=400, detail="That upload is no longer waiting. Upload the file again.")
    ctx = web(request)
    kind = str(pending.get("kind"))
    try:
        summary = await run_in_threadpool(uploads.import_kept, engine=ctx.chaser.engine, kind=kind, path=path,
                                          plan_name=pending.get("plan"), now=ctx.chaser.clock.now(),
                                          title=pending.get("title"))
    except ImportFileError as problem:  # the database changed since the preview: still nothing written
        return _form(request, kind, error=str(problem), status_code=400)
    finally:
        uploads.discard(upload_id)
        request.session.pop(PENDING, None)
    request.session[FLASH] = {"kind": "notice", "text": summary}
    return RedirectResponse("/" if kind == "plan" else "/people", status_code=303)


routes = [
    Route("/upload/{kind}", upload_form, methods=["GET"]),
    Route("/upload/{kind}", upload_preview, methods=["POST"]),
    Route("/upload-confirm", upload_confirm, methods=["POST"]),
]
