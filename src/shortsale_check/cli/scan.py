"""``shortsale-check scan PACKET``."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import EXIT_FAILED, UsageError
from ..packet import packet_files, packet_name
from .common import VERDICT_RANK, build_matcher


class FailOn(StrEnum):
    high_risk = "high_risk"
    needs_review = "needs_review"


class Engine(StrEnum):
    pdfium = "pdfium"
    pdfplumber = "pdfplumber"


def scan(
    packet: Annotated[Path, typer.Argument(help="One PDF, or a folder of PDFs that make up one closing packet.")],
    json_path: Annotated[Path | None, typer.Option("--json", help="Write the findings JSON here.")] = None,
    html_path: Annotated[Path | None, typer.Option("--html", help="Write the HTML report here.")] = None,
    out: Annotated[Path, typer.Option("--out", help="Folder for reports not given by --json/--html.")] = Path(
        "reports"
    ),
    patterns: Annotated[
        list[Path] | None,
        typer.Option("--patterns", help="Extra rule folder (repeatable); same id overrides."),
    ] = None,
    fail_on: Annotated[
        FailOn | None, typer.Option("--fail-on", help="Exit 1 when the verdict is at or above this.")
    ] = None,
    engine: Annotated[Engine, typer.Option(help="PDF text engine.")] = Engine.pdfium,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
) -> None:
    """Scan a closing packet; write reports/<packet>.html and .json and print a summary.

    Example: shortsale-check scan closing-packet/ --fail-on high_risk
    """
    from ..letter import build_letters, letter_path, read_facts, write_letter
    from ..ocr import INSTALL_HINT
    from ..pipeline import scan_packet
    from ..report_html import write_html
    from ..report_json import write_json
    from ..report_text import summary_lines

    files = packet_files(packet)
    matcher = build_matcher(patterns)
    total = len(files)
    show_bar = not quiet and total > 1 and sys.stderr.isatty()
    with typer.progressbar(length=total, label="Reading", file=sys.stderr, hidden=not show_bar) as bar:
        result = scan_packet(
            packet, matcher, engine=engine.value, files=files, progress=lambda _name, _pages: bar.update(1)
        )
    if any(INSTALL_HINT in w for w in result.warnings):  # said once, even with --quiet
        typer.echo(f"note: {INSTALL_HINT}", err=True)
    name = packet_name(packet)
    sources = {pf.name: pf.path for pf in files}
    html_file = html_path or out / f"{name}.html"
    letters = build_letters(result, read_facts(sources))  # read once, for the report and the .txt
    written = [
        write_json(result, json_path or out / f"{name}.json"),
        write_html(result, html_file, sources=sources, letters=letters),
    ]
    letter = write_letter(result, letter_path(html_file.parent, name), letters=letters)
    if letter is not None:
        written.append(letter)
    if quiet:  # the summary names bad files otherwise; --quiet still reports them
        for doc in result.documents:
            if doc.error:
                typer.echo(f"error: {doc.file}: {doc.error}", err=True)
    else:
        for line in summary_lines(result):
            typer.echo(line)
        typer.echo("reports: " + ", ".join(str(p) for p in written))
    if all(d.error for d in result.documents):
        raise UsageError("Error: nothing in the packet could be read (see the errors above)")
    if fail_on is not None and VERDICT_RANK[result.verdict] >= VERDICT_RANK[fail_on.value]:
        raise typer.Exit(EXIT_FAILED)
