"""The look-alike screen (patterns/screen.yaml, patterns/screen/model): a statistical second look at findings."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from shortsale_check.errors import RuleError
from shortsale_check.match import Matcher
from shortsale_check.model import Finding
from shortsale_check.pipeline import scan_packet
from shortsale_check.rules import load_rules
from shortsale_check.screen import OTHER, Screen, set_aside
from shortsale_check.vocab import default_patterns_dir

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
sys.path.insert(0, str(ROOT / "bench"))
import train_screen  # noqa: E402

PATTERNS = default_patterns_dir()
# a dev packet whose post-closing log says a junior lender "accepted the $6,000 by phone": the rules read a release
LOG_PACKET = "c1158-wind-lariat-bighorn-teachers-cu-sheridan-clean"


@pytest.fixture(scope="module")
def screen() -> Screen:
    return Screen.load(PATTERNS)


def _finding(category: str, quote: str) -> Finding:
    return Finding(
        category=category,
        rule="test.rule",
        severity="high",
        document="letter.pdf",
        page=1,
        quote=quote,
        bbox=None,
        confidence=0.9,
        explanation="",
        advice="",
    )


def test_the_shipped_screen_reads_the_adverse_and_release_groups(screen: Screen) -> None:
    assert screen.model_dir is not None and (screen.model_dir / "config.cfg").is_file()
    assert screen.group_of("deficiency_reserved") is not None
    assert screen.group_of("full_release") is not None
    assert screen.group_of("lien_release_only") is not None
    assert screen.group_of("conditional_release") is None  # never screened: a full release could stand alone
    assert screen.labels()[-1] == OTHER
    for group in screen.groups:
        assert 0 < group.threshold < 0.5  # kept low: a clause wrongly set aside could end in a false all-clear


def test_scores_are_probabilities_over_the_groups(screen: Screen) -> None:
    scores = screen.scores("The Seller promises to pay the Bank the deficiency of $12,400 in 24 monthly payments.")
    assert set(scores) == set(screen.labels())
    assert sum(scores.values()) == pytest.approx(1.0, abs=1e-3)


def test_no_rule_example_of_a_screened_category_is_set_aside(screen: Screen) -> None:
    """What a rule must match, the screen must keep: the examples are in its training data."""
    set_aside_examples = []
    for rule in load_rules(PATTERNS):
        for example in rule.examples_match:
            category = example.category or rule.category
            check = screen.judge(category, example.text)
            if screen.sets_aside(check):
                set_aside_examples.append((rule.id, example.text, check.detail))
    assert not set_aside_examples, set_aside_examples


def test_a_log_line_about_a_junior_lenders_phone_call_is_set_aside(screen: Screen) -> None:
    quote = "08/03 LG: Teachers CU demanded $8,500 for its release; CU accepted the $6,000 by phone, letter to follow."
    kept, moved = set_aside([_finding("full_release", quote), _finding("conditional_release", quote)], screen)
    assert [f.category for f in moved] == ["full_release"]
    assert [f.category for f in kept] == ["conditional_release"]  # not a screened category
    check = moved[0].checks[-1]
    assert check.name == "screen" and check.result == "look-alike" and "FULL score" in check.detail
    assert "below" in check.detail


def test_a_plain_reservation_is_kept(screen: Screen) -> None:
    quote = "The investor reserves the right to pursue you for the deficiency balance remaining after the sale."
    kept, moved = set_aside([_finding("deficiency_reserved", quote)], screen)
    assert moved == [] and len(kept) == 1


def test_an_off_screen_sets_nothing_aside() -> None:
    off = Screen.off()
    kept, moved = set_aside([_finding("full_release", "anything at all, even a question?")], off)
    assert moved == [] and len(kept) == 1


def test_a_scan_reports_what_the_screen_set_aside_as_a_mention() -> None:
    matcher = Matcher()
    result = scan_packet(CORPUS / LOG_PACKET, matcher)
    screened = [m for m in result.mentions if m.checks and m.checks[-1].name == "screen"]
    assert screened, "the log line should be set aside"
    assert all(m.quote not in {f.quote for f in result.findings} for m in screened)
    matcher.screen = Screen.off()
    alone = scan_packet(CORPUS / LOG_PACKET, matcher)
    assert {m.quote for m in screened} <= {f.quote for f in alone.findings}  # the rules alone keep it


def test_a_patterns_folder_without_screen_yaml_has_no_screen(tmp_path: Path) -> None:
    assert Screen.load(tmp_path).groups == ()


def test_a_malformed_screen_yaml_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "screen.yaml").write_text("groups: [not, a, mapping]\nmodel: screen/model\n", encoding="utf-8")
    with pytest.raises(RuleError, match="screen.yaml is malformed"):
        Screen.load(tmp_path)


def test_a_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    shutil.copy(PATTERNS / "screen.yaml", tmp_path / "screen.yaml")
    with pytest.raises(RuleError, match="train_screen"):
        Screen.load(tmp_path)


def test_training_refuses_a_held_out_packet() -> None:
    packet = {"packet": "c9999-x", "split": "heldout", "clauses": [], "distractors": []}
    with pytest.raises(AssertionError, match="dev packets only"):
        train_screen.texts_of([packet])


def test_training_reads_clauses_and_distractors_of_dev_packets() -> None:
    packet = {
        "packet": "c9998-x",
        "split": "dev",
        "clauses": [{"category": "deficiency_note", "text": "I will sign a note for the shortfall."}],
        "distractors": [{"kind": "question", "text": "Will they ask me to sign a note?"}],
    }
    assert train_screen.texts_of([packet]) == [
        ("I will sign a note for the shortfall.", "deficiency_note"),
        ("Will they ask me to sign a note?", None),
    ]
