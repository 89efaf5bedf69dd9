"""The page's results (report, JSON, letter), kept in memory only, for a short time, under a random token."""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Stored:
    json_text: str
    html: str
    letter: str | None
    expires: float


class ResultStore:
    """Token -> result, forgotten after ``ttl`` seconds or when deleted; never written to disk."""

    def __init__(self, ttl: float, max_items: int = 64) -> None:
        self.ttl = ttl
        self.max_items = max_items
        self._items: dict[str, Stored] = {}
        self._lock = threading.Lock()

    def put(self, json_text: str, html: str, letter: str | None) -> str:
        token = secrets.token_urlsafe(24)
        with self._lock:
            self._expire()
            while len(self._items) >= self.max_items:  # the oldest goes first
                self._items.pop(next(iter(self._items)))
            self._items[token] = Stored(json_text, html, letter, time.monotonic() + self.ttl)
        return token

    def get(self, token: str) -> Stored | None:
        with self._lock:
            self._expire()
            return self._items.get(token)

    def delete(self, token: str) -> bool:
        with self._lock:
            return self._items.pop(token, None) is not None

    def __len__(self) -> int:
        with self._lock:
            self._expire()
            return len(self._items)

    def _expire(self) -> None:
        now = time.monotonic()
        for token in [t for t, item in self._items.items() if item.expires <= now]:
            del self._items[token]
