"""The triage store: one SQLite file in the output folder (standard library, WAL mode).

A packet's row is written in one transaction after its reports are on disk, so
a run killed at any moment leaves every packet either fully recorded or not at
all: the next run scans exactly the missing ones, never one twice (the packet
key is the primary key).  A row remembers the hash of the packet's files, so an
unchanged packet is skipped and a changed one re-scanned.  Marks
("reviewed" / "not an issue") live in their own table and survive re-scans.
Only the main process writes; workers never open the database.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

DB_NAME = "triage.sqlite3"
MARKS = {"ok": "not an issue", "reviewed": "reviewed"}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS packets (
    key TEXT PRIMARY KEY,          -- folder name or PDF file name inside FOLDER
    report TEXT NOT NULL,          -- stem of the report files in the output folder
    hash TEXT NOT NULL,            -- sha256 over the packet's file names and contents
    verdict TEXT NOT NULL,
    release TEXT NOT NULL,
    findings INTEGER NOT NULL,
    critical INTEGER NOT NULL,
    high INTEGER NOT NULL,
    medium INTEGER NOT NULL,
    info INTEGER NOT NULL,
    top_category TEXT,
    top_rule TEXT,
    top_document TEXT,
    top_page INTEGER,
    top_quote TEXT,
    rules TEXT NOT NULL,           -- the rule ids found, space-separated
    errors INTEGER NOT NULL,       -- documents that could not be read
    scanned_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS marks (
    packet TEXT NOT NULL,
    rule TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ok', 'reviewed')),
    marked_at TEXT NOT NULL,
    PRIMARY KEY (packet, rule)
);
"""


@dataclass(frozen=True, slots=True)
class PacketRow:
    key: str
    report: str
    hash: str
    verdict: str
    release: str
    findings: int
    critical: int
    high: int
    medium: int
    info: int
    top_category: str | None
    top_rule: str | None
    top_document: str | None
    top_page: int | None
    top_quote: str | None
    rules: str
    errors: int
    scanned_at: str


@dataclass(frozen=True, slots=True)
class Mark:
    packet: str
    rule: str
    status: str
    marked_at: str


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Store:
    """The triage database of one output folder."""

    def __init__(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.path = out / DB_NAME
        self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def hashes(self) -> dict[str, str]:
        with closing(self._db.execute("SELECT key, hash FROM packets")) as cur:
            return {str(k): str(h) for k, h in cur}

    def put(self, row: PacketRow) -> None:
        """Insert or replace one packet's row, atomically."""
        names = PacketRow.__dataclass_fields__
        sql = f"INSERT OR REPLACE INTO packets ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.execute(sql, tuple(getattr(row, n) for n in names))
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def rows(self) -> Iterator[PacketRow]:
        with closing(self._db.execute(f"SELECT {', '.join(PacketRow.__dataclass_fields__)} FROM packets")) as cur:
            for raw in cur:
                yield PacketRow(*raw)

    def mark(self, packet: str, rule: str, status: str) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO marks (packet, rule, status, marked_at) VALUES (?, ?, ?, ?)",
            (packet, rule, status, now()),
        )

    def marks(self) -> dict[str, list[Mark]]:
        out: dict[str, list[Mark]] = {}
        with closing(
            self._db.execute("SELECT packet, rule, status, marked_at FROM marks ORDER BY packet, rule")
        ) as cur:
            for packet, rule, status, at in cur:
                out.setdefault(str(packet), []).append(Mark(str(packet), str(rule), str(status), str(at)))
        return out
