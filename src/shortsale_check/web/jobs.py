"""Scans run in a pool of worker processes, one Matcher per worker; uploads wait in a bounded, visible queue.

Processes, not threads: PDFium is not thread-safe, a scan is CPU-bound, and a worker that crashes on a
hostile file takes only itself down (the pool is rebuilt).  The event loop never opens a document.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import shutil
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path

import pypdfium2 as pdfium

from ..letter import build_letters, letters_text, read_facts
from ..match import Matcher
from ..model import Limits
from ..packet import PacketFile
from ..pipeline import scan_packet
from ..report_html import render_html
from ..report_json import dumps
from .limits import Refused, WebLimits

PACKET_NAME = "upload"
FOLDER_PREFIX = "scan-"
MatcherFactory = Callable[[], Matcher]
_worker_matcher: Matcher | None = None


@dataclass(frozen=True, slots=True)
class Job:
    folder: str
    files: tuple[tuple[str, str], ...]  # (path, safe name)
    page: bool  # the report and the letter too (for the page), not only the JSON
    max_seconds: float
    max_pages: int


@dataclass(frozen=True, slots=True)
class JobResult:
    status: int  # 200, or the HTTP code of the refusal in ``error``
    error: str | None = None
    json_text: str = ""
    html: str | None = None
    letter: str | None = None
    pages: int = 0
    seconds: float = 0.0


class TooSlow(Exception):
    """Raised inside a scan (from its progress callbacks) when the request's time is up."""


def default_root() -> Path:
    return Path(tempfile.gettempdir()) / "shortsale-check-web"


def new_folder(root: Path) -> Path:
    """A private folder for one upload, named with this process id so a later start can tell it is stale."""
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{FOLDER_PREFIX}{os.getpid()}-", dir=root))


def remove_stale(root: Path) -> int:
    """Delete upload folders left by a process that is gone (a crash); returns how many."""
    removed = 0
    if not root.is_dir():
        return 0
    for folder in root.glob(f"{FOLDER_PREFIX}*"):
        pid = folder.name[len(FOLDER_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and (int(pid) == os.getpid() or _alive(int(pid))):
            continue  # a live server's upload in progress
        shutil.rmtree(folder, ignore_errors=True)
        removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# --------------------------------------------------------------------------- in the worker process


def _init_worker(factory: MatcherFactory) -> None:
    global _worker_matcher
    _worker_matcher = factory()


def _ping() -> int:
    return os.getpid()


def page_count(path: Path) -> int:
    """Pages a file will cost: a PDF's page count (1 when it cannot be opened: the scan says why), else 1."""
    if path.suffix != ".pdf":
        return 1
    try:
        doc = pdfium.PdfDocument(str(path))
    except Exception:  # encrypted or corrupt: the pipeline reports it
        return 1
    try:
        return len(doc)
    finally:
        doc.close()


def run_job(job: Job) -> JobResult:
    """One upload's scan, in a worker; its folder is deleted when it ends, whatever happens."""
    try:
        return _run(job)
    finally:
        shutil.rmtree(job.folder, ignore_errors=True)


def _run(job: Job) -> JobResult:
    start = time.monotonic()
    files = [PacketFile(Path(path), name) for path, name in job.files]
    pages = sum(page_count(pf.path) for pf in files)
    if pages > job.max_pages:
        return JobResult(413, f"Too many pages: at most {job.max_pages} pages per upload.", pages=pages)
    deadline = start + job.max_seconds

    def check(_name: str, _n: int) -> None:
        if time.monotonic() > deadline:
            raise TooSlow

    matcher = _worker_matcher or Matcher()
    limits = Limits(max_seconds_per_document=job.max_seconds)
    try:
        result = scan_packet(Path(job.folder), matcher, limits=limits, files=files, progress=check, ocr_progress=check)
    except TooSlow:
        message = (
            f"Reading these documents took longer than the {job.max_seconds:g} s allowed; upload fewer pages at a time."
        )
        return JobResult(422, message, pages=pages)
    result = replace(result, packet=PACKET_NAME)  # the temporary folder's name means nothing to the reader
    html = letter = None
    if job.page:
        sources = {pf.name: pf.path for pf in files}
        letters = build_letters(result, read_facts(sources))  # read once, for the report and the .txt
        html = render_html(result, sources=sources, letters=letters)
        letter = letters_text(letters) if letters else None
    return JobResult(200, None, dumps(result), html, letter, pages, time.monotonic() - start)


# --------------------------------------------------------------------------- in the server


class ScanPool:
    """``workers`` scanner processes and the FIFO queue in front of them (ordered tickets)."""

    def __init__(self, limits: WebLimits, matcher_factory: MatcherFactory = Matcher) -> None:
        self.limits = limits
        self._factory = matcher_factory
        self._executor = self._new_executor()
        self._lock = threading.Lock()
        self._waiting: OrderedDict[str, None] = OrderedDict()
        self._running = 0
        self._slots: asyncio.Semaphore | None = None

    def _new_executor(self) -> ProcessPoolExecutor:
        # fork: the workers inherit the loaded modules, and a test's factory needs no pickling
        context = multiprocessing.get_context("fork")
        return ProcessPoolExecutor(
            self.limits.workers, mp_context=context, initializer=_init_worker, initargs=(self._factory,)
        )

    def warm(self) -> None:
        """Start every worker and build its Matcher now (about 2 s), not on the first upload."""
        futures = [self._executor.submit(_ping) for _ in range(self.limits.workers)]
        for f in futures:
            f.result(timeout=120)

    def status(self, ticket: str | None = None) -> dict[str, int | None]:
        with self._lock:
            order = list(self._waiting)
            position = order.index(ticket) + 1 if ticket is not None and ticket in self._waiting else None
            return {
                "waiting": len(order),
                "running": self._running,
                "workers": self.limits.workers,
                "position": position,
            }

    async def run(self, ticket: str, folder: Path, files: list[PacketFile], page: bool) -> JobResult:
        """Wait for a free worker (first come, first served), then scan; the folder is always deleted."""
        try:
            with self._lock:
                if len(self._waiting) >= self.limits.max_waiting:
                    raise Refused(503, "The scanner is busy with other uploads; please try again in a minute.")
                while ticket in self._waiting:
                    ticket += "+"
                self._waiting[ticket] = None
            if self._slots is None:
                self._slots = asyncio.Semaphore(self.limits.workers)
            try:
                await self._slots.acquire()
            finally:
                with self._lock:
                    self._waiting.pop(ticket, None)
            try:
                return await self._submit(folder, files, page)
            finally:
                self._slots.release()
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    async def _submit(self, folder: Path, files: list[PacketFile], page: bool) -> JobResult:
        job = Job(
            str(folder),
            tuple((str(pf.path), pf.name) for pf in files),
            page,
            self.limits.max_seconds,
            self.limits.max_pages,
        )
        with self._lock:
            self._running += 1
        try:
            return await asyncio.wrap_future(self._executor.submit(run_job, job))
        except BrokenProcessPool:  # a worker died (a file crashed the PDF library): start afresh
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = self._new_executor()
            raise Refused(422, "One of these files stopped the reader; it may be damaged. Try without it.") from None
        finally:
            with self._lock:
                self._running -= 1

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
