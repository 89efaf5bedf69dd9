"""Decide stage: release status, verdict and a one-line summary, by the
rules of ``shared/contract/findings-json.md`` ("release and verdict")."""

from __future__ import annotations

from collections.abc import Sequence

from .model import ADVERSE, DocumentInfo, Finding

RELEASE_ORDER = ("none", "lien_only", "conditional", "full")  # weakest first


def release_status(findings: Sequence[Finding]) -> str:
    cats = {f.category for f in findings}
    if "full_release" in cats and "deficiency_reserved" not in cats:
        return "full"
    if "conditional_release" in cats:
        return "conditional"
    if "lien_release_only" in cats:
        return "lien_only"
    return "none"


def weakest(releases: Sequence[str]) -> str:
    """The weakest release of several loans: none < lien_only < conditional < full."""
    return min(releases, key=RELEASE_ORDER.index) if releases else "none"


def unread(documents: Sequence[DocumentInfo]) -> bool:
    """Was any document or page of the packet not read?"""
    return any(d.error or d.unreadable_pages for d in documents)


def verdict(findings: Sequence[Finding], documents: Sequence[DocumentInfo], release: str) -> str:
    if any(f.category in ADVERSE for f in findings):
        return "high_risk"
    if unread(documents) or not documents:
        return "needs_review"
    if release == "none":
        return "high_risk"
    if release in ("conditional", "lien_only"):
        return "needs_review"
    return "low_risk"


SUMMARIES = {
    (
        "high_risk",
        True,
    ): "This packet contains wording that may leave you owing the rest of the loan after the sale.",
    (
        "high_risk",
        False,
    ): "No release from the rest of the debt was found, so you may still owe it after the sale.",
    (
        "needs_review",
        True,
    ): "Part of this packet could not be read, so we cannot confirm you are released from the rest of the debt.",
    (
        "needs_review",
        False,
    ): "The release found is conditional or covers only the lien, so you may still owe part "
    "of the debt; have it checked.",
    (
        "low_risk",
        False,
    ): "A release from any further obligation was found and nothing that keeps the debt alive.",
}


def summary(verdict_value: str, findings: Sequence[Finding], documents: Sequence[DocumentInfo]) -> str:
    if verdict_value == "high_risk":
        return SUMMARIES[("high_risk", any(f.category in ADVERSE for f in findings))]
    if verdict_value == "needs_review":
        return SUMMARIES[("needs_review", unread(documents) or not documents)]
    return SUMMARIES[("low_risk", False)]
