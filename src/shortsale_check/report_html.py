"""The HTML report: one self-contained file, a view of the findings JSON.

The view model (:class:`ReportView`) is computed here, in Python, from a
:class:`ScanResult`; ``templates/report.html.j2`` only renders it.  No HTML is
built in Python: a quote is split into :class:`Segment` parts and the template
wraps the triggering words in ``<mark>``.  The jinja2 environment escapes every
template's output (``autoescape=True``, not by file extension) and refuses
undefined names (``StrictUndefined``): all document text is untrusted.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2

from . import __version__
from .letter import Letter, build_letters, letter_needed, read_facts
from .model import ADVERSE, SEVERITY_ORDER, Check, DocumentInfo, Finding, ScanResult
from .page_images import FindingImage, ImageLimits, PageImage, ReportImages, render_images
from .report_json import TOOL_NAME, sorted_findings, write_text_atomic
from .report_loans import LoansView, loans_view
from .report_text import category_label, page_ranges, plural, severity_label
from .report_where import WhereView, where_view

TEMPLATE = "report.html.j2"


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    is_trigger: bool


@dataclass(frozen=True, slots=True)
class CheckView:
    name: str
    result: str
    detail: str
    effect: str  # signed, e.g. "+0.05"; "" when it did not change the confidence


@dataclass(frozen=True, slots=True)
class FindingView:
    anchor: str
    category: str
    category_label: str
    severity: str
    severity_label: str
    document: str
    where: str  # "page 2" or "pages 2–3"
    segments: tuple[Segment, ...]
    explanation: str
    advice: str
    advice_heading: str
    confidence_pct: int
    confidence_words: str
    rule: str
    triggers: tuple[str, ...]
    checks: tuple[CheckView, ...]
    image: FindingImage | None = None  # the clause on the page, highlighted (when the PDF was at hand)


@dataclass(frozen=True, slots=True)
class MentionView:
    """A clause-like sentence set aside (an explanatory paper, another borrower's item, a look-alike): shown only."""

    category_label: str
    document: str
    where: str
    segments: tuple[Segment, ...]
    why: str = ""  # why it is outside the verdict


@dataclass(frozen=True, slots=True)
class SeverityGroup:
    severity: str
    label: str
    findings: tuple[FindingView, ...]


@dataclass(frozen=True, slots=True)
class DocumentRow:
    file: str
    pages: int
    pages_read: int
    ocr_pages: str
    unreadable_pages: str
    error: str | None
    explains: bool = False  # a handout, FAQ or advice letter: what it says is listed under "mentions"


@dataclass(frozen=True, slots=True)
class Banner:
    tone: str  # "danger" | "warning" | "ok": a CSS class; the label says the same in words
    label: str
    title: str
    message: str


@dataclass(frozen=True, slots=True)
class ReleaseView:
    status: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class ReportView:
    packet: str
    summary: str
    banner: Banner
    release: ReleaseView
    no_release: bool
    finding_count: str
    groups: tuple[SeverityGroup, ...]
    documents: tuple[DocumentRow, ...]
    unread_parts: bool  # some page or file could not be read
    warnings: tuple[str, ...]
    tool_name: str
    tool_version: str
    engine: str
    pages_read: int
    generated_at: str | None
    page_images: tuple[PageImage, ...] = ()
    letters: tuple[Letter, ...] = ()
    letter_needed: bool = True
    loans: LoansView = LoansView()  # the loans table (empty with fewer than two loans)
    where: WhereView = WhereView()  # the "Where you live" section: state, investor, notes
    mentions: tuple[MentionView, ...] = ()  # what explanatory documents say (not part of the verdict)


# --------------------------------------------------------------------------- words

_VERDICT_LABELS = {"high_risk": "High risk", "needs_review": "Needs review", "low_risk": "Low risk"}

_RELEASES: dict[str, tuple[str, str]] = {
    "full": (
        "Full release found",
        "The lender says it waives the rest of the debt and releases you from any further obligation "
        "on the loan. Keep a signed copy.",
    ),
    "conditional": (
        "Conditional release only",
        "A release was found, but it only takes effect if something else happens (for example a payment "
        "or a new note you sign), or it covers only part of the debt.",
    ),
    "lien_only": (
        "Lien release only",
        "The lender releases its lien (mortgage or deed of trust) on the house. That clears the title for "
        "the buyer, but it does not by itself cancel your promise to pay the loan.",
    ),
    "none": (
        "No release found",
        "Nothing we could read in these papers releases you from the rest of the debt.",
    ),
}

_REVIEW_TITLE = "We could not confirm you are released — have it checked"


def _banner(result: ScanResult) -> Banner:
    label = _VERDICT_LABELS.get(result.verdict, "Needs review")
    if result.verdict == "high_risk":
        return Banner("danger", label, *_high_risk_words(result))
    if result.verdict == "low_risk":
        return Banner(
            "ok",
            label,
            "A full release was found and nothing adverse",
            "We found wording where the lender releases you from the rest of the debt, and none of the "
            "warning signs this tool looks for. A program can miss things: read every page before you "
            "sign, keep a signed copy of the release, and ask a lawyer if anything is unclear.",
        )
    return Banner("warning", label, _REVIEW_TITLE, _review_message(result))


def _high_risk_words(result: ScanResult) -> tuple[str, str]:
    adverse = [f for f in result.findings if f.category in ADVERSE]
    if not adverse:
        return (
            "No release from the rest of the debt was found",
            "Nothing we could read in these papers says the lender forgives the rest of the loan. "
            "Without that, you may still owe the shortfall after the sale. Ask for a written release "
            "before you sign.",
        )
    parts = [
        f"We found {plural(len(adverse), 'clause')} where you agree you still owe money after the sale, "
        "sign a new note for it, or the lender keeps the right to collect it."
    ]
    if any(f.category == "confession_of_judgment" for f in adverse):
        parts.append("One lets the lender get a court judgment against you without a trial.")
    if result.release != "none":
        parts.append("A release was also found, but the wording below may limit or undo it.")
    parts.append("Do not sign until this is changed or a lawyer has read the papers.")
    return "This packet may leave you owing the rest of the loan", " ".join(parts)


def _review_message(result: ScanResult) -> str:
    parts: list[str] = []
    if _has_unread_parts(result):
        parts.append("Some pages or files could not be read, and the release you need may be on them.")
    if result.release == "conditional":
        parts.append("The release we found depends on conditions, or covers only part of the debt.")
    elif result.release == "lien_only":
        parts.append("We found only a release of the lien on the house, not a release of the debt itself.")
    elif result.release == "none":
        parts.append("We found no release from the rest of the debt.")
    parts.append("Have a lawyer check the papers before you sign.")
    return " ".join(parts)


def _has_unread_parts(result: ScanResult) -> bool:
    return any(d.error or d.unreadable_pages for d in result.documents)


def _release(status: str) -> ReleaseView:
    unknown = ("Release status unknown", "We could not tell whether you are released.")
    title, text = _RELEASES.get(status, unknown)
    return ReleaseView(status, title, text)


# --------------------------------------------------------------------------- findings


def quote_segments(finding: Finding) -> tuple[Segment, ...]:
    """The quote cut into plain and trigger parts (spans clamped, sorted and merged)."""
    quote = finding.quote
    spans = finding.trigger_spans or _find_triggers(quote, finding.triggers)
    segments: list[Segment] = []
    pos = 0
    for start, end in _merge_spans(spans, len(quote)):
        if start > pos:
            segments.append(Segment(quote[pos:start], False))
        segments.append(Segment(quote[start:end], True))
        pos = end
    if pos < len(quote) or not segments:
        segments.append(Segment(quote[pos:], False))
    return tuple(segments)


def _find_triggers(quote: str, triggers: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """Fallback when a finding has no spans: the first case-insensitive hit of each trigger."""
    lowered = quote.lower()
    found = ((lowered.find(t.lower()), len(t)) for t in triggers if t.strip())
    return tuple((start, start + n) for start, n in found if start >= 0)


def _merge_spans(spans: tuple[tuple[int, int], ...], length: int) -> list[tuple[int, int]]:
    clamped = sorted((max(s, 0), min(e, length)) for s, e in spans)
    merged: list[tuple[int, int]] = []
    for start, end in clamped:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _confidence_words(confidence: float) -> str:
    if confidence >= 0.85:
        return "high"
    if confidence >= 0.6:
        return "moderate"
    return "low — please check this one yourself"


def _check_view(check: Check) -> CheckView:
    effect = "" if abs(check.effect) < 0.0005 else f"{check.effect:+.2f}"
    return CheckView(check.name, check.result, check.detail, effect)


def _where(finding: Finding) -> str:
    if finding.end_page is not None and finding.end_page > finding.page:
        return f"pages {finding.page}–{finding.end_page}"
    return f"page {finding.page}"


def _finding_view(finding: Finding, number: int, image: FindingImage | None = None) -> FindingView:
    good = finding.severity == "info"
    confidence = min(max(finding.confidence, 0.0), 1.0)
    return FindingView(
        anchor=f"finding-{number}",
        category=finding.category,
        category_label=category_label(finding.category),
        severity=finding.severity if finding.severity in SEVERITY_ORDER else "unknown",
        severity_label=severity_label(finding.severity),
        document=finding.document,
        where=_where(finding),
        segments=quote_segments(finding),
        explanation=finding.explanation,
        advice=finding.advice,
        advice_heading="What to do" if good else "What to ask for instead",
        confidence_pct=round(confidence * 100),
        confidence_words=_confidence_words(confidence),
        rule=finding.rule,
        triggers=finding.triggers,
        checks=tuple(_check_view(c) for c in finding.checks),
        image=image,
    )


def _groups(findings: tuple[Finding, ...], images: ReportImages | None = None) -> tuple[SeverityGroup, ...]:
    """Findings by severity, most severe first (the order of ``sorted_findings``)."""
    by_severity: dict[str, list[FindingView]] = {}
    crops = images.findings if images is not None else {}
    for number, finding in enumerate(sorted_findings(findings), 1):
        view = _finding_view(finding, number, crops.get(number - 1))
        by_severity.setdefault(finding.severity, []).append(view)
    return tuple(
        SeverityGroup(
            severity=severity if severity in SEVERITY_ORDER else "unknown",
            label=severity_label(severity),
            findings=tuple(views),
        )
        for severity, views in by_severity.items()
    )


# --------------------------------------------------------------------------- documents and whole view


def _document_row(doc: DocumentInfo) -> DocumentRow:
    unreadable = len(set(doc.unreadable_pages))
    return DocumentRow(
        file=doc.file,
        pages=doc.pages,
        pages_read=max(doc.pages - unreadable, 0),
        ocr_pages=page_ranges(doc.ocr_pages),
        unreadable_pages=page_ranges(doc.unreadable_pages),
        error=doc.error,
        explains=doc.role == "explainer",
    )


def build_view(
    result: ScanResult,
    *,
    generated_at: str | None = None,
    images: ReportImages | None = None,
    letters: tuple[Letter, ...] | None = None,
) -> ReportView:
    """Everything the template shows, computed from the scan result (pictures and letters made by the caller)."""
    return ReportView(
        packet=result.packet,
        summary=result.summary,
        banner=_banner(result),
        release=_release(result.release),
        no_release=result.release == "none",
        finding_count=plural(len(result.findings), "finding"),
        groups=_groups(result.findings, images),
        documents=tuple(_document_row(d) for d in result.documents),
        unread_parts=_has_unread_parts(result),
        warnings=result.warnings,
        tool_name=TOOL_NAME,
        tool_version=result.tool_version or __version__,
        engine=result.engine,
        pages_read=result.pages_read,
        generated_at=generated_at,
        page_images=images.pages if images is not None else (),
        letters=build_letters(result) if letters is None else letters,
        letter_needed=letter_needed(result),
        loans=loans_view(result),
        where=where_view(result),
        mentions=tuple(_mention_view(m) for m in sorted_findings(result.mentions)),
    )


MENTION_REASONS = {
    "screen": "reads like a look-alike to the statistical screen",
    "other item": "names another borrower's loan in a list",
    "requirement": "listed among the title requirements: a release needed, not a release given",
}


def _mention_view(finding: Finding) -> MentionView:
    last = finding.checks[-1] if finding.checks else None
    why = MENTION_REASONS.get(last.name, "in a paper that explains") if last else "in a paper that explains"
    if last is not None and last.name == "screen":
        why = f"{why}: {last.detail}"
    return MentionView(
        category_label=category_label(finding.category),
        document=finding.document,
        where=_where(finding),
        segments=quote_segments(finding),
        why=why,
    )


# --------------------------------------------------------------------------- rendering


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The report's jinja2 environment: every template autoescaped, undefined names are errors."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("shortsale_check", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


Sources = Mapping[str, Path]  # document name (as in the findings) -> the file it was read from


def render_html(
    result: ScanResult,
    *,
    generated_at: str | None = None,
    sources: Sources | None = None,
    image_limits: ImageLimits | None = None,
    letters: tuple[Letter, ...] | None = None,
) -> str:
    """The report as one self-contained HTML page (no scripts, no external URLs).

    With ``sources`` (the packet's files), each finding gets a picture of its page region and the
    request letter is filled from the packet's text; without them (a findings JSON alone) neither.
    ``letters`` already built by the caller (who also writes them as text) are used as they are.
    """
    images, letters = report_assets(result, sources, image_limits, letters)
    view = build_view(result, generated_at=generated_at, images=images, letters=letters)
    return environment().get_template(TEMPLATE).render(view=view)


def report_assets(
    result: ScanResult,
    sources: Sources | None,
    image_limits: ImageLimits | None = None,
    letters: tuple[Letter, ...] | None = None,
) -> tuple[ReportImages | None, tuple[Letter, ...] | None]:
    """Pictures and filled letters for the report; ``(None, letters)`` without the packet's files."""
    if not sources:
        return None, letters
    images = render_images(sorted_findings(result.findings), sources, image_limits)
    return images, letters if letters is not None else build_letters(result, read_facts(sources))


def write_html(
    result: ScanResult,
    path: str | os.PathLike[str],
    *,
    generated_at: str | None = None,
    sources: Sources | None = None,
    image_limits: ImageLimits | None = None,
    letters: tuple[Letter, ...] | None = None,
) -> Path:
    """Write the HTML report atomically (UTF-8); returns the path written."""
    html = render_html(result, generated_at=generated_at, sources=sources, image_limits=image_limits, letters=letters)
    return write_text_atomic(path, html)
