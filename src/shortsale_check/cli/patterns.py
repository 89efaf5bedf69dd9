"""``shortsale-check patterns list|test``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import EXIT_FAILED

app = typer.Typer(
    help="List the rules, or run every rule's own examples.\n\nExample: shortsale-check patterns test",
    no_args_is_help=True,
)


@app.command("list")
def list_rules() -> None:
    """List the rules of the shipped pack: id, category, severity, message.

    Example: shortsale-check patterns list
    """
    from ..match import Matcher

    matcher = Matcher()
    for rule in sorted(matcher.rules, key=lambda r: (r.category, r.id)):
        typer.echo(f"{rule.id:<34} {rule.category:<24} {rule.severity:<9} {rule.message}")


@app.command("test")
def test_rules(
    directory: Annotated[Path | None, typer.Argument(help="A pattern pack (default: the shipped one).")] = None,
) -> None:
    """Lint every rule and run its examples; exit 1 on any failure, naming the rule and the example.

    Example: shortsale-check patterns test patterns/
    """
    from ..match import Matcher
    from ..rules import lint_rule
    from ..selftest import check_all
    from ..vocab import default_patterns_dir

    matcher = Matcher(directory or default_patterns_dir())
    problems = [p for rule in matcher.rules for p in lint_rule(rule, matcher.vocab)]
    results = check_all(matcher)
    failed = [r for r in results if not r.ok and r.kind != "todo"]
    fixed = [r for r in results if r.ok and r.kind == "todo"]
    for problem in problems:
        typer.echo(f"lint: {problem}", err=True)
    for r in failed:
        want = f"expected {r.expected}" if r.expected else "expected no match"
        typer.echo(f"FAIL {r.rule} [{r.kind}] {want}, got {list(r.got) or 'nothing'}: {r.text}", err=True)
    for r in fixed:
        typer.echo(f"FIXED {r.rule} [todo now matches; move it to match]: {r.text}", err=True)
    ok = len(results) - len(failed) - len(fixed)
    typer.echo(
        f"{len(matcher.rules)} rules, {ok} passed, {len(failed) + len(fixed)} failed, {len(problems)} lint problems"
    )
    if failed or fixed or problems:
        raise typer.Exit(EXIT_FAILED)
