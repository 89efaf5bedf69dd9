"""The terminal summary, and the plain words shared by the text and HTML reports.

Every string from a document (file names, quotes, errors) is untrusted: before
it reaches a terminal, whitespace is collapsed and control and format
characters (escape sequences, bidi overrides) are dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from .model import ScanResult
from .report_json import sorted_findings
from .report_loans import loan_lines
from .report_where import where_lines

VERDICT_LABELS: dict[str, str] = {
    "high_risk": "HIGH RISK",
    "needs_review": "NEEDS REVIEW",
    "low_risk": "LOW RISK",
}

CATEGORY_LABELS: dict[str, str] = {
    "confession_of_judgment": "Confession of judgment (lets the lender get a court judgment without a trial)",
    "debt_acknowledgment": "You agree you still owe the rest of the debt",
    "deficiency_note": "A new promissory note for the shortfall",
    "deficiency_reserved": "The lender keeps the right to collect the shortfall",
    "conditional_release": "A release that depends on conditions",
    "lien_release_only": "Release of the lien on the house only, not of the debt",
    "full_release": "Full release from the rest of the debt",
}

SEVERITY_LABELS: dict[str, str] = {
    "critical": "Critical",
    "high": "High risk",
    "medium": "Needs attention",
    "info": "Good news",
}

MIN_QUOTE = 20  # a quote is never cut shorter than this, even on a narrow terminal
_SPACE = re.compile(r"\s+")


def clean(text: str) -> str:
    """One line of safe, printable text: whitespace collapsed, control/format characters removed."""
    collapsed = _SPACE.sub(" ", text).strip()
    return "".join(ch for ch in collapsed if unicodedata.category(ch) not in ("Cc", "Cf"))


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, ending with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + "…"


def category_label(category: str) -> str:
    return CATEGORY_LABELS.get(category, category.replace("_", " ").capitalize())


def severity_label(severity: str) -> str:
    return SEVERITY_LABELS.get(severity, severity.capitalize())


def page_ranges(pages: Iterable[int]) -> str:
    """``[3, 4, 5, 9]`` -> ``"3–5, 9"``; empty -> ``""``."""
    ordered = sorted(set(pages))
    runs: list[list[int]] = []
    for page in ordered:
        if runs and page == runs[-1][-1] + 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


# --------------------------------------------------------------------------- summary lines


def summary_lines(result: ScanResult, *, width: int = 100) -> list[str]:
    """The short terminal summary: verdict line, one line per finding, then problems."""
    lines = [headline(result)]
    lines += [f"loan: {clean(line)}" for line in loan_lines(result)]
    lines += [_finding_line(f.document, f.page, f.category, f.quote, width) for f in sorted_findings(result.findings)]
    for doc in result.documents:
        if doc.unreadable_pages:
            pages = page_ranges(doc.unreadable_pages)
            label = "page" if len(set(doc.unreadable_pages)) == 1 else "pages"
            lines.append(f"unreadable: {clean(doc.file)}: {label} {pages} could not be read")
    lines += [f"error: {clean(d.file)}: {clean(d.error)}" for d in result.documents if d.error]
    explainers = sorted({m.document for m in result.mentions})
    if explainers:  # explanatory papers, other borrowers' items, look-alikes: shown, not decided on
        names = ", ".join(clean(d) for d in explainers)
        count = plural(len(result.mentions), "sentence")
        lines.append(f"mentioned, outside the verdict ({names}): {count}, see the report")
    lines += [f"warning: {clean(w)}" for w in result.warnings]
    lines += [clean(line) for line in where_lines(result)]
    return lines


def headline(result: ScanResult) -> str:
    verdict = VERDICT_LABELS.get(result.verdict, clean(result.verdict).upper())
    counts = f"{plural(len(result.findings), 'finding')} in {plural(len(result.documents), 'document')}"
    return f"{verdict} — release: {clean(result.release)} — {counts}"


def _finding_line(document: str, page: int, category: str, quote: str, width: int) -> str:
    prefix = f"{clean(document)}:{page}  {clean(category)}  "
    room = max(width - len(prefix) - 2, MIN_QUOTE)
    return f'{prefix}"{shorten(clean(quote), room)}"'
