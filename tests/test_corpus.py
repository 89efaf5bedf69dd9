"""No false all-clear (issue 3): no corpus packet labelled high_risk or
needs_review may get a ``low_risk`` verdict.

Every packet of tests/fixtures/corpus runs through the pipeline in-process with
the session's Matcher. Packets that fail only because one loan's release is read
as covering the whole packet (two loans, tag ``multi-lien``) are strict xfail
until per-loan release (issue 7) lands; any other failure is a real bug.
"""

from __future__ import annotations

import pytest

from conftest import CORPUS, read_labels
from shortsale_check.match import Matcher
from shortsale_check.pipeline import scan_packet

LABELS = {line["packet"]: line for line in read_labels(CORPUS / "labels.jsonl")}

# Two-loan packets that currently get low_risk although one loan is not released.
PER_LOAN_XFAIL: frozenset[str] = frozenset()


def _params() -> list[object]:
    out: list[object] = []
    for pid in sorted(LABELS):
        marks = []
        if pid in PER_LOAN_XFAIL:
            tags = LABELS[pid].get("tags", [])
            assert "multi-lien" in tags, f"{pid} is xfailed as multi-lien but not tagged so"
            marks.append(pytest.mark.xfail(strict=True, reason="per-loan release (issue 7) not implemented"))
        out.append(pytest.param(pid, id=pid, marks=marks))
    return out


@pytest.mark.parametrize("pid", _params())
def test_no_false_all_clear(pid: str, matcher: Matcher) -> None:
    label = LABELS[pid]
    result = scan_packet(CORPUS / pid, matcher)
    if label["verdict"] in ("high_risk", "needs_review"):
        found = [(f.document, f.page, f.category) for f in result.findings]
        assert result.verdict != "low_risk", (
            f"{pid}: labelled {label['verdict']} (release {label['release']}) but scanned low_risk; "
            f"findings {found}"
        )
