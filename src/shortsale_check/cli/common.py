"""Options and helpers the command groups share."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..match import Matcher

VERDICT_RANK = {"low_risk": 0, "needs_review": 1, "high_risk": 2}


def build_matcher(pattern_dirs: list[Path] | None) -> Matcher:
    """The shipped rule pack, plus the rules of any extra --patterns folders (same id: theirs wins)."""
    from ..match import Matcher
    from ..vocab import default_patterns_dir

    extra = [d / "rules" if (d / "rules").is_dir() else d for d in pattern_dirs or []]
    return Matcher(default_patterns_dir(), extra_rule_dirs=extra)
