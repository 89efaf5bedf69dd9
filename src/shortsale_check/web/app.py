"""The upload page and the scan API.

``GET /`` is the page; ``POST /api/scan`` (multipart, parts named ``files``) answers with the findings
JSON; with ``?view=page`` it answers with links to the HTML report, the JSON and the request letter,
kept in memory for a few minutes.  Uploads live in a private temporary folder deleted as soon as the
scan ends; nothing but counts and timings is logged.
"""

from __future__ import annotations

import json
import logging
import shutil
import time
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from ..match import Matcher
from ..packet import PacketFile
from .jobs import MatcherFactory, ScanPool, default_root, new_folder, remove_stale
from .limits import ACCEPTED, Refused, WebLimits, safe_name, sniff_kind
from .store import ResultStore

log = logging.getLogger("shortsale_check.web")
HERE = Path(str(package_files("shortsale_check.web")))
CHUNK = 1024 * 1024
FORM_OVERHEAD = 256 * 1024  # multipart boundaries and headers on top of the files themselves
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'; "
    "frame-ancestors 'self'; sandbox allow-downloads"
)
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class SecurityHeaders:
    """Adds a strict CSP and the other security headers to every response (the report may be framed by us)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        report = str(scope.get("path", "")).endswith("/report.html")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", (REPORT_CSP if report else PAGE_CSP).encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"SAMEORIGIN" if report else b"DENY"),
                    (b"cross-origin-opener-policy", b"same-origin"),
                    (b"cross-origin-resource-policy", b"same-origin"),
                    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
                    (b"cache-control", b"no-store"),
                ]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(
    limits: WebLimits | None = None,
    *,
    matcher_factory: MatcherFactory = Matcher,
    work_root: Path | None = None,
) -> FastAPI:
    """The app; ``work_root`` holds the per-upload folders (stale ones are removed at start)."""
    limits = limits or WebLimits()
    root = work_root or default_root()
    pool = ScanPool(limits, matcher_factory)
    store = ResultStore(limits.result_ttl_seconds)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        removed = remove_stale(root)
        if removed:
            log.info("removed %d stale upload folder(s)", removed)
        pool.warm()
        yield
        pool.shutdown()
        remove_stale(root)

    app = FastAPI(title="shortsale-check", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.pool, app.state.store, app.state.root, app.state.limits = pool, store, root, limits
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.get("/")
    async def index() -> Response:
        return Response((HERE / "static" / "index.html").read_bytes(), media_type="text/html; charset=utf-8")

    @app.get("/api/limits")
    async def get_limits() -> dict[str, float]:
        return {
            "max_files": limits.max_files,
            "max_total_bytes": limits.max_total_bytes,
            "max_pages": limits.max_pages,
            "max_seconds": limits.max_seconds,
        }

    @app.get("/api/queue")
    async def queue(ticket: str | None = None) -> dict[str, int | None]:
        return pool.status(ticket)

    @app.post("/api/scan")
    async def scan(request: Request, view: str = "json", ticket: str = "") -> Response:
        try:
            return await _scan(request, view == "page", ticket[:64] or "-")
        except Refused as exc:
            return JSONResponse({"error": exc.message}, status_code=exc.status)

    async def _scan(request: Request, page: bool, ticket: str) -> Response:
        start = time.monotonic()
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limits.max_total_bytes + FORM_OVERHEAD:
            raise Refused(413, _too_big(limits))
        folder = new_folder(root)
        try:
            files, size = await _receive(request, folder, limits)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        out = await pool.run(ticket, folder, files, page)  # the folder is deleted when it returns
        log.info(
            "scan: files=%d pages=%d bytes=%d scan_s=%.2f total_s=%.2f",
            len(files),
            out.pages,
            size,
            out.seconds,
            time.monotonic() - start,
        )
        if out.error is not None:
            raise Refused(out.status, out.error)
        if not page:
            return Response(out.json_text, media_type="application/json")
        token = store.put(out.json_text, out.html or "", out.letter)
        base = f"/result/{token}"
        return JSONResponse(
            {
                "findings": json.loads(out.json_text),
                "report_url": f"{base}/report.html",
                "json_url": f"{base}/findings.json",
                "letter_url": f"{base}/letter.txt" if out.letter else None,
                "delete_url": base,
                "expires_in": limits.result_ttl_seconds,
            }
        )

    @app.get("/result/{token}/report.html")
    async def report(token: str) -> Response:
        item = _stored(store, token)
        return Response(item.html, media_type="text/html; charset=utf-8")

    @app.get("/result/{token}/findings.json")
    async def findings(token: str) -> Response:
        item = _stored(store, token)
        disposition = {"content-disposition": 'attachment; filename="shortsale-check-findings.json"'}
        return Response(item.json_text, media_type="application/json", headers=disposition)

    @app.get("/result/{token}/letter.txt")
    async def letter(token: str) -> Response:
        item = _stored(store, token)
        if item.letter is None:
            raise HTTPException(404, "No request letter is needed for this packet.")
        disposition = {"content-disposition": 'attachment; filename="shortsale-check-request-letter.txt"'}
        return Response(item.letter, media_type="text/plain; charset=utf-8", headers=disposition)

    @app.delete("/result/{token}")
    async def forget(token: str) -> dict[str, bool]:
        return {"deleted": store.delete(token)}

    return app


def _stored(store: ResultStore, token: str) -> Any:
    item = store.get(token)
    if item is None:
        raise HTTPException(404, "This result has expired or was deleted; upload the files again.")
    return item


def _too_big(limits: WebLimits) -> str:
    return f"The upload is too large: at most {limits.max_total_bytes // (1024 * 1024)} MB in all per upload."


async def _receive(request: Request, folder: Path, limits: WebLimits) -> tuple[list[PacketFile], int]:
    """Save the uploaded files under safe names, checking kind (by bytes), count and size (pages: the worker)."""
    bounded = Request(request.scope, _bounded(request.receive, limits.max_total_bytes + FORM_OVERHEAD, limits))
    try:
        form = await bounded.form(max_files=limits.max_files + 1, max_fields=16)
    except HTTPException as exc:
        if "files" in str(exc.detail).lower():
            raise Refused(413, _too_many(limits)) from None
        raise Refused(422, "The upload could not be read; send the files as multipart form data.") from None
    try:
        uploads = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
        if not uploads:
            raise Refused(422, "Choose at least one file (PDF, PNG or JPG) to upload.")
        if len(uploads) > limits.max_files:
            raise Refused(413, _too_many(limits))
        return await _save_all(uploads, folder, limits)
    finally:
        await form.close()


def _too_many(limits: WebLimits) -> str:
    return f"Too many files: at most {limits.max_files} per upload."


async def _save_all(uploads: list[UploadFile], folder: Path, limits: WebLimits) -> tuple[list[PacketFile], int]:
    taken: set[str] = set()
    files: list[PacketFile] = []
    size = 0
    for number, upload in enumerate(uploads, 1):
        head = await upload.read(2048)
        kind = sniff_kind(head)
        if kind is None:
            raise Refused(
                422,
                f"File {number} ({safe_name(upload.filename, 'pdf', set())[:-4]}) is not a "
                f"{ACCEPTED} file: its contents say otherwise. Only PDFs and page photos are read.",
            )
        name = safe_name(upload.filename, kind, taken)
        path = folder / name
        with path.open("wb") as out:
            chunk = head
            while chunk:
                size += len(chunk)
                if size > limits.max_total_bytes:
                    raise Refused(413, _too_big(limits))
                out.write(chunk)
                chunk = await upload.read(CHUNK)
        files.append(PacketFile(path, name))
    return files, size


def _bounded(receive: Receive, max_bytes: int, limits: WebLimits) -> Receive:
    """The request body, refused once it passes ``max_bytes`` (a body with no or a false Content-Length)."""
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > max_bytes:
            raise Refused(413, _too_big(limits))
        return message

    return wrapped
