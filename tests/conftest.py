"""Shared fixtures: the Matcher is built once per session (it costs about 2 s)."""

from __future__ import annotations

import json
import sys
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
