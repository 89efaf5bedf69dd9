"""The look-alike screen: a statistical second look at the findings the rules made.

The rules decide what a sentence says; many look-alikes (program summaries, questions, minutes about another
borrower) still pass them. The screen is a bag-of-words text classifier (spaCy ``TextCatBOW`` on a blank English
pipeline) trained on development data by ``bench/train_screen.py`` (the corpus's dev split, the dev paraphrase sets,
the rules' own examples). A finding in one of the screened groups of categories (adverse clauses, full releases, lien
releases) whose sentence scores below its group's threshold is set aside as a mention, with the score in its checks.
Its settings are data (``patterns/screen.yaml``); the trained weights live in ``patterns/screen/model``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from . import yamlio
from .errors import RuleError
from .model import Check, Finding

OTHER = "OTHER"  # the classifier's label for every sentence in no screened group
LOOK_ALIKE = "look-alike"  # the screen check's result for a finding it sets aside


def screen_text(text: str) -> str:
    """What the classifier reads of a sentence, in training and in use alike."""
    return text.lower()


def model_config() -> dict[str, Any]:
    """The classifier's architecture, shared by training and the shipped model's config."""
    return {
        "model": {
            "@architectures": "spacy.TextCatBOW.v3",
            "exclusive_classes": True,
            "ngram_size": 2,
            "no_output_layer": False,
            "length": 262144,
        }
    }


@dataclass(frozen=True, slots=True)
class Group:
    """Categories the screen reads as one class (its label), and the score under which a finding is set aside."""

    label: str
    categories: frozenset[str]
    threshold: float


@dataclass
class Screen:
    """Settings of the screen and, once first used, its trained pipeline."""

    groups: tuple[Group, ...]
    model_dir: Path | None
    _nlp: Any = field(default=None, repr=False)

    @classmethod
    def off(cls) -> Screen:
        """A screen that sets nothing aside (to measure the rules alone)."""
        return cls((), None)

    def group_of(self, category: str) -> Group | None:
        return next((g for g in self.groups if category in g.categories), None)

    def labels(self) -> list[str]:
        return [g.label for g in self.groups] + [OTHER]

    @classmethod
    def load(cls, patterns_dir: Path) -> Screen:
        path = patterns_dir / "screen.yaml"
        if not path.is_file():
            return cls.off()
        try:
            raw = yamlio.safe_load(path.read_text(encoding="utf-8")) or {}
            groups = tuple(
                Group(str(label), frozenset(str(c) for c in spec["categories"]), float(spec["threshold"]))
                for label, spec in raw["groups"].items()
            )
            model_dir = patterns_dir / str(raw["model"])
        except (OSError, KeyError, TypeError, ValueError, AttributeError) as exc:
            raise RuleError(f"Error: screen.yaml is malformed ({exc})") from None
        if not (model_dir / "config.cfg").is_file():
            raise RuleError(f"Error: the screen's model is missing ({model_dir.name}); run bench/train_screen.py")
        return cls(groups, model_dir)

    def scores(self, text: str) -> dict[str, float]:
        """How much the sentence reads like each group's clauses (0-1, summing to 1 with OTHER)."""
        if self.model_dir is None:
            return {}
        if self._nlp is None:
            import spacy

            self._nlp = spacy.load(self.model_dir)
        return {k: float(v) for k, v in self._nlp(screen_text(text)).cats.items()}

    def judge(self, category: str, text: str) -> Check | None:
        """The check a screened category's sentence gets: "look-alike" (set aside) or "kept"; None if unscreened."""
        group = self.group_of(category)
        if group is None:
            return None
        score = self.scores(text).get(group.label, 1.0)
        kept = score >= group.threshold
        detail = f"{group.label} score {score:.3f}, {'at or above' if kept else 'below'} {group.threshold:g}"
        return Check("screen", "kept" if kept else LOOK_ALIKE, detail)

    @staticmethod
    def sets_aside(check: Check | None) -> TypeGuard[Check]:
        """Does this check (from ``judge``) set its finding aside?"""
        return check is not None and check.result == LOOK_ALIKE


def set_aside(findings: Sequence[Finding], screen: Screen) -> tuple[list[Finding], list[Finding]]:
    """Split findings into (kept, moved): moved read like look-alikes to the screen."""
    kept: list[Finding] = []
    moved: list[Finding] = []
    for f in findings:
        check = screen.judge(f.category, f.quote)
        if screen.sets_aside(check):
            moved.append(dataclasses.replace(f, checks=(*f.checks, check)))
        else:
            kept.append(f)
    return kept, moved
