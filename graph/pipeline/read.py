"""Read articles from files, folders, glob patterns or stdin into Documents."""

from __future__ import annotations

import dataclasses
import glob
import json
import logging
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from graph.errors import InputError
from graph.model import Document, normalize_text
from graph.pipeline.dates import parse_date

__all__ = ["Skipped", "Fields", "SUFFIXES", "expand_sources", "read_documents", "parse_text", "truncate",
           "count_documents"]

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


def count_documents(sources: Iterable[str]) -> int | None:
    """How many documents ``sources`` hold, cheaply (for a progress bar's total).

    Counts files, and the non-empty lines of JSON lines files; ``None`` when a source is
    stdin or a JSON array, whose size is unknown without parsing it.
    """
    total = 0
    for source in expand_sources(sources):
        if source == "-":
            return None
        if _kind(Path(source).suffix.lower()) != "json":
            total += 1
            continue
        try:
            with open(source, "rb") as f:
                head = f.read(4096).lstrip().removeprefix(b"\xef\xbb\xbf")
                if head.startswith(b"["):
                    return None
                f.seek(0)
                total += sum(1 for line in f if line.strip())
        except OSError:
            total += 1  # reading it will report why it is unreadable
    return total


#: Where a cut document may end, best first: a paragraph, a line, a sentence, a word.
_BOUNDARIES = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?][\"')\]\u201d\u2019]*\s"),
               re.compile(r"\s"))


def truncate(document: Document, max_chars: int) -> Document:
    """``document`` cut to at most ``max_chars`` characters, at the last paragraph, line,
    sentence or word end in the final fifth before the limit (a hard cut if none).

    The id stays the hash of the whole text, so re-reading the same input still finds it
    stored.

    >>> doc = parse_text("Title\\n\\nOne two. Three four five.", "x")
    >>> truncate(doc, 20).text
    'Title\\n\\nOne two.'
    """
    text = document.text
    if max_chars <= 0 or len(text) <= max_chars:
        return document
    window = text[:max_chars]
    floor = max_chars * 4 // 5
    end = max_chars
    for boundary in _BOUNDARIES:
        ends = [m.end() for m in boundary.finditer(window) if m.end() >= floor]
        if ends:
            end = ends[-1]
            break
    return dataclasses.replace(document, text=text[:end].rstrip())


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
    if data[:8192].count(b"\x00") > 64:  # a stray NUL is a bad line; many make a binary file
        yield Skipped(source, "binary file")
        return
    if kind == "json" and (not data.lstrip().startswith((b"[", b"\xef\xbb\xbf[")) or _lines_not_array(data)):
        # JSON lines are decoded one line at a time: a bad byte costs one record, not the file.
        yield from _parse_json_lines(data, source, fields)
        return
    if b"\x00" in data[:8192]:
        yield Skipped(source, "binary file" if kind != "json" else "NUL byte in a JSON array")
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
    body = _clean(text).replace("\r\n", "\n").replace("\r", "\n").strip()
    if not body:
        return Skipped(source, "empty")
    if title is None:
        title = normalize_text(next(line for line in body.split("\n") if line.strip()))
        title = title.lstrip("# ").strip() or title
    else:
        title = normalize_text(_clean(title))
    return Document(id=Document.make_id(body), text=body, title=title[:300], source=source,
                    date=parse_date(date) if date and len(date) <= _MAX_DATE else None,
                    url=_clean(url)[:2000] if url else None)


#: A document date longer than this is not a date; never hand megabytes to dateparser.
_MAX_DATE = 100
# NULs and lone surrogates (from JSON "\\ud800" escapes) cannot be stored in SQLite as text.
_CONTROL = dict.fromkeys(c for c in range(32) if chr(c) not in "\t\n\r")


def _clean(text: str) -> str:
    return text.encode("utf-8", "replace").decode("utf-8").translate(_CONTROL)


def _parse_html(html: str, source: str) -> Document | Skipped:
    import trafilatura  # slow to import; only needed for HTML inputs

    result = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                         include_tables=False, favor_precision=True)
    text = getattr(result, "text", None) if result is not None else None
    if not text or not text.strip():
        return Skipped(source, "no article text found in HTML")
    return parse_text(text, source, title=getattr(result, "title", None) or None,
                      date=getattr(result, "date", None), url=getattr(result, "url", None))


def _lines_not_array(data: bytes) -> bool:
    """A file opening with "[" that is no JSON array but JSON lines with a bad first line: some
    later line holds a record of its own and the whole is no valid JSON (the lines are tried
    first: an array written with commas has none, and is parsed only once, by _parse_json)."""
    if not any(_json_object(raw) for raw in data.split(b"\n")[1:]):
        return False
    try:
        json.loads(data.decode("utf-8-sig"))
        return False
    except (UnicodeDecodeError, json.JSONDecodeError):
        return True
    except RecursionError:
        return False  # reported by _parse_json


def _json_object(raw: bytes) -> bool:
    try:
        return isinstance(json.loads(raw.decode("utf-8")), dict)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return False


def _parse_json(text: str, source: str, fields: Fields) -> Iterator[Document | Skipped]:
    """A JSON array of records, or one (possibly pretty-printed) object."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Skipped(source, f"invalid JSON ({exc.msg} at line {exc.lineno})")
        return
    except RecursionError:
        yield Skipped(source, "JSON nested too deeply")
        return
    if isinstance(value, list):
        for i, record in enumerate(value):
            yield _record(record, f"{source}[{i}]", fields)
    else:
        yield _record(value, source, fields)


def _parse_json_lines(data: bytes, source: str, fields: Fields) -> Iterator[Document | Skipped]:
    """One record per line; each line is decoded and parsed on its own."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    lines = data.split(b"\n")
    if not any(line.strip() for line in lines):
        yield Skipped(source, "empty")
        return
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        where = f"{source}:{number}"
        if b"\x00" in raw:
            yield Skipped(where, "NUL byte in line")
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Skipped(where, f"not valid UTF-8 (byte {exc.start + 1} of the line)")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            if number == 1 and line.lstrip().startswith("{"):
                # Perhaps a pretty-printed single object rather than JSON lines.
                whole = _decode(data)
                if whole is not None:
                    try:
                        record = json.loads(whole)
                    except (json.JSONDecodeError, RecursionError):
                        pass
                    else:
                        yield _record(record, source, fields)
                        return
            yield Skipped(where, f"invalid JSON ({exc.msg})")
            continue
        except RecursionError:
            yield Skipped(where, "JSON nested too deeply")
            continue
        yield _record(record, where, fields)


def _record(record: Any, where: str, fields: Fields) -> Document | Skipped:
    """A Document from one JSON record, or a Skipped saying which field is unusable."""
    if not isinstance(record, dict):
        return Skipped(where, "record is not a JSON object")
    body = record.get(fields.text)
    if body is not None and not isinstance(body, str):
        return Skipped(where, f"field {fields.text!r} holds {_json_type(body)}, not a string")
    if not body or not body.strip():
        return Skipped(where, f"no text in field {fields.text!r}")
    values: dict[str, str | None] = {}
    for name in (fields.title, fields.date, fields.url):
        value = record.get(name)
        if isinstance(value, bool) or not isinstance(value, (str, int, float, type(None))):
            return Skipped(where, f"field {name!r} holds {_json_type(value)}, not a string")
        # Numbers are fine as strings: a numeric title, a Unix-year date.
        values[name] = str(value) if value not in (None, "") else None
    url = values[fields.url]
    return parse_text(body, url or where, title=values[fields.title], date=values[fields.date], url=url)


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", bool: "a boolean", int: "a number", float: "a number"}
    return names.get(type(value), type(value).__name__)
