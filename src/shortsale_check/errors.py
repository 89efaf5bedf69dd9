"""One exception hierarchy, caught once in the CLI.

Messages say what failed, where (file, page, rule, field) and how to fix it.
"""

from __future__ import annotations


class ShortsaleError(Exception):
    """Base of every error this package raises on purpose."""

    exit_code = 2


class UsageError(ShortsaleError):
    """The command was given something it cannot work on (missing path, empty folder)."""


class DocumentError(ShortsaleError):
    """One file of a packet could not be read; the rest of the packet is still scanned."""


class RuleError(ShortsaleError):
    """A rule or vocabulary file in patterns/ is malformed."""
