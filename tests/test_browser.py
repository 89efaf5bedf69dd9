"""The report and the triage index in headless Chromium (Playwright, Debian's chromium).

Skipped only when chromium or playwright is missing outside CI; in CI (CI=true) they must run.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fpdf import FPDF

from shortsale_check.match import Matcher
from shortsale_check.triage import run_triage

PACKETS = Path(__file__).resolve().parent / "fixtures" / "packets"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
IN_CI = os.environ.get("CI") == "true"
EVIL_TEXT = (
    "Borrower acknowledges that the remaining balance remains due and owing. <script>window.__pwned = 1; "
    'alert("x")</script> <b>bold</b> <img src=x onerror="window.__pwned = 2; alert(2)">'
)


@pytest.fixture(scope="module")
def triaged(tmp_path_factory: pytest.TempPathFactory, matcher: Matcher) -> Path:
    root = tmp_path_factory.mktemp("browser")
    folder = root / "in"
    for name in ("full-release-contradicted", "full-release-lender-waives", "conditional-note"):
        shutil.copytree(PACKETS / name, folder / name)
    evil = folder / "evil<img src=x onerror=alert(3)>"
    evil.mkdir()
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, EVIL_TEXT)
    pdf.output(str(evil / "<b>letter<i>.pdf"))
    out = root / "out"
    summary = run_triage(folder, out, jobs=1, matcher=matcher)
    assert not summary.failed
    return out


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    pg = context.new_page()
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    context.close()


def test_report_banner_visible_and_highlights_render(page: Any, triaged: Path) -> None:
    page.goto((triaged / "full-release-contradicted.html").as_uri())
    banner = page.locator(".banner h2")
    assert banner.is_visible() and "owing the rest of the loan" in banner.inner_text()
    images = page.locator(".page-crop img")
    assert images.count() == 2
    widths = page.eval_on_selector_all(".page-crop img, .page-full img", "els => els.map(e => e.naturalWidth)")
    assert widths and all(w > 0 for w in widths)
    page.locator(".page-crop a").first.click()
    assert page.url.endswith("#page-investor-addendum-pdf-1")
    assert page.locator("#letter h3").first.is_visible()


def test_index_sorts_and_filters(page: Any, triaged: Path) -> None:
    page.goto((triaged / "index.html").as_uri())

    def names() -> list[str]:
        script = "els => els.map(e => e.textContent)"
        return list(page.eval_on_selector_all("#packets tbody tr:not([hidden]) th", script))

    ranked = names()
    assert len(ranked) == 4 and ranked[-1] == "full-release-lender-waives"  # low risk last
    page.get_by_role("button", name="Packet").click()
    assert names() == sorted(ranked, key=str.lower)
    page.get_by_role("button", name="Packet").click()
    assert names() == sorted(ranked, key=str.lower, reverse=True)
    page.select_option("#filter-verdict", "low_risk")
    assert names() == ["full-release-lender-waives"]
    assert page.locator("#filter-status").inner_text() == "1 of 4 packets shown"
    page.select_option("#filter-verdict", "")
    page.fill("#filter-text", "promissory")
    assert names() == ["conditional-note"]


def test_document_text_with_html_shows_as_text_and_runs_nothing(page: Any, triaged: Path) -> None:
    report = next(triaged.glob("evil*.html"))
    page.goto(report.as_uri())
    page.wait_for_timeout(200)
    assert page.evaluate("window.__pwned === undefined")
    body = page.locator("body").inner_text()
    assert "<script>window.__pwned = 1;" in body and "<b>bold</b>" in body
    assert page.locator("main script, main b, main img:not([src^='data:'])").count() == 0
    page.goto((triaged / "index.html").as_uri())
    page.wait_for_timeout(200)
    assert page.evaluate("window.__pwned === undefined")
    assert "evil<img src=x onerror=alert(3)>" in page.locator("#packets").inner_text()
    assert page.dialogs == []  # type: ignore[attr-defined]
