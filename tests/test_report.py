"""The report stage: findings JSON (the contract), the HTML view, the terminal summary.

ScanResults are built by hand: no PDF is read here.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from shortsale_check import SCHEMA
from shortsale_check.model import Check, DocumentInfo, Finding, ScanResult
from shortsale_check.report_html import environment, quote_segments, render_html, write_html
from shortsale_check.report_json import (
    ReportFormatError,
    dumps,
    from_dict,
    loads,
    to_dict,
    write_json,
)
from shortsale_check.report_text import clean, page_ranges, summary_lines

TEMPLATES = Path(__file__).resolve().parents[1] / "src" / "shortsale_check" / "templates"
EVIL = "<script>alert(1)</script> and <b>bold</b>"


def ack(**changes: object) -> Finding:
    quote = "Borrower acknowledges that the remaining balance remains due and owing."
    base = Finding(
        category="debt_acknowledgment",
        rule="ack.remaining-balance-owed",
        severity="high",
        document="approval-letter.pdf",
        page=2,
        quote=quote,
        bbox=(72.04, 310.55, 540.0, 352.12),
        confidence=0.92349,
        explanation="You would be agreeing that you still owe the shortfall.",
        advice="Ask the lender to remove this sentence and add a full release.",
        triggers=("acknowledges", "remains due and owing"),
        trigger_spans=((9, 21), (49, 70)),
        checks=(Check("actor", "borrower", "subject 'Borrower'", 0.05), Check("negation", "not negated")),
        end_page=3,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def cognovit() -> Finding:
    return ack(
        category="confession_of_judgment",
        rule="coj.confess-judgment",
        severity="critical",
        document="note.pdf",
        page=1,
        quote="Borrower authorizes any attorney to appear and confess judgment.",
        triggers=("confess judgment",),
        trigger_spans=((47, 63),),
        checks=(),
        end_page=None,
        bbox=None,
    )


def lien_only() -> Finding:
    return ack(
        category="lien_release_only",
        rule="lien.reconvey",
        severity="medium",
        document="approval-letter.pdf",
        page=1,
        quote="Lender will reconvey the deed of trust.",
        triggers=("reconvey",),
        trigger_spans=((12, 20),),
        end_page=None,
    )


def full_release(document: str = "release.pdf") -> Finding:
    return ack(
        category="full_release",
        rule="rel.waive-deficiency",
        severity="info",
        document=document,
        page=1,
        quote="Lender waives the deficiency and releases Borrower from any further obligation.",
        triggers=("waives the deficiency",),
        trigger_spans=((7, 28),),
        end_page=None,
    )


def result(**changes: object) -> ScanResult:
    base = ScanResult(
        packet="smith-closing",
        verdict="high_risk",
        release="none",
        summary="The approval letter says you still owe the rest of the loan.",
        documents=(
            DocumentInfo("approval-letter.pdf", 4, ocr_pages=(3, 4)),
            DocumentInfo("note.pdf", 2),
        ),
        findings=(lien_only(), ack(), cognovit()),
        pages_read=6,
        engine="pdfium",
        tool_version="0.1.0",
        warnings=("page 3 of approval-letter.pdf was read by OCR",),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- JSON


def test_json_has_every_contract_field_with_the_right_types() -> None:
    data = json.loads(dumps(result(), generated_at="2026-01-01T00:00:00Z"))
    assert data["schema"] == SCHEMA == "shortsale-check/findings@1"
    for key in ("packet", "verdict", "release", "summary"):
        assert isinstance(data[key], str), key
    assert data["verdict"] in {"high_risk", "needs_review", "low_risk"}
    assert data["release"] in {"full", "conditional", "lien_only", "none"}
    doc = data["documents"][0]
    assert set(doc) == {"file", "pages", "ocr_pages", "unreadable_pages", "error", "role"}
    assert doc == {
        "file": "approval-letter.pdf",
        "pages": 4,
        "ocr_pages": [3, 4],
        "unreadable_pages": [],
        "error": None,
        "role": "terms",
    }
    assert data["mentions"] == []
    contract = {"category", "rule", "severity", "document", "page", "quote", "bbox", "confidence"}
    contract |= {"explanation", "advice"}
    for finding in data["findings"]:
        assert contract <= set(finding)
        assert isinstance(finding["page"], int)
        assert isinstance(finding["confidence"], float)
        assert finding["bbox"] is None or (
            len(finding["bbox"]) == 4 and all(isinstance(v, float) for v in finding["bbox"])
        )


def test_json_extras_and_rounding() -> None:
    data = to_dict(result(), generated_at="2026-01-01T00:00:00Z")
    assert data["tool"] == {"name": "shortsale-check", "version": "0.1.0"}
    assert data["engine"] == "pdfium"
    assert data["pages_read"] == 6
    assert data["generated_at"] == "2026-01-01T00:00:00Z"
    assert data["warnings"] == ["page 3 of approval-letter.pdf was read by OCR"]
    high = next(f for f in data["findings"] if f["category"] == "debt_acknowledgment")  # type: ignore[attr-defined]
    assert high["bbox"] == [72.0, 310.6, 540.0, 352.1]
    assert high["confidence"] == 0.923
    assert high["end_page"] == 3
    assert high["triggers"] == ["acknowledges", "remains due and owing"]
    assert high["explain"] == [
        {"check": "actor", "result": "borrower", "detail": "subject 'Borrower'", "effect": 0.05},
        {"check": "negation", "result": "not negated", "detail": "", "effect": 0.0},
    ]
    assert to_dict(result())["generated_at"] is None


def test_findings_sorted_by_severity_then_document_then_page() -> None:
    findings = (
        full_release("a.pdf"),
        lien_only(),
        ack(page=5),
        ack(page=2),
        cognovit(),
        ack(document="a.pdf"),
    )
    data = to_dict(result(findings=findings))
    order = [(f["severity"], f["document"], f["page"]) for f in data["findings"]]  # type: ignore[attr-defined]
    assert order == [
        ("critical", "note.pdf", 1),
        ("high", "a.pdf", 2),
        ("high", "approval-letter.pdf", 2),
        ("high", "approval-letter.pdf", 5),
        ("medium", "approval-letter.pdf", 1),
        ("info", "a.pdf", 1),
    ]


def test_round_trip() -> None:
    original = result(
        findings=(
            replace(cognovit(), confidence=0.5),
            ack(bbox=(72.0, 310.6, 540.0, 352.1), confidence=0.923),
        )
    )
    text = dumps(original, generated_at="x")
    assert loads(text) == original
    assert dumps(loads(text), generated_at="x") == text


def test_from_dict_names_the_bad_field() -> None:
    data = to_dict(result())
    data["findings"][0]["page"] = "two"  # type: ignore[index]
    with pytest.raises(ReportFormatError, match=r"findings\[0\]\.page: expected an integer"):
        from_dict(data)
    with pytest.raises(ReportFormatError, match="schema"):
        from_dict({"schema": "other@1"})


def test_write_json_is_utf8_indented_and_leaves_no_temp_file(tmp_path: Path) -> None:
    path = write_json(result(packet="café – «test»"), tmp_path / "out" / "smith.json", generated_at="t")
    text = path.read_text(encoding="utf-8")
    assert '"packet": "café – «test»"' in text
    assert text.startswith('{\n  "schema"')
    assert [p.name for p in path.parent.iterdir()] == ["smith.json"]


# --------------------------------------------------------------------------- HTML


@pytest.fixture(scope="module")
def html() -> str:
    return render_html(result(), generated_at="2026-01-01T00:00:00Z")


def test_document_text_is_escaped() -> None:
    evil = ack(document=f"{EVIL}.pdf", quote=f"Borrower acknowledges {EVIL}", trigger_spans=((9, 21),))
    page = render_html(
        result(
            packet=EVIL,
            summary=EVIL,
            findings=(evil,),
            documents=(DocumentInfo(f"{EVIL}.pdf", 1, error=EVIL),),
            warnings=(EVIL,),
        )
    )
    assert "<script" not in page.lower()
    assert "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page


def test_autoescape_on_every_template_and_no_safe_filter() -> None:
    env = environment()
    assert isinstance(env.undefined, type) and env.undefined.__name__ == "StrictUndefined"
    for name in env.list_templates():
        source = (TEMPLATES / name).read_text(encoding="utf-8")
        assert "|safe" not in source.replace(" ", ""), name
        assert "autoescape false" not in source, name
    assert env.autoescape is True


def test_no_external_urls_and_no_script(html: str) -> None:
    assert not re.search(r"https?://", html)
    assert not re.search(r"""(src|href)\s*=\s*["']?(?!#|data:)""", html)
    assert "<script" not in html.lower()
    assert "@import" not in html and "url(" not in html
    assert '<html lang="en">' in html
    assert "@media print" in html


def test_triggers_wrapped_in_mark(html: str) -> None:
    assert (
        "Borrower <mark>acknowledges</mark> that the remaining balance <mark>remains due and owing</mark>."
        in html
    )
    assert "to appear and <mark>confess judgment</mark>." in html


def test_quote_segments_merge_clamp_and_fallback() -> None:
    segs = quote_segments(ack(quote="abcdefgh", trigger_spans=((2, 4), (3, 6), (7, 99), (5, 1))))
    assert [(s.text, s.is_trigger) for s in segs] == [
        ("ab", False),
        ("cdef", True),
        ("g", False),
        ("h", True),
    ]
    fallback = quote_segments(ack(quote="We WAIVE it", trigger_spans=(), triggers=("waive",)))
    assert [(s.text, s.is_trigger) for s in fallback] == [("We ", False), ("WAIVE", True), (" it", False)]
    assert [s.text for s in quote_segments(ack(quote="", trigger_spans=()))] == [""]


def test_not_legal_advice_notice(html: str) -> None:
    assert "This report is not legal advice" in html
    assert "Laws differ by state" in html


def test_finding_sections(html: str) -> None:
    assert html.index("Critical") < html.index("High risk</span>") < html.index("Needs attention")
    assert "Why it matters" in html and "What to ask for instead" in html
    assert "<details>" in html and "How this was found" in html
    assert "ack.remaining-balance-owed" in html
    assert "pages 2–3" in html
    assert "Confidence: 92%" in html
    assert "+0.05" in html


@pytest.mark.parametrize(
    ("changes", "title"),
    [
        ({}, "This packet may leave you owing the rest of the loan"),
        ({"findings": (lien_only(),)}, "No release from the rest of the debt was found"),
        (
            {"verdict": "needs_review", "release": "conditional", "findings": ()},
            "We could not confirm you are released — have it checked",
        ),
        (
            {"verdict": "low_risk", "release": "full", "findings": (full_release(),)},
            "A full release was found and nothing adverse",
        ),
    ],
)
def test_banner_per_verdict(changes: dict[str, object], title: str) -> None:
    page = render_html(result(**changes))
    banner = page[page.index('<section class="banner') :]
    assert f'<h2 id="verdict-title">{title}</h2>' in banner[:600]


def test_no_release_callout_only_when_release_is_none(html: str) -> None:
    assert "No release from further obligation was found" in html
    full = render_html(result(verdict="low_risk", release="full", findings=(full_release(),)))
    assert "No release from further obligation was found" not in full
    assert "What to do" in full  # good news gets no "ask for instead"


def test_unreadable_pages_and_errors_shown() -> None:
    docs = (
        DocumentInfo("scan.pdf", 5, unreadable_pages=(2, 3, 4)),
        DocumentInfo("locked.pdf", 0, error="encrypted PDF: it needs a password"),
    )
    page = render_html(result(verdict="needs_review", documents=docs, findings=()))
    assert "pages 2–4" in page
    assert "encrypted PDF: it needs a password" in page
    assert "could not be read" in page
    assert "Some pages or files could not be read" in page


def test_write_html(tmp_path: Path) -> None:
    path = write_html(result(), tmp_path / "smith.html")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# --------------------------------------------------------------------------- text summary


def test_summary_lines_format() -> None:
    docs = (
        DocumentInfo("approval-letter.pdf", 4),
        DocumentInfo("scan.pdf", 5, unreadable_pages=(2, 3, 4, 9)),
        DocumentInfo("locked.pdf", 0, error="encrypted PDF: it needs a password"),
    )
    lines = summary_lines(result(documents=docs), width=100)
    assert lines[0] == "HIGH RISK — release: none — 3 findings in 3 documents"
    cut = '"Borrower authorizes any attorney to appear and confess judgme…"'
    assert lines[1] == f"note.pdf:1  confession_of_judgment  {cut}"
    assert len(lines[1]) == 100
    assert lines[2].startswith('approval-letter.pdf:2  debt_acknowledgment  "Borrower acknowledges')
    assert lines[3].startswith("approval-letter.pdf:1  lien_release_only")
    assert lines[4] == "unreadable: scan.pdf: pages 2–4, 9 could not be read"
    assert lines[5] == "error: locked.pdf: encrypted PDF: it needs a password"
    assert lines[6] == "warning: page 3 of approval-letter.pdf was read by OCR"
    assert all(len(line) <= 100 for line in lines[1:4])


def test_summary_quote_shortened_and_cleaned() -> None:
    quote = "Borrower\n  acknowledges\tthat \x1b[31mthe remaining balance\u202e remains due and owing."
    lines = summary_lines(result(findings=(ack(quote=quote),)), width=80)
    line = lines[1]
    assert len(line) == 80
    assert line.endswith('…"')
    assert '"Borrower acknowledges that [31mth…"' in line
    assert "\x1b" not in line and "\u202e" not in line


def test_summary_singular_and_empty() -> None:
    one = result(findings=(full_release(),), documents=(DocumentInfo("a.pdf", 1),), verdict="low_risk")
    assert (
        summary_lines(replace(one, release="full"))[0] == "LOW RISK — release: full — 1 finding in 1 document"
    )


def test_helpers() -> None:
    assert page_ranges([9, 3, 4, 5, 4]) == "3–5, 9"
    assert page_ranges([]) == ""
    assert clean(" a\n\tb\x07c ") == "a bc"


def test_summary_counts_mentions_from_papers_that_explain() -> None:
    handout = replace(ack(), document="cognovit-faq.pdf")
    lines = summary_lines(result(mentions=(handout,)), width=100)
    assert "mentioned, outside the verdict (cognovit-faq.pdf): 1 sentence, see the report" in lines
    assert not any("mentioned, outside" in line for line in summary_lines(result(), width=100))


def test_html_lists_mentions_apart_from_findings_and_escapes_them() -> None:
    handout = replace(ack(quote="A <b>judgment note</b> lets a lender confess judgment."), document="faq.pdf")
    docs = (DocumentInfo("approval-letter.pdf", 4), replace(DocumentInfo("faq.pdf", 2), role="explainer"))
    html = render_html(result(mentions=(handout,), documents=docs))
    assert "Mentioned, outside the verdict (1)" in html
    assert "in a paper that explains" in html
    assert "(explains; not terms you sign)" in html
    assert "<b>judgment note</b>" not in html and "&lt;b&gt;" in html


def test_html_says_why_each_mention_is_outside_the_verdict() -> None:
    screened = replace(ack(), checks=(Check("screen", "look-alike", "ADVERSE score 0.012, below 0.05"),))
    listed = replace(ack(quote="Member 33107: balance kept."), checks=(Check("other item", "another borrower"),))
    html = render_html(result(mentions=(screened, listed)))
    assert "reads like a look-alike to the statistical screen: ADVERSE score 0.012, below 0.05" in html
    assert "names another borrower&#39;s loan in a list" in html or "names another borrower's loan in a list" in html
