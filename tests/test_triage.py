"""Batch triage (issue 5): ranking, CSV, the SQLite store (skip, rescan, resume after kill -9, marks)."""

from __future__ import annotations

import csv
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shortsale_check.cli import app
from shortsale_check.errors import UsageError
from shortsale_check.match import Matcher
from shortsale_check.triage import CSV_COLUMNS, find_packets, ranked, run_triage
from shortsale_check.triage_store import PacketRow, Store

PACKETS = Path(__file__).resolve().parent / "fixtures" / "packets"
CHOSEN = ("conditional-note", "full-release-lender-waives", "single-pdf-clean", "full-release-contradicted")
CLI = [str(Path(sys.executable).parent / "shortsale-check")]


def make_folder(root: Path, names: tuple[str, ...] = CHOSEN) -> Path:
    folder = root / "in"
    for name in names:
        shutil.copytree(PACKETS / name, folder / name)
    shutil.copy(PACKETS / "single-pdf-clean" / "approval-letter.pdf", folder / "loose.pdf")
    return folder


def row(key: str, verdict: str, high: int = 0, critical: int = 0) -> PacketRow:
    return PacketRow(key, key, "h", verdict, "none", high + critical, critical, high, 0, 0,
                     None, None, None, None, None, "", 0, "t")  # fmt: skip


def db_keys(out: Path) -> list[str]:
    with sqlite3.connect(out / "triage.sqlite3") as db:
        return [k for (k,) in db.execute("SELECT key FROM packets ORDER BY key")]


def test_ranking_high_then_review_then_low_most_severe_first() -> None:
    rows = [row("a", "low_risk"), row("b", "needs_review"), row("c", "high_risk", 1), row("d", "high_risk", 0, 1)]
    assert [r.key for r in ranked(rows)] == ["d", "c", "b", "a"]


def test_packets_are_subfolders_and_pdfs(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    (folder / "notes.txt").write_text("ignored")
    (folder / ".hidden").mkdir()
    keys = [p.key for p in find_packets(folder, folder / "triage")]
    assert keys == sorted([*CHOSEN, "loose.pdf"], key=str.lower)


def test_run_writes_reports_index_csv_then_skips_and_rescans(tmp_path: Path, matcher: Matcher) -> None:
    folder, out = make_folder(tmp_path), tmp_path / "out"
    first = run_triage(folder, out, jobs=1, matcher=matcher)
    assert sorted(first.scanned) == sorted([*CHOSEN, "loose.pdf"]) and not first.failed
    for name in ("index.html", "triage.csv", "conditional-note.html", "conditional-note.json", "loose.html"):
        assert (out / name).exists(), name
    assert (out / "conditional-note-request-letter.txt").exists()
    with (out / "triage.csv").open(encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    assert tuple(table[0]) == CSV_COLUMNS
    assert [r["verdict"] for r in table] == sorted(
        (r["verdict"] for r in table), key=["high_risk", "needs_review", "low_risk"].index
    )
    assert table[0]["report"].endswith(".html") and table[0]["top_rule"]

    again = run_triage(folder, out, jobs=1, matcher=matcher)
    assert again.scanned == () and len(again.skipped) == 5

    shutil.copy(
        PACKETS / "conditional-note" / "approval-letter.pdf", folder / "single-pdf-clean" / "approval-letter.pdf"
    )
    changed = run_triage(folder, out, jobs=1, matcher=matcher)
    assert changed.scanned == ("single-pdf-clean",)
    assert db_keys(out) == sorted([*CHOSEN, "loose.pdf"])
    with Store(out) as store:
        assert {r.key: r.verdict for r in store.rows()}["single-pdf-clean"] == "high_risk"


def test_marks_persist_across_reruns_and_show_in_the_index(tmp_path: Path, matcher: Matcher) -> None:
    folder, out = make_folder(tmp_path, ("conditional-note",)), tmp_path / "out"
    run_triage(folder, out, jobs=1, matcher=matcher)
    runner = CliRunner()
    done = runner.invoke(app, ["triage", str(folder), "--out", str(out), "--mark", "conditional-note", "note.x", "ok"])
    assert done.exit_code == 0, done.output
    assert "note.x: not an issue" in (out / "index.html").read_text(encoding="utf-8")
    (folder / "conditional-note" / "extra.pdf").write_bytes(
        (PACKETS / "single-pdf-clean" / "approval-letter.pdf").read_bytes()
    )
    assert run_triage(folder, out, jobs=1, matcher=matcher).scanned == ("conditional-note",)
    assert "note.x: not an issue" in (out / "index.html").read_text(encoding="utf-8")
    assert "note.x=ok" in (out / "triage.csv").read_text(encoding="utf-8")
    bad = runner.invoke(app, ["triage", str(folder), "--out", str(out), "--mark", "nope", "r", "ok"])
    assert bad.exit_code != 0
    bad = runner.invoke(app, ["triage", str(folder), "--out", str(out), "--mark", "conditional-note", "r", "maybe"])
    assert bad.exit_code != 0


def test_killed_run_resumes_without_losing_or_duplicating(tmp_path: Path, matcher: Matcher) -> None:
    folder, out = make_folder(tmp_path), tmp_path / "out"
    for i in range(3):  # more packets, so the kill lands mid-run
        shutil.copytree(PACKETS / "conditional-note", folder / f"copy-{i}")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([*CLI, "triage", str(folder), "--out", str(out), "--jobs", "1", "-q"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if (out / "triage.sqlite3").exists() and _count(out) >= 2:
                break
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    before = _count(out)
    assert before >= 2
    resumed = run_triage(folder, out, jobs=1, matcher=matcher)
    everything = sorted([*CHOSEN, "loose.pdf", "copy-0", "copy-1", "copy-2"])
    assert db_keys(out) == everything
    assert len(resumed.skipped) >= before and len(resumed.scanned) + len(resumed.skipped) == len(everything)
    assert (out / "index.html").read_text(encoding="utf-8").count("<tr data-verdict=") == len(everything)


def _count(out: Path) -> int:
    try:
        with sqlite3.connect(out / "triage.sqlite3", timeout=1) as db:
            return int(db.execute("SELECT count(*) FROM packets").fetchone()[0])
    except sqlite3.Error:
        return 0


@pytest.mark.parametrize("jobs", [2])
def test_parallel_run_and_cli(tmp_path: Path, jobs: int) -> None:
    folder, out = make_folder(tmp_path, ("conditional-note", "full-release-lender-waives")), tmp_path / "out"
    done = subprocess.run([*CLI, "triage", str(folder), "--out", str(out), "--jobs", str(jobs)],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "scanned 3, unchanged 0, failed 0" in done.stdout
    assert db_keys(out) == ["conditional-note", "full-release-lender-waives", "loose.pdf"]


def test_triage_of_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    done = CliRunner().invoke(app, ["triage", str(tmp_path / "nope")])
    assert isinstance(done.exception, UsageError) and str(done.exception).startswith("Error: ")
