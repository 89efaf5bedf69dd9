"""The pipeline on the fixture packets: labelled verdict and release, golden JSON,
both PDF engines agreeing, and document text escaped in the HTML report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fpdf import FPDF
from update_golden import golden_dict, golden_path

from conftest import PACKETS, read_labels
from shortsale_check.match import Matcher
from shortsale_check.model import ScanResult
from shortsale_check.pipeline import scan_packet
from shortsale_check.report_html import render_html

LABELS = {line["packet"]: line for line in read_labels(PACKETS / "labels.jsonl")}
IDS = sorted(LABELS)


@pytest.fixture(scope="module")
def results(matcher: Matcher) -> dict[str, ScanResult]:
    """Every fixture packet scanned once with the default engine (pdfium)."""
    return {pid: scan_packet(PACKETS / pid, matcher) for pid in IDS}


@pytest.mark.parametrize("pid", IDS)
def test_labelled_verdict_and_release(pid: str, results: dict[str, ScanResult]) -> None:
    result, label = results[pid], LABELS[pid]
    got = (result.verdict, result.release)
    findings = [(f.document, f.page, f.category, f.rule) for f in result.findings]
    assert got == (label["verdict"], label["release"]), f"{pid}: findings {findings}"


@pytest.mark.parametrize("pid", IDS)
def test_json_equals_golden(pid: str, matcher: Matcher) -> None:
    path = golden_path(pid)
    assert path.exists(), f"{path} is missing: run `make golden`"
    expected: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    got = golden_dict(PACKETS / pid, matcher)
    assert got == expected, f"{pid}: the JSON differs from {path.name}; if the change is meant: `make golden`"


def _findings(result: ScanResult) -> list[tuple[str, int, str, str, str]]:
    return sorted(
        (f.document, f.page, f.category, f.rule, " ".join(f.quote.split())) for f in result.findings
    )


@pytest.mark.parametrize("pid", IDS)
def test_engines_agree(pid: str, matcher: Matcher, results: dict[str, ScanResult]) -> None:
    plumber = scan_packet(PACKETS / pid, matcher, engine="pdfplumber")
    pdfium = results[pid]
    assert _findings(plumber) == _findings(pdfium)
    assert (plumber.verdict, plumber.release) == (pdfium.verdict, pdfium.release)


EVIL = "<script>alert('x')</script>"


def test_script_in_document_text_is_escaped(tmp_path: Path, matcher: Matcher) -> None:
    pdf = FPDF(format="letter")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    text = (
        f"Borrower acknowledges that the remaining deficiency balance {EVIL} will remain due and owing "
        "by Borrower after the closing of this sale."
    )
    pdf.multi_cell(0, 6, text)
    (tmp_path / f"{EVIL[:8]}letter.pdf").write_bytes(bytes(pdf.output()))
    result = scan_packet(tmp_path, matcher)
    assert result.findings, "the planted acknowledgment was not found, so the escaping is not exercised"
    assert any("<script>" in f.quote for f in result.findings)
    page = render_html(result)
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page
