"""Rules: one YAML file per rule in ``patterns/rules/``, id = file stem.

A rule names the trigger concepts that fire it and the checks a trigger must
pass (who acts, what it acts on, negation, nearby concepts, vetoes).  This
module loads and lints the files; ``match`` applies them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import yamlio
from .errors import RuleError
from .model import CATEGORIES, SEVERITY_ORDER
from .vocab import Vocabulary

RULE_KEYS = frozenset(
    {
        "id",
        "category",
        "severity",
        "message",
        "explanation",
        "advice",
        "confidence",
        "citation",
        "match",
        "examples",
    }
)
MATCH_KEYS = frozenset(
    {
        "trigger",
        "actor",
        "passive",
        "object",
        "object_window",
        "negated",
        "near",
        "window",
        "voice",
        "exclude",
        "exclude_near",
        "exclude_in_phrase",
        "inside_condition",
        "min_tokens",
        "when_conditional",
        "when_partial",
        "conditional",
        "form_answer",
        "released",
        "stative",
    }
)
ACTOR_VALUES = frozenset({"lender", "borrower", "not_borrower", "not_lender", "borrower_or_unknown", "any"})
TRI_VALUES = frozenset({"yes", "no", "any"})
VOICE_VALUES = frozenset({"borrower", "not_borrower", "any"})


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    category: str | None = None  # expected category when it differs from the rule's


@dataclass(frozen=True, slots=True)
class MatchSpec:
    trigger: tuple[str, ...]
    actor: str = "any"
    passive: str = "any"  # in the passive, who is acted upon: lender | borrower | not_lender | not_borrower | any
    object: tuple[str, ...] = ()
    object_window: int = 10
    negated: str = "no"
    near: tuple[tuple[str, ...], ...] = ()
    window: int = 18
    voice: str = "any"
    exclude: tuple[str, ...] = ()
    exclude_near: tuple[str, ...] = ()  # veto when one of these occurs, not negated, within `window`
    exclude_in_phrase: tuple[str, ...] = ()  # veto only in the trigger's own phrase, even a sentence-wide kind
    min_tokens: int = 5
    inside_condition: str = "any"  # no: reject a trigger that stands inside a condition ("in exchange for a release");
    # opening: only inside a condition that opens the sentence ("Provided the Borrower pays $4,000, ...");
    # strong: only inside a strong condition ("conditioned on that bank's release of you"): what it asks for;
    # strong_opening: that, or inside the condition that opens the sentence ("If the bank writes that it is forgiven")
    conditional: str = "any"  # yes: only when a condition applies; no: never then
    when_conditional: str | None = None
    when_partial: str | None = None
    form_answer: str = "yes"  # no: a form row's negative answer ("Post-closing obligations: none") is no negation here
    released: str = "any"  # no: reject a trigger that a releasing verb releases ("releases Borrower from the Note")
    stative: str = "any"  # no: reject a passive with no agent and no modal ("the note is paid"): a state, no promise


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    category: str
    severity: str
    message: str
    explanation: str
    advice: str
    confidence: float
    match: MatchSpec
    citation: str | None
    examples_match: tuple[Example, ...]
    examples_no_match: tuple[str, ...]
    examples_todo: tuple[str, ...]
    path: Path


def _fail(path: Path, field: str, problem: str) -> RuleError:
    return RuleError(f"Error: {path.name}: {field}: {problem}")


def _tuple(value: Any, path: Path, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(path, field, "expected a concept name or a list of them")
    return tuple(value)


def _near(value: Any, path: Path) -> tuple[tuple[str, ...], ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _fail(path, "match.near", "expected a list whose entries are a concept or a list of concepts")
    return tuple(_tuple(v, path, "match.near") for v in value)


def _tri(value: Any) -> str:
    """YAML reads yes/no as booleans: map them back to the words the rules use."""
    return "yes" if value is True else "no" if value is False else str(value)


def _match_spec(raw: Any, path: Path) -> MatchSpec:
    if not isinstance(raw, dict):
        raise _fail(path, "match", "expected a mapping")
    extra = set(raw) - MATCH_KEYS
    if extra:
        raise _fail(path, "match", f"unknown keys {sorted(extra)}; known: {sorted(MATCH_KEYS)}")
    negated = raw.get("negated", False)
    negated_s = "yes" if negated is True else "no" if negated is False else str(negated)
    return MatchSpec(
        trigger=_tuple(raw.get("trigger"), path, "match.trigger"),
        actor=str(raw.get("actor", "any")),
        passive=str(raw.get("passive", "any")),
        object=_tuple(raw.get("object"), path, "match.object"),
        object_window=int(raw.get("object_window", 10)),
        negated=negated_s,
        near=_near(raw.get("near"), path),
        window=int(raw.get("window", 18)),
        voice=str(raw.get("voice", "any")),
        exclude=_tuple(raw.get("exclude"), path, "match.exclude"),
        exclude_near=_tuple(raw.get("exclude_near"), path, "match.exclude_near"),
        exclude_in_phrase=_tuple(raw.get("exclude_in_phrase"), path, "match.exclude_in_phrase"),
        min_tokens=int(raw.get("min_tokens", 5)),
        inside_condition=_tri(raw.get("inside_condition", "any")),
        conditional=_tri(raw.get("conditional", "any")),
        when_conditional=raw.get("when_conditional"),
        when_partial=raw.get("when_partial"),
        form_answer=_tri(raw.get("form_answer", "yes")),
        released=_tri(raw.get("released", "any")),
        stative=_tri(raw.get("stative", "any")),
    )


def _examples(raw: Any, path: Path) -> tuple[tuple[Example, ...], tuple[str, ...], tuple[str, ...]]:
    if not isinstance(raw, dict):
        raise _fail(path, "examples", "expected a mapping with match / no_match / todo lists")
    matches = []
    for item in raw.get("match") or []:
        if isinstance(item, dict):
            matches.append(Example(str(item["text"]), item.get("category")))
        else:
            matches.append(Example(str(item)))
    no_match = tuple(str(x) for x in raw.get("no_match") or [])
    todo = tuple(str(x) for x in raw.get("todo") or [])
    return tuple(matches), no_match, todo


def load_rule(path: Path) -> Rule:
    try:
        raw = yamlio.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleError(f"Error: cannot read rule {path.name}: {exc}") from None
    if not isinstance(raw, dict):
        raise _fail(path, "(top level)", "expected a mapping")
    extra = set(raw) - RULE_KEYS
    if extra:
        raise _fail(path, "(top level)", f"unknown keys {sorted(extra)}; known: {sorted(RULE_KEYS)}")
    for key in ("id", "category", "severity", "message", "explanation", "advice", "match", "examples"):
        if key not in raw:
            raise _fail(path, key, "missing")
    matches, no_match, todo = _examples(raw["examples"], path)
    return Rule(
        id=str(raw["id"]),
        category=str(raw["category"]),
        severity=str(raw["severity"]),
        message=str(raw["message"]).strip(),
        explanation=" ".join(str(raw["explanation"]).split()),
        advice=" ".join(str(raw["advice"]).split()),
        confidence=float(raw.get("confidence", 0.8)),
        match=_match_spec(raw["match"], path),
        citation=raw.get("citation"),
        examples_match=matches,
        examples_no_match=no_match,
        examples_todo=todo,
        path=path,
    )


def lint_rule(rule: Rule, vocab: Vocabulary) -> list[str]:
    """Problems with a rule, each naming file, field, expected and got."""
    name, spec, problems = rule.path.name, rule.match, []

    def bad(field: str, expected: str, got: object) -> None:
        problems.append(f"{name}: {field}: expected {expected}, got {got!r}")

    if rule.id != rule.path.stem:
        bad("id", f"the file stem {rule.path.stem!r}", rule.id)
    if rule.category not in CATEGORIES:
        bad("category", f"one of {CATEGORIES}", rule.category)
    if rule.severity not in SEVERITY_ORDER:
        bad("severity", f"one of {tuple(SEVERITY_ORDER)}", rule.severity)
    if not 0.0 < rule.confidence <= 1.0:
        bad("confidence", "a number in (0, 1]", rule.confidence)
    if not spec.trigger:
        bad("match.trigger", "at least one concept", spec.trigger)
    names = [
        *spec.trigger,
        *spec.object,
        *spec.exclude,
        *spec.exclude_near,
        *spec.exclude_in_phrase,
        *(c for g in spec.near for c in g),
    ]
    for concept in (n.lstrip("!") for n in names):
        if concept not in vocab.concepts and not (concept == "none" and concept in spec.object):
            bad("match", "a concept defined in vocab/concepts.yaml", concept)
    for field, value, allowed in (
        ("actor", spec.actor, ACTOR_VALUES),
        ("passive", spec.passive, ACTOR_VALUES),
        ("negated", spec.negated, TRI_VALUES),
        ("voice", spec.voice, VOICE_VALUES),
        ("conditional", spec.conditional, TRI_VALUES),
        ("form_answer", spec.form_answer, TRI_VALUES - {"any"}),
        ("released", spec.released, TRI_VALUES),
        ("stative", spec.stative, TRI_VALUES - {"yes"}),
        ("inside_condition", spec.inside_condition, TRI_VALUES | {"opening", "strong", "strong_opening"}),
    ):
        if value not in allowed:
            bad(f"match.{field}", f"one of {sorted(allowed)}", value)
    for field, target in (("when_conditional", spec.when_conditional), ("when_partial", spec.when_partial)):
        if target is not None and target not in CATEGORIES and target != "drop":
            bad(f"match.{field}", "a category or 'drop'", target)
    if len(rule.examples_match) < 3:
        bad("examples.match", "at least 3 examples", len(rule.examples_match))
    if len(rule.examples_no_match) < 3:
        bad("examples.no_match", "at least 3 near-misses", len(rule.examples_no_match))
    if not rule.message or not rule.explanation or not rule.advice:
        bad("message/explanation/advice", "non-empty text", "")
    return problems


def load_rules(patterns_dir: Path) -> list[Rule]:
    directory = patterns_dir / "rules"
    if not directory.is_dir():
        raise RuleError(f"Error: no rules folder at {directory}; a pattern pack needs patterns/rules/*.yaml")
    rules = [load_rule(p) for p in sorted(directory.glob("*.yaml"))]
    seen: dict[str, Path] = {}
    for rule in rules:
        if rule.id in seen:
            raise RuleError(f"Error: rule id {rule.id!r} is used twice: {seen[rule.id].name} and {rule.path.name}")
        seen[rule.id] = rule.path
    return rules


@dataclass(frozen=True, slots=True)
class CategoryText:
    """Default severity and words for a category (patterns/categories.yaml)."""

    name: str
    title: str
    severity: str
    explanation: str
    advice: str


def load_categories(patterns_dir: Path) -> dict[str, CategoryText]:
    path = patterns_dir / "categories.yaml"
    try:
        raw = yamlio.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleError(f"Error: cannot read {path}: {exc}") from None
    out = {}
    for name in CATEGORIES:
        item = raw.get(name) if isinstance(raw, dict) else None
        if not isinstance(item, dict):
            raise RuleError(
                f"Error: {path.name}: {name}: missing; every category needs title, severity, explanation and advice"
            )
        out[name] = CategoryText(
            name,
            str(item["title"]),
            str(item["severity"]),
            " ".join(str(item["explanation"]).split()),
            " ".join(str(item["advice"]).split()),
        )
    return out
