"""``shortsale-check serve``: the upload page for homeowners, on this computer."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from ..errors import UsageError


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on; keep 127.0.0.1 unless you know why.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Scans that run at once (processes, each with its own matcher).")] = 2,
) -> None:
    """Serve the upload page: drop a packet's PDFs or photos, read the report, download the letter.

    Files are deleted as soon as each scan ends; only counts and timings are logged.

    Example: shortsale-check serve --port 8000   (then open http://127.0.0.1:8000/)
    """
    try:
        import uvicorn

        from ..web.app import create_app
        from ..web.limits import WebLimits
    except ImportError as exc:  # pragma: no cover - the web extras are core dependencies
        raise UsageError(f"Error: the web server needs {exc.name}; reinstall shortsale-check") from None
    if workers < 1:
        raise UsageError("Error: --workers must be at least 1")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    typer.echo(f"Upload page: http://{host}:{port}/  (Ctrl+C to stop)", err=True)
    uvicorn.run(create_app(WebLimits(workers=workers)), host=host, port=port, access_log=False, log_level="info")
