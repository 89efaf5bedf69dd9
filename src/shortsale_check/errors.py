"""One exception hierarchy, caught once in the CLI.

Messages say what failed, where (file, page, rule, field) and how to fix it.
"""

from __future__ import annotations

# Named exit codes (README, "Exit codes").
EXIT_OK = 0
EXIT_FAILED = 1  # the run worked but what it checks failed: --fail-on verdict, a rule example, a packet in triage
EXIT_USAGE = 2  # usage error, bad rule pack, or nothing could be read


class ShortsaleError(Exception):
    """Base of every error this package raises on purpose."""

    exit_code = EXIT_USAGE


class UsageError(ShortsaleError):
    """The command was given something it cannot work on (missing path, empty folder)."""


class RuleError(ShortsaleError):
    """A rule or vocabulary file in patterns/ is malformed."""
