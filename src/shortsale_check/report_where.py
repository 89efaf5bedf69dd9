"""The "Where you live" section: the property's state, the loan's owner, and the notes that apply.

Computed from the scan result; ``templates/where.html.j2`` only renders it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .jurisdiction import place_words
from .model import ScanResult


@dataclass(frozen=True, slots=True)
class NoteView:
    id: str
    text: str
    citation: str
    check: str | None


@dataclass(frozen=True, slots=True)
class WhereView:
    state: str = ""  # "Nevada (NV)", or "" when the papers do not show it
    state_evidence: str = ""
    investor: str = ""  # "Freddie Mac", with the program when one is cited
    investor_evidence: str = ""
    notes: tuple[NoteView, ...] = ()
    disclaimer: str = "This is not legal advice; laws change; ask a lawyer licensed in your state."


def state_name(code: str | None) -> str | None:
    return None if code is None else place_words().states.get(code, code)


def disclaimer(code: str | None) -> str:
    return f"This is not legal advice; laws change; ask a lawyer licensed in {state_name(code) or 'your state'}."


def where_view(result: ScanResult) -> WhereView:
    j, inv = result.jurisdiction, result.investor
    name = state_name(j.state)
    owner = " — ".join(v for v in (inv.name, inv.program) if v)
    return WhereView(
        state=f"{name} ({j.state})" if name else "",
        state_evidence=j.evidence or "",
        investor=owner,
        investor_evidence=inv.evidence or "",
        notes=tuple(NoteView(n.id, n.text, n.citation, n.check) for n in result.notes),
        disclaimer=disclaimer(j.state),
    )


def where_lines(result: ScanResult) -> list[str]:
    """The terminal's lines: state, investor, and one line per note with its citation (none if nothing is known)."""
    j, inv = result.jurisdiction, result.investor
    lines = [f"state: {j.state} ({j.evidence})"] if j.state else []
    if inv.name or inv.program:
        owner = " — ".join(v for v in (inv.name, inv.program) if v)
        lines.append(f"investor: {owner}" + (f" ({inv.evidence})" if inv.evidence else ""))
    lines += [f"note: {n.id} — {n.citation}" for n in result.notes]
    return lines
