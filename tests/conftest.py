"""Shared fixtures: the Matcher is built once per session (it costs about 2 s)."""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from shortsale_check.match import Matcher

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
PACKETS = FIXTURES / "packets"
CORPUS = FIXTURES / "corpus"
REPO = TESTS.parent

if str(FIXTURES) not in sys.path:  # update_golden.py, corpus_split.py
    sys.path.insert(0, str(FIXTURES))


def read_labels(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def matcher() -> Matcher:
    return Matcher()


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
IN_CI = os.environ.get("CI") == "true"


def _playwright() -> Any:
    """Playwright's sync API, driving Debian's Chromium; skipped only outside CI when either is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if IN_CI:
            raise
        pytest.skip("playwright is not installed (pip install playwright)")
    if not Path(CHROMIUM).exists():
        if IN_CI:
            pytest.fail("chromium is missing in CI: apt-get install -y chromium")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return sync_playwright


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for every browser test."""
    with _playwright()() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        yield b
        b.close()
