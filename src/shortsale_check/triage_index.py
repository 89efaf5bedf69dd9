"""index.html of a triage run: packets ranked by risk, sortable and filterable in the page.

The view model is computed here; ``templates/index.html.j2`` only renders it
(autoescaped: packet names and quotes are untrusted).  The one inline script is
a fixed template with no data in it; the page's Content-Security-Policy allows
exactly that script, by its sha256 hash, and nothing else.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from . import __version__
from .report_html import environment
from .report_text import category_label
from .triage_store import MARKS, Mark, PacketRow

SCRIPT_TEMPLATE = "index.js.j2"
_VERDICT_LABELS = {"high_risk": "High risk", "needs_review": "Needs review", "low_risk": "Low risk"}
_VERDICT_TONES = {"high_risk": "danger", "needs_review": "warning", "low_risk": "ok"}


@dataclass(frozen=True, slots=True)
class MarkView:
    rule: str
    label: str


@dataclass(frozen=True, slots=True)
class PacketView:
    rank: int
    key: str
    href: str
    verdict: str
    verdict_label: str
    tone: str
    verdict_rank: int
    release: str
    findings: int
    critical: int
    high: int
    medium: int
    info: int
    top_label: str
    top_quote: str
    top_where: str
    marks: tuple[MarkView, ...]
    errors: int


@dataclass(frozen=True, slots=True)
class IndexView:
    packets: tuple[PacketView, ...]
    counts: tuple[tuple[str, str, int], ...]  # (verdict, label, count)
    tool_version: str
    script_hash: str


def _packet_view(rank: int, row: PacketRow, marks: Sequence[Mark]) -> PacketView:
    no_release = row.findings == 0 or (row.top_category is None)
    return PacketView(
        rank=rank,
        key=row.key,
        href=f"{row.report}.html",
        verdict=row.verdict,
        verdict_label=_VERDICT_LABELS.get(row.verdict, row.verdict),
        tone=_VERDICT_TONES.get(row.verdict, "warning"),
        verdict_rank={"high_risk": 0, "needs_review": 1, "low_risk": 2}.get(row.verdict, 1),
        release=row.release,
        findings=row.findings,
        critical=row.critical,
        high=row.high,
        medium=row.medium,
        info=row.info,
        top_label=category_label(row.top_category)
        if row.top_category
        else ("No release from further obligation was found" if no_release and row.release == "none" else "None"),
        top_quote=row.top_quote or "",
        top_where=f"{row.top_document}, page {row.top_page}" if row.top_document else "",
        marks=tuple(MarkView(m.rule, MARKS.get(m.status, m.status)) for m in marks),
        errors=row.errors,
    )


def script_text() -> str:
    return environment().get_template(SCRIPT_TEMPLATE).render()


def script_hash() -> str:
    digest = hashlib.sha256(script_text().encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def build_index(rows: Sequence[PacketRow], marks: Mapping[str, Sequence[Mark]]) -> IndexView:
    packets = tuple(_packet_view(i, r, marks.get(r.key, ())) for i, r in enumerate(rows, 1))
    counts = tuple((v, label, sum(1 for p in packets if p.verdict == v)) for v, label in _VERDICT_LABELS.items())
    return IndexView(packets, counts, __version__, script_hash())


def render_index(rows: Sequence[PacketRow], marks: Mapping[str, Sequence[Mark]]) -> str:
    return environment().get_template("index.html.j2").render(view=build_index(rows, marks))
