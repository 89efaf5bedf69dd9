"""The rule pack: every rule's own examples, the rule lint, the vocabulary, and
``shortsale-check patterns test`` (exit 0 on the shipped pack, 1 on a broken one)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shortsale_check.cli import app
from shortsale_check.match import Matcher
from shortsale_check.nlp import NUM, alternatives
from shortsale_check.rules import Rule, lint_rule, load_rules
from shortsale_check.selftest import ExampleResult, check_rule
from shortsale_check.vocab import default_patterns_dir

PATTERNS = default_patterns_dir()
RULES = load_rules(PATTERNS)


def _example_params() -> list[object]:
    params: list[object] = []
    for rule in RULES:
        kinds = (
            ("match", len(rule.examples_match)),
            ("no_match", len(rule.examples_no_match)),
            ("todo", len(rule.examples_todo)),
        )
        for kind, count in kinds:
            for i in range(count):
                todo = pytest.mark.xfail(strict=True, reason="known gap (todo example)")
                marks = [todo] if kind == "todo" else []
                params.append(pytest.param(rule.id, kind, i, id=f"{rule.id}-{kind}-{i}", marks=marks))
    return params


@pytest.fixture(scope="session")
def example_results(matcher: Matcher) -> dict[str, list[ExampleResult]]:
    """Each rule's examples run once (lazily), keyed by rule id."""
    return {}


def _results(rule_id: str, matcher: Matcher, cache: dict[str, list[ExampleResult]]) -> list[ExampleResult]:
    if rule_id not in cache:
        rule = next(r for r in matcher.rules if r.id == rule_id)
        cache[rule_id] = check_rule(matcher, rule)
    return cache[rule_id]


@pytest.mark.parametrize(("rule_id", "kind", "index"), _example_params())
def test_rule_example(
    rule_id: str, kind: str, index: int, matcher: Matcher, example_results: dict[str, list[ExampleResult]]
) -> None:
    result = [r for r in _results(rule_id, matcher, example_results) if r.kind == kind][index]
    want = f"expected {result.expected}" if result.expected else "expected no match"
    assert result.ok, f"{rule_id} [{kind}] {want}, got {list(result.got) or 'nothing'}: {result.text}"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_lint(rule: Rule, matcher: Matcher) -> None:
    problems = lint_rule(rule, matcher.vocab)
    assert not problems, "\n".join(problems)


def test_rule_ids_unique_and_equal_to_file_stem() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert all(r.id == r.path.stem for r in RULES)


def test_no_vocabulary_term_in_two_concepts(matcher: Matcher) -> None:
    """Normalised as the Analyzer normalises them, no term may name two concepts."""
    analyzer = matcher.analyzer
    owners: dict[tuple[str, ...], set[str]] = {}
    for concept, written in analyzer.vocab.concepts.items():
        for term in (form for w in written for form in alternatives(w)):  # every choice of a "{a|b}" term
            doc = analyzer.normaliser(analyzer.nlp.make_doc(term.replace(NUM, "0")))
            owners.setdefault(tuple(t.norm_ for t in doc), set()).add(concept)
    clashes = {" ".join(norms): sorted(c) for norms, c in owners.items() if len(c) > 1}
    assert not clashes, f"terms in more than one concept (concepts.yaml): {clashes}"


runner = CliRunner()


def test_patterns_test_command_passes() -> None:
    result = runner.invoke(app, ["patterns", "test"])
    assert result.exit_code == 0, result.output


def test_patterns_test_command_fails_on_a_broken_rule(tmp_path: Path) -> None:
    pack = tmp_path / "patterns"
    shutil.copytree(PATTERNS, pack)
    victim = sorted((pack / "rules").glob("*.yaml"))[0]
    text = victim.read_text(encoding="utf-8")
    category = next(line for line in text.splitlines() if line.startswith("category:"))
    victim.write_text(text.replace(category, "category: not_a_category"), encoding="utf-8")
    result = runner.invoke(app, ["patterns", "test", str(pack)])
    assert result.exit_code == 1, result.output
    assert victim.stem in result.output
    assert "not_a_category" in result.output


def test_unrelated_vocabulary_term_does_not_change_other_rules(tmp_path: Path) -> None:
    """How a word is read must not depend on which other words the vocabulary holds: once a term
    with "contain" made "contains" read as "contain" and a cognovit example stopped matching."""
    pack = tmp_path / "patterns"
    shutil.copytree(PATTERNS, pack)
    concepts = pack / "vocab" / "concepts.yaml"
    text = concepts.read_text(encoding="utf-8")
    assert "\n  DEBT: [" in text
    concepts.write_text(text.replace("\n  DEBT: [", "\n  DEBT: [contain balance, ", 1), encoding="utf-8")
    result = runner.invoke(app, ["patterns", "test", str(pack)])
    assert result.exit_code == 0, result.output
