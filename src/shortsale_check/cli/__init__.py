"""The ``shortsale-check`` command: a thin layer over the pipeline, split by command group.

Exit codes (documented in the README):
  0  scan done
  1  --fail-on was given and the verdict is at or above it
  2  usage error, bad rule pack, or nothing in the packet could be read
"""

from __future__ import annotations

import sys

import typer

from ..errors import ShortsaleError
from . import explain, patterns, scan, serve, triage

app = typer.Typer(
    name="shortsale-check",
    help="Read a short-sale closing packet and say whether it leaves you owing the rest of the loan.\n\n"
    "Example: shortsale-check scan ~/Downloads/closing-packet/",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command(name="scan")(scan.scan)
app.command(name="explain")(explain.explain)
app.add_typer(patterns.app, name="patterns")
app.command(name="triage")(triage.triage)
app.command(name="serve")(serve.serve)


def main() -> None:
    """Console entry point: our errors become one line on stderr and exit code 2."""
    try:
        app()
    except ShortsaleError as exc:
        message = str(exc)
        typer.echo(message if message.startswith("Error:") else f"Error: {message}", err=True)
        sys.exit(exc.exit_code)
