"""Notes: law and program rules that bear on the findings, one YAML file each in ``jurisdictions/``.

A note says when it applies (the property's state, the investor, the program,
the finding categories present, topics the packet mentions), what it means in
plain English, and where the law says so (``citation``); its ``examples`` are
situations that must and must not trigger it, run by the test suite.  Notes
never change the verdict.  Nevada's note has a check of its own
(:func:`nevada_check`): what the packet shows about NRS 40.458's conditions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from . import yamlio
from .errors import RuleError
from .jurisdiction import Spot
from .model import ADVERSE, Finding, Note

CONDITION_KEYS = ("states", "investors", "programs", "categories", "topics")
NOTE_KEYS = frozenset({"id", "when", "text", "citation", "uncertain", "check", "bears_on", "examples"})
SITUATION_KEYS = frozenset({"state", "investor", "program", "categories", "topics"})
CHECKS = ("nevada_waiver",)


@dataclass(frozen=True, slots=True)
class Situation:
    """What a note's condition looks at."""

    state: str | None = None
    investor: str | None = None
    program: str | None = None
    categories: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> Situation:
        unknown = set(raw) - SITUATION_KEYS
        if unknown:
            raise ValueError(f"unknown example keys {sorted(unknown)}")
        return cls(
            raw.get("state"),
            raw.get("investor"),
            raw.get("program"),
            frozenset(raw.get("categories") or ()),
            frozenset(raw.get("topics") or ()),
        )


@dataclass(frozen=True, slots=True)
class NoteRule:
    id: str
    when: tuple[dict[str, frozenset[str]], ...]
    text: str
    citation: str
    uncertain: bool = False
    check: str | None = None
    bears_on: frozenset[str] = ADVERSE
    applies: tuple[Situation, ...] = ()
    not_applies: tuple[Situation, ...] = ()
    path: Path | None = field(default=None, compare=False)

    def matches(self, s: Situation) -> bool:
        """True when any one of the note's conditions holds (every key of a condition must)."""
        values = {
            "states": {s.state},
            "investors": {s.investor},
            "programs": {s.program},
            "categories": s.categories,
            "topics": s.topics,
        }
        return any(all(values[key] & wanted for key, wanted in cond.items()) for cond in self.when)


def default_notes_dir() -> Path:
    """The notes shipped in the wheel, or the checkout's ``jurisdictions/`` in development."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "jurisdictions", here.parent.parent / "jurisdictions"):
        if candidate.is_dir():
            return candidate
    raise RuleError("Error: the notes (jurisdictions/) are missing from this installation; reinstall shortsale-check")


@lru_cache(maxsize=4)
def load_notes(directory: Path | None = None) -> tuple[NoteRule, ...]:
    folder = directory or default_notes_dir()
    return tuple(_load(path) for path in sorted(folder.glob("*.yaml")))


def _load(path: Path) -> NoteRule:
    try:
        return parse_note(yamlio.safe_load(path.read_text(encoding="utf-8")), path)
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise RuleError(f"Error: cannot read note {path}: {exc}") from None


def parse_note(raw: Mapping[str, Any], path: Path | None = None) -> NoteRule:
    unknown = set(raw) - NOTE_KEYS
    if unknown:
        raise ValueError(f"unknown keys {sorted(unknown)}")
    conditions = raw["when"] if isinstance(raw["when"], list) else [raw["when"]]
    when = tuple(_condition(c) for c in conditions)
    check = raw.get("check")
    if check is not None and check not in CHECKS:
        raise ValueError(f"check: expected one of {CHECKS}, got {check!r}")
    examples = raw.get("examples") or {}
    return NoteRule(
        id=str(raw["id"]),
        when=when,
        text=" ".join(str(raw["text"]).split()),
        citation=str(raw["citation"]).strip(),
        uncertain=bool(raw.get("uncertain", False)),
        check=check,
        bears_on=frozenset(raw.get("bears_on") or ADVERSE),
        applies=tuple(Situation.from_mapping(e) for e in examples.get("applies") or ()),
        not_applies=tuple(Situation.from_mapping(e) for e in examples.get("not") or ()),
        path=path,
    )


def _condition(raw: Mapping[str, Any]) -> dict[str, frozenset[str]]:
    unknown = set(raw) - set(CONDITION_KEYS)
    if unknown or not raw:
        raise ValueError(f"when: expected keys from {CONDITION_KEYS}, got {sorted(raw)}")
    return {key: frozenset(str(v) for v in values) for key, values in raw.items()}


# --------------------------------------------------------------------------- applying


def notes_for(
    situation: Situation,
    findings: Sequence[Finding],
    spots: Sequence[Spot] = (),
    rules: Iterable[NoteRule] | None = None,
) -> tuple[Note, ...]:
    """The notes whose condition holds, each naming the findings it bears on."""
    out: list[Note] = []
    for rule in load_notes() if rules is None else rules:
        if not rule.matches(situation):
            continue
        applies_to = sorted({f.rule for f in findings if f.category in rule.bears_on})
        check = nevada_check(spots) if rule.check == "nevada_waiver" else None
        out.append(Note(rule.id, rule.text, rule.citation, tuple(applies_to), check))
    return tuple(out)


def nevada_check(spots: Sequence[Spot]) -> str:
    """NRS 40.458's two conditions, as far as the words show them (signatures cannot be read here)."""
    waivers = [s for s in spots if s.kind == "waiver"]
    loud = [s for s in waivers if s.conspicuous]
    owed = [s for s in spots if s.kind == "owed"]
    if loud:
        first = loud[0]
        waiver = (
            f"a conspicuous waiver that states the amount waived ({first.value}) "
            f"is on page {first.page} of {first.document}"
        )
    elif waivers:
        first = waivers[0]
        waiver = (
            f"a waiver that states an amount ({first.value}) is on page {first.page} of {first.document}, "
            "but it is not set apart in capitals"
        )
    else:
        waiver = "we found no waiver that states the amount waived"
    if owed:
        owing = f"an amount still owed ({owed[0].value}) is stated on page {owed[0].page} of {owed[0].document}"
    else:
        owing = "we found no amount stated as still owed"
    return (
        f"What these papers show: {waiver}; {owing}. "
        "Whether both you and the lender signed the waiver must be checked by eye."
    )
