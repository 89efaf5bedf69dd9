"""The whole scan: packet files -> extract -> segment -> match -> decide -> ScanResult."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__, decide, loans
from .extract import extract_document, failed
from .match import Matcher
from .model import DocumentInfo, Finding, Limits, ScanResult
from .packet import PacketFile, is_pdf_name, packet_files, packet_name
from .segment import segment

Progress = Callable[[str, int], None]  # (document name, pages read)


def scan_file(pf: PacketFile, matcher: Matcher, engine: str, limits: Limits) -> tuple[DocumentInfo, list[Finding], str]:
    """One document of the packet: its info (with any error), its findings, and which loan it concerns."""
    if not is_pdf_name(pf.name) and not _looks_like_pdf(pf.path):
        suffix = pf.path.suffix or "no extension"
        doc = failed(pf.name, f"not a PDF ({suffix}); only PDF files are read — convert it to PDF or remove it")
    else:
        doc = extract_document(pf.path, pf.name, engine=engine, limits=limits)
    if doc.info.error is not None:
        return doc.info, [], "first"
    sentences = segment(doc)
    position = loans.document_position(pf.name, sentences, matcher.loan_words)
    return doc.info, matcher.match_sentences(sentences), position


def _looks_like_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return b"%PDF-" in fh.read(1024)
    except OSError:
        return False


def scan_packet(
    path: Path,
    matcher: Matcher,
    *,
    engine: str = "pdfium",
    limits: Limits | None = None,
    progress: Progress | None = None,
    files: Sequence[PacketFile] | None = None,
) -> ScanResult:
    limits = limits or Limits()
    documents: list[DocumentInfo] = []
    findings: list[Finding] = []
    positions: dict[str, str] = {}
    for pf in files if files is not None else packet_files(path):
        info, found, positions[pf.name] = scan_file(pf, matcher, engine, limits)
        documents.append(info)
        findings.extend(found)
        if progress is not None:
            progress(pf.name, info.pages)
    return result_for(packet_name(path), documents, findings, engine, positions)


def result_for(
    name: str,
    documents: list[DocumentInfo],
    findings: list[Finding],
    engine: str,
    positions: dict[str, str] | None = None,
) -> ScanResult:
    findings, loan_list = loans.assign(findings, positions or {}, decide.release_status)
    release = decide.weakest([ln.release for ln in loan_list]) if loan_list else decide.release_status(findings)
    verdict = decide.verdict(findings, documents, release)
    read = sum(d.pages - len(d.unreadable_pages) for d in documents)
    return ScanResult(
        packet=name,
        verdict=verdict,
        release=release,
        summary=decide.summary(verdict, findings, documents),
        documents=tuple(documents),
        findings=tuple(findings),
        pages_read=read,
        engine=engine,
        tool_version=__version__,
        loans=loan_list,
    )
