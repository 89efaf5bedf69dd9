"""The findings JSON (schema ``shortsale-check/findings@1``): the source of truth.

``to_dict`` turns a :class:`ScanResult` into the contract's shape (see
``../shared/contract/findings-json.md``) plus a few extra fields the contract
allows; ``from_dict`` reads it back.  The HTML and text reports are views of
the same data.  Field names here are a contract: add, never rename or drop.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from . import SCHEMA, __version__
from .errors import ShortsaleError
from .model import SEVERITY_ORDER, BBox, Check, DocumentInfo, Finding, Investor, Jurisdiction, Loan, Note, ScanResult

TOOL_NAME = "shortsale-check"

JsonDict = dict[str, object]


class ReportFormatError(ShortsaleError, ValueError):
    """A findings JSON does not have the contract's shape (names the field and what was expected)."""


# --------------------------------------------------------------------------- ordering


def finding_sort_key(finding: Finding) -> tuple[int, str, int, int]:
    """Severity (critical first), then document, page, and order within the document."""
    return (
        SEVERITY_ORDER.get(finding.severity, len(SEVERITY_ORDER)),
        finding.document,
        finding.page,
        finding.sentence_index,
    )


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=finding_sort_key)


# --------------------------------------------------------------------------- to_dict


def to_dict(result: ScanResult, *, generated_at: str | None = None) -> JsonDict:
    """The findings JSON as a plain dict, ready for ``json.dumps``."""
    return {
        "schema": SCHEMA,
        "packet": result.packet,
        "verdict": result.verdict,
        "release": result.release,
        "summary": result.summary,
        "documents": [_document_dict(d) for d in result.documents],
        "findings": [_finding_dict(f) for f in sorted_findings(result.findings)],
        "mentions": [_finding_dict(f) for f in sorted_findings(result.mentions)],
        "loans": [_loan_dict(loan) for loan in result.loans],
        "jurisdiction": _jurisdiction_dict(result.jurisdiction),
        "investor": _investor_dict(result.investor),
        "notes": [_note_dict(n) for n in result.notes],
        "tool": {"name": TOOL_NAME, "version": result.tool_version or __version__},
        "engine": result.engine,
        "pages_read": result.pages_read,
        "generated_at": generated_at,
        "warnings": list(result.warnings),
    }


def _document_dict(doc: DocumentInfo) -> JsonDict:
    return {
        "file": doc.file,
        "pages": doc.pages,
        "ocr_pages": list(doc.ocr_pages),
        "unreadable_pages": list(doc.unreadable_pages),
        "error": doc.error,
        "role": doc.role,
    }


def _finding_dict(f: Finding) -> JsonDict:
    return {
        "category": f.category,
        "rule": f.rule,
        "severity": f.severity,
        "document": f.document,
        "page": f.page,
        "quote": f.quote,
        "bbox": None if f.bbox is None else [round(float(v), 1) for v in f.bbox],
        "confidence": round(float(f.confidence), 3),
        "explanation": f.explanation,
        "advice": f.advice,
        "end_page": f.end_page,
        "triggers": list(f.triggers),
        "trigger_spans": [[start, end] for start, end in f.trigger_spans],
        "explain": [_check_dict(c) for c in f.checks],
        "loan": f.loan,
    }


def _loan_dict(loan: Loan) -> JsonDict:
    return {
        "id": loan.id,
        "holder": loan.holder,
        "position": loan.position,
        "loan_number": loan.loan_number,
        "release": loan.release,
        "documents": list(loan.documents),
        "also_named": list(loan.also_named),
        "adverse_findings": loan.adverse,
    }


def _jurisdiction_dict(j: Jurisdiction) -> JsonDict:
    return {"state": j.state, "evidence": j.evidence, "document": j.document, "page": j.page}


def _investor_dict(i: Investor) -> JsonDict:
    return {"name": i.name, "program": i.program, "evidence": i.evidence, "document": i.document, "page": i.page}


def _note_dict(n: Note) -> JsonDict:
    return {"id": n.id, "text": n.text, "citation": n.citation, "applies_to": list(n.applies_to), "check": n.check}


def _check_dict(c: Check) -> JsonDict:
    return {"check": c.name, "result": c.result, "detail": c.detail, "effect": round(float(c.effect), 3)}


# --------------------------------------------------------------------------- writing


def dumps(result: ScanResult, *, generated_at: str | None = None) -> str:
    return json.dumps(to_dict(result, generated_at=generated_at), indent=2, ensure_ascii=False) + "\n"


def write_json(result: ScanResult, path: str | os.PathLike[str], *, generated_at: str | None = None) -> Path:
    """Write the findings JSON (UTF-8, indent 2) atomically; returns the path written."""
    return write_text_atomic(path, dumps(result, generated_at=generated_at))


def write_text_atomic(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` as UTF-8 to a temporary file beside ``path``, then ``os.replace`` it in."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


# --------------------------------------------------------------------------- from_dict


def from_dict(data: Mapping[str, object]) -> ScanResult:
    """Read a findings JSON dict back into a :class:`ScanResult`.

    Raises :class:`ReportFormatError` naming the field when the shape is wrong.
    Extra fields are ignored; the optional extras of ``to_dict`` get defaults.
    """
    schema = data.get("schema")
    if schema != SCHEMA:
        raise ReportFormatError(f"schema: expected {SCHEMA!r}, got {schema!r}")
    tool = data.get("tool")
    version = _opt_str(tool, "version", "tool") if isinstance(tool, Mapping) else None
    return ScanResult(
        packet=_str(data, "packet"),
        verdict=_str(data, "verdict"),
        release=_str(data, "release"),
        summary=_str(data, "summary"),
        documents=tuple(_document(d, f"documents[{i}]") for i, d in _items(data, "documents")),
        findings=tuple(_finding(f, f"findings[{i}]") for i, f in _items(data, "findings")),
        pages_read=_int(data, "pages_read", default=0),
        engine=_opt_str(data, "engine") or "pdfium",
        tool_version=version or "",
        warnings=tuple(_str_list(data, "warnings")),
        loans=tuple(_loan(ln, f"loans[{i}]") for i, ln in _items(data, "loans")),
        jurisdiction=_jurisdiction(data.get("jurisdiction"), "jurisdiction"),
        investor=_investor(data.get("investor"), "investor"),
        notes=tuple(_note(n, f"notes[{i}]") for i, n in _items(data, "notes")),
        mentions=tuple(_finding(f, f"mentions[{i}]") for i, f in _items(data, "mentions")),
    )


def loads(text: str) -> ScanResult:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReportFormatError(f"not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ReportFormatError("expected a JSON object at the top level")
    return from_dict(data)


def _document(raw: object, where: str) -> DocumentInfo:
    d = _mapping(raw, where)
    return DocumentInfo(
        file=_str(d, "file", where),
        pages=_int(d, "pages", where=where),
        ocr_pages=tuple(_int_list(d, "ocr_pages", where)),
        unreadable_pages=tuple(_int_list(d, "unreadable_pages", where)),
        error=_opt_str(d, "error", where),
        role=_opt_str(d, "role", where) or "terms",
    )


def _finding(raw: object, where: str) -> Finding:
    d = _mapping(raw, where)
    return Finding(
        category=_str(d, "category", where),
        rule=_str(d, "rule", where),
        severity=_str(d, "severity", where),
        document=_str(d, "document", where),
        page=_int(d, "page", where=where),
        quote=_str(d, "quote", where),
        bbox=_bbox(d.get("bbox"), f"{where}.bbox"),
        confidence=_float(d.get("confidence"), f"{where}.confidence"),
        explanation=_str(d, "explanation", where),
        advice=_str(d, "advice", where),
        triggers=tuple(_str_list(d, "triggers", where)),
        trigger_spans=_spans(d.get("trigger_spans"), f"{where}.trigger_spans"),
        checks=tuple(_check(c, f"{where}.explain[{i}]") for i, c in _items(d, "explain", where)),
        end_page=_opt_int(d, "end_page", where),
        loan=_opt_str(d, "loan", where),
    )


def _loan(raw: object, where: str) -> Loan:
    d = _mapping(raw, where)
    return Loan(
        id=_str(d, "id", where),
        holder=_opt_str(d, "holder", where),
        position=_opt_str(d, "position", where) or "unknown",
        loan_number=_opt_str(d, "loan_number", where),
        release=_str(d, "release", where),
        documents=tuple(_str_list(d, "documents", where)),
        also_named=tuple(_str_list(d, "also_named", where)),
        adverse=_int(d, "adverse_findings", where, default=0),
    )


def _jurisdiction(raw: object, where: str) -> Jurisdiction:
    if raw is None:
        return Jurisdiction()
    d = _mapping(raw, where)
    return Jurisdiction(
        state=_opt_str(d, "state", where),
        evidence=_opt_str(d, "evidence", where),
        document=_opt_str(d, "document", where),
        page=_opt_int(d, "page", where),
    )


def _investor(raw: object, where: str) -> Investor:
    if raw is None:
        return Investor()
    d = _mapping(raw, where)
    return Investor(
        name=_opt_str(d, "name", where),
        program=_opt_str(d, "program", where),
        evidence=_opt_str(d, "evidence", where),
        document=_opt_str(d, "document", where),
        page=_opt_int(d, "page", where),
    )


def _note(raw: object, where: str) -> Note:
    d = _mapping(raw, where)
    return Note(
        id=_str(d, "id", where),
        text=_str(d, "text", where),
        citation=_str(d, "citation", where),
        applies_to=tuple(_str_list(d, "applies_to", where)),
        check=_opt_str(d, "check", where),
    )


def _check(raw: object, where: str) -> Check:
    d = _mapping(raw, where)
    effect = d.get("effect")
    return Check(
        name=_str(d, "check", where),
        result=_str(d, "result", where),
        detail=_opt_str(d, "detail", where) or "",
        effect=0.0 if effect is None else _float(effect, f"{where}.effect"),
    )


# --------------------------------------------------------------------------- typed readers


def _field(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _mapping(raw: object, where: str) -> Mapping[str, object]:
    if not isinstance(raw, Mapping):
        raise ReportFormatError(f"{where}: expected an object, got {type(raw).__name__}")
    return raw


def _str(d: Mapping[str, object], key: str, where: str = "") -> str:
    value = d.get(key)
    if not isinstance(value, str):
        raise ReportFormatError(f"{_field(where, key)}: expected a string, got {value!r}")
    return value


def _opt_str(d: Mapping[str, object], key: str, where: str = "") -> str | None:
    return None if d.get(key) is None else _str(d, key, where)


def _int(d: Mapping[str, object], key: str, where: str = "", default: int | None = None) -> int:
    value = d.get(key)
    if value is None and default is not None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise ReportFormatError(f"{_field(where, key)}: expected an integer, got {value!r}")
    return value


def _opt_int(d: Mapping[str, object], key: str, where: str) -> int | None:
    return None if d.get(key) is None else _int(d, key, where)


def _float(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ReportFormatError(f"{where}: expected a number, got {value!r}")
    return float(value)


def _items(d: Mapping[str, object], key: str, where: str = "") -> list[tuple[int, object]]:
    value = d.get(key, [])
    if not isinstance(value, list):
        raise ReportFormatError(f"{_field(where, key)}: expected a list, got {value!r}")
    return list(enumerate(value))


def _str_list(d: Mapping[str, object], key: str, where: str = "") -> list[str]:
    out: list[str] = []
    for i, v in _items(d, key, where):
        if not isinstance(v, str):
            raise ReportFormatError(f"{_field(where, key)}[{i}]: expected a string, got {v!r}")
        out.append(v)
    return out


def _int_list(d: Mapping[str, object], key: str, where: str) -> list[int]:
    out: list[int] = []
    for i, v in _items(d, key, where):
        if isinstance(v, bool) or not isinstance(v, int):
            raise ReportFormatError(f"{_field(where, key)}[{i}]: expected an integer, got {v!r}")
        out.append(v)
    return out


def _bbox(raw: object, where: str) -> BBox | None:
    if raw is None:
        return None
    if not isinstance(raw, Sequence) or isinstance(raw, str) or len(raw) != 4:
        raise ReportFormatError(f"{where}: expected null or a list of 4 numbers, got {raw!r}")
    x0, top, x1, bottom = (_float(v, where) for v in raw)
    return (x0, top, x1, bottom)


def _spans(raw: object, where: str) -> tuple[tuple[int, int], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ReportFormatError(f"{where}: expected a list of [start, end] pairs, got {raw!r}")
    spans: list[tuple[int, int]] = []
    for i, pair in enumerate(raw):
        ok = isinstance(pair, list) and len(pair) == 2 and all(type(v) is int for v in pair)
        if not ok:
            raise ReportFormatError(f"{where}[{i}]: expected [start, end] integers, got {pair!r}")
        spans.append((pair[0], pair[1]))
    return tuple(spans)
