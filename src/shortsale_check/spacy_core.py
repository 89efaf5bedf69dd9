"""spaCy's core (``blank("en")``, its tokenizer and vocabulary, the PhraseMatcher) without its command line.

``import spacy`` also imports ``spacy.cli`` (for ``spacy.info``), which pulls in weasel, requests and httpx
and reads a YAML file: ~0.15-0.2 s of every start-up and ~360 modules, none of which the scan uses. While
spaCy is first imported here, ``spacy.cli`` and ``spacy.cli.info`` stand as empty placeholders; they are
taken out right after, so a later ``import spacy.cli`` (or ``spacy.info()``) loads the real command line.
If spaCy is already imported, or importing it this way fails, spaCy is imported as usual. The tokenizer,
the vocabulary and the matcher are spaCy's own either way.
"""

from __future__ import annotations

import sys
import types
from typing import Any

_PLACEHOLDERS = ("spacy.cli", "spacy.cli.info")


def _info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``, the real one imported when first called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def _import_without_cli() -> None:
    if "spacy" in sys.modules or any(name in sys.modules for name in _PLACEHOLDERS):
        return
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = []  # a package, so that "spacy.cli.info" can be looked up under it
    info = types.ModuleType("spacy.cli.info")
    info.__dict__["info"] = _info  # spacy/__init__.py: "from .cli.info import info"
    placeholders = {"spacy.cli": cli, "spacy.cli.info": info}
    sys.modules.update(placeholders)
    try:
        import spacy  # noqa: F401
    except Exception:  # a spaCy this does not fit: forget the partial import, the plain one follows
        for name in [n for n in sys.modules if n == "spacy" or n.startswith("spacy.")]:
            del sys.modules[name]
    finally:
        for name, module in placeholders.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


_import_without_cli()

import spacy  # noqa: E402
from spacy.attrs import IDX, LENGTH, LIKE_NUM, LOWER, NORM  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.matcher import PhraseMatcher  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

__all__ = ["IDX", "LENGTH", "LIKE_NUM", "LOWER", "NORM", "Doc", "Language", "PhraseMatcher", "spacy"]
