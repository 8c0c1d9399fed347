"""Read articles from files, folders, glob patterns or stdin into Documents."""

from __future__ import annotations

import glob
import json
import logging
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from graph.errors import InputError
from graph.model import Document, normalize_text
from graph.pipeline.dates import parse_date

__all__ = ["Skipped", "Fields", "SUFFIXES", "expand_sources", "read_documents", "parse_text"]

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".md", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES


@dataclass(frozen=True)
class Skipped:
    """An input that could not be read, and why."""

    source: str
    reason: str


@dataclass(frozen=True)
class Fields:
    """Names of the JSON fields holding each part of an article."""

    text: str = "text"
    title: str = "title"
    date: str = "date"
    url: str = "url"
    id: str = "id"


def expand_sources(sources: Iterable[str]) -> Iterator[str]:
    """Expand folders (recursively, known suffixes only) and glob patterns into paths.

    ``-`` stands for stdin and is passed through. A source matching nothing raises
    :class:`InputError`.
    """
    for source in sources:
        if source == "-":
            yield source
            continue
        path = Path(source)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*")
                           if p.is_file() and p.suffix.lower() in SUFFIXES
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            yield from (str(p) for p in found)
        elif path.exists():
            yield source
        elif glob.has_magic(source):
            matches = sorted(glob.glob(source, recursive=True))
            if not matches:
                raise InputError(f"No file matches {source!r}.")
            yield from (m for m in matches if Path(m).is_file())
        else:
            raise InputError(f"No such file or folder: {source!r}.")


def read_documents(sources: Iterable[str], *, fields: Fields = Fields(),
                   stdin: IO[bytes] | None = None) -> Iterator[Document | Skipped]:
    """Yield a Document per article found in ``sources``, or a Skipped for each bad input.

    Args:
        sources: files, folders, glob patterns, or ``-`` for stdin.
        fields: JSON field names for ``.json``/``.jsonl`` inputs.
        stdin: the stream ``-`` reads (defaults to ``sys.stdin.buffer``).
    """
    for source in expand_sources(sources):
        if source == "-":
            data = (stdin or sys.stdin.buffer).read()
            yield from _parse_bytes(data, "<stdin>", _sniff(data), fields)
            continue
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            yield Skipped(source, f"unreadable ({exc.strerror or exc})")
            continue
        kind = _kind(Path(source).suffix.lower())
        yield from _parse_bytes(data, source, kind, fields)


def _kind(suffix: str) -> str:
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSON_SUFFIXES:
        return "json"
    return "text"


def _sniff(data: bytes) -> str:
    head = data.lstrip()[:1]
    if head in (b"{", b"["):
        return "json"
    if head == b"<":
        return "html"
    return "text"


def _decode(data: bytes) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _parse_bytes(data: bytes, source: str, kind: str, fields: Fields) -> Iterator[Document | Skipped]:
    if b"\x00" in data[:8192]:
        yield Skipped(source, "binary file")
        return
    text = _decode(data)
    if text is None:
        yield Skipped(source, "not valid UTF-8")
        return
    if not text.strip():
        yield Skipped(source, "empty")
        return
    if kind == "json":
        yield from _parse_json(text, source, fields)
    elif kind == "html":
        yield _parse_html(text, source)
    else:
        yield parse_text(text, source)


def parse_text(text: str, source: str, *, title: str | None = None, date: str | None = None,
               url: str | None = None) -> Document | Skipped:
    """A Document from plain text; the first non-empty line is the title unless given."""
    body = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not body:
        return Skipped(source, "empty")
    if title is None:
        title = normalize_text(next(line for line in body.split("\n") if line.strip()))
        title = title.lstrip("# ").strip() or title
    return Document(id=Document.make_id(body), text=body, title=title[:300], source=source,
                    date=parse_date(date) if date else None, url=url)


def _parse_html(html: str, source: str) -> Document | Skipped:
    import trafilatura  # slow to import; only needed for HTML inputs

    result = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                         include_tables=False, favor_precision=True)
    text = getattr(result, "text", None) if result is not None else None
    if not text or not text.strip():
        return Skipped(source, "no article text found in HTML")
    return parse_text(text, source, title=getattr(result, "title", None) or None,
                      date=getattr(result, "date", None), url=getattr(result, "url", None))


def _parse_json(text: str, source: str, fields: Fields) -> Iterator[Document | Skipped]:
    records: Iterable[tuple[str, Any]]
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            records = ((f"{source}[{i}]", r) for i, r in enumerate(json.loads(text)))
        except json.JSONDecodeError as exc:
            yield Skipped(source, f"invalid JSON ({exc.msg} at line {exc.lineno})")
            return
    else:
        records = _json_lines(text, source)
    for where, record in records:
        if isinstance(record, Skipped):
            yield record
            continue
        if not isinstance(record, dict):
            yield Skipped(where, "record is not a JSON object")
            continue
        body = record.get(fields.text)
        if not isinstance(body, str) or not body.strip():
            yield Skipped(where, f"no text in field {fields.text!r}")
            continue
        title = record.get(fields.title)
        doc = parse_text(body, record.get(fields.url) or where,
                         title=str(title) if title else None,
                         date=str(record[fields.date]) if record.get(fields.date) else None,
                         url=record.get(fields.url))
        yield doc


def _json_lines(text: str, source: str) -> Iterator[tuple[str, Any]]:
    whole = text.strip()
    if "\n" not in whole:  # a single object in a .json file
        lines: Iterable[tuple[int, str]] = [(1, whole)]
    else:
        lines = enumerate(text.splitlines(), start=1)
    for number, line in lines:
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            yield where, json.loads(line)
        except json.JSONDecodeError as exc:
            if number == 1 and whole.startswith("{") and "\n" in whole:
                # A pretty-printed single object rather than JSON lines.
                try:
                    yield source, json.loads(whole)
                except json.JSONDecodeError:
                    yield where, Skipped(where, f"invalid JSON ({exc.msg})")
                return
            yield where, Skipped(where, f"invalid JSON ({exc.msg})")
