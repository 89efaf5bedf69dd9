"""What one upload may cost, and how an uploaded file is named and recognised (by its bytes, never its name)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

KIND_SUFFIX = {"pdf": ".pdf", "png": ".png", "jpeg": ".jpg"}
ACCEPTED = "PDF, PNG or JPG"
_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")


@dataclass(frozen=True, slots=True)
class WebLimits:
    """Per-request limits; each one refused with a clear message (HTTP 413 or 422)."""

    max_files: int = 20
    max_total_bytes: int = 50 * 1024 * 1024
    max_pages: int = 200
    max_seconds: float = 120.0
    max_waiting: int = 64  # uploads queued behind the running ones; more are told to come back
    workers: int = 2  # scanner processes; each holds its own Matcher (~150 MB)
    result_ttl_seconds: float = 600.0  # how long the page's report and downloads stay in memory


class Refused(Exception):
    """An upload refused before or during its scan; ``status`` is the HTTP code, the message is for the page."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def sniff_kind(head: bytes) -> str | None:
    """``pdf``, ``png`` or ``jpeg`` from a file's first bytes; ``None`` for anything else."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    return None


def safe_name(raw: str | None, kind: str, taken: set[str]) -> str:
    """A plain basename with the suffix of the file's real kind, unique in ``taken`` (which it joins).

    The uploaded name is only a label: folders, drive letters, control and odd characters are dropped.
    """
    base = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFKC", base)
    stem = _UNSAFE.sub("_", Path(base).stem).strip(" ._")[:80] or "document"
    suffix = KIND_SUFFIX[kind]
    name = f"{stem}{suffix}"
    n = 2
    while name.lower() in taken:
        name = f"{stem}-{n}{suffix}"
        n += 1
    taken.add(name.lower())
    return name
