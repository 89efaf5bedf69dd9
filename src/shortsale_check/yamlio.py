"""Reading YAML: libyaml's parser when PyYAML was built with it (several times faster than
PyYAML's pure-Python one, and the rule pack is ~50 files read at every start-up), else PyYAML's own."""

from __future__ import annotations

from typing import Any

import yaml

_FAST = getattr(yaml, "CSafeLoader", None)


def safe_load(text: str) -> Any:
    """``yaml.safe_load(text)``, parsed by libyaml when it is there. A malformed text is parsed again
    by PyYAML's own loader, so the error raised (and its message) is the one ``yaml.safe_load`` gives."""
    if _FAST is None:
        return yaml.safe_load(text)
    try:
        return yaml.load(text, Loader=_FAST)  # CSafeLoader: the safe loader, in C
    except yaml.YAMLError:
        return yaml.safe_load(text)
