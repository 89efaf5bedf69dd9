"""Where the house is, who owns the loan, and the notes (issue 8).

Detection on sentences and on the fixture packets, every note's examples (one
parametrised test, like the rules'), a lint of the note files, the JSON fields,
the "Where you live" HTML section (escaped) and the verdict left unchanged.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from places_eval import measure

from conftest import PACKETS, REPO
from shortsale_check import jurisdiction, notes
from shortsale_check.match import Matcher
from shortsale_check.model import Finding, Note, ScanResult, Sentence
from shortsale_check.pipeline import scan_packet, with_places
from shortsale_check.report_html import render_html
from shortsale_check.report_json import from_dict, to_dict
from shortsale_check.report_text import summary_lines

RULES = notes.load_notes()
LEGAL_NOTES = REPO.parent / "shared" / "legal" / "notes.md"


def sentence(text: str, document: str = "approval.pdf", page: int = 1) -> Sentence:
    return Sentence(document, page, page, text, ())


def places(*texts: str) -> tuple[jurisdiction.Spot, ...]:
    return jurisdiction.find_places("approval.pdf", [sentence(t) for t in texts])


# --------------------------------------------------------------------------- state


@pytest.mark.parametrize(
    ("texts", "state"),
    [
        (["Property: 123 Main St, Reno, NV 89501"], "NV"),
        (["Property Address: 9 Elm Road, Fresno, California 93720"], "CA"),
        (["We reviewed the offer for the property located at 5 Oak Way, Dayton, OH 45419 (the Property)."], "OH"),
        (["Thank you for working with us on the sale of your home at 1 Bay St, Tampa, FL 33601."], "FL"),
        (["Silver State Home Loans, 500 Ridge Street, Reno, NV 89501", "Property: 2 Alder Dr, Fresno, CA 93720"], "CA"),
        (["Write to us at P.O. Box 7720, Norfolk, VA 23509."], None),
        (["Harbor Point Mortgage, 100 Commerce Way, Reno, NV 89501"], None),
        (["STATE OF NEW YORK ) ss: COUNTY OF DUTCHESS. My commission expires 2027."], None),
        (["The land situated in the County of Hamilton, State of Ohio, described as Lot 14."], "OH"),
        (["Property: 1 A St, Reno, NV 89501", "Property: 2 B St, Fresno, CA 93720"], None),
        (["This note is governed by the laws of the State of Illinois."], None),
    ],
)
def test_state(texts: list[str], state: str | None) -> None:
    assert jurisdiction.decide_state(places(*texts)).state == state


def test_state_evidence_names_document_and_page() -> None:
    spots = jurisdiction.find_places(
        "settlement.pdf", [sentence("Property: 1 A St, Reno, NV 89501", "settlement.pdf", 3)]
    )
    got = jurisdiction.decide_state(spots)
    assert (got.document, got.page) == ("settlement.pdf", 3)
    assert got.evidence == "property address on page 3 of settlement.pdf"


# --------------------------------------------------------------------------- investor and program


@pytest.mark.parametrize(
    ("texts", "name", "program"),
    [
        (["We service your loan on behalf of Fannie Mae."], "Fannie Mae", None),
        (["Freddie Mac has approved this Standard Short Sale."], "Freddie Mac", "Standard Short Sale"),
        (["This approval is granted under the Home Affordable Foreclosure Alternatives (HAFA) program."], None, "HAFA"),
        (["Your FHA-insured loan qualifies for a pre-foreclosure sale."], "HUD/FHA", "FHA pre-foreclosure sale"),
        (["The Department of Veterans Affairs approved a compromise sale."], "VA", "VA compromise sale"),
        (["Investor: U.S. Bank, as Trustee for Meridian Asset Trust 2006-HE4"], "Meridian Asset Trust 2006-HE4", None),
        (["Your request was received on Fannie Mae Form 710."], None, None),
        (["Single Family - Fannie Mae/Freddie Mac UNIFORM INSTRUMENT Form 3005"], None, None),
        (["See the HUD-1 settlement statement."], None, None),
        (["Free help is available from housing counselors approved by HUD."], None, None),
        (["Property: 604 Bayview Road, Norfolk, VA 23503"], None, None),
        (["Recorded as a Deed of Trust in Book 12."], None, None),
    ],
)
def test_investor(texts: list[str], name: str | None, program: str | None) -> None:
    got = jurisdiction.decide_investor(places(*texts))
    assert (got.name, got.program) == (name, program)


def test_investor_evidence() -> None:
    spots = jurisdiction.find_places("letter.pdf", [sentence("Owned by Freddie Mac.", "letter.pdf", 2)])
    assert jurisdiction.decide_investor(spots).evidence == "letter.pdf p.2"


# --------------------------------------------------------------------------- notes: lint and examples


def test_notes_lint() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids)), "duplicate note ids"
    assert len(RULES) >= 16
    for r in RULES:
        assert r.path is not None and r.path.stem == r.id, f"{r.path}: id {r.id!r} must equal the file stem"
        assert r.citation, f"{r.path}: citation is empty"
        assert r.text, f"{r.path}: text is empty"
        assert r.applies and r.not_applies, f"{r.path}: examples need both applies and not"
        if r.uncertain:
            assert "may" in r.text.split(), f"{r.path}: an uncertain note must say 'may'"


def test_notes_cover_the_brief() -> None:
    wanted = {"ca-580e", "ca-580b-coker", "nv-40458", "or-86157", "fl-70206", "freddie-2012-5",
              "fannie-contribution", "fannie-mi-e3307", "hafa", "fha-pfs", "va-compromise", "other-creditors",
              "oh-cognovit", "va-cognovit", "ny-cognovit", "or-cognovit"}  # fmt: skip
    assert wanted <= {r.id for r in RULES}


@pytest.mark.skipif(not LEGAL_NOTES.exists(), reason="shared legal notes not present")
@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_note_citation_is_in_the_legal_notes(rule: notes.NoteRule) -> None:
    """Every note's statute or source is one the shared legal notes name."""
    text = LEGAL_NOTES.read_text(encoding="utf-8")
    keys = {"ca-580e": "580e", "ca-580b-coker": "Coker", "nv-40458": "40.458", "or-86157": "86.157",
            "fl-70206": "702.06", "freddie-2012-5": "2012-5", "fannie-contribution": "SVC-2012-19",
            "fannie-mi-e3307": "E-3.3-07", "hafa": "09-09", "fha-pfs": "94-45", "va-compromise": "M26-4",
            "other-creditors": "subordinate", "oh-cognovit": "2323.13", "va-cognovit": "8.01-433.1",
            "ny-cognovit": "3218", "or-cognovit": "73 A(2)"}  # fmt: skip
    assert keys[rule.id] in text, f"{rule.id}: {keys[rule.id]!r} is not in the shared legal notes"
    assert keys[rule.id] in rule.citation, f"{rule.path}: citation should name {keys[rule.id]!r}"


def _examples() -> list[object]:
    out: list[object] = []
    for r in RULES:
        out += [pytest.param(r, s, True, id=f"{r.id}-applies-{i}") for i, s in enumerate(r.applies)]
        out += [pytest.param(r, s, False, id=f"{r.id}-not-{i}") for i, s in enumerate(r.not_applies)]
    return out


@pytest.mark.parametrize(("rule", "situation", "expected"), _examples())
def test_note_example(rule: notes.NoteRule, situation: notes.Situation, expected: bool) -> None:
    assert rule.matches(situation) is expected, f"{rule.path}: example {situation} expected applies={expected}"


def test_nevada_check_words() -> None:
    loud = places("GREAT BASIN MORTGAGE WAIVES ITS RIGHT TO RECOVER THE BALANCE OF $48,612.00.")
    assert "conspicuous waiver that states the amount waived ($48,612.00)" in notes.nevada_check(loud)
    quiet = places("Lender waives $1,000.00 of the balance.", "Borrower still owes $9,000.00 after the sale.")
    check = notes.nevada_check(quiet)
    assert "not set apart in capitals" in check and "an amount still owed ($9,000.00)" in check
    assert "we found no waiver" in notes.nevada_check(())


# --------------------------------------------------------------------------- fixture packets

EXPECTED = {
    "where-ca-house-nv-lender": ("CA", None, None, {"ca-580e", "ca-580b-coker"}),
    "where-fannie-form-only": ("TX", None, None, set()),
    "where-nevada-waiver": ("NV", None, None, {"nv-40458"}),
    "where-oregon-cognovit": ("OR", "Freddie Mac", None, {"or-86157", "or-cognovit", "freddie-2012-5"}),
    "where-virginia-va-compromise": ("VA", "VA", "VA compromise sale", {"va-compromise"}),
    "where-ohio-legal-description": ("OH", None, None, {"oh-cognovit"}),
}


@pytest.fixture(scope="module")
def scanned(matcher: Matcher) -> dict[str, ScanResult]:
    return {pid: scan_packet(PACKETS / pid, matcher) for pid in EXPECTED}


@pytest.mark.parametrize("pid", sorted(EXPECTED))
def test_packet_places_and_notes(pid: str, scanned: dict[str, ScanResult]) -> None:
    r = scanned[pid]
    state, investor, program, ids = EXPECTED[pid]
    assert (r.jurisdiction.state, r.investor.name, r.investor.program) == (state, investor, program)
    assert {n.id for n in r.notes} == ids
    assert all(n.citation for n in r.notes)


def test_nevada_packet_check(scanned: dict[str, ScanResult]) -> None:
    note = next(n for n in scanned["where-nevada-waiver"].notes if n.id == "nv-40458")
    assert note.check is not None and "$48,612.00" in note.check and "no amount stated as still owed" in note.check


def test_cognovit_note_applies_to_the_finding(scanned: dict[str, ScanResult]) -> None:
    note = next(n for n in scanned["where-oregon-cognovit"].notes if n.id == "or-cognovit")
    rules = {f.rule for f in scanned["where-oregon-cognovit"].findings if f.category == "confession_of_judgment"}
    assert set(note.applies_to) == rules and rules


def test_notes_never_change_the_verdict(scanned: dict[str, ScanResult]) -> None:
    for r in scanned.values():
        bare = replace(r, notes=(), jurisdiction=type(r.jurisdiction)(), investor=type(r.investor)())
        again = with_places(bare, ())
        assert (again.verdict, again.release, again.summary) == (r.verdict, r.release, r.summary)


# --------------------------------------------------------------------------- reports


def test_json_round_trip(scanned: dict[str, ScanResult]) -> None:
    r = scanned["where-oregon-cognovit"]
    data = to_dict(r)
    assert data["jurisdiction"]["state"] == "OR"  # type: ignore[index]
    assert data["investor"]["name"] == "Freddie Mac"  # type: ignore[index]
    assert {n["id"] for n in data["notes"]} >= {"or-cognovit"}  # type: ignore[attr-defined]
    back = from_dict(data)
    assert (back.jurisdiction, back.investor, back.notes) == (r.jurisdiction, r.investor, r.notes)


def test_json_without_places_reads_back() -> None:
    data = to_dict(ScanResult("p", "low_risk", "full", "", (), ()))
    assert data["jurisdiction"] == {"state": None, "evidence": None, "document": None, "page": None}
    for key in ("jurisdiction", "investor", "notes"):
        del data[key]
    assert from_dict(data).jurisdiction.state is None


def test_html_where_section_escaped(scanned: dict[str, ScanResult]) -> None:
    r = scanned["where-ca-house-nv-lender"]
    evil = Note("x-test", "<script>alert(1)</script>", "Code & <b>", ())
    html = render_html(replace(r, notes=(*r.notes, evil)))
    assert "Where you live" in html
    assert "This is not legal advice; laws change; ask a lawyer licensed in California." in html
    assert "Cal. Code Civ. Proc. § 580e" in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html and "Code &amp; &lt;b&gt;" in html


def test_html_unknown_state() -> None:
    html = render_html(ScanResult("p", "low_risk", "full", "", (), ()))
    assert "ask a lawyer licensed in your state." in html


def test_text_summary_lines(scanned: dict[str, ScanResult]) -> None:
    lines = summary_lines(scanned["where-nevada-waiver"])
    assert "state: NV (property address on page 1 of short-sale-agreement.pdf)" in lines
    assert "note: nv-40458 — Nev. Rev. Stat. § 40.458" in lines


def test_applies_to_uses_bears_on() -> None:
    f = Finding("deficiency_reserved", "reserve.x", "high", "a.pdf", 1, "q", None, 0.9, "", "")
    got = notes.notes_for(notes.Situation(state="CA"), [f])
    assert {n.id: n.applies_to for n in got}["ca-580e"] == ("reserve.x",)


# --------------------------------------------------------------------------- corpus figures


def test_corpus_detection_targets() -> None:
    score = measure()
    assert score.state_right / score.state_total >= 0.97, score.misses
    assert score.investor_right / score.investor_total >= 0.95, score.misses
    assert not score.misses


def test_notes_ship_next_to_patterns() -> None:
    assert (REPO / "jurisdictions").is_dir() and (REPO / "patterns" / "vocab" / "places.yaml").is_file()
    assert '"jurisdictions" = "shortsale_check/jurisdictions"' in (REPO / "pyproject.toml").read_text()


def test_path_type() -> None:
    assert isinstance(notes.default_notes_dir(), Path)
