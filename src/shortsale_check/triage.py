"""Batch triage: every sub-folder or PDF of a folder is one packet.

Packets are scanned in parallel (one process per job, each building its own
Matcher once), each gets its report, JSON and request letter in the output
folder, and a row in the triage store (:mod:`triage_store`).  ``index.html``
and ``triage.csv`` are written from the store at the end, ranked high_risk →
needs_review → low_risk.  Only the main process writes the store.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError
from .letter import build_letters, letter_path, read_facts, write_letter
from .match import Matcher
from .model import ADVERSE, ScanResult
from .packet import packet_files
from .pipeline import scan_packet
from .report_html import write_html
from .report_json import sorted_findings, write_json, write_text_atomic
from .report_text import clean, shorten
from .triage_store import DB_NAME, Mark, PacketRow, Store, now

VERDICT_ORDER = {"high_risk": 0, "needs_review": 1, "low_risk": 2}
CSV_COLUMNS = (
    "rank", "packet", "verdict", "release", "findings", "critical", "high", "medium", "info",
    "top_category", "top_rule", "top_document", "top_page", "top_quote", "marks", "unreadable_documents",
    "report", "packet_hash", "scanned_at",
)  # fmt: skip
TOP_QUOTE_CHARS = 300


@dataclass(frozen=True, slots=True)
class Packet:
    key: str  # folder name or PDF file name inside FOLDER
    path: Path
    report: str  # stem of its report files


@dataclass(frozen=True, slots=True)
class RunSummary:
    scanned: tuple[str, ...]
    skipped: tuple[str, ...]
    failed: tuple[tuple[str, str], ...]  # (packet, one-line reason)


Done = Callable[[str, str], None]  # (packet key, "scanned" | "skipped" | "failed")


# --------------------------------------------------------------------------- packets and hashes


def find_packets(folder: Path, out: Path | None = None) -> list[Packet]:
    """Every sub-folder and PDF directly in ``folder`` (hidden entries and the output folder skipped)."""
    if not folder.is_dir():
        raise UsageError(f"Error: {folder} is not a folder; give a folder whose sub-folders or PDFs are packets")
    skip = out.resolve() if out is not None else None
    entries = sorted(
        (p for p in folder.iterdir() if not p.name.startswith(".") and p.resolve() != skip),
        key=lambda p: p.name.lower(),
    )
    chosen = [p for p in entries if p.is_dir() or (p.is_file() and p.suffix.lower() == ".pdf")]
    stems = [p.stem if p.is_file() else p.name for p in chosen]
    return [
        Packet(p.name, p, _report_stem(stem if stems.count(stem) == 1 else p.name))
        for p, stem in zip(chosen, stems, strict=True)
    ]


def _report_stem(name: str) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in name).strip("-")
    return safe or "packet"


def packet_hash(packet: Packet) -> str:
    """sha256 over the packet's file names and contents (any change to either changes it)."""
    digest = hashlib.sha256()
    for pf in _files(packet):
        digest.update(pf[0].encode("utf-8") + b"\0")
        digest.update(_file_hash(pf[1]).encode("ascii"))
    return digest.hexdigest()


def _files(packet: Packet) -> list[tuple[str, Path]]:
    try:
        return [(pf.name, pf.path) for pf in packet_files(packet.path)]
    except UsageError:
        return []  # an empty folder: scanned as such, and reported


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --------------------------------------------------------------------------- scanning one packet (in a worker)

_worker_matcher: Matcher | None = None


def _init_worker(pattern_dirs: Sequence[str]) -> None:
    global _worker_matcher
    from .cli.common import build_matcher

    _worker_matcher = build_matcher([Path(d) for d in pattern_dirs])


def scan_one(packet: Packet, out: Path, digest: str, matcher: Matcher | None = None) -> PacketRow:
    """Scan one packet, write its reports, and return its store row (the caller stores it)."""
    matcher = matcher or _worker_matcher
    if matcher is None:
        raise RuntimeError("triage worker used before its matcher was built")
    files = packet_files(packet.path)
    result = scan_packet(packet.path, matcher, files=files)
    sources = {pf.name: pf.path for pf in files}
    write_json(result, out / f"{packet.report}.json")
    letters = build_letters(result, read_facts(sources))  # read once, for the report and the .txt
    write_html(result, out / f"{packet.report}.html", sources=sources, letters=letters)
    write_letter(result, letter_path(out, packet.report), letters=letters)
    return packet_row(packet, digest, result)


def packet_row(packet: Packet, digest: str, result: ScanResult) -> PacketRow:
    findings = sorted_findings(result.findings)
    top = next((f for f in findings if f.category in ADVERSE), findings[0] if findings else None)
    severities = [f.severity for f in findings]
    return PacketRow(
        key=packet.key,
        report=packet.report,
        hash=digest,
        verdict=result.verdict,
        release=result.release,
        findings=len(findings),
        critical=severities.count("critical"),
        high=severities.count("high"),
        medium=severities.count("medium"),
        info=severities.count("info"),
        top_category=top.category if top else None,
        top_rule=top.rule if top else None,
        top_document=top.document if top else None,
        top_page=top.page if top else None,
        top_quote=shorten(clean(top.quote), TOP_QUOTE_CHARS) if top else None,
        rules=" ".join(dict.fromkeys(f.rule for f in findings)),
        errors=sum(1 for d in result.documents if d.error),
        scanned_at=now(),
    )


# --------------------------------------------------------------------------- the run


def run_triage(
    folder: Path,
    out: Path,
    *,
    jobs: int = 2,
    pattern_dirs: Sequence[Path] = (),
    matcher: Matcher | None = None,
    on_done: Done | None = None,
    on_start: Callable[[int], None] | None = None,
) -> RunSummary:
    """Scan every new or changed packet of ``folder`` into ``out``; then write index.html and triage.csv.

    ``jobs`` <= 1 scans in this process (with ``matcher`` when given); more uses a process pool.
    """
    packets = find_packets(folder, out)
    out.mkdir(parents=True, exist_ok=True)
    scanned: list[str] = []
    skipped: list[str] = []
    failed: list[tuple[str, str]] = []
    with Store(out) as store:
        known = store.hashes()
        todo: list[tuple[Packet, str]] = []
        for packet in packets:
            digest = packet_hash(packet)
            if known.get(packet.key) == digest and (out / f"{packet.report}.html").exists():
                skipped.append(packet.key)
                if on_done is not None:
                    on_done(packet.key, "skipped")
            else:
                todo.append((packet, digest))
        if on_start is not None:
            on_start(len(todo))
        for packet, outcome in _scan_all(todo, out, jobs, pattern_dirs, matcher):
            if isinstance(outcome, PacketRow):
                store.put(outcome)
                scanned.append(packet.key)
            else:
                failed.append((packet.key, outcome))
            if on_done is not None:
                on_done(packet.key, "scanned" if isinstance(outcome, PacketRow) else "failed")
        write_outputs(store, out, [p.key for p in packets])
    return RunSummary(tuple(scanned), tuple(skipped), tuple(failed))


def _scan_all(
    todo: list[tuple[Packet, str]], out: Path, jobs: int, pattern_dirs: Sequence[Path], matcher: Matcher | None
) -> Iterator[tuple[Packet, PacketRow | str]]:
    if not todo:
        return
    if jobs <= 1:
        if matcher is None:
            from .cli.common import build_matcher

            matcher = build_matcher(list(pattern_dirs))
        for packet, digest in todo:
            yield packet, _guarded(packet, out, digest, matcher)
        return
    dirs = [str(d) for d in pattern_dirs]
    with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), initializer=_init_worker, initargs=(dirs,)) as pool:
        futures: dict[Future[PacketRow | str], Packet] = {
            pool.submit(_guarded, packet, out, digest): packet for packet, digest in todo
        }
        for future in as_completed(futures):
            try:
                yield futures[future], future.result()
            except Exception as exc:  # a worker died (killed, out of memory): the packet is retried next run
                yield futures[future], f"the worker scanning it stopped ({type(exc).__name__})"


def _guarded(packet: Packet, out: Path, digest: str, matcher: Matcher | None = None) -> PacketRow | str:
    """The packet's row, or one line saying why it failed (no document text in it)."""
    try:
        return scan_one(packet, out, digest, matcher)
    except UsageError as exc:
        return str(exc).removeprefix("Error: ")
    except Exception as exc:  # one bad packet must not stop the batch
        return f"scan failed: {type(exc).__name__}"


# --------------------------------------------------------------------------- index.html and triage.csv


def ranked(rows: Sequence[PacketRow]) -> list[PacketRow]:
    """high_risk → needs_review → low_risk; then the most severe findings first; then by name."""
    return sorted(
        rows,
        key=lambda r: (VERDICT_ORDER.get(r.verdict, 1), -r.critical, -r.high, -r.medium, -r.findings, r.key.lower()),
    )


def write_outputs(store: Store, out: Path, keys: Sequence[str] | None = None) -> tuple[Path, Path]:
    """index.html and triage.csv from the store (only ``keys`` when given: the packets still in the folder)."""
    from .triage_index import render_index

    wanted = set(keys) if keys is not None else None
    rows = ranked([r for r in store.rows() if wanted is None or r.key in wanted])
    marks = store.marks()
    index = write_text_atomic(out / "index.html", render_index(rows, marks))
    table = write_text_atomic(out / "triage.csv", csv_text(rows, marks))
    return index, table


def csv_text(rows: Sequence[PacketRow], marks: Mapping[str, Sequence[Mark]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for rank, r in enumerate(rows, 1):
        packet_marks = "; ".join(f"{m.rule}={m.status}" for m in marks.get(r.key, []))
        values: list[object] = [
            rank, r.key, r.verdict, r.release, r.findings, r.critical, r.high, r.medium, r.info,
            r.top_category or "", r.top_rule or "", r.top_document or "", r.top_page or "", r.top_quote or "",
            packet_marks, r.errors, f"{r.report}.html", r.hash, r.scanned_at,
        ]  # fmt: skip
        writer.writerow([_cell(v) for v in values])
    return buf.getvalue()


def _cell(value: object) -> object:
    """Text a spreadsheet could run as a formula starts with a quote mark instead."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def mark(out: Path, packet: str, rule: str, status: str) -> str:
    """Record a mark; returns the packet key it was recorded for. Raises UsageError when unknown."""
    if status not in ("ok", "reviewed"):
        raise UsageError(f"Error: --mark status must be 'ok' or 'reviewed', got {status!r}")
    if not (out / DB_NAME).exists():
        raise UsageError(f"Error: no triage results in {out}; run `shortsale-check triage FOLDER --out {out}` first")
    with Store(out) as store:
        rows = {r.key: r for r in store.rows()}
        key = packet if packet in rows else next((k for k, r in rows.items() if r.report == packet), None)
        if key is None:
            raise UsageError(f"Error: no packet {packet!r} in {out}; use a name from the index's Packet column")
        store.mark(key, rule, status)
    return key
