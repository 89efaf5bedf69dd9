"""The fixture renderer (tests/fixtures/render.py) and the committed packets' labels."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pdfplumber
import pytest
import yaml

FIXTURES = Path(__file__).parent / "fixtures"
PACKETS = FIXTURES / "packets"


def _load_render() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fixture_render", FIXTURES / "render.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


render = _load_render()

FILLER = "The settlement agent must send the final settlement statement before closing. " * 6
SOURCE: dict[str, Any] = {
    "packet": "demo",
    "tags": ["page-break"],
    "documents": [
        {
            "file": "letter.pdf",
            "header": "Demo Bank | Short Sale Approval",
            "footer": "Loan ****0001",
            "footer_pages": True,
            "blocks": [
                {"h": "Approval"},
                {"p": FILLER},
                {"hyphenate": True},
                {"p": "Notwithstanding acknowledgment indebtedness responsibility " * 8},
                {"break_inside": True},
                {
                    "clause": "deficiency_reserved",
                    "lead": "Remaining balance.",
                    "text": "The investor reserves the right to pursue any deficiency balance remaining "
                    "after the sale, to the fullest extent permitted by applicable law, including by "
                    "obtaining a deficiency judgment against the borrower in any court.",
                },
                {"distractor": "buyer_note", "text": "Buyer shall sign a note.", "style": "fine"},
                {"image_page": "Signature page"},
            ],
        },
        {"file": "broken.pdf", "kind": "truncated", "blocks": [{"p": "cut in half"}]},
    ],
}


def _render_demo(set_dir: Path, source: dict[str, Any] | None = None) -> dict[str, Any]:
    (set_dir / "src").mkdir(parents=True)
    (set_dir / "src" / "demo.yaml").write_text(yaml.safe_dump(source or SOURCE))
    assert render.render_set(set_dir) == 0
    line: dict[str, Any] = json.loads((set_dir / "labels.jsonl").read_text())
    return line


def test_rendering_is_deterministic(tmp_path: Path) -> None:
    first = _render_demo(tmp_path / "a")
    second = _render_demo(tmp_path / "b")
    assert first == second
    for name in ("letter.pdf", "broken.pdf"):
        assert (tmp_path / "a/demo" / name).read_bytes() == (tmp_path / "b/demo" / name).read_bytes()


def test_demo_labels_measure_pages_and_layout(tmp_path: Path) -> None:
    line = _render_demo(tmp_path)
    clause = line["clauses"][0]
    assert (clause["page"], clause["end_page"]) == (1, 2)  # break_inside crosses the page
    assert line["documents"][0]["pages"] == 3 and line["documents"][1]["error"]
    assert (line["verdict"], line["release"]) == ("high_risk", "none")
    with pdfplumber.open(tmp_path / "demo/letter.pdf") as pdf:
        first = pdf.pages[0].extract_text()
        assert "Page 1 of 3" in first and "-\n" in first  # footer total and a hyphenated line end
        assert pdf.pages[2].chars == [] and pdf.pages[2].images  # the image page has no text layer


def test_bad_source_is_reported_not_raised(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = json.loads(json.dumps(SOURCE))
    source["documents"][0]["blocks"][5]["clause"] = "deficiency_waived"
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "demo.yaml").write_text(yaml.safe_dump(source))
    assert render.render_set(tmp_path) == 1
    assert "unknown clause category 'deficiency_waived'" in capsys.readouterr().err


def _labels() -> list[dict[str, Any]]:
    lines = (PACKETS / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_every_packet_source_has_one_label_line() -> None:
    sources = sorted(p.stem for p in (PACKETS / "src").glob("*.yaml"))
    assert [line["packet"] for line in _labels()] == sources


@pytest.mark.parametrize("line", _labels(), ids=lambda line: str(line["packet"]))
def test_packet_labels_are_consistent(line: dict[str, Any]) -> None:
    docs = {d["file"]: d for d in line["documents"]}
    assert all((PACKETS / line["packet"] / name).exists() for name in docs)
    assert line["pages"] == sum(d["pages"] for d in docs.values())
    for span in line["clauses"] + line["distractors"]:
        doc = docs[span["document"]]
        assert doc["error"] is None
        assert 1 <= span["page"] <= span["end_page"] <= doc["pages"], span
    categories = {c["category"] for c in line["clauses"]}
    assert categories <= set(render.CATEGORIES)
    source = yaml.safe_load((PACKETS / "src" / f"{line['packet']}.yaml").read_text())
    release = source.get("release") or render.default_release(categories)
    unreadable = any(d["error"] for d in docs.values()) or "image_page" in json.dumps(source)
    verdict = source.get("verdict") or render.default_verdict(categories, release, unreadable)
    assert (line["verdict"], line["release"]) == (verdict, release)


def test_committed_page_counts_match_the_pdfs() -> None:
    for line in _labels():
        for doc in line["documents"]:
            if doc["error"] is None:
                with pdfplumber.open(PACKETS / line["packet"] / doc["file"]) as pdf:
                    assert len(pdf.pages) == doc["pages"], (line["packet"], doc["file"])
