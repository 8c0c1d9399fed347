"""Dates: document dates and the dates sentences carry, resolved with dateparser."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from collections.abc import Iterable
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


def _names(*lists: Iterable[str]) -> frozenset[str]:
    return frozenset(name.casefold() for names in lists for name in names if name)


_WEEKDAYS = _names(calendar.day_name, calendar.day_abbr)
_MONTHS = _names(calendar.month_name, calendar.month_abbr)


def _only_weekday(text: str) -> bool:
    """Whether a phrase names a weekday and no calendar date ("Tuesday", not "Tuesday, May 20")."""
    tokens = set(re.findall(r"[a-z]+", text.casefold()))
    return bool(tokens & _WEEKDAYS) and not tokens & _MONTHS and not re.search(r"\d", text)


def _parse(text: str, base: str | None, prefer: str) -> tuple[datetime | None, str]:
    settings = dict(_SETTINGS, PREFER_DATES_FROM=prefer)
    if base:
        settings["RELATIVE_BASE"] = datetime.fromisoformat(base)
    from dateparser.date import DateDataParser

    data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    return data.date_obj, data.period or "day"


def _nearest_weekday(weekday: int, base: str, future: bool) -> str:
    """The day of that weekday on or before ``base`` (on or after it for the future tense)."""
    day = date.fromisoformat(base)
    shift = (weekday - day.weekday()) % 7 if future else -((day.weekday() - weekday) % 7)
    return (day + timedelta(days=shift)).isoformat()


@lru_cache(maxsize=4096)
def resolve_date(text: str, base: str | None = None, *, future: bool = False) -> str | None:
    """Resolve a date phrase from a sentence against the document date ``base``.

    Returns ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` depending on what the phrase states,
    or None when the phrase is a duration, or names no year and there is no ``base``.

    A phrase that leaves the direction open is read in the past (news reports what
    happened) unless ``future`` says the verb is in the future tense ("will meet on
    Friday"). A bare weekday ("on Tuesday", "Tuesday night") is the most recent such day
    on or before ``base``, so an article published on a Tuesday means that very day; in
    the future tense, the first one on or after ``base``. Explicit phrases ("last
    Tuesday", "next week") keep their own direction.

    >>> resolve_date("May 19", "2025-05-20")
    '2025-05-19'
    >>> resolve_date("on Tuesday", "2025-05-20"), resolve_date("Friday", "2025-05-20", future=True)
    ('2025-05-20', '2025-05-23')
    >>> resolve_date("last Tuesday", "2025-05-20")
    '2025-05-13'
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
    when, period = _parse(text, base, "future" if future else "past")
    if when is None:
        return None
    if base and period == "day" and _only_weekday(text):
        # dateparser reads a bare weekday as strictly before (or after) the base day, so
        # "Tuesday" in a Tuesday's paper came out a week early. A phrase whose reading
        # flips with the preferred direction names no direction of its own.
        other, _ = _parse(text, base, "past" if future else "future")
        if other is not None and other.date() != when.date():
            return _nearest_weekday(when.weekday(), base, future)
    return _format(when, period)
