"""Which files make up a packet: one PDF, or every file in a folder (recursively)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError

PDF_SUFFIXES = frozenset({".pdf"})
SKIPPED_NAMES = frozenset({"thumbs.db", "desktop.ini"})


@dataclass(frozen=True, slots=True)
class PacketFile:
    path: Path
    name: str  # path relative to what was scanned, with forward slashes


def packet_name(path: Path) -> str:
    return path.stem if path.is_file() else path.resolve().name


def packet_files(path: Path) -> list[PacketFile]:
    """The files of a packet. A missing path or a folder with no files is a usage error.

    Hidden files (".DS_Store") are skipped; every other file is listed, so a
    file that is not a PDF is reported, not silently dropped.
    """
    if not path.exists():
        raise UsageError(f"Error: {path} does not exist; give a PDF file or a folder of PDFs")
    if path.is_file():
        return [PacketFile(path, path.name)]
    if not path.is_dir():
        raise UsageError(f"Error: {path} is neither a file nor a folder")
    files = sorted(
        (p for p in path.rglob("*") if p.is_file() and not _hidden(p.relative_to(path))),
        key=lambda p: p.relative_to(path).as_posix().lower(),
    )
    if not files:
        raise UsageError(f"Error: the folder {path} has no files to scan; put the packet's PDFs in it")
    return [PacketFile(p, p.relative_to(path).as_posix()) for p in files]


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts) or rel.name.lower() in SKIPPED_NAMES


def is_pdf_name(name: str) -> bool:
    return Path(name).suffix.lower() in PDF_SUFFIXES
