"""Scans run in a small worker pool, one Matcher per worker; uploads wait in a bounded, visible queue."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from ..letter import build_letters, letters_text, read_facts
from ..match import Matcher
from ..model import Limits, ScanResult
from ..packet import PacketFile
from ..pipeline import scan_packet
from ..report_html import render_html
from ..report_json import dumps
from .limits import Refused, WebLimits

PACKET_NAME = "upload"
FOLDER_PREFIX = "scan-"
MatcherFactory = Callable[[], Matcher]


@dataclass(frozen=True, slots=True)
class ScanOutput:
    result: ScanResult
    json_text: str
    html: str | None  # the report and letter only when the page asked for them
    letter: str | None
    seconds: float


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


class ScanPool:
    """A thread pool of ``workers`` scanners and the queue in front of it (ordered tickets)."""

    def __init__(self, limits: WebLimits, matcher_factory: MatcherFactory = Matcher) -> None:
        self.limits = limits
        self._factory = matcher_factory
        self._local = threading.local()
        self._executor = ThreadPoolExecutor(max_workers=limits.workers, thread_name_prefix="scan")
        self._lock = threading.Lock()
        self._waiting: OrderedDict[str, None] = OrderedDict()
        self._running = 0

    def warm(self) -> None:
        """Build each worker's Matcher now (about 2 s each) rather than on the first upload."""
        barrier = threading.Barrier(self.limits.workers)
        futures = [self._executor.submit(self._warm_one, barrier) for _ in range(self.limits.workers)]
        for f in futures:
            f.result()

    def _warm_one(self, barrier: threading.Barrier) -> None:
        self._matcher()
        barrier.wait(timeout=60)

    def _matcher(self) -> Matcher:
        m: Matcher | None = getattr(self._local, "matcher", None)
        if m is None:
            m = self._factory()
            self._local.matcher = m
        return m

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

    async def run(self, ticket: str, folder: Path, files: list[PacketFile], page: bool) -> ScanOutput:
        """Queue the scan, wait for it; the folder is deleted by the worker when the scan ends."""
        with self._lock:
            if len(self._waiting) >= self.limits.max_waiting:
                shutil.rmtree(folder, ignore_errors=True)
                raise Refused(503, "The scanner is busy with other uploads; please try again in a minute.")
            while ticket in self._waiting:
                ticket += "+"
            self._waiting[ticket] = None
        cancel = threading.Event()
        future = self._executor.submit(self._work, ticket, folder, files, page, cancel)
        try:
            return await asyncio.wrap_future(future)
        except asyncio.CancelledError:  # the client went away: stop the scan at its next page
            cancel.set()
            raise

    def _work(
        self, ticket: str, folder: Path, files: list[PacketFile], page: bool, cancel: threading.Event
    ) -> ScanOutput:
        with self._lock:
            self._waiting.pop(ticket, None)
            self._running += 1
        try:
            if cancel.is_set():
                raise Refused(499, "The upload was cancelled.")
            return self._scan(folder, files, page, cancel)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            with self._lock:
                self._running -= 1

    def _scan(self, folder: Path, files: list[PacketFile], page: bool, cancel: threading.Event) -> ScanOutput:
        start = time.monotonic()
        deadline = start + self.limits.max_seconds

        def check(_name: str, _n: int) -> None:
            if cancel.is_set() or time.monotonic() > deadline:
                raise TooSlow

        limits = Limits(max_seconds_per_document=self.limits.max_seconds)
        try:
            result = scan_packet(
                folder, self._matcher(), limits=limits, files=files, progress=check, ocr_progress=check
            )
        except TooSlow:
            raise Refused(
                422,
                f"Reading these documents took longer than the {self.limits.max_seconds:g} s allowed; "
                "upload fewer pages at a time.",
            ) from None
        result = replace(result, packet=PACKET_NAME)  # the temporary folder's name means nothing to the reader
        html = letter = None
        if page:
            sources = {pf.name: pf.path for pf in files}
            html = render_html(result, sources=sources)
            letters = build_letters(result, read_facts(sources))
            letter = letters_text(letters) if letters else None
        return ScanOutput(result, dumps(result), html, letter, time.monotonic() - start)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
