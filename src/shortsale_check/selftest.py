"""Run every rule's own examples: ``shortsale-check patterns test``."""

from __future__ import annotations

from dataclasses import dataclass

from .match import Matcher
from .rules import Rule


@dataclass(frozen=True, slots=True)
class ExampleResult:
    rule: str
    kind: str  # match | no_match | todo
    text: str
    expected: str | None  # category expected, None for no match
    got: tuple[str, ...]  # categories the rule produced
    ok: bool


def check_rule(matcher: Matcher, rule: Rule) -> list[ExampleResult]:
    out = []
    for ex in rule.examples_match:
        want = ex.category or rule.category
        got = _categories(matcher, rule, ex.text)
        out.append(ExampleResult(rule.id, "match", ex.text, want, got, want in got))
    for text in rule.examples_no_match:
        got = _categories(matcher, rule, text)
        out.append(ExampleResult(rule.id, "no_match", text, None, got, not got))
    for text in rule.examples_todo:
        got = _categories(matcher, rule, text)
        out.append(ExampleResult(rule.id, "todo", text, rule.category, got, rule.category in got))
    return out


def _categories(matcher: Matcher, rule: Rule, text: str) -> tuple[str, ...]:
    a = matcher.analyzer.analyze(text)
    return tuple(h.category for h in matcher.hits(a, only=rule))


def check_all(matcher: Matcher) -> list[ExampleResult]:
    return [r for rule in matcher.rules for r in check_rule(matcher, rule)]
