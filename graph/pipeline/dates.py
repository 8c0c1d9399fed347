"""Dates: document dates and the dates sentences carry, resolved with dateparser."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from graph.schema import words

__all__ = ["parse_date", "resolve_date", "is_point"]

_YEAR = re.compile(r"\b(1[89]\d\d|2[01]\d\d)\b")
# Durations and vague spans are not points in time: "three years", "the end of the year".
_NOT_A_POINT = re.compile(r"\b(" + "|".join(sorted(words("dates.not_a_point"))) + r")\b", re.I)
_SETTINGS = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}


@lru_cache(maxsize=1)
def _parser():  # type: ignore[no-untyped-def]
    from dateparser.date import DateDataParser  # import is slow; defer it

    return DateDataParser(languages=["en"], settings=_SETTINGS)


def _format(when: datetime, period: str) -> str:
    if period == "year":
        return f"{when.year:04d}"
    if period == "month":
        return f"{when.year:04d}-{when.month:02d}"
    return when.date().isoformat()


def parse_date(text: str) -> str | None:
    """An ISO date (``YYYY-MM-DD``) for a document date written in any common form.

    >>> parse_date("Thu, 19 May 2025 08:00:00 GMT")
    '2025-05-19'
    >>> parse_date("not a date") is None
    True
    """
    text = text.strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    data = _parser().get_date_data(text)
    return data.date_obj.date().isoformat() if data.date_obj else None


def is_point(text: str) -> bool:
    """Whether a date phrase names a point in time rather than a duration.

    >>> is_point("May 19"), is_point("more than three years")
    (True, False)
    """
    return bool(text.strip()) and not _NOT_A_POINT.search(text)


@lru_cache(maxsize=4096)
def resolve_date(text: str, base: str | None = None) -> str | None:
    """Resolve a date phrase from a sentence against the document date ``base``.

    Returns ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` depending on what the phrase states,
    or None when the phrase is a duration, or names no year and there is no ``base``.

    >>> resolve_date("May 19", "2025-05-20")
    '2025-05-19'
    >>> resolve_date("February 2022")
    '2022-02'
    >>> resolve_date("May 19") is None
    True
    >>> resolve_date("three years", "2025-05-20") is None
    True
    """
    text = " ".join(text.split())
    if not is_point(text):
        return None
    if base is None and not _YEAR.search(text):
        return None
    settings = dict(_SETTINGS)
    if base:
        settings["RELATIVE_BASE"] = datetime.fromisoformat(base)
    from dateparser.date import DateDataParser

    data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    if data.date_obj is None:
        return None
    return _format(data.date_obj, data.period or "day")
