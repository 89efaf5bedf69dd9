"""``shortsale-check triage FOLDER``: rank a stack of packets by risk."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import EXIT_FAILED, UsageError


def triage(
    folder: Annotated[Path, typer.Argument(help="A folder whose sub-folders and PDFs are each one packet.")],
    out: Annotated[Path | None, typer.Option("--out", help="Output folder (default: FOLDER/triage).")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Packets scanned in parallel.")] = 2,
    mark_: Annotated[
        tuple[str, str, str] | None,
        typer.Option("--mark", metavar="PACKET RULE ok|reviewed", help="Mark a finding and rewrite the index."),
    ] = None,
    patterns: Annotated[
        list[Path] | None, typer.Option("--patterns", help="Extra rule folder (repeatable); same id overrides.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
) -> None:
    """Scan every packet in FOLDER; write a report per packet, index.html and triage.csv.

    Unchanged packets are skipped on a re-run; a run that was stopped resumes where it was.

    Example: shortsale-check triage ~/packets --out ~/packets-triage --jobs 2
    """
    from ..triage import mark, run_triage, write_outputs
    from ..triage_store import MARKS, Store

    out = out or folder / "triage"
    if mark_ is not None:
        packet, rule, status = mark_
        if status not in MARKS:
            raise UsageError(f"Error: --mark status must be one of {', '.join(MARKS)}, got {status!r}")
        key = mark(out, packet, rule, status)
        with Store(out) as store:
            index, _ = write_outputs(store, out)
        if not quiet:
            typer.echo(f"marked {key} {rule}: {MARKS[status]}; index: {index}")
        return
    show = not quiet and sys.stderr.isatty()
    with ExitStack() as stack:
        bars: list[Any] = []

        def on_start(total: int) -> None:
            if not quiet:
                typer.echo(f"{total} packet(s) to scan", err=True)
            bar = typer.progressbar(length=max(total, 1), label="Scanning", file=sys.stderr, hidden=not show)
            bars.append(stack.enter_context(bar))

        def on_done(_key: str, outcome: str) -> None:
            if outcome != "skipped" and bars:
                bars[0].update(1)

        summary = run_triage(folder, out, jobs=jobs, pattern_dirs=patterns or [], on_done=on_done, on_start=on_start)
    for key, reason in summary.failed:
        typer.echo(f"error: {key}: {reason}", err=True)
    if not quiet:
        typer.echo(
            f"scanned {len(summary.scanned)}, unchanged {len(summary.skipped)}, failed {len(summary.failed)}; "
            f"index: {out / 'index.html'}; table: {out / 'triage.csv'}"
        )
    if summary.failed:
        raise typer.Exit(EXIT_FAILED)
