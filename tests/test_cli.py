"""The ``shortsale-check`` command: exit codes, where reports land, the summary
line, --quiet, --help everywhere, and one-line errors without a traceback."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from conftest import PACKETS
from shortsale_check.cli import app, explain, scan
from shortsale_check.match import Matcher

HIGH = PACKETS / "conditional-note"  # labelled high_risk
LOW = PACKETS / "full-release-lender-waives"  # labelled low_risk
CLI = [str(Path(sys.executable).with_name("shortsale-check"))]


@pytest.fixture(autouse=True)
def shared_matcher(monkeypatch: pytest.MonkeyPatch, matcher: Matcher) -> None:
    """In-process scans reuse the session's Matcher instead of building one per call."""
    monkeypatch.setattr(scan, "build_matcher", lambda _dirs: matcher)
    monkeypatch.setattr(explain, "build_matcher", lambda _dirs: matcher)


runner = CliRunner()


def invoke(*args: str | Path) -> Result:
    return runner.invoke(app, [str(a) for a in args])


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The installed console script, as a user runs it (errors go through main())."""
    return subprocess.run([*CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120)


# --------------------------------------------------------------------------- exit codes and outputs


def test_scan_exits_0_and_writes_default_reports(tmp_path: Path) -> None:
    result = invoke("scan", HIGH, "--out", tmp_path)
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["conditional-note-request-letter.txt", "conditional-note.html", "conditional-note.json"]
    data = json.loads((tmp_path / "conditional-note.json").read_text(encoding="utf-8"))
    assert data["packet"] == "conditional-note"
    assert data["verdict"] == "high_risk"


def test_fail_on_high_risk_exits_1_on_a_high_risk_packet(tmp_path: Path) -> None:
    assert invoke("scan", HIGH, "--out", tmp_path, "--fail-on", "high_risk", "-q").exit_code == 1


def test_fail_on_high_risk_exits_0_on_a_low_risk_packet(tmp_path: Path) -> None:
    result = invoke("scan", LOW, "--out", tmp_path, "--fail-on", "high_risk", "-q")
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / f"{LOW.name}.json").read_text(encoding="utf-8"))["verdict"] == "low_risk"


def test_fail_on_needs_review_exits_1_on_a_high_risk_packet(tmp_path: Path) -> None:
    assert invoke("scan", HIGH, "--out", tmp_path, "--fail-on", "needs_review", "-q").exit_code == 1


def test_json_and_html_paths_are_honoured(tmp_path: Path) -> None:
    json_path, html_path, out = tmp_path / "a" / "x.json", tmp_path / "b" / "y.html", tmp_path / "out"
    result = invoke("scan", HIGH, "--json", json_path, "--html", html_path, "--out", out)
    assert result.exit_code == 0, result.output
    assert json.loads(json_path.read_text(encoding="utf-8"))["schema"] == "shortsale-check/findings@1"
    assert html_path.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert not out.exists()


def test_summary_lines_have_document_page_category_quote(tmp_path: Path) -> None:
    result = invoke("scan", HIGH, "--out", tmp_path)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("HIGH RISK")
    finding = re.compile(r'^(?P<doc>\S+\.pdf):(?P<page>\d+)  (?P<cat>[a-z_]+)  "(?P<quote>.+)"$')
    found = [m for line in lines if (m := finding.match(line))]
    assert found, result.stdout
    data = json.loads((tmp_path / "conditional-note.json").read_text(encoding="utf-8"))
    assert len(found) == len(data["findings"])
    for m, f in zip(found, data["findings"], strict=True):
        assert (m["doc"], int(m["page"]), m["cat"]) == (f["document"], f["page"], f["category"])
        assert m["quote"].rstrip("…") in f["quote"]
    assert any(m["quote"].endswith("…") for m in found), "long quotes end with an ellipsis"


def test_quiet_prints_nothing_on_stdout(tmp_path: Path) -> None:
    result = invoke("scan", HIGH, "--out", tmp_path, "--quiet")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert (tmp_path / "conditional-note.json").exists()


def test_pdfplumber_engine_option(tmp_path: Path) -> None:
    result = invoke("scan", HIGH, "--out", tmp_path, "--engine", "pdfplumber", "-q")
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "conditional-note.json").read_text(encoding="utf-8"))["engine"] == "pdfplumber"


# --------------------------------------------------------------------------- usage errors (exit 2)


def _assert_one_line_error(proc: subprocess.CompletedProcess[str]) -> None:
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr + proc.stdout
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: "), proc.stderr


def test_missing_path_is_a_one_line_usage_error(tmp_path: Path) -> None:
    proc = run("scan", tmp_path / "nowhere", "--out", tmp_path / "r")
    _assert_one_line_error(proc)
    assert proc.stderr.strip().count("\n") == 0
    assert "nowhere" in proc.stderr


def test_empty_folder_is_a_one_line_usage_error(tmp_path: Path) -> None:
    (tmp_path / "packet").mkdir()
    proc = run("scan", tmp_path / "packet", "--out", tmp_path / "r")
    _assert_one_line_error(proc)
    assert proc.stderr.strip().count("\n") == 0


def test_folder_with_only_a_corrupt_file_exits_2(tmp_path: Path) -> None:
    packet = tmp_path / "packet"
    packet.mkdir()
    (packet / "approval.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    proc = run("scan", packet, "--out", tmp_path / "r")
    _assert_one_line_error(proc)
    assert "approval.pdf" in proc.stdout + proc.stderr


def test_explain_unknown_document_is_a_one_line_error() -> None:
    proc = run("explain", HIGH, "--page", "1", "--document", "missing.pdf")
    _assert_one_line_error(proc)


def test_patterns_test_on_a_folder_without_rules_is_an_error(tmp_path: Path) -> None:
    proc = run("patterns", "test", tmp_path)
    _assert_one_line_error(proc)


def test_bad_option_value_exits_2(tmp_path: Path) -> None:
    assert invoke("scan", HIGH, "--fail-on", "sometimes").exit_code == 2


# --------------------------------------------------------------------------- self-documenting


COMMANDS = [[], ["scan"], ["explain"], ["patterns"], ["patterns", "list"], ["patterns", "test"]]


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) or "shortsale-check" for c in COMMANDS])
def test_every_command_has_help_with_an_example(command: list[str]) -> None:
    result = invoke(*command, "--help")
    assert result.exit_code == 0, result.output
    assert "Example" in result.stdout, result.stdout


def test_every_registered_command_is_in_the_help_list() -> None:
    import typer.main

    group = typer.main.get_command(app)
    names = set(group.commands)  # type: ignore[attr-defined]
    assert names == {"scan", "explain", "patterns", "triage", "serve"}
    patterns = group.commands["patterns"]  # type: ignore[attr-defined]
    assert set(patterns.commands) == {"list", "test"}


def test_explain_shows_the_sentences_of_a_page() -> None:
    result = invoke("explain", HIGH, "--page", "1")
    assert result.exit_code == 0, result.output
    assert "approval-letter.pdf:1" in result.stdout
    assert "MATCH" in result.stdout


def test_demo_packet_is_scannable(tmp_path: Path) -> None:
    """What `make demo` does, on a copy (the demo writes into reports/)."""
    packet = tmp_path / "sample-packet"
    shutil.copytree(PACKETS / "full-release-contradicted", packet)
    result = invoke("scan", packet, "--out", tmp_path / "reports")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "reports" / "sample-packet.html").exists()
